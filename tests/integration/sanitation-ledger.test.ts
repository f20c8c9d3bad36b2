import { clock, DAY_MS } from '../../cloudfunctions/_lib/clock';
import { sanitation } from '../../cloudfunctions/sanitation';
import { chinaDate, lastMonths } from '../../shared/domain/china-time';
import { sortingPoints } from '../../shared/domain/sanitation-household';
import { j, SqlCounts } from '../support/county-checks';
import { ok, snapshotCounts, startTestRuntime, type TestRuntime } from '../support/runtime';

let t: TestRuntime;
let sql: SqlCounts;
const tokens: Record<string, string> = {};
const LEDGER = ['sanitationHouseholds', 'sortingChecks', 'collectionRuns', 'sewageChecks', 'auditLog', 'notifications'];

beforeAll(async () => {
  t = await startTestRuntime();
  sql = new SqlCounts(t.runtime.engine);
  for (const p of ['resident', 'village-cadre', 'town-cadre', 'county-admin', 'supervisor'] as const) tokens[p] = await t.login(p);
  tokens.otherCadre = await t.loginOpenid('demo-cadre-v-xijie');
  // Lives in another household of 冯坊村 (h-fengfang-2-04).
  tokens.neighbour = await t.loginOpenid('demo-r-fengfang-2');
});
afterAll(() => t.close());
afterEach(() => clock.reset());

describe('sanitation: households\' toilets and garbage sorting', () => {
  it('the household reads its own record; a neighbour does not find it; the village cadre records toilet, bins and the month\'s check', async () => {
    const mine = ok(await t.call('sanitation', 'household', {}, tokens.resident));
    expect(mine).toMatchObject({ householdId: 'h-fengfang-1-01', canRecord: false, indicator: { code: 'sanitation', name: '环保卫生', max: 10 } });
    expect((await t.call('sanitation', 'household', { householdId: 'h-fengfang-1-01' }, tokens.neighbour)).body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const toilet = ok(await t.call('sanitation', 'saveToilet', { householdId: 'h-fengfang-1-01', mode: 'three-compartment', work: 'converted', doneOn: '2025-05-01', acceptance: 'passed', satisfaction: 'satisfied' }, tokens['village-cadre']));
    expect(toilet).toMatchObject({ sanitaryToilet: true, toilet: { mode: 'three-compartment', acceptance: 'passed' } });
    const pending = ok(await t.call('sanitation', 'saveToilet', { householdId: 'h-fengfang-1-02', mode: 'dry-separating', work: 'built', doneOn: '2026-10-01', acceptance: 'pending' }, tokens['village-cadre']));
    expect(pending.sanitaryToilet).toBe(false);
    const month = lastMonths(clock.now(), 1)[0]!;
    const checked = ok(await t.call('sanitation', 'checkSorting', { householdId: 'h-fengfang-1-01', month, result: 'fair' }, tokens['village-cadre']));
    // The one rule at the county indicator's maximum, not a number of the feature's own.
    expect(checked.checks[0]).toMatchObject({ month, result: 'fair', points: sortingPoints('fair', 10) });
    // A second check of the same month replaces the first.
    ok(await t.call('sanitation', 'checkSorting', { householdId: 'h-fengfang-1-01', month, result: 'good' }, tokens['village-cadre']));
    expect(sql.one('sortingChecks', 'count(*)', `WHERE ${j('householdId')} = ? AND ${j('month')} = ?`, 'h-fengfang-1-01', month)).toBe(1);
    expect(ok(await t.call('sanitation', 'household', {}, tokens.resident)).checks[0]).toMatchObject({ result: 'good', points: 10 });
  });

  it('refuses another village\'s household, a resident recording and bad values, writing nothing', async () => {
    const before = await snapshotCounts(t, LEDGER);
    expect((await t.call('sanitation', 'saveBins', { householdId: 'h-fengfang-1-01', count: 2, givenOn: '2026-01-01' }, tokens.otherCadre)).body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await t.call('sanitation', 'saveBins', { householdId: 'h-fengfang-1-01', count: 2, givenOn: '2026-01-01' }, tokens.resident)).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await t.call('sanitation', 'saveToilet', { householdId: 'h-fengfang-1-01', mode: 'pit', work: 'built', doneOn: '2026-01-01', acceptance: 'passed' }, tokens['village-cadre'])).body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((await t.call('sanitation', 'checkSorting', { householdId: 'h-fengfang-1-01', month: '2026-13', result: 'good' }, tokens['village-cadre'])).body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'month' }] } });
    expect((await t.call('sanitation', 'saveBins', { householdId: 'h-nowhere', count: 2, givenOn: '2026-01-01' }, tokens['village-cadre'])).body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await snapshotCounts(t, LEDGER)).toEqual(before);
  });
});

describe('sanitation: the garbage chain', () => {
  it('a point not collected within its interval alerts its village cadres once, even when runs overlap; a logged run stops it', async () => {
    const inbox = async () => (ok(await t.call('notifications', 'list', { limit: 50 }, tokens['village-cadre'])).items as { kind: string; link: { id: string } | null }[]).filter((n) => n.kind === 'sanitation.collectionDue' && n.link?.id === 'sf-fengfang-CP-2');
    const runs = await Promise.all([sanitation.runTimer('collectionDue'), sanitation.runTimer('collectionDue')]);
    expect(runs.reduce((s: number, r) => s + (r as { alerted: number }).alerted, 0)).toBeGreaterThanOrEqual(1);
    expect(await inbox()).toHaveLength(1);
    // The other points were collected yesterday: no alert.
    expect(sql.one('notifications', 'count(*)', `WHERE ${j('kind')} = 'sanitation.collectionDue'`)).toBe(1);
    const logged = ok(await t.call('sanitation', 'logRun', { facilityId: 'sf-fengfang-CP-2', kind: 'collection', date: chinaDate(clock.now()), volume: 4, unit: '桶' }, tokens['village-cadre']));
    expect(logged.runs[0]).toMatchObject({ kind: 'collection', byName: '陈建军' });
    clock.advance(2 * DAY_MS);
    await sanitation.runTimer('collectionDue');
    expect(await inbox()).toHaveLength(1);
    clock.advance(2 * DAY_MS);
    await sanitation.runTimer('collectionDue');
    expect(await inbox()).toHaveLength(2);
  });

  it('a transfer trip is logged at a transfer station by the town, not at a collection point', async () => {
    expect((await t.call('sanitation', 'logRun', { facilityId: 'sf-fengfang-CP-1', kind: 'transfer', date: chinaDate(clock.now()), volume: 1, unit: '吨' }, tokens['village-cadre'])).body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((await t.call('sanitation', 'logRun', { facilityId: 'sf-QY-TS-01', kind: 'transfer', date: chinaDate(clock.now()), volume: 12, unit: '吨' }, tokens['village-cadre'])).body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    ok(await t.call('sanitation', 'logRun', { facilityId: 'sf-QY-TS-01', kind: 'transfer', date: chinaDate(clock.now()), volume: 12, unit: '吨' }, tokens['town-cadre']));
  });
});

describe('sanitation: figures equal an independent count of the ledger', () => {
  it('county totals, town rows and months match plain SQL, and the demo shows the report\'s figures', async () => {
    const f = ok(await t.call('sanitation', 'figures', { months: 3 }, tokens['county-admin']));
    const county = 'qianyang';
    const inCounty = `WHERE EXISTS (SELECT 1 FROM json_each(json_extract(body, '$.path')) WHERE value = '${county}')`;
    expect(f.total.households).toBe(sql.one('households', 'count(*)', inCounty));
    expect(f.total.sanitaryToilets).toBe(sql.one('sanitationHouseholds', 'count(*)', `${inCounty} AND ${j('sanitaryToilet')} = 1`));
    expect(f.total.withBins).toBe(sql.one('sanitationHouseholds', 'count(*)', `${inCounty} AND ${j('hasBins')} = 1`));
    expect(f.total.facilitiesInService).toBe(sql.one('sanitationFacilities', 'count(*)', `${inCounty} AND ${j('status')} = 'in-service'`));
    const treated = sql.one('sanitationFacilities', `count(DISTINCT ${j('villageId')})`, `${inCounty} AND ${j('status')} = 'in-service' AND ${j('kind')} IN ('sewage-facility', 'oxidation-pond')`);
    expect(f.total.sewageTreated).toBe(treated);
    const months2 = lastMonths(clock.now(), 2).map((m) => `'${m}'`).join(',');
    const treatedSet = new Set(sql.all<{ v: string }>('sanitationFacilities', `DISTINCT ${j('villageId')} AS v`, `${inCounty} AND ${j('status')} = 'in-service' AND ${j('kind')} IN ('sewage-facility', 'oxidation-pond')`).map((r) => r.v));
    const checks = sql.all<{ v: string; c: number }>('sewageChecks', `${j('villageId')} AS v, ${j('controlled')} AS c`, `${inCounty} AND ${j('month')} IN (${months2})`);
    const failing = new Set(checks.filter((c) => !c.c).map((c) => c.v));
    const controlled = new Set(checks.filter((c) => c.c && !failing.has(c.v) && !treatedSet.has(c.v)).map((c) => c.v)).size;
    expect(f.total.sewageControlled).toBe(controlled);
    expect(f.total.villages).toBe(sql.one('orgUnits', 'count(*)', `${inCounty} AND ${j('kind')} IN ('village', 'community')`));
    const months = lastMonths(clock.now(), 3);
    for (const m of f.months) {
      expect(m.opened).toBe(sql.one('sanitationOrders', 'count(*)', `${inCounty} AND ${j('month')} = ?`, m.month));
      expect(m.fixedOnTime).toBe(sql.one('sanitationOrders', 'count(*)', `${inCounty} AND ${j('month')} = ? AND ${j('fixedOnTime')} = 1`, m.month));
      expect(m.reopened).toBe(sql.one('sanitationOrders', 'count(*)', `${inCounty} AND ${j('month')} = ? AND ${j('reopenCount')} > 0`, m.month));
    }
    expect(f.months.map((m: { month: string }) => m.month)).toEqual(months);
    // The town rows add up to the county.
    for (const key of ['households', 'sanitaryToilets', 'withBins', 'sewageTreated', 'sewageControlled', 'ordersOpened'] as const) {
      expect(f.rows.reduce((s: number, r: Record<string, number>) => s + r[key]!, 0)).toBe(f.total[key]);
    }
    // The demo is seeded to the county report: 96 % sanitary toilets, 55 treatment facilities + 4 ponds, 54 % treated, 46 % controlled.
    expect(Math.round((100 * f.total.sanitaryToilets) / f.total.households)).toBe(96);
    expect(sql.one('sanitationFacilities', 'count(*)', `WHERE ${j('kind')} = 'sewage-facility'`)).toBe(55);
    expect(Math.abs((100 * f.total.sewageTreated) / f.total.villages - 54)).toBeLessThan(2);
    expect(Math.abs((100 * f.total.sewageControlled) / f.total.villages - 46)).toBeLessThan(2);
  });

  it('a village cadre reads their village; another village is refused; a resident reads none', async () => {
    const v = ok(await t.call('sanitation', 'figures', {}, tokens['village-cadre']));
    expect(v.unitName).toBe('冯坊村');
    expect(v.total.households).toBe(sql.one('households', 'count(*)', `WHERE ${j('unitId')} = 'v-fengfang'`));
    expect(v.total.ordersOpened).toBe(sql.one('sanitationOrders', 'count(*)', `WHERE ${j('villageId')} = 'v-fengfang' AND ${j('month')} IN (${lastMonths(clock.now(), 6).map((m) => `'${m}'`).join(',')})`));
    expect((await t.call('sanitation', 'figures', { unitId: 'v-xijie' }, tokens['village-cadre'])).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await t.call('sanitation', 'figures', {}, tokens.resident)).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
