import type { In, Out } from './types';
import type { GrantView } from '../../shared/contracts/notifications';
import type { OutboxRecord, SubscriptionRecord } from '../../shared/domain/notifications-records';
import type { NotificationRecord, UserRecord } from '../../shared/domain/records';
import {
  applyGrantResult,
  MAX_TEMPLATES_PER_REQUEST,
  SUBSCRIBE_MOMENTS,
  TEMPLATE_KEYS,
  TEMPLATE_TITLES,
  type TemplateKey,
} from '../../shared/domain/subscribe';
import { recordAudit } from '../_lib/audit';
import { clock } from '../_lib/clock';
import { findById, pageByCreatedAt, type Tx } from '../_lib/db';
import { forbidden, invalid } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { grantIdOf } from './timers';
import { loadSubscribeConfig } from './settings';
import { COLLECTIONS } from '../_lib/collections';

const RECENT_REQUEST_IDS = 20;

export async function listInbox(input: In<'list'>, ctx: MemberContext): Promise<Out<'list'>> {
  const { db, caller } = ctx;
  const mine = { recipientId: caller._id };
  const where = input.unreadOnly ? { ...mine, readAt: null } : mine;
  const page = await pageByCreatedAt<NotificationRecord>(db, COLLECTIONS.notifications.name, where, input.cursor, input.limit);
  const unread = await db.collection(COLLECTIONS.notifications.name).where({ ...mine, readAt: null }).count();
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
  const res = await db.collection(COLLECTIONS.notifications.name).where(where).update({ readAt: clock.nowIso() });
  return { updated: (res as { updated?: number }).updated ?? 0 };
}

function grantToView(g: SubscriptionRecord): GrantView {
  return {
    templateKey: g.templateKey as TemplateKey,
    title: TEMPLATE_TITLES[g.templateKey as TemplateKey] ?? g.templateKey,
    remaining: g.remaining,
    longTerm: g.longTerm,
    lastResult: g.lastResult,
    updatedAt: g.updatedAt,
  };
}

export async function subscribeTemplates(input: In<'subscribeTemplates'>, ctx: MemberContext): Promise<Out<'subscribeTemplates'>> {
  const config = await loadSubscribeConfig(ctx.db);
  const keys: readonly TemplateKey[] = SUBSCRIBE_MOMENTS[input.moment];
  const templates = keys.flatMap((key) => {
    const t = config.templates.find((c) => c.templateKey === key);
    return t ? [{ templateKey: key, templateId: t.templateId }] : [];
  });
  return { templates: templates.slice(0, MAX_TEMPLATES_PER_REQUEST) };
}

export async function reportGrants(input: In<'reportGrants'>, ctx: MemberContext): Promise<Out<'reportGrants'>> {
  const { db, caller } = ctx;
  const config = await loadSubscribeConfig(db);
  const issues = input.results.flatMap((r, i) =>
    config.templates.some((t) => t.templateKey === r.templateKey)
      ? []
      : [{ path: `results.${i}.templateKey`, message: '这个消息模板没有配置' }],
  );
  if (issues.length) throw invalid('有消息模板没有配置', issues);
  const grants: SubscriptionRecord[] = [];
  for (const r of input.results) {
    const template = config.templates.find((t) => t.templateKey === r.templateKey)!;
    const id = grantIdOf(caller._id, r.templateKey);
    // One document per person and template, changed in a transaction: two taps at once both count.
    const saved = await db.runTransaction(async (tx: Tx) => {
      const current = await findById<SubscriptionRecord>(tx, COLLECTIONS.subscriptions.name, id);
      if (current && input.requestId && current.recentRequestIds?.includes(input.requestId)) return current;
      const next = applyGrantResult(current, r.result, { longTerm: Boolean(template.longTerm) }, config.longTermGrants);
      const now = clock.nowIso();
      const record: SubscriptionRecord = {
        _id: id,
        userId: caller._id,
        templateKey: r.templateKey,
        ...next,
        recentRequestIds: [...(current?.recentRequestIds ?? []), ...(input.requestId ? [input.requestId] : [])].slice(-RECENT_REQUEST_IDS),
        createdAt: current?.createdAt ?? now,
        updatedAt: now,
      };
      const { _id, ...fields } = record;
      await tx.collection(COLLECTIONS.subscriptions.name).doc(_id).set(fields);
      return record;
    });
    grants.push(saved);
  }
  return { grants: grants.map(grantToView) };
}

export async function myGrants(_input: In<'myGrants'>, ctx: MemberContext): Promise<Out<'myGrants'>> {
  const config = await loadSubscribeConfig(ctx.db);
  const res = await ctx.db.collection(COLLECTIONS.subscriptions.name).where({ userId: ctx.caller._id }).limit(100).get();
  const items = (res.data as SubscriptionRecord[])
    .filter((g) => (TEMPLATE_KEYS as readonly string[]).includes(g.templateKey))
    .sort((a, b) => TEMPLATE_KEYS.indexOf(a.templateKey as TemplateKey) - TEMPLATE_KEYS.indexOf(b.templateKey as TemplateKey));
  return { items: items.map(grantToView), longTermEnabled: config.longTermGrants };
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
  const total = ((await db.collection(COLLECTIONS.notifications.name).where(where).count()) as { total?: number }).total ?? 0;
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
  };
}

export async function retryDeadLetters(input: In<'retryDeadLetters'>, ctx: MemberContext): Promise<Out<'retryDeadLetters'>> {
  const { db, caller } = ctx;
  requireCountyAdmin(caller);
  const ids = [...new Set(input.ids)];
  const requeued = await db.runTransaction(async (tx: Tx) => {
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
        before: { delivery: row.delivery },
        after: { delivery },
      });
      n += 1;
    }
    return n;
  });
  return { requeued };
}
