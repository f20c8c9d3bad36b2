/**
 * Hooks the local engine under the production SDK.
 *
 * `@cloudbase/database` sends every request through `new Db.reqClass(config).send(action, params)`, and
 * node-sdk's `app.database()` sets `Db.reqClass = TcbDBApiHttpRequester` on every call. This is INTERNAL
 * API: the versions are pinned (assertPinnedSdk) and a test fails loudly if the hook moves.
 *
 * Everything is resolved through node-sdk's own `require`, so we patch the very module instances the SDK
 * uses even if a second copy of @cloudbase/database were installed elsewhere.
 */
import { createRequire } from 'module';
import { readFileSync } from 'fs';
import path from 'path';
import type { LocalEngine } from './engine';
import { DecodedDoc, isPlainJsonText } from './query';
import { refuse } from './errors';

export const PINNED_NODE_SDK = '3.18.3';
export const PINNED_DATABASE = '1.4.3';

// The SDK boundary: its classes are untyped internals, so they are described here minimally.
type AsyncMethod = (this: { _transactionId?: string }, ...args: unknown[]) => Promise<unknown>;
interface DbStatic {
  reqClass?: unknown;
}
interface SdkDatabaseModule {
  Db: DbStatic;
  Query: { prototype: Record<string, AsyncMethod> };
  CollectionReference: { prototype: Record<string, unknown> };
}
interface SdkUtilsModule {
  processReturn(result: unknown): unknown;
}

const nodeSdkMain = require.resolve('@cloudbase/node-sdk');
const sdkRequire = createRequire(nodeSdkMain);

function nodeSdkDir(): string {
  // main is <pkg>/dist/index.js
  return path.resolve(path.dirname(nodeSdkMain), '..');
}

function databaseModule(): SdkDatabaseModule {
  return sdkRequire('@cloudbase/database') as SdkDatabaseModule;
}

/** node-sdk's processReturn: throws a TcbError for an error body unless the app called setThrowOnCode(false). */
function processReturn(body: unknown): unknown {
  const utils = sdkRequire(path.join(nodeSdkDir(), 'dist/utils/utils.js')) as Partial<SdkUtilsModule>;
  if (typeof utils.processReturn === 'function') return utils.processReturn(body);
  // Seen under jest's module registry: the SDK's self-importing utils module can come back half-loaded.
  // Throw the same shape its TcbError has (code, message, requestId).
  const { code, message, requestId } = body as { code: string; message?: string; requestId?: string };
  throw Object.assign(new Error(message ?? code), { name: 'TcbError', code, message: message ?? code, requestId: requestId ?? '' });
}

function isErrorBody(res: unknown): boolean {
  return typeof res === 'object' && res !== null && typeof (res as { code?: unknown }).code === 'string';
}

let attached: LocalEngine | null = null;
/** What the SDK last assigned to Db.reqClass while we were attached; restored by detachEngine. */
let shadowedReqClass: unknown;
const originalMethods: { target: Record<string, unknown>; name: string; fn: unknown }[] = [];

let simulatedLatencyMs = 0;
/** Benches only: every database request waits `ms` first, like CloudBase's round trip (0: none). */
export function simulateLatency(ms: number): void {
  simulatedLatencyMs = ms;
}

/** The requester the SDK instantiates per Query/Document/Aggregation/Transaction. */
class LocalDbRequester {
  // The SDK passes its db config; the local engine needs none of it.
  constructor(_config?: unknown) {}

  async send(action: string, params?: unknown): Promise<unknown> {
    const engine = attached;
    if (!engine) throw new Error('local engine is not attached');
    // Yield to the event loop like a network round trip, so concurrent callers interleave realistically.
    if (simulatedLatencyMs > 0) await new Promise<void>((resolve) => setTimeout(resolve, simulatedLatencyMs));
    else await new Promise<void>((resolve) => setImmediate(resolve));
    const res = engine.handle(action, params ?? {}, { decoded: true });
    return isErrorBody(res) ? processReturn(res) : res;
  }
}

/**
 * where()/collection-level update, remove, count, updateAndReturn and aggregate are not transactional in
 * CloudBase, and the SDK does not even send the transaction id with them (it silently runs them outside the
 * transaction). Locally they are refused when issued from a transaction's collection. where().get() does
 * carry the transaction id and reads the transaction's snapshot, as in the cloud: it is not guarded.
 */
function guardNonTransactional(mod: SdkDatabaseModule): void {
  const guard = (target: Record<string, unknown>, name: string, label: string): void => {
    const orig = target[name];
    if (typeof orig !== 'function') throw new Error(`@cloudbase/database: ${name} moved; the local engine hook needs review`);
    originalMethods.push({ target, name, fn: orig });
    target[name] = async function guarded(this: { _transactionId?: string }, ...args: unknown[]) {
      if (this._transactionId) {
        const refusal = refuse.notTransactional(label);
        return processReturn({ requestId: '', code: refusal.code, message: refusal.message });
      }
      return (orig as AsyncMethod).apply(this, args);
    };
  };
  guard(mod.Query.prototype as Record<string, unknown>, 'update', 'where().update()');
  guard(mod.Query.prototype as Record<string, unknown>, 'remove', 'where().remove()');
  guard(mod.Query.prototype as Record<string, unknown>, 'count', 'count()');
  guard(mod.Query.prototype as Record<string, unknown>, 'updateAndReturn', 'where().updateAndReturn()');
  // aggregate() is synchronous (returns a builder); refuse at build time.
  const aggTarget = mod.CollectionReference.prototype;
  const aggOrig = aggTarget.aggregate;
  if (typeof aggOrig !== 'function') throw new Error('@cloudbase/database: aggregate moved; the local engine hook needs review');
  originalMethods.push({ target: aggTarget, name: 'aggregate', fn: aggOrig });
  aggTarget.aggregate = function guardedAggregate(this: { _transactionId?: string }, ...args: unknown[]) {
    if (this._transactionId) {
      throw new Error('aggregate() inside a transaction is not transactional in CloudBase (only doc() operations and add() are)');
    }
    return (aggOrig as (...a: unknown[]) => unknown).apply(this, args);
  };
}

/**
 * Serves the SDK's database requests from `engine`. Call after `app.database()`; later
 * `app.database()` calls cannot undo it (their reset of Db.reqClass is ignored while attached).
 */
export function attachEngine(engine: LocalEngine): void {
  assertPinnedSdk();
  const mod = databaseModule();
  const wasAttached = attached !== null;
  attached = engine;
  if (wasAttached) return;
  shadowedReqClass = mod.Db.reqClass;
  Object.defineProperty(mod.Db, 'reqClass', {
    configurable: true,
    enumerable: true,
    get: () => LocalDbRequester,
    set: (v: unknown) => {
      shadowedReqClass = v;
    },
  });
  guardNonTransactional(mod);
  fastPlainEjson();
}

/**
 * The SDK decodes every returned document with bson's `EJSON.parse(text)` (relaxed), a JSON.parse
 * with a reviver called on every key. For text with none of EJSON's wrapper keys (query.ts
 * isPlainJsonText) that is exactly JSON.parse, which is several times faster; anything that might hold
 * a `$date`, `$regex`… keeps the SDK's own path.
 * A list entry the engine hands over already decoded (query.ts DecodedDoc, a plain-JSON document
 * copied for this reader) is taken as it is: the text would only have been written to be parsed back.
 * Local only: in the cloud the SDK runs untouched.
 */
function fastPlainEjson(): void {
  const bson = sdkRequire('bson') as { EJSON: Record<string, unknown> };
  const original = bson.EJSON.parse as (text: string, options?: unknown) => unknown;
  originalMethods.push({ target: bson.EJSON, name: 'parse', fn: original });
  bson.EJSON.parse = (text: string | DecodedDoc, options?: { relaxed?: boolean }) => {
    if (text instanceof DecodedDoc) {
      if (text.formatted) handedOver.push(text.doc);
      else mixed = true;
      return text.doc;
    }
    mixed = true;
    return typeof text === 'string' && isPlainJsonText(text) && (options === undefined || options.relaxed !== false)
      ? JSON.parse(text)
      : original.call(bson.EJSON, text, options);
  };
  // The SDK's next step over the decoded list, `Util.formatResDocumentData`, deep-copies every document
  // and builds its geo classes. The SDK calls it right after decoding the list, with no await between
  // (`res.data.list.map(EJSON.parse)` then `formatResDocumentData(list)` in query.js and document.js), so
  // the documents decoded since the last call are exactly this list's. A list whose every document the
  // engine handed over as such a copy already (DecodedDoc `formatted`: plain JSON, no GeoJSON) is the
  // answer as it is; any other list takes the SDK's own pass. tests/engine/sdk-format.test.ts holds the two equal.
  const util = sdkRequire('@cloudbase/database/dist/commonjs/util') as { Util: { formatResDocumentData: (docs: unknown[]) => unknown[] } };
  const originalFormat = util.Util.formatResDocumentData;
  originalMethods.push({ target: util.Util as unknown as Record<string, unknown>, name: 'formatResDocumentData', fn: originalFormat });
  util.Util.formatResDocumentData = (documents: unknown[]) => {
    const decoded = handedOver;
    const asIs = !mixed && documents.length === decoded.length && documents.every((d, i) => d === decoded[i]);
    handedOver = [];
    mixed = false;
    return asIs ? documents : originalFormat(documents);
  };
}

/**
 * The SDK's own `Util.formatResDocumentData`, whatever is attached: what a list's documents must equal
 * (tests/engine/sdk-format.test.ts).
 */
export function sdkFormat(documents: unknown[]): unknown[] {
  const saved = originalMethods.find((m) => m.name === 'formatResDocumentData');
  const util = sdkRequire('@cloudbase/database/dist/commonjs/util') as { Util: { formatResDocumentData: (docs: unknown[]) => unknown[] } };
  return ((saved?.fn ?? util.Util.formatResDocumentData) as (docs: unknown[]) => unknown[])(documents);
}

/**
 * The documents the EJSON.parse hook handed over already formatted since the SDK last formatted a list,
 * and whether it decoded anything else meanwhile (see fastPlainEjson).
 */
let handedOver: object[] = [];
let mixed = false;

/**
 * node-sdk's `init()` starts a probe of the Tencent Cloud metadata host (`metadata.tencentyun.com`, the
 * app-id lookup that tells it whether it runs in the cloud) without awaiting it, and its credential
 * lookup asks the same host. In local mode nothing may leave the machine: both answer "not in the cloud"
 * here. Call before the first `tcb.init()`; it stays in force for the process (the SDK caches the
 * probe's answer for the process too). Like the Db.reqClass hook it patches the SDK's own module
 * instance, so the pinned-version check covers it.
 */
export function keepSdkOffline(): void {
  // Light on purpose (every test file calls it): the full assertPinnedSdk runs when the engine attaches.
  const sdkVersion = versionOf(path.join(nodeSdkDir(), 'package.json'));
  const metadata = sdkRequire(path.join(nodeSdkDir(), 'dist/utils/metadata.js')) as Record<string, unknown>;
  if (sdkVersion !== PINNED_NODE_SDK || typeof metadata.lookupAppId !== 'function') {
    throw new Error(`The local runtime keeps @cloudbase/node-sdk ${PINNED_NODE_SDK} offline through dist/utils/metadata.js; found ${sdkVersion}: review keepSdkOffline`);
  }
  metadata.lookupAppId = async () => '';
  metadata.lookupCredentials = async () => {
    throw new Error('local mode: the cloud metadata host is not asked for credentials');
  };
  offline = true;
}

let offline = false;
export function isSdkOffline(): boolean {
  return offline;
}

/** Restores the SDK's own transport (for tests). */
export function detachEngine(): void {
  if (!attached) return;
  attached = null;
  const mod = databaseModule();
  Object.defineProperty(mod.Db, 'reqClass', {
    configurable: true,
    enumerable: true,
    writable: true,
    value: shadowedReqClass,
  });
  while (originalMethods.length) {
    const m = originalMethods.pop();
    if (m) m.target[m.name] = m.fn;
  }
}

export function isEngineAttached(): boolean {
  return attached !== null;
}

function versionOf(pkgJson: string): string {
  return (JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string }).version;
}

/** Throws unless the SDK is exactly the version whose internals the local engine was written against. */
export function assertPinnedSdk(): void {
  const problems: string[] = [];
  const sdkVersion = versionOf(path.join(nodeSdkDir(), 'package.json'));
  if (sdkVersion !== PINNED_NODE_SDK) problems.push(`@cloudbase/node-sdk is ${sdkVersion}, expected ${PINNED_NODE_SDK}`);
  const dbMain = sdkRequire.resolve('@cloudbase/database');
  const dbDir = dbMain.slice(0, dbMain.lastIndexOf(`${path.sep}dist${path.sep}`));
  const dbVersion = versionOf(path.join(dbDir, 'package.json'));
  if (dbVersion !== PINNED_DATABASE) problems.push(`@cloudbase/database is ${dbVersion}, expected ${PINNED_DATABASE}`);
  const mod = databaseModule();
  if (typeof mod.Db !== 'function') problems.push('@cloudbase/database no longer exports Db');
  // The hook is a bare static assignment in compiled code: check both ends of it in the shipped sources.
  const newDbSrc = readFileSync(path.join(nodeSdkDir(), 'dist/database/index.js'), 'utf8');
  if (!/\bDb\.reqClass\s*=/.test(newDbSrc)) problems.push('node-sdk no longer assigns Db.reqClass in newDb()');
  const querySrc = readFileSync(path.join(dbDir, 'dist/commonjs/query.js'), 'utf8');
  if (!/new\s+[\w.]*Db\.reqClass\(/.test(querySrc)) problems.push('@cloudbase/database Query no longer instantiates Db.reqClass');
  for (const m of ['update', 'remove', 'count', 'get']) {
    if (typeof mod.Query?.prototype?.[m] !== 'function') problems.push(`Query.prototype.${m} is missing`);
  }
  const platformSrc = readFileSync(path.join(nodeSdkDir(), 'dist/utils/cloudplatform.js'), 'utf8');
  if (!/metadata_1\.lookupAppId\)\(\)/.test(platformSrc)) problems.push('node-sdk no longer probes the metadata host through metadata.lookupAppId');
  if (problems.length) {
    throw new Error(`The local CloudBase engine hooks SDK internals that changed:\n- ${problems.join('\n- ')}`);
  }
}
