import { CLOSE_HOLD_MS } from '../../cloudfunctions/auth/close';
import { clock } from '../../cloudfunctions/_lib/clock';
import { COLLECTIONS } from '../../cloudfunctions/_lib/collections';
import type { Tx } from '../../cloudfunctions/_lib/db';
import { enqueueAudience, expandFanOuts } from '../../cloudfunctions/_lib/outbox';
import { chinaDate } from '../../shared/domain/china-time';
import { growCounty, type GrownCounty } from '../../bench/county';
import { actionKey, BUDGET, measureActions, measureTimers, OVER_BUDGET, type ActionCost } from '../../bench/county-actions';
import { SqlCounts, j } from '../support/county-checks';
import { watchQueries, type QueryWatch } from '../support/query-watch';
import { ok, startTestRuntime, type TestRuntime } from '../support/runtime';

/**
 * Qianyang at county scale (issue 13): 80 villages, 600 grids and, at 1/20, the people and records of
 * 98,000 residents. Every answer is checked against plain SQL over the SQLite file, every query must be
 * served by an index, and every action's database requests stay within budget and do not grow when
 * the county doubles.
 */
jest.setTimeout(180_000);

const SMALL = 0.025;
const LARGE = 0.05;

async function county(scale: number) {
  const t = await startTestRuntime();
  if (t.runtime.readCache) t.runtime.readCache.enabled = false;
  const g = await growCounty(t.runtime.engine, scale);
  const watch = watchQueries(t.runtime.engine, { threshold: 1000 });
  return { t, g, watch, sql: new SqlCounts(t.runtime.engine) };
}

describe('the county at scale', () => {
  let t: TestRuntime;
  let g: GrownCounty;
  let watch: QueryWatch;
  let sql: SqlCounts;
  let costs: ActionCost[];
  let smallCosts: ActionCost[];

  beforeAll(async () => {
    const small = await county(SMALL);
    smallCosts = await measureActions(small.t, small.g, small.watch, 2);
    small.watch.stop();
    await small.t.close();
    ({ t, g, watch, sql } = await county(LARGE));
    costs = await measureActions(t, g, watch, 2);
    if (process.env.SCALE_TABLE) console.log(costs.map((c, i) => `${c.who.padEnd(8)} ${String(smallCosts[i]!.max).padStart(3)} ${String(c.max).padStart(3)}  ${c.label}`).join('\n'));
  });

  afterAll(async () => {
    clock.reset();
    watch?.stop();
    await t?.close();
  });

  it('builds the county: 80 villages and communities, 600 grids, the scaled people and cases', () => {
    expect(sql.one(COLLECTIONS.orgUnits.name, 'count(*)', `WHERE ${j('kind')} IN ('village', 'community')`)).toBe(80);
    expect(sql.one(COLLECTIONS.orgUnits.name, 'count(*)', `WHERE ${j('kind')} = 'grid'`)).toBe(600);
    expect(sql.one(COLLECTIONS.users.name, 'count(*)')).toBeGreaterThanOrEqual(g.size.residents);
    expect(sql.one(COLLECTIONS.cases.name, 'count(*)')).toBeGreaterThanOrEqual(g.size.cases);
  });

  it('answers every action without an error', () => {
    expect(costs.filter((c) => !c.ok).map((c) => `${c.label}: ${c.error}`)).toEqual([]);
  });

  it('keeps every action inside its request budget (or at the count recorded in OVER_BUDGET, no more)', () => {
    const over = costs
      .filter((c) => c.max > BUDGET[c.who] && c.max > (OVER_BUDGET[actionKey(c.label)]?.requests ?? BUDGET[c.who]))
      .map((c) => `${c.label}: ${c.max} > ${OVER_BUDGET[actionKey(c.label)]?.requests ?? BUDGET[c.who]}`);
    expect(over).toEqual([]);
  });

  it('names in OVER_BUDGET only actions still over budget at exactly their recorded count', () => {
    const measured = new Map(costs.map((c) => [actionKey(c.label), c]));
    const stale = Object.entries(OVER_BUDGET)
      .filter(([key, o]) => {
        const c = measured.get(key);
        return !c || c.max <= BUDGET[c.who] || c.max !== o.requests;
      })
      .map(([key, o]) => `${key}: recorded ${o.requests}, measured ${measured.get(key)?.max ?? 'nothing'}`);
    expect(stale).toEqual([]);
  });

  it('sends no more requests for any action when the county doubles', () => {
    const grown = costs.map((c, i) => ({ c, small: smallCosts[i]! })).filter(({ c, small }) => c.max > small.max).map(({ c, small }) => `${c.label}: ${small.max} → ${c.max}`);
    expect(grown).toEqual([]);
  });

  it('sums the power list tallies of every village for the county catalogue', async () => {
    const admin = await t.login('county-admin');
    const out = ok(await t.call<{ items: { code: string; counts: { inProgress: number; done: number } }[] }>('powers', 'catalogue', {}, admin));
    const expected = new Map(
      sql
        .all<{ code: string; p: number; d: number }>(COLLECTIONS.powerStats.name, `${j('code')} AS code, sum(${j('inProgress')}) AS p, sum(${j('done')}) AS d`, `WHERE ${j('countyId')} = ? GROUP BY code`, g.countyId)
        .map((r) => [r.code, r]),
    );
    expect(expected.size).toBeGreaterThan(10);
    for (const item of out.items) {
      const e = expected.get(item.code);
      expect({ code: item.code, inProgress: item.counts.inProgress, done: item.counts.done }).toEqual({ code: item.code, inProgress: e?.p ?? 0, done: e?.d ?? 0 });
    }
  });

  it('counts the county reminder talks per stage and cadre', async () => {
    const admin = await t.login('county-admin');
    const out = ok(await t.call<{ recorded: Record<string, number>; byTown: { townId: string; before: number }[] }>('powers', 'talkCounts', {}, admin));
    const where = `WHERE ${j('countyId')} = ?`;
    const stage = (s: string) => sql.one(COLLECTIONS.reminderTalks.name, 'count(*)', `${where} AND ${j('stage')} = ?`, g.countyId, s);
    expect(out.recorded).toEqual({
      cadres: sql.one(COLLECTIONS.reminderTalks.name, `count(DISTINCT ${j('cadreId')})`, where, g.countyId),
      before: stage('before'),
      during: stage('during'),
      after: stage('after'),
    });
    expect(out.byTown).toHaveLength(7);
    const town = out.byTown[0]!;
    expect(town.before).toBe(sql.one(COLLECTIONS.reminderTalks.name, 'count(*)', `WHERE ${j('townId')} = ? AND ${j('stage')} = 'before'`, town.townId));
  });

  it('offers a county admin every grid of the county and a village cadre only the grids of the village', async () => {
    const admin = await t.login('county-admin');
    const all = ok(await t.call<{ places: unknown[] }>('cases', 'config', {}, admin));
    expect(all.places).toHaveLength(sql.one(COLLECTIONS.orgUnits.name, 'count(*)', `WHERE ${j('kind')} = 'grid' AND ${j('path[0]')} = ?`, g.countyId));
    const cadre = await t.loginOpenid(g.people[0]!.cadre);
    const mine = ok(await t.call<{ places: unknown[] }>('cases', 'config', {}, cadre));
    expect(mine.places).toHaveLength(sql.one(COLLECTIONS.orgUnits.name, 'count(*)', `WHERE ${j('kind')} = 'grid' AND ${j('parentId')} = ?`, g.people[0]!.villageId));
  });

  it('lists the towns of the one county when a resident registers', async () => {
    const newcomer = await t.loginOpenid('gen-newcomer');
    const out = ok(await t.call<{ items: { kind: string }[] }>('auth', 'orgUnits', {}, newcomer));
    expect(out.items).toHaveLength(sql.one(COLLECTIONS.orgUnits.name, 'count(*)', `WHERE ${j('parentId')} = ?`, g.countyId));
    expect(new Set(out.items.map((u) => u.kind))).toEqual(new Set(['town']));
  });

  it('pages through every case of the county exactly once', async () => {
    const admin = await t.login('county-admin');
    const seen = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = ok(await t.call<{ items: { id: string }[]; nextCursor: string | null }>('cases', 'list', { scope: 'area', limit: 50, ...(cursor ? { cursor } : {}) }, admin));
      for (const c of page.items) seen.add(c.id);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.size).toBe(sql.one(COLLECTIONS.cases.name, 'count(*)', `WHERE ${j('countyId')} = ?`, g.countyId));
  });

  it('counts the county cases received over the last 12 months and those open now', async () => {
    const admin = await t.login('county-admin');
    const out = ok(await t.call<{ months: string[]; total: number; openNow: number }>('cases', 'figures', { months: 12 }, admin));
    const months = out.months;
    expect(out.total).toBe(
      sql.one(COLLECTIONS.cases.name, 'count(*)', `WHERE ${j('countyId')} = ? AND ${j('month')} >= ? AND ${j('month')} <= ?`, g.countyId, months[0], months[months.length - 1]),
    );
    expect(out.openNow).toBe(sql.one(COLLECTIONS.cases.name, 'count(*)', `WHERE ${j('countyId')} = ? AND ${j('status')} IN ('screened', 'mediating')`, g.countyId));
  });

  it("gives a household its year's points as the ledger sums them", async () => {
    const resident = await t.loginOpenid(g.people[0]!.resident);
    const out = ok(await t.call<{ householdId: string; year: number; yearPoints: number }>('points', 'mine', {}, resident));
    expect(out.yearPoints).toBe(sql.one(COLLECTIONS.pointsLedger.name, `sum(${j('delta')})`, `WHERE ${j('householdId')} = ? AND ${j('year')} = ?`, out.householdId, out.year));
  });

  it("ranks every household of a village's month", async () => {
    const resident = await t.loginOpenid(g.people[0]!.resident);
    const month = g.months[g.months.length - 1]!;
    const out = ok(await t.call<{ rows: unknown[] }>('points', 'ranking', { villageId: g.people[0]!.villageId, month }, resident));
    expect(out.rows).toHaveLength(sql.one(COLLECTIONS.pointsRatings.name, 'count(*)', `WHERE ${j('villageId')} = ? AND ${j('month')} = ?`, g.people[0]!.villageId, month));
  });

  it("reminds every person booked for tomorrow, and each timer run stays under half its function's timeout", async () => {
    const tomorrow = chinaDate(new Date(Date.now() + 86_400_000));
    const due = sql.one(COLLECTIONS.policeBookings.name, 'count(*)', `WHERE ${j('date')} = ? AND ${j('status')} = 'booked'`, tomorrow);
    // The table's closes hold their erasure jobs for a while (auth/close.ts): the erase timer runs after, as the platform's would.
    clock.advance(CLOSE_HOLD_MS);
    const runs = await measureTimers(watch, 2);
    expect(sql.one(COLLECTIONS.accountErasures.name, 'count(*)', `WHERE ${j('status')} = 'pending' AND ${j('pages')} = 0`)).toBe(0);
    expect(sql.one(COLLECTIONS.policeBookings.name, 'count(*)', `WHERE ${j('date')} = ? AND ${j('status')} = 'booked' AND ${j('remindedAt')} IS NOT NULL`, tomorrow)).toBe(due);
    expect(runs.filter((r) => r.seconds / r.timeoutSeconds > 0.5).map((r) => `${r.label}: ${r.seconds.toFixed(1)} s of ${r.timeoutSeconds} s`)).toEqual([]);
  });

  it("tells every villager of a month's publication through a fan-out expanded in bounded pages that resume", async () => {
    const villageId = g.people[0]!.villageId;
    const db = t.runtime.db;
    await db.runTransaction(async (tx: Tx) => {
      await enqueueAudience(tx, 'fo-scale-test', { kind: 'village-households', villageId }, { kind: 'points.published', title: '积分已公示', body: '请查看您家的得分。', link: null });
    });
    const members = sql.one(COLLECTIONS.users.name, 'count(*)', `WHERE ${j('residence.unitId')} = ? AND ${j('residence.householdConfirmed')} = 1 AND ${j('residence.householdId')} IS NOT NULL`, villageId);
    expect(members).toBeGreaterThan(40);
    const first = await expandFanOuts(db, { pageSize: 10, maxPages: 2 });
    expect(first).toBe(20);
    let total = first;
    for (let run = 0; run < 100 && total < members; run++) total += await expandFanOuts(db, { pageSize: 10, maxPages: 2 });
    expect(await expandFanOuts(db, { pageSize: 10, maxPages: 2 })).toBe(0);
    expect(sql.one(COLLECTIONS.notifications.name, 'count(*)', `WHERE _id LIKE 'fo-scale-test-%'`)).toBe(members);
    expect(sql.one(COLLECTIONS.notifications.name, `count(DISTINCT ${j('recipientId')})`, `WHERE _id LIKE 'fo-scale-test-%'`)).toBe(members);
  });

  it('serves every query the functions sent with an index', async () => {
    expect(watch.scans.map((s) => `${s.collection} (${s.size}) ${s.where} during ${s.during}`)).toEqual([]);
    expect(watch.shapes.size).toBeGreaterThan(50);
    // The watch itself: a query on a field no index serves, over a county-sized collection, is a scan.
    await watch.measure('unindexed', () => t.runtime.db.collection(COLLECTIONS.users.name).where({ birthYear: 1950 }).limit(1).get());
    expect(watch.scans.map((s) => [s.collection, s.during])).toEqual([[COLLECTIONS.users.name, 'unindexed']]);
  });
});
