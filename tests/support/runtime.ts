import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Persona } from '../../shared/contracts/common';
import type { Envelope } from '../../shared/contracts/envelope';
import { listen, openRuntime, type Runtime } from '../../local/runtime';

export interface CallResult<T = any> {
  status: number;
  body: Envelope<T>;
}

export interface TestRuntime {
  runtime: Runtime;
  url: string;
  dataDir: string;
  /** POST /api/<fn> through the real gateway. */
  call<T = any>(fn: string, action: string, data?: unknown, token?: string): Promise<CallResult<T>>;
  /** Signs in as a seeded persona and returns the bearer token. */
  login(persona: Persona): Promise<string>;
  loginOpenid(openid: string): Promise<string>;
  count(collection: string, where?: object): Promise<number>;
  close(): Promise<void>;
}

/** A fresh runtime on a temporary SQLite file with the demo data, listening on a free port. */
export async function startTestRuntime(options: { staticDir?: string; seed?: boolean; mediaCheckDelayMs?: number } = {}): Promise<TestRuntime> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qy-test-'));
  // The image-check stand-in holds its answers until a test calls runtime.mediaCheck.flush().
  const runtime = await openRuntime({ dataDir, staticDir: options.staticDir, seed: options.seed, mediaCheckDelayMs: options.mediaCheckDelayMs ?? 0 });
  const port = await listen(runtime.server, 0);
  const url = `http://127.0.0.1:${port}`;

  const census = process.env.REQUEST_CENSUS ? requestCensus(runtime, process.env.REQUEST_CENSUS) : null;

  async function call<T>(fn: string, action: string, data?: unknown, token?: string): Promise<CallResult<T>> {
    if (census) return census.around(fn, action, token, () => send<T>(fn, action, data, token));
    return send<T>(fn, action, data, token);
  }

  async function send<T>(fn: string, action: string, data?: unknown, token?: string): Promise<CallResult<T>> {
    const res = await fetch(`${url}/api/${fn}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ action, data }),
    });
    return { status: res.status, body: (await res.json()) as Envelope<T> };
  }

  async function loginWith(data: object): Promise<string> {
    const res = await call<{ token: string }>('auth', 'devLogin', data);
    if (!res.body.ok) throw new Error(`devLogin failed: ${JSON.stringify(res.body)}`);
    census?.signedIn(res.body.data.token, data);
    return res.body.data.token;
  }

  return {
    runtime,
    url,
    dataDir,
    call,
    login: (persona) => loginWith({ persona }),
    loginOpenid: (openid) => loginWith({ openid }),
    async count(collection, where = {}) {
      const res = await runtime.db.collection(collection).where(where).count();
      return (res as { total: number }).total;
    },
    async close() {
      if (process.env.NOTICE_CENSUS) noticeCensus(runtime, process.env.NOTICE_CENSUS);
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Unwraps a successful call or fails the test with the error envelope. */
export function ok<T>(res: CallResult<T>): T {
  if (!res.body.ok) throw new Error(`expected ok, got ${res.status} ${JSON.stringify(res.body.error)}`);
  return res.body.data;
}

/** Counts every document in the collections a call might write, to prove a rejected call wrote nothing. */
export async function snapshotCounts(t: TestRuntime, collections = ['wishes', 'notifications', 'auditLog', 'users']) {
  const out: Record<string, number> = {};
  for (const c of collections) out[c] = await t.count(c);
  return out;
}

/**
 * REQUEST_CENSUS=<file>: every call a test makes through the gateway appends one line to the file — the
 * action, whether the caller holds any role beyond resident, and the database requests it sent (counted
 * through the engine's observer). A call that overlapped another is marked so (its count is not its own).
 * Run with READ_CACHE=off, or a remembered answer counts 0. `node scripts/request-census.mjs <file>`
 * sums it up against the budgets of issue 13 (resident ≤ 6, cadre ≤ 12).
 */
function requestCensus(runtime: Runtime, file: string) {
  let requests = 0;
  let running = 0;
  let started = 0;
  const previous = runtime.engine.observer;
  runtime.engine.observer = (action, params) => {
    previous?.(action, params);
    requests += 1;
  };
  const who = new Map<string, object>();
  return {
    signedIn(token: string, as: object) {
      who.set(token, as);
    },
    async around<T>(fn: string, action: string, token: string | undefined, run: () => Promise<CallResult<T>>): Promise<CallResult<T>> {
      const before = requests;
      running += 1;
      const mine = ++started;
      let overlapped = running > 1;
      const result = await run().finally(() => {
        // Another call still running, or one that started (and maybe ended) while this one ran.
        if (running > 1 || started !== mine) overlapped = true;
        running -= 1;
      });
      const sent = requests - before;
      const as = token ? who.get(token) : undefined;
      // The caller's roles as they are now, read from SQLite itself: a request through the engine would
      // count in a test's own QueryWatch.
      const [field, value] = as && 'openid' in as ? ['openid', String(as.openid)] : as && 'persona' in as ? ['persona', String(as.persona)] : [null, null];
      const row = field ? runtime.engine.store.select('users', `json_extract(body, '$.${field}') = ?`, [value]).find((r) => field === 'openid' || r.body.includes('"demo":true')) : undefined;
      const roles = row ? ((JSON.parse(row.body) as { roles?: { role: string }[] }).roles ?? []).map((r) => r.role) : [];
      appendFileSync(file, `${JSON.stringify({ fn, action, ok: result.body.ok, roles, requests: sent, overlapped, test: expect.getState().currentTestName ?? '' })}\n`);
      return result;
    },
  };
}

/**
 * NOTICE_CENSUS=<file>: when a test file closes its runtime, every notice that names a person other than
 * its recipient (a user's name in its title or body) without saying whom (`aboutId`) appends one line —
 * its kind and the test file. Such a notice keeps a closed account's name in someone else's inbox, where
 * the erasure cannot find it. `node scripts/notice-census.mjs <file>` lists the kinds.
 */
function noticeCensus(runtime: Runtime, file: string): void {
  const db = runtime.engine.store.db;
  const table = (c: string) => (runtime.engine.store as unknown as { table(c: string): string }).table(c);
  let rows: { kind: string; n: number }[];
  try {
    rows = db
      .prepare(
        `SELECT json_extract(n.body, '$.kind') AS kind, count(*) AS n FROM ${table('notifications')} n JOIN ${table('users')} u
         ON length(json_extract(u.body, '$.name')) >= 2 AND json_extract(u.body, '$.name') != '已注销用户' AND u._id != json_extract(n.body, '$.recipientId')
         AND (instr(json_extract(n.body, '$.body'), json_extract(u.body, '$.name')) > 0 OR instr(json_extract(n.body, '$.title'), json_extract(u.body, '$.name')) > 0)
         WHERE json_extract(n.body, '$.aboutId') IS NULL GROUP BY kind`,
      )
      .all() as { kind: string; n: number }[];
  } catch {
    return; // a test that never made the collections
  }
  const testFile = path.relative(process.cwd(), expect.getState().testPath ?? '');
  for (const r of rows) appendFileSync(file, `${JSON.stringify({ kind: r.kind, notices: r.n, test: testFile })}\n`);
}
