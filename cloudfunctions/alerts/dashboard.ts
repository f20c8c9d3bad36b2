import ExcelJS from 'exceljs';
import { lastMonths } from '../../shared/domain/china-time';
import { beijingTime } from '../../shared/domain/subscribe';
import { holdsRoleOver } from '../../shared/domain/jurisdiction';
import type { DashboardReadRecord } from '../../shared/domain/alert-records';
import type { OrgUnitRecord } from '../../shared/domain/records';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { findById, readAll, readByIds } from '../_lib/db';
import { conflict, forbidden, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { DASHBOARD_SECTION_IDS, type DashboardSectionId } from '../../shared/contracts/alerts';
import { DASHBOARD_SECTIONS } from './dashboard-sections';
import type { In, Out } from './types';

/** County and town leaders read the dashboard, each over their own places. */
const LEADER_ROLES = ['county-admin', 'town-cadre'] as const;

function topUnitOf(ctx: MemberContext): string {
  const grant = ctx.caller.roles.find((r) => r.role === 'county-admin') ?? ctx.caller.roles.find((r) => r.role === 'town-cadre');
  if (!grant) throw forbidden('驾驶舱供县、镇（街道）领导查看');
  return grant.unitId;
}

const isVillage = (u: OrgUnitRecord) => u.kind === 'village' || u.kind === 'community';

/** The caller may read the dashboard of the unit (a town, village or the county), or is refused. */
function mayRead(ctx: MemberContext, unit: OrgUnitRecord | undefined | null): OrgUnitRecord {
  if (!unit || unit.kind === 'grid') throw notFound('找不到这个地方');
  if (!holdsRoleOver(ctx.caller.roles, LEADER_ROLES, unit.path)) throw forbidden('只能查看本辖区的驾驶舱');
  return unit;
}

/** One section of the dashboard (the page reads them one call each, so each stays a cadre's small read). */
export async function dashboard(input: In<'dashboard'>, ctx: MemberContext): Promise<Out<'dashboard'>> {
  const { db, caller } = ctx;
  const unitId = input.unitId ?? topUnitOf(ctx);
  // The place and the places under it in one query (a unit's path holds the unit itself): a county holds
  // 7 towns and 80 villages, so the places under a unit are bounded by the county.
  const under = await readAll<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, { path: unitId, kind: db.command.in(['county', 'town', 'village', 'community']) }, ['name', 'kind', 'parentId', 'path', 'retiredAt']);
  const unit = mayRead(ctx, under.find((u) => u._id === unitId));
  const live = under.filter((u) => !u.retiredAt);
  const villages = live.filter(isVillage);
  const children = live.filter((u) => u.parentId === unit._id && u._id !== unit._id).sort((a, b) => a.name.localeCompare(b.name, 'zh'));
  const parentId = unit.parentId;
  const parent = parentId && holdsRoleOver(caller.roles, LEADER_ROLES, unit.path.slice(0, -1)) ? await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, parentId) : null;
  const months = lastMonths(clock.nowIso(), input.months);
  const section = sectionOf(input.section);
  const figures = await section.figures({ ctx, unit, villages, months });
  // What the export will hold: the section as computed now, for this place and range (one write).
  const read: DashboardReadRecord = { _id: readIdOf(unit._id, input.months, section.id), unitId: unit._id, months, section: section.id, title: section.title, ...figures, at: clock.nowIso() };
  const { _id, ...fields } = read;
  await db.collection(COLLECTIONS.dashboardReads.name).doc(_id).set(fields);
  return {
    unit: { id: unit._id, name: unit.name, kind: unit.kind },
    parent: parent ? { id: parent._id, name: parent.name } : null,
    children: children.map((c) => ({ id: c._id, name: c.name, kind: c.kind })),
    months,
    sections: [{ id: section.id, title: section.title, ...figures }],
  };
}

const readIdOf = (unitId: string, range: number, section: DashboardSectionId) => `${unitId}/${range}/${section}`;

/** How old a section read may be for the export: the page reads every section just before it exports. */
const READ_FRESH_MS = 30 * 60 * 1000;

const sectionOf = (id: DashboardSectionId) => DASHBOARD_SECTIONS.find((s) => s.id === id)!;

/**
 * The dashboard as a workbook: one sheet of headline figures, one sheet per chart's series. Built from
 * the sections as the server computed them when the page read them (`dashboardReads`, one read for all
 * nine), so the file holds the figures the leader saw, from the server alone, and costs the caller, the
 * place and that read, not nine modules' figures again. Every section must have been read for this
 * place and range within the last half hour (the page reads them all just before it exports).
 */
export async function exportDashboard(input: In<'exportDashboard'>, ctx: MemberContext): Promise<Out<'exportDashboard'>> {
  const { db } = ctx;
  const unit = mayRead(ctx, await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, input.unitId ?? topUnitOf(ctx)));
  const months = lastMonths(clock.nowIso(), input.months);
  const ids = DASHBOARD_SECTION_IDS.map((id) => readIdOf(unit._id, input.months, id));
  const reads = new Map((await readByIds<DashboardReadRecord>(db, COLLECTIONS.dashboardReads.name, ids)).map((r) => [r._id, r]));
  const oldest = clock.now().getTime() - READ_FRESH_MS;
  const sections = ids.map((id) => reads.get(id)).filter((r): r is DashboardReadRecord => !!r && Date.parse(r.at) >= oldest && r.months.join() === months.join());
  if (sections.length < ids.length) throw conflict('驾驶舱的数据已经更新，请刷新页面后再导出');
  const asOf = sections.map((s) => s.at).sort()[0]!;
  const book = new ExcelJS.Workbook();
  book.creator = '千阳智治';
  const range = `${months[0]} 至 ${months[months.length - 1]}`;
  const main = book.addWorksheet('主要指标');
  main.addRow([`${unit.name}驾驶舱`, range, `数据截至${beijingTime(asOf)}`]);
  main.addRow(['板块', '指标', '数值', '单位']);
  for (const s of sections) for (const h of s.headline) main.addRow([s.title, h.label, h.value, h.unit]);
  main.columns.forEach((c, i) => (c.width = [24, 20, 12, 10][i] ?? 12));
  for (const s of sections) {
    if (!s.chart) continue;
    const sheet = book.addWorksheet(s.title.replace(/[\\/?*[\]:“”]/g, '').slice(0, 28));
    sheet.addRow([s.chart.label]);
    for (const p of s.chart.points) sheet.addRow([p.x, p.y]);
  }
  const buf = await book.xlsx.writeBuffer();
  return { filename: `${unit.name}驾驶舱（${range}）.xlsx`, base64: Buffer.from(buf as ArrayBuffer).toString('base64') };
}
