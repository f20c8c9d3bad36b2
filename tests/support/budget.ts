import { COLLECTIONS } from '../../cloudfunctions/_lib/collections';
import type { LocalEngine } from '../../local/engine';
import { watchQueries } from './query-watch';
import type { CallResult } from './runtime';

/**
 * The request budgets of issue 13, and the form every request-count test takes: each action measured
 * through the gateway under one query watch, within its payer's budget, every query on an index, and the
 * whole table the same at two sizes of the data (a count that grows with the village is the defect).
 */
export const BUDGET = { resident: 6, cadre: 12 } as const;
export type Payer = keyof typeof BUDGET;

export interface MeasureOptions {
  /** The answer's code: OK (the default) or the refusal the step expects, such as CONFLICT. */
  code?: string;
  /** Requests the action is known to need beyond its budget (the test names them in its expected table). */
  over?: number;
}

export interface BudgetRound {
  /** Runs one call, checks its code and its budget, records its requests as `<label> as <payer>`; returns the answer's data. */
  measure<T = any>(label: string, who: Payer, run: () => Promise<CallResult>, options?: MeasureOptions): Promise<T>;
  /** The counts so far. */
  readonly counts: Record<string, number>;
}

const codeOf = (r: CallResult): string => (r.body.ok ? 'OK' : r.body.error.code);

/**
 * One round of measured calls at `size`. Fails when a call answers other than expected, exceeds its
 * budget, or any query found no index (the local sign-in store, never deployed, aside).
 */
export async function budgetRound(engine: LocalEngine, size: number, steps: (round: BudgetRound) => Promise<void>): Promise<Record<string, number>> {
  const watch = watchQueries(engine, { threshold: 0 });
  const counts: Record<string, number> = {};
  const round: BudgetRound = {
    counts,
    async measure(label, who, run, options = {}) {
      const { result, requests } = await watch.measure(`${label} (${size})`, run);
      const expected = options.code ?? 'OK';
      if (codeOf(result) !== expected) throw new Error(`${label}: expected ${expected}, got ${result.status} ${JSON.stringify(result.body)}`);
      expect({ label, requests, within: requests <= BUDGET[who] + (options.over ?? 0) }).toEqual({ label, requests, within: true });
      counts[`${label} as ${who}`] = requests;
      return (result.body.ok ? result.body.data : result.body.error) as never;
    },
  };
  try {
    await steps(round);
    expect(watch.scans.filter((x) => x.collection !== COLLECTIONS.devSessions.name)).toEqual([]);
  } finally {
    watch.stop();
  }
  return counts;
}

/**
 * The same round at two sizes: `grow(n)` adds what the actions could be tempted to read per item, then
 * `round(n)` measures them. Returns the small round's table, which must equal the large one's.
 */
export async function sameAtTwoSizes(grow: (n: number) => Promise<void>, round: (n: number) => Promise<Record<string, number>>, sizes: [number, number] = [10, 300]): Promise<Record<string, number>> {
  await grow(sizes[0]);
  const small = await round(sizes[0]);
  await grow(sizes[1]);
  const large = await round(sizes[1]);
  expect(large).toEqual(small);
  return small;
}
