import fc from 'fast-check';
import { splitByLargestRemainder, splitIncome4321 } from '../../../../shared/domain/points-money';
import { splitDividends, type YearPoints } from '../../../../shared/domain/points-rules';

const households = fc.array(
  fc.record({ householdId: fc.uuid(), points: fc.integer({ min: 0, max: 1200 }), months: fc.integer({ min: 1, max: 12 }) }),
  { minLength: 1, maxLength: 60 },
).map((hs) => hs.filter((h, i) => hs.findIndex((x) => x.householdId === h.householdId) === i));
const pool = fc.integer({ min: 0, max: 2_000_000_000 });
const rule = fc.constantFrom('points' as const, 'tier' as const);

describe('splitIncome4321', () => {
  it('splits 1,000,000.00 yuan into 40/30/20/10 exactly', () => {
    expect(splitIncome4321(100_000_000)).toEqual({ industry: 40_000_000, welfare: 30_000_000, dividends: 20_000_000, risk: 10_000_000 });
  });

  it('gives leftover fen to the largest remainders so the parts always sum to the income', () => {
    expect(splitIncome4321(7)).toEqual({ industry: 3, welfare: 2, dividends: 1, risk: 1 });
    fc.assert(
      fc.property(pool, (income) => {
        const s = splitIncome4321(income);
        expect(s.industry + s.welfare + s.dividends + s.risk).toBe(income);
        expect(s.industry).toBeGreaterThanOrEqual(s.welfare);
        expect(s.welfare).toBeGreaterThanOrEqual(s.dividends);
        expect(s.dividends).toBeGreaterThanOrEqual(s.risk);
      }),
    );
  });
});

describe('splitDividends', () => {
  it('always pays out exactly the pool when anyone has points', () => {
    fc.assert(
      fc.property(pool, households, rule, (p, hs, r) => {
        const split = splitDividends(p, hs, r);
        const paid = split.shares.reduce((s, x) => s + x.amountFen, 0);
        expect(paid + split.undistributedFen).toBe(p);
        if (split.shares.some((x) => x.weight > 0)) expect(split.undistributedFen).toBe(0);
      }),
    );
  });

  it('never gives a household with more points less money', () => {
    fc.assert(
      fc.property(pool, households, (p, hs) => {
        const split = splitDividends(p, hs, 'points');
        const byId = new Map(split.shares.map((s) => [s.id, s.amountFen]));
        for (const a of hs) for (const b of hs) if (a.points > b.points) expect(byId.get(a.householdId)!).toBeGreaterThanOrEqual(byId.get(b.householdId)!);
      }),
    );
  });

  it('never gives a larger dividend weight less money under the tier rule', () => {
    fc.assert(
      fc.property(pool, households, (p, hs) => {
        const shares = splitDividends(p, hs, 'tier').shares;
        for (const a of shares) for (const b of shares) if (a.weight > b.weight) expect(a.amountFen).toBeGreaterThanOrEqual(b.amountFen);
      }),
    );
  });

  it('gives zero to a household with zero points under the proportional rule', () => {
    fc.assert(
      fc.property(pool, households, (p, hs) => {
        const withZero: YearPoints[] = [...hs, { householdId: 'zero-points', points: 0, months: 12 }];
        const split = splitDividends(p, withZero, 'points');
        expect(split.shares.find((s) => s.id === 'zero-points')!.amountFen).toBe(0);
      }),
    );
  });

  it('handles ties the same way whatever order the households arrive in', () => {
    fc.assert(
      fc.property(pool, households, fc.integer({ min: 0, max: 1000 }), (p, hs, seed) => {
        const shuffled = [...hs].sort((a, b) => ((a.householdId.charCodeAt(seed % 8) ^ seed) % 7) - ((b.householdId.charCodeAt(seed % 8) ^ seed) % 7));
        const amounts = (xs: YearPoints[]) => Object.fromEntries(splitDividends(p, xs, 'points').shares.map((s) => [s.id, s.amountFen]));
        expect(amounts(shuffled)).toEqual(amounts(hs));
      }),
    );
  });

  it('breaks an exact tie on the remainder by household id', () => {
    const split = splitDividends(100, [
      { householdId: 'h-b', points: 50, months: 12 },
      { householdId: 'h-c', points: 50, months: 12 },
      { householdId: 'h-a', points: 50, months: 12 },
    ], 'points');
    expect(Object.fromEntries(split.shares.map((s) => [s.id, s.amountFen]))).toEqual({ 'h-a': 34, 'h-b': 33, 'h-c': 33 });
  });

  it('keeps the pool undistributed when nobody has points', () => {
    expect(splitDividends(500, [{ householdId: 'h-a', points: 0, months: 12 }], 'points')).toMatchObject({ undistributedFen: 500 });
  });

  it('pays nothing to the lowest tier under the tier rule', () => {
    const split = splitDividends(10_000, [
      { householdId: 'good', points: 1100, months: 12 },
      { householdId: 'poor', points: 500, months: 12 },
    ], 'tier');
    expect(split.shares.map((s) => s.amountFen)).toEqual([10_000, 0]);
  });
});

describe('splitByLargestRemainder', () => {
  it('refuses fractional or negative money', () => {
    expect(() => splitByLargestRemainder(1.5, [{ id: 'a', weight: 1 }])).toThrow(RangeError);
    expect(() => splitByLargestRemainder(100, [{ id: 'a', weight: -1 }])).toThrow(RangeError);
  });
});
