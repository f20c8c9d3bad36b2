import { useCallback, useRef, useState } from 'react';
import { notificationsContract, type NotificationView } from '@shared/contracts/notifications';
import { call } from '../services/cloud';
import { plainError } from '../services/error-text';
import { createStore } from '../services/store';
import { useStore } from './use-store';

/** The unread count, shared so the home tile and the inbox agree. */
export const unreadStore = createStore<number>(0);

export async function refreshUnread(): Promise<void> {
  try {
    const page = await call(notificationsContract, 'list', { unreadOnly: true, limit: 1 });
    unreadStore.set(page.unread);
  } catch {
    // The count is a convenience; the inbox itself reports errors.
  }
}

export function useUnread(): number {
  return useStore(unreadStore);
}

export function useInbox() {
  const [items, setItems] = useState<NotificationView[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const unread = useUnread();
  const busy = useRef(false);

  const fetchPage = useCallback(async (after: string | null) => {
    if (busy.current) return;
    busy.current = true;
    setLoading(true);
    setError(null);
    try {
      const page = await call(notificationsContract, 'list', { cursor: after ?? undefined, limit: 20 });
      setItems((prev) => (after ? [...prev, ...page.items] : page.items));
      setCursor(page.nextCursor);
      unreadStore.set(page.unread);
      setLoaded(true);
    } catch (e) {
      setError(plainError(e));
    } finally {
      busy.current = false;
      setLoading(false);
    }
  }, []);

  const refresh = useCallback(() => fetchPage(null), [fetchPage]);
  const loadMore = useCallback(() => {
    if (cursor) void fetchPage(cursor);
  }, [cursor, fetchPage]);

  const markRead = useCallback(async (ids: string[]) => {
    const fresh = ids.filter((id) => items.some((n) => n.id === id && !n.read));
    if (fresh.length === 0) return;
    await call(notificationsContract, 'markRead', { ids: fresh });
    setItems((prev) => prev.map((n) => (fresh.includes(n.id) ? { ...n, read: true } : n)));
    unreadStore.set(Math.max(0, unreadStore.get() - fresh.length));
  }, [items]);

  const markAllRead = useCallback(async () => {
    await call(notificationsContract, 'markRead', { all: true });
    setItems((prev) => prev.map((n) => ({ ...n, read: true })));
    unreadStore.set(0);
  }, []);

  return { items, unread, loading, loaded, error, hasMore: cursor !== null, refresh, loadMore, markRead, markAllRead };
}
