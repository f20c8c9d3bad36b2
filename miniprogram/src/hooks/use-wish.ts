import { useCallback, useState } from 'react';
import Taro from '@tarojs/taro';
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

/**
 * The claimant's way to reach the wisher: the number is fetched only on a tap (each fetch is
 * audited on the server, wishes.contact), then dialled with the phone's own dialler.
 */
export function useWisherContact(wishId: string) {
  const [contact, setContact] = useState<{ name: string; phone: string; via: 'wisher' | 'grid-leader' } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reveal = useCallback(async () => {
    setError(null);
    try {
      setContact(await call(wishesContract, 'contact', { wishId }));
    } catch (e) {
      setError(e instanceof Error ? e.message : '暂时看不到电话，请稍后再试');
    }
  }, [wishId]);
  const dial = useCallback(() => {
    if (contact) void Taro.makePhoneCall({ phoneNumber: contact.phone }).catch(() => undefined);
  }, [contact]);
  return { contact, error, reveal, dial };
}
