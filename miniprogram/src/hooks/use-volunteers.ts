import { volunteersContract } from '@shared/contracts/volunteers';
import type { ActionInput, ActionName, ActionOutput } from '@shared/contracts/envelope';
import { call } from '../client/cloud';
import { serverWordedError } from '../client/error-text';
import { useAction } from './use-action';

type C = typeof volunteersContract;
export type VolunteersAction = ActionName<C>;
export type VolunteersInput<K extends VolunteersAction> = ActionInput<C, K>;
export type VolunteersOutput<K extends VolunteersAction> = ActionOutput<C, K>;

/** The volunteers function words its refusals for the case (「名额满了」「签到码已过期」): keep them. */
export const volunteersErrorText = serverWordedError;

/** One action of the volunteers function; throws ApiError. */
export function volunteersCall<K extends VolunteersAction>(action: K, input: VolunteersInput<K>): Promise<VolunteersOutput<K>> {
  return call(volunteersContract, action, input);
}

/** Loads a read action, again whenever the page shows; `null` waits. */
export function useVolunteers<K extends VolunteersAction>(action: K, input: VolunteersInput<K> | null, missingText?: string) {
  return useAction(volunteersContract, action, input, { errorText: serverWordedError, reloadOnShow: true, ...(missingText ? { missingText } : {}) });
}
