import tcb from '@cloudbase/node-sdk';
import type { Db } from '@cloudbase/database';

type App = ReturnType<typeof tcb.init>;

/**
 * The one database handle. In the cloud it talks to CloudBase; in the local runtime the same
 * SDK object is served by local/engine (attached after this handle exists). Created once per
 * process because `app.database()` resets the SDK's request class each time it is called.
 */
let app: App | null = null;
let handle: Db | null = null;

export function cloudApp(): App {
  if (!app) app = tcb.init({ env: process.env.TCB_ENV || tcb.SYMBOL_CURRENT_ENV });
  return app;
}

export function database(): Db {
  if (!handle) handle = cloudApp().database() as unknown as Db;
  return handle;
}

/** Transaction handle as the SDK passes it to `runTransaction` callbacks. */
export type Tx = { collection: Db['collection'] };

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Keyset cursor over (createdAt desc, _id desc): stable while new records arrive. */
export function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(`${createdAt}|${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: string; id: string } | null {
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  const bar = raw.indexOf('|');
  if (bar <= 0) return null;
  return { createdAt: raw.slice(0, bar), id: raw.slice(bar + 1) };
}

/** The where-clause that continues after `cursor` in (`key` desc, _id desc) order. */
export function afterCursor(db: Db, cursor: string | undefined, key = 'createdAt'): object | null {
  if (!cursor) return null;
  const c = decodeCursor(cursor);
  if (!c) return null;
  const _ = db.command;
  return _.or([{ [key]: _.lt(c.createdAt) }, { [key]: c.createdAt, _id: _.lt(c.id) }]);
}

/** One page in (createdAt desc, _id desc) order; asks for one extra row to know if more follow. */
export async function pageByCreatedAt<T extends { _id: string; createdAt: string }>(
  db: Db,
  collection: string,
  where: object,
  cursor: string | undefined,
  limit: number,
  /** Fields a list needs; lists leave out long texts and timelines (every document costs an EJSON parse in the SDK). */
  fields?: readonly string[],
): Promise<Page<T>> {
  return pageByTime<T, 'createdAt'>(db, collection, 'createdAt', where, cursor, limit, fields);
}

/**
 * One page in (`key` desc, _id desc) order, `key` an ISO time field: a keyset page that never skips
 * or repeats a record while new ones arrive. Asks for one extra row to know if more follow.
 */
export async function pageByTime<T extends { _id: string } & Record<K, string>, K extends string>(
  db: Db,
  collection: string,
  key: K,
  where: object,
  cursor: string | undefined,
  limit: number,
  fields?: readonly string[],
): Promise<Page<T>> {
  const after = afterCursor(db, cursor, key);
  const clause = after ? db.command.and([where, after]) : where;
  let query = db.collection(collection).where(clause);
  if (fields) query = query.field(Object.fromEntries(['_id', key, ...fields].map((f) => [f, true])));
  const res = await query
    .orderBy(key, 'desc')
    .orderBy('_id', 'desc')
    .limit(limit + 1)
    .get();
  const rows = res.data as T[];
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last[key], last._id) : null };
}

/**
 * Rows with deterministic ids in one batch add (one request); when some exist already (a batch written
 * before a crash, or by a run alongside), one by one, skipping those. Returns the rows this call wrote,
 * so a resumed batch writer never writes a row twice.
 */
export async function addEachOnce(db: Db, collection: string, rows: readonly { _id?: string }[]): Promise<number> {
  if (rows.length === 0) return 0;
  try {
    await db.collection(collection).add([...rows]);
    return rows.length;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    let n = 0;
    for (const r of rows) {
      try {
        await db.collection(collection).add(r);
        n++;
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
      }
    }
    return n;
  }
}

/** True for the SDK's duplicate-key answer (a deterministic id that already exists). */
export function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  const text = `${e?.code ?? ''} ${e?.message ?? ''}`;
  return /DUPLICATE|duplicate key|E11000/i.test(text);
}

/** Reads one document by id, or null. */
export async function findById<T>(db: Db | Tx, collection: string, id: string): Promise<T | null> {
  const res = await db.collection(collection).doc(id).get();
  const data = (res as { data?: unknown }).data;
  const doc = Array.isArray(data) ? data[0] : data;
  return (doc as T | undefined) ?? null;
}

/** Conflicts after the SDK's retries: someone else changed the same documents first. */
export function isTxConflict(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === 'DATABASE_TRANSACTION_CONFLICT';
}

/** The SDK's cap on one `get()`. */
const MAX_GET = 1000;

/**
 * Every document matching `where`, in `_id` order, 1000 at a time (CloudBase's cap per get),
 * keyset-paged (`_id > last`) so the pages stay exact however many there are; `fields` keeps
 * only what a count or a list needs, so a big village costs a few round trips, not one per row.
 */
export async function readAll<T>(db: Db, collection: string, where: object, fields?: readonly string[]): Promise<T[]> {
  const _ = db.command;
  const out: T[] = [];
  let last: string | null = null;
  for (;;) {
    let q = db.collection(collection).where(last === null ? where : _.and([where, { _id: _.gt(last) }]));
    if (fields) q = q.field(Object.fromEntries(['_id', ...fields].map((f) => [f, true])));
    const res = await q.orderBy('_id', 'asc').limit(MAX_GET).get();
    const rows = res.data as T[];
    out.push(...rows);
    if (rows.length < MAX_GET) return out;
    last = (rows[rows.length - 1] as { _id?: string })._id ?? null;
    if (last === null) return out;
  }
}

/** How many documents match `where`. */
export async function count(db: Db, collection: string, where: object): Promise<number> {
  const res = await db.collection(collection).where(where).count();
  return (res as { total?: number }).total ?? 0;
}

/** Documents by id, 1000 ids a query. */
export async function readByIds<T extends { _id: string }>(db: Db, collection: string, ids: readonly string[]): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += MAX_GET) {
    out.push(...(await readAll<T>(db, collection, { _id: db.command.in(ids.slice(i, i + MAX_GET)) })));
  }
  return out;
}
