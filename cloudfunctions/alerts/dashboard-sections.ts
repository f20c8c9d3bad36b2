import type { OrgUnitRecord } from '../../shared/domain/records';
import type { PowerItemRecord } from '../../shared/domain/power-records';
import { previousMonth, startOfChinaDay } from '../../shared/domain/china-time';
import { caseFigures } from '../cases/figures';
import { councilFigures } from '../councils/figures';
import { figures as sanitationFigures } from '../sanitation/figures';
import { volunteerFigures } from '../volunteers/figures';
import { servedByMonth } from '../police/workbench';
import { talkCounts } from '../powers/talks';
import { statsByCode } from '../powers/store';
import { COLLECTIONS } from '../_lib/collections';
import { count, readAll } from '../_lib/db';
import type { MemberContext } from '../_lib/handler';
import { clock } from '../_lib/clock';
import type { DashboardSectionId } from '../../shared/contracts/alerts';
import type { Out } from './types';

export type SectionFigures = Omit<Out<'dashboard'>['sections'][number], 'id' | 'title'>;

export interface DashboardContext {
  ctx: MemberContext;
  unit: OrgUnitRecord;
  /** The villages and communities under the unit (the unit itself for a village). */
  villages: OrgUnitRecord[];
  /** The months of the range, oldest first (`YYYY-MM`). */
  months: string[];
}

export interface DashboardSection {
  id: DashboardSectionId;
  title: string;
  figures(d: DashboardContext): Promise<SectionFigures>;
}

const pct = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);
const yuan = (fen: number) => Math.round(fen) / 100;
/** A share in percent to one decimal, null when there is nothing to share (no households, no villages). */
const share = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 1000) / 10 : null);

/** The unit as the modules scope their records: a county, town or village field. */
function scopeField(unit: OrgUnitRecord): { countyId: string } | { townId: string } | { villageId: string } {
  if (unit.kind === 'county') return { countyId: unit._id };
  if (unit.kind === 'town') return { townId: unit._id };
  return { villageId: unit._id };
}

/**
 * The dashboard's sections, one entry each, in page order. Each reads the module's own figures (the
 * same action the module's page calls, with the caller's own rights), so the dashboard never disagrees
 * with a module.
 */
export const DASHBOARD_SECTIONS: readonly DashboardSection[] = [
  {
    id: 'cases',
    title: '矛盾纠纷（六类四单）',
    async figures({ ctx, unit, months }) {
      const f = await caseFigures({ unitId: unit._id, months: months.length }, ctx);
      return {
        headline: [
          { label: '受理纠纷', value: f.total, unit: '件' },
          { label: '六类纠纷占比', value: pct(f.commonShare), unit: '%' },
          { label: '小事不出村', value: pct(f.villageRate), unit: '%' },
          { label: '在办', value: f.openNow, unit: '件' },
          { label: '超期', value: f.overdueNow, unit: '件' },
        ],
        chart: { kind: 'bar', label: '每月受理纠纷（件）', points: f.months.map((m, i) => ({ x: m, y: (f.byTypeMonth[i] ?? []).reduce((s, n) => s + n, 0) })) },
      };
    },
  },
  {
    id: 'powers',
    title: '小微权力事项',
    async figures({ ctx, unit, villages, months }) {
      // One aggregate for the county or for every village of a town (never one per village).
      const byCode = await statsByCode(ctx.db, unit.kind === 'county' ? { countyId: unit._id } : { villageId: villages.map((v) => v._id) });
      const rows = [...byCode.entries()];
      // The chart names items by title, never by code (the county's published list).
      const items = await readAll<PowerItemRecord>(ctx.db, COLLECTIONS.powerItems.name, { unitId: unit.path[0]!, status: 'active' }, ['code', 'title', 'unitId', 'status']);
      const title = new Map(items.map((i) => [i.code, i.title]));
      const sum = (f: (r: { done: number; inProgress: number; doneDays: number; refused: number }) => number) => rows.reduce((s, [, r]) => s + f(r), 0);
      const done = sum((r) => r.done);
      // 按时办结: matters of the range closed as done with no step past its time limit.
      const since = startOfChinaDay(`${months[0]}-01`).toISOString();
      // Counted on the server (index villageId + createdAt): done matters of the range, and those with a step past its time limit.
      const $ = ctx.db.command.aggregate;
      const _ = ctx.db.command;
      const res = await ctx.db
        .collection(COLLECTIONS.matters.name)
        .aggregate()
        .match({ villageId: _.in(villages.map((v) => v._id)), createdAt: _.gte(since), status: 'done' })
        .group({ _id: { $anyElementTrue: ['$steps.overdue'] }, n: $.sum(1) })
        .limit(2)
        .end();
      const tally = new Map((res.data as { _id: boolean | null; n: number }[]).map((r) => [Boolean(r._id), r.n]));
      const doneInRange = (tally.get(false) ?? 0) + (tally.get(true) ?? 0);
      const onTime = tally.get(false) ?? 0;
      return {
        headline: [
          { label: '已办结', value: done, unit: '件' },
          { label: '本期按时办结率', value: doneInRange ? Math.round((onTime / doneInRange) * 1000) / 10 : null, unit: '%' },
          { label: '办理中', value: sum((r) => r.inProgress), unit: '件' },
          { label: '不予办理', value: sum((r) => r.refused), unit: '件' },
          { label: '平均用时', value: done ? Math.round((sum((r) => r.doneDays) / done) * 10) / 10 : null, unit: '个工作日' },
        ],
        chart: { kind: 'bar', label: '各事项办结（件）', points: rows.sort((a, b) => b[1].done - a[1].done).slice(0, 8).map(([code, r]) => ({ x: title.get(code) ?? '其他事项', y: r.done })) },
      };
    },
  },
  {
    id: 'talks',
    title: '“三提醒”谈话',
    async figures({ ctx, unit }) {
      if (unit.kind !== 'county' && unit.kind !== 'town') return { headline: [{ label: '按镇统计，村里不单列', value: null, unit: '' }], chart: null };
      const t = await talkCounts({}, ctx);
      const row = unit.kind === 'town' ? t.byTown.find((x) => x.townId === unit._id) : null;
      const tally = unit.kind === 'county' ? t.total : (row ?? { cadres: 0, before: 0, during: 0, after: 0 });
      return {
        headline: [
          { label: '提醒干部', value: tally.cadres, unit: '人' },
          { label: '事前提醒', value: tally.before, unit: '次' },
          { label: '事中提醒', value: tally.during, unit: '次' },
          { label: '事后提醒', value: tally.after, unit: '次' },
        ],
        chart: unit.kind === 'county' ? { kind: 'bar', label: '各镇提醒干部（人）', points: t.byTown.map((x) => ({ x: x.name, y: x.cadres })) } : null,
      };
    },
  },
  {
    id: 'points',
    title: '积分制',
    async figures({ ctx, villages, months }) {
      const { db } = ctx;
      const _ = db.command;
      const $ = _.aggregate;
      const ids = villages.map((v) => v._id);
      const years = [...new Set(months.map((m) => Number(m.slice(0, 4))))];
      const [ledger, dividends] = await Promise.all([
        db.collection(COLLECTIONS.pointsLedger.name).aggregate().match({ villageId: _.in(ids), year: _.in(years) }).group({ _id: '$month', n: $.sum('$delta') }).limit(1000).end(),
        db.collection(COLLECTIONS.pointsDividends.name).aggregate().match({ villageId: _.in(ids), year: _.in(years) }).group({ _id: null, fen: $.sum('$split.dividends'), villages: $.sum(1) }).limit(10).end(),
      ]);
      const perMonth = new Map((ledger.data as { _id: string; n: number }[]).map((r) => [r._id, r.n]));
      const d = (dividends.data as { fen: number; villages: number }[])[0] ?? { fen: 0, villages: 0 };
      return {
        headline: [
          { label: '评定积分', value: months.reduce((s, m) => s + (perMonth.get(m) ?? 0), 0), unit: '分' },
          { label: '分红金额', value: yuan(d.fen), unit: '元' },
          { label: '已分红的村', value: d.villages, unit: '个' },
        ],
        chart: { kind: 'line', label: '每月评定积分（分）', points: months.map((m) => ({ x: m, y: perMonth.get(m) ?? 0 })) },
      };
    },
  },
  {
    id: 'police',
    title: '警民之家服务',
    async figures({ ctx, unit, months }) {
      const served = await servedByMonth(ctx.db, unit._id, months);
      const per = months.map((month) => ({ month, ...served.get(month)! }));
      const total = per.reduce((s, p) => s + p.total, 0);
      const sumMode = (m: keyof (typeof per)[number]['perMode']) => per.reduce((s, p) => s + p.perMode[m], 0);
      return {
        headline: [
          { label: '服务人次', value: total, unit: '人次' },
          { label: '预约办理', value: sumMode('appointment'), unit: '人次' },
          { label: '上门服务', value: sumMode('homeVisit'), unit: '人次' },
          { label: '现场取号', value: sumMode('walkIn'), unit: '人次' },
        ],
        chart: { kind: 'bar', label: '每月服务人次', points: per.map((p) => ({ x: p.month, y: p.total })) },
      };
    },
  },
  {
    id: 'sanitation',
    title: '三污治理',
    async figures({ ctx, unit, months }) {
      const f = await sanitationFigures({ unitId: unit._id, months: months.length }, ctx);
      const t = f.total;
      return {
        headline: [
          { label: '卫生厕所普及率', value: share(t.sanitaryToilets, t.households), unit: '%' },
          { label: '正常运行的设施', value: t.facilitiesInService, unit: '处' },
          { label: '生活污水治理率', value: share(t.sewageTreated, t.villages), unit: '%' },
          { label: '生活污水有效管控率', value: share(t.sewageControlled, t.villages), unit: '%' },
          { label: '随手拍上报', value: t.ordersOpened, unit: '件' },
          { label: '按时修好', value: t.ordersFixedOnTime, unit: '件' },
          { label: '退回重修', value: t.ordersReopened, unit: '件' },
        ],
        chart: { kind: 'bar', label: '每月随手拍上报（件）', points: f.months.map((m) => ({ x: m.month, y: m.opened })) },
      };
    },
  },
  {
    id: 'volunteers',
    title: '志愿服务',
    async figures({ ctx, unit, months }) {
      const f = await volunteerFigures({ unitId: unit._id, months: months.length }, ctx);
      const hours = (minutes: number) => Math.round((minutes / 60) * 10) / 10;
      return {
        headline: [
          { label: '志愿服务时长', value: hours(f.total.minutes), unit: '小时' },
          { label: '开展活动', value: f.total.activities, unit: '场' },
          { label: '上门走访', value: f.total.visits, unit: '户次' },
          { label: '场地使用率', value: f.total.openHours > 0 ? f.total.percent : null, unit: '%' },
        ],
        chart: { kind: 'bar', label: '每月志愿服务时长（小时）', points: f.months.map((m) => ({ x: m.month, y: hours(m.minutes) })) },
      };
    },
  },
  {
    id: 'councils',
    title: '议事协商',
    async figures({ ctx, unit, months }) {
      const f = await councilFigures({ unitId: unit._id, months: months.length }, ctx);
      return {
        headline: [
          { label: '提出议题', value: f.topicsRaised, unit: '件' },
          { label: '列入议事', value: f.topicsOnAgenda, unit: '件' },
          { label: '形成决定', value: f.topicsDecided, unit: '件' },
          { label: '决定已落实', value: f.decisionsDone, unit: '件' },
          { label: '按期落实率', value: share(f.decisionsDoneOnTime, f.decisionsDone), unit: '%' },
        ],
        chart: { kind: 'bar', label: '议题办理进度（件）', points: [{ x: '提出议题', y: f.topicsRaised }, { x: '列入议事', y: f.topicsOnAgenda }, { x: '形成决定', y: f.topicsDecided }, { x: '决定已落实', y: f.decisionsDone }] },
      };
    },
  },
  {
    id: 'alerts',
    title: '风险预警与研判',
    async figures({ ctx, unit, months }) {
      const { db } = ctx;
      const _ = db.command;
      const $ = _.aggregate;
      const where = unit.kind === 'county' ? { countyId: unit._id } : { placeIds: unit._id };
      // Month starts as ISO times (China midnight on the 1st), the range's end after its last month.
      const starts = [...months, previousMonth(months[months.length - 1]!, -1)].map((m) => startOfChinaDay(`${m}-01`).toISOString());
      // Three requests however many alerts and signals there are: the alerts in force counted, the
      // range's alerts grouped by the month they were issued (a `$switch` over the month ends), and the signals grouped by state.
      const [inForce, issued, signals] = await Promise.all([
        count(db, COLLECTIONS.alerts.name, { ...where, status: 'active', expiresAt: _.gt(clock.nowIso()) }),
        db
          .collection(COLLECTIONS.alerts.name)
          .aggregate()
          .match({ ...where, issuedAt: _.gte(starts[0]!) })
          // The month an alert was issued in: the first month whose end is after its time (ISO times order as strings).
          .group({ _id: $.switch({ branches: months.map((m, i) => ({ case: $.lt(['$issuedAt', starts[i + 1]!]), then: m })), default: 'later' }), n: $.sum(1) })
          .limit(months.length + 1)
          .end(),
        db.collection(COLLECTIONS.signals.name).aggregate().match({ ...scopeField(unit), status: _.in(['open', 'closed']) }).group({ _id: { status: '$status', falseAlarm: $.eq(['$outcome', 'false-alarm']) }, n: $.sum(1) }).limit(4).end(),
      ]);
      const perMonth = new Map((issued.data as { _id: string; n: number }[]).map((g) => [g._id, g.n]));
      const tally = signals.data as { _id: { status: string; falseAlarm: boolean }; n: number }[];
      const signalsThat = (f: (k: { status: string; falseAlarm: boolean }) => boolean) => tally.filter((r) => f(r._id)).reduce((s, r) => s + r.n, 0);
      return {
        headline: [
          { label: '生效中的预警', value: inForce, unit: '条' },
          { label: '待处置研判信号', value: signalsThat((k) => k.status === 'open'), unit: '条' },
          { label: '已处置研判信号', value: signalsThat((k) => k.status === 'closed'), unit: '条' },
          { label: '其中误报', value: signalsThat((k) => k.status === 'closed' && k.falseAlarm), unit: '条' },
        ],
        chart: { kind: 'bar', label: '每月发布预警（条）', points: months.map((m) => ({ x: m, y: perMonth.get(m) ?? 0 })) },
      };
    },
  },
];
