import type { LocalEngine } from '../../local/engine';
import { decodeParam } from '../../local/engine/query';

/**
 * Watches what the functions send the database, through the engine's `observer` (told of every request):
 * how many requests each call costs, and which queries would scan a collection because no index serves
 * them. CloudBase bills and waits per request, and a scan over a county-sized collection is a slow query
 * that the cloud may cut off: both must be known per action, not guessed.
 */
export interface ScanReport {
  collection: string;
  /** Documents in the collection when the query ran. */
  size: number;
  where: string;
  /** The label of the call that sent it (see `measure`). */
  during: string;
}

export interface QueryWatch {
  /** Requests seen since the watch began or since the last `take()`, and resets the count. */
  take(): number;
  /** Runs `fn` and returns its result with the number of database requests it sent. */
  measure<T>(label: string, fn: () => Promise<T>): Promise<{ result: T; requests: number }>;
  /** Queries that found no usable index on a collection over `threshold` documents. */
  readonly scans: ScanReport[];
  /** Every (collection, query shape) seen with the index that served it: the report's list. */
  readonly shapes: Map<string, string>;
  stop(): void;
}

type Where = Record<string, unknown>;

const QUERY_ACTIONS = new Set([
  'database.getDocument',
  'database.calculateDocument',
  'database.modifyDocument',
  'database.removeDocument',
  'database.modifyAndReturnDoc',
  'database.aggregateDocuments',
]);

/** The field names (not values) of a where clause: the shape that an index must serve. */
export function shapeOf(where: unknown): string {
  if (Array.isArray(where)) return `[${where.map(shapeOf).join(',')}]`;
  if (where === null || typeof where !== 'object') return '?';
  const entries = Object.entries(where as Where).sort(([a], [b]) => a.localeCompare(b));
  return `{${entries
    .map(([k, v]) => {
      if (k.startsWith('$')) return `${k}:${shapeOf(v)}`;
      const ops = v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v as Where).filter((o) => o.startsWith('$')) : [];
      return ops.length ? `${k}(${ops.join(',')})` : k;
    })
    .join(',')}}`;
}

function isPlain(v: unknown): v is Where {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * The index that serves `where`, or null for a scan. SQLite's plan decides for conjunctions; a `$or`
 * (which the local engine leaves to mingo) is served when every branch is, as MongoDB unions the
 * branches' indexes; an `$and` is served when any conjunct is.
 */
function servedBy(engine: LocalEngine, collection: string, where: unknown): string | null {
  if (!isPlain(where)) return null;
  const plan = engine.explain(collection, where);
  const used = plan.split('\n').find((l) => /USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY|USING PRIMARY KEY|SEARCH/.test(l) && !/^SCAN /.test(l));
  if (used) return used.replace(/^SEARCH \S+ /, '');
  for (const [k, v] of Object.entries(where)) {
    if (k === '$or' && Array.isArray(v) && v.length) {
      const branches = v.map((b) => servedBy(engine, collection, b));
      if (branches.every(Boolean)) return `OR(${branches.join(' | ')})`;
    }
    if (k === '$and' && Array.isArray(v)) {
      for (const b of v) {
        const s = servedBy(engine, collection, b);
        if (s) return s;
      }
    }
  }
  return null;
}

const readsVariable = (v: unknown) => JSON.stringify(v ?? null).includes('"$$');

/**
 * The queries one aggregate request makes the database run: its leading `$match` on the collection
 * (or the whole collection), and each `$lookup`'s on the collection it joins, nested ones too: the
 * sub-pipeline's leading `$match` without the conjuncts that read a `let` variable (what an index can
 * serve before the variables are known), or the equality form's `foreignField`.
 */
export function pipelineQueries(collection: string, stages: Where[]): { collection: string; where: Where }[] {
  const first = stages[0];
  const match = first && isPlain(first.$match) ? (first.$match as Where) : {};
  const out = [{ collection, where: Object.fromEntries(Object.entries(match).filter(([, v]) => !readsVariable(v))) }];
  for (const stage of stages) {
    const l = stage.$lookup;
    if (!isPlain(l) || typeof l.from !== 'string') continue;
    if (Array.isArray(l.pipeline)) out.push(...pipelineQueries(l.from, l.pipeline as Where[]));
    else if (typeof l.foreignField === 'string') out.push({ collection: l.from, where: { [l.foreignField]: '?' } });
  }
  return out;
}

function sizeOf(engine: LocalEngine, collection: string): number {
  const table = (engine.store as unknown as { table(c: string): string }).table(collection);
  try {
    return (engine.store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } catch {
    return 0;
  }
}

export function watchQueries(engine: LocalEngine, options: { threshold?: number } = {}): QueryWatch {
  const threshold = options.threshold ?? 1000;
  const scans: ScanReport[] = [];
  const shapes = new Map<string, string>();
  const sizes = new Map<string, { n: number; at: number }>();
  let requests = 0;
  let label = '';
  const previous = engine.observer;

  const check = (collection: string, where: unknown) => {
    if (!isPlain(where) && where !== undefined) return;
    const w = (where ?? {}) as Where;
    const key = `${collection} ${shapeOf(w)}`;
    const cached = shapes.get(key);
    if (cached !== undefined && cached !== 'SCAN') return;
    const served = servedBy(engine, collection, w);
    shapes.set(key, served ?? 'SCAN');
    if (served) return;
    const s = sizes.get(collection);
    const n = s && s.at === requests ? s.n : sizeOf(engine, collection);
    sizes.set(collection, { n, at: requests });
    if (n > threshold) scans.push({ collection, size: n, where: JSON.stringify(w).slice(0, 300), during: label });
  };

  engine.observer = (action, params) => {
    previous?.(action, params);
    requests += 1;
    if (!QUERY_ACTIONS.has(action) || params.queryType === 'DOC') return;
    const collection = String(params.collectionName ?? '');
    if (action === 'database.aggregateDocuments') {
      const raw = Array.isArray(params.stages) ? (params.stages as { stageKey?: string; stageValue?: unknown }[]) : [];
      const stages = raw.map((st) => ({ [String(st.stageKey)]: typeof st.stageValue === 'string' ? decodeParam(st.stageValue, Date.now()) : st.stageValue }));
      for (const q of pipelineQueries(collection, stages)) check(q.collection, q.where);
      return;
    }
    check(collection, decodeParam(params.query, Date.now()) ?? {});
  };

  return {
    take() {
      const n = requests;
      requests = 0;
      return n;
    },
    async measure(l, fn) {
      label = l;
      requests = 0;
      const result = await fn();
      const n = requests;
      requests = 0;
      label = '';
      return { result, requests: n };
    },
    scans,
    shapes,
    stop() {
      engine.observer = previous;
    },
  };
}
