/**
 * The part of a list's criteria SQL leaves undecided (`wisherClosed: {$ne: true}`, an unindexed
 * status) is checked per document by a plain predicate where the criteria are simple, and by mingo
 * otherwise. The plain predicate must answer as MongoDB does — arrays match a scalar they hold, a
 * missing field is not equal to anything, `$ne`/`$nin` match it — checked against mingo (with the
 * engine's MongoDB context) on every combination of values and criteria below.
 */
import { matches, scalarPredicateForTest } from '../../local/engine/query';

const values: unknown[] = [undefined, null, true, false, 0, 1, 1.5, -2, 'a', 'b', '', '1', 'true', [], [true], [false, 'a'], [1, 'b'], [[true]], [['a']], [null], { a: 1 }, { $x: 1 }, [{ a: 'a' }]];
const scalars = [true, false, 0, 1, 1.5, 'a', '', '1'];

const conditions: unknown[] = [
  ...scalars,
  ...scalars.flatMap((s) => [{ $eq: s }, { $ne: s }]),
  { $in: ['a', 1] },
  { $in: [true] },
  { $in: [] },
  { $nin: ['a', 1] },
  { $nin: [false] },
  { $nin: [] },
];

/** Criteria the plain predicate must leave to mingo. */
const leftToMingo: Record<string, unknown>[] = [
  { f: null },
  { f: { $ne: null } },
  { f: { $in: [null, 'a'] } },
  { f: { $gt: 1 } },
  { f: { $ne: true, $exists: true } },
  { 'f.g': 'a' },
  { $or: [{ f: 'a' }] },
  { f: /a/ },
  { f: ['a'] },
  { f: { a: 1 } },
  { f: Number.NaN },
];

describe('the plain residual predicate', () => {
  it('answers as mingo does for every value and every simple condition', () => {
    let compared = 0;
    for (const cond of conditions) {
      const criteria = { f: cond };
      const predicate = scalarPredicateForTest(criteria);
      expect(predicate).not.toBeNull();
      for (const v of values) {
        const doc = v === undefined ? { other: 1 } : { f: v, other: 1 };
        expect([JSON.stringify(criteria), JSON.stringify(doc), predicate!.test(doc)]).toEqual([JSON.stringify(criteria), JSON.stringify(doc), matches(doc, criteria)]);
        compared += 1;
      }
    }
    expect(compared).toBe(conditions.length * values.length);
  });

  it('combines several fields as an and, as mingo does', () => {
    const criteria = { f: { $ne: true }, g: { $in: ['open', 'claimed'] }, h: 2 };
    const predicate = scalarPredicateForTest(criteria)!;
    for (const f of values) {
      for (const g of ['open', 'done', ['done', 'claimed'], undefined]) {
        for (const hv of [2, 3, [1, 2]]) {
          const doc = { f, g, h: hv };
          expect(predicate.test(doc)).toBe(matches(doc, criteria));
        }
      }
    }
  });

  it('reads the $and the planner leaves of several fields', () => {
    const criteria = { $and: [{ f: { $ne: true } }, { g: 'open' }] };
    const predicate = scalarPredicateForTest(criteria);
    expect(predicate).not.toBeNull();
    for (const f of values) for (const g of ['open', 'done', ['open'], undefined]) expect(predicate!.test({ f, g })).toBe(matches({ f, g }, criteria));
    expect(scalarPredicateForTest({ $and: [{ f: { $ne: true } }, { g: { $gt: 1 } }] })).toBeNull();
  });

  it.each(leftToMingo.map((c) => [JSON.stringify(c) ?? String(c), c]))('leaves %s to mingo', (_label, criteria) => {
    expect(scalarPredicateForTest(criteria as Record<string, unknown>)).toBeNull();
  });
});
