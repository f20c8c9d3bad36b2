/**
 * A list's documents reach the caller as the SDK's own `Util.formatResDocumentData` would make them,
 * though the engine hands plain-JSON documents over already copied and the SDK's pass is then skipped
 * (attach.ts fastPlainEjson): the same values, the same classes (GeoJSON becomes the SDK's Point…, a
 * `$date` a Date), fresh objects the caller may change. Checked against the SDK's formatter run on the
 * stored bodies themselves, read with plain SQL.
 */
import { createRequire } from 'module';
import { sdkFormat } from '../../local/engine/attach';
import { openHarness, type Harness } from './harness';

const sdkRequire = createRequire(require.resolve('@cloudbase/database'));
const bson = sdkRequire('bson') as { EJSON: { parse(t: string, o?: object): unknown } };
/** The SDK's per-document formatter, which its formatResDocumentData calls for every document. */
const sdkUtil = (sdkRequire('@cloudbase/database/dist/commonjs/util') as { Util: { formatField: (d: unknown) => unknown } }).Util;

/** How many documents the SDK formatted itself while `work` ran. */
async function sdkFormatted<T>(work: () => Promise<T>): Promise<{ result: T; calls: number }> {
  const spy = jest.spyOn(sdkUtil, 'formatField');
  try {
    const result = await work();
    return { result, calls: spy.mock.calls.length };
  } finally {
    spy.mockRestore();
  }
}

let h: Harness;
beforeEach(() => {
  h = openHarness({ indexes: [{ collection: 'things', fields: [{ field: 'k' }, { field: 'at', direction: 'desc' }] }] });
});
afterEach(() => h.close());

const plain = (i: number) => ({
  _id: `p${i}`,
  k: 'a',
  at: `2026-01-${String(10 + i).padStart(2, '0')}`,
  n: i,
  flag: i % 2 === 0,
  none: null,
  tags: ['x', i, [i, { deep: 'y' }]],
  nested: { a: { b: [1, 2, { c: 'z' }] }, empty: {}, list: [] },
  type: 'not-geo',
});

/** Read the stored bodies with plain SQL and format them as the SDK does: what get() must answer. */
function expectedOf(ids: string[], fields?: string[]): unknown[] {
  const sql = `SELECT body FROM "c:things" WHERE _id = ?`;
  const docs = ids.map((id) => {
    const doc = bson.EJSON.parse((h.engine as unknown as { store: { db: { prepare(s: string): { get(id: string): { body: string } } } } }).store.db.prepare(sql).get(id).body, { relaxed: true }) as Record<string, unknown>;
    return fields ? Object.fromEntries(['_id', ...fields].filter((f) => f in doc).map((f) => [f, doc[f]])) : doc;
  });
  return sdkFormat(docs);
}

async function list(fields?: string[]) {
  let q = h.db.collection('things').where({ k: 'a', n: h.db.command.neq(-1) });
  if (fields) q = q.field(Object.fromEntries(fields.map((f) => [f, true])));
  const res = await q.orderBy('at', 'desc').limit(50).get();
  return res.data as Record<string, unknown>[];
}

describe('a list of plain documents handed over without the SDK second pass', () => {
  it('equals the SDK formatting of the stored bodies, whole and projected', async () => {
    await h.db.collection('things').add([0, 1, 2, 3].map(plain));
    const { result: whole, calls } = await sdkFormatted(() => list());
    // The SDK's pass was skipped: the engine's copies are the answer.
    expect(calls).toBe(0);
    expect(whole.map((d) => d._id)).toEqual(['p3', 'p2', 'p1', 'p0']);
    expect(whole).toStrictEqual(expectedOf(['p3', 'p2', 'p1', 'p0']));
    const projected = await list(['n', 'tags', 'nested']);
    expect(projected).toStrictEqual(expectedOf(['p3', 'p2', 'p1', 'p0'], ['n', 'tags', 'nested']));
  });

  it('gives the SDK geo classes and Dates where a document holds them, in the same list as plain ones', async () => {
    const geo = h.db.Geo as unknown as { Point: new (lng: number, lat: number) => object };
    await h.db.collection('things').add([
      plain(0),
      { ...plain(1), _id: 'g1', where: new geo.Point(107.13, 34.65) },
      // GeoJSON written as a plain object: the SDK reads it back as its Point class all the same.
      { ...plain(2), _id: 'g2', spot: { type: 'Point', coordinates: [107.1, 34.6] } },
      { ...plain(3), _id: 'd3', when: new Date('2026-01-02T03:04:05.000Z') },
    ]);
    const { result: rows, calls } = await sdkFormatted(() => list());
    // The list holds geo and dates, so the SDK formats it itself.
    expect(calls).toBeGreaterThan(0);
    expect(rows).toStrictEqual(expectedOf(['d3', 'g2', 'g1', 'p0']));
    expect(rows[1]!.spot).toBeInstanceOf(geo.Point);
    expect(rows[0]!.when).toBeInstanceOf(Date);
  });

  it('hands over fresh objects: changing an answer, however deep, leaves the next read as stored', async () => {
    await h.db.collection('things').add([plain(0), plain(1)]);
    const first = await list();
    ((first[0]!.nested as { a: { b: unknown[] } }).a.b[2] as { c: string }).c = 'changed';
    (first[0]!.tags as unknown[]).push('more');
    expect(await list()).toStrictEqual(expectedOf(['p1', 'p0']));
  });
});
