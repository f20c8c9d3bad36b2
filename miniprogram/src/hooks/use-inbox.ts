import { useCallback } from 'react';
import { notificationsContract, type NotificationView } from '@shared/contracts/notifications';
import { call } from '../client/cloud';
import { createStore } from '../client/store';
import { useCursorList } from './use-cursor-list';
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

/**
 * The signed-in person's messages, newest first, a page at a time; the unread count comes with
 * every page. Nothing is asked before the person is known.
 */
export function useInbox(userId: string | null) {
  const unread = useUnread();
  const list = useCursorList<NotificationView>(userId, async (cursor) => {
    const page = await call(notificationsContract, 'list', { cursor, limit: 20 });
    unreadStore.set(page.unread);
    return page;
  });
  const { items, update } = list;

  const markRead = useCallback(
    async (ids: string[]) => {
      const fresh = ids.filter((id) => items.some((n) => n.id === id && !n.read));
      if (fresh.length === 0) return;
      await call(notificationsContract, 'markRead', { ids: fresh });
      update((prev) => prev.map((n) => (fresh.includes(n.id) ? { ...n, read: true } : n)));
      unreadStore.set(Math.max(0, unreadStore.get() - fresh.length));
    },
    [items, update],
  );

  const markAllRead = useCallback(async () => {
    await call(notificationsContract, 'markRead', { all: true });
    update((prev) => prev.map((n) => ({ ...n, read: true })));
    unreadStore.set(0);
  }, [update]);

  return { list, unread, markRead, markAllRead };
}
