import fc from 'fast-check';
import {
  checkIndicators,
  DEFAULT_INDICATORS,
  DEFAULT_TIERS,
  rankByPoints,
  tierOf,
  yearTier,
} from '../../../../shared/domain/points-rules';
import { monthAllows } from '../../../../shared/domain/points-state';

describe('indicators', () => {
  it('ships the ten county indicators worth 10 points each', () => {
    expect(DEFAULT_INDICATORS.map((i) => i.name)).toEqual(['遵纪守法', '诚实守信', '孝老爱亲', '移风易俗', '环保卫生', '邻里和睦', '勤劳致富', '热心公益', '崇学重教', '平安建设']);
    expect(checkIndicators(DEFAULT_INDICATORS)).toBeNull();
  });

  it('accepts a village adjustment that keeps the sum at 100 and refuses one that does not', () => {
    const adjusted = DEFAULT_INDICATORS.map((i, k) => ({ ...i, max: k === 0 ? 15 : k === 1 ? 5 : 10 }));
    expect(checkIndicators(adjusted)).toBeNull();
    const broken = DEFAULT_INDICATORS.map((i, k) => ({ ...i, max: k === 0 ? 15 : 10 }));
    expect(checkIndicators(broken)).toMatch(/105/);
    expect(checkIndicators(DEFAULT_INDICATORS.slice(0, 9))).toMatch(/10 项/);
  });
});

describe('tierOf', () => {
  it('places scores on the four default tiers at their boundaries', () => {
    expect([100, 90, 89, 80, 79, 60, 59, 0].map((p) => tierOf(p).name)).toEqual(['优秀户', '优秀户', '良好户', '良好户', '合格户', '合格户', '待提升户', '待提升户']);
  });

  it('reads tiers as data, so a county can move the thresholds', () => {
    const tiers = DEFAULT_TIERS.map((t) => (t.code === 'A' ? { ...t, min: 95 } : t));
    expect(tierOf(92, tiers).code).toBe('B');
  });

  it('gives the yearly tier of the average finalised month', () => {
    expect(yearTier({ points: 1080, months: 12 }).code).toBe('A');
    expect(yearTier({ points: 170, months: 2 }).code).toBe('B');
    expect(yearTier({ points: 0, months: 0 }).code).toBe('D');
  });
});

describe('rankByPoints', () => {
  it('lets equal points share a rank and skips the next one', () => {
    const ranked = rankByPoints([
      { id: 'c', points: 95 },
      { id: 'a', points: 98 },
      { id: 'b', points: 95 },
      { id: 'd', points: 90 },
    ]);
    expect(ranked.map((r) => [r.item.id, r.rank])).toEqual([['a', 1], ['b', 2], ['c', 2], ['d', 4]]);
  });

  it('is the same ranking whatever the input order', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ id: fc.string({ minLength: 1, maxLength: 6 }), points: fc.integer({ min: 0, max: 100 }) }), { maxLength: 40 }), (xs) => {
        const unique = xs.filter((x, i) => xs.findIndex((y) => y.id === x.id) === i);
        const a = rankByPoints(unique).map((r) => [r.item.id, r.rank]);
        const b = rankByPoints([...unique].reverse()).map((r) => [r.item.id, r.rank]);
        expect(b).toEqual(a);
        for (const r of rankByPoints(unique)) expect(r.rank).toBe(1 + unique.filter((u) => u.points > r.item.points).length);
      }),
    );
  });
});

describe('monthAllows', () => {
  it('takes scores only in draft, objections only in publicity and adjustments only after finalisation', () => {
    expect(monthAllows('draft', 'enter')).toBe(true);
    expect(monthAllows(null, 'enter')).toBe(true);
    expect(monthAllows('published', 'enter')).toBe(false);
    expect(monthAllows('final', 'enter')).toBe(false);
    expect(monthAllows('published', 'object')).toBe(true);
    expect(monthAllows('final', 'object')).toBe(false);
    expect(monthAllows('final', 'adjust')).toBe(true);
    expect(monthAllows('published', 'adjust')).toBe(false);
  });
});
