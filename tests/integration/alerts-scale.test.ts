import { alerts } from '../../cloudfunctions/alerts';
import { COLLECTIONS } from '../../cloudfunctions/_lib/collections';
import { expandFanOuts } from '../../cloudfunctions/_lib/outbox';
import { growCounty, type GrownCounty } from '../../bench/county';
import { SqlCounts, j } from '../support/county-checks';
import { watchQueries, type QueryWatch } from '../support/query-watch';
import { ok, startTestRuntime, type TestRuntime } from '../support/runtime';

/**
 * An alert at county scale (bench/county.ts at 1/40: 80 villages, 600 grids): a town-wide alert and a
 * county-wide one reach every resident of their area exactly once, checked against plain SQL over the
 * SQLite file; the status list covers every grid; every query is served by an index.
 */
jest.setTimeout(180_000);

let t: TestRuntime;
let g: GrownCounty;
let sql: SqlCounts;
let watch: QueryWatch;
let admin: string;

beforeAll(async () => {
  t = await startTestRuntime();
  if (t.runtime.readCache) t.runtime.readCache.enabled = false;
  g = await growCounty(t.runtime.engine, 0.025);
  sql = new SqlCounts(t.runtime.engine);
  watch = watchQueries(t.runtime.engine, { threshold: 1000 });
  admin = await t.login('county-admin');
});
afterAll(async () => {
  watch?.stop();
  await t?.close();
});

/** Expands every pending fan-out in small bounded pages, run after run (each run resumes where the last stopped). */
async function expandAll(): Promise<number> {
  let runs = 0;
  while (sql.one(COLLECTIONS.fanOuts.name, 'count(*)', `WHERE ${j('status')} = 'pending'`) > 0) {
    await expandFanOuts(t.runtime.db, { pageSize: 200, maxPages: 3 });
    if (++runs > 500) throw new Error('fan-outs never finished');
  }
  return runs;
}

/** Residents under a unit by plain SQL: the users whose home path holds the unit. */
function residentsUnder(unitId: string): number {
  return sql.one(
    COLLECTIONS.users.name,
    'count(*)',
    `WHERE EXISTS (SELECT 1 FROM json_each(json_extract(body, '$.residence.path')) WHERE value = ?) AND ${j('closedAt')} IS NULL`,
    unitId,
  );
}

function told(alertId: string, kind: string): { rows: number; people: number } {
  const where = `WHERE ${j('kind')} = ? AND ${j('link.id')} = ?`;
  return {
    rows: sql.one(COLLECTIONS.notifications.name, 'count(*)', where, kind, alertId),
    people: sql.one(COLLECTIONS.notifications.name, `count(DISTINCT ${j('recipientId')})`, where, kind, alertId),
  };
}

describe('alerts at county scale', () => {
  it('reaches every resident of a town exactly once, nobody outside it, and every grid leader of its grids', async () => {
    const townId = 't-chengguan';
    const before = residentsUnder(townId);
    expect(before).toBeGreaterThan(500);
    const a = ok(await t.call('alerts', 'issue', {
      kind: 'geohazard', severity: 'severe', urgency: 'expected', title: '山体滑坡风险', instruction: '请远离山脚和陡坡，听到异响立即撤离到安置点。',
      areaUnitIds: [townId, 'v-fengfang'], expiresInHours: 12, ackWithinMinutes: 60, requestId: 'scale-town-alert-1',
    }, admin));
    expect(await expandAll()).toBeGreaterThan(1);
    const reached = told(a.id, 'alert.issued');
    expect(reached).toEqual({ rows: before, people: before });
    const outside = sql.one(
      COLLECTIONS.notifications.name,
      'count(*)',
      `n JOIN ${(t.runtime.engine.store as unknown as { table(c: string): string }).table(COLLECTIONS.users.name)} u ON json_extract(u.body, '$._id') = json_extract(n.body, '$.recipientId')
       WHERE json_extract(n.body, '$.kind') = 'alert.issued' AND json_extract(n.body, '$.link.id') = ?
       AND NOT EXISTS (SELECT 1 FROM json_each(json_extract(u.body, '$.residence.path')) WHERE value = ?)`,
      a.id,
      townId,
    );
    expect(outside).toBe(0);
    const gridsOfTown = sql.one(COLLECTIONS.orgUnits.name, 'count(*)', `WHERE ${j('kind')} = 'grid' AND EXISTS (SELECT 1 FROM json_each(json_extract(body, '$.path')) WHERE value = ?)`, townId);
    expect(a.gridCount).toBe(gridsOfTown);
    const leaders = sql.one(
      COLLECTIONS.users.name,
      'count(*)',
      `WHERE EXISTS (SELECT 1 FROM json_each(json_extract(body, '$.roleKeys')) k WHERE k.value IN (SELECT 'grid-leader@' || json_extract(o.body, '$._id') FROM ${(t.runtime.engine.store as unknown as { table(c: string): string }).table(COLLECTIONS.orgUnits.name)} o WHERE json_extract(o.body, '$.kind') = 'grid' AND EXISTS (SELECT 1 FROM json_each(json_extract(o.body, '$.path')) WHERE value = ?)))`,
      townId,
    );
    expect(told(a.id, 'alert.notifyHouseholds')).toEqual({ rows: leaders, people: leaders });
    const st = ok(await t.call('alerts', 'status', { alertId: a.id }, admin));
    expect(st.totals.grids).toBe(gridsOfTown);
    expect(st.totals.households).toBe(
      sql.one(COLLECTIONS.households.name, 'count(*)', `WHERE EXISTS (SELECT 1 FROM json_each(json_extract(body, '$.path')) WHERE value = ?)`, townId),
    );
  });

  it('reaches every resident of the county once when the area is every town, and escalates each village once', async () => {
    const towns = sql.all<{ id: string }>(COLLECTIONS.orgUnits.name, `${j('_id')} AS id`, `WHERE ${j('kind')} = 'town'`).map((r) => r.id);
    const a = ok(await t.call('alerts', 'issue', {
      kind: 'cold-wave', severity: 'moderate', urgency: 'future', title: '寒潮降温', instruction: '请做好取暖防冻，用煤炉取暖一定要开窗通风。',
      areaUnitIds: towns, expiresInHours: 48, ackWithinMinutes: 10, requestId: 'scale-county-alert-1',
    }, admin));
    await expandAll();
    const all = sql.one(COLLECTIONS.users.name, 'count(*)', `WHERE ${j('residence')} IS NOT NULL AND ${j('closedAt')} IS NULL`);
    expect(told(a.id, 'alert.issued')).toEqual({ rows: all, people: all });
    expect(a.gridCount).toBe(600);
    // Past the deadline: every village has unacknowledged grids; two overlapping runs escalate each once.
    await t.runtime.db.collection(COLLECTIONS.alerts.name).doc(a.id).update({ escalateAt: '2000-01-01T00:00:00.000Z', ackDueAt: '2000-01-01T00:00:00.000Z' });
    await Promise.all([alerts.runTimer('escalate'), alerts.runTimer('escalate')]);
    expect(sql.one(COLLECTIONS.alertEscalations.name, 'count(*)', `WHERE ${j('alertId')} = ? AND ${j('level')} = 1`, a.id)).toBe(80);
    expect(g.villages.length).toBe(80);
  });

  it('answers the county dashboard and 痛点难点 at scale with the modules’ own figures, and runs 研判 over the county', async () => {
    const d = ok(await t.call('alerts', 'dashboard', { months: 12, section: 'cases' }, admin));
    const cases = d.sections.find((s: { id: string }) => s.id === 'cases').headline.find((h: { label: string }) => h.label === '受理纠纷').value;
    expect(cases).toBe(ok(await t.call('cases', 'figures', { months: 12 }, admin)).total);
    const months = d.months as string[];
    expect(cases).toBe(sql.one(COLLECTIONS.cases.name, 'count(*)', `WHERE ${j('month')} IN (${months.map(() => '?').join(',')})`, ...months));
    const hot = ok(await t.call('alerts', 'hotIssues', {}, admin));
    const caseRows = hot.items.filter((i: { source: string }) => i.source === 'cases');
    expect(caseRows.reduce((s: number, r: { thisMonth: number }) => s + r.thisMonth, 0)).toBeLessThanOrEqual(sql.one(COLLECTIONS.cases.name, 'count(*)', `WHERE ${j('month')} = ?`, hot.thisMonth));
    await alerts.runTimer('signals');
  });

  it('serves every alerts query with an index', () => {
    expect(watch.scans.map((s) => `${s.collection} (${s.size}) ${s.where} during ${s.during}`)).toEqual([]);
  });
});
