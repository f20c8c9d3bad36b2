import { useCallback } from 'react';
import { wishesContract, type WishView } from '@shared/contracts/wishes';
import type { ActionInput } from '@shared/contracts/envelope';
import { call } from '../client/cloud';
import { useAction } from './use-action';

type Contract = typeof wishesContract;
export type WishAction = WishView['allowed'][number];
export type WishActionInput<A extends WishAction> = Omit<ActionInput<Contract, A>, 'wishId'>;

/** One wish with its timeline; `act` performs an action the server allowed and shows its answer. */
export function useWish(id: string | undefined) {
  const { data: wish, loading, error, reload, setData } = useAction(wishesContract, 'get', id ? { wishId: id } : null, {
    missingText: '没有找到这个心愿',
  });

  /** Throws ApiError so the page can word a CONFLICT for the action at hand. */
  const act = useCallback(
    async <A extends WishAction>(action: A, input: WishActionInput<A>): Promise<WishView> => {
      if (!id) throw new Error('no wish id');
      const payload = { ...input, wishId: id } as ActionInput<Contract, A>;
      const next = await call(wishesContract, action, payload);
      setData(next);
      return next;
    },
    [id, setData],
  );

  return { wish, loading, error, reload, act };
}
