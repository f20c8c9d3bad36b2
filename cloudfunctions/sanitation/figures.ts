import type { Db } from '@cloudbase/database';
import { lastMonths } from '../../shared/domain/china-time';
import { holdsRoleOver } from '../../shared/domain/jurisdiction';
import { SEWAGE_KINDS } from '../../shared/domain/sanitation-facility';
import type { OrgUnitRecord } from '../../shared/domain/records';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { readAll } from '../_lib/db';
import { forbidden } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { isVillageUnit, loadUnit } from './store';
import type { In, Out } from './types';

type Row = Out<'figures'>['total'];

/** Groups back from one aggregation at most: villages of a county (Qianyang ~100) × months. */
const GROUP_CAP = 10_000;
/** A sewage-control check counts for this many months (the month it was made and the one before). */
export const SEWAGE_CHECK_MONTHS = 2;

const READERS = ['village-cadre', 'town-cadre', 'county-admin', 'supervisor'] as const;

/** The unit a person reads figures of by default: their widest. */
function defaultUnit(ctx: MemberContext): string | null {
  const order = ['county-admin', 'town-cadre', 'village-cadre', 'supervisor'];
  const grants = ctx.caller.roles.filter((r) => (READERS as readonly string[]).includes(r.role)).sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role));
  return grants[0]?.unitId ?? null;
}

type Group = { _id: unknown } & Record<string, number>;

async function grouped(db: Db, collection: string, match: object, by: unknown, sums: Record<string, unknown>): Promise<Group[]> {
  const res = await db.collection(collection).aggregate().match(match).group({ _id: by, ...sums }).limit(GROUP_CAP).end();
  return res.data as Group[];
}

/**
 * The figures of docs/sanitation-figures.md, from the ledger, aggregated on the server: a handful of
 * grouped queries per call whatever the county's size (no rows come back, only one group per village).
 */
export async function figures(input: In<'figures'>, ctx: MemberContext): Promise<Out<'figures'>> {
  const { db, caller } = ctx;
  const unitId = input.unitId ?? defaultUnit(ctx);
  if (!unitId) throw forbidden('只有干部和监督人员可以查看三污治理统计');
  const unit = await loadUnit(db, unitId, '找不到这个单位');
  if (!holdsRoleOver(caller.roles, READERS, unit.path)) throw forbidden('只能查看本辖区的统计');
  const $ = db.command.aggregate;
  const _ = db.command;
  const count = $.sum(1);
  const when = (cond: unknown) => $.sum($.cond({ if: cond, then: 1, else: 0 }));

  // The villages under the unit, and the rows they roll up to (towns under a county, villages under a town).
  const villages = isVillageUnit(unit) ? [unit] : (await readAll<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, { path: unit._id }, ['kind', 'name', 'path', 'parentId'])).filter(isVillageUnit);
  const rowUnits: OrgUnitRecord[] =
    unit.kind === 'county' ? await readAll<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, { parentId: unit._id }, ['kind', 'name', 'path']) : isVillageUnit(unit) ? [unit] : villages;
  const rowOf = (path: readonly string[]): string | null => rowUnits.find((r) => path.includes(r._id))?._id ?? null;
  const villagePath = new Map(villages.map((v) => [v._id, v.path]));

  const months = lastMonths(clock.now(), input.months);
  const sewageMonths = lastMonths(clock.now(), SEWAGE_CHECK_MONTHS);
  const [households, homes, facilities, treated, checks, orders] = await Promise.all([
    grouped(db, COLLECTIONS.households.name, { path: unit._id }, '$unitId', { n: count }),
    grouped(db, COLLECTIONS.sanitationHouseholds.name, { path: unit._id }, '$villageId', { sanitary: when('$sanitaryToilet'), bins: when('$hasBins') }),
    grouped(db, COLLECTIONS.sanitationFacilities.name, { path: unit._id, status: 'in-service' }, '$unitId', { n: count }),
    grouped(db, COLLECTIONS.sanitationFacilities.name, { path: unit._id, status: 'in-service', kind: _.in([...SEWAGE_KINDS]) }, '$villageId', { n: count }),
    grouped(db, COLLECTIONS.sewageChecks.name, { path: unit._id, month: _.in(sewageMonths) }, '$villageId', { n: count, ok: when('$controlled') }),
    grouped(db, COLLECTIONS.sanitationOrders.name, { path: unit._id, month: _.in(months) }, { villageId: '$villageId', month: '$month' }, {
      opened: count,
      fixedOnTime: when({ $eq: ['$fixedOnTime', true] }),
      reopened: when({ $gt: ['$reopenCount', 0] }),
    }),
  ]);

  const empty = (id: string, name: string): Row => ({
    unitId: id,
    name,
    households: 0,
    sanitaryToilets: 0,
    withBins: 0,
    villages: 0,
    sewageTreated: 0,
    sewageControlled: 0,
    facilitiesInService: 0,
    ordersOpened: 0,
    ordersFixedOnTime: 0,
    ordersReopened: 0,
  });
  const rows = new Map(rowUnits.map((r) => [r._id, empty(r._id, r.name)]));
  const total = empty(unit._id, unit.name);
  const add = (path: readonly string[] | undefined, key: keyof Row, n: number) => {
    if (!path || !n) return;
    (total[key] as number) += n;
    const r = rowOf(path);
    if (r) (rows.get(r)![key] as number) += n;
  };
  const unitPath = new Map<string, string[]>([...villages.map((v) => [v._id, v.path] as [string, string[]]), ...rowUnits.map((r) => [r._id, r.path] as [string, string[]]), [unit._id, unit.path]]);

  for (const v of villages) add(v.path, 'villages', 1);
  for (const g of households) add(villagePath.get(String(g._id)), 'households', g.n!);
  for (const g of homes) {
    add(villagePath.get(String(g._id)), 'sanitaryToilets', g.sanitary!);
    add(villagePath.get(String(g._id)), 'withBins', g.bins!);
  }
  // Facilities of a town or the county itself count in the total (and their town's row), not in a village.
  for (const g of facilities) add(unitPath.get(String(g._id)), 'facilitiesInService', g.n!);
  const treatedVillages = new Set(treated.filter((g) => g.n! > 0).map((g) => String(g._id)));
  for (const id of treatedVillages) add(villagePath.get(id), 'sewageTreated', 1);
  for (const g of checks) {
    const id = String(g._id);
    if (!treatedVillages.has(id) && g.n! > 0 && g.ok === g.n) add(villagePath.get(id), 'sewageControlled', 1);
  }
  const byMonth = new Map(months.map((m) => [m, { month: m, opened: 0, fixedOnTime: 0, reopened: 0 }]));
  for (const g of orders) {
    const key = g._id as unknown as { villageId: string; month: string };
    const path = villagePath.get(key.villageId);
    add(path, 'ordersOpened', g.opened!);
    add(path, 'ordersFixedOnTime', g.fixedOnTime!);
    add(path, 'ordersReopened', g.reopened!);
    const m = byMonth.get(key.month);
    if (m && path) {
      m.opened += g.opened!;
      m.fixedOnTime += g.fixedOnTime!;
      m.reopened += g.reopened!;
    }
  }
  return { unitName: unit.name, total, rows: [...rows.values()], months: [...byMonth.values()] };
}
