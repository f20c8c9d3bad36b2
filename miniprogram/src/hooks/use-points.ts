import { pointsContract } from '@shared/contracts/points';
import type { ActionInput, ActionName, ActionOutput } from '@shared/contracts/envelope';
import { call } from '../client/cloud';
import { serverWordedError } from '../client/error-text';
import { useAction } from './use-action';

type C = typeof pointsContract;
export type PointsAction = ActionName<C>;
export type PointsIn<A extends PointsAction> = ActionInput<C, A>;
export type PointsOut<A extends PointsAction> = ActionOutput<C, A>;

/**
 * The reads pages load; each declares ACCESS (FORBIDDEN, NOT_FOUND) in the contract, and the server
 * words each refusal for the case at hand (「只能查看本村（社区）的积分排名」,「这个月的积分还没有公示」):
 * one fixed sentence per code told a town cadre on the ranking page to go and see the ranking.
 */
type PointsRead = 'detail' | 'ranking' | 'mine' | 'dividends' | 'summary' | 'sheet' | 'objections';
const pointsErrorText = serverWordedError;

/** One read of the points function; `input` null waits (e.g. until the session is known). */
export function usePoints<A extends PointsRead>(action: A, input: ActionInput<C, A> | null) {
  return useAction(pointsContract, action, input, { errorText: pointsErrorText });
}

/** A write to the points function; throws ApiError so the page can show the row and field. */
export function pointsCall<A extends PointsAction>(action: A, input: ActionInput<C, A>): Promise<PointsOut<A>> {
  return call(pointsContract, action, input);
}

/** 2025-03 → 3月 (or 2025年3月 with the year). */
export function monthLabel(month: string, withYear = false): string {
  const [y, m] = month.split('-');
  return withYear ? `${y}年${Number(m)}月` : `${Number(m)}月`;
}
