import { createHash } from 'node:crypto';
import type { Db } from '@cloudbase/database';
import type { AuditRecord, CarriesEffects, NotificationRecord, PendingEffect, UserRecord } from '../../shared/domain/records';
import { EFFECT_COLLECTIONS, COLLECTIONS } from './collections';
import { addEachOnce } from './db';
import { addOutboxRows, outboxRow, type Message } from './outbox';

/**
 * Carried effects: the transactional outbox inside the record. A change that must tell people and be
 * audited is still ONE write — the conditional update (or the add) of the record itself — and that write
 * also pushes what the change owes (`effects`, with `effectsPending: true`). Nothing else is written while
 * the person waits: no transaction, no outbox row per recipient, no audit row. The notifications `dispatch`
 * timer drains the effects of every collection declared `effects: true` in `collections.ts`
 * (`drainEffects`, just before it delivers), writing each effect's outbox rows and audit entry with ids
 * derived from the effect's id, so a rerun or two drains at once write each of them once.
 *
 * The effect exists exactly when the change does (same write), as the outbox rows did with the
 * transaction; the notices and the entry keep the change's time and request id.
 */

/** What one change owes: whom to tell, and the audit entry (for cadres' actions and what the rules audit). */
export interface EffectSpec {
  messages: { to: readonly string[]; message: Message }[];
  audit?: { action: string; before: unknown; after: unknown } | null;
}

/** Unique per (record, invocation): a retried invocation is a new request and, if it changes anything, a new change. */
export function effectId(collection: string, docId: string, requestId: string): string {
  return `fx${createHash('sha256').update(`${collection}/${docId}/${requestId}`).digest('hex').slice(0, 24)}`;
}

/** The effect of a change `actor` made to a record at `at`; the audit entry takes the record's own path. */
export function effectOf(
  actor: Pick<UserRecord, '_id' | 'name'>,
  requestId: string,
  target: { collection: string; id: string; path: readonly string[] },
  at: string,
  spec: EffectSpec,
): PendingEffect {
  return {
    id: effectId(target.collection, target.id, requestId),
    at,
    requestId,
    messages: spec.messages.filter((m) => m.to.length > 0).map((m) => ({ to: [...new Set(m.to)], message: { ...m.message, aboutId: m.message.aboutId ?? null } })),
    audit: spec.audit
      ? { actorId: actor._id, actorName: actor.name, action: spec.audit.action, target: { collection: target.collection, id: target.id }, before: spec.audit.before ?? null, after: spec.audit.after ?? null, path: [...target.path] }
      : null,
  };
}

/** Whether an effect leaves anything to write (a cancel by its wisher tells no one and is not audited). */
const owes = (e: PendingEffect) => e.messages.length > 0 || e.audit !== null;

/** The fields a new record starts with (`add`), carrying its effects. */
export function carrying(effects: PendingEffect[]): CarriesEffects {
  const due = effects.filter(owes);
  return due.length ? { effects: due, effectsPending: true, effectsSince: due[0]!.at } : {};
}

/** The update operators that push effects onto an existing record, merged into the change's own update. */
export function pushEffects(db: Db, effects: PendingEffect[]): Record<string, unknown> {
  const due = effects.filter(owes);
  if (due.length === 0) return {};
  const _ = db.command;
  return { effects: _.push(due), effectsPending: true, effectsSince: _.min(due[0]!.at) };
}

/** The record as the change wrote it, for an answer built without reading it again. */
export function withPushed<T extends CarriesEffects>(record: T, effects: PendingEffect[]): T {
  const due = effects.filter(owes);
  if (due.length === 0) return record;
  return { ...record, effects: [...(record.effects ?? []), ...due], effectsPending: true, effectsSince: record.effectsSince ?? due[0]!.at };
}

/** An outbox row's id: from the effect's, the message's place in it and the recipient (hashed: ids stay short whatever a user id is). */
export function noticeId(effect: string, message: number, recipientId: string): string {
  return `n${createHash('sha256').update(`${effect}/${message}/${recipientId}`).digest('hex').slice(0, 31)}`;
}

/** The outbox rows of one effect: one per (message, recipient). */
export function rowsOf(e: PendingEffect): NotificationRecord[] {
  return e.messages.flatMap((m, i) => m.to.map((to) => outboxRow(noticeId(e.id, i, to), to, m.message, e.at)));
}

/** The audit entry of one effect, at the change's own time and request id. */
export function auditOf(e: PendingEffect): AuditRecord | null {
  return e.audit ? { _id: `${e.id}-audit`, ...e.audit, at: e.at, requestId: e.requestId } : null;
}

export interface DrainOptions {
  /** Records read per page (one read, a batch add per 500 notices and one of the audit entries, two updates a page). */
  pageSize: number;
  /** Pages with work a run drains at most over all collections (one found empty costs its query, no page); the next run resumes. */
  maxPages: number;
  /** Wall-clock time a run may spend (the notifications function's timeout is 20 s; delivery follows). */
  budgetMs: number;
}

/** Outbox rows per batch add, as the fan-out expands them (an approval tells a whole grid party group). */
const ADD_BATCH = 500;

export const DRAIN_DEFAULTS: DrainOptions = { pageSize: 50, maxPages: 20, budgetMs: 4_000 };

export interface DrainReport {
  records: number;
  effects: number;
  notices: number;
  audits: number;
}

/**
 * Drains pending effects, oldest first, in pages: each page's outbox rows and audit entries are written
 * (deterministic ids: a duplicate is someone else's or an earlier run's write, and skipped), then exactly
 * those effects are pulled off their records by id, and the flag is cleared only on records left with
 * none — a compare-and-set, so an effect pushed meanwhile keeps its record flagged for the next page or
 * run. A run that dies between the writes and the pull leaves the effects in place: the next writes
 * nothing twice and pulls them.
 */
export async function drainEffects(db: Db, options: Partial<DrainOptions> = {}): Promise<DrainReport> {
  const o = { ...DRAIN_DEFAULTS, ...options };
  const _ = db.command;
  const started = Date.now();
  const report: DrainReport = { records: 0, effects: 0, notices: 0, audits: 0 };
  let pages = 0;
  for (const collection of EFFECT_COLLECTIONS) {
    while (pages < o.maxPages && Date.now() - started < o.budgetMs) {
      const res = await db.collection(collection).where({ effectsPending: true }).orderBy('effectsSince', 'asc').field({ _id: true, effects: true }).limit(o.pageSize).get();
      const records = res.data as ({ _id: string } & CarriesEffects)[];
      if (records.length === 0) break;
      // Only a page with work counts: a collection found empty costs its one query, not a page, so every
      // collection is reached however many carry effects (more than `maxPages` of them, once merged).
      pages++;
      const effects = records.flatMap((r) => r.effects ?? []);
      const rows = effects.flatMap(rowsOf);
      for (let i = 0; i < rows.length; i += ADD_BATCH) report.notices += await addOutboxRows(db, rows.slice(i, i + ADD_BATCH));
      report.audits += await addEachOnce(db, COLLECTIONS.auditLog.name, effects.flatMap((e) => auditOf(e) ?? []));
      const ids = records.map((r) => r._id);
      if (effects.length) await db.collection(collection).where({ _id: _.in(ids) }).update({ effects: _.pull({ id: _.in(effects.map((e) => e.id)) }) });
      await db.collection(collection).where({ _id: _.in(ids), effects: _.size(0) }).update({ effectsPending: false, effectsSince: _.remove() });
      report.records += records.length;
      report.effects += effects.length;
      if (records.length < o.pageSize) break;
    }
  }
  return report;
}
