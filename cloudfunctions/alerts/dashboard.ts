import ExcelJS from 'exceljs';
import { lastMonths } from '../../shared/domain/china-time';
import { holdsRoleOver } from '../../shared/domain/jurisdiction';
import type { OrgUnitRecord } from '../../shared/domain/records';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { findById, readAll } from '../_lib/db';
import { forbidden, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
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

export async function dashboard(input: In<'dashboard'>, ctx: MemberContext): Promise<Out<'dashboard'>> {
  const { db, caller } = ctx;
  const unitId = input.unitId ?? topUnitOf(ctx);
  const unit = await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, unitId);
  if (!unit || unit.kind === 'grid') throw notFound('找不到这个地方');
  if (!holdsRoleOver(caller.roles, LEADER_ROLES, unit.path)) throw forbidden('只能查看本辖区的驾驶舱');
  // A county holds 7 towns and 80 villages: the places under a unit are bounded by the county.
  const under = isVillage(unit)
    ? [unit]
    : await readAll<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, { path: unit._id, kind: db.command.in(['town', 'village', 'community']) }, ['name', 'kind', 'parentId', 'path', 'retiredAt']);
  const live = under.filter((u) => !u.retiredAt);
  const villages = live.filter(isVillage);
  const children = live.filter((u) => u.parentId === unit._id && u._id !== unit._id).sort((a, b) => a.name.localeCompare(b.name, 'zh'));
  const parentId = unit.parentId;
  const parent = parentId && holdsRoleOver(caller.roles, LEADER_ROLES, unit.path.slice(0, -1)) ? await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, parentId) : null;
  const months = lastMonths(clock.nowIso(), input.months);
  const sections = [];
  // One section when asked (the page reads them one call each), every section for the export.
  for (const s of DASHBOARD_SECTIONS.filter((x) => !input.section || x.id === input.section)) sections.push({ id: s.id, title: s.title, ...(await s.figures({ ctx, unit, villages, months })) });
  return {
    unit: { id: unit._id, name: unit.name, kind: unit.kind },
    parent: parent ? { id: parent._id, name: parent.name } : null,
    children: children.map((c) => ({ id: c._id, name: c.name, kind: c.kind })),
    months,
    sections,
  };
}

/** The dashboard as a workbook: one sheet of headline figures, one sheet per chart's series. */
export async function exportDashboard(input: In<'exportDashboard'>, ctx: MemberContext): Promise<Out<'exportDashboard'>> {
  const d = await dashboard(input, ctx);
  const book = new ExcelJS.Workbook();
  book.creator = '千阳智治';
  const range = `${d.months[0]} 至 ${d.months[d.months.length - 1]}`;
  const main = book.addWorksheet('主要指标');
  main.addRow([`${d.unit.name}驾驶舱`, range]);
  main.addRow(['板块', '指标', '数值', '单位']);
  for (const s of d.sections) for (const h of s.headline) main.addRow([s.title, h.label, h.value, h.unit]);
  main.columns.forEach((c, i) => (c.width = [24, 20, 12, 10][i] ?? 12));
  for (const s of d.sections) {
    if (!s.chart) continue;
    const sheet = book.addWorksheet(s.title.replace(/[\\/?*[\]:“”]/g, '').slice(0, 28));
    sheet.addRow([s.chart.label]);
    for (const p of s.chart.points) sheet.addRow([p.x, p.y]);
  }
  const buf = await book.xlsx.writeBuffer();
  return { filename: `${d.unit.name}驾驶舱（${range}）.xlsx`, base64: Buffer.from(buf as ArrayBuffer).toString('base64') };
}
