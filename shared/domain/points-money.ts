/**
 * Money for the points system, always in integer fen. Every split uses the largest-remainder
 * method, so the parts add up exactly to the whole: no fen is created or lost.
 */

export interface Weighted {
  id: string;
  /** A non-negative integer (points, or points × tier coefficient). */
  weight: number;
}

export interface Share {
  id: string;
  weight: number;
  amountFen: number;
  /** The exact quota before rounding, as the fraction numerator/denominator of the pool. */
  floorFen: number;
  /** Whether this share received one of the leftover fen. */
  gotRemainder: boolean;
}

export interface Split {
  shares: Share[];
  /** Fen that could not be paid because every weight was zero. */
  undistributedFen: number;
}

function assertFen(fen: number, what: string): void {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`${what} must be a non-negative integer number of fen`);
}

/**
 * Splits `poolFen` in proportion to the weights. Each share first gets the floor of its exact
 * quota; the leftover fen go one each to the largest remainders. Ties on the remainder go to the
 * larger weight, then to the smaller id, so the result never depends on input order.
 * Invariants: the amounts sum to the pool (unless every weight is 0); a zero weight gets 0;
 * a larger weight never gets less than a smaller one.
 */
export function splitByLargestRemainder(poolFen: number, items: readonly Weighted[]): Split {
  assertFen(poolFen, 'pool');
  for (const it of items) {
    if (!Number.isSafeInteger(it.weight) || it.weight < 0) throw new RangeError(`weight of ${it.id} must be a non-negative integer`);
  }
  const total = items.reduce((s, it) => s + BigInt(it.weight), 0n);
  if (total === 0n) {
    return { shares: items.map((it) => ({ id: it.id, weight: it.weight, amountFen: 0, floorFen: 0, gotRemainder: false })), undistributedFen: poolFen };
  }
  const pool = BigInt(poolFen);
  const rows = items.map((it) => {
    const exact = pool * BigInt(it.weight);
    return { it, floor: exact / total, rem: exact % total };
  });
  let leftover = pool - rows.reduce((s, r) => s + r.floor, 0n);
  const order = [...rows].sort((a, b) => {
    if (a.rem !== b.rem) return a.rem > b.rem ? -1 : 1;
    if (a.it.weight !== b.it.weight) return b.it.weight - a.it.weight;
    return a.it.id < b.it.id ? -1 : a.it.id > b.it.id ? 1 : 0;
  });
  const bonus = new Set<(typeof rows)[number]>();
  for (const r of order) {
    if (leftover === 0n) break;
    bonus.add(r);
    leftover -= 1n;
  }
  return {
    shares: rows.map((r) => ({
      id: r.it.id,
      weight: r.it.weight,
      floorFen: Number(r.floor),
      amountFen: Number(r.floor) + (bonus.has(r) ? 1 : 0),
      gotRemainder: bonus.has(r),
    })),
    undistributedFen: 0,
  };
}

/** The "4321" split of a village's collective income. */
export const SPLIT_4321 = [
  { part: 'industry', percent: 40, label: '发展产业' },
  { part: 'welfare', percent: 30, label: '公益事业' },
  { part: 'dividends', percent: 20, label: '积分分红' },
  { part: 'risk', percent: 10, label: '风险防范' },
] as const;
export type IncomePart = (typeof SPLIT_4321)[number]['part'];

export function splitIncome4321(incomeFen: number): Record<IncomePart, number> {
  const { shares } = splitByLargestRemainder(
    incomeFen,
    SPLIT_4321.map((p) => ({ id: p.part, weight: p.percent })),
  );
  const out = { industry: 0, welfare: 0, dividends: 0, risk: 0 } as Record<IncomePart, number>;
  for (const s of shares) out[s.id as IncomePart] = s.amountFen;
  return out;
}
