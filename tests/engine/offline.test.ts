/**
 * In local mode nothing may leave the machine. Outbound connections are refused here and every attempt
 * to reach a host other than loopback is recorded: node-sdk's init() probes the Tencent Cloud metadata
 * host unless the runtime keeps it offline (keepSdkOffline).
 */
import dns from 'node:dns';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const attempts: string[] = [];
const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || /^(::ffff:)?127\./.test(host);

type ConnectArgs = Parameters<net.Socket['connect']>;
const realConnect = net.Socket.prototype.connect;
const realLookup = dns.lookup;

function hostOf(args: unknown[]): string | null {
  // net normalises to ([options, cb]) internally; callers may pass (options), (port, host) or (path).
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (typeof first === 'number') return typeof args[1] === 'string' ? args[1] : 'localhost';
  if (first && typeof first === 'object') {
    const o = first as { host?: string; path?: string };
    if (o.path) return null;
    return o.host ?? 'localhost';
  }
  return null;
}

beforeAll(() => {
  net.Socket.prototype.connect = function refuseOutbound(this: net.Socket, ...args: unknown[]) {
    const host = hostOf(args);
    if (host !== null && !isLoopback(host)) {
      attempts.push(host);
      process.nextTick(() => this.destroy(Object.assign(new Error(`connect ECONNREFUSED ${host} (refused by the test)`), { code: 'ECONNREFUSED' })));
      return this;
    }
    return realConnect.apply(this, args as ConnectArgs);
  } as typeof realConnect;
  (dns as { lookup: unknown }).lookup = function refuseLookup(hostname: string, ...rest: unknown[]) {
    if (isLoopback(hostname)) return (realLookup as (...a: unknown[]) => unknown).call(dns, hostname, ...rest);
    attempts.push(hostname);
    const cb = rest[rest.length - 1] as (err: Error) => void;
    process.nextTick(() => cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname} (refused by the test)`), { code: 'ENOTFOUND' })));
  };
});

afterAll(() => {
  net.Socket.prototype.connect = realConnect;
  (dns as { lookup: unknown }).lookup = realLookup;
});

beforeEach(() => {
  attempts.length = 0;
});

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the local runtime with outbound connections refused', () => {
  it('notices an attempt: a bare tcb.init() without keepSdkOffline probes the metadata host', async () => {
    // A fresh module registry: an SDK copy the runtime never configured.
    let init: (() => void) | undefined;
    jest.isolateModules(() => {
      const sdk = require('@cloudbase/node-sdk') as { init(config: object): unknown };
      init = () => sdk.init({ env: 'local-test' });
    });
    init?.();
    await settle(300);
    expect(attempts.join(' ')).toMatch(/metadata\.tencentyun\.com/);
  });

  it('starts, serves calls through the gateway and closes without a single attempt to leave the machine', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qy-offline-'));
    const { listen, openRuntime } = await import('../../local/runtime');
    const runtime = await openRuntime({ dataDir });
    try {
      const port = await listen(runtime.server, 0);
      const res = await fetch(`http://127.0.0.1:${port}/api/auth`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ action: 'devLogin', data: { persona: 'resident' } }),
      });
      expect(res.status).toBe(200);
      await settle(300);
    } finally {
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
    expect(attempts).toEqual([]);
    // Seeding the demo data takes a few seconds on a busy machine.
  }, 60_000);
});
