import { useCallback, useEffect, useRef, useState } from 'react';
import { plainError } from '../client/error-text';

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** What a cursor-paged list shows and what the person can do with it. */
export interface CursorList<T> {
  items: T[];
  loading: boolean;
  /** The first page has come back (so an empty list really is empty). */
  loaded: boolean;
  error: string | null;
  hasMore: boolean;
  loadMore: () => void;
  refresh: () => Promise<void>;
  /** Changes the items shown (e.g. marks one read) without asking the server again. */
  update: (change: (items: T[]) => T[]) => void;
}

/**
 * A list read a page at a time with the server's keyset cursor. `key` names what is listed
 * (scope, filter…): when it changes the list starts over, and answers for an older key never
 * land in the current list. A null key means "not known yet" (e.g. who is signed in): nothing is
 * asked and the list stays not loaded.
 */
export function useCursorList<T>(key: string | null, fetchPage: (cursor: string | undefined) => Promise<CursorPage<T>>): CursorList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);
  const busy = useRef(false);
  // The latest fetcher; what it fetches is identified by `key`.
  const fetcher = useRef(fetchPage);
  fetcher.current = fetchPage;

  const load = useCallback(async (after: string | null) => {
    const gen = generation.current;
    busy.current = true;
    setLoading(true);
    setError(null);
    try {
      const page = await fetcher.current(after ?? undefined);
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
  }, []);

  const refresh = useCallback(() => {
    generation.current += 1;
    setCursor(null);
    if (key === null) return Promise.resolve();
    return load(null);
    // `key` is what makes a refresh a new list.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [load, key]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const loadMore = useCallback(() => {
    if (busy.current || !cursor) return;
    void load(cursor);
  }, [cursor, load]);

  return { items, loading, loaded, error, hasMore: cursor !== null, loadMore, refresh, update: setItems };
}
