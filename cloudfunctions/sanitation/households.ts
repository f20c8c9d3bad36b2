import type { Db } from '@cloudbase/database';
import { canKeepFacility, canReadLedger } from '../../shared/domain/sanitation-facility';
import { isSanitaryToilet, SORTING_INDICATOR, sortingPoints } from '../../shared/domain/sanitation-household';
import type { SanitationHouseholdRecord, SortingCheckRecord } from '../../shared/domain/sanitation-records';
import type { HouseholdRecord, UserRecord } from '../../shared/domain/records';
import { recordAudit } from '../_lib/audit';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { findById, readAll, type Tx } from '../_lib/db';
import { forbidden, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { runTransaction } from '../_lib/transaction';
import { loadSettings } from '../points/store';
import { loadUnit } from './store';
import type { In, Out } from './types';

/** Months of sorting checks shown on a household's record. */
export const CHECKS_SHOWN = 12;

async function loadHousehold(db: Db | Tx, householdId: string): Promise<HouseholdRecord> {
  const h = await findById<HouseholdRecord>(db, COLLECTIONS.households.name, householdId);
  if (!h) throw notFound('找不到这一户');
  return h;
}

/** The household's own confirmed members read it; the cadres and supervisors over it read it; its keepers record. */
function access(h: HouseholdRecord, caller: UserRecord): { read: boolean; record: boolean } {
  const member = caller.residence?.householdId === h._id && caller.residence.householdConfirmed;
  return { read: member || canReadLedger(caller.roles, h.path), record: canKeepFacility(caller.roles, h.path) };
}

async function indicatorOf(db: Db, villageId: string) {
  const village = await loadUnit(db, villageId);
  const settings = await loadSettings(db, village);
  const i = settings.indicators.find((x) => x.code === SORTING_INDICATOR);
  return i ? { code: i.code, name: i.name, max: i.max } : null;
}

async function view(db: Db, h: HouseholdRecord, caller: UserRecord): Promise<Out<'household'>> {
  const rec = await findById<SanitationHouseholdRecord>(db, COLLECTIONS.sanitationHouseholds.name, h._id);
  const res = await db.collection(COLLECTIONS.sortingChecks.name).where({ householdId: h._id }).orderBy('month', 'desc').limit(CHECKS_SHOWN).get();
  return {
    householdId: h._id,
    headName: h.headName,
    toilet: rec?.toilet ?? null,
    sanitaryToilet: rec?.sanitaryToilet ?? false,
    bins: rec?.bins ?? null,
    checks: (res.data as SortingCheckRecord[]).map((c) => ({ month: c.month, result: c.result, points: c.points, checkerName: c.checkerName })),
    indicator: await indicatorOf(db, h.unitId),
    canRecord: access(h, caller).record,
  };
}

export async function getHousehold(input: In<'household'>, ctx: MemberContext): Promise<Out<'household'>> {
  const id = input.householdId ?? ctx.caller.residence?.householdId;
  if (!id) throw forbidden('请先登记您家的户籍');
  const h = await loadHousehold(ctx.db, id);
  // To someone else a household does not exist.
  if (!access(h, ctx.caller).read) throw notFound('找不到这一户');
  return view(ctx.db, h, ctx.caller);
}

/** Households of a village read back at most (Qianyang's largest village has under 1,500). */
export const HOUSEHOLDS_CAP = 3000;

export async function listHouseholds(input: In<'households'>, ctx: MemberContext): Promise<Out<'households'>> {
  const { db, caller } = ctx;
  const villageId = input.villageId ?? caller.roles.find((r) => r.role === 'village-cadre')?.unitId;
  if (!villageId) throw forbidden('只有村（社区）干部可以查看全村的户');
  const village = await loadUnit(db, villageId);
  if (!canReadLedger(caller.roles, village.path)) throw forbidden('只能查看本村（社区）的户');
  const [households, records, checks] = await Promise.all([
    readAll<HouseholdRecord>(db, COLLECTIONS.households.name, { unitId: village._id }, ['headName']),
    readAll<SanitationHouseholdRecord>(db, COLLECTIONS.sanitationHouseholds.name, { villageId: village._id }, ['sanitaryToilet', 'hasBins', 'toilet']),
    readAll<SortingCheckRecord>(db, COLLECTIONS.sortingChecks.name, { villageId: village._id, month: clock.nowIso().slice(0, 7) }, ['householdId', 'result']),
  ]);
  const byId = new Map(records.map((r) => [r._id, r]));
  const checkBy = new Map(checks.map((c) => [c.householdId, c.result]));
  return {
    villageName: village.name,
    items: households.slice(0, HOUSEHOLDS_CAP).map((h) => ({
      householdId: h._id,
      headName: h.headName,
      sanitaryToilet: byId.get(h._id)?.sanitaryToilet ?? false,
      hasToilet: Boolean(byId.get(h._id)?.toilet),
      hasBins: byId.get(h._id)?.hasBins ?? false,
      lastCheck: checkBy.get(h._id) ?? null,
    })),
  };
}

/** Writes the household's record (creating it the first time) in one transaction with its audit entry. */
async function write(ctx: MemberContext, householdId: string, action: string, change: (before: SanitationHouseholdRecord | null, h: HouseholdRecord) => Partial<SanitationHouseholdRecord>): Promise<Out<'household'>> {
  const { db, caller } = ctx;
  const h = await loadHousehold(db, householdId);
  if (!access(h, caller).read) throw notFound('找不到这一户');
  if (!access(h, caller).record) throw forbidden('只有本村（社区）及以上干部可以登记');
  const now = clock.nowIso();
  await runTransaction(db, async (tx: Tx) => {
    const before = await findById<SanitationHouseholdRecord>(tx, COLLECTIONS.sanitationHouseholds.name, h._id);
    const patch = change(before, h);
    const next: SanitationHouseholdRecord = {
      _id: h._id,
      villageId: h.unitId,
      townId: h.path[1] ?? h.unitId,
      countyId: h.path[0]!,
      gridId: h.gridId,
      path: h.path,
      headName: h.headName,
      toilet: null,
      sanitaryToilet: false,
      bins: null,
      hasBins: false,
      ...before,
      ...patch,
      updatedAt: now,
      updatedById: caller._id,
    };
    next.sanitaryToilet = isSanitaryToilet(next.toilet);
    next.hasBins = (next.bins?.count ?? 0) > 0;
    const { _id: _omit, ...rest } = next;
    if (before) await tx.collection(COLLECTIONS.sanitationHouseholds.name).doc(h._id).set(rest);
    else await tx.collection(COLLECTIONS.sanitationHouseholds.name).add(next);
    await recordAudit(tx, caller, ctx.requestId, {
      action,
      target: { collection: COLLECTIONS.sanitationHouseholds.name, id: h._id },
      before: before ? { toilet: before.toilet, bins: before.bins } : null,
      after: { toilet: next.toilet, bins: next.bins },
      path: h.path,
    });
  });
  return view(db, h, caller);
}

export function saveToilet(input: In<'saveToilet'>, ctx: MemberContext): Promise<Out<'saveToilet'>> {
  const { householdId, ...toilet } = input;
  return write(ctx, householdId, 'sanitation.saveToilet', () => ({ toilet: { ...toilet, satisfaction: toilet.satisfaction ?? null } }));
}

export function saveBins(input: In<'saveBins'>, ctx: MemberContext): Promise<Out<'saveBins'>> {
  return write(ctx, input.householdId, 'sanitation.saveBins', () => ({ bins: { count: input.count, givenOn: input.givenOn } }));
}

/** One check per household and month (a second replaces the first); its points by the one rule at the indicator's max. */
export async function checkSorting(input: In<'checkSorting'>, ctx: MemberContext): Promise<Out<'checkSorting'>> {
  const { db, caller } = ctx;
  const h = await loadHousehold(db, input.householdId);
  if (!access(h, caller).read) throw notFound('找不到这一户');
  if (!access(h, caller).record) throw forbidden('只有本村（社区）及以上干部可以登记');
  const indicator = await indicatorOf(db, h.unitId);
  if (!indicator) throw forbidden('本村的积分指标里没有“环保卫生”，请先在积分设置中加上');
  const id = `${h._id}_${input.month}`;
  const now = clock.nowIso();
  const check: SortingCheckRecord = {
    _id: id,
    householdId: h._id,
    villageId: h.unitId,
    path: h.path,
    month: input.month,
    result: input.result,
    points: sortingPoints(input.result, indicator.max),
    checkerId: caller._id,
    checkerName: caller.name,
    createdAt: now,
  };
  await runTransaction(db, async (tx: Tx) => {
    const before = await findById<SortingCheckRecord>(tx, COLLECTIONS.sortingChecks.name, id);
    const { _id: _omit, ...rest } = check;
    if (before) await tx.collection(COLLECTIONS.sortingChecks.name).doc(id).set(rest);
    else await tx.collection(COLLECTIONS.sortingChecks.name).add(check);
    await recordAudit(tx, caller, ctx.requestId, {
      action: 'sanitation.checkSorting',
      target: { collection: COLLECTIONS.sortingChecks.name, id },
      before: before ? { result: before.result } : null,
      after: { result: check.result, points: check.points },
      path: h.path,
    });
  });
  return view(db, h, caller);
}
