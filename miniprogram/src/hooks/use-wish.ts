import { useCallback, useEffect, useState } from 'react';
import { wishesContract, type WishView } from '@shared/contracts/wishes';
import type { ActionInput } from '@shared/contracts/envelope';
import { call } from '../services/cloud';
import { plainError } from '../services/error-text';

type Contract = typeof wishesContract;
export type WishAction = WishView['allowed'][number];
export type WishActionInput<A extends WishAction> = Omit<ActionInput<Contract, A>, 'wishId'>;

/** One wish with its timeline; `act` performs an action the server allowed and shows its answer. */
export function useWish(id: string | undefined) {
  const [wish, setWish] = useState<WishView | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    if (!id) {
      setLoading(false);
      setError('没有找到这个心愿');
      return;
    }
    setLoading(true);
    setError(null);
    try {
      setWish(await call(wishesContract, 'get', { wishId: id }));
    } catch (e) {
      setError(plainError(e));
    } finally {
      setLoading(false);
    }
  }, [id]);

  useEffect(() => {
    void reload();
  }, [reload]);

  /** Throws ApiError so the page can word a CONFLICT for the action at hand. */
  const act = useCallback(
    async <A extends WishAction>(action: A, input: WishActionInput<A>): Promise<WishView> => {
      if (!id) throw new Error('no wish id');
      const payload = { ...input, wishId: id } as ActionInput<Contract, A>;
      const next = await call(wishesContract, action, payload);
      setWish(next);
      return next;
    },
    [id],
  );

  return { wish, loading, error, reload, act };
}
