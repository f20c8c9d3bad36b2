/**
 * SQLite storage for the local CloudBase engine.
 *
 * Layout: ONE TABLE PER COLLECTION (`"c:<name>"`), each `(_id TEXT PRIMARY KEY, rev INTEGER, body TEXT,
 * ord INTEGER)`, a rowid table: SQLite walks an expression index of a rowid table several times faster
 * than one of a WITHOUT ROWID table (a count of 60 rows through the same index: 4.6 µs against 16.5 µs,
 * better-sqlite3 12 / SQLite 3.50), and a list's keys come through such an index. Files written with
 * WITHOUT ROWID tables keep them and answer the same. Chosen over a single table with a collection column because declared indexes are then
 * plain expression indexes (`json_extract(body,'$.field')`) that SQLite uses for an equality on the field
 * alone, unique indexes are naturally scoped to their collection (no partial-index predicate the planner
 * would have to prove), and dropping/scanning one collection never touches another.
 *
 * `body` is relaxed EJSON (bson 4): strings, numbers and booleans stay plain JSON, so `json_extract`
 * sees them as SQL values; Dates become `{"$date": ...}` and round-trip as Date objects.
 *
 * `rev` is drawn from ONE engine-wide monotonically increasing sequence (persisted in `_meta`), never a
 * per-document counter: a document that is deleted and re-created can therefore never reproduce a revision
 * a transaction recorded earlier (no ABA). Revision 0 means "absent".
 *
 * `ord` is the document's insertion sequence (the revision it was inserted with; an update keeps it): the
 * cloud returns unsorted results in insertion order, so every read orders by it (and breaks sort ties by
 * it). Files written before `ord` existed get the column on open, filled from `rev`.
 *
 * Multikey fields: an indexed field seen holding an array (Mongo's "multikey") cannot be served by the
 * `json_extract` expression index, which sees only the whole array. Such a field gets a SIDE TABLE
 * `"mk:<collection>:<field>" (value, _id)` with one row per scalar (string/number) element — and one row
 * for a plain scalar value — indexed on `value` (`"mkv:…"`, covering `(value, _id)`) and on `_id`
 * (`"mki:…"`). Every write (insert/put/delete) maintains it in the caller's SQLite transaction; the first
 * time a field turns multikey its side table is created and backfilled from the existing documents in that
 * same transaction. Which fields are multikey is persisted in `_multikey`; opening a file recreates and
 * backfills any side table that is missing (files written before side tables existed).
 *
 * Invariant: one process owns a file (the local gateway). WAL lets other readers look, but the in-memory
 * sequence and index metadata assume a single writer.
 */
import Database from 'better-sqlite3';
import type { CachedDoc } from './query';

export interface IndexField {
  field: string;
  /** '2dsphere': a geo index (what CloudBase needs for geoNear); it has no SQL index behind it. */
  direction?: 1 | -1 | 'asc' | 'desc' | '2dsphere';
}

export interface IndexSpec {
  collection: string;
  fields: IndexField[];
  unique?: boolean;
  /** Optional explicit name; otherwise derived from the fields. */
  name?: string;
}

export interface StoredRow {
  _id: string;
  rev: number;
  ord: number;
  body: string;
}

/** Raised for a primary-key or unique-index violation; the engine maps it to DATABASE_DUPLICATE_WRITE. */
export class DuplicateKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DuplicateKeyError';
  }
}

const SAFE_SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** JSON path for SQLite's json_extract from a Mongo dot path (`a.b` → `$.a.b`, odd names quoted). */
export function jsonPath(field: string): string {
  return (
    '$' +
    field
      .split('.')
      .map((seg) => (SAFE_SEGMENT.test(seg) ? `.${seg}` : `."${seg.replace(/"/g, '""')}"`))
      .join('')
  );
}

/** SQL expression for a document field; `_id` is the primary key column, everything else lives in body. */
export function fieldExpr(field: string): string {
  if (field === '_id') return '_id';
  return `json_extract(body, '${jsonPath(field).replace(/'/g, "''")}')`;
}

/** Side table of a multikey field (see the header); quoted. */
export function sideTable(collection: string, field: string): string {
  return quoteIdent(`mk:${collection}:${field}`);
}

function sideTableRaw(collection: string, field: string): string {
  return `mk:${collection}:${field}`;
}

/** A value the side table holds and the planner may look up: strings and finite numbers only. */
export function isMultikeyValue(v: unknown): v is string | number {
  return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
}

/**
 * Every string/number a query on `field` could match in `doc`, Mongo/mingo style: arrays are traversed
 * at every level of the dot path (and flattened at the end, as mingo's $eq does), a numeric segment also
 * indexes into an array. Deliberately generous: the side table only has to be a superset of what mingo
 * matches by equality/$in, because mingo re-checks every candidate.
 */
export function multikeyValues(doc: unknown, field: string): Set<string | number> {
  const out = new Set<string | number>();
  const segs = field.split('.');
  const leaf = (v: unknown, depth: number): void => {
    if (isMultikeyValue(v)) out.add(v);
    else if (Array.isArray(v) && depth < 100) for (const x of v) leaf(x, depth + 1);
  };
  const walk = (cur: unknown, i: number, depth: number): void => {
    if (depth > 100) return;
    if (i === segs.length) {
      leaf(cur, 0);
      return;
    }
    if (Array.isArray(cur)) {
      const seg = segs[i] as string;
      if (/^\d+$/.test(seg)) walk(cur[Number(seg)], i + 1, depth + 1);
      for (const el of cur) walk(el, i, depth + 1);
      return;
    }
    if (cur !== null && typeof cur === 'object' && Object.prototype.toString.call(cur) === '[object Object]') {
      walk((cur as Record<string, unknown>)[segs[i] as string], i + 1, depth + 1);
    }
  };
  walk(doc, 0, 0);
  return out;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function ordIndex(collection: string): string {
  return quoteIdent(`ord:${collection}`);
}

function tableName(collection: string): string {
  return `c:${collection}`;
}

function indexName(spec: IndexSpec): string {
  const base =
    spec.name ?? spec.fields.map((f) => `${f.field}_${f.direction === '2dsphere' ? '2dsphere' : dirOf(f) === 'DESC' ? -1 : 1}`).join('_');
  return `ix:${spec.collection}:${base}`;
}

function dirOf(f: IndexField): 'ASC' | 'DESC' {
  return f.direction === -1 || f.direction === 'desc' ? 'DESC' : 'ASC';
}

// No instanceof: under jest the native module's errors may come from another realm.
function isSqliteConstraint(err: unknown): err is Error & { code: string } {
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as { code?: unknown }).code === 'string' &&
    /^SQLITE_CONSTRAINT/.test((err as unknown as { code: string }).code)
  );
}

export class Store {
  readonly db: Database.Database;
  private readonly collections = new Set<string>();
  /** Bumped by every write to a collection; cached query pages of an older version are stale. */
  private readonly writeVersions = new Map<string, number>();
  /** Bumped by every write to any collection (readers that cannot name their collections use it). */
  private anyWrites = 0;
  /**
   * Decoded documents by `collection\0_id`, each valid only for the revision it was read at (every write
   * gives a document a fresh revision, never reused): a scan checks the revision SQL returns before it
   * trusts an entry (query.ts `scanPage`). What a database keeps in its buffer pool instead of decoding
   * every document of every query again. Entries are never mutated; bounded by `DOC_CACHE_CHARS`.
   */
  readonly docCache = new Map<string, Map<string, CachedDoc>>();
  /** pushableFields by collection; dropped when the collection's indexes or multikey fields change. */
  private readonly pushable = new Map<string, ReadonlySet<string>>();
  docCacheChars = 0;
  /** Recent exact-plan query pages (see findPage), oldest first; bounded. */
  readonly pageCache = new Map<string, { version: number; list: string[] }>();
  private readonly indexes = new Map<string, IndexSpec[]>();
  /**
   * `collection\0field` of indexed fields seen holding an array (Mongo's "multikey"): never pushed into SQL
   * as expression-index terms; served through their side table instead (see the header).
   */
  private readonly multikey = new Set<string>();
  /** collection → its multikey fields (each with a side table). */
  private readonly multikeyFields = new Map<string, string[]>();
  /**
   * Multikey flags set inside a still-open SQLite transaction. Their side table DDL and `_multikey` row
   * roll back with it, so on a rollback the in-memory flags are forgotten too (see `transaction`).
   */
  private readonly multikeyJournal: string[] = [];
  private readonly stmtCache = new Map<string, Database.Statement>();
  /** selectKeys' statements: collection → where → order (bounded by the distinct query shapes the functions send). */
  private readonly keyStmts = new Map<string, Map<string, Map<string, Database.Statement>>>();
  private seq: number;
  /**
   * Called before any document is inserted, replaced or deleted (inside the write's SQLite transaction,
   * while the old version is still readable): the engine keeps the pre-images its open transactions'
   * snapshots need.
   */
  beforeWrite: ((collection: string, id: string) => void) | null = null;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a commit is durable against process death (kill -9); only an OS crash/power
    // loss can drop the last transactions, never corrupt the file.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS _meta (k TEXT PRIMARY KEY, v INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS _collections (name TEXT PRIMARY KEY) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS _indexes (name TEXT PRIMARY KEY, collection TEXT NOT NULL, spec TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS _multikey (collection TEXT NOT NULL, field TEXT NOT NULL, PRIMARY KEY (collection, field)) WITHOUT ROWID;
      INSERT OR IGNORE INTO _meta (k, v) VALUES ('seq', 0);
    `);
    this.seq = (this.db.prepare(`SELECT v FROM _meta WHERE k = 'seq'`).get() as { v: number }).v;
    for (const r of this.db.prepare('SELECT name FROM _collections').all() as { name: string }[]) {
      this.collections.add(r.name);
      this.addOrdColumn(r.name);
    }
    for (const r of this.db.prepare('SELECT spec FROM _indexes').all() as { spec: string }[]) {
      const spec = JSON.parse(r.spec) as IndexSpec;
      const list = this.indexes.get(spec.collection) ?? [];
      list.push(spec);
      this.indexes.set(spec.collection, list);
    }
    for (const r of this.db.prepare('SELECT collection, field FROM _multikey').all() as {
      collection: string;
      field: string;
    }[]) {
      this.rememberMultikey(r.collection, r.field);
      this.healSideTable(r.collection, r.field);
    }
  }

  /** Reopen: a multikey field whose side table is missing (older file) gets it created and backfilled. */
  private healSideTable(collection: string, field: string): void {
    const exists = this.db
      .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`)
      .get(sideTableRaw(collection, field));
    if (exists) return;
    this.transaction(() => {
      this.createSideTable(collection, field);
      this.backfillSideTable(collection, field);
    });
  }

  /** Files written before insertion order was kept: add `ord`, filled from `rev` (the closest record). */
  private addOrdColumn(collection: string): void {
    const cols = this.db.prepare(`PRAGMA table_info(${this.table(collection)})`).all() as { name: string }[];
    if (!cols.length || cols.some((c) => c.name === 'ord')) return;
    this.transaction(() => {
      this.db.exec(`ALTER TABLE ${this.table(collection)} ADD COLUMN ord INTEGER`);
      this.db.exec(`UPDATE ${this.table(collection)} SET ord = rev`);
      this.db.exec(`CREATE INDEX IF NOT EXISTS ${ordIndex(collection)} ON ${this.table(collection)} (ord)`);
    });
  }

  close(): void {
    this.stmtCache.clear();
    this.keyStmts.clear();
    if (this.db.open) this.db.close();
  }

  stmt(sql: string): Database.Statement {
    let s = this.stmtCache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmtCache.set(sql, s);
    }
    return s;
  }

  /** Runs fn inside one SQLite transaction (BEGIN IMMEDIATE); nested calls become savepoints. */
  transaction<T>(fn: () => T): T {
    const mark = this.multikeyJournal.length;
    let out: T;
    try {
      out = this.db.transaction(fn).immediate();
    } catch (err) {
      // The (save)point rolled back, taking any side table it created with it: forget those flags.
      for (const k of this.multikeyJournal.splice(mark)) this.forgetMultikey(k);
      throw err;
    }
    if (!this.db.inTransaction) this.multikeyJournal.length = 0;
    return out;
  }

  /** Next revision; persisted by the caller's SQLite transaction via `persistSeq`. */
  nextRev(): number {
    this.seq += 1;
    return this.seq;
  }

  private persistSeq(): void {
    this.stmt(`UPDATE _meta SET v = ? WHERE k = 'seq'`).run(this.seq);
  }

  hasCollection(collection: string): boolean {
    return this.collections.has(collection);
  }

  listCollections(): string[] {
    return [...this.collections];
  }

  /** Creates the collection's table (and any declared indexes) if missing. Returns true when created. */
  ensureCollection(collection: string): boolean {
    if (this.collections.has(collection)) return false;
    if (!collection || collection.length > 128) throw new Error(`invalid collection name: ${collection}`);
    this.transaction(() => {
      this.db.exec(
        `CREATE TABLE IF NOT EXISTS ${quoteIdent(tableName(collection))} (_id TEXT PRIMARY KEY, rev INTEGER NOT NULL, body TEXT NOT NULL, ord INTEGER)`,
      );
      this.db.exec(`CREATE INDEX IF NOT EXISTS ${ordIndex(collection)} ON ${quoteIdent(tableName(collection))} (ord)`);
      this.stmt('INSERT OR IGNORE INTO _collections (name) VALUES (?)').run(collection);
      for (const spec of this.indexes.get(collection) ?? []) this.createSqlIndex(spec);
    });
    this.collections.add(collection);
    return true;
  }

  table(collection: string): string {
    return quoteIdent(tableName(collection));
  }

  indexesOf(collection: string): IndexSpec[] {
    return this.indexes.get(collection) ?? [];
  }

  /** Multikey fields of a collection → their (quoted) side table, for the planner. */
  multikeySides(collection: string): Map<string, string> {
    const out = new Map<string, string>();
    for (const f of this.multikeyFields.get(collection) ?? []) out.set(f, sideTable(collection, f));
    return out;
  }

  /** Fields whose equality/range can be pushed into SQL: `_id` plus every non-multikey indexed field. */
  pushableFields(collection: string): ReadonlySet<string> {
    const known = this.pushable.get(collection);
    if (known) return known;
    const out = new Set<string>(['_id']);
    for (const spec of this.indexesOf(collection)) {
      for (const f of spec.fields) {
        if (f.direction !== '2dsphere' && !this.multikey.has(`${collection}\0${f.field}`)) out.add(f.field);
      }
    }
    this.pushable.set(collection, out);
    return out;
  }

  /** Fields with a declared geo ('2dsphere') index. */
  geoFields(collection: string): string[] {
    return this.indexesOf(collection).flatMap((spec) => spec.fields.filter((f) => f.direction === '2dsphere').map((f) => f.field));
  }

  ensureIndex(spec: IndexSpec): void {
    if (!spec.fields.length) throw new Error('an index needs at least one field');
    const name = indexName(spec);
    const existing = this.indexesOf(spec.collection);
    if (existing.some((s) => indexName(s) === name)) return;
    this.ensureCollection(spec.collection);
    try {
      this.transaction(() => {
        this.createSqlIndex(spec);
        this.stmt('INSERT OR REPLACE INTO _indexes (name, collection, spec) VALUES (?, ?, ?)').run(
          name,
          spec.collection,
          JSON.stringify(spec),
        );
      });
    } catch (err) {
      if (isSqliteConstraint(err)) {
        throw new DuplicateKeyError(`cannot create unique index ${name}: existing documents violate it`);
      }
      throw err;
    }
    existing.push(spec);
    this.indexes.set(spec.collection, existing);
    this.pushable.delete(spec.collection);
    // Existing documents may already hold arrays on the new fields.
    for (const f of spec.fields) {
      if (f.direction === '2dsphere') continue;
      const hit = this.db
        .prepare(
          `SELECT 1 FROM ${this.table(spec.collection)} WHERE json_type(body, ?) = 'array' LIMIT 1`,
        )
        .get(jsonPath(f.field));
      if (hit || this.anyArrayOnPath(spec.collection, f.field)) this.markMultikey(spec.collection, f.field);
    }
  }

  /** Arrays in the middle of a dot path (`a.b` with `a` an array) also defeat json_extract. */
  private anyArrayOnPath(collection: string, field: string): boolean {
    const segs = field.split('.');
    for (let i = 1; i < segs.length; i++) {
      const prefix = segs.slice(0, i).join('.');
      const hit = this.db
        .prepare(`SELECT 1 FROM ${this.table(collection)} WHERE json_type(body, ?) = 'array' LIMIT 1`)
        .get(jsonPath(prefix));
      if (hit) return true;
    }
    return false;
  }

  private createSqlIndex(spec: IndexSpec): void {
    const fields = spec.fields.filter((f) => f.direction !== '2dsphere');
    if (!fields.length) return;
    const cols = fields.map((f) => `${fieldExpr(f.field)} ${dirOf(f)}`).join(', ');
    // A plain index also carries the row's key columns, so a list's keys (selectKeys) come from the index
    // alone, without a visit to each row. A unique index cannot: the extra columns would make every entry unique.
    this.db.exec(
      `CREATE ${spec.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${quoteIdent(indexName(spec))} ON ${this.table(spec.collection)} (${cols}${spec.unique ? '' : ', _id, rev, ord'})`,
    );
  }

  /** Flags a field multikey: persists the flag, creates and backfills its side table, in one (save)point. */
  private markMultikey(collection: string, field: string): void {
    const key = `${collection}\0${field}`;
    if (this.multikey.has(key)) return;
    this.transaction(() => {
      this.stmt('INSERT OR IGNORE INTO _multikey (collection, field) VALUES (?, ?)').run(collection, field);
      this.createSideTable(collection, field);
      this.backfillSideTable(collection, field);
    });
    this.rememberMultikey(collection, field);
    if (this.db.inTransaction) this.multikeyJournal.push(key);
  }

  private rememberMultikey(collection: string, field: string): void {
    const key = `${collection}\0${field}`;
    if (this.multikey.has(key)) return;
    this.multikey.add(key);
    this.pushable.delete(collection);
    const list = this.multikeyFields.get(collection) ?? [];
    list.push(field);
    this.multikeyFields.set(collection, list);
  }

  private forgetMultikey(key: string): void {
    if (!this.multikey.delete(key)) return;
    const sep = key.indexOf('\0');
    const collection = key.slice(0, sep);
    const field = key.slice(sep + 1);
    this.pushable.delete(collection);
    const list = (this.multikeyFields.get(collection) ?? []).filter((f) => f !== field);
    if (list.length) this.multikeyFields.set(collection, list);
    else this.multikeyFields.delete(collection);
  }

  private createSideTable(collection: string, field: string): void {
    const raw = sideTableRaw(collection, field);
    // `value` has no declared type (BLOB affinity): '5' and 5 stay distinct, as in Mongo.
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS ${quoteIdent(raw)} (value NOT NULL, _id TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS ${quoteIdent(`mkv:${collection}:${field}`)} ON ${quoteIdent(raw)} (value, _id);
      CREATE INDEX IF NOT EXISTS ${quoteIdent(`mki:${collection}:${field}`)} ON ${quoteIdent(raw)} (_id);
    `);
  }

  /** Rebuilds a side table from the collection's documents (caller holds the transaction). */
  private backfillSideTable(collection: string, field: string): void {
    const side = sideTable(collection, field);
    this.db.exec(`DELETE FROM ${side}`);
    if (!this.collections.has(collection)) return;
    const page = this.db.prepare(
      `SELECT _id, body FROM ${this.table(collection)} WHERE _id > ? ORDER BY _id LIMIT 2000`,
    );
    const ins = this.db.prepare(`INSERT INTO ${side} (value, _id) VALUES (?, ?)`);
    let after = '';
    for (;;) {
      // Paged, not iterate(): better-sqlite3 cannot run the inserts while an iterator holds the connection.
      const rows = page.all(after) as { _id: string; body: string }[];
      if (!rows.length) break;
      for (const r of rows) {
        for (const v of multikeyValues(parseBody(r.body), field)) ins.run(v, r._id);
      }
      after = (rows[rows.length - 1] as { _id: string })._id;
    }
  }

  /** Keeps the side tables of a collection's multikey fields in step with one document write. */
  private writeSideRows(collection: string, id: string, doc: Record<string, unknown> | null, fresh: boolean): void {
    const fields = this.multikeyFields.get(collection);
    if (!fields) return;
    for (const field of fields) {
      const side = sideTable(collection, field);
      if (!fresh) this.stmt(`DELETE FROM ${side} WHERE _id = ?`).run(id);
      if (!doc) continue;
      const values = multikeyValues(doc, field);
      if (!values.size) continue;
      const ins = this.stmt(`INSERT INTO ${side} (value, _id) VALUES (?, ?)`);
      for (const v of values) ins.run(v, id);
    }
  }

  /** Keeps the multikey flags true before a document is written (see pushableFields). */
  private trackMultikey(collection: string, doc: Record<string, unknown>): void {
    const specs = this.indexes.get(collection);
    if (!specs) return;
    for (const spec of specs) {
      for (const f of spec.fields) {
        if (f.direction === '2dsphere' || this.multikey.has(`${collection}\0${f.field}`)) continue;
        let cur: unknown = doc;
        for (const seg of f.field.split('.')) {
          if (cur === null || typeof cur !== 'object') break;
          cur = (cur as Record<string, unknown>)[seg];
          if (Array.isArray(cur)) {
            this.markMultikey(collection, f.field);
            break;
          }
        }
      }
    }
  }

  get(collection: string, id: string): StoredRow | undefined {
    if (!this.collections.has(collection)) return undefined;
    return this.stmt(`SELECT _id, rev, ord, body FROM ${this.table(collection)} WHERE _id = ?`).get(id) as
      | StoredRow
      | undefined;
  }

  revOf(collection: string, id: string): number {
    if (!this.collections.has(collection)) return 0;
    const r = this.stmt(`SELECT rev FROM ${this.table(collection)} WHERE _id = ?`).get(id) as
      | { rev: number }
      | undefined;
    return r ? r.rev : 0;
  }

  /** Candidate rows; `where` is an SQL boolean over `_id`/`body` built by the planner, or '' for a scan. */
  select(collection: string, where: string, params: unknown[]): StoredRow[] {
    if (!this.collections.has(collection)) return [];
    const sql = `SELECT _id, rev, ord, body FROM ${this.table(collection)}${where ? ` WHERE ${where}` : ''} ORDER BY ord`;
    return this.stmt(sql).all(...params) as StoredRow[];
  }

  /**
   * The keys (no bodies) of the candidate rows in `order` (an SQL ORDER BY list from the planner), for a
   * scan that reads bodies only until its page is full (query.ts `scanPage`).
   */
  selectKeys(collection: string, where: string, params: unknown[], order: string): string[] {
    if (!this.collections.has(collection)) return [];
    // One text per row, `rev,ord,_id`, instead of a row object of three: better-sqlite3 builds a row
    // object per row, and for a page's worth of keys that cost more than the index search.
    // Found by the plan's own strings (planFor and planOrder keep them), whose hashes V8 has already
    // computed, instead of by a query text written out anew for each read.
    let byWhere = this.keyStmts.get(collection);
    if (!byWhere) this.keyStmts.set(collection, (byWhere = new Map()));
    let byOrder = byWhere.get(where);
    if (!byOrder) byWhere.set(where, (byOrder = new Map()));
    let s = byOrder.get(order);
    if (!s) {
      const sql = `SELECT rev || ',' || coalesce(ord, '') || ',' || _id FROM ${this.table(collection)}${where ? ` WHERE ${where}` : ''} ORDER BY ${order || 'ord'}`;
      s = this.stmtCache.get(sql) ?? this.db.prepare(sql).pluck(true);
      this.stmtCache.set(sql, s);
      byOrder.set(order, s);
    }
    return s.all(...params) as string[];
  }


  /** A sorted, limited page of rows; `order` is an SQL ORDER BY list from the planner (insertion order if empty). */
  selectPage(collection: string, where: string, params: unknown[], order: string, limit: number, offset: number): StoredRow[] {
    if (!this.collections.has(collection)) return [];
    const sql = `SELECT _id, rev, ord, body FROM ${this.table(collection)}${where ? ` WHERE ${where}` : ''} ORDER BY ${order || 'ord'} LIMIT ? OFFSET ?`;
    return this.stmt(sql).all(...params, limit, offset) as StoredRow[];
  }

  explain(collection: string, where: string, params: unknown[]): string[] {
    const sql = `EXPLAIN QUERY PLAN SELECT _id, rev, ord, body FROM ${this.table(collection)}${where ? ` WHERE ${where}` : ''} ORDER BY ord`;
    return (this.db.prepare(sql).all(...params) as { detail: string }[]).map((r) => r.detail);
  }

  /**
   * Writes must run inside `transaction()`; each assigns a fresh revision and returns it.
   * Constraint violations surface as DuplicateKeyError so the caller's SQLite transaction rolls back.
   */
  insert(collection: string, id: string, doc: Record<string, unknown>, body: string): number {
    this.bumpVersion(collection);
    this.ensureCollection(collection);
    this.beforeWrite?.(collection, id);
    this.trackMultikey(collection, doc);
    const rev = this.nextRev();
    try {
      this.stmt(`INSERT INTO ${this.table(collection)} (_id, rev, body, ord) VALUES (?, ?, ?, ?)`).run(id, rev, body, rev);
    } catch (err) {
      if (isSqliteConstraint(err)) {
        throw new DuplicateKeyError(`duplicate key in collection ${collection}: ${describeConstraint(err, id)}`);
      }
      throw err;
    }
    // A new _id: no side rows can exist for it (every delete/put removes them).
    this.writeSideRows(collection, id, doc, true);
    this.persistSeq();
    return rev;
  }

  /** Insert-or-replace by _id. */
  put(collection: string, id: string, doc: Record<string, unknown>, body: string): number {
    this.bumpVersion(collection);
    this.ensureCollection(collection);
    this.beforeWrite?.(collection, id);
    this.trackMultikey(collection, doc);
    const rev = this.nextRev();
    try {
      // A replaced document keeps its place in insertion order; a new one takes the end.
      this.stmt(
        `INSERT INTO ${this.table(collection)} (_id, rev, body, ord) VALUES (?, ?, ?, ?) ON CONFLICT(_id) DO UPDATE SET rev = excluded.rev, body = excluded.body`,
      ).run(id, rev, body, rev);
    } catch (err) {
      if (isSqliteConstraint(err)) {
        throw new DuplicateKeyError(`duplicate key in collection ${collection}: ${describeConstraint(err, id)}`);
      }
      throw err;
    }
    this.writeSideRows(collection, id, doc, false);
    this.persistSeq();
    return rev;
  }

  /** The collection's write version (0 before any write in this process). */
  versionOf(collection: string): number {
    return this.writeVersions.get(collection) ?? 0;
  }

  // Bumped before the write: a write whose SQLite transaction later rolls back only costs a cache miss.
  private bumpVersion(collection: string): void {
    this.writeVersions.set(collection, this.versionOf(collection) + 1);
    this.anyWrites++;
  }

  /** Writes to any collection so far in this process. */
  anyVersion(): number {
    return this.anyWrites;
  }

  delete(collection: string, id: string): boolean {
    this.bumpVersion(collection);
    if (!this.collections.has(collection)) return false;
    this.beforeWrite?.(collection, id);
    const gone = this.stmt(`DELETE FROM ${this.table(collection)} WHERE _id = ?`).run(id).changes > 0;
    if (gone) this.writeSideRows(collection, id, null, false);
    return gone;
  }
}

/**
 * A stored body for `multikeyValues` (backfill). Plain JSON.parse suffices: relaxed EJSON keeps strings and
 * finite numbers as plain JSON, and the typed wrappers it emits (`{"$date": …}`, non-finite doubles) stay
 * objects here, which, like the Dates the write path sees, yield no side-table value.
 */
function parseBody(body: string): unknown {
  return JSON.parse(body);
}

function describeConstraint(err: Error, id: string): string {
  return /PRIMARYKEY|PRIMARY KEY|\._id/.test(`${(err as { code?: string }).code} ${err.message}`)
    ? `_id ${JSON.stringify(id)} already exists`
    : `unique index violated (${err.message})`;
}
