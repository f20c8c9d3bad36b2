import { createHash } from 'node:crypto';
import type { Db } from '@cloudbase/database';
import type { NotificationRecord, UserRecord } from '../../shared/domain/records';
import type { NotificationKind } from '../../shared/domain/subscribe';
import type { Audience, FanOutRecord } from '../../shared/domain/notifications-records';
import { addEachOnce, type Tx } from './db';
import { clock } from './clock';
import { COLLECTIONS } from './collections';

export interface Message {
  /** One of the kinds in shared/domain/subscribe.ts, which says how it is delivered. */
  kind: NotificationKind;
  title: string;
  body: string;
  link: { page: string; id: string } | null;
  /** Whom the message is about when it names someone other than its recipient (see NotificationRecord.aboutId). */
  aboutId?: string | null;
}

/**
 * Writes one outbox row per recipient inside the caller's transaction, so a notification exists
 * exactly when the change that caused it was committed. The inbox reads the same rows; the
 * dispatcher delivers `pending` ones as subscribe messages where the user granted them.
 */
export async function enqueue(tx: Tx, recipientIds: readonly string[], message: Message): Promise<number> {
  const now = clock.nowIso();
  const unique = [...new Set(recipientIds)];
  const rows = unique.map(
    (recipientId): Omit<NotificationRecord, '_id'> => ({
      recipientId,
      ...message,
      aboutId: message.aboutId ?? null,
      createdAt: now,
      readAt: null,
      delivery: { status: 'pending', attempts: 0, nextAttemptAt: now, error: null },
    }),
  );
  // One batch add per ENQUEUE_BATCH rows, not one request per recipient: CloudBase inserts an array of
  // documents in one request, inside a transaction too (its insert API takes `data: [...]` with a
  // transactionId). Audiences larger than a few dozen go through enqueueAudience instead.
  for (let i = 0; i < rows.length; i += ENQUEUE_BATCH) await tx.collection(COLLECTIONS.notifications.name).add(rows.slice(i, i + ENQUEUE_BATCH));
  return unique.length;
}

/** Outbox rows per batch add: a request stays well under CloudBase's request size (a row is under 1 KB). */
export const ENQUEUE_BATCH = 100;

/**
 * A message to everyone in an audience too large for one transaction (every household member of a
 * village: hundreds to thousands of people). The change's transaction writes one `fanOuts` row; the
 * dispatcher (notifications `dispatch`) expands it into outbox rows page by page, keyed by user id, and
 * records where it stopped, so no run is long and a crash resumes without duplicates (row ids are
 * deterministic: `<fanOutId>-<recipientId>`). This call, inside the change's transaction, writes the row.
 */
export async function enqueueAudience(tx: Tx, id: string, audience: Audience, message: Message, rowPrefix?: string): Promise<void> {
  await tx.collection(COLLECTIONS.fanOuts.name).add(fanOutRecord({ id, audience, message, rowPrefix }, clock.nowIso()));
}

export interface FanOut {
  id: string;
  audience: Audience;
  message: Message;
  rowPrefix?: string | undefined;
}

function fanOutRecord({ id, audience, message, rowPrefix }: FanOut, createdAt: string): FanOutRecord {
  return { _id: id, audience, message, createdAt, status: 'pending', cursor: null, expanded: 0, ...(rowPrefix ? { rowPrefix } : {}) };
}

/**
 * Several fan-outs of one change in one batch add inside its transaction (one request per ENQUEUE_BATCH:
 * an alert over a hundred places writes a fan-out per place and its grid leaders' task).
 */
export async function enqueueAudiences(tx: Tx, fanOuts: readonly FanOut[]): Promise<void> {
  const createdAt = clock.nowIso();
  const rows = fanOuts.map((f) => fanOutRecord(f, createdAt));
  for (let i = 0; i < rows.length; i += ENQUEUE_BATCH) await tx.collection(COLLECTIONS.fanOuts.name).add(rows.slice(i, i + ENQUEUE_BATCH));
}

/** The users an audience names (a household id is checked per row for village households). */
function audienceWhere(db: Db, a: Audience): object {
  switch (a.kind) {
    case 'village-households':
      return { 'residence.unitId': a.villageId, 'residence.householdConfirmed': true };
    case 'area-residents':
      return { 'residence.path': a.unitId };
    case 'role-holders':
      return { roleKeys: db.command.in(a.roleKeys) };
  }
}

/** Whether a user the query found belongs to the audience (the village's members need a household). */
function inAudience(a: Audience, u: Pick<UserRecord, '_id' | 'residence' | 'closedAt'>): boolean {
  if (u.closedAt) return false;
  return a.kind === 'village-households' ? Boolean(u.residence?.householdId) : true;
}

export interface ExpandOptions {
  /** Users read and outbox rows written per page (one read, one batch add, one cursor update). */
  pageSize: number;
  /** Pages a run expands at most, over all pending fan-outs; the next run resumes. */
  maxPages: number;
}

/** Expands pending fan-outs into outbox rows, at most `maxPages` pages; returns the rows written. */
export async function expandFanOuts(db: Db, options: ExpandOptions = { pageSize: 500, maxPages: 10 }): Promise<number> {
  const _ = db.command;
  const pending = await db.collection(COLLECTIONS.fanOuts.name).where({ status: 'pending' }).orderBy('createdAt', 'asc').limit(options.maxPages).get();
  let pages = 0;
  let written = 0;
  for (const f of pending.data as FanOutRecord[]) {
    let cursor = f.cursor;
    let expanded = f.expanded;
    while (pages < options.maxPages) {
      pages++;
      const where = audienceWhere(db, f.audience);
      const res = await db
        .collection(COLLECTIONS.users.name)
        .where(cursor === null ? where : _.and([where, { _id: _.gt(cursor) }]))
        .field({ _id: true, residence: true, closedAt: true })
        .orderBy('_id', 'asc')
        .limit(options.pageSize)
        .get();
      const users = res.data as Pick<UserRecord, '_id' | 'residence' | 'closedAt'>[];
      const prefix = f.rowPrefix ?? f._id;
      const rows = users.filter((u) => inAudience(f.audience, u)).map((u) => outboxRow(fanOutRowId(prefix, u._id), u._id, f.message, f.createdAt));
      if (rows.length) written += await addOutboxRows(db, rows);
      expanded += rows.length;
      const last = users[users.length - 1]?._id ?? cursor;
      const done = users.length < options.pageSize;
      // Only the run that still holds the old cursor moves it: overlapping runs never skip a page.
      const moved = await db
        .collection(COLLECTIONS.fanOuts.name)
        .where({ _id: f._id, cursor })
        .update({ cursor: last, expanded, status: done ? 'done' : 'pending' });
      if ((moved as { updated?: number }).updated !== 1 || done) break;
      cursor = last;
    }
    if (pages >= options.maxPages) break;
  }
  return written;
}

/** An id's longest (the contracts' idSchema): a row id longer than this could not be read back through any contract. */
const MAX_ID = 64;

/**
 * A fan-out's row id for one recipient: `<prefix>-<recipient>` while that fits an id, else the prefix's
 * head with a hash of both (still deterministic: a resumed expansion, or a row written ahead under the same
 * id as sanitation's reporter's, finds it). A registered user's id is 34 characters, so a prefix past 29
 * (a points month's `fo-pm-…-published`, a council vote's) made ids the contracts refuse.
 */
export function fanOutRowId(prefix: string, recipientId: string): string {
  const plain = `${prefix}-${recipientId}`;
  if (plain.length <= MAX_ID) return plain;
  return `${prefix.slice(0, 20)}-${createHash('sha256').update(plain).digest('hex').slice(0, 40)}`;
}

/** An outbox row with a deterministic id, for batch writers outside a transaction (see addOutboxRows). */
export function outboxRow(id: string, recipientId: string, message: Message, createdAt: string = clock.nowIso()): NotificationRecord {
  return { _id: id, recipientId, ...message, aboutId: message.aboutId ?? null, createdAt, readAt: null, delivery: { status: 'pending', attempts: 0, nextAttemptAt: clock.nowIso(), error: null } };
}

/**
 * Outbox rows in one batch add (one request); rows whose id already exists (a page written before a
 * crash) are skipped, so a resumed batch writer never sends a message twice.
 */
export async function addOutboxRows(db: Db, rows: NotificationRecord[]): Promise<number> {
  return addEachOnce(db, COLLECTIONS.notifications.name, rows);
}
