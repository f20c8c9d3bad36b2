import type { Db } from '@cloudbase/database';
import { chinaMonth, previousMonth, startOfChinaDay } from '../../shared/domain/china-time';
import { hotByPlace, rankHotIssues, type HotCount, type HotSource } from '../../shared/domain/hot-issues';
import { holdsRoleOver } from '../../shared/domain/jurisdiction';
import { POWER_CATEGORY_LABELS, type PowerCategory } from '../../shared/domain/power-catalogue';
import type { OrgUnitRecord } from '../../shared/domain/records';
import { WISH_CATEGORY_LABELS, type WishCategory } from '../../shared/domain/wish-state';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { findById, readAll } from '../_lib/db';
import { forbidden, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import type { In, Out } from './types';

/** Cadres of every level read what their places raise. */
const READER_ROLES = ['village-cadre', 'town-cadre', 'county-admin'] as const;
/** Groups an aggregation answers at most (categories × villages: 12 × 80). */
const GROUP_CAP = 5000;

/** 「土地权属纠纷」, never 「合同纠纷纠纷」: some type names already end in 纠纷. */
export const disputeLabel = (typeLabel: string) => (typeLabel.endsWith('纠纷') ? typeLabel : `${typeLabel}纠纷`);

type Group = { _id: { c: string; v: string; l?: string; m?: string }; n: number };

async function grouped(db: Db, collection: string, match: object, key: Record<string, string>): Promise<Group[]> {
  const res = await db.collection(collection).aggregate().match(match).group({ _id: key, n: db.command.aggregate.sum(1) }).limit(GROUP_CAP).end();
  return res.data as Group[];
}

/** The widest unit the caller reads: county over town over village. */
function defaultUnit(ctx: MemberContext): string {
  for (const role of ['county-admin', 'town-cadre', 'village-cadre']) {
    const g = ctx.caller.roles.find((r) => r.role === role);
    if (g) return g.unitId;
  }
  throw forbidden('痛点难点供村、镇、县干部查看');
}

export async function hotIssues(input: In<'hotIssues'>, ctx: MemberContext): Promise<Out<'hotIssues'>> {
  const { db, caller } = ctx;
  const unit = await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, input.unitId ?? defaultUnit(ctx));
  if (!unit || unit.kind === 'grid') throw notFound('找不到这个地方');
  if (!holdsRoleOver(caller.roles, READER_ROLES, unit.path)) throw forbidden('只能查看本辖区的痛点难点');
  const isVillage = unit.kind === 'village' || unit.kind === 'community';
  const villages = isVillage
    ? [unit]
    : await readAll<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, { path: unit._id, kind: db.command.in(['village', 'community']) }, ['name', 'kind', 'path', 'parentId']);
  const ids = villages.map((v) => v._id);
  // The viewed unit's child a village belongs to: a county sees towns, a town its villages.
  const depth = unit.path.length;
  const placeOf = new Map(villages.map((v) => [v._id, v.path[Math.min(depth, v.path.length - 1)]!]));
  const now = clock.nowIso();
  const thisMonth = chinaMonth(now);
  const lastMonth = previousMonth(thisMonth);
  const lastStart = startOfChinaDay(`${lastMonth}-01`).toISOString();
  const thisStart = startOfChinaDay(`${thisMonth}-01`).toISOString();
  const _ = db.command;
  const inVillages = { villageId: _.in(ids) };
  const caseScope = unit.kind === 'county' ? { countyId: unit._id } : unit.kind === 'town' ? { townId: unit._id } : { villageId: unit._id };
  const [wLast, wThis, cases, mLast, mThis] = await Promise.all([
    grouped(db, COLLECTIONS.wishes.name, { ...inVillages, createdAt: _.gte(lastStart).and(_.lt(thisStart)) }, { c: '$category', v: '$villageId' }),
    grouped(db, COLLECTIONS.wishes.name, { ...inVillages, createdAt: _.gte(thisStart) }, { c: '$category', v: '$villageId' }),
    grouped(db, COLLECTIONS.cases.name, { ...caseScope, month: _.in([lastMonth, thisMonth]) }, { c: '$type', l: '$typeLabel', v: '$villageId', m: '$month' }),
    grouped(db, COLLECTIONS.matters.name, { ...inVillages, createdAt: _.gte(lastStart).and(_.lt(thisStart)) }, { c: '$category', v: '$villageId' }),
    grouped(db, COLLECTIONS.matters.name, { ...inVillages, createdAt: _.gte(thisStart) }, { c: '$category', v: '$villageId' }),
  ]);
  const counts: HotCount[] = [];
  const push = (source: HotSource, g: Group, label: string, when: 'this' | 'last') => {
    const placeId = placeOf.get(g._id.v);
    if (!placeId) return;
    counts.push({ source, category: g._id.c, label, placeId, thisMonth: when === 'this' ? g.n : 0, lastMonth: when === 'last' ? g.n : 0 });
  };
  for (const g of wLast) push('wishes', g, WISH_CATEGORY_LABELS[g._id.c as WishCategory] ?? '其他心愿', 'last');
  for (const g of wThis) push('wishes', g, WISH_CATEGORY_LABELS[g._id.c as WishCategory] ?? '其他心愿', 'this');
  for (const g of cases) push('cases', g, disputeLabel(g._id.l ?? '其他'), g._id.m === thisMonth ? 'this' : 'last');
  for (const g of mLast) push('matters', g, POWER_CATEGORY_LABELS[g._id.c as PowerCategory] ?? '其他事项', 'last');
  for (const g of mThis) push('matters', g, POWER_CATEGORY_LABELS[g._id.c as PowerCategory] ?? '其他事项', 'this');
  const placeIds = [...new Set(placeOf.values())];
  const places = await readAll<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, { _id: _.in(placeIds) }, ['name']);
  const name = new Map(places.map((p) => [p._id, p.name]));
  return {
    thisMonth,
    lastMonth,
    items: rankHotIssues(counts).map((r) => ({ source: r.source, category: r.category, label: r.label, thisMonth: r.thisMonth, lastMonth: r.lastMonth, trend: r.trend, topPlaceName: r.topPlaceId ? (name.get(r.topPlaceId) ?? null) : null })),
    places: hotByPlace(counts).map((p) => ({ id: p.placeId, name: name.get(p.placeId) ?? '', thisMonth: p.thisMonth, lastMonth: p.lastMonth })),
  };
}
