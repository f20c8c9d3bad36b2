import type { AlertEscalationRecord, AlertGridRecord } from '../../shared/domain/alert-records';
import { canReadCareRegister } from '../../shared/domain/care';
import { holdsRoleOver } from '../../shared/domain/jurisdiction';
import { maskPhone } from '../../shared/domain/masking';
import type { OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import { careRecipientsOfGrids } from '../_lib/care';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { findById, readAll } from '../_lib/db';
import { forbidden, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { areaGrids, gridRowId, gridRows, householdsPerGrid, loadAlert, relationTo, rolePaths, unitNames } from './store';
import { alertView } from './views';
import type { In, Out } from './types';

type Row = Out<'status'>['grids'][number];

/** The roles that read a grid's row of the status list: the cadres over the grid. */
const STATUS_ROLES = ['village-cadre', 'town-cadre', 'county-admin'] as const;

/** The status rows of some grids: acknowledged or not, households, care people reached, escalation level. */
async function rowsFor(ctx: MemberContext, alertId: string, grids: readonly OrgUnitRecord[]): Promise<Row[]> {
  const { db } = ctx;
  const villages = [...new Set(grids.map((g) => g.parentId!))];
  const [names, households, care, acks, escalations] = await Promise.all([
    unitNames(db, villages),
    householdsPerGrid(db, villages),
    careRecipientsOfGrids(db, grids.map((g) => g._id)),
    gridRows(db, alertId),
    readAll<AlertEscalationRecord>(db, COLLECTIONS.alertEscalations.name, { alertId }),
  ]);
  const ackOf = new Map(acks.map((r) => [r.gridId, r]));
  const careOf = new Map<string, string[]>();
  for (const c of care) careOf.set(c.gridId, [...(careOf.get(c.gridId) ?? []), c._id]);
  const level = new Map<string, number>();
  for (const e of escalations) for (const g of e.gridIds) level.set(g, Math.max(level.get(g) ?? 0, e.level));
  return grids.map((g) => {
    const row: AlertGridRecord | undefined = ackOf.get(g._id);
    const ids = careOf.get(g._id) ?? [];
    const reached = new Set(row?.careReachedIds ?? []);
    const n = households.get(g._id) ?? 0;
    return {
      gridId: g._id,
      gridName: g.name,
      villageId: g.parentId!,
      villageName: names.get(g.parentId!) ?? '',
      acked: Boolean(row),
      firstAckAt: row?.firstAckAt ?? null,
      households: n,
      householdsReached: Math.min(n, row?.householdsReached ?? 0),
      careTotal: ids.length,
      careReached: ids.filter((id) => reached.has(id)).length,
      escalated: level.get(g._id) ?? 0,
    };
  });
}

/** Which of the area's grids the caller reads in the status list: those under their village, town or county role. */
function visibleGrids(caller: UserRecord, grids: readonly OrgUnitRecord[]): OrgUnitRecord[] {
  return grids.filter((g) => holdsRoleOver(caller.roles, STATUS_ROLES, g.path));
}

/** The issuer's live list: every grid of the area the caller oversees, not acknowledged first. */
export async function alertStatus(input: In<'status'>, ctx: MemberContext): Promise<Out<'status'>> {
  const { db, caller } = ctx;
  const a = await loadAlert(db, input.alertId);
  const rel = relationTo(caller, a, a.areaPaths, await rolePaths(db, caller));
  if (!rel.status) throw forbidden('只有预警范围内的镇村干部可以查看通知到户情况');
  const grids = visibleGrids(caller, await areaGrids(db, a.areaUnitIds));
  const rows = (await rowsFor(ctx, a._id, grids)).sort((x, y) => Number(x.acked) - Number(y.acked) || x.villageName.localeCompare(y.villageName) || x.gridName.localeCompare(y.gridName));
  const sum = (f: (r: Row) => number) => rows.reduce((s, r) => s + f(r), 0);
  return {
    alert: alertView(a, rel, clock.nowIso()),
    totals: {
      grids: rows.length,
      acked: rows.filter((r) => r.acked).length,
      households: sum((r) => r.households),
      householdsReached: sum((r) => r.householdsReached),
      careTotal: sum((r) => r.careTotal),
      careReached: sum((r) => r.careReached),
    },
    grids: rows,
  };
}

/** One grid's care-register people not yet reached: only for those who read the grid's care register. */
export async function gridStatus(input: In<'gridStatus'>, ctx: MemberContext): Promise<Out<'gridStatus'>> {
  const { db, caller } = ctx;
  const a = await loadAlert(db, input.alertId);
  const grid = await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, input.gridId);
  if (!grid || grid.kind !== 'grid' || !grid.path.some((p) => a.areaUnitIds.includes(p))) throw notFound('这个网格不在预警范围内');
  if (!canReadCareRegister(caller.roles, grid.path)) throw forbidden('只有本网格和所在村、镇的干部可以查看关爱对象');
  const [row] = await rowsFor(ctx, a._id, [grid]);
  const [care, ack] = await Promise.all([careRecipientsOfGrids(db, [grid._id]), findById<AlertGridRecord>(db, COLLECTIONS.alertGrids.name, gridRowId(a._id, grid._id))]);
  const reached = new Set(ack?.careReachedIds ?? []);
  return {
    grid: row!,
    notReached: care
      .filter((c) => !reached.has(c._id))
      .map((c) => ({ id: c._id, name: c.name, kinds: c.kinds, address: c.address, reached: false, phoneMasked: maskPhone(c.phone), contactName: c.contactName })),
  };
}
