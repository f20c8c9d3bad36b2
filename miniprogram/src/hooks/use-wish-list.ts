import { useCallback, useEffect, useRef, useState } from 'react';
import { wishesContract, type WishSummary } from '@shared/contracts/wishes';
import type { WishStatus } from '@shared/domain/wish-state';
import type { ActionInput } from '@shared/contracts/envelope';
import { call } from '../services/cloud';
import { plainError } from '../services/error-text';

export type WishScope = ActionInput<typeof wishesContract, 'list'>['scope'];

const PAGE_SIZE = 20;

/** One scope of wishes, a page at a time; changing scope or status starts over. */
export function useWishList(scope: WishScope, status?: WishStatus) {
  const [items, setItems] = useState<WishSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Answers to an older scope/status must not land in the current list.
  const generation = useRef(0);
  const busy = useRef(false);

  const fetchPage = useCallback(
    async (after: string | null) => {
      const gen = generation.current;
      busy.current = true;
      setLoading(true);
      setError(null);
      try {
        const page = await call(wishesContract, 'list', {
          scope,
          status,
          cursor: after ?? undefined,
          limit: PAGE_SIZE,
        });
        if (gen !== generation.current) return;
        setItems((prev) => (after ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
        setLoaded(true);
      } catch (e) {
        if (gen === generation.current) setError(plainError(e));
      } finally {
        if (gen === generation.current) {
          busy.current = false;
          setLoading(false);
        }
      }
    },
    [scope, status],
  );

  const refresh = useCallback(() => {
    generation.current += 1;
    setCursor(null);
    return fetchPage(null);
  }, [fetchPage]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const loadMore = useCallback(() => {
    if (busy.current || !cursor) return;
    void fetchPage(cursor);
  }, [cursor, fetchPage]);

  return { items, loading, loaded, error, hasMore: cursor !== null, loadMore, refresh };
}
