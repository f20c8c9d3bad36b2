import { councilsContract } from '@shared/contracts/councils';
import type { ActionInput, ActionName, ActionOutput } from '@shared/contracts/envelope';
import { call } from '../client/cloud';
import { serverWordedError } from '../client/error-text';
import { useAction } from './use-action';

type C = typeof councilsContract;
export type CouncilsAction = ActionName<C>;
export type CouncilsInput<K extends CouncilsAction> = ActionInput<C, K>;
export type CouncilsOutput<K extends CouncilsAction> = ActionOutput<C, K>;
export type CouncilView = NonNullable<CouncilsOutput<'council'>['council']>;
export type TopicView = CouncilsOutput<'topic'>;
export type MeetingView = CouncilsOutput<'meeting'>;
export type VoteView = CouncilsOutput<'vote'>;
export type DecisionView = CouncilsOutput<'decision'>;

/** 议事协商 words CONFLICT / FORBIDDEN / NOT_FOUND for the case at hand (「您家已经支持过」); keep them. */
export const councilsErrorText = serverWordedError;

/** One action of the `councils` function; throws ApiError. */
export function councilsCall<K extends CouncilsAction>(action: K, input: CouncilsInput<K>): Promise<CouncilsOutput<K>> {
  return call(councilsContract, action, input);
}

/** Loads a read action, again whenever the page shows; `null` waits. */
export function useCouncils<K extends CouncilsAction>(action: K, input: CouncilsInput<K> | null, missingText?: string) {
  return useAction(councilsContract, action, input, { errorText: serverWordedError, reloadOnShow: true, ...(missingText ? { missingText } : {}) });
}
