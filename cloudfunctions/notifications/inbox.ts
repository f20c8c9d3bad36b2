import type { In, Out } from './types';
import type { OutboxRecord } from '../../shared/domain/notifications-records';
import type { NotificationRecord, UserRecord } from '../../shared/domain/records';
import { maskNumbersInText } from '../../shared/domain/masking';
import { recordAudit } from '../_lib/audit';
import { readsOutside } from '../_lib/outside';
import { clock } from '../_lib/clock';
import { count, findById, pageByCreatedAt, type Tx } from '../_lib/db';
import { forbidden } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { COLLECTIONS } from '../_lib/collections';
import { runTransaction } from '../_lib/transaction';

export async function listInbox(input: In<'list'>, ctx: MemberContext): Promise<Out<'list'>> {
  const { db, caller } = ctx;
  const mine = { recipientId: caller._id };
  const where = input.unreadOnly ? { ...mine, readAt: null } : mine;
  const page = await pageByCreatedAt<NotificationRecord>(db, COLLECTIONS.notifications.name, where, input.cursor, input.limit);
  const unread = await count(db, COLLECTIONS.notifications.name, { ...mine, readAt: null });
  return {
    items: page.items.map((n) => ({
      id: n._id,
      kind: n.kind,
      // Messages quote what others wrote: phone and ID numbers in them reach the recipient masked.
      title: maskNumbersInText(n.title),
      body: maskNumbersInText(n.body),
      link: n.link,
      createdAt: n.createdAt,
      read: n.readAt !== null,
    })),
    nextCursor: page.nextCursor,
    unread,
  };
}

export async function markRead(input: In<'markRead'>, ctx: MemberContext): Promise<Out<'markRead'>> {
  const { db, caller } = ctx;
  const _ = db.command;
  // The recipient condition is part of the update itself: nobody marks another person's message.
  const where = 'ids' in input
    ? { _id: _.in(input.ids), recipientId: caller._id, readAt: null }
    : { recipientId: caller._id, readAt: null };
  const res = await db.collection(COLLECTIONS.notifications.name).where(where).update({ readAt: clock.nowIso() });
  return { updated: (res as { updated?: number }).updated ?? 0 };
}

/** The county a county admin acts for: where their county-level entries are read. */
export function countyPathOf(caller: UserRecord): string[] {
  return caller.roles.filter((r) => r.role === 'county-admin').map((r) => r.unitId).slice(0, 1);
}

function requireCountyAdmin(caller: UserRecord): void {
  // Every recipient lives inside the one county this deployment serves, which the county admin covers.
  if (!caller.roles.some((r) => r.role === 'county-admin')) throw forbidden('只有县级管理员可以查看发送失败的消息');
}

export async function deadLetters(input: In<'deadLetters'>, ctx: MemberContext): Promise<Out<'deadLetters'>> {
  const { db, caller } = ctx;
  requireCountyAdmin(caller);
  const where = { 'delivery.status': 'dead' };
  const page = await pageByCreatedAt<OutboxRecord>(db, COLLECTIONS.notifications.name, where, input.cursor, input.limit);
  const ids = [...new Set(page.items.map((n) => n.recipientId))];
  const users = ids.length
    ? ((await db.collection(COLLECTIONS.users.name).where({ _id: db.command.in(ids) }).limit(1000).get()).data as UserRecord[])
    : [];
  const names = new Map(users.map((u) => [u._id, u.name]));
  const total = await count(db, COLLECTIONS.notifications.name, where);
  if (ctx.local) readsOutside('the local sender');
  return {
    items: page.items.map((n) => ({
      id: n._id,
      kind: n.kind,
      title: n.title,
      recipientId: n.recipientId,
      recipientName: names.get(n.recipientId) ?? '',
      attempts: n.delivery.attempts,
      error: n.delivery.error,
      createdAt: n.createdAt,
      lastAttemptAt: n.delivery.lastAttemptAt ?? null,
    })),
    nextCursor: page.nextCursor,
    total,
    localFailRate: ctx.local ? ctx.local.sender.failRate() : null,
  };
}

/** County admin, local runtime only: the stand-in sender fails this share of sends from now on; audited. */
export async function setSenderFailRate(input: In<'setSenderFailRate'>, ctx: MemberContext): Promise<Out<'setSenderFailRate'>> {
  const { db, caller, local } = ctx;
  requireCountyAdmin(caller);
  // The cloud has WeChat's real sender and no switch to make it fail.
  if (!local) throw forbidden('只有本地运行的演示环境可以模拟发送失败');
  const before = local.sender.failRate();
  await runTransaction(db, async (tx: Tx) => {
    await recordAudit(tx, caller, ctx.requestId, {
      action: 'notifications.setSenderFailRate',
      target: { collection: COLLECTIONS.config.name, id: 'local-sender' },
      before: { failRate: before },
      after: { failRate: input.rate },
      path: countyPathOf(caller),
    });
  });
  local.sender.setFailRate(input.rate);
  return { rate: local.sender.failRate() };
}

export async function retryDeadLetters(input: In<'retryDeadLetters'>, ctx: MemberContext): Promise<Out<'retryDeadLetters'>> {
  const { db, caller } = ctx;
  requireCountyAdmin(caller);
  const ids = [...new Set(input.ids)];
  const requeued = await runTransaction(db, async (tx: Tx) => {
    let n = 0;
    const now = clock.nowIso();
    for (const id of ids) {
      const row = await findById<OutboxRecord>(tx, COLLECTIONS.notifications.name, id);
      if (!row || row.delivery.status !== 'dead') continue;
      const delivery = { ...row.delivery, status: 'pending' as const, attempts: 0, nextAttemptAt: now, error: null, claim: null };
      await tx.collection(COLLECTIONS.notifications.name).doc(id).update({ delivery });
      await recordAudit(tx, caller, ctx.requestId, {
        action: 'notifications.retryDeadLetter',
        target: { collection: COLLECTIONS.notifications.name, id },
        path: countyPathOf(caller),
        before: { delivery: row.delivery },
        after: { delivery },
      });
      n += 1;
    }
    return n;
  });
  return { requeued };
}
