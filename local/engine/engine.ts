/**
 * The local CloudBase database engine: answers the SDK's `database.*` actions over SQLite.
 *
 * `handle(action, params)` returns exactly the response body the CloudBase HTTP API would: a success body
 * (`{ requestId, data: {...} }`, or `{ requestId, transactionId }`) or an error body
 * `{ requestId, code, message }`. Turning error bodies into thrown errors is the requester's job
 * (attach.ts), as it is in the SDK's own transport.
 *
 * Error codes and messages: one table, errors.ts (the cloud's codes wherever the cloud raises the same error).
 *
 * Natural order: unsorted results come in insertion order, as in the cloud (store.ts `ord`).
 * `updated` counts matched documents, as the cloud does: setting a field to the value it already has
 * answers 1 (nothing is rewritten, though).
 *
 * Transactions (snapshot, optimistic): from its first operation a transaction reads a snapshot. A document
 * written by anyone else after that keeps its pre-image for the transaction (Store.beforeWrite), so a
 * re-read, or a first read, returns the version of the snapshot, like the cloud. The transaction buffers
 * its writes, sees them in its own doc() and where().get() reads, and applies them atomically in one
 * SQLite transaction at commit. It fails with DATABASE_TRANSACTION_CONFLICT when (a) it writes a document
 * whose committed revision moved past its snapshot (reported at that write, as the cloud does), (b) it
 * writes a document another open transaction has already written (first writer wins), or (c) at commit,
 * any document it read or wrote moved past its snapshot (stricter than the cloud, which lets a document
 * that was only read change: see docs/local-engine.md). A conflicted transaction is discarded at once,
 * because the SDK's runTransaction retries without aborting it. Transactions expire after
 * `transactionTimeoutMs` (10 s) and release everything they held. Updates, removes and counts by query are
 * refused inside a transaction: the cloud runs them outside it.
 */
import { randomUUID } from 'crypto';
import {
  aggregate,
  applyUpdate,
  Candidate,
  decodeParam,
  decodeRead,
  deepClone,
  Doc,
  ejsonStringify,
  findMatching,
  findPage,
  matches,
  parseRow,
  planFor,
  projectOne,
  scanPage,
  shape,
} from './query';
import { IndexSpec, Store } from './store';
import { ENGINE_ERRORS, EngineError, refuse } from './errors';
import { missingGeoIndex, nearOf, sortByDistance } from './geo';

export type { IndexSpec, IndexField } from './store';

export { ENGINE_ERRORS, EngineError } from './errors';

/** CloudBase's per-document limit, measured on the serialised document. */
export const MAX_DOCUMENT_BYTES = 512 * 1024;
export const DEFAULT_TRANSACTION_TIMEOUT_MS = 10_000;

export interface EngineOptions {
  file: string;
  indexes?: IndexSpec[];
  transactionTimeoutMs?: number;
  /** Clock for serverDate and transaction expiry; tests move it. */
  now?: () => number;
  /**
   * As in the cloud, a write to a collection that was never created fails (-502005) instead of
   * creating it. The runtime turns this on, so a collection missing from provisioning fails in tests,
   * not in a county; the engine's own conformance harness leaves it off unless a test asks.
   */
  requireCollections?: boolean;
}

export interface ErrorBody {
  requestId: string;
  code: string;
  message: string;
}

type Params = Record<string, unknown>;

interface BufferedWrite {
  collection: string;
  id: string;
  /** null = delete */
  doc: Doc | null;
  /** Place in insertion order (the committed one, or after every committed document for an add). */
  ord: number;
}

interface PreImage {
  rev: number;
  ord: number;
  doc: Doc | null;
}

interface TxState {
  id: string;
  startedAt: number;
  /** Set by the first operation: from then on the transaction reads its snapshot. */
  snapshot: boolean;
  /** key → revision as of the snapshot, for every document read or written (0 = absent). */
  touched: Map<string, number>;
  /** key → the version of the snapshot of a document someone else wrote since. */
  preimages: Map<string, PreImage>;
  writes: Map<string, BufferedWrite>;
  /** Insertion order of documents the transaction adds (after every committed one). */
  inserts: number;
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
  if (typeof v !== 'string' || !v) throw refuse.invalid(`${what} is required`);
  return v;
}

function docIdOf(criteria: unknown): string {
  const id = (criteria as { _id?: unknown } | undefined)?._id;
  if (typeof id === 'string' || typeof id === 'number') return String(id);
  throw refuse.invalid('a doc() request needs an _id');
}

/** A where() update/remove with no condition (none given, or `{}`): the cloud refuses it. */
function isEmptyQuery(criteria: unknown): boolean {
  return criteria === undefined || criteria === null || (typeof criteria === 'object' && Object.keys(criteria).length === 0);
}

/** MongoDB (and so CloudBase) refuses stored field names that start with `$`, at any depth. */
function assertNoDollarKeys(value: unknown, path: string): void {
  if (value === null || typeof value !== 'object') return;
  const tag = Object.prototype.toString.call(value);
  if (tag === '[object Date]' || tag === '[object RegExp]') return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertNoDollarKeys(v, `${path}${path ? '.' : ''}${i}`));
    return;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const here = `${path}${path ? '.' : ''}${k}`;
    if (k.startsWith('$')) throw refuse.dollarField(here);
    assertNoDollarKeys(v, here);
  }
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
  private readonly requireCollections: boolean;

  constructor(opts: EngineOptions) {
    this.store = new Store(opts.file);
    this.store.beforeWrite = (collection, id) => this.keepPreImages(collection, id);
    this.requireCollections = opts.requireCollections ?? false;
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

  /**
   * `how.decoded`: the caller is the local requester under the SDK (attach.ts), which takes a list's
   * plain-JSON documents as DecodedDoc instead of text (see query.ts `scanPage`); other callers get the
   * HTTP API's bodies exactly.
   */
  handle(action: string, rawParams: unknown, how: { decoded?: boolean } = {}): Record<string, unknown> {
    const params = asParams(rawParams);
    this.observer?.(action, params);
    const now = this.now();
    this.expireTransactions();
    try {
      switch (action) {
        case 'database.insertDocument':
          return this.insert(params, now);
        case 'database.getDocument':
          return this.get(params, now, how.decoded === true);
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
          throw refuse.failed(`the local engine does not support ${action}`);
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
    } else if (name === 'UpdateSpecError' || name === 'GeoSpecError') {
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
      throw refuse.invalid(`document ${JSON.stringify(doc._id)} is ${bytes} bytes; CloudBase limits a document to 512 KB`);
    }
    return body;
  }

  private decodeDoc(raw: unknown, now: number): Doc {
    const d = decodeParam(raw, now);
    if (d === null || typeof d !== 'object' || Array.isArray(d)) {
      throw refuse.invalid('document data must be an object');
    }
    return d as Doc;
  }

  private tx(params: Params): TxState | null {
    const id = params.transactionId;
    if (id === undefined || id === null || id === '') return null;
    const tx = this.txs.get(String(id));
    // Committed, aborted, conflicted, expired or never started: the cloud answers all alike.
    if (!tx) throw refuse.transactionNotExist();
    tx.snapshot = true;
    return tx;
  }

  /** Why the last transaction with this id ended (diagnostics; the error the caller sees is the cloud's). */
  endOf(transactionId: string): string | undefined {
    return this.finished.get(transactionId);
  }

  private rejectWhereInTx(params: Params, what: string): void {
    if (params.transactionId) throw refuse.notTransactional(what);
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

  private conflict(tx: TxState, why: string): never {
    this.finish(tx, `was aborted by a conflict: ${why}`);
    throw refuse.transactionConflict();
  }

  private expireTransactions(): void {
    if (!this.txs.size) return;
    const now = this.now();
    for (const tx of [...this.txs.values()]) {
      if (now - tx.startedAt > this.txTimeoutMs) this.finish(tx, `expired after ${this.txTimeoutMs} ms`);
    }
  }

  /** Before anyone writes a document, every open snapshot that has not kept it yet keeps its current version. */
  private keepPreImages(collection: string, id: string): void {
    if (!this.txs.size) return;
    const k = key(collection, id);
    let pre: PreImage | undefined;
    for (const tx of this.txs.values()) {
      if (!tx.snapshot || tx.preimages.has(k)) continue;
      if (!pre) {
        const row = this.store.get(collection, id);
        pre = row ? { rev: row.rev, ord: row.ord, doc: parseRow(row).doc } : { rev: 0, ord: 0, doc: null };
      }
      tx.preimages.set(k, pre);
    }
  }

  /** The committed revision of a document as of the transaction's snapshot. */
  private snapshotRev(tx: TxState, collection: string, id: string): number {
    const pre = tx.preimages.get(key(collection, id));
    return pre ? pre.rev : this.store.revOf(collection, id);
  }

  private touch(tx: TxState, collection: string, id: string): void {
    const k = key(collection, id);
    if (!tx.touched.has(k)) tx.touched.set(k, this.snapshotRev(tx, collection, id));
  }

  /** The document as the transaction sees it: its own buffered write, else the snapshot's version. */
  private txRead(tx: TxState, collection: string, id: string): Doc | null {
    this.touch(tx, collection, id);
    const k = key(collection, id);
    const w = tx.writes.get(k);
    if (w) return w.doc ? deepClone(w.doc) : null;
    const pre = tx.preimages.get(k);
    if (pre) return pre.doc ? deepClone(pre.doc) : null;
    const row = this.store.get(collection, id);
    return row ? parseRow(row).doc : null;
  }

  private txWrite(tx: TxState, collection: string, id: string, doc: Doc | null): void {
    const k = key(collection, id);
    this.touch(tx, collection, id);
    if (this.store.revOf(collection, id) !== tx.touched.get(k)) {
      this.conflict(tx, `document ${collection}/${id} changed after the transaction's snapshot`);
    }
    const holder = this.writeLocks.get(k);
    if (holder !== undefined && holder !== tx.id) {
      this.conflict(tx, `document ${collection}/${id} is being written by another transaction`);
    }
    if (doc) this.serialise(doc);
    this.writeLocks.set(k, tx.id);
    const prev = tx.writes.get(k);
    tx.writes.set(k, { collection, id, doc, ord: prev?.ord ?? this.ordInTx(tx, collection, id) });
  }

  /** Where a document the transaction writes sits in insertion order. */
  private ordInTx(tx: TxState, collection: string, id: string): number {
    const k = key(collection, id);
    const pre = tx.preimages.get(k);
    if (pre) return pre.doc ? pre.ord : Number.MAX_SAFE_INTEGER / 2 + ++tx.inserts;
    const row = this.store.get(collection, id);
    return row ? row.ord : Number.MAX_SAFE_INTEGER / 2 + ++tx.inserts;
  }

  /**
   * where().get() inside a transaction: the snapshot's matching documents with the transaction's own
   * writes applied, in insertion order (documents it added come last, in the order added).
   */
  private txFind(tx: TxState, collection: string, criteria: unknown): Candidate[] {
    const byId = new Map<string, Candidate>();
    for (const c of findMatching(this.store, collection, criteria)) byId.set(c.id, c);
    const prefix = key(collection, '');
    for (const [k, pre] of tx.preimages) {
      if (!k.startsWith(prefix)) continue;
      const id = k.slice(prefix.length);
      byId.delete(id);
      if (pre.doc && matches(pre.doc, criteria)) {
        const body = ejsonStringify(pre.doc);
        byId.set(id, { id, rev: pre.rev, ord: pre.ord, body, doc: deepClone(pre.doc) });
      }
    }
    for (const w of tx.writes.values()) {
      if (w.collection !== collection) continue;
      byId.delete(w.id);
      if (w.doc && matches(w.doc, criteria)) {
        byId.set(w.id, { id: w.id, rev: 0, ord: w.ord, body: ejsonStringify(w.doc), doc: deepClone(w.doc) });
      }
    }
    const out = [...byId.values()].sort((a, b) => a.ord - b.ord);
    for (const c of out) this.touch(tx, collection, c.id);
    return out;
  }

  // ------------------------------------------------------------------------------------ actions

  private insert(params: Params, now: number): Record<string, unknown> {
    const collection = str(params.collectionName, 'collectionName');
    const raw = Array.isArray(params.data) ? params.data : [params.data];
    if (!raw.length) throw refuse.invalid('nothing to insert');
    const docs = raw.map((r) => {
      const d = this.decodeDoc(r, now);
      assertNoDollarKeys(d, '');
      if (d._id === undefined || d._id === null || d._id === '') d._id = newId();
      else if (typeof d._id !== 'string' && typeof d._id !== 'number') {
        throw refuse.invalid('_id must be a string or a number');
      }
      return d;
    });
    const ids = docs.map((d) => String(d._id));
    if (new Set(ids).size !== ids.length) throw refuse.duplicateInBatch();
    const tx = this.tx(params);
    if (tx) {
      for (const d of docs) {
        const id = String(d._id);
        if (this.txRead(tx, collection, id)) throw refuse.duplicateId(collection, id);
        this.txWrite(tx, collection, id, d);
      }
      return { requestId: requestId(), data: { insertedIds: docs.map((d) => d._id) } };
    }
    const bodies = docs.map((d) => this.serialise(d));
    this.writableCollection(collection);
    // A batch add is all-or-nothing: a duplicate anywhere inserts none.
    this.store.transaction(() => {
      docs.forEach((d, i) => this.store.insert(collection, String(d._id), d, bodies[i] as string));
    });
    return { requestId: requestId(), data: { insertedIds: docs.map((d) => d._id) } };
  }

  private get(params: Params, now: number, decoded = false): Record<string, unknown> {
    const collection = str(params.collectionName, 'collectionName');
    const criteria = decodeRead(params.query, now) ?? {};
    const projection = decodeRead(params.projection, now) as Record<string, unknown> | undefined;
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
    const order = decodeRead(params.order, now) as Record<string, 1 | -1> | undefined;
    const opts = {
      order,
      offset: typeof params.offset === 'number' ? params.offset : undefined,
      limit: typeof params.limit === 'number' ? params.limit : undefined,
      projection,
    };
    // An unsorted $nearSphere query answers nearest first, as MongoDB does.
    const asked = nearOf(criteria);
    if (asked && !this.store.geoFields(collection).includes(asked.field)) throw missingGeoIndex(asked.field);
    const near = order && Object.keys(order).length ? null : asked;
    const byNear = (cands: Candidate[]): Candidate[] => (near ? sortByDistance(cands, (c) => c.doc, near) : cands);
    const tx = this.tx(params);
    if (tx) return { requestId: requestId(), data: { list: shape(byNear(this.txFind(tx, collection, criteria)), opts) } };
    const list =
      findPage(this.store, collection, criteria, opts) ??
      (near ? null : scanPage(this.store, collection, criteria, opts, decoded)) ??
      shape(byNear(findMatching(this.store, collection, criteria)), opts);
    return { requestId: requestId(), data: { list } };
  }

  private modify(params: Params, now: number): Record<string, unknown> {
    const collection = str(params.collectionName, 'collectionName');
    const criteria = decodeParam(params.query, now) ?? {};
    const data = decodeParam(params.data, now);
    if (data === null || typeof data !== 'object' || Array.isArray(data)) throw refuse.invalid('update data must be an object');
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
      this.writableCollection(collection);
      return this.store.transaction(() => {
        const row = this.store.get(collection, id);
        const current = row ? parseRow(row).doc : null;
        const result = this.computeDocWrite(current, data as Doc, id, replace, upsert);
        if (result.write) this.store.put(collection, id, result.write, this.serialise(result.write));
        return { requestId: requestId(), data: { updated: result.updated, ...(result.upserted ? { upsert_id: id } : {}) } };
      });
    }

    this.rejectWhereInTx(params, 'update()');
    if (isEmptyQuery(criteria)) throw refuse.whereRequired('update');
    if (replace) throw refuse.invalid('a where() update must use update operators');
    const multi = params.multi !== false;
    if (!this.store.hasCollection(collection)) return { requestId: requestId(), data: { updated: 0 } };
    // Match and write in one SQLite transaction: conditional updates are an atomic compare-and-set.
    // `updated` counts matched documents, as the cloud does; an unchanged one is not rewritten.
    const updated = this.store.transaction(() => {
      let n = 0;
      for (const c of findMatching(this.store, collection, criteria)) {
        const { doc, changed } = applyUpdate(c.doc, data);
        if (changed) this.store.put(collection, c.id, doc, this.serialise(doc));
        n += 1;
        if (!multi) break;
      }
      return n;
    });
    return { requestId: requestId(), data: { updated } };
  }

  /**
   * `updated` counts the matched document, as CloudBase does: updating a field to the value it already has
   * answers 1 (and rewrites nothing). `set()` on a missing document inserts it (upsert_id, updated 0).
   */
  private computeDocWrite(
    current: Doc | null,
    data: Doc,
    id: string,
    replace: boolean,
    upsert: boolean,
  ): { write: Doc | null; updated: number; upserted: boolean } {
    if (replace) {
      if ('_id' in data && String(data._id) !== id) throw refuse.invalid('_id cannot be changed');
      assertNoDollarKeys(data, '');
      const { _id: _given, ...fields } = deepClone(data);
      const next: Doc = { _id: current ? current._id : id, ...fields };
      if (!current) return upsert ? { write: next, updated: 0, upserted: true } : { write: null, updated: 0, upserted: false };
      const same = ejsonStringify(next) === ejsonStringify(current);
      return { write: same ? null : next, updated: 1, upserted: false };
    }
    if (!current) {
      if (!upsert) return { write: null, updated: 0, upserted: false };
      const { doc } = applyUpdate({ _id: id }, data);
      return { write: doc, updated: 0, upserted: true };
    }
    const { doc, changed } = applyUpdate(current, data);
    return { write: changed ? doc : null, updated: 1, upserted: false };
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
    if (isEmptyQuery(criteria)) throw refuse.whereRequired('remove');
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
      return { requestId: requestId(), data: { updated: 1, doc: ejsonStringify(doc) } };
    });
  }

  private addCollection(params: Params): Record<string, unknown> {
    const collection = str(params.collectionName, 'collectionName');
    if (!this.store.ensureCollection(collection)) throw refuse.collectionExists(collection);
    return { requestId: requestId() };
  }

  /** A collection a write may go to: created on demand, or (as in the cloud) refused when never created. */
  private writableCollection(collection: string): void {
    if (this.requireCollections && !this.store.hasCollection(collection)) throw refuse.collectionNotExist(collection);
    this.store.ensureCollection(collection);
  }

  // ------------------------------------------------------------------------------- transactions

  private startTransaction(now: number): Record<string, unknown> {
    const tx: TxState = { id: newId(), startedAt: now, snapshot: false, touched: new Map(), preimages: new Map(), writes: new Map(), inserts: 0 };
    this.txs.set(tx.id, tx);
    return { requestId: requestId(), transactionId: tx.id };
  }

  private commitTransaction(params: Params): Record<string, unknown> {
    const tx = this.tx(params);
    if (!tx) throw refuse.invalid('transactionId is required');
    for (const [k, seen] of tx.touched) {
      const sep = k.indexOf('\u0000');
      if (this.store.revOf(k.slice(0, sep), k.slice(sep + 1)) !== seen) {
        this.conflict(tx, `document ${k.replace('\u0000', '/')} changed after the transaction's snapshot`);
      }
    }
    for (const w of tx.writes.values()) if (w.doc) this.writableCollection(w.collection);
    // Its own writes need no pre-image for itself.
    tx.snapshot = false;
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
