/**
 * Points at county scale. (1) Finalise one month for 30,000 households (300,000 indicator scores)
 * across 150 villages through the real `points.finalise` action, which also writes every village's
 * frozen ranking; the baseline is a raw better-sqlite3 insert of the same 300,000 score rows into
 * the same database file in the same run. (2) The year's 4321 split and dividends for one village
 * of 1,000 households (12 finalised months in the ledger) through `points.distribute`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '@cloudbase/database';
import { clock, DAY_MS } from '../cloudfunctions/_lib/clock';
import { points } from '../cloudfunctions/points';
import { monthEntry } from '../cloudfunctions/points/rating';
import type { HouseholdRecord, OrgUnitRecord, UserRecord } from '../shared/domain/records';
import type { PointsMonthRecord, PointsRatingRecord } from '../shared/domain/points-records';
import { DEFAULT_INDICATORS, DEFAULT_TIERS } from '../shared/domain/points-rules';
import { openRuntime } from '../local/runtime';
import type { BenchResult } from './support';

const VILLAGES = 150;
const PER_VILLAGE = 200;
const MONTH = '2026-10';
const BIG_VILLAGE_HOUSEHOLDS = 1000;
const NOW = '2026-11-20T02:00:00.000Z';

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const round = (x: number) => Math.round(x * 1000) / 1000;

async function addAll(db: Db, collection: string, docs: object[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 1000) await db.collection(collection).add(docs.slice(i, i + 1000));
}

function cadre(villageId: string): UserRecord {
  return {
    _id: `cadre-${villageId}`,
    openid: `bench-cadre-${villageId}`,
    name: '评议组长',
    persona: 'village-cadre',
    roles: [{ role: 'village-cadre', unitId: villageId }],
    roleKeys: [`village-cadre@${villageId}`],
    residence: null,
    resettled: false,
    birthYear: 1975,
    phoneMasked: null,
    createdAt: NOW,
  };
}

function monthDoc(village: OrgUnitRecord, month: string, status: PointsMonthRecord['status']): PointsMonthRecord {
  return {
    _id: `pm-${village._id}-${month}`,
    villageId: village._id,
    villageName: village.name,
    path: village.path,
    month,
    status,
    indicators: DEFAULT_INDICATORS.map((i) => ({ ...i })),
    tiers: DEFAULT_TIERS.map((t) => ({ ...t })),
    publicityDays: 7,
    publishedAt: '2026-11-02T00:00:00.000Z',
    publishedBy: cadre(village._id)._id,
    publicityEndsAt: '2026-11-09T00:00:00.000Z',
    finalisingBy: null,
    finalisingAt: null,
    finalisedAt: status === 'final' ? '2026-11-10T00:00:00.000Z' : null,
    finalisedBy: null,
    createdAt: '2026-11-01T00:00:00.000Z',
  };
}

function rating(h: HouseholdRecord, i: number, month: string): PointsRatingRecord {
  const scores: PointsRatingRecord['scores'] = {};
  DEFAULT_INDICATORS.forEach((ind, k) => {
    const lose = (i * 31 + k * 7 + Number(month.slice(5))) % 11 === 0 ? 1 + ((i + k) % 4) : 0;
    scores[ind.code] = { score: ind.max - lose, reason: lose ? '门前柴草乱堆' : null, byId: 'cadre', byName: '评议组长', at: NOW };
  });
  return {
    _id: `pr-${h._id}-${month}`,
    householdId: h._id,
    headName: h.headName,
    villageId: h.unitId,
    gridId: h.gridId,
    path: h.path,
    month,
    scores,
    total: Object.values(scores).reduce((s, e) => s + (e?.score ?? 0), 0),
    complete: true,
    changes: [],
    updatedAt: NOW,
  };
}

function village(id: string, n: number): { unit: OrgUnitRecord; grid: OrgUnitRecord; households: HouseholdRecord[] } {
  const unit: OrgUnitRecord = { _id: id, kind: 'village', name: `第${n}村`, parentId: 't-bench', path: ['qianyang', 't-bench', id] };
  const grid: OrgUnitRecord = { _id: `g-${id}`, kind: 'grid', name: '第一网格', parentId: id, path: [...unit.path, `g-${id}`] };
  return { unit, grid, households: [] };
}

export async function benchPoints(): Promise<BenchResult[]> {
  process.env.SILENCE = 'true';
  clock.freeze(NOW);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'points-bench-'));
  const rt = await openRuntime({ dataDir, seed: false });
  const { db, engine } = rt;
  let requests = 0;
  const handle = engine.handle.bind(engine);
  engine.handle = (action: string, params: unknown) => {
    requests += 1;
    return handle(action, params);
  };
  try {
    // ---- setup (not timed): 150 villages × 200 households, a published month fully rated.
    const units: OrgUnitRecord[] = [
      { _id: 'qianyang', kind: 'county', name: '千阳县', parentId: null, path: ['qianyang'] },
      { _id: 't-bench', kind: 'town', name: '测试镇', parentId: 'qianyang', path: ['qianyang', 't-bench'] },
    ];
    const households: HouseholdRecord[] = [];
    const villages: OrgUnitRecord[] = [];
    for (let v = 0; v < VILLAGES + 1; v++) {
      const big = v === VILLAGES;
      const { unit, grid } = village(big ? 'v-big' : `v-b${v}`, v + 1);
      units.push(unit, grid);
      if (!big) villages.push(unit);
      for (let h = 0; h < (big ? BIG_VILLAGE_HOUSEHOLDS : PER_VILLAGE); h++) {
        households.push({ _id: `h-${unit._id}-${h}`, unitId: unit._id, gridId: grid._id, path: grid.path, headName: `户主${h}`, address: `${h}号`, resettled: false });
      }
    }
    await addAll(db, 'orgUnits', units);
    await addAll(db, 'households', households);
    await addAll(db, 'users', [...villages, units[units.length - 2]!].map((u) => cadre(u._id)));
    await addAll(db, 'pointsMonths', villages.map((u) => monthDoc(u, MONTH, 'published')));
    const countyHouseholds = households.filter((h) => h.unitId !== 'v-big');
    await addAll(db, 'pointsRatings', countyHouseholds.map((h, i) => rating(h, i, MONTH)));

    // ---- (1) finalise every village's month and freeze its ranking.
    requests = 0;
    const t0 = process.hrtime.bigint();
    for (const v of villages) {
      const res = await points.invoke({ action: 'finalise', data: { villageId: v._id, month: MONTH } }, { openid: cadre(v._id).openid });
      if (!res.ok) throw new Error(`finalise ${v._id}: ${JSON.stringify(res.error)}`);
    }
    const finaliseMs = ms(t0);
    const finaliseRequests = requests;
    const ledgerRows = ((await db.collection('pointsLedger').where({ month: MONTH }).count()) as { total: number }).total;
    const boards = ((await db.collection('pointsBoards').where({ month: MONTH }).count()) as { total: number }).total;
    if (ledgerRows !== countyHouseholds.length || boards !== VILLAGES) throw new Error(`finalise wrote ${ledgerRows} ledger rows and ${boards} boards`);

    // Baseline: the same 300,000 indicator scores as plain rows, one prepared insert in one transaction.
    const raw = engine.store.db;
    raw.exec('CREATE TABLE bench_raw_scores (household_id TEXT, month TEXT, code TEXT, score INTEGER, reason TEXT)');
    const insert = raw.prepare('INSERT INTO bench_raw_scores VALUES (?, ?, ?, ?, ?)');
    const ratings = countyHouseholds.map((h, i) => rating(h, i, MONTH));
    const t1 = process.hrtime.bigint();
    raw.transaction(() => {
      for (const r of ratings) for (const ind of DEFAULT_INDICATORS) insert.run(r.householdId, MONTH, ind.code, r.scores[ind.code]!.score, r.scores[ind.code]!.reason);
    })();
    const rawMs = ms(t1);

    // ---- (2) a 1,000-household village's year: 12 finalised months in the ledger, then distribute.
    const big = units.find((u) => u._id === 'v-big')!;
    const bigHouseholds = households.filter((h) => h.unitId === 'v-big');
    const months = Array.from({ length: 12 }, (_, k) => `2025-${String(k + 1).padStart(2, '0')}`);
    await addAll(db, 'pointsMonths', months.map((m) => monthDoc(big, m, 'final')));
    const ledger = months.flatMap((m) => {
      const md = monthDoc(big, m, 'final');
      return bigHouseholds.map((h, i) => monthEntry(md, rating(h, i, m), { _id: 'cadre', name: '评议组长' }, NOW));
    });
    await addAll(db, 'pointsLedger', ledger);
    requests = 0;
    const t2 = process.hrtime.bigint();
    const paid = await points.invoke({ action: 'distribute', data: { villageId: 'v-big', year: 2025, incomeFen: 123_456_789 } }, { openid: cadre('v-big').openid });
    const dividendMs = ms(t2);
    const dividendRequests = requests;
    if (!paid.ok) throw new Error(`distribute: ${JSON.stringify(paid.error)}`);
    const data = paid.data as { split: { dividends: number }; rows: { amountFen: number }[] };
    if (data.rows.reduce((s, r) => s + r.amountFen, 0) !== data.split.dividends) throw new Error('dividends do not sum to the pool');

    return [
      { name: 'points: finalise 30,000 households (300,000 scores) + 150 rankings', value: round(finaliseMs), unit: 'ms', note: `${finaliseRequests} database requests, ${round(finaliseRequests / VILLAGES)} per village` },
      { name: 'points: raw better-sqlite3 insert of the same 300,000 score rows', value: round(rawMs), unit: 'ms' },
      { name: 'points: finalise / raw insert', value: round(finaliseMs / rawMs), unit: 'ratio' },
      { name: 'points: yearly 4321 + dividends, 1,000-household village', value: round(dividendMs), unit: 'ms', note: `${dividendRequests} database requests over 12,000 ledger entries` },
    ];
  } finally {
    clock.reset();
    await rt.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
