/**
 * Local engine benchmark: an indexed equality query over 100,000 documents through the unchanged SDK
 * API versus the same lookup as a raw better-sqlite3 prepared statement on the same file.
 * Budget: the SDK path answers in ≤ 2 ms (median).
 */
import { randomBytes } from 'crypto';
import { rmSync } from 'fs';
import os from 'os';
import path from 'path';
import tcb from '@cloudbase/node-sdk';
import { attachEngine, detachEngine, LocalEngine } from '../local/engine';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  ratio?: number;
}

const DOCS = 100_000;
const DISTINCT_TAGS = 20_000; // 5 documents per tag
const RUNS = 500;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export async function benchEngine(): Promise<BenchResult[]> {
  process.env.SILENCE = 'true'; // never let the SDK's real transport arm its slow-request timer
  const file = path.join(os.tmpdir(), `engine-bench-${process.pid}-${randomBytes(4).toString('hex')}.sqlite`);
  const engine = new LocalEngine({
    file,
    indexes: [{ collection: 'bench', fields: [{ field: 'tag', direction: 'asc' }] }],
  });
  const db = tcb.init({ env: 'local-bench' }).database();
  attachEngine(engine);
  try {
    const batch = 1000;
    for (let start = 0; start < DOCS; start += batch) {
      const docs = Array.from({ length: batch }, (_, k) => {
        const i = start + k;
        return { tag: `t${i % DISTINCT_TAGS}`, n: i, title: `wish number ${i}`, status: i % 3 ? 'open' : 'done' };
      });
      await db.collection('bench').add(docs);
    }
    const count = (await db.collection('bench').count()).total as number;
    if (count !== DOCS) throw new Error(`bench setup inserted ${count} documents, expected ${DOCS}`);

    const tagFor = (r: number): string => `t${(r * 7919) % DISTINCT_TAGS}`;
    // Warm up statement caches and the JIT on both paths.
    for (let r = 0; r < 50; r++) await db.collection('bench').where({ tag: tagFor(r) }).get();

    const sdkTimes: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const t0 = process.hrtime.bigint();
      const res = await db.collection('bench').where({ tag: tagFor(r) }).get();
      sdkTimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (res.data.length !== DOCS / DISTINCT_TAGS) throw new Error('bench query returned the wrong documents');
    }

    const raw = engine.store.db.prepare(`SELECT _id, body FROM ${engine.store.table('bench')} WHERE json_extract(body, '$.tag') = ?`);
    for (let r = 0; r < 50; r++) raw.all(tagFor(r));
    const rawTimes: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const t0 = process.hrtime.bigint();
      const rows = raw.all(tagFor(r));
      rawTimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (rows.length !== DOCS / DISTINCT_TAGS) throw new Error('raw query returned the wrong rows');
    }

    const sdk = median(sdkTimes);
    const rawMs = median(rawTimes);
    return [
      { name: 'engine: indexed equality over 100k docs via SDK (median)', value: round(sdk), unit: 'ms' },
      { name: 'engine: same query as raw better-sqlite3 statement (median)', value: round(rawMs), unit: 'ms' },
      { name: 'engine: SDK path / raw SQLite', value: round(sdk / rawMs), unit: 'x', ratio: round(sdk / rawMs) },
    ];
  } finally {
    detachEngine();
    engine.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
