/**
 * Dispatcher benchmark: 10,000 due notifications delivered through the local stand-in sender by two
 * overlapping dispatcher runs, proving none is sent twice and none is lost. Baseline in the same run:
 * one plain `doc().update()` per row on the same engine (the least work any delivery must do).
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clock } from '../cloudfunctions/_lib/clock';
import { database } from '../cloudfunctions/_lib/db';
import { INDEXES } from '../cloudfunctions/_lib/indexes';
import { useSender } from '../cloudfunctions/_lib/sender';
import { dispatchDue } from '../cloudfunctions/notifications/timers';
import { attachEngine, detachEngine, LocalEngine } from '../local/engine';
import { QIANYANG } from '../local/seed/geography';
import { LocalSender } from '../local/sender';

const ROWS = 10_000;
const USERS = 500;
const BATCH = 1000;

export async function benchNotifications(): Promise<{ name: string; value: number; unit: string; note?: string }[]> {
  process.env.SILENCE = 'true';
  const file = path.join(os.tmpdir(), `notifications-bench-${process.pid}-${randomBytes(4).toString('hex')}.sqlite`);
  const engine = new LocalEngine({ file, indexes: INDEXES });
  const db = database();
  attachEngine(engine);
  const sender = new LocalSender();
  useSender(sender);
  try {
    const now = clock.nowIso();
    await db.collection('config').add({ _id: 'subscribe', ...QIANYANG.subscribe });
    const users = Array.from({ length: USERS }, (_, i) => ({ _id: `bu${i}`, openid: `o-bench-${i}`, name: `用户${i}`, roles: [], roleKeys: [] }));
    await db.collection('users').add(users);
    // Enough one-time permissions for every message: each send must consume exactly one.
    await db.collection('subscriptions').add(
      users.map((u) => ({ _id: `${u._id}:todo`, userId: u._id, templateKey: 'todo', remaining: ROWS / USERS, longTerm: false, lastResult: 'accept', createdAt: now, updatedAt: now })),
    );
    const row = (i: number) => ({
      _id: `bn${String(i).padStart(5, '0')}`,
      recipientId: `bu${i % USERS}`,
      kind: 'wish.submitted',
      title: '新的微心愿待审核',
      body: `居民${i}：帮忙买菜`,
      link: { page: 'wish', id: `w${i}` },
      createdAt: now,
      readAt: null,
      delivery: { status: 'pending', attempts: 0, nextAttemptAt: now, error: null },
    });
    for (let s = 0; s < ROWS; s += BATCH) await db.collection('notifications').add(Array.from({ length: BATCH }, (_, k) => row(s + k)));

    const t0 = process.hrtime.bigint();
    const reports = await Promise.all([
      dispatchDue(db, 'bench-a', { budgetMs: 600_000 }),
      dispatchDue(db, 'bench-b', { budgetMs: 600_000 }),
    ]);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;

    const perRow = sender.countBy((m) => new URL(m.page, 'https://x/').searchParams.get('nid') ?? '');
    const duplicates = [...perRow.values()].filter((n) => n > 1).length;
    const sentRows = ((await db.collection('notifications').where({ 'delivery.status': 'sent' }).count()) as { total: number }).total;
    const left = ((await db.collection('subscriptions').where({ remaining: db.command.gt(0) }).count()) as { total: number }).total;
    if (duplicates !== 0 || perRow.size !== ROWS || sentRows !== ROWS || left !== 0) {
      throw new Error(`dispatcher bench broke exactly-once: duplicates ${duplicates}, distinct sent ${perRow.size}, rows sent ${sentRows}, grants left ${left}`);
    }

    // Baseline: one plain write per row on the same engine, nothing else.
    const b0 = process.hrtime.bigint();
    for (let i = 0; i < ROWS; i++) await db.collection('notifications').doc(row(i)._id).update({ readAt: now });
    const baseSeconds = Number(process.hrtime.bigint() - b0) / 1e9;

    return [
      {
        name: 'dispatcher throughput (10,000 due, 2 overlapping runs, local sender)',
        value: Math.round(ROWS / seconds),
        unit: 'messages/s',
        note: `${seconds.toFixed(2)} s; runs claimed ${reports.map((r) => r.claimed).join(' + ')}; sent ${sender.sent.length}, duplicates ${duplicates}, lost ${ROWS - perRow.size}`,
      },
      { name: 'dispatcher duplicates (sent twice)', value: duplicates, unit: 'messages' },
      { name: 'baseline: one doc().update per row', value: Math.round(ROWS / baseSeconds), unit: 'writes/s', note: `${baseSeconds.toFixed(2)} s` },
    ];
  } finally {
    useSender(null);
    detachEngine();
    engine.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  }
}
