/**
 * 警民之家 booking through the real gateway on SQLite.
 * - `police.book` on uncontended slots (every request a different slot, 32 residents booking
 *   at once) against `wishes.list` (50 items) in the same run and by the same load generator:
 *   throughput ratio and p99.
 * - 200 residents booking one capacity-5 slot at once: must end with exactly 5 bookings, and how
 *   long the burst takes.
 * The load generator runs in its own process (as bench/load.mjs does) but sends a different body
 * per request, which a booking benchmark needs.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clock } from '../cloudfunctions/_lib/clock';
import type { UserRecord } from '../shared/domain/records';
import type { SlotRecord } from '../shared/domain/police-records';
import { addDays, chinaDate } from '../shared/domain/china-time';
import { generateSlots } from '../shared/domain/police-hours';
import { startTestRuntime, type TestRuntime } from '../tests/support/runtime';
import type { BenchResult } from './support';

const CONNECTIONS = 32;
const WARMUP_MS = 1000;
const DURATION_MS = 4000;

/** Each worker: its token and the bodies it sends in order (cycling when `cycle`). */
interface Plan {
  url: string;
  cycle: boolean;
  warmupMs: number;
  durationMs: number;
  workers: { token: string; bodies: unknown[] }[];
}

interface Measured {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  codes: Record<string, number>;
}

const DRIVER = `
import http from 'node:http';
import { readFileSync } from 'node:fs';
const plan = JSON.parse(readFileSync(process.argv[1], 'utf8'));
const target = new URL(plan.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: plan.workers.length });
function once(token, body) {
  const data = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': data.length, authorization: 'Bearer ' + token } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        let code = 'OK';
        try { const env = JSON.parse(Buffer.concat(chunks).toString()); if (!env.ok) code = env.error.code; } catch { code = 'BAD_JSON'; }
        resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, code });
      });
    });
    req.on('error', reject);
    req.end(data);
  });
}
const latencies = [];
const codes = {};
let errors = 0;
const startAt = Date.now();
const recordFrom = startAt + plan.warmupMs;
const deadline = recordFrom + plan.durationMs;
let lastEnd = startAt;
async function worker(w) {
  for (let i = 0; Date.now() < deadline; i++) {
    if (i >= w.bodies.length) { if (!plan.cycle) return; i = 0; }
    const sentAt = Date.now();
    const r = await once(w.token, w.bodies[i]);
    if (sentAt < recordFrom) continue;
    latencies.push(r.ms);
    codes[r.code] = (codes[r.code] || 0) + 1;
    if (r.code !== 'OK') errors++;
    lastEnd = Date.now();
  }
}
await Promise.all(plan.workers.map(worker));
const seconds = Math.max(0.001, (Math.min(Date.now(), deadline) - recordFrom) / 1000);
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
console.log(JSON.stringify({ requests: latencies.length, errors, seconds, rps: latencies.length / seconds, p50: pct(50), p99: pct(99), codes }));
agent.destroy();
`;

function drive(plan: Plan, dir: string): Promise<Measured> {
  const file = path.join(dir, `plan-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(plan));
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', DRIVER, file], { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop()!) as Measured);
    });
  });
}

async function makeResidents(t: TestRuntime, prefix: string, n: number): Promise<{ id: string; token: string }[]> {
  const base = ((await t.runtime.db.collection('users').doc('r-fengfang-3').get()).data as UserRecord[])[0]!;
  const docs = Array.from({ length: n }, (_, i) => ({ ...base, _id: `${prefix}-${i}`, openid: `${prefix}-${i}`, name: `压测居民${i}`, demo: false }));
  await t.runtime.db.collection('users').add(docs);
  const out = [];
  for (const d of docs) out.push({ id: d._id, token: await t.loginOpenid(d.openid) });
  return out;
}

export async function benchServices(): Promise<BenchResult[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'police-bench-'));
  const t = await startTestRuntime();
  try {
    // Baseline: the wish wall with 50 wishes, as bench/gateway.bench.ts measures it.
    const resident = await t.login('resident');
    const cadre = await t.login('village-cadre');
    for (let i = 0; i < 50; i++) {
      const res = await t.call('wishes', 'submit', { title: `压测心愿${i}`, content: '用来压测心愿墙列表的心愿。', category: 'other' }, resident);
      if (!res.body.ok) throw new Error(JSON.stringify(res.body));
      await t.call('wishes', 'review', { wishId: (res.body.data as { id: string }).id, decision: 'approve' }, cadre);
    }

    // A bench service open round the clock in 10-minute slots, so every booking finds its own slot.
    const home = 'ph-v-fengfang';
    const serviceId = 'ps-bench-counter';
    const hours = {
      weekly: ([1, 2, 3, 4, 5, 6, 7] as const).map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
      exceptions: [],
    };
    await t.runtime.db.collection('policeHomes').doc(home).update({ hours });
    const homeDoc = ((await t.runtime.db.collection('policeHomes').doc(home).get()).data as { path: string[]; unitId: string }[])[0]!;
    await t.runtime.db.collection('policeServices').add({
      _id: serviceId,
      homeId: home,
      unitId: homeDoc.unitId,
      path: homeDoc.path,
      name: '压测窗口',
      description: '压测用',
      mode: 'appointment',
      duties: ['jointWork'],
      schedule: { weekly: hours.weekly, slotMinutes: 10, capacity: 5 },
      active: true,
      createdAt: clock.nowIso(),
    });
    const from = addDays(chinaDate(clock.now()), 1);
    const generated = generateSlots({ weekly: hours.weekly, slotMinutes: 10, capacity: 5 }, { ...hours, exceptions: [] }, from, 12);
    const slots: SlotRecord[] = generated.map((g) => ({
      _id: `sl-${serviceId}-${g.key}`,
      serviceId,
      homeId: home,
      path: homeDoc.path,
      date: g.date,
      startAt: g.startAt,
      endAt: g.endAt,
      capacity: g.capacity,
      booked: 0,
      status: 'open',
      closedReason: null,
    }));
    for (let i = 0; i < slots.length; i += 500) await t.runtime.db.collection('policeSlots').add(slots.slice(i, i + 500));

    const bookers = await makeResidents(t, 'bench-booker', CONNECTIONS);
    // Worker w books slots w, w+32, w+64 …: never the same slot as another worker, never overlapping its own.
    const perWorker = Math.floor((slots.length - 1) / CONNECTIONS);
    const bookPlan: Plan = {
      url: `${t.url}/api/police`,
      cycle: false,
      warmupMs: WARMUP_MS,
      durationMs: DURATION_MS,
      workers: bookers.map((b, w) => ({
        token: b.token,
        bodies: Array.from({ length: perWorker }, (_, k) => ({
          action: 'book',
          data: { slotId: slots[w + k * CONNECTIONS]!._id, requestId: `bench-${w}-${k}-0000` },
        })),
      })),
    };
    const listPlan: Plan = {
      url: `${t.url}/api/wishes`,
      cycle: true,
      warmupMs: WARMUP_MS,
      durationMs: DURATION_MS,
      workers: Array.from({ length: CONNECTIONS }, () => ({ token: resident, bodies: [{ action: 'list', data: { scope: 'village', limit: 50 } }] })),
    };
    // The read runs the function every time, as the booking does: the read cache stays out of this comparison.
    t.runtime.readCache!.enabled = false;
    const list = await drive(listPlan, dir);
    t.runtime.readCache!.enabled = true;
    const book = await drive(bookPlan, dir);
    if (list.errors) throw new Error(`${list.errors} wishes.list requests failed: ${JSON.stringify(list.codes)}`);
    if (book.errors) throw new Error(`${book.errors} book requests failed: ${JSON.stringify(book.codes)}`);

    // Contention: 200 residents on one capacity-5 slot, all at once.
    const crowd = await makeResidents(t, 'bench-crowd', 200);
    const target = slots[slots.length - 1]!;
    const started = process.hrtime.bigint();
    const results = await Promise.all(
      crowd.map(async (c, i) => {
        const t0 = process.hrtime.bigint();
        const res = await t.call('police', 'book', { slotId: target._id, requestId: `crowd-${i}-00000` }, c.token);
        return { ok: res.body.ok, code: res.body.ok ? 'OK' : res.body.error.code, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
      }),
    );
    const burstMs = Number(process.hrtime.bigint() - started) / 1e6;
    const won = results.filter((r) => r.ok).length;
    const conflicts = results.filter((r) => r.code === 'CONFLICT').length;
    const stored = await t.count('policeBookings', { slotId: target._id, status: 'booked' });
    const slotNow = ((await t.runtime.db.collection('policeSlots').doc(target._id).get()).data as SlotRecord[])[0]!;
    if (won !== 5 || stored !== 5 || slotNow.booked !== 5 || conflicts !== 195) {
      throw new Error(`contention broke capacity: ${won} won, ${conflicts} conflicts, ${stored} stored, slot says ${slotNow.booked}`);
    }
    const lat = results.map((r) => r.ms).sort((a, b) => a - b);
    const p99 = lat[Math.min(lat.length - 1, Math.floor(0.99 * lat.length))]!;

    return [
      { name: 'gateway wishes.list (50 items) throughput', value: list.rps, unit: 'req/s', note: `${CONNECTIONS} connections, read cache off, p99 ${list.p99.toFixed(2)} ms` },
      { name: 'police.book throughput, uncontended slots', value: book.rps, unit: 'req/s', note: `${CONNECTIONS} residents, each request a different slot; ${book.requests} bookings` },
      { name: 'police.book / wishes.list throughput ratio', value: book.rps / list.rps, unit: 'ratio' },
      { name: 'police.book p50', value: book.p50, unit: 'ms' },
      { name: 'police.book p99', value: book.p99, unit: 'ms', note: `wishes.list p99 ${list.p99.toFixed(2)} ms in the same run` },
      { name: 'police.book 200 at once on one capacity-5 slot: bookings', value: won, unit: 'bookings', note: `${conflicts} CONFLICT, ${stored} stored, slot count ${slotNow.booked}` },
      { name: 'police.book 200 at once on one slot: burst time', value: burstMs, unit: 'ms', note: `p99 ${p99.toFixed(1)} ms per request` },
    ];
  } finally {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
