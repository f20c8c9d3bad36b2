import type { ActionOutput, ParsedInput } from '../../shared/contracts/envelope';
import type { notificationsContract } from '../../shared/contracts/notifications';
import type { NotificationRecord } from '../../shared/domain/records';
import { clock } from '../_lib/clock';
import { pageByCreatedAt } from '../_lib/db';
import type { MemberContext } from '../_lib/handler';

type C = typeof notificationsContract;
type In<K extends keyof C['actions'] & string> = ParsedInput<C, K>;
type Out<K extends keyof C['actions'] & string> = ActionOutput<C, K>;

const NOTIFICATIONS = 'notifications';

export async function listInbox(input: In<'list'>, ctx: MemberContext): Promise<Out<'list'>> {
  const { db, caller } = ctx;
  const mine = { recipientId: caller._id };
  const where = input.unreadOnly ? { ...mine, readAt: null } : mine;
  const page = await pageByCreatedAt<NotificationRecord>(db, NOTIFICATIONS, where, input.cursor, input.limit);
  const unread = await db.collection(NOTIFICATIONS).where({ ...mine, readAt: null }).count();
  return {
    items: page.items.map((n) => ({
      id: n._id,
      kind: n.kind,
      title: n.title,
      body: n.body,
      link: n.link,
      createdAt: n.createdAt,
      read: n.readAt !== null,
    })),
    nextCursor: page.nextCursor,
    unread: (unread as { total?: number }).total ?? 0,
  };
}

export async function markRead(input: In<'markRead'>, ctx: MemberContext): Promise<Out<'markRead'>> {
  const { db, caller } = ctx;
  const _ = db.command;
  // The recipient condition is part of the update itself: nobody marks another person's message.
  const where = 'ids' in input
    ? { _id: _.in(input.ids), recipientId: caller._id, readAt: null }
    : { recipientId: caller._id, readAt: null };
  const res = await db.collection(NOTIFICATIONS).where(where).update({ readAt: clock.nowIso() });
  return { updated: (res as { updated?: number }).updated ?? 0 };
}
