/**
 * The engine reads the SDK's EJSON texts with JSON.parse where that gives exactly what relaxed
 * EJSON.parse gives (operators, canonical integers); anything else takes bson's own path. Checked
 * against bson's answer for the same text.
 */
import { createRequire } from 'module';
import { ejsonParse, isPlainJsonText } from '../../local/engine/query';

const bson = createRequire(require.resolve('@cloudbase/database'))('bson') as { EJSON: { parse(t: string, o?: object): unknown; stringify(v: unknown, o?: object): string } };

const texts = [
  '{"villageId":{"$in":["v1"]},"status":{"$in":["open","claimed"]},"wisherClosed":{"$ne":true}}',
  '{"createdAt":{"$numberInt":"-1"},"_id":{"$numberInt":"1"}}',
  '{"a":{"$numberInt":"2147483647"},"b":{"$numberInt":"-2147483648"}}',
  // A string that looks like a wrapper stays a string.
  JSON.stringify({ s: '{"$numberInt":"5"}', t: '"$date"' }),
  bson.EJSON.stringify({ at: new Date('2026-01-02T03:04:05.678Z'), n: 1 }, { relaxed: true }),
  bson.EJSON.stringify({ at: new Date('2026-01-02T03:04:05.678Z'), n: 1 }, { relaxed: false }),
  bson.EJSON.stringify({ re: /ab+c/i }, { relaxed: false }),
  '{"x":{"$numberLong":"5"},"y":{"$numberInt":"1"}}',
  '{"x":{"$numberDouble":"1.5"}}',
  '{"k\\u0024":1}',
];

describe('reading the SDK EJSON', () => {
  it.each(texts)('gives what relaxed EJSON.parse gives for %s', (text) => {
    expect(ejsonParse(text)).toEqual(bson.EJSON.parse(text, { relaxed: true }));
  });

  it('takes the JSON.parse path only for texts without a type wrapper', () => {
    expect(isPlainJsonText(texts[0]!)).toBe(true);
    expect(isPlainJsonText(texts[3]!)).toBe(true);
    expect(isPlainJsonText(texts[4]!)).toBe(false);
    expect(isPlainJsonText(texts[9]!)).toBe(false);
  });
});
