import type { Db } from '@cloudbase/database';
import type { UserRecord } from '../../shared/domain/records';
import type { OutboxRecord, SubscribeConfig, SubscriptionRecord } from '../../shared/domain/notifications-records';
import {
  classifySendError,
  hasLongTermGrant,
  MAX_SEND_ATTEMPTS,
  renderTemplateData,
  retryDelayMs,
  templateKeyFor,
} from '../../shared/domain/subscribe';
import { clock } from '../_lib/clock';
import { drainEffects } from '../_lib/effects';
import { expandFanOuts } from '../_lib/outbox';
import { currentSender, SendError, type Sender } from '../_lib/sender';
import { loadSubscribeConfig } from './settings';
import { grantIdOf } from './store';
import { COLLECTIONS } from '../_lib/collections';

const INBOX_PAGE = 'pages/inbox/index';

export interface DispatchOptions {
  /** Rows claimed per round. */
  batchSize: number;
  /** Wall-clock time a run may spend before it leaves the rest to the next run (function timeout 20 s). */
  budgetMs: number;
  /** How long a claim holds a row: longer than any run, so a live run never loses its rows. */
  leaseMs: number;
  /** Sends in flight at once within a run. */
  concurrency: number;
}

// budgetMs: at most half the function's 20 s timeout, so the last round's sends finish well inside it.
const DEFAULTS: DispatchOptions = { batchSize: 100, budgetMs: 8_000, leaseMs: 5 * 60_000, concurrency: 8 };

export interface DispatchReport {
  claimed: number;
  sent: number;
  inApp: number;
  retried: number;
  dead: number;
}

function dueWhere(db: Db, now: Date) {
  return { 'delivery.status': 'pending', 'delivery.nextAttemptAt': db.command.lte(now.toISOString()) };
}

async function findDue(db: Db, now: Date, limit: number): Promise<string[]> {
  const res = await db
    .collection(COLLECTIONS.notifications.name)
    .where(dueWhere(db, now))
    .orderBy('delivery.nextAttemptAt', 'asc')
    .limit(limit)
    .field({ _id: true })
    .get();
  return (res.data as { _id: string }[]).map((r) => r._id);
}

/**
 * Claims rows for `token` and returns the ones this run now holds. The claim is one conditional
 * update: a row is taken only while it is still pending and due, and taking it moves `nextAttemptAt`
 * past the lease, so another run that saw the same ids as due a moment earlier takes none of them.
 * Each document is compared and set on its own, which is what makes overlapping runs safe.
 */
export async function claimRows(db: Db, token: string, ids: string[], now: Date, leaseMs: number): Promise<OutboxRecord[]> {
  if (ids.length === 0) return [];
  await db
    .collection(COLLECTIONS.notifications.name)
    .where({ ...dueWhere(db, now), _id: db.command.in(ids) })
    .update({ 'delivery.claim': token, 'delivery.nextAttemptAt': new Date(now.getTime() + leaseMs).toISOString() });
  const mine = await db.collection(COLLECTIONS.notifications.name).where({ 'delivery.claim': token }).limit(ids.length).get();
  return mine.data as OutboxRecord[];
}

/** null when nothing is due any more. */
async function claimRound(db: Db, token: string, o: DispatchOptions): Promise<OutboxRecord[] | null> {
  const now = clock.now();
  const ids = await findDue(db, now, o.batchSize);
  return ids.length === 0 ? null : claimRows(db, token, ids, now, o.leaseMs);
}

type Outcome =
  | { kind: 'sent'; templateKey: string }
  | { kind: 'in-app'; error: string | null }
  | { kind: 'retry'; error: string }
  | { kind: 'dead'; error: string };

interface RoundContext {
  db: Db;
  token: string;
  config: SubscribeConfig;
  sender: Sender | null;
  users: Map<string, UserRecord>;
  grants: Map<string, SubscriptionRecord>;
}

/** Takes one permission from the person's grant; false when none is left. */
async function consumeGrant(db: Db, grantId: string): Promise<boolean> {
  const _ = db.command;
  const res = await db
    .collection(COLLECTIONS.subscriptions.name)
    .where({ _id: grantId, remaining: _.gt(0) })
    .update({ remaining: _.inc(-1), updatedAt: clock.nowIso() });
  return (res as { updated?: number }).updated === 1;
}

async function deliver(row: OutboxRecord, r: RoundContext): Promise<Outcome> {
  const templateKey = templateKeyFor(row.kind);
  const template = templateKey ? r.config.templates.find((t) => t.templateKey === templateKey) : undefined;
  const user = r.users.get(row.recipientId);
  // A closed account's openid is a tombstone, no WeChat identity: its inbox goes with the erasure.
  if (!r.sender || !templateKey || !template || !user?.openid || user.closedAt) return { kind: 'in-app', error: null };
  const grantId = grantIdOf(user._id, templateKey);
  const longTerm = Boolean(template.longTerm) && hasLongTermGrant(r.grants.get(grantId) ?? null, r.config.longTermGrants);
  if (!longTerm && !(await consumeGrant(r.db, grantId))) return { kind: 'in-app', error: null };
  const page = `${template.page ?? INBOX_PAGE}?nid=${row._id}`;
  try {
    await r.sender.send({
      touser: user.openid,
      templateId: template.templateId,
      page,
      data: renderTemplateData(template.fields, row),
      miniprogramState: r.config.miniprogramState,
    });
    return { kind: 'sent', templateKey };
  } catch (err) {
    const errcode = err instanceof SendError ? err.errcode : null;
    const error = `${errcode ?? 'error'}: ${String((err as Error)?.message ?? err)}`.slice(0, 500);
    const failure = classifySendError(errcode);
    const _ = r.db.command;
    if (failure === 'refused') {
      // WeChat holds no permission for this person any more: our count was stale.
      await r.db.collection(COLLECTIONS.subscriptions.name).doc(grantId).update({ remaining: 0, longTerm: false, updatedAt: clock.nowIso() });
      return { kind: 'in-app', error };
    }
    // The message did not go out, so the permission it took is given back for the retry.
    if (!longTerm) await r.db.collection(COLLECTIONS.subscriptions.name).doc(grantId).update({ remaining: _.inc(1) });
    if (failure === 'permanent' || row.delivery.attempts + 1 >= MAX_SEND_ATTEMPTS) return { kind: 'dead', error };
    return { kind: 'retry', error };
  }
}

/** Writes the outcome only while this run still holds the row's claim. */
async function settle(db: Db, row: OutboxRecord, token: string, outcome: Outcome): Promise<void> {
  const now = clock.now();
  const nowIso = now.toISOString();
  const attempts = outcome.kind === 'in-app' && outcome.error === null ? row.delivery.attempts : row.delivery.attempts + 1;
  const common = { 'delivery.claim': null, 'delivery.attempts': attempts, 'delivery.lastAttemptAt': nowIso };
  let patch: Record<string, unknown>;
  switch (outcome.kind) {
    case 'sent':
      patch = { ...common, 'delivery.status': 'sent', 'delivery.channel': 'subscribe', 'delivery.templateKey': outcome.templateKey, 'delivery.sentAt': nowIso, 'delivery.error': null };
      break;
    case 'in-app':
      patch = { ...common, 'delivery.status': 'in-app', 'delivery.channel': 'in-app', 'delivery.error': outcome.error };
      break;
    case 'retry':
      patch = { ...common, 'delivery.status': 'pending', 'delivery.error': outcome.error, 'delivery.nextAttemptAt': new Date(now.getTime() + retryDelayMs(attempts)).toISOString() };
      break;
    case 'dead':
      patch = { ...common, 'delivery.status': 'dead', 'delivery.error': outcome.error };
      break;
  }
  const res = await db.collection(COLLECTIONS.notifications.name).where({ _id: row._id, 'delivery.claim': token }).update(patch);
  if ((res as { updated?: number }).updated !== 1) {
    console.error(JSON.stringify({ level: 'warn', where: 'dispatch', message: 'claim lost before settling', id: row._id, outcome: outcome.kind }));
  }
}

async function byIds<T extends { _id: string }>(db: Db, collection: string, ids: string[]): Promise<Map<string, T>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const res = await db.collection(collection).where({ _id: db.command.in(unique) }).limit(1000).get();
  return new Map((res.data as T[]).map((d) => [d._id, d]));
}

async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}

/**
 * The dispatcher (timer `dispatch`): delivers due outbox rows as subscribe messages where the person
 * granted the template, in the inbox only otherwise. The inbox keeps every row whatever happens.
 */
export async function dispatchDue(db: Db, requestId: string, options: Partial<DispatchOptions> = {}): Promise<DispatchReport> {
  const o = { ...DEFAULTS, ...options };
  const started = Date.now();
  const config = await loadSubscribeConfig(db);
  const sender = currentSender();
  const report: DispatchReport = { claimed: 0, sent: 0, inApp: 0, retried: 0, dead: 0 };
  // Changes' carried effects become outbox rows and audit entries first (bounded; resumed next run).
  // A drain that fails leaves them on their records for the next run; what is due is delivered anyway.
  await drainEffects(db).catch((err: unknown) => {
    console.error(JSON.stringify({ level: 'error', where: 'dispatch', message: 'draining effects failed', error: String((err as Error)?.message ?? err) }));
  });
  // Village-wide messages first become outbox rows, a bounded number of pages a run (resumed next run).
  await expandFanOuts(db);
  for (let round = 0; Date.now() - started < o.budgetMs; round++) {
    const token = `${requestId}#${round}`;
    const rows = await claimRound(db, token, o);
    if (rows === null) break;
    report.claimed += rows.length;
    const users = await byIds<UserRecord>(db, COLLECTIONS.users.name, rows.map((r) => r.recipientId));
    const grantIds = rows.flatMap((r) => {
      const key = templateKeyFor(r.kind);
      return key ? [grantIdOf(r.recipientId, key)] : [];
    });
    const grants = await byIds<SubscriptionRecord>(db, COLLECTIONS.subscriptions.name, grantIds);
    const ctx: RoundContext = { db, token, config, sender, users, grants };
    await pool(rows, o.concurrency, async (row) => {
      const outcome = await deliver(row, ctx);
      await settle(db, row, token, outcome);
      if (outcome.kind === 'sent') report.sent += 1;
      else if (outcome.kind === 'in-app') report.inApp += 1;
      else if (outcome.kind === 'retry') report.retried += 1;
      else report.dead += 1;
    });
  }
  return report;
}
