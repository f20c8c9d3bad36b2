import { AsyncLocalStorage } from 'node:async_hooks';
import { onOutsideRead } from '../cloudfunctions/_lib/outside';
import type { LocalEngine } from './engine';

/**
 * The gateway's read cache: a call answered from memory when the same person sends the same request
 * again and nothing it read has changed since.
 *
 * While a call runs, the engine tells the cache of every database request it makes (through
 * `engine.observer`, attributed to the call by AsyncLocalStorage), and `_lib/outside.ts` tells it when
 * the call reads the clock or its environment. An answer is remembered only when the call
 *   - succeeded (`ok: true`),
 *   - wrote nothing and opened no transaction,
 *   - read neither the clock nor the environment and sent no query with the server's time in it,
 * and it is keyed by function, caller (openid) and the exact request body. It stays valid while every
 * collection the call read still has the write version it had when it was read (the same versions the
 * engine's page cache trusts; every write path bumps them). An aggregate may read collections it does not
 * name, so it depends on every write.
 *
 * This lives only in the local runtime; in the cloud every call runs the function.
 */

/** Reads: answer depends on the named collection. */
const READS = new Set(['database.getDocument', 'database.calculateDocument']);
/** Depends on any write anywhere. */
const WIDE_READS = new Set(['database.aggregateDocuments']);
const ANY = '\u0000any';

interface Trace {
  deps: Map<string, number>;
  /** Why the answer may not be kept; null while it still may. */
  spoiled: string | null;
}

interface Entry {
  text: string;
  deps: Map<string, number>;
}

export interface ReadCacheLimits {
  entries: number;
  bytes: number;
  /** Request bodies longer than this are not used as keys. */
  keyBytes: number;
}

const DEFAULT_LIMITS: ReadCacheLimits = { entries: 2000, bytes: 32 * 1024 * 1024, keyBytes: 4096 };

function mentionsServerTime(params: Record<string, unknown>): boolean {
  for (const v of Object.values(params)) {
    const text = typeof v === 'string' ? v : v !== null && typeof v === 'object' ? JSON.stringify(v) : '';
    if (text.includes('$tcb_server_date')) return true;
  }
  return false;
}

export class ReadCache {
  private readonly als = new AsyncLocalStorage<Trace>();
  /** Insertion order is recency order: a hit moves its entry to the end. */
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private readonly limits: ReadCacheLimits;
  readonly stats = { hits: 0, misses: 0, kept: 0, skipped: 0 };
  private on = true;

  /** Off: every call runs the function untraced (benchmarks measure both ways). */
  get enabled(): boolean {
    return this.on;
  }

  set enabled(on: boolean) {
    this.on = on;
    // An AsyncLocalStorage that has run keeps Node 20's promise hooks on for every promise in the
    // process; while the cache is off nothing is traced, so they are turned off with it.
    if (!on) this.als.disable();
  }

  constructor(
    private readonly engine: LocalEngine,
    limits: Partial<ReadCacheLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    engine.observer = (action, params) => this.observe(action, params);
    onOutsideRead((what) => {
      const trace = this.als.getStore();
      if (trace && !trace.spoiled) trace.spoiled = what;
    });
  }

  /** Stops observing the engine and the clock. */
  close(): void {
    if (this.engine.observer) this.engine.observer = null;
    onOutsideRead(null);
    this.entries.clear();
    this.bytes = 0;
  }

  /** The key for a call, or null when the body is too long to be worth keeping. */
  key(fn: string, openid: string | null, body: Buffer): string | null {
    if (!this.enabled || body.length > this.limits.keyBytes) return null;
    return `${fn}\u0000${openid ?? ''}\u0000${body.toString('latin1')}`;
  }

  /** The remembered answer's text, if nothing it read has changed. */
  get(key: string): string | null {
    const entry = this.entries.get(key);
    if (!entry) {
      this.stats.misses++;
      return null;
    }
    if (!this.fresh(entry)) {
      this.drop(key, entry);
      this.stats.misses++;
      return null;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.stats.hits++;
    return entry.text;
  }

  /**
   * Runs one call with its database requests and clock reads traced; `keep(result)` says whether the
   * result itself may be kept (e.g. it succeeded). Returns the result and the JSON text sent back.
   */
  async run<T>(key: string | null, call: () => Promise<T>, keep: (result: T) => boolean): Promise<{ result: T; text: string }> {
    if (!this.on) {
      const result = await call();
      return { result, text: JSON.stringify(result) };
    }
    const trace: Trace = { deps: new Map(), spoiled: null };
    const result = await this.als.run(trace, call);
    const text = JSON.stringify(result);
    if (key !== null && trace.spoiled === null && keep(result)) this.put(key, { text, deps: trace.deps });
    else this.stats.skipped++;
    return { result, text };
  }

  size(): number {
    return this.entries.size;
  }

  private observe(action: string, params: Record<string, unknown>): void {
    const trace = this.als.getStore();
    if (!trace || trace.spoiled) return;
    if (READS.has(action) || WIDE_READS.has(action)) {
      if (mentionsServerTime(params)) {
        trace.spoiled = 'server time';
        return;
      }
      const collection = WIDE_READS.has(action) ? ANY : String(params.collectionName ?? '');
      if (!trace.deps.has(collection)) trace.deps.set(collection, this.versionOf(collection));
      return;
    }
    trace.spoiled = action;
  }

  private versionOf(collection: string): number {
    return collection === ANY ? this.engine.store.anyVersion() : this.engine.store.versionOf(collection);
  }

  private fresh(entry: Entry): boolean {
    for (const [collection, version] of entry.deps) if (this.versionOf(collection) !== version) return false;
    return true;
  }

  private put(key: string, entry: Entry): void {
    const size = key.length + entry.text.length * 2;
    if (size > this.limits.bytes / 8) return;
    const old = this.entries.get(key);
    if (old) this.drop(key, old);
    this.entries.set(key, entry);
    this.bytes += size;
    this.stats.kept++;
    while (this.entries.size > this.limits.entries || this.bytes > this.limits.bytes) {
      const [oldestKey, oldest] = this.entries.entries().next().value as [string, Entry];
      this.drop(oldestKey, oldest);
    }
  }

  private drop(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= key.length + entry.text.length * 2;
  }
}
