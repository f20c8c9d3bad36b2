import { CLOSE_HOLD_MS } from '../../cloudfunctions/auth/close';
import { FUNCTIONS } from '../../cloudfunctions/registry';
import { clock } from '../../cloudfunctions/_lib/clock';
import { COLLECTIONS } from '../../cloudfunctions/_lib/collections';
import type { TestRuntime } from './runtime';

/**
 * Runs the auth `erase` timer the way the platform does (CloudFunction.runTimer) until no closed
 * account's erasure is pending; returns how many runs it took. Fails after `maxRuns`. The clock first
 * moves past the time a close holds its job (the platform's timer fires once a minute).
 */
export async function eraseClosedAccounts(t: TestRuntime, maxRuns = 50): Promise<number> {
  clock.advance(CLOSE_HOLD_MS);
  for (let run = 1; run <= maxRuns; run++) {
    await FUNCTIONS.auth!.runTimer('erase');
    if ((await t.count(COLLECTIONS.accountErasures.name, { status: 'pending' })) === 0) return run;
  }
  throw new Error(`the erase timer left erasures pending after ${maxRuns} runs`);
}
