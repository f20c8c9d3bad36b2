import { DASHBOARD_SECTION_IDS } from '../../shared/contracts/alerts';
import type { AlertRecord } from '../../shared/domain/alert-records';
import { lastMonths, startOfChinaDay, previousMonth } from '../../shared/domain/china-time';
import type { OrgUnitRecord } from '../../shared/domain/records';
import type { SignalRecord } from '../../shared/domain/signal-records';
import { clock } from '../../cloudfunctions/_lib/clock';
import { COLLECTIONS } from '../../cloudfunctions/_lib/collections';
import { SqlCounts, j } from '../support/county-checks';
import { dispatchNow } from '../support/dispatch';
import { budgetRound, sameAtTwoSizes } from '../support/budget';
import { ok, startTestRuntime, type TestRuntime } from '../support/runtime';

/**
 * 风险预警 and 驾驶舱 within the cadre budget (issue 13): each action costs the same requests whether the
 * town has a few more grids, alerts and 研判 signals or hundreds more — an alert over a whole town, or
 * over every village of it, is one read of the places, one query for the grids and one transaction; each
 * dashboard section is its own call, counted on the server; the Excel export is built from the sections
 * the page read. Figures are checked with plain SQL over the SQLite file.
 */
const TOWN = 't-chengguan';
const VILLAGE = 'v-fengfang';

let t: TestRuntime;
let sql: SqlCounts;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestRuntime();
  if (t.runtime.readCache) t.runtime.readCache.enabled = false;
  sql = new SqlCounts(t.runtime.engine);
  for (const p of ['town-cadre', 'county-admin', 'grid-leader'] as const) tokens[p] = await t.login(p);
});
afterAll(() => t.close());

const issueInput = (areaUnitIds: string[], requestId: string) => ({
  kind: 'rainstorm',
  severity: 'severe',
  urgency: 'immediate',
  title: '今夜有大暴雨',
  instruction: '请不要去河边和沟道，住在低洼处的人家今晚八点前转移到村委会。',
  description: '',
  areaUnitIds,
  expiresInHours: 24,
  ackWithinMinutes: 60,
  requestId,
});

/** The live villages of the town (plain SQL). */
const villagesOfTown = () =>
  sql.all<{ id: string }>(COLLECTIONS.orgUnits.name, '_id AS id', `WHERE ${j('parentId')} = ? AND ${j('kind')} IN ('village', 'community') AND ${j('retiredAt')} IS NULL ORDER BY _id`, TOWN).map((r) => r.id);

/** The live grids under a unit (plain SQL over the path). */
const gridsUnder = (unitId: string) =>
  sql.one(COLLECTIONS.orgUnits.name, 'count(*)', `WHERE ${j('kind')} = 'grid' AND ${j('retiredAt')} IS NULL AND EXISTS (SELECT 1 FROM json_each(json_extract(body, '$.path')) WHERE value = ?)`, unitId);

/**
 * Grows what an alerts action could be tempted to read per item: the grids of the village (an area's
 * grids, each grid leader's task), the county's alerts issued over the range (in force or not) and the
 * town's 研判 signals (open, closed, false alarms).
 */
async function grow(n: number): Promise<void> {
  const db = t.runtime.db;
  const grid = ((await db.collection(COLLECTIONS.orgUnits.name).doc('g-fengfang-1').get()).data as OrgUnitRecord[])[0]!;
  await db.collection(COLLECTIONS.orgUnits.name).add(Array.from({ length: n }, (_, i) => ({ ...grid, _id: `g-grow-${n}-${i}`, name: `新网格${n}-${i}`, path: [...grid.path.slice(0, -1), `g-grow-${n}-${i}`] })));
  const alert = ((await db.collection(COLLECTIONS.alerts.name).where({ placeIds: VILLAGE }).limit(1).get()).data as AlertRecord[])[0]!;
  const months = lastMonths(clock.nowIso(), 12);
  const now = Date.parse(clock.nowIso());
  await db.collection(COLLECTIONS.alerts.name).add(
    Array.from({ length: n }, (_, i) => {
      const issuedAt = new Date(Math.min(now - 60_000, startOfChinaDay(`${months[i % 12]}-01`).getTime() + (i % 27) * 86_400_000)).toISOString();
      // A third in force, a third past their expiry while still marked active, a third ended.
      const kind = i % 3;
      return { ...alert, _id: `al-grow-${n}-${i}`, requestId: `grow-${n}-${i}`, issuedAt, status: kind === 2 ? 'ended' : 'active', expiresAt: new Date(now + (kind === 0 ? 1 : -1) * 3_600_000).toISOString(), escalateAt: null };
    }),
  );
  const outcomes = [null, 'visit', 'false-alarm', 'case'] as const;
  await db.collection(COLLECTIONS.signals.name).add(
    Array.from({ length: 2 * n }, (_, i): SignalRecord => ({
      _id: `sg-grow-${n}-${i}`,
      countyId: alert.countyId,
      townId: TOWN,
      villageId: VILLAGE,
      villageName: '冯坊村',
      path: [alert.countyId, TOWN, VILLAGE],
      ruleId: 'rule-grow',
      ruleTitle: '预算测试',
      source: 'case-cluster',
      openKey: `rule-grow|${n}-${i}`,
      explanation: '预算测试的信号',
      events: [],
      eventCount: 1,
      status: outcomes[i % 4] === null ? 'open' : 'closed',
      raisedAt: clock.nowIso(),
      closedAt: outcomes[i % 4] === null ? null : clock.nowIso(),
      outcome: outcomes[i % 4]!,
      note: null,
      closedByName: null,
    })),
  );
}

type Section = { id: string; title: string; headline: { label: string; value: number | null; unit: string }[]; chart: { label: string; points: { x: string; y: number }[] } | null };

/** Each action once, measured through the gateway: the requests it sent, and no query left to a scan. */
async function actions(size: number): Promise<Record<string, number>> {
  // The local sign-in store re-reads a token once after any other sign-in (local/sessions.ts): each
  // token is used once first, so the counts are the actions' own.
  for (const p of Object.keys(tokens)) ok(await t.call('alerts', 'current', {}, tokens[p]));
  return budgetRound(t.runtime.engine, size, async ({ measure }) => {
    const villages = villagesOfTown();
    // An area of many places: its count must equal the one-place area's.
    expect(villages.length).toBeGreaterThan(3);
    const town = await measure<{ id: string; gridCount: number }>('issue over the town', 'cadre', () => t.call('alerts', 'issue', issueInput([TOWN], `budget-town-${size}`), tokens['town-cadre']));
    expect(town.gridCount).toBe(gridsUnder(TOWN));
    await measure('issue again (same requestId)', 'cadre', () => t.call('alerts', 'issue', issueInput([TOWN], `budget-town-${size}`), tokens['town-cadre']));
    const each = await measure<{ id: string; gridCount: number }>('issue over every village of the town', 'cadre', () => t.call('alerts', 'issue', issueInput(villages, `budget-villages-${size}`), tokens['town-cadre']));
    expect(each.gridCount).toBe(gridsUnder(TOWN));
    // Every place told in one fan-out each, and the grid leaders' task in rows of 200 role keys.
    expect(sql.one(COLLECTIONS.fanOuts.name, 'count(*)', `WHERE ${j('message.link.id')} = ? AND ${j('audience.kind')} = 'area-residents'`, each.id)).toBe(villages.length);
    const taskKeys = sql.all<{ k: string }>(COLLECTIONS.fanOuts.name, `${j('audience.roleKeys')} AS k`, `WHERE ${j('message.link.id')} = ? AND ${j('audience.kind')} = 'role-holders'`, each.id).flatMap((r) => JSON.parse(r.k) as string[]);
    expect(taskKeys.length).toBe(gridsUnder(TOWN));
    await measure('update', 'cadre', () => t.call('alerts', 'update', { alertId: town.id, severity: 'extreme', urgency: 'immediate', instruction: '雨势加大，请立即转移到村委会。', note: '雨势加大' }, tokens['town-cadre']));
    const sheet = await measure<{ grids: { gridId: string; households: number; care: { id: string }[] }[] }>('ackSheet', 'cadre', () => t.call('alerts', 'ackSheet', { alertId: town.id }, tokens['grid-leader']));
    const g = sheet.grids[0]!;
    await measure('acknowledge', 'cadre', () => t.call('alerts', 'acknowledge', { alertId: town.id, gridId: g.gridId, householdsReached: g.households, careReachedIds: g.care.slice(0, 1).map((c) => c.id) }, tokens['grid-leader']));
    await checkAcknowledgeAudited(`${town.id}-${g.gridId}`, g.households);
    await measure('end', 'cadre', () => t.call('alerts', 'end', { alertId: each.id, note: '雨停了，预警解除' }, tokens['town-cadre']));
    const sections: Section[] = [];
    for (const [who, unit] of [['county-admin', null], ['town-cadre', TOWN]] as const) {
      for (const section of DASHBOARD_SECTION_IDS) {
        const d = await measure<{ sections: Section[] }>(`dashboard ${section} (${who})`, 'cadre', () => t.call('alerts', 'dashboard', { months: 12, section, ...(unit ? { unitId: unit } : {}) }, tokens[who]));
        if (who === 'town-cadre') sections.push(...d.sections);
      }
    }
    checkAlertsSection(sections.find((s) => s.id === 'alerts')!);
    await measure('exportDashboard', 'cadre', () => t.call('alerts', 'exportDashboard', { unitId: TOWN, months: 12 }, tokens['town-cadre']));
  });
}

/** The acknowledgement's audit entry rides on the grid's row and is in the audit log once the dispatch timer ran (plain SQL). */
async function checkAcknowledgeAudited(rowId: string, households: number): Promise<void> {
  const entries = () => sql.all<{ after: string }>(COLLECTIONS.auditLog.name, `${j('after')} AS after`, `WHERE ${j('action')} = 'alerts.acknowledge' AND ${j('target.id')} = ?`, rowId);
  expect(entries()).toEqual([]);
  expect(sql.one(COLLECTIONS.alertGrids.name, `${j('effectsPending')}`, 'WHERE _id = ?', rowId)).toBe(1);
  await dispatchNow();
  expect(entries().map((e) => JSON.parse(e.after) as unknown)).toEqual([{ householdsReached: households, careReached: 1 }]);
  expect(sql.one(COLLECTIONS.alertGrids.name, `${j('effectsPending')}`, 'WHERE _id = ?', rowId)).toBe(0);
}

/** The town's 风险预警与研判 figures against the alerts and signals themselves (plain SQL). */
function checkAlertsSection(s: Section): void {
  const value = (label: string) => s.headline.find((h) => h.label === label)!.value;
  const placed = `EXISTS (SELECT 1 FROM json_each(json_extract(body, '$.placeIds')) WHERE value = '${TOWN}')`;
  expect(value('生效中的预警')).toBe(sql.one(COLLECTIONS.alerts.name, 'count(*)', `WHERE ${placed} AND ${j('status')} = 'active' AND ${j('expiresAt')} > ?`, clock.nowIso()));
  const months = lastMonths(clock.nowIso(), 12);
  const perMonth = months.map((m) => ({
    x: m,
    y: sql.one(COLLECTIONS.alerts.name, 'count(*)', `WHERE ${placed} AND ${j('issuedAt')} >= ? AND ${j('issuedAt')} < ?`, startOfChinaDay(`${m}-01`).toISOString(), startOfChinaDay(`${previousMonth(m, -1)}-01`).toISOString()),
  }));
  expect(s.chart!.points).toEqual(perMonth);
  expect(perMonth.filter((p) => p.y > 0).length).toBeGreaterThan(6);
  const signals = (where: string) => sql.one(COLLECTIONS.signals.name, 'count(*)', `WHERE ${j('townId')} = ? AND ${where}`, TOWN);
  expect(value('待处置研判信号')).toBe(signals(`${j('status')} = 'open'`));
  expect(value('已处置研判信号')).toBe(signals(`${j('status')} = 'closed'`));
  expect(value('其中误报')).toBe(signals(`${j('status')} = 'closed' AND ${j('outcome')} = 'false-alarm'`));
  expect(value('其中误报')).toBeGreaterThan(0);
}

describe('alerts and 驾驶舱: requests within budget, the same at two sizes', () => {
  it('costs each action the same few requests with 10 or 300 more grids, alerts and ×2 signals, every query on an index', async () => {
    const small = await sameAtTwoSizes(grow, actions);
    // The caller (1) is in every count; a transaction adds its start and its commit (2).
    expect(small).toMatchObject({
      // The places chosen with the caller's role units, the area's grids, and the transaction: the retry
      // check, the alert, its audit entry, every fan-out in one batch add. A retry: up to the retry check.
      'issue over the town as cadre': 9,
      'issue again (same requestId) as cadre': 6,
      'issue over every village of the town as cadre': 9,
      // The alert, the caller's role units, and the transaction: the alert again, its update, the audit entry, the fan-outs.
      'update as cadre': 9,
      'end as cadre': 9,
      // The alert, the caller's units, the grids, and per grid list: village names, households, care register, acknowledgements.
      'ackSheet as cadre': 8,
      // The alert, the caller's units, the grid's households, care register and village name, and the
      // transaction: the grid's row, its write carrying the audit entry, the alert's count of grids acknowledged.
      'acknowledge as cadre': 11,
      // The place with the places under it (one query), the section's three server-side counts, and the
      // section as computed kept for the export (one write).
      'dashboard alerts (county-admin) as cadre': 6,
      'dashboard alerts (town-cadre) as cadre': 6,
      // The caller, the place, and the nine sections as the server computed them when the page read them.
      'exportDashboard as cadre': 3,
    });
  });
});
