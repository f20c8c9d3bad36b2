import { useCallback, useEffect, useState } from 'react';
import { notificationsContract, type DeadLetterView } from '@shared/contracts/notifications';
import { call } from '../client/cloud';
import { plainError } from '../client/error-text';

/** County admin: service notifications that failed every attempt, and putting them back in the queue. */
export function useDeadLetters() {
  const [items, setItems] = useState<DeadLetterView[]>([]);
  const [total, setTotal] = useState(0);
  const [localFailRate, setLocalFailRate] = useState<number | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const fetchPage = useCallback(async (after: string | null) => {
    setLoading(true);
    setError(null);
    try {
      const page = await call(notificationsContract, 'deadLetters', { cursor: after ?? undefined, limit: 20 });
      setItems((prev) => (after ? [...prev, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setTotal(page.total);
      setLocalFailRate(page.localFailRate);
    } catch (e) {
      setError(plainError(e));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void fetchPage(null);
  }, [fetchPage]);

  const retry = useCallback(async (ids: string[]) => {
    const { requeued } = await call(notificationsContract, 'retryDeadLetters', { ids });
    setItems((prev) => prev.filter((d) => !ids.includes(d.id)));
    setTotal((n) => Math.max(0, n - requeued));
    return requeued;
  }, []);

  /** Local runtime only: how many of the stand-in sender's sends fail from now on. */
  const setFailRate = useCallback(async (rate: number) => {
    const saved = await call(notificationsContract, 'setSenderFailRate', { rate });
    setLocalFailRate(saved.rate);
    return saved.rate;
  }, []);

  return {
    items,
    localFailRate,
    setFailRate,
    total,
    loading,
    error,
    hasMore: cursor !== null,
    refresh: () => fetchPage(null),
    loadMore: () => (cursor ? fetchPage(cursor) : Promise.resolve()),
    retry,
  };
}
