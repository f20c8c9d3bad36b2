import type { Db } from '@cloudbase/database';
import { isTxConflict, type Tx } from './db';

/**
 * Each function's timeout in seconds, as deployed (cloudbaserc.json; a unit test keeps them equal).
 * A transaction that keeps meeting other writers retries until shortly before this runs out.
 */
export const FUNCTION_TIMEOUT_SECONDS: Record<string, number> = {
  auth: 10,
  wishes: 10,
  notifications: 20,
  cases: 60,
  police: 30,
  points: 60,
  powers: 20,
  councils: 20,
  sanitation: 20,
  admin: 20,
  audit: 10,
  alerts: 20,
  volunteers: 20,
};

/** Left for the work after the transaction (reading the answer, the envelope). */
const RESERVE_MS = 2_000;
/** Used when a transaction runs outside any invocation (a test calling a service directly). */
const DEFAULT_BUDGET_MS = 8_000;
const FIRST_WAIT_MS = 10;
const MAX_WAIT_MS = 800;

/** Where an invocation's database handle carries its deadline (budgetedDb). */
const DEADLINE = Symbol('invocation deadline');

/**
 * The database handle of one invocation: the shared handle with the function's time budget on it, which
 * runTransaction reads. The handler makes one for every action and timer. A handle per invocation, not an
 * AsyncLocalStorage: while one of those is in use, Node 20 runs a hook on every promise of the process.
 */
export function budgetedDb(fn: string, db: Db): Db {
  const seconds = FUNCTION_TIMEOUT_SECONDS[fn] ?? DEFAULT_BUDGET_MS / 1000;
  return withDeadline(db, Date.now() + Math.max(1_000, seconds * 1000 - RESERVE_MS));
}

/** `db` with transactions retrying until `deadline` (epoch ms); the shared handle's methods, unchanged. */
export function withDeadline(db: Db, deadline: number): Db {
  return Object.create(db, { [DEADLINE]: { value: deadline } }) as Db;
}

/** Thrown when others kept winning the same documents until the budget ran out: the work is not done. */
export class ContentionError extends Error {
  constructor(readonly attempts: number) {
    super(`transaction still conflicting after ${attempts} attempts`);
    this.name = 'ContentionError';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The one way to run a transaction. CloudBase's transactions are optimistic: when another writer
 * touched the same documents first, the commit fails with DATABASE_TRANSACTION_CONFLICT. That is not a
 * refusal — the work is simply run again, after a jittered exponential wait (so a crowd spreads out
 * instead of colliding again in lockstep), for as long as the function's time budget allows. The SDK's
 * own immediate retries are turned off. Whatever `work` throws besides a conflict (an AppError such as
 * a full slot) ends the transaction at once, rolled back.
 */
export async function runTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  const deadline = (db as Db & { [DEADLINE]?: number })[DEADLINE] ?? Date.now() + DEFAULT_BUDGET_MS;
  const run = db.runTransaction as unknown as (callback: (tx: Tx) => Promise<T>, times: number) => Promise<T>;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run.call(db, work, 0);
    } catch (err) {
      if (!isTxConflict(err)) throw err;
      const ceiling = Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** Math.min(attempt, 10));
      const wait = ceiling / 2 + Math.random() * (ceiling / 2);
      if (Date.now() + wait >= deadline) throw new ContentionError(attempt);
      await sleep(wait);
    }
  }
}
