import type { NotificationRecord } from '../../shared/domain/records';
import type { NotificationKind } from '../../shared/domain/subscribe';
import type { Tx } from './db';
import { clock } from './clock';
import { COLLECTIONS } from './collections';

export interface Message {
  /** One of the kinds in shared/domain/subscribe.ts, which says how it is delivered. */
  kind: NotificationKind;
  title: string;
  body: string;
  link: { page: string; id: string } | null;
}

/**
 * Writes one outbox row per recipient inside the caller's transaction, so a notification exists
 * exactly when the change that caused it was committed. The inbox reads the same rows; the
 * dispatcher delivers `pending` ones as subscribe messages where the user granted them.
 */
export async function enqueue(tx: Tx, recipientIds: readonly string[], message: Message): Promise<number> {
  const now = clock.nowIso();
  const unique = [...new Set(recipientIds)];
  for (const recipientId of unique) {
    const row: Omit<NotificationRecord, '_id'> = {
      recipientId,
      ...message,
      createdAt: now,
      readAt: null,
      delivery: { status: 'pending', attempts: 0, nextAttemptAt: now, error: null },
    };
    await tx.collection(COLLECTIONS.notifications.name).add(row);
  }
  return unique.length;
}
