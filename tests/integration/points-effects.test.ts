import { clock, DAY_MS } from '../../cloudfunctions/_lib/clock';
import { COLLECTIONS } from '../../cloudfunctions/_lib/collections';
import { useContentChecker } from '../../cloudfunctions/_lib/content-check';
import type { UserRecord } from '../../shared/domain/records';
import { SqlCounts, j } from '../support/county-checks';
import { dispatchNow } from '../support/dispatch';
import { watchQueries } from '../support/query-watch';
import { ok, startTestRuntime, type TestRuntime } from '../support/runtime';

/**
 * 积分制's resident actions inside issue 13's budget: 户积分明细 and 积分汇总 read in one aggregate
 * each (plus the household, or the totals and the households), and an objection is one add carrying the
 * cadres' notice (`_lib/effects.ts`). Figures are checked with plain SQL over the SQLite file.
 */
const NOW = '2026-11-10T02:00:00.000Z';
const MONTH = '2026-11';
const V = 'v-fengfang';
const CODES = ['lawAbiding', 'honesty', 'filialPiety', 'customReform', 'sanitation', 'neighbourliness', 'industriousness', 'publicService', 'education', 'safety'];
const RESIDENT_BUDGET = 6;

let t: TestRuntime;
let sql: SqlCounts;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  clock.freeze(NOW);
  t = await startTestRuntime();
  sql = new SqlCounts(t.runtime.engine);
  for (const p of ['resident', 'village-cadre'] as const) tokens[p] = await t.login(p);
  tokens.neighbour = await t.loginOpenid('demo-r-fengfang-2');
  tokens.xijieCadre = await t.loginOpenid('demo-cadre-v-xijie');
  tokens.xijieResident = await t.loginOpenid('demo-r-v-xijie');
});
afterAll(async () => {
  useContentChecker(null);
  await t.close();
  clock.reset();
});

/** The month rated in full, as the cadres do it. */
async function rate(villageId: string, cadre: string): Promise<void> {
  const sheet = ok(await t.call('points', 'sheet', { villageId, month: MONTH }, cadre));
  const rows = sheet.rows.map((r: { householdId: string }) => ({ householdId: r.householdId, scores: CODES.map((code) => ({ code, score: 10 })) }));
  ok(await t.call('points', 'enter', { villageId, month: MONTH, rows }, cadre));
}

async function publish(villageId: string, cadre: string): Promise<void> {
  await rate(villageId, cadre);
  ok(await t.call('points', 'publish', { villageId, month: MONTH }, cadre));
}

const householdOf = async (token: string) => ok(await t.call('points', 'mine', {}, token)).householdId as string;

describe('resident actions: requests within budget, the same at two sizes', () => {
  /** Grows what a read could be tempted to read per item: the village's households and cadres. */
  async function grow(n: number): Promise<void> {
    const h = ((await t.runtime.db.collection('households').where({ unitId: V }).limit(1).get()).data as object[])[0]!;
    await t.runtime.db.collection('households').add(Array.from({ length: n }, (_, i) => ({ ...h, _id: `h-grow-${n}-${i}`, headName: `户主${i}` })));
    const cadre = ((await t.runtime.db.collection('users').doc('village-cadre').get()).data as UserRecord[])[0]!;
    await t.runtime.db.collection('users').add(Array.from({ length: n }, (_, i) => ({ ...cadre, _id: `vc-grow-${n}-${i}`, openid: `wx-vc-grow-${n}-${i}`, demo: false })));
  }

  async function actions(size: number, who: string): Promise<Record<string, number>> {
    const token = tokens[who]!;
    const hid = await householdOf(token);
    const watch = watchQueries(t.runtime.engine, { threshold: 0 });
    const out: Record<string, number> = {};
    const measure = async (label: string, run: () => ReturnType<TestRuntime['call']>) => {
      const { result, requests } = await watch.measure(`${label} (${size})`, run);
      ok(result);
      expect({ label, requests: requests <= RESIDENT_BUDGET }).toEqual({ label, requests: true });
      out[label] = requests;
    };
    try {
      await measure('detail', () => t.call('points', 'detail', { householdId: hid, month: MONTH }, token));
      await measure('summary', () => t.call('points', 'summary', { villageId: V, year: 2026 }, token));
      await measure('object', () => t.call('points', 'object', { month: MONTH, code: 'sanitation', reason: '我家门前当天已经清理干净了' }, token));
      await measure('detail with the objection', () => t.call('points', 'detail', { householdId: hid, month: MONTH }, token));
      await measure('mine', () => t.call('points', 'mine', {}, token));
      expect(watch.scans.filter((x) => x.collection !== COLLECTIONS.devSessions.name)).toEqual([]);
    } finally {
      watch.stop();
    }
    return out;
  }

  it('costs each the same few requests with 10 or 300 more households and cadres, every query on an index', async () => {
    await publish(V, tokens['village-cadre']!);
    // Each token used once first (the local sign-in store re-reads a token after another's sign-in).
    await householdOf(tokens.resident!);
    await householdOf(tokens.neighbour!);
    await grow(10);
    const small = await actions(10, 'resident');
    await grow(300);
    const large = await actions(300, 'neighbour');
    expect(large).toEqual(small);
    // The caller (1) is in every count. detail: the household, one aggregate on the village (month,
    // rating, objection, ledger, the month's counts). summary: one aggregate (the village, its and the
    // county's settings, the finalised months), the ledger totals, the households (one page of 1000).
    // object: one aggregate (household, month, cadres), the add, the month read again. mine in publicity:
    // the household, its village's months, its ledger, its open months' ratings, one count for the rank.
    expect(small).toEqual({ detail: 3, summary: 4, object: 4, 'detail with the objection': 3, mine: 6 });
  });

  it('answers the month counts detail shows as plain SQL counts them', async () => {
    const hid = await householdOf(tokens.resident!);
    const d = ok(await t.call('points', 'detail', { householdId: hid, month: MONTH }, tokens.resident));
    expect(d.month.householdCount).toBe(sql.one(COLLECTIONS.households.name, 'count(*)', `WHERE ${j('unitId')} = ?`, V));
    expect(d.month.ratedCount).toBe(sql.one(COLLECTIONS.pointsRatings.name, 'count(*)', `WHERE ${j('villageId')} = ? AND ${j('month')} = ? AND ${j('complete')} = 1`, V, MONTH));
    expect(d.month.openObjections).toBe(sql.one(COLLECTIONS.pointsObjections.name, 'count(*)', `WHERE ${j('villageId')} = ? AND ${j('month')} = ? AND ${j('status')} = 'open'`, V, MONTH));
    expect(d.month.openObjections).toBe(2);
    expect(d.objection).toMatchObject({ status: 'open', reason: '我家门前当天已经清理干净了' });
  });

  it('ranks the household in a month in publicity as a shared-rank board of plain SQL rows does', async () => {
    const hid = await householdOf(tokens.resident!);
    // One household scored lower, one higher, so the rank is neither first nor shared by all.
    await t.runtime.db.collection(COLLECTIONS.pointsRatings.name).doc(`pr-${hid}-${MONTH}`).update({ total: 95 });
    const rows = sql.all<{ id: string; total: number }>(COLLECTIONS.pointsRatings.name, `${j('householdId')} AS id, ${j('total')} AS total`, `WHERE ${j('villageId')} = ? AND ${j('month')} = ?`, V, MONTH);
    await t.runtime.db.collection(COLLECTIONS.pointsRatings.name).doc(`pr-${rows.find((r) => r.id !== hid)!.id}-${MONTH}`).update({ total: 99 });
    const totals = sql.all<{ total: number }>(COLLECTIONS.pointsRatings.name, `${j('total')} AS total`, `WHERE ${j('villageId')} = ? AND ${j('month')} = ?`, V, MONTH).map((r) => r.total).sort((a, b) => b - a);
    const mine = ok(await t.call('points', 'mine', {}, tokens.resident));
    expect(mine.latest).toMatchObject({ month: MONTH, points: 95, status: 'published', rank: totals.indexOf(95) + 1 });
    expect(mine.latest.rank).toBeGreaterThan(1);
  });

  it('tells the village cadres of each objection once, those there when it was raised, when the dispatch timer drains it', async () => {
    const cadres = sql.one(COLLECTIONS.users.name, 'count(*)', `WHERE EXISTS (SELECT 1 FROM json_each(${j('roleKeys')}) WHERE value = ?)`, `village-cadre@${V}`);
    const seeded = cadres - 310;
    await Promise.all([dispatchNow(), dispatchNow()]);
    const told = async (who: string) => sql.one(COLLECTIONS.notifications.name, 'count(*)', `WHERE ${j('kind')} = 'points.objection' AND ${j('link.id')} = ?`, `po-${await householdOf(tokens[who]!)}-${MONTH}`);
    // The first was raised with 10 cadres added, the second with 310.
    expect([await told('resident'), await told('neighbour')]).toEqual([seeded + 10, seeded + 310]);
  });
});

describe('an objection and finalising at once', () => {
  const XIJIE = 'v-xijie';
  const monthStatus = () => sql.all<{ s: string }>(COLLECTIONS.pointsMonths.name, `${j('status')} AS s`, 'WHERE _id = ?', `pm-${XIJIE}-${MONTH}`)[0]?.s;

  it('takes back an objection that lands after finalising claimed the month, and answers CONFLICT', async () => {
    await rate(XIJIE, tokens.xijieCadre!);
    // Publishing: the caller, the village, the month, two counts, the seal, the transaction (begin, the
    // month read and written, the audit entry, the fan-out row, commit); the answer from what it wrote.
    const watch = watchQueries(t.runtime.engine, { threshold: 0 });
    try {
      const { result, requests } = await watch.measure('publish', () => t.call('points', 'publish', { villageId: XIJIE, month: MONTH }, tokens.xijieCadre));
      expect(ok(result)).toMatchObject({ status: 'published', openObjections: 0, ratedCount: sql.one(COLLECTIONS.households.name, 'count(*)', `WHERE ${j('unitId')} = ?`, XIJIE) });
      expect(requests).toBeLessThanOrEqual(12);
    } finally {
      watch.stop();
    }
    const hid = await householdOf(tokens.xijieResident!);
    // The reason is checked after the month was read and before the add: finalising claims the month then.
    useContentChecker({
      name: 'finalising meanwhile',
      check: async () => {
        await t.runtime.db.collection(COLLECTIONS.pointsMonths.name).doc(`pm-${XIJIE}-${MONTH}`).update({ status: 'finalising', finalisingBy: 'demo-cadre-v-xijie', finalisingAt: clock.nowIso() });
        return { suggest: 'pass', label: null };
      },
    });
    try {
      const res = await t.call('points', 'object', { month: MONTH, reason: '评分时我家有人在家，没有通知到' }, tokens.xijieResident);
      expect(res.body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    } finally {
      useContentChecker(null);
    }
    expect(sql.one(COLLECTIONS.pointsObjections.name, 'count(*)', 'WHERE _id = ?', `po-${hid}-${MONTH}`)).toBe(0);
    await dispatchNow();
    expect(sql.one(COLLECTIONS.notifications.name, 'count(*)', `WHERE ${j('link.id')} = ?`, `po-${hid}-${MONTH}`)).toBe(0);
    // Give the month back to publicity for the next case.
    await t.runtime.db.collection(COLLECTIONS.pointsMonths.name).doc(`pm-${XIJIE}-${MONTH}`).update({ status: 'published', finalisingBy: null, finalisingAt: null });
  });

  it('refuses to finalise over an open objection and gives the month back to publicity', async () => {
    ok(await t.call('points', 'object', { month: MONTH, reason: '评分时我家有人在家，没有通知到' }, tokens.xijieResident));
    clock.advance(8 * DAY_MS);
    try {
      const res = await t.call('points', 'finalise', { villageId: XIJIE, month: MONTH }, tokens.xijieCadre);
      expect(res.body).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '还有 1 条异议没有处理，处理完才能定稿' } });
      expect(monthStatus()).toBe('published');
      expect(sql.one(COLLECTIONS.pointsLedger.name, 'count(*)', `WHERE ${j('villageId')} = ? AND ${j('month')} = ?`, XIJIE, MONTH)).toBe(0);
    } finally {
      clock.freeze(NOW);
    }
  });
});
