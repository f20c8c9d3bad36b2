import { FUNCTIONS } from '../../cloudfunctions/registry';

/**
 * Runs the notifications `dispatch` timer once, as the platform does every minute: the effects that
 * changes carry on their records (`_lib/effects.ts`) become notices and audit entries, then due notices
 * are delivered. A test that reads notices or audit entries a change wrote runs this first.
 */
export function dispatchNow(): Promise<unknown> {
  return FUNCTIONS.notifications!.runTimer('dispatch');
}
