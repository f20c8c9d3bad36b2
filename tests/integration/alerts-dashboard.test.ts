import ExcelJS from 'exceljs';
import { DASHBOARD_SECTION_IDS } from '../../shared/contracts/alerts';
import { chinaMonth } from '../../shared/domain/china-time';
import { clock } from '../../cloudfunctions/_lib/clock';
import { COLLECTIONS } from '../../cloudfunctions/_lib/collections';
import { SqlCounts, j } from '../support/county-checks';
import { ok, startTestRuntime, type CallResult, type TestRuntime } from '../support/runtime';

/**
 * 驾驶舱: the county and town leaders' figures equal each module's own answer (the same call its page
 * makes), the drill-down goes county → town → village inside the caller's jurisdiction, and the
 * export holds exactly the page's figures.
 */
const code = (r: CallResult) => (r.body.ok ? 'OK' : r.body.error.code);
type Dash = { unit: { id: string }; parent: { id: string } | null; children: { id: string; kind: string }[]; months: string[]; sections: { id: string; title: string; headline: { label: string; value: number | null; unit: string }[]; chart: { label: string; points: { x: string; y: number }[] } | null }[] };

let t: TestRuntime;
let county: string;
let town: string;
let village: string;
let resident: string;
let sql: SqlCounts;

/** The whole dashboard as the page reads it: one call per section, each answering the place and its own section. */
async function whole(input: object, token: string): Promise<Dash> {
  const parts: Dash[] = [];
  for (const section of DASHBOARD_SECTION_IDS) parts.push(ok(await t.call<Dash>('alerts', 'dashboard', { ...input, section }, token)));
  expect(parts.map((p) => p.sections.map((s) => s.id))).toEqual(DASHBOARD_SECTION_IDS.map((id) => [id]));
  for (const p of parts) expect({ ...p, sections: [] }).toEqual({ ...parts[0]!, sections: [] });
  return { ...parts[0]!, sections: parts.flatMap((p) => p.sections) };
}

const value = (d: Dash, section: string, label: string) => d.sections.find((s) => s.id === section)!.headline.find((h) => h.label === label)!.value;

beforeAll(async () => {
  t = await startTestRuntime();
  sql = new SqlCounts(t.runtime.engine);
  [county, town, village, resident] = await Promise.all([t.login('county-admin'), t.login('town-cadre'), t.login('village-cadre'), t.login('resident')]);
});
afterAll(async () => {
  await t.close();
});

describe('the county dashboard', () => {
  it('shows every section with the cases module’s own figures for the county', async () => {
    const d = await whole({ months: 6 }, county);
    expect(d.sections.map((s) => s.id)).toEqual(['cases', 'powers', 'talks', 'points', 'police', 'sanitation', 'volunteers', 'councils', 'alerts']);
    const f = ok(await t.call('cases', 'figures', { unitId: d.unit.id, months: 6 }, county));
    expect(value(d, 'cases', '受理纠纷')).toBe(f.total);
    expect(value(d, 'cases', '小事不出村')).toBe(Math.round(f.villageRate * 1000) / 10);
    expect(value(d, 'cases', '六类纠纷占比')).toBe(Math.round(f.commonShare * 1000) / 10);
    expect(value(d, 'cases', '超期')).toBe(f.overdueNow);
    const talks = ok(await t.call('powers', 'talkCounts', {}, county));
    expect(value(d, 'talks', '提醒干部')).toBe(talks.total.cadres);
    const catalogue = ok(await t.call('powers', 'catalogue', {}, county));
    expect(value(d, 'powers', '已办结')).toBe(catalogue.items.reduce((s: number, i: { counts: { done: number } }) => s + i.counts.done, 0));
    const matters = (await t.runtime.db.collection('matters').limit(1000).get()).data as { status: string; createdAt: string; steps: { overdue: boolean }[] }[];
    const since = new Date(Date.parse(`${d.months[0]}-01T00:00:00+08:00`)).toISOString();
    const doneInRange = matters.filter((m) => m.status === 'done' && m.createdAt >= since);
    const onTime = doneInRange.filter((m) => !m.steps.some((s) => s.overdue)).length;
    expect(value(d, 'powers', '本期按时办结率')).toBe(doneInRange.length ? Math.round((onTime / doneInRange.length) * 1000) / 10 : null);
    let served = 0;
    for (const month of d.months) served += ok(await t.call('police', 'monthlyCounts', { unitId: d.unit.id, month }, county)).total;
    expect(value(d, 'police', '服务人次')).toBe(served);
    // Alerts in force: the seeded rainstorm alert over 冯坊村, counted against the collection itself.
    const active = (await t.runtime.db.collection('alerts').where({ status: 'active' }).get()).data.filter((a: { expiresAt: string }) => a.expiresAt > clock.nowIso());
    expect(value(d, 'alerts', '生效中的预警')).toBe(active.length);
    expect(d.months[d.months.length - 1]).toBe(chinaMonth(clock.nowIso()));
  });

  it('sums the points ledger and dividends of the town’s villages, against the records themselves', async () => {
    const d = await whole({ unitId: 't-chengguan', months: 12 }, town);
    const villages = d.children.map((c) => c.id);
    const years = new Set(d.months.map((m) => Number(m.slice(0, 4))));
    const ledger = (await t.runtime.db.collection('pointsLedger').limit(1000).get()).data as { villageId: string; year: number; month: string; delta: number }[];
    const expected = ledger.filter((r) => villages.includes(r.villageId) && years.has(r.year) && d.months.includes(r.month)).reduce((s, r) => s + r.delta, 0);
    expect(value(d, 'points', '评定积分')).toBe(expected);
    const divs = (await t.runtime.db.collection('pointsDividends').limit(1000).get()).data as { villageId: string; year: number; split: { dividends: number } }[];
    const fen = divs.filter((r) => villages.includes(r.villageId) && years.has(r.year)).reduce((s, r) => s + r.split.dividends, 0);
    expect(value(d, 'points', '分红金额')).toBe(fen / 100);
  });

  it('shows 三污治理 with the sanitation module’s own figures at every level, county → town → village', async () => {
    const pct1 = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 1000) / 10 : null);
    for (const unitId of [undefined, 't-chengguan', 'v-fengfang']) {
      const d = await whole({ ...(unitId ? { unitId } : {}), months: 6 }, county);
      const f = ok(await t.call('sanitation', 'figures', { unitId: d.unit.id, months: 6 }, county));
      expect(value(d, 'sanitation', '卫生厕所普及率')).toBe(pct1(f.total.sanitaryToilets, f.total.households));
      expect(value(d, 'sanitation', '正常运行的设施')).toBe(f.total.facilitiesInService);
      expect(value(d, 'sanitation', '生活污水治理率')).toBe(pct1(f.total.sewageTreated, f.total.villages));
      expect(value(d, 'sanitation', '生活污水有效管控率')).toBe(pct1(f.total.sewageControlled, f.total.villages));
      expect(value(d, 'sanitation', '随手拍上报')).toBe(f.total.ordersOpened);
      expect(value(d, 'sanitation', '按时修好')).toBe(f.total.ordersFixedOnTime);
      expect(value(d, 'sanitation', '退回重修')).toBe(f.total.ordersReopened);
      expect(d.sections.find((s) => s.id === 'sanitation')!.chart!.points).toEqual(f.months.map((m: { month: string; opened: number }) => ({ x: m.month, y: m.opened })));
    }
    // The demo county as the report has it: 96 % sanitary toilets, sewage treated in 14 of 26 villages.
    const c = await whole({ months: 6 }, county);
    const households = await t.count('households', {});
    const sanitary = await t.count('sanitationHouseholds', { sanitaryToilet: true });
    expect(value(c, 'sanitation', '卫生厕所普及率')).toBe(pct1(sanitary, households));
    expect(value(c, 'sanitation', '正常运行的设施')).toBe(await t.count('sanitationFacilities', { status: 'in-service' }));
  });

  it('shows 志愿服务 with the volunteers module’s own figures, which equal the ledger itself', async () => {
    for (const unitId of [undefined, 't-chengguan', 'v-fengfang']) {
      const d = await whole({ ...(unitId ? { unitId } : {}), months: 12 }, county);
      const f = ok(await t.call('volunteers', 'figures', { unitId: d.unit.id, months: 12 }, county));
      expect(value(d, 'volunteers', '志愿服务时长')).toBe(Math.round((f.total.minutes / 60) * 10) / 10);
      expect(value(d, 'volunteers', '开展活动')).toBe(f.total.activities);
      expect(value(d, 'volunteers', '上门走访')).toBe(f.total.visits);
      expect(value(d, 'volunteers', '场地使用率')).toBe(f.total.openHours > 0 ? f.total.percent : null);
      // Against the records themselves (plain reads, counted here).
      const inUnit = (r: { path: string[]; month: string }) => r.path.includes(d.unit.id) && d.months.includes(r.month);
      const hours = ((await t.runtime.db.collection('volunteerHours').limit(1000).get()).data as { path: string[]; month: string; minutes: number }[]).filter(inUnit);
      expect(f.total.minutes).toBe(hours.reduce((s, h) => s + h.minutes, 0));
      const acts = ((await t.runtime.db.collection('volunteerActivities').limit(1000).get()).data as { path: string[]; month: string; status: string; startAt: string }[]).filter(
        (a) => inUnit(a) && a.status === 'open' && a.startAt <= clock.nowIso(),
      );
      expect(f.total.activities).toBe(acts.length);
      const visits = ((await t.runtime.db.collection('volunteerVisits').limit(1000).get()).data as { path: string[]; month: string }[]).filter(inUnit);
      expect(f.total.visits).toBe(visits.length);
      const venues = ((await t.runtime.db.collection('venues').limit(1000).get()).data as { _id: string; path: string[]; active: boolean }[]).filter((v) => v.active && v.path.includes(d.unit.id));
      const bookings = ((await t.runtime.db.collection('venueBookings').limit(1000).get()).data as { venueId: string; month: string; status: string; hours: number }[]).filter(
        (b) => venues.some((v) => v._id === b.venueId) && d.months.includes(b.month) && b.status === 'confirmed',
      );
      expect(f.total.venues).toBe(venues.length);
      expect(f.total.bookedHours).toBe(bookings.reduce((s, b) => s + b.hours, 0));
    }
    // The demo holds hours, activities, visits and bookings: none of the above compared zeros with zeros.
    const cv = ok(await t.call('volunteers', 'figures', { months: 12 }, county)).total;
    expect([cv.minutes > 0, cv.activities > 0, cv.visits > 0, cv.bookedHours > 0]).toEqual([true, true, true, true]);
    expect(code(await t.call('volunteers', 'figures', {}, resident))).toBe('FORBIDDEN');
    const otherTown = (await whole({}, county)).children.find((x) => x.id !== 't-chengguan')!.id;
    expect(code(await t.call('volunteers', 'figures', { unitId: otherTown }, town))).toBe('FORBIDDEN');
    expect(code(await t.call('volunteers', 'figures', { months: 0 }, county))).toBe('INVALID_INPUT');
  });

  it('shows 议事协商 with the councils module’s own figures, which equal the topics and decisions themselves', async () => {
    for (const unitId of [undefined, 't-chengguan', 'v-fengfang']) {
      const d = await whole({ ...(unitId ? { unitId } : {}), months: 12 }, county);
      const f = ok(await t.call('councils', 'figures', { unitId: d.unit.id, months: 12 }, county));
      expect(value(d, 'councils', '提出议题')).toBe(f.topicsRaised);
      expect(value(d, 'councils', '列入议事')).toBe(f.topicsOnAgenda);
      expect(value(d, 'councils', '形成决定')).toBe(f.topicsDecided);
      expect(value(d, 'councils', '决定已落实')).toBe(f.decisionsDone);
      expect(value(d, 'councils', '按期落实率')).toBe(f.decisionsDone ? Math.round((f.decisionsDoneOnTime / f.decisionsDone) * 1000) / 10 : null);
      // Against the records themselves.
      const since = new Date(Date.parse(`${d.months[0]}-01T00:00:00+08:00`)).toISOString();
      const topics = ((await t.runtime.db.collection('councilTopics').limit(1000).get()).data as { path: string[]; status: string; createdAt: string }[]).filter((x) => x.path.includes(d.unit.id) && x.createdAt >= since);
      expect(f.topicsRaised).toBe(topics.filter((x) => x.status !== 'merged').length);
      expect(f.topicsOnAgenda).toBe(topics.filter((x) => ['agenda', 'scheduled', 'voting', 'decided', 'rejected'].includes(x.status)).length);
      expect(f.topicsDecided).toBe(topics.filter((x) => x.status === 'decided').length);
      const decisions = ((await t.runtime.db.collection('councilDecisions').limit(1000).get()).data as { path: string[]; status: string; decidedAt: string; steps: { dueDate: string; doneAt: string | null }[] }[]).filter(
        (x) => x.path.includes(d.unit.id) && x.decidedAt >= since,
      );
      const done = decisions.filter((x) => x.status === 'done');
      expect(f.decisionsDone).toBe(done.length);
      // On time: each step done before midnight (China) at the end of its due day.
      const onTime = done.filter((x) => x.steps.every((st) => st.doneAt !== null && Date.parse(st.doneAt) < Date.parse(`${st.dueDate}T00:00:00+08:00`) + 86_400_000));
      expect(f.decisionsDoneOnTime).toBe(onTime.length);
    }
    const cf = ok(await t.call('councils', 'figures', { months: 12 }, county));
    expect(cf.topicsRaised).toBeGreaterThan(0);
    expect(code(await t.call('councils', 'figures', {}, resident))).toBe('FORBIDDEN');
    expect(code(await t.call('councils', 'figures', { months: 30 }, county))).toBe('INVALID_INPUT');
  });

  it('drills down county → town → village, and keeps a town leader inside the town', async () => {
    const c = await whole({}, county);
    expect(c.parent).toBeNull();
    expect(c.children.every((x) => x.kind === 'town')).toBe(true);
    const tw = await whole({ unitId: 't-chengguan' }, county);
    expect(tw.parent?.id).toBe(c.unit.id);
    expect(tw.children.map((x) => x.id)).toContain('v-fengfang');
    const v = await whole({ unitId: 'v-fengfang' }, county);
    expect(v.children).toEqual([]);
    const vf = ok(await t.call('cases', 'figures', { unitId: 'v-fengfang', months: 3 }, county));
    expect(value(v, 'cases', '受理纠纷')).toBe(vf.total);
    const own = await whole({}, town);
    expect(own.unit.id).toBe('t-chengguan');
    expect(own.parent).toBeNull();
    const otherTown = c.children.find((x) => x.id !== 't-chengguan')!.id;
    expect(code(await t.call('alerts', 'dashboard', { unitId: otherTown, section: 'cases' }, town))).toBe('FORBIDDEN');
    expect(code(await t.call('alerts', 'dashboard', { section: 'cases' }, village))).toBe('FORBIDDEN');
    expect(code(await t.call('alerts', 'dashboard', { section: 'cases' }, resident))).toBe('FORBIDDEN');
    expect(code(await t.call('alerts', 'dashboard', { months: 5, section: 'cases' }, county))).toBe('INVALID_INPUT');
    // The dashboard answers a section a call: one without a section is refused, in words for people.
    const bare = await t.call('alerts', 'dashboard', { months: 3 }, county);
    expect(bare.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'section', message: '请选择驾驶舱的板块' }] } });
  });

  it('exports the sections the page read to an .xlsx workbook: every figure, every chart, the place and range the server’s', async () => {
    const d = await whole({ months: 3 }, county);
    const x = ok(await t.call<{ filename: string; base64: string }>('alerts', 'exportDashboard', { months: 3 }, county));
    const name = sql.one(COLLECTIONS.orgUnits.name, j('name'), 'WHERE _id = ?', d.unit.id);
    expect(x.filename).toBe(`${name}驾驶舱（${d.months[0]} 至 ${d.months[d.months.length - 1]}）.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(x.base64, 'base64'));
    const sheet = book.getWorksheet('主要指标')!;
    expect(sheet.getRow(1).getCell(1).value).toBe(`${name}驾驶舱`);
    expect(String(sheet.getRow(1).getCell(3).value)).toMatch(/^数据截至\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
    const rows: [string, string, number | null, string][] = [];
    sheet.eachRow((row, i) => {
      if (i > 2) rows.push([String(row.getCell(1).value), String(row.getCell(2).value), (row.getCell(3).value as number | null) ?? null, String(row.getCell(4).value ?? '')]);
    });
    expect(rows).toEqual(d.sections.flatMap((s) => s.headline.map((h) => [s.title, h.label, h.value, h.unit] as [string, string, number | null, string])));
    // Each chart's series on its own sheet, point by point.
    const charted = d.sections.filter((s) => s.chart);
    expect(book.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['主要指标', '三污治理', '志愿服务', '议事协商']));
    expect(book.worksheets).toHaveLength(1 + charted.length);
    for (const [i, s] of charted.entries()) {
      const series = book.worksheets[i + 1]!;
      expect(series.getRow(1).getCell(1).value).toBe(s.chart!.label);
      const points: { x: string; y: number }[] = [];
      series.eachRow((row, r) => {
        if (r > 1) points.push({ x: String(row.getCell(1).value), y: row.getCell(2).value as number });
      });
      expect(points).toEqual(s.chart!.points);
    }
  });

  it('exports only what the server computed: a section not read for this place and range, or read too long ago, refuses the export; so does a place outside the caller’s jurisdiction', async () => {
    const d = await whole({ unitId: 't-chengguan', months: 3 }, town);
    ok(await t.call('alerts', 'exportDashboard', { unitId: 't-chengguan', months: 3 }, town));
    // Another range was never read (plain SQL says so): nothing to export for it.
    expect(sql.one(COLLECTIONS.dashboardReads.name, 'count(*)', 'WHERE _id LIKE ?', 't-chengguan/1/%')).toBe(0);
    const unread = await t.call('alerts', 'exportDashboard', { unitId: 't-chengguan', months: 1 }, town);
    expect(unread.body).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '驾驶舱的数据已经更新，请刷新页面后再导出' } });
    // Half an hour on, the reads are stale; reading one section again is not enough.
    clock.advance(31 * 60 * 1000);
    try {
      ok(await t.call('alerts', 'dashboard', { unitId: 't-chengguan', months: 3, section: 'cases' }, town));
      expect(code(await t.call('alerts', 'exportDashboard', { unitId: 't-chengguan', months: 3 }, town))).toBe('CONFLICT');
    } finally {
      clock.advance(-31 * 60 * 1000);
    }
    const otherTown = (await whole({}, county)).children.find((x) => x.id !== 't-chengguan')!.id;
    expect(code(await t.call('alerts', 'exportDashboard', { unitId: otherTown, months: 3 }, town))).toBe('FORBIDDEN');
    expect(code(await t.call('alerts', 'exportDashboard', { months: 3 }, resident))).toBe('FORBIDDEN');
    // The page cannot send figures of its own.
    expect(code(await t.call('alerts', 'exportDashboard', { unitId: 't-chengguan', months: 3, sections: d.sections }, town))).toBe('INVALID_INPUT');
  });
});

describe('痛点难点', () => {
  it('counts what residents raised this month and last by category, against the records themselves', async () => {
    const caseTpl = ((await t.runtime.db.collection('cases').where({ villageId: 'v-fengfang' }).limit(1).get()).data as Record<string, unknown>[])[0]!;
    const now = clock.nowIso();
    await t.runtime.db.collection('cases').add([1, 2, 3].map((i) => ({ ...caseTpl, _id: `cs-hot-${i}`, type: 'land-rights', typeLabel: '土地权属', month: chinaMonth(now), createdAt: now })));
    const out = ok(await t.call('alerts', 'hotIssues', {}, town));
    const cases = (await t.runtime.db.collection('cases').where({ townId: 't-chengguan' }).limit(1000).get()).data as { type: string; month: string }[];
    const land = out.items.find((i: { source: string; category: string }) => i.source === 'cases' && i.category === 'land-rights');
    expect(land.thisMonth).toBe(cases.filter((c) => c.type === 'land-rights' && c.month === out.thisMonth).length);
    expect(land.lastMonth).toBe(cases.filter((c) => c.type === 'land-rights' && c.month === out.lastMonth).length);
    expect(land.topPlaceName).toBe('冯坊村');
    const villages = ((await t.runtime.db.collection('orgUnits').where({ parentId: 't-chengguan' }).get()).data as { _id: string }[]).map((v) => v._id);
    const wishes = (await t.runtime.db.collection('wishes').limit(1000).get()).data as { villageId: string; createdAt: string }[];
    const thisStart = new Date(Date.parse(`${out.thisMonth}-01T00:00:00+08:00`)).toISOString();
    const wishesThis = wishes.filter((w) => villages.includes(w.villageId) && w.createdAt >= thisStart).length;
    const wishRows = out.items.filter((i: { source: string }) => i.source === 'wishes');
    expect(wishRows.reduce((s: number, r: { thisMonth: number }) => s + r.thisMonth, 0)).toBe(wishesThis);
    expect(code(await t.call('alerts', 'hotIssues', {}, resident))).toBe('FORBIDDEN');
  });
});
