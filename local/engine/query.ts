/**
 * Query execution for the local CloudBase engine.
 *
 * Strategy: a planner pushes the indexable conjuncts of a where clause (equality, $eq, $in and ranges on
 * `_id` and on declared, non-multikey indexed fields) into SQL to narrow candidates; mingo then applies the
 * FULL criteria to every candidate, so the SQL part only ever needs to be a superset of the true matches.
 * Every pushed predicate below is chosen so that it can never exclude a document Mongo semantics would
 * match (arrays are handled by the store's multikey flags, null/objects/dates/regexps are never pushed).
 *
 * Multikey fields (indexed fields that hold arrays) are never expression-index terms; a string/number
 * equality, `$eq` or `$in` on one becomes `_id IN (SELECT _id FROM <side table> WHERE value …)`, the side
 * table holding every string/number element (see store.ts). Such plans are never exact: mingo re-checks.
 */
import { createRequire } from 'module';
import { Aggregator, Query, update as mingoUpdate } from 'mingo';
import { computeValue, Context, initOptions } from 'mingo/core';
import type { Options } from 'mingo/core';
import { resolve } from 'mingo/util';
import 'mingo/init/system';
import { geoNear, geoQueryOps, missingGeoIndex, parseGeoNear } from './geo';
import type { Store, StoredRow } from './store';
import { fieldExpr, isMultikeyValue } from './store';

export type Doc = Record<string, unknown>;

/** CloudBase: `get()` returns 100 documents unless limited, and never more than 1000. */
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

// bson is resolved from @cloudbase/database so we decode with exactly the EJSON dialect the SDK encodes.
interface BsonRegExpLike {
  pattern: string;
  options: string;
}
interface BsonModule {
  EJSON: {
    parse(text: string, options?: { relaxed?: boolean }): unknown;
    stringify(value: unknown, options?: { relaxed?: boolean }): string;
  };
  BSONRegExp: new (pattern: string, options?: string) => BsonRegExpLike;
  ObjectId: new (...args: unknown[]) => { toHexString(): string };
}
const sdkRequire = createRequire(require.resolve('@cloudbase/database'));
const bson = sdkRequire('bson') as BsonModule;

/**
 * The keys bson 4.7's relaxed EJSON.parse turns into something other than the plain JSON value
 * (extended_json.js `deserializeValue`: the type wrappers, `$date`, `$code`, DBRef's `$ref`, `$undefined`).
 * A query's operators (`$in`, `$ne`, `$and`…) are none of them.
 */
const EJSON_WRAPPER = /"\$(?:oid|binary|uuid|symbol|numberInt|numberDecimal|numberDouble|numberLong|minKey|maxKey|regex|regularExpression|timestamp|undefined|date|code|ref|dbPointer)"/;

/**
 * True when relaxed EJSON.parse of `text` is exactly JSON.parse: none of the wrapper keys (no `$`-key
 * at all, or only operators) and no `\u` escape (which could spell a `$` or the NUL EJSON refuses in
 * a key; JSON.stringify writes one only for a control character).
 */
export function isPlainJsonText(text: string): boolean {
  return (!text.includes('"$') || !EJSON_WRAPPER.test(text)) && !text.includes('\\u');
}

/**
 * Relaxed EJSON that is plain JSON (see isPlainJsonText: documents without dates or regexps, queries
 * whose only `$`-keys are operators) goes through JSON.parse, many times faster than EJSON's reviver;
 * any text that might hold a wrapper takes the exact path.
 */
export function ejsonParse(text: string): unknown {
  if (isPlainJsonText(text)) return JSON.parse(text);
  // The SDK writes a sort or a projection in canonical EJSON (`{"$numberInt":"-1"}`), which relaxed
  // parsing reads as the plain integer. The pattern's quotes cannot stand inside a JSON string (they
  // would be escaped there), so only the wrapper itself is replaced.
  if (text.includes('"$numberInt"')) {
    const ints = text.replace(/\{"\$numberInt":"(-?\d{1,10})"\}/g, '$1');
    if (isPlainJsonText(ints)) return JSON.parse(ints);
  }
  return bson.EJSON.parse(text, { relaxed: true });
}

/** Relaxed EJSON: plain JSON for strings/numbers/booleans (json_extract-friendly), `$date` for Dates. */
export function ejsonStringify(value: unknown): string {
  return bson.EJSON.stringify(value, { relaxed: true });
}

const tagOf = (v: unknown): string => Object.prototype.toString.call(v);
const isDate = (v: unknown): v is Date => tagOf(v) === '[object Date]';
const isRegExp = (v: unknown): v is RegExp => tagOf(v) === '[object RegExp]';

/**
 * Turns decoded EJSON into plain JS values mingo understands: BSONRegExp → RegExp, ObjectId → hex string,
 * and the SDK's `db.serverDate({ offset })` marker (`{ $tcb_server_date: { offset } }`) → a Date of now.
 */
export function normalize(value: unknown, now: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  // Tag checks instead of instanceof: values may come from another realm (jest sandboxes, vm).
  if (isDate(value)) return value;
  if (value instanceof bson.BSONRegExp) {
    const re = value as BsonRegExpLike;
    // Mongo's `x` (extended) has no JS equivalent; drop flags JS does not know rather than throw.
    const flags = [...new Set(re.options.split(''))].filter((f) => 'imsu'.includes(f)).join('');
    return new RegExp(re.pattern, flags);
  }
  if (isRegExp(value)) return value;
  if (value instanceof bson.ObjectId) return (value as { toHexString(): string }).toHexString();
  if (Array.isArray(value)) return value.map((v) => normalize(v, now));
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1 && keys[0] === '$tcb_server_date') {
    const marker = obj.$tcb_server_date as { offset?: unknown } | null;
    const offset = marker && typeof marker.offset === 'number' ? marker.offset : 0;
    return new Date(now + offset);
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = normalize(obj[k], now);
  return out;
}

/** Parses an SDK EJSON parameter (string) or passes an already-decoded object through normalize. */
export function decodeParam(raw: unknown, now: number): unknown {
  if (raw === undefined || raw === null || raw === '') return undefined;
  return normalize(typeof raw === 'string' ? ejsonParse(raw) : raw, now);
}

const decodedReads = new Map<string, unknown>();
const DECODED_READS = 256;

/**
 * decodeParam for what a read sends — its criteria, sort and projection — decoded once per distinct
 * text: a list sends the same few texts again and again. Frozen all through, so nothing the engine does
 * with it can change what the next read decodes (a write to it throws). A text holding the server-time
 * marker means "now" and is decoded every time.
 */
export function decodeRead(raw: unknown, now: number): unknown {
  if (typeof raw !== 'string' || raw.includes('$tcb_server_date')) return decodeParam(raw, now);
  if (decodedReads.has(raw)) return decodedReads.get(raw);
  const value = deepFreeze(decodeParam(raw, now));
  decodedReads.set(raw, value);
  if (decodedReads.size > DECODED_READS) decodedReads.delete(decodedReads.keys().next().value as string);
  return value;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

// ------------------------------------------------------------------------------- MongoDB semantics

/**
 * Where mingo differs from MongoDB (and so from CloudBase), our own operators take precedence through a
 * mingo context passed to every Query and Aggregator:
 * - `$elemMatch` with field conditions (`{ tags: { $elemMatch: { value: … } } }`) only looks at elements
 *   that are documents; mingo also tries plain values (a string "has" `value` for `$exists`).
 * - `$week` is MongoDB's: weeks start on Sunday, days before the first Sunday are week 0 (mingo counts
 *   ISO-like and gives 20 for 2019-05-14, MongoDB 19).
 * - `$substrBytes` with a negative count takes the rest of the string; `$indexOfCP`, which mingo lacks.
 * - the geo query operators mingo lacks (`$nearSphere`, `$geoWithin`: geo.ts).
 */
function elemMatch(selector: string, value: unknown, options: Options): (obj: unknown) => boolean {
  const criteria = isPlainObject(value) ? value : {};
  const onDocuments = Object.keys(criteria).some((k) => !k.startsWith('$') || k === '$and' || k === '$or' || k === '$nor');
  const q = new Query(onDocuments ? criteria : { v: criteria }, options);
  return (obj: unknown) => {
    const lhs = resolve(obj as Parameters<typeof resolve>[0], selector, { unwrapArray: true });
    if (!Array.isArray(lhs)) return false;
    return lhs.some((el) => (onDocuments ? isPlainObject(el) && q.test(el) : q.test({ v: el })));
  };
}

function week(obj: unknown, expr: unknown, options: Options): number | null {
  const doy = computeValue(obj, expr, '$dayOfYear', options) as number | null;
  const dow = computeValue(obj, expr, '$dayOfWeek', options) as number | null;
  if (typeof doy !== 'number' || typeof dow !== 'number') return null;
  // dayOfYear 1-based, dayOfWeek 1 = Sunday: the Sunday on or before the date is day doy - dow + 1.
  return Math.floor((doy - dow + 7) / 7);
}

function args(obj: unknown, expr: unknown, options: Options, op: string): unknown[] {
  const v = computeValue(obj, expr, null, options);
  if (!Array.isArray(v)) throw new UpdateSpecError(`${op} takes an array of arguments`);
  return v;
}

/** `$indexOfCP: [string, substring, start?, end?]`: the code-point index, -1 if absent (mingo lacks it). */
function indexOfCP(obj: unknown, expr: unknown, options: Options): number | null {
  const [str, sub, start, end] = args(obj, expr, options, '$indexOfCP');
  if (str === null || str === undefined) return null;
  if (typeof str !== 'string' || typeof sub !== 'string') throw new UpdateSpecError('$indexOfCP takes a string and a substring');
  const cps = [...str];
  const from = typeof start === 'number' ? Math.max(0, Math.floor(start)) : 0;
  const to = typeof end === 'number' ? Math.min(cps.length, Math.floor(end)) : cps.length;
  const subCps = [...sub];
  for (let i = from; i + subCps.length <= to; i++) {
    if (subCps.every((c, j) => cps[i + j] === c)) return i;
  }
  return -1;
}

/** `$substrBytes: [string, byteIndex, byteCount]`: a negative count takes the rest of the string, as MongoDB does. */
function substrBytes(obj: unknown, expr: unknown, options: Options): string {
  const [str, index, count] = args(obj, expr, options, '$substrBytes');
  if (str === null || str === undefined) return '';
  if (typeof index !== 'number' || typeof count !== 'number' || index < 0) throw new UpdateSpecError('$substrBytes: invalid arguments');
  const bytes = Buffer.from(String(str), 'utf8');
  const from = Math.floor(index);
  const to = count < 0 ? bytes.length : Math.min(bytes.length, from + Math.floor(count));
  // A boundary inside a multi-byte character is an error in MongoDB too.
  const inside = (i: number): boolean => i < bytes.length && ((bytes[i] as number) & 0xc0) === 0x80;
  if (inside(from) || inside(to)) throw new UpdateSpecError('$substrBytes: invalid range, starting or ending index is a UTF-8 continuation byte');
  return from >= bytes.length ? '' : bytes.subarray(from, to).toString('utf8');
}

const MONGO = {
  context: Context.init()
    .addQueryOps({ $elemMatch: elemMatch as never, ...(geoQueryOps as Record<string, never>) })
    .addExpressionOps({ $week: week as never, $indexOfCP: indexOfCP as never, $substrBytes: substrBytes as never }),
};

/**
 * Where mingo's stages differ from MongoDB's, the MongoDB meaning in stages mingo runs right:
 * - `$project` with `_id: 0` and only computed fields is an inclusion in MongoDB (the stage returns just
 *   those fields); mingo reads `_id: 0` as an exclusion and keeps every stored field. Split it into the
 *   inclusion with `_id` and a second stage that drops `_id`.
 *
 * `$bucket` is run apart (`bucket`).
 */
function mongoPipeline(stages: Doc[]): Doc[] {
  const out: Doc[] = [];
  for (const stage of stages) {
    const project = stage.$project;
    if (Object.keys(stage).length === 1 && isPlainObject(project) && (project._id === 0 || project._id === false)) {
      const rest = Object.entries(project).filter(([k]) => k !== '_id');
      const excludes = rest.some(([, v]) => v === 0 || v === false);
      if (rest.length && !excludes) {
        out.push({ $project: { ...Object.fromEntries(rest), _id: 1 } }, { $project: { _id: 0 } });
        continue;
      }
    }
    out.push(stage);
  }
  return out;
}

/** A `$bucket` stage's spec, or null for any other stage. */
function bucketSpec(stage: Doc): Doc | null {
  return Object.keys(stage).length === 1 && isPlainObject(stage.$bucket) ? stage.$bucket : null;
}

/** What a value in no bucket is grouped under when the stage has no default: refused below. */
const NO_BUCKET = '\u0000no bucket';

/**
 * `$bucket` as MongoDB runs it: each bucket holds `boundaries[i] <= groupBy < boundaries[i+1]`, only
 * buckets that hold a document are output, in `_id` order, and a value in no bucket goes to `default` —
 * without one, the aggregate is refused. mingo 6 puts a value equal to a boundary in the bucket below
 * it, outputs empty buckets and drops a value in no bucket silently: an alert at a month's first instant
 * was counted in the month before. Run as a `$group` on a `$switch` of the ranges, then a `$sort` on `_id`.
 */
function bucket(docs: Doc[], spec: Doc, options: Partial<Options>): Doc[] {
  const { groupBy, boundaries, output } = spec;
  if (!Array.isArray(boundaries) || boundaries.length < 2) throw new Error('$bucket needs at least two boundaries');
  const branches = boundaries.slice(0, -1).map((lower, i) => ({
    case: { $and: [{ $gte: [groupBy, lower] }, { $lt: [groupBy, boundaries[i + 1]] }] },
    then: lower,
  }));
  const bucketOf = { $switch: { branches, default: 'default' in spec ? spec.default : NO_BUCKET } };
  const fields = isPlainObject(output) ? output : { count: { $sum: 1 } };
  const out = new Aggregator([{ $group: { _id: bucketOf, ...fields } }, { $sort: { _id: 1 } }], options).run(docs) as Doc[];
  if (out.some((d) => d._id === NO_BUCKET)) throw new Error('$bucket: a value is in no bucket and the stage has no default');
  return out;
}

// ---------------------------------------------------------------------------------------------- planner

export interface SqlPlan {
  where: string;
  params: unknown[];
  exact: boolean;
  /**
   * What mingo must still check on SQL's candidates: null when nothing (exact); else the conjuncts SQL
   * did not decide by itself (a conjunct of string equality or `$in` of strings on an indexed,
   * never-array field other than `_id` is decided), or the whole criteria when it is not a conjunction.
   */
  residual: Record<string, unknown> | null;
}

/** A conjunct SQL decides alone: string equality / `$eq` / `$in` of strings (json_extract yields TEXT only for JSON strings). */
function decidedBySql(field: string, cond: unknown, pushable: ReadonlySet<string>, sides?: Map<string, string>): boolean {
  if (field === '_id' || !pushable.has(field) || sides?.has(field)) return false;
  if (typeof cond === 'string') return true;
  if (!isPlainObject(cond)) return false;
  const ops = Object.keys(cond);
  return (
    ops.length > 0 &&
    ops.every((op) => {
      const v = cond[op];
      if (op === '$eq') return typeof v === 'string';
      if (op === '$in') return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string');
      return false;
    })
  );
}

function residualOf(criteria: unknown, pairs: [string, unknown][], pushable: ReadonlySet<string>, sides?: Map<string, string>): Record<string, unknown> | null {
  if (!isPlainObject(criteria) || !Object.keys(criteria).length) return null;
  if (!onlyConjunctions(criteria)) return criteria;
  const left = pairs.filter(([field, cond]) => !decidedBySql(field, cond, pushable, sides));
  if (!left.length) return null;
  if (left.length === 1) return { [left[0]![0]]: left[0]![1] };
  return { $and: left.map(([field, cond]) => ({ [field]: cond })) };
}

type Scalar = string | number | boolean;

function isScalar(v: unknown): v is Scalar {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  // Realm-independent: a plain object's prototype is some realm's Object.prototype (or null).
  const proto = Object.getPrototypeOf(v) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
}

// better-sqlite3 cannot bind booleans; json_extract yields 1/0 for true/false, so bind the same.
function bindValue(field: string, v: Scalar): unknown {
  if (field === '_id') return String(v);
  return typeof v === 'boolean' ? (v ? 1 : 0) : v;
}

/** Collects top-level conjuncts (implicit AND + nested $and); $or/$nor/$not are left to mingo. */
function conjuncts(criteria: unknown, out: [string, unknown][]): void {
  if (!isPlainObject(criteria)) return;
  for (const [key, cond] of Object.entries(criteria)) {
    if (key === '$and' && Array.isArray(cond)) {
      for (const sub of cond) conjuncts(sub, out);
    } else if (!key.startsWith('$')) {
      out.push([key, cond]);
    }
  }
}

/** True when the criteria are field conditions joined only by (nested) $and: nothing SQL would drop. */
function onlyConjunctions(criteria: unknown): boolean {
  if (!isPlainObject(criteria)) return false;
  return Object.entries(criteria).every(([k, v]) =>
    k === '$and' ? Array.isArray(v) && v.every(onlyConjunctions) : !k.startsWith('$'),
  );
}

/**
 * The SQL conjuncts for a multikey field's condition: equality/$eq/$in on strings and numbers go through
 * the side table; anything else (booleans, null, objects, arrays, ranges, $all, $elemMatch…) is left to mingo.
 */
function multikeyTerms(cond: unknown, side: string, terms: string[], params: unknown[]): void {
  const eq = (v: unknown): void => {
    terms.push(`_id IN (SELECT _id FROM ${side} WHERE value = ?)`);
    params.push(v);
  };
  if (!isPlainObject(cond)) {
    if (isMultikeyValue(cond)) eq(cond);
    return;
  }
  const ops = Object.keys(cond);
  if (!ops.length || !ops.every((o) => o.startsWith('$'))) return;
  for (const op of ops) {
    const v = cond[op];
    if (op === '$eq' && isMultikeyValue(v)) eq(v);
    else if (op === '$in' && Array.isArray(v) && v.length > 0 && v.every(isMultikeyValue)) {
      const uniq = [...new Set(v)];
      terms.push(`_id IN (SELECT _id FROM ${side} WHERE value IN (${uniq.map(() => '?').join(', ')}))`);
      params.push(...uniq);
    }
  }
}

/**
 * Plans of frozen criteria (decodeRead's: a list sends the same text again and again), each with the
 * pushable set it was made for. The store makes a new set whenever a collection's indexes or multikey
 * fields change (the only inputs besides the criteria), so a plan is reused only while both hold.
 */
const plans = new WeakMap<object, { pushable: ReadonlySet<string>; plan: SqlPlan }>();

/** The SQL plan for a where clause on a collection: pushable fields plus the store's multikey side tables. */
export function planFor(store: Store, collection: string, criteria: unknown): SqlPlan {
  const pushable = store.pushableFields(collection);
  const frozen = criteria !== null && typeof criteria === 'object' && Object.isFrozen(criteria);
  if (frozen) {
    const hit = plans.get(criteria);
    if (hit && hit.pushable === pushable) return hit.plan;
  }
  const plan = planSql(criteria, pushable, store.multikeySides(collection));
  if (frozen) {
    Object.freeze(plan.params);
    if (plan.residual) deepFreeze(plan.residual);
    plans.set(criteria, { pushable, plan: Object.freeze(plan) });
  }
  return plan;
}

/**
 * `pushable`: fields served by SQL columns/expression indexes; `sides`: multikey field → quoted side table.
 * A field in neither is left entirely to mingo.
 */
export function planSql(criteria: unknown, pushable: ReadonlySet<string>, sides?: Map<string, string>): SqlPlan {
  const terms: string[] = [];
  const params: unknown[] = [];
  const pairs: [string, unknown][] = [];
  conjuncts(criteria, pairs);
  // Exact: SQL alone decides the match, so mingo's re-check and the JS sort can be skipped. Only
  // string/number equality and $in on non-array fields qualify; ranges (SQLite orders numbers
  // before text, Mongo never compares across types) and booleans (bound as 1/0) do not.
  let exact = onlyConjunctions(criteria);
  const exactValue = (v: unknown): boolean => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
  for (const [field, cond] of pairs) {
    const side = sides?.get(field);
    if (side !== undefined && field !== '_id') {
      // Array semantics have more cases than the side table answers: never exact.
      exact = false;
      multikeyTerms(cond, side, terms, params);
      continue;
    }
    if (!pushable.has(field)) {
      exact = false;
      continue;
    }
    const expr = fieldExpr(field);
    // `_id` is stored as TEXT: only string/number ids are comparable by equality; no ranges on it.
    const idOk = (v: unknown): boolean => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
    const ok = field === '_id' ? idOk : isScalar;
    if (!isPlainObject(cond)) {
      if (ok(cond)) {
        terms.push(`${expr} = ?`);
        params.push(bindValue(field, cond as Scalar));
        if (!exactValue(cond)) exact = false;
      } else {
        exact = false;
      }
      continue;
    }
    const ops = Object.keys(cond);
    if (!ops.length || !ops.every((o) => o.startsWith('$'))) {
      exact = false;
      continue;
    }
    for (const op of ops) {
      const v = cond[op];
      if (op === '$eq' && ok(v)) {
        terms.push(`${expr} = ?`);
        params.push(bindValue(field, v as Scalar));
        if (!exactValue(v)) exact = false;
      } else if (op === '$in' && Array.isArray(v) && v.length > 0 && v.every(ok)) {
        terms.push(`${expr} IN (${v.map(() => '?').join(', ')})`);
        for (const x of v) params.push(bindValue(field, x as Scalar));
        if (!v.every(exactValue)) exact = false;
      } else if (
        field !== '_id' &&
        (op === '$gt' || op === '$gte' || op === '$lt' || op === '$lte') &&
        (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))
      ) {
        const sqlOp = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' }[op];
        terms.push(`${expr} ${sqlOp} ?`);
        params.push(v);
        exact = false;
      } else {
        exact = false;
      }
    }
  }
  return { where: terms.join(' AND '), params, exact, residual: exact ? null : residualOf(criteria, pairs, pushable, sides) };
}

/**
 * ORDER BY for an exact plan when every sort key is a pushable (indexed, never-array) field, so
 * SQLite sorts and limits and only the returned page is parsed; null when the sort must stay in JS.
 */
export function planOrder(order: Record<string, 1 | -1> | undefined, pushable: ReadonlySet<string>): string | null {
  // A frozen sort (decodeRead's) is planned once per pushable set, as planFor does for criteria.
  const frozen = order !== undefined && Object.isFrozen(order);
  if (frozen) {
    const hit = orders.get(order);
    if (hit && hit.pushable === pushable) return hit.sql;
  }
  const sql = orderSqlOf(order, pushable);
  if (frozen) orders.set(order, { pushable, sql });
  return sql;
}

const orders = new WeakMap<object, { pushable: ReadonlySet<string>; sql: string | null }>();

function orderSqlOf(order: Record<string, 1 | -1> | undefined, pushable: ReadonlySet<string>): string | null {
  const keys = Object.entries(order ?? {});
  if (!keys.every(([f]) => pushable.has(f))) return null;
  // Ties (and an unsorted query) fall back to insertion order, the cloud's natural order.
  return [...keys.map(([f, d]) => `${fieldExpr(f)} ${d === -1 ? 'DESC' : 'ASC'}`), 'ord'].join(', ');
}

// -------------------------------------------------------------------------------------------- execution

export interface Candidate {
  id: string;
  rev: number;
  /** Insertion sequence: the natural (unsorted) order, as in the cloud. */
  ord: number;
  body: string;
  doc: Doc;
}

export function parseRow(row: StoredRow): Candidate {
  return { id: row._id, rev: row.rev, ord: row.ord, body: row.body, doc: ejsonParse(row.body) as Doc };
}

/** The fields of an inclusion-only projection of top-level fields (`_id` kept unless excluded), else null. */
function topLevelInclusion(projection: Record<string, unknown>): string[] | null {
  const entries = Object.entries(projection);
  if (!entries.length) return null;
  const fields: string[] = [];
  let keepId = true;
  for (const [k, v] of entries) {
    if (k === '_id' && (v === 0 || v === false)) {
      keepId = false;
      continue;
    }
    if (k.includes('.') || k.startsWith('$') || !(v === 1 || v === true)) return null;
    fields.push(k);
  }
  if (keepId && !fields.includes('_id')) fields.unshift('_id');
  return fields;
}

/**
 * One page straight from SQL when the plan is exact and the sort can be pushed down; null otherwise.
 * Only the rows of the page are parsed, which is what keeps list queries cheap.
 */
export function findPage(store: Store, collection: string, criteria: unknown, opts: FindOptions): string[] | null {
  const pushable = store.pushableFields(collection);
  const plan = planFor(store, collection, criteria);
  if (!plan.exact) return null;
  const orderSql = planOrder(opts.order, pushable);
  if (orderSql === null) return null;
  const offset = typeof opts.offset === 'number' && opts.offset > 0 ? Math.floor(opts.offset) : 0;
  const limit = effectiveLimit(opts.limit);
  // Reads far outnumber writes (lists, inboxes): a page is reused until its collection is written.
  const key = [collection, plan.where, JSON.stringify(plan.params), orderSql, limit, offset, JSON.stringify(opts.projection ?? null)].join('\u0000');
  const version = store.versionOf(collection);
  const cached = store.pageCache.get(key);
  if (cached && cached.version === version) return cached.list.slice();
  const list = readPage(store, collection, plan, orderSql, limit, offset, opts.projection);
  store.pageCache.delete(key);
  store.pageCache.set(key, { version, list });
  if (store.pageCache.size > PAGE_CACHE_ENTRIES) store.pageCache.delete(store.pageCache.keys().next().value as string);
  return list.slice();
}

const PAGE_CACHE_ENTRIES = 512;

function readPage(
  store: Store,
  collection: string,
  plan: SqlPlan,
  orderSql: string,
  limit: number,
  offset: number,
  projection: Record<string, unknown> | undefined,
): string[] {
  const rows = store.selectPage(collection, plan.where, plan.params, orderSql, limit, offset);
  if (!projection || !Object.keys(projection).length) return rows.map((r) => r.body);
  return render(rows.map(parseRow), projection);
}

/**
 * The page's EJSON texts: an unprojected document reuses its stored body; a plain list of top-level
 * fields is picked without mingo's projection machinery (and written with JSON.stringify when the stored
 * body holds no `$`-key, i.e. no date or regexp); any other projection goes through mingo.
 */
function render(cands: Candidate[], projection: Record<string, unknown> | undefined): string[] {
  if (!projection || !Object.keys(projection).length) return cands.map((c) => c.body);
  const picked = topLevelInclusion(projection);
  if (picked) {
    return cands.map((c) => {
      const out: Doc = {};
      for (const f of picked) if (f in c.doc) out[f] = c.doc[f];
      return c.body.includes('"$') ? ejsonStringify(out) : JSON.stringify(out);
    });
  }
  const projected = new Query({}, MONGO).find(cands.map((c) => c.doc), projection).all() as Doc[];
  return projected.map((d) => ejsonStringify(d));
}

/** A sort value SQLite orders as MongoDB does: missing/null first, then numbers, then strings. */
function sqlOrderable(v: unknown): boolean {
  return v === undefined || v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
}

/**
 * A document handed to the SDK already decoded: the local requester's EJSON.parse (attach.ts) returns
 * `doc` instead of parsing a text the engine would have written only to be parsed again at once. Only
 * for plain-JSON documents (no `$`-key, so EJSON and JSON agree); `doc` is a new top-level object (see `pick`).
 */
export class DecodedDoc {
  /**
   * `formatted`: `doc` is already what the SDK's `Util.formatResDocumentData` would make of it — a deep
   * copy of plain JSON holding no GeoJSON-shaped object (which the SDK turns into its Point, Polygon…
   * classes) — so the local requester may hand it on without the SDK's second copy (attach.ts).
   */
  constructor(
    readonly doc: Doc,
    readonly formatted = false,
  ) {}
}

/** The `type` values for which the SDK's `Util.whichType` tries its GeoJSON classes. */
const GEO_TYPES = new Set(['Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon']);

/**
 * A deep copy of a plain-JSON value, or `GEO` when it holds an object the SDK would read as GeoJSON
 * (the copy is then left to the SDK, which builds its geo classes).
 */
const GEO = Symbol('geo');
function copyPlain(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const v = copyPlain(value[i]);
      if (v === GEO) return GEO;
      out[i] = v;
    }
    return out;
  }
  const obj = value as Record<string, unknown>;
  if (typeof obj.type === 'string' && GEO_TYPES.has(obj.type)) return GEO;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj)) {
    const v = copyPlain(obj[k]);
    if (v === GEO) return GEO;
    out[k] = v;
  }
  return out;
}

/** Upper bound of the decoded-document cache, in characters of stored bodies (about 2 bytes each). */
export const DOC_CACHE_CHARS = 16 * 1024 * 1024;

/** A decoded committed document: the candidate a scan hands on, and whether its body is plain JSON. */
export interface CachedDoc {
  c: Candidate;
  plain: boolean;
}

/** The committed document behind a key, decoded once per revision (Store.docCache, one map per collection). */
function cachedRow(store: Store, collection: string, id: string, rev: number): CachedDoc | null {
  let docs = store.docCache.get(collection);
  const hit = docs?.get(id);
  if (hit && hit.c.rev === rev) return hit;
  const row = store.get(collection, id);
  // Written between the key query and now cannot happen (one thread, no await), but never trust a stale key.
  if (!row || row.rev !== rev) return null;
  const entry: CachedDoc = { c: parseRow(row), plain: !row.body.includes('"$') };
  if (!docs) {
    docs = new Map();
    store.docCache.set(collection, docs);
  }
  if (hit) {
    docs.delete(id);
    store.docCacheChars -= hit.c.body.length;
  }
  docs.set(id, entry);
  store.docCacheChars += row.body.length;
  // Oldest first: each collection's map keeps its documents in the order they were cached.
  while (store.docCacheChars > DOC_CACHE_CHARS) {
    let evicted = false;
    for (const m of store.docCache.values()) {
      const first = m.entries().next();
      if (first.done) continue;
      m.delete(first.value[0]);
      store.docCacheChars -= first.value[1].c.body.length;
      evicted = true;
      break;
    }
    if (!evicted) break;
  }
  return entry;
}

/**
 * The picked top-level fields of a cached document, for the local requester. A new top-level object;
 * nested objects and arrays are the cached ones, because the SDK copies every object and array of a
 * document it returns before the caller sees it (`Util.formatResDocumentData` in @cloudbase/database
 * 1.4.3, pinned by attach.ts; tests/engine/page-scan.test.ts changes an answer and reads again).
 */
function pick(doc: Doc, picked: string[] | null): Doc {
  if (!picked) return { ...doc };
  const out: Doc = {};
  for (const f of picked) if (f in doc) out[f] = doc[f];
  return out;
}

/**
 * A plain-JSON document for the local requester: the picked fields deep-copied, so the SDK need not
 * copy it again (DecodedDoc `formatted`); a document holding GeoJSON keeps the SDK's own pass.
 */
function decodedOf(doc: Doc, picked: string[] | null, picker: Picker | null): DecodedDoc {
  const out = picker ? picker(doc) : copyPlain(doc);
  return out === GEO ? new DecodedDoc(pick(doc, picked)) : new DecodedDoc(out as Doc, true);
}

type Picker = (doc: Doc) => Doc | typeof GEO;

/** A projection's top-level fields and their picker, kept on a frozen projection (decodeRead's). */
const pickings = new WeakMap<object, { picked: string[] | null; picker: Picker | null }>();

function pickingOf(projection: Record<string, unknown>): { picked: string[] | null; picker: Picker | null } {
  const known = pickings.get(projection);
  if (known) return known;
  const picked = topLevelInclusion(projection);
  const found = { picked, picker: picked ? pickerOf(picked) : null };
  if (Object.isFrozen(projection)) pickings.set(projection, found);
  return found;
}
const pickers = new Map<string, Picker>();

/**
 * The copy of a projection's fields, one function per field list: a store per named field instead of a
 * loop over names (which V8 cannot specialise), about three times faster for a list page's documents.
 * The names are written into the source as JSON string literals, so any name is read literally.
 */
function pickerOf(picked: string[]): Picker {
  const key = picked.join('\u0000');
  let picker = pickers.get(key);
  if (!picker) {
    const steps = picked.map((f, i) => {
      const name = JSON.stringify(f);
      return `if (${name} in d) { const v${i} = copy(d[${name}]); if (v${i} === GEO) return GEO; o[${name}] = v${i}; }`;
    });
    picker = new Function('copy', 'GEO', `return function pick(d) { const o = {}; ${steps.join(' ')} return o; };`)(copyPlain, GEO) as Picker;
    pickers.set(key, picker);
    if (pickers.size > COMPILED_QUERIES) pickers.delete(pickers.keys().next().value as string);
  }
  return picker;
}

/** A sort key's value: a top-level field directly, a dotted path through mingo. */
function sortValue(doc: Doc, key: string): unknown {
  return key.includes('.') ? resolve(doc as Parameters<typeof resolve>[0], key) : doc[key];
}

/** What a residual check needs of a query: mingo's Query, or a plain predicate with the same answers. */
interface Test {
  test(doc: Doc): boolean;
}

const compiled = new Map<string, Test>();
const COMPILED_QUERIES = 256;

/**
 * A check for `criteria`, compiled once per distinct criteria: a list sends the same few shapes and
 * values again and again, and compiling costs more than testing a page of documents. Keyed by the
 * criteria's EJSON text, which keeps dates and regexps apart from strings; a check only reads.
 */
/** A cached plan's residual is the same object each time: found without writing out its text. */
const compiledResiduals = new WeakMap<object, Test>();

function compiledQuery(criteria: Record<string, unknown>): Test {
  const known = compiledResiduals.get(criteria);
  if (known) return known;
  const q = compiledByText(criteria);
  if (Object.isFrozen(criteria)) compiledResiduals.set(criteria, q);
  return q;
}

function compiledByText(criteria: Record<string, unknown>): Test {
  const key = ejsonStringify(criteria);
  let q = compiled.get(key);
  if (!q) {
    q = scalarPredicate(criteria) ?? new Query(criteria, MONGO);
    compiled.set(key, q);
    if (compiled.size > COMPILED_QUERIES) compiled.delete(compiled.keys().next().value as string);
  }
  return q;
}

/** MongoDB's equality of a field's value with a scalar: the value itself, or any element of an array value. */
function equalsScalar(value: unknown, s: Scalar): boolean {
  if (value === s) return true;
  if (!Array.isArray(value)) return false;
  for (const e of value) if (e === s) return true;
  return false;
}

/** An array holding an array: how far mingo looks into it differs by operator, so mingo decides. */
const nestsArrays = (v: unknown): boolean => Array.isArray(v) && v.some(Array.isArray);

/**
 * The residual a list leaves most often — `wisherClosed: {$ne: true}`, a status, a kind — as a plain
 * predicate: criteria on top-level fields only (or an `$and` of such), each a scalar or one of `$eq`,
 * `$ne`, `$in`, `$nin` over scalars (strings, finite numbers, booleans; never null, whose MongoDB
 * meaning includes a missing field). Anything else is null and goes to mingo, and so does a document
 * whose checked field nests arrays. A field's value matches a scalar as in MongoDB: equal to it, or an
 * array holding it (tests/engine/residual-predicate.test.ts checks every shape against mingo).
 */
function scalarPredicate(criteria: Record<string, unknown>): Test | null {
  const fields: string[] = [];
  const check = conjunction(criteria, fields);
  if (!check) return null;
  let mingo: Query | null = null;
  return {
    test(doc) {
      for (const f of fields) {
        if (nestsArrays(doc[f])) return (mingo ??= new Query(criteria, MONGO)).test(doc);
      }
      return check(doc);
    },
  };
}

/** The check of one conjunction of simple conditions; the fields it reads are added to `fields`. */
function conjunction(criteria: Record<string, unknown>, fields: string[]): ((doc: Doc) => boolean) | null {
  const checks: ((doc: Doc) => boolean)[] = [];
  for (const [field, cond] of Object.entries(criteria)) {
    // The planner joins what it leaves of several fields with an `$and` (residualOf).
    if (field === '$and' && Array.isArray(cond) && cond.length > 0) {
      const parts = cond.map((c) => (isPlainObject(c) ? conjunction(c, fields) : null));
      if (parts.some((p) => p === null)) return null;
      checks.push((doc) => parts.every((p) => p!(doc)));
      continue;
    }
    if (field.startsWith('$') || field.includes('.') || field === '') return null;
    fields.push(field);
    if (isScalar(cond)) {
      checks.push((doc) => equalsScalar(doc[field], cond));
      continue;
    }
    if (!isPlainObject(cond)) return null;
    const ops = Object.keys(cond);
    if (ops.length !== 1) return null;
    const op = ops[0]!;
    const arg = cond[op];
    if ((op === '$eq' || op === '$ne') && isScalar(arg)) {
      checks.push(op === '$eq' ? (doc) => equalsScalar(doc[field], arg) : (doc) => !equalsScalar(doc[field], arg));
    } else if ((op === '$in' || op === '$nin') && Array.isArray(arg) && arg.every(isScalar)) {
      const any = (doc: Doc) => arg.some((s) => equalsScalar(doc[field], s));
      checks.push(op === '$in' ? any : (doc) => !any(doc));
    } else {
      return null;
    }
  }
  return (doc) => checks.every((c) => c(doc));
}

/** For tests: the plain predicate scanPage would use for `criteria`, or null where mingo decides. */
export const scalarPredicateForTest = scalarPredicate;

/**
 * One page of a query SQL cannot decide alone (a `$ne`, an `$or`, a field without an index) when SQL
 * can serve its sort (every sort key an indexed, never-array field, or no sort: insertion order). SQL
 * returns the narrowed candidates' keys in the page's order; each document is decoded (once per
 * revision, Store.docCache), mingo checks it against the full criteria, and the scan stops once the
 * page is full, as MongoDB walks an index and filters: a list costs the rows up to its page, not every
 * candidate of the village. Null (the caller sorts in JS instead) when the sort must stay in JS, or when
 * a matching row's sort key holds a value SQLite would order differently from MongoDB (a boolean, a
 * date, an object). `decoded`: plain-JSON documents of a top-level (or no) projection come back as
 * DecodedDoc for the local requester instead of text.
 */
export function scanPage(store: Store, collection: string, criteria: unknown, opts: FindOptions, decoded = false): (string | DecodedDoc)[] | null {
  const pushable = store.pushableFields(collection);
  const orderSql = planOrder(opts.order, pushable);
  if (orderSql === null) return null;
  const plan = planFor(store, collection, criteria);
  const keys = Object.keys(opts.order ?? {});
  const offset = typeof opts.offset === 'number' && opts.offset > 0 ? Math.floor(opts.offset) : 0;
  const limit = effectiveLimit(opts.limit);
  // Only what SQL left undecided is checked per document (the `$ne`, the unindexed field).
  const q = plan.residual ? compiledQuery(plan.residual) : null;
  const page: CachedDoc[] = [];
  let skipped = 0;
  for (const key of store.selectKeys(collection, plan.where, plan.params, orderSql)) {
    // `rev,ord,_id` (Store.selectKeys): rev and ord are integers, so the first two commas split it exactly.
    const a = key.indexOf(',');
    const b = key.indexOf(',', a + 1);
    const row = cachedRow(store, collection, key.slice(b + 1), Number(key.slice(0, a)));
    if (!row) return null;
    if (q && !q.test(row.c.doc)) continue;
    for (const k of keys) if (!sqlOrderable(sortValue(row.c.doc, k))) return null;
    if (skipped < offset) {
      skipped += 1;
      continue;
    }
    page.push(row);
    if (page.length >= limit) break;
  }
  const projection = opts.projection && Object.keys(opts.projection).length ? opts.projection : undefined;
  const { picked, picker } = projection ? pickingOf(projection) : { picked: null, picker: null };
  if (decoded && (!projection || picked)) {
    return page.map(({ c, plain }) => (plain ? decodedOf(c.doc, picked, picker) : (render([c], projection)[0] as string)));
  }
  return render(
    page.map((r) => r.c),
    projection,
  );
}

/** Committed documents matching `criteria`, in insertion order (the cloud's natural order). */
export function findMatching(store: Store, collection: string, criteria: unknown): Candidate[] {
  const plan = planFor(store, collection, criteria);
  const rows = store.select(collection, plan.where, plan.params);
  const q = isPlainObject(criteria) && Object.keys(criteria).length ? new Query(criteria, MONGO) : null;
  const out: Candidate[] = [];
  for (const row of rows) {
    const c = parseRow(row);
    if (!q || q.test(c.doc)) out.push(c);
  }
  return out;
}

export interface FindOptions {
  order?: Record<string, 1 | -1>;
  offset?: number;
  limit?: number;
  projection?: Record<string, unknown>;
}

export function effectiveLimit(limit: unknown): number {
  if (typeof limit !== 'number' || !Number.isFinite(limit) || limit <= 0) return DEFAULT_LIMIT;
  return Math.min(Math.floor(limit), MAX_LIMIT);
}

/**
 * Sort → skip → limit → project, like Mongo. Returns EJSON strings (what the SDK expects in
 * `data.list`); an unprojected document reuses its stored body instead of re-serialising.
 */
export function shape(cands: Candidate[], opts: FindOptions): string[] {
  let list = cands;
  if (opts.order && Object.keys(opts.order).length) {
    const byDoc = new Map<Doc, Candidate>();
    for (const c of list) byDoc.set(c.doc, c);
    const sorted = new Query({}, MONGO).find(list.map((c) => c.doc)).sort(opts.order).all() as Doc[];
    list = sorted.map((d) => byDoc.get(d) as Candidate);
  }
  const offset = typeof opts.offset === 'number' && opts.offset > 0 ? Math.floor(opts.offset) : 0;
  list = list.slice(offset, offset + effectiveLimit(opts.limit));
  return render(list, opts.projection);
}

export function projectOne(doc: Doc, projection: Record<string, unknown> | undefined): Doc {
  if (!projection || !Object.keys(projection).length) return doc;
  return (new Query({}, MONGO).find([doc], projection).all() as Doc[])[0] ?? {};
}

export function matches(doc: Doc, criteria: unknown): boolean {
  if (!isPlainObject(criteria) || !Object.keys(criteria).length) return true;
  return new Query(criteria, MONGO).test(doc);
}

// ---------------------------------------------------------------------------------------------- updates

const UPDATE_OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$push',
  '$pop',
  '$pull',
  '$pullAll',
  '$addToSet',
  '$currentDate',
  '$bit',
]);

export class UpdateSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpdateSpecError';
  }
}

/**
 * Applies an update document (operators only; a document without operators is treated as `$set`)
 * to a deep copy of `doc`. Returns the new document and whether anything changed.
 */
export function applyUpdate(doc: Doc, updateSpec: unknown): { doc: Doc; changed: boolean } {
  if (!isPlainObject(updateSpec)) throw new UpdateSpecError('update data must be an object');
  const keys = Object.keys(updateSpec);
  const hasOps = keys.some((k) => k.startsWith('$'));
  if (hasOps && !keys.every((k) => k.startsWith('$'))) {
    throw new UpdateSpecError('update data mixes operators and plain fields');
  }
  const spec: Record<string, unknown> = hasOps ? updateSpec : { $set: updateSpec };
  const next = deepClone(doc);
  let changed = false;
  for (const [op, arg] of Object.entries(spec)) {
    if (!UPDATE_OPERATORS.has(op)) throw new UpdateSpecError(`unsupported update operator ${op}`);
    if (!isPlainObject(arg)) throw new UpdateSpecError(`${op} expects an object`);
    if (Object.keys(arg).some((p) => p === '_id' || p.startsWith('_id.'))) {
      throw new UpdateSpecError('_id cannot be updated');
    }
    // mingo keeps references to the values it sets; clone so later operators cannot alias the spec.
    const modified = mingoUpdate(next, { [op]: deepClone(arg) } as unknown as Parameters<typeof mingoUpdate>[1]);
    if (modified.length) changed = true;
  }
  return { doc: next, changed };
}

export function deepClone<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (isDate(v)) return new Date(v.getTime()) as unknown as T;
  if (isRegExp(v)) return new RegExp(v.source, v.flags) as unknown as T;
  if (Array.isArray(v)) return v.map((x) => deepClone(x)) as unknown as T;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = deepClone(x);
  return out as T;
}

// ------------------------------------------------------------------------------------------ aggregation

export function aggregate(store: Store, collection: string, pipeline: Doc[]): Doc[] {
  return runPipeline(store, collection, pipeline, undefined);
}

/** `$$name` in a value: a reference to a `let` variable of an enclosing `$lookup`. */
const usesVariables = (v: unknown) => JSON.stringify(v ?? null).includes('"$$');

/**
 * The pipeline on `collection`, with the `let` variables of the `$lookup` it runs in (if any). A
 * leading `$match` narrows the candidates through the planner; its conjuncts that read a variable
 * (in `$expr`) are left out of the narrowing and checked by mingo with the variables bound.
 */
function runPipeline(store: Store, collection: string, pipeline: Doc[], variables: Doc | undefined): Doc[] {
  let stages = pipeline;
  let source: Doc[];
  // A leading $match narrows candidates through the planner (and mingo re-checks in the pipeline).
  const first = pipeline[0];
  if (first && Object.keys(first).length === 1 && '$geoNear' in first) {
    // $geoNear must come first (as in MongoDB); its query narrows like a $match.
    const stage = parseGeoNear(first.$geoNear);
    // Like the cloud: the stage uses a geo index, the one named by `key` or the collection's only one.
    const geo = store.geoFields(collection);
    const key = stage.key ?? (geo.length === 1 ? geo[0] : undefined);
    if (!key || !geo.includes(key)) throw missingGeoIndex(stage.key ?? 'the location field');
    source = geoNear(findMatching(store, collection, stage.query ?? {}).map((c) => c.doc), { ...stage, key });
    stages = pipeline.slice(1);
  } else if (first && Object.keys(first).length === 1 && isPlainObject(first.$match)) {
    const match = first.$match;
    if (variables && usesVariables(match)) {
      // Top-level entries are conjuncts: without those that read a variable the query matches a superset.
      const narrowing = Object.fromEntries(Object.entries(match).filter(([, v]) => !usesVariables(v)));
      source = findMatching(store, collection, narrowing).map((c) => c.doc);
    } else {
      source = findMatching(store, collection, match).map((c) => c.doc);
      stages = pipeline.slice(1);
    }
  } else {
    source = findMatching(store, collection, {}).map((c) => c.doc);
  }
  let docs = source;
  // Runs of stages go to mingo; a $lookup (either form) is run here, through the planner, $count here
  // too (mingo answers `{ n: 0 }` for no input, MongoDB and CloudBase no document at all), and $bucket.
  const native = (stage: Doc) => pipelineLookup(stage) !== null || equalityLookup(stage) !== null || countField(stage) !== null || bucketSpec(stage) !== null;
  for (let i = 0; i < stages.length; ) {
    const stage = stages[i]!;
    const lookup = pipelineLookup(stage);
    const byEquality = equalityLookup(stage);
    const count = countField(stage);
    const buckets = bucketSpec(stage);
    if (buckets) {
      docs = bucket(docs, buckets, { ...MONGO, ...(variables ? { variables } : {}) });
      i += 1;
      continue;
    }
    const joined = lookup ? joinPipeline(store, docs, lookup, variables) : byEquality ? joinEquality(store, docs, byEquality) : null;
    if (joined || count) {
      docs = joined ?? (docs.length ? [{ [count!]: docs.length }] : []);
      i += 1;
      continue;
    }
    // An equality $lookup the planner cannot serve goes to mingo alone; other stages in runs.
    let j = byEquality ? i + 1 : i;
    while (j < stages.length && !native(stages[j]!)) j += 1;
    const agg = new Aggregator(mongoPipeline(stages.slice(i, j)), {
      ...MONGO,
      ...(variables ? { variables } : {}),
      // What is left of the equality form (a local value that is not a string or a number) is mingo's, over the whole collection.
      collectionResolver: (name: string) => findMatching(store, name, {}).map((c) => c.doc),
    });
    docs = agg.run(docs) as Doc[];
    i = j;
  }
  return docs;
}

interface EqualityLookup {
  from: string;
  localField: string;
  foreignField: string;
  as: string;
}

/** `$lookup` in its equality form, `{ from, localField, foreignField, as }`; null for any other stage (mingo reports a malformed one). */
function equalityLookup(stage: Doc): EqualityLookup | null {
  const spec = Object.keys(stage).length === 1 ? stage.$lookup : undefined;
  if (!isPlainObject(spec) || Object.keys(spec).length !== 4) return null;
  const { from, localField, foreignField, as } = spec;
  const named = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && !v.startsWith('$');
  return named(from) && named(localField) && named(foreignField) && named(as) ? { from, localField, foreignField, as } : null;
}

/**
 * The strings and numbers a document holds at `path` (an array at the end gives its elements), or null
 * when anything else is there — missing, null, an empty array, an object, an array on the way — which
 * MongoDB's equality matches in ways an `$in` does not express.
 */
function joinValues(doc: Doc, path: string): (string | number)[] | null {
  let v: unknown = doc;
  for (const part of path.split('.')) {
    if (!isPlainObject(v)) return null;
    v = v[part];
  }
  const values = Array.isArray(v) ? v : [v];
  const plain = (x: unknown): x is string | number => typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x));
  return values.length > 0 && values.every(plain) ? values : null;
}

/**
 * The equality form through the planner, as MongoDB probes `foreignField`'s index: one `$in` over the
 * values every document holds at `localField`, then each document's matches among those by the same
 * `$in` over its own values (so an array on either side matches by element, and types never cross).
 * The matches keep the collection's natural order, each a copy. Null (mingo, over the whole
 * collection) when a document's local value is not plain strings or numbers.
 */
function joinEquality(store: Store, docs: Doc[], l: EqualityLookup): Doc[] | null {
  if (!docs.length) return docs;
  const locals = docs.map((d) => joinValues(d, l.localField));
  if (locals.some((v) => v === null)) return null;
  const wanted = [...new Set(locals.flatMap((v) => v!))];
  const found = findMatching(store, l.from, { [l.foreignField]: { $in: wanted } }).map((c) => c.doc);
  return docs.map((d, i) => {
    const own = new Query({ [l.foreignField]: { $in: locals[i] } }, MONGO);
    return { ...d, [l.as]: found.filter((f) => own.test(f)).map((f) => deepClone(f)) };
  });
}

/** The output field of a `$count` stage, or null for any other stage. */
function countField(stage: Doc): string | null {
  if (Object.keys(stage).length !== 1 || !('$count' in stage)) return null;
  const name = stage.$count;
  if (typeof name !== 'string' || !name || name.startsWith('$') || name.includes('.')) throw new Error('$count needs a field name (not empty, no $ or .)');
  return name;
}

interface PipelineLookup {
  from: string;
  let: Doc | null;
  pipeline: Doc[];
  as: string;
}

/**
 * `$lookup` in its pipeline form: `{ from, let?, pipeline, as }` (CloudBase's 自定义连接条件、拼接子查询,
 * MongoDB's "join conditions and subqueries"), without localField/foreignField. Null for any other stage.
 */
function pipelineLookup(stage: Doc): PipelineLookup | null {
  const spec = Object.keys(stage).length === 1 ? stage.$lookup : undefined;
  if (!isPlainObject(spec) || !Array.isArray(spec.pipeline) || 'localField' in spec || 'foreignField' in spec) return null;
  if (typeof spec.from !== 'string' || !spec.from || typeof spec.as !== 'string' || !spec.as) {
    throw new Error('$lookup with a pipeline needs `from` and `as` (strings)');
  }
  if (spec.let !== undefined && spec.let !== null && !isPlainObject(spec.let)) throw new Error('$lookup `let` must be an object');
  if (!spec.pipeline.every((s) => isPlainObject(s) && Object.keys(s).length === 1)) throw new Error('$lookup `pipeline` must be a list of stages');
  return { from: spec.from, let: isPlainObject(spec.let) && Object.keys(spec.let).length ? spec.let : null, pipeline: spec.pipeline as Doc[], as: spec.as };
}

/**
 * Each document gets `as`: the sub-pipeline's answer on `from` (every `from` document when the pipeline
 * is empty). Without `let` the pipeline does not depend on the document, and runs once (MongoDB caches
 * an uncorrelated subquery too); with it, once per document, its variables computed from the document
 * (and those of an enclosing $lookup, which an inner pipeline sees as well).
 */
function joinPipeline(store: Store, docs: Doc[], l: PipelineLookup, outer: Doc | undefined): Doc[] {
  if (!docs.length) return docs;
  if (!l.let) {
    const joined = runPipeline(store, l.from, l.pipeline, outer);
    return docs.map((d) => ({ ...d, [l.as]: deepClone(joined) }));
  }
  const options = initOptions({ ...MONGO, ...(outer ? { variables: outer } : {}) });
  return docs.map((d) => {
    const vars = Object.fromEntries(Object.entries(l.let!).map(([name, expr]) => [name, computeValue(d, expr, null, options)]));
    return { ...d, [l.as]: runPipeline(store, l.from, l.pipeline, { ...outer, ...vars }) };
  });
}
