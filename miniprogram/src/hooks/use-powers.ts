import { useCallback, useEffect, useRef, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { powersContract } from '@shared/contracts/powers';
import type { ActionInput, ActionName, ActionOutput } from '@shared/contracts/envelope';
import { call } from '../client/cloud';
import { serverWordedError } from '../client/error-text';
import { useAction } from './use-action';

type C = typeof powersContract;
export type PowersAction = ActionName<C>;
export type PowersInput<K extends PowersAction> = ActionInput<C, K>;
export type PowersOutput<K extends PowersAction> = ActionOutput<C, K>;
export type MatterView = PowersOutput<'matter'>;
export type MatterSummary = PowersOutput<'matters'>['items'][number];

/** The petty-power function words CONFLICT / FORBIDDEN / NOT_FOUND for the case at hand; keep them. */
export const powersErrorText = serverWordedError;

/** One action of the `powers` function; throws ApiError. */
export function powersCall<K extends PowersAction>(action: K, input: PowersInput<K>): Promise<PowersOutput<K>> {
  return call(powersContract, action, input);
}

/** Loads a read action, again whenever the page shows (after acting on another page); `null` waits. */
export function usePowers<K extends PowersAction>(action: K, input: PowersInput<K> | null) {
  return useAction(powersContract, action, input, { errorText: serverWordedError, reloadOnShow: true });
}

/** One matter; `act` performs an action the server allowed and shows its answer. */
export function useMatter(id: string | undefined) {
  const q = usePowers('matter', id ? { matterId: id } : null);
  const { setData } = q;
  const act = useCallback(
    async <K extends 'advance' | 'withdraw' | 'rate' | 'complain' | 'release'>(action: K, input: Omit<PowersInput<K>, 'matterId'>): Promise<MatterView> => {
      if (!id) throw new Error('no matter id');
      const next = (await powersCall(action, { ...input, matterId: id } as PowersInput<K>)) as MatterView;
      setData(next);
      return next;
    },
    [id, setData],
  );
  return { ...q, matter: q.data, act };
}

type Paged = 'matters' | 'complaints' | 'talks';

/** A paged list action, a page at a time; a new input starts over, showing the page again reloads. */
export function usePowersPages<K extends Paged>(action: K, input: Omit<PowersInput<K>, 'cursor'> | null) {
  const [pages, setPages] = useState<PowersOutput<K>[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const key = input === null ? null : JSON.stringify(input);
  const generation = useRef(0);

  const fetchPage = useCallback(
    async (cursor: string | null) => {
      if (key === null) return;
      const gen = cursor ? generation.current : ++generation.current;
      setLoading(true);
      setError(null);
      try {
        const page = await powersCall(action, { ...(JSON.parse(key) as object), ...(cursor ? { cursor } : {}) } as PowersInput<K>);
        if (gen === generation.current) setPages((prev) => (cursor ? [...prev, page] : [page]));
      } catch (e) {
        if (gen === generation.current) setError(powersErrorText(e));
      } finally {
        if (gen === generation.current) setLoading(false);
      }
    },
    [action, key],
  );

  useEffect(() => {
    void fetchPage(null);
  }, [fetchPage]);
  useDidShow(() => {
    if (pages.length) void fetchPage(null);
  });

  const last = pages[pages.length - 1];
  const items = pages.flatMap((p) => p.items as PowersOutput<K>['items'][number][]);
  return {
    items,
    first: pages[0] ?? null,
    loading,
    error,
    hasMore: Boolean(last?.nextCursor),
    loadMore: () => {
      if (last?.nextCursor && !loading) void fetchPage(last.nextCursor);
    },
    refresh: () => fetchPage(null),
  };
}
