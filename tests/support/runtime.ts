import { mkdtempSync, rmSync } from 'node:fs';
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

  async function call<T>(fn: string, action: string, data?: unknown, token?: string): Promise<CallResult<T>> {
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
