import { servicesContract } from '@shared/contracts/services';
import type { ActionInput, ActionName, ActionOutput } from '@shared/contracts/envelope';
import { call } from '../services/cloud';
import { serverWordedError } from '../services/error-text';
import { useAction } from './use-action';

type C = typeof servicesContract;
export type PoliceAction = ActionName<C>;
export type PoliceInput<K extends PoliceAction> = ActionInput<C, K>;
export type PoliceOutput<K extends PoliceAction> = ActionOutput<C, K>;

/** The 警民之家 answers CONFLICT / FORBIDDEN / NOT_FOUND in words a resident can act on; keep them. */
export const policeErrorText = serverWordedError;

/** One action of the 警民之家 function; throws ApiError. */
export function policeCall<K extends PoliceAction>(action: K, input: PoliceInput<K>): Promise<PoliceOutput<K>> {
  return call(servicesContract, action, input);
}

/** Loads a read action, again whenever the page shows (after booking on another page); `null` waits. */
export function usePolice<K extends PoliceAction>(action: K, input: PoliceInput<K> | null) {
  return useAction(servicesContract, action, input, { errorText: serverWordedError, reloadOnShow: true });
}
