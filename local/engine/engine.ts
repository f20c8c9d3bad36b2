/**
 * The local CloudBase database engine: answers the SDK's `database.*` actions over SQLite.
 *
 * `handle(action, params)` returns exactly the response body the CloudBase HTTP API would: a success body
 * (`{ requestId, data: {...} }`, or `{ requestId, transactionId }`) or an error body
 * `{ requestId, code, message }`. Turning error bodies into thrown errors is the requester's job
 * (attach.ts), as it is in the SDK's own transport.
 *
 * Error codes (CloudBase/SDK names; see ENGINE_ERRORS):
 * - DATABASE_TRANSACTION_CONFLICT — optimistic-concurrency failure; the SDK's runTransaction retries it.
 * - DATABASE_DUPLICATE_WRITE      — duplicate `_id` or unique-index violation (SDK's const/code.ts has
 *                                   no duplicate code; this is the code CloudBase answers with).
 * - INVALID_PARAM                 — bad input: document over 512 KB, bad update spec, and a non-`doc()`
 *                                   operation inside a transaction (the cloud would silently run it
 *                                   outside the transaction; locally that is a loud error).
 * - DATABASE_REQUEST_FAILED       — transaction unknown/expired/finished, unsupported action, internal.
 * - DATABASE_COLLECTION_ALREADY_EXIST — createCollection on an existing collection.
 *
 * Transactions (optimistic): a transaction records the revision of every document it touches (reads or
 * writes) the first time it touches it, buffers its writes and sees them in its own reads, and applies
 * them atomically in one SQLite transaction at commit. It fails with DATABASE_TRANSACTION_CONFLICT when
 * (a) a touched document's committed revision changed since first touch (another commit or any
 * non-transactional write), checked on every later touch and at commit, or (b) it writes a document that
 * another open transaction has already written (first writer wins). A conflicted transaction is discarded
 * at once, because the SDK's runTransaction retries without aborting it. Transactions expire after
 * `transactionTimeoutMs` (10 s, like the cloud) and release everything they held.
 */
import { randomUUID } from 'crypto';
import {
  aggregate,
  applyUpdate,
  Candidate,
  decodeParam,
  deepClone,
  Doc,
  ejsonStringify,
  findMatching,
  findPage,
  parseRow,
  planFor,
  projectOne,
  shape,
} from './query';
import { IndexSpec, Store } from './store';

export type { IndexSpec, IndexField } from './store';

export const ENGINE_ERRORS = {
  CONFLICT: 'DATABASE_TRANSACTION_CONFLICT',
  DUPLICATE: 'DATABASE_DUPLICATE_WRITE',
  INVALID: 'INVALID_PARAM',
  FAILED: 'DATABASE_REQUEST_FAILED',
  COLLECTION_EXISTS: 'DATABASE_COLLECTION_ALREADY_EXIST',
} as const;

/** CloudBase's per-document limit, measured on the serialised document. */
export const MAX_DOCUMENT_BYTES = 512 * 1024;
export const DEFAULT_TRANSACTION_TIMEOUT_MS = 10_000;

export interface EngineOptions {
  file: string;
  indexes?: IndexSpec[];
  transactionTimeoutMs?: number;
  /** Clock for serverDate and transaction expiry; tests move it. */
  now?: () => number;
}

export interface ErrorBody {
  requestId: string;
  code: string;
  message: string;
}

export class EngineError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

type Params = Record<string, unknown>;

interface BufferedWrite {
  collection: string;
  id: string;
  /** null = delete */
  doc: Doc | null;
}

interface TxState {
  id: string;
  startedAt: number;
  /** key → committed revision when first touched (0 = absent). */
  touched: Map<string, number>;
  writes: Map<string, BufferedWrite>;
}

const key = (collection: string, id: string): string => `${collection}\u0000${id}`;

/** 32 hex characters like CloudBase's ids; randomUUID draws from a pooled buffer, unlike randomBytes. */
function newId(): string {
  return randomUUID().replace(/-/g, '');
}

let requestSeq = 0;
/** Request ids only label answers (the SDK passes them through); they need not be random. */
function requestId(): string {
  return `local-${process.pid}-${++requestSeq}`;
}

function asParams(p: unknown): Params {
  return p !== null && typeof p === 'object' && !Array.isArray(p) ? (p as Params) : {};
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string' || !v) throw new EngineError(ENGINE_ERRORS.INVALID, `${what} is required`);
  return v;
}

function docIdOf(criteria: unknown): string {
  const id = (criteria as { _id?: unknown } | undefined)?._id;
  if (typeof id === 'string' || typeof id === 'number') return String(id);
  throw new EngineError(ENGINE_ERRORS.INVALID, 'a doc() request needs an _id');
}

export class LocalEngine {
  readonly store: Store;
  private readonly txTimeoutMs: number;
  private readonly now: () => number;
  private readonly txs = new Map<string, TxState>();
  /** document key → id of the open transaction that has buffered a write to it. */
  private readonly writeLocks = new Map<string, string>();
  private readonly finished = new Map<string, string>();
  /** Told of every request before it runs (the gateway's read cache learns what a call read or wrote). */
  observer: ((action: string, params: Record<string, unknown>) => void) | null = null;

  constructor(opts: EngineOptions) {
    this.store = new Store(opts.file);
    this.txTimeoutMs = opts.transactionTimeoutMs ?? DEFAULT_TRANSACTION_TIMEOUT_MS;
    this.now = opts.now ?? Date.now;
    if (opts.indexes) this.ensureIndexes(opts.indexes);
  }

  ensureIndexes(specs: IndexSpec[]): void {
    for (const s of specs) this.store.ensureIndex(s);
  }

  close(): void {
    this.txs.clear();
    this.writeLocks.clear();
    this.store.close();
  }

  /** EXPLAIN QUERY PLAN details of the SQL candidate query for a (decoded) where clause. */
  explain(collection: string, where: Record<string, unknown>): string {
    this.store.ensureCollection(collection);
    const plan = planFor(this.store, collection, where);
    return this.store.explain(collection, plan.where, plan.params).join('\n');
  }

  /** Number of open (not committed, aborted or expired) transactions. */
  openTransactions(): number {
    this.expireTransactions();
    return this.txs.size;
  }

  handle(action: string, rawParams: unknown): Record<string, unknown> {
    const params = asParams(rawParams);
    this.observer?.(action, params);
    const now = this.now();
    this.expireTransactions();
    try {
      switch (action) {
        case 'database.insertDocument':
          return this.insert(params, now);
        case 'database.getDocument':
          return this.get(params, now);
        case 'database.modifyDocument':
          return this.modify(params, now);
        case 'database.removeDocument':
          return this.remove(params, now);
        case 'database.calculateDocument':
          return this.count(params, now);
        case 'database.aggregateDocuments':
          return this.aggregate(params, now);
        case 'database.modifyAndReturnDoc':
          return this.modifyAndReturn(params, now);
        case 'database.addCollection':
          return this.addCollection(params);
        case 'database.startTransaction':
          return this.startTransaction(now);
        case 'database.commitTransaction':
          return this.commitTransaction(params);
        case 'database.abortTransaction':
          return this.abortTransaction(params);
        default:
          throw new EngineError(ENGINE_ERRORS.FAILED, `the local engine does not support ${action}`);
      }
    } catch (err) {
      return this.errorBody(err);
    }
  }

  private errorBody(err: unknown): Record<string, unknown> {
    let code: string = ENGINE_ERRORS.FAILED;
    let message = String(err);
    // Discriminate by name, not instanceof: transpilers that downlevel `extends Error` lose the prototype.
    const name = typeof err === 'object' && err !== null ? (err as { name?: unknown }).name : undefined;
    if (name === 'EngineError') {
      code = (err as EngineError).code;
      message = (err as EngineError).message;
    } else if (name === 'DuplicateKeyError') {
      code = ENGINE_ERRORS.DUPLICATE;
      message = (err as Error).message;
    } else if (name === 'UpdateSpecError') {
      code = ENGINE_ERRORS.INVALID;
      message = (err as Error).message;
    } else if (typeof err === 'object' && err !== null && typeof (err as Error).message === 'string') {
      message = (err as Error).message;
    }
    const body: ErrorBody = { requestId: requestId(), code, message };
    return { ...body };
  }

  // ------------------------------------------------------------------------------------ helpers

  private serialise(doc: Doc): string {
    const body = ejsonStringify(doc);
    const bytes = Buffer.byteLength(body, 'utf8');
    if (bytes > MAX_DOCUMENT_BYTES) {
      throw new EngineError(
        ENGINE_ERRORS.INVALID,
        `document ${JSON.stringify(doc._id)} is ${bytes} bytes; CloudBase limits a document to 512 KB`,
      );
    }
    return body;
  }

  private decodeDoc(raw: unknown, now: number): Doc {
    const d = decodeParam(raw, now);
    if (d === null || typeof d !== 'object' || Array.isArray(d)) {
      throw new EngineError(ENGINE_ERRORS.INVALID, 'document data must be an object');
    }
    return d as Doc;
  }

  private tx(params: Params): TxState | null {
    const id = params.transactionId;
    if (id === undefined || id === null || id === '') return null;
    const tx = this.txs.get(String(id));
    if (!tx) {
      const why = this.finished.get(String(id)) ?? 'does not exist';
      throw new EngineError(ENGINE_ERRORS.FAILED, `transaction ${String(id)} ${why}`);
    }
    return tx;
  }

  private rejectWhereInTx(params: Params, what: string): void {
    if (params.transactionId) {
      throw new EngineError(
        ENGINE_ERRORS.INVALID,
        `${what} with a where() query is not transactional in CloudBase (only doc() operations and add() are); ` +
          'use doc(id) inside the transaction',
      );
    }
  }

  private finish(tx: TxState, why: string): void {
    this.txs.delete(tx.id);
    for (const k of tx.writes.keys()) if (this.writeLocks.get(k) === tx.id) this.writeLocks.delete(k);
    this.finished.set(tx.id, why);
    // Bounded memory: keep only recent outcomes for diagnostics.
    if (this.finished.size > 1000) {
      const oldest = this.finished.keys().next().value;
      if (oldest !== undefined) this.finished.delete(oldest);
    }
  }

  private conflict(tx: TxState, message: string): never {
    this.finish(tx, 'was aborted by a conflict');
    throw new EngineError(ENGINE_ERRORS.CONFLICT, message);
  }

  private expireTransactions(): void {
    if (!this.txs.size) return;
    const now = this.now();
    for (const tx of [...this.txs.values()]) {
      if (now - tx.startedAt > this.txTimeoutMs) this.finish(tx, `expired after ${this.txTimeoutMs} ms`);
    }
  }

  /** First touch records the committed revision; later touches fail fast if it moved. */
  private touch(tx: TxState, collection: string, id: string): void {
    const k = key(collection, id);
    const current = this.store.revOf(collection, id);
    const seen = tx.touched.get(k);
    if (seen === undefined) tx.touched.set(k, current);
    else if (seen !== current) this.conflict(tx, `document ${collection}/${id} changed during the transaction`);
  }

  /** The document as the transaction sees it: its own buffered write, else the committed version. */
  private txRead(tx: TxState, collection: string, id: string): Doc | null {
    this.touch(tx, collection, id);
    const w = tx.writes.get(key(collection, id));
    if (w) return w.doc ? deepClone(w.doc) : null;
    const row = this.store.get(collection, id);
    return row ? parseRow(row).doc : null;
  }

  private txWrite(tx: TxState, collection: string, id: string, doc: Doc | null): void {
    const k = key(collection, id);
    const holder = this.writeLocks.get(k);
    if (holder !== undefined && holder !== tx.id) {
      this.conflict(tx, `document ${collection}/${id} is being written by another transaction`);
    }
    if (doc) this.serialise(doc);
    this.writeLocks.set(k, tx.id);
    tx.writes.set(k, { collection, id, doc });
  }

  // ------------------------------------------------------------------------------------ actions

  private insert(params: Params, now: number): Record<string, unknown> {
    const collection = str(params.collectionName, 'collectionName');
    const raw = Array.isArray(params.data) ? params.data : [params.data];
    if (!raw.length) throw new EngineError(ENGINE_ERRORS.INVALID, 'nothing to insert');
    const docs = raw.map((r) => {
      const d = this.decodeDoc(r, now);
      if (d._id === undefined || d._id === null || d._id === '') d._id = newId();
      else if (typeof d._id !== 'string' && typeof d._id !== 'number') {
        throw new EngineError(ENGINE_ERRORS.INVALID, '_id must be a string or a number');
      }
      return d;
    });
    const ids = docs.map((d) => String(d._id));
    if (new Set(ids).size !== ids.length) {
      throw new EngineError(ENGINE_ERRORS.DUPLICATE, 'duplicate _id within one insert');
    }
    const tx = this.tx(params);
    if (tx) {
      for (const d of docs) {
        const id = String(d._id);
        if (this.txRead(tx, collection, id)) {
          throw new EngineError(ENGINE_ERRORS.DUPLICATE, `duplicate key in collection ${collection}: _id ${JSON.stringify(id)} already exists`);
        }
        this.txWrite(tx, collection, id, d);
      }
      return { requestId: requestId(), data: { insertedIds: docs.map((d) => d._id) } };
    }
    const bodies = docs.map((d) => this.serialise(d));
    this.store.ensureCollection(collection);
    // A batch add is all-or-nothing: a duplicate anywhere inserts none.
    this.store.transaction(() => {
      docs.forEach((d, i) => this.store.insert(collection, String(d._id), d, bodies[i] as string));
    });
    return { requestId: requestId(), data: { insertedIds: docs.map((d) => d._id) } };
  }

  private get(params: Params, now: number): Record<string, unknown> {
    const collection = str(params.collectionName, 'collectionName');
    const criteria = decodeParam(params.query, now) ?? {};
    const projection = decodeParam(params.projection, now) as Record<string, unknown> | undefined;
    if (params.queryType === 'DOC') {
      const id = docIdOf(criteria);
      const tx = this.tx(params);
      if (tx) {
        const doc = this.txRead(tx, collection, id);
        return { requestId: requestId(), data: { list: doc ? [ejsonStringify(projectOne(doc, projection))] : [] } };
      }
      const row = this.store.get(collection, id);
      if (!row) return { requestId: requestId(), data: { list: [] } };
      const c = parseRow(row);
      const list = projection && Object.keys(projection).length ? [ejsonStringify(projectOne(c.doc, projection))] : [c.body];
      return { requestId: requestId(), data: { list } };
    }
    this.rejectWhereInTx(params, 'get()');
    const order = decodeParam(params.order, now) as Record<string, 1 | -1> | undefined;
    const opts = {
      order,
      offset: typeof params.offset === 'number' ? params.offset : undefined,
      limit: typeof params.limit === 'number' ? params.limit : undefined,
      projection,
    };
    const list = findPage(this.store, collection, criteria, opts) ?? shape(findMatching(this.store, collection, criteria), opts);
    return { requestId: requestId(), data: { list } };
  }

  private modify(params: Params, now: number): Record<string, unknown> {
    const collection = str(params.collectionName, 'collectionName');
    const criteria = decodeParam(params.query, now) ?? {};
    const data = decodeParam(params.data, now);
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      throw new EngineError(ENGINE_ERRORS.INVALID, 'update data must be an object');
    }
    const replace = params.merge === false;
    const upsert = params.upsert === true;

    if (params.queryType === 'DOC') {
      const id = docIdOf(criteria);
      const tx = this.tx(params);
      if (tx) {
        const current = this.txRead(tx, collection, id);
        const result = this.computeDocWrite(current, data as Doc, id, replace, upsert);
        if (result.write) this.txWrite(tx, collection, id, result.write);
        return { requestId: requestId(), data: { updated: result.updated, ...(result.upserted ? { upsert_id: id } : {}) } };
      }
      this.store.ensureCollection(collection);
      return this.store.transaction(() => {
        const row = this.store.get(collection, id);
        const current = row ? parseRow(row).doc : null;
        const result = this.computeDocWrite(current, data as Doc, id, replace, upsert);
        if (result.write) this.store.put(collection, id, result.write, this.serialise(result.write));
        return { requestId: requestId(), data: { updated: result.updated, ...(result.upserted ? { upsert_id: id } : {}) } };
      });
    }

    this.rejectWhereInTx(params, 'update()');
    if (replace) throw new EngineError(ENGINE_ERRORS.INVALID, 'a where() update must use update operators');
    const multi = params.multi !== false;
    if (!this.store.hasCollection(collection)) return { requestId: requestId(), data: { updated: 0 } };
    // Match and write in one SQLite transaction: conditional updates are an atomic compare-and-set.
    const updated = this.store.transaction(() => {
      let n = 0;
      for (const c of findMatching(this.store, collection, criteria)) {
        const { doc, changed } = applyUpdate(c.doc, data);
        if (changed) {
          this.store.put(collection, c.id, doc, this.serialise(doc));
          n += 1;
        }
        if (!multi) break;
      }
      return n;
    });
    return { requestId: requestId(), data: { updated } };
  }

  /**
   * `updated` counts documents actually modified (Mongo's nModified, which CloudBase reports): updating a
   * field to the value it already has answers 0. `set()` on a missing document inserts it (upsert_id).
   */
  private computeDocWrite(
    current: Doc | null,
    data: Doc,
    id: string,
    replace: boolean,
    upsert: boolean,
  ): { write: Doc | null; updated: number; upserted: boolean } {
    if (replace) {
      if ('_id' in data && String(data._id) !== id) throw new EngineError(ENGINE_ERRORS.INVALID, '_id cannot be changed');
      const { _id: _given, ...fields } = deepClone(data);
      const next: Doc = { _id: current ? current._id : id, ...fields };
      if (!current) return upsert ? { write: next, updated: 0, upserted: true } : { write: null, updated: 0, upserted: false };
      const same = ejsonStringify(next) === ejsonStringify(current);
      return same ? { write: null, updated: 0, upserted: false } : { write: next, updated: 1, upserted: false };
    }
    if (!current) {
      if (!upsert) return { write: null, updated: 0, upserted: false };
      const { doc } = applyUpdate({ _id: id }, data);
      return { write: doc, updated: 0, upserted: true };
    }
    const { doc, changed } = applyUpdate(current, data);
    return changed ? { write: doc, updated: 1, upserted: false } : { write: null, updated: 0, upserted: false };
  }

  private remove(params: Params, now: number): Record<string, unknown> {
    const collection = str(params.collectionName, 'collectionName');
    const criteria = decodeParam(params.query, now) ?? {};
    if (params.queryType === 'DOC') {
      const id = docIdOf(criteria);
      const tx = this.tx(params);
      if (tx) {
        const current = this.txRead(tx, collection, id);
        if (!current) return { requestId: requestId(), data: { deleted: 0 } };
        this.txWrite(tx, collection, id, null);
        return { requestId: requestId(), data: { deleted: 1 } };
      }
      const deleted = this.store.transaction(() => (this.store.delete(collection, id) ? 1 : 0));
      return { requestId: requestId(), data: { deleted } };
    }
    this.rejectWhereInTx(params, 'remove()');
    const multi = params.multi !== false;
    if (!this.store.hasCollection(collection)) return { requestId: requestId(), data: { deleted: 0 } };
    const deleted = this.store.transaction(() => {
      let n = 0;
      for (const c of findMatching(this.store, collection, criteria)) {
        if (this.store.delete(collection, c.id)) n += 1;
        if (!multi) break;
      }
      return n;
    });
    return { requestId: requestId(), data: { deleted } };
  }

  private count(params: Params, now: number): Record<string, unknown> {
    const collection = str(params.collectionName, 'collectionName');
    this.rejectWhereInTx(params, 'count()');
    const criteria = decodeParam(params.query, now) ?? {};
    return { requestId: requestId(), data: { total: findMatching(this.store, collection, criteria).length } };
  }

  private aggregate(params: Params, now: number): Record<string, unknown> {
    const collection = str(params.collectionName, 'collectionName');
    this.rejectWhereInTx(params, 'aggregate()');
    const rawStages = Array.isArray(params.stages) ? params.stages : [];
    const pipeline = rawStages.map((s) => {
      const stage = asParams(s);
      const name = str(stage.stageKey, 'stageKey');
      const value = typeof stage.stageValue === 'string' ? decodeParam(stage.stageValue, now) : stage.stageValue;
      return { [name]: value } as Doc;
    });
    const out = aggregate(this.store, collection, pipeline);
    return { requestId: requestId(), data: { list: out.map((d) => ejsonStringify(d)) } };
  }

  private modifyAndReturn(params: Params, now: number): Record<string, unknown> {
    const collection = str(params.collectionName, 'collectionName');
    this.rejectWhereInTx(params, 'updateAndReturn()');
    const criteria = decodeParam(params.query, now) ?? {};
    const data = decodeParam(params.data, now);
    if (!this.store.hasCollection(collection)) return { requestId: requestId(), data: { updated: 0, doc: null } };
    return this.store.transaction(() => {
      const first: Candidate | undefined = findMatching(this.store, collection, criteria)[0];
      if (!first) return { requestId: requestId(), data: { updated: 0, doc: null } };
      const { doc, changed } = applyUpdate(first.doc, data);
      if (changed) this.store.put(collection, first.id, doc, this.serialise(doc));
      return { requestId: requestId(), data: { updated: changed ? 1 : 0, doc: ejsonStringify(doc) } };
    });
  }

  private addCollection(params: Params): Record<string, unknown> {
    const collection = str(params.collectionName, 'collectionName');
    if (!this.store.ensureCollection(collection)) {
      throw new EngineError(ENGINE_ERRORS.COLLECTION_EXISTS, `collection ${collection} already exists`);
    }
    return { requestId: requestId() };
  }

  // ------------------------------------------------------------------------------- transactions

  private startTransaction(now: number): Record<string, unknown> {
    const tx: TxState = { id: newId(), startedAt: now, touched: new Map(), writes: new Map() };
    this.txs.set(tx.id, tx);
    return { requestId: requestId(), transactionId: tx.id };
  }

  private commitTransaction(params: Params): Record<string, unknown> {
    const tx = this.tx(params);
    if (!tx) throw new EngineError(ENGINE_ERRORS.INVALID, 'transactionId is required');
    for (const [k, seen] of tx.touched) {
      const sep = k.indexOf('\u0000');
      if (this.store.revOf(k.slice(0, sep), k.slice(sep + 1)) !== seen) {
        this.conflict(tx, `document ${k.replace('\u0000', '/')} changed during the transaction`);
      }
    }
    for (const w of tx.writes.values()) if (w.doc) this.store.ensureCollection(w.collection);
    try {
      this.store.transaction(() => {
        for (const w of tx.writes.values()) {
          if (w.doc) this.store.put(w.collection, w.id, w.doc, this.serialise(w.doc));
          else this.store.delete(w.collection, w.id);
        }
      });
    } catch (err) {
      this.finish(tx, 'failed to commit');
      throw err;
    }
    this.finish(tx, 'is already committed');
    return { requestId: requestId() };
  }

  private abortTransaction(params: Params): Record<string, unknown> {
    const id = params.transactionId;
    const tx = typeof id === 'string' ? this.txs.get(id) : undefined;
    // Aborting a transaction that already ended (conflict, expiry) is a no-op, so the SDK's implicit
    // rollback after a failed attempt never masks the original error.
    if (tx) this.finish(tx, 'was aborted');
    return { requestId: requestId() };
  }
}
