/**
 * The `cases` deadline timer over 2,000 and then 20,000 open cases in the same run (the smaller size is
 * the baseline). Each size is measured twice: a run with 100 overdue cases to escalate (real
 * transactions, timeline entries and notifications) and an idle run with nothing due, the timer's
 * usual case. The due-by-now queries go through the (status, escalateAt/warnAt/followUpNoticeAt)
 * indexes, so the run time follows the number of due cases, not the number of open ones: 10× the
 * open cases should cost about the same, never more than 10×.
 * Budget: scaling from 2,000 to 20,000 open cases is linear or better (ratio ≤ 10), plan uses an index.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '@cloudbase/database';
import { cases } from '../cloudfunctions/cases';
import { DAY_MS } from '../cloudfunctions/_lib/clock';
import { database } from '../cloudfunctions/_lib/db';
import { INDEXES } from '../cloudfunctions/_lib/indexes';
import { DEFAULT_CASE_CONFIG, partiesKey } from '../shared/domain/case-catalogue';
import { chinaMonth } from '../shared/domain/china-time';
import type { CaseRecord } from '../shared/domain/case-records';
import { attachEngine, detachEngine, LocalEngine } from '../local/engine';
import { median, type BenchResult } from './support';

const DUE = 100;
const IDLE_RUNS = 15;
const PATH = ['qianyang', 't-bench', 'v-bench', 'g-bench-1'];

function openCase(i: number, nowMs: number, due: boolean): CaseRecord {
  const created = new Date(nowMs - (due ? 8 : 2) * DAY_MS - i * 1000).toISOString();
  const deadline = new Date(new Date(created).getTime() + DEFAULT_CASE_CONFIG.deadlineDays.village * DAY_MS).toISOString();
  const warn = new Date(new Date(deadline).getTime() - DAY_MS).toISOString();
  return {
    _id: `${due ? 'due' : 'open'}-${i}-${randomBytes(3).toString('hex')}`,
    countyId: PATH[0]!,
    townId: PATH[1]!,
    villageId: PATH[2]!,
    gridId: PATH[3]!,
    path: PATH,
    unitName: '测试村',
    gridName: '第一网格',
    type: 'neighbourhood',
    typeLabel: '邻里关系',
    common: true,
    description: '两户为院墙排水问题发生争执，需要调解。',
    amountFen: 0,
    urgency: 'normal',
    urgencyRank: 0,
    parties: [
      { name: `甲${i}`, phone: '13800000000', phoneMasked: '138****0000' },
      { name: `乙${i}`, phone: null, phoneMasked: null },
    ],
    partiesKey: partiesKey(PATH[2]!, [`甲${i}`, `乙${i}`]),
    previousCaseIds: [],
    repeat: false,
    reporterId: 'bench-reporter',
    reporterName: '报告人',
    status: i % 2 ? 'mediating' : 'screened',
    level: 'village',
    risk: null,
    committeeId: PATH[2]!,
    committeeIds: [PATH[2]!],
    deadlineAt: deadline,
    // Not-yet-due cases were already warned or are outside the warning window; due ones are overdue.
    warnAt: due ? null : warn,
    escalateAt: deadline,
    escalations: 0,
    followUpDueAt: null,
    followUpNoticeAt: null,
    screening: { at: created, byId: 'bench-reporter', byName: '报告人', onBehalfOf: null, place: null },
    assessment: null,
    sessions: [],
    outcomes: [],
    followUps: [],
    resolvedAt: null,
    resolvedLevel: null,
    daysToResolve: null,
    satisfaction: null,
    month: chinaMonth(created),
    timeline: [{ at: created, action: 'screen', actorId: 'bench-reporter', actorName: '报告人', level: 'village', note: null }],
    requestId: null,
    createdAt: created,
    updatedAt: created,
  };
}

async function addCases(db: Db, from: number, to: number, nowMs: number, due: boolean): Promise<void> {
  for (let start = from; start < to; start += 1000) {
    const docs = [];
    for (let i = start; i < Math.min(to, start + 1000); i++) docs.push(openCase(i, nowMs, due));
    await db.collection('cases').add(docs);
  }
}

async function timed(): Promise<{ ms: number; report: { escalated: number; warned: number } }> {
  const t0 = process.hrtime.bigint();
  const report = (await cases.runTimer('deadlines')) as { escalated: number; warned: number };
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, report };
}

async function measure(db: Db, open: number): Promise<{ dueMs: number; idleMs: number }> {
  await addCases(db, 0, DUE, Date.now(), true);
  const withDue = await timed();
  if (withDue.report.escalated !== DUE) throw new Error(`expected ${DUE} escalations at ${open} open cases, got ${withDue.report.escalated}`);
  const idle: number[] = [];
  for (let r = 0; r < IDLE_RUNS; r++) {
    const run = await timed();
    if (run.report.escalated !== 0) throw new Error('an idle run escalated something');
    idle.push(run.ms);
  }
  // The escalated ones are open again at the town with a fresh deadline: they count among the open cases.
  return { dueMs: withDue.ms, idleMs: median(idle) };
}

export async function benchCases(): Promise<BenchResult[]> {
  process.env.SILENCE = 'true';
  const file = path.join(os.tmpdir(), `cases-bench-${process.pid}-${randomBytes(4).toString('hex')}.sqlite`);
  const engine = new LocalEngine({ file, indexes: INDEXES });
  const db = database();
  attachEngine(engine);
  try {
    await db.collection('orgUnits').add({ _id: PATH[3], kind: 'grid', name: '第一网格', parentId: PATH[2], path: PATH, partyGroupMemberIds: ['bench-pm-1', 'bench-pm-2'] });
    await db.collection('users').add([
      { _id: 'bench-vc', openid: 'bench-vc', name: '村干部', roles: [{ role: 'village-cadre', unitId: PATH[2] }], roleKeys: [`village-cadre@${PATH[2]}`] },
      { _id: 'bench-tc', openid: 'bench-tc', name: '镇干部', roles: [{ role: 'town-cadre', unitId: PATH[1] }], roleKeys: [`town-cadre@${PATH[1]}`] },
    ]);
    // Warm the statement caches and the JIT on an empty collection of due cases.
    await addCases(db, 0, 10, Date.now(), true);
    await cases.runTimer('deadlines');

    await addCases(db, 10, 2_000, Date.now(), false);
    const small = await measure(db, 2_000);
    await addCases(db, 2_000, 20_000, Date.now(), false);
    const large = await measure(db, 20_000);

    const plan = engine.explain('cases', { status: { $in: ['screened', 'mediating'] }, escalateAt: { $lte: new Date().toISOString() } });
    if (!/USING INDEX/.test(plan)) throw new Error(`the due-case query does not use an index: ${plan}`);
    const index = plan.match(/USING INDEX (\S+)/)?.[1] ?? 'an index';
    const r = (x: number) => Math.round(x * 100) / 100;
    return [
      { name: 'cases timer: 2,000 open, 100 overdue escalated', value: r(small.dueMs), unit: 'ms/run' },
      { name: 'cases timer: 20,000 open, 100 overdue escalated', value: r(large.dueMs), unit: 'ms/run' },
      { name: 'cases timer: 2,000 open, nothing due (median)', value: r(small.idleMs), unit: 'ms/run' },
      { name: 'cases timer: 20,000 open, nothing due (median)', value: r(large.idleMs), unit: 'ms/run' },
      {
        name: 'cases timer: 20k / 2k time (10x the cases)',
        value: r(large.dueMs / small.dueMs),
        unit: 'x',
        note: `idle ${r(large.idleMs / small.idleMs)}x; linear would be 10x; due-case query uses ${index}`,
      },
    ];
  } finally {
    detachEngine();
    engine.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  }
}
