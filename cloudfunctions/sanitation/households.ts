import type { Db } from '@cloudbase/database';
import { canKeepFacility, canReadLedger } from '../../shared/domain/sanitation-facility';
import { isSanitaryToilet, SORTING_INDICATOR, sortingPoints } from '../../shared/domain/sanitation-household';
import type { SanitationHouseholdRecord, SortingCheckRecord } from '../../shared/domain/sanitation-records';
import type { HouseholdRecord, OrgUnitRecord, PendingEffect, UserRecord } from '../../shared/domain/records';
import type { PointsSettingsRecord } from '../../shared/domain/points-records';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { isDuplicateKey, readAll } from '../_lib/db';
import { carrying, effectOf, pushEffects } from '../_lib/effects';
import { forbidden, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { settingsFrom } from '../points/store';
import { loadUnit } from './store';
import type { In, Out } from './types';

/** Months of sorting checks shown on a household's record. */
export const CHECKS_SHOWN = 12;

/** A household with everything its record shows and its writes need, read in one aggregate (see readHousehold). */
interface HouseholdLedger {
  household: HouseholdRecord;
  record: SanitationHouseholdRecord | null;
  /** The newest checks, newest first (CHECKS_SHOWN). */
  checks: SortingCheckRecord[];
  /** The check of the month asked for, when one was. */
  monthCheck: SortingCheckRecord | null;
  indicator: { code: string; name: string; max: number } | null;
}

/**
 * The household, its toilet-and-bins record, its newest checks (and the check of `month`), and the
 * 环保卫生 indicator of its village — the village and the points settings joined through the household's
 * path (the village's own settings, else the county's: settingsFrom) — in one request (was six).
 */
async function readHousehold(db: Db, householdId: string, month?: string): Promise<HouseholdLedger> {
  const $ = db.command.aggregate;
  let q = db
    .collection(COLLECTIONS.households.name)
    .aggregate()
    .match({ _id: householdId })
    .limit(1)
    .lookup({ from: COLLECTIONS.sanitationHouseholds.name, pipeline: $.pipeline().match({ _id: householdId }).limit(1).done(), as: 'records' })
    .lookup({ from: COLLECTIONS.sortingChecks.name, pipeline: $.pipeline().match({ householdId }).sort({ month: -1 }).limit(CHECKS_SHOWN).done(), as: 'checks' })
    .lookup({ from: COLLECTIONS.orgUnits.name, localField: 'unitId', foreignField: '_id', as: 'villages' })
    .lookup({ from: COLLECTIONS.pointsSettings.name, localField: 'path', foreignField: '_id', as: 'settings' });
  if (month) q = q.lookup({ from: COLLECTIONS.sortingChecks.name, pipeline: $.pipeline().match({ _id: checkIdOf(householdId, month) }).limit(1).done(), as: 'monthChecks' });
  type Row = HouseholdRecord & { records: SanitationHouseholdRecord[]; checks: SortingCheckRecord[]; villages: OrgUnitRecord[]; settings: PointsSettingsRecord[]; monthChecks?: SortingCheckRecord[] };
  const row = ((await q.end()).data as Row[])[0];
  if (!row) throw notFound('找不到这一户');
  const { records, checks, villages, settings, monthChecks, ...household } = row;
  const village = (villages ?? [])[0];
  // The join through an array (the path) gives the local engine's mingo a null for each element without a match.
  const i = village ? settingsFrom(village, (settings ?? []).filter((r) => r !== null)).indicators.find((x) => x.code === SORTING_INDICATOR) : undefined;
  return {
    household,
    record: (records ?? [])[0] ?? null,
    checks: checks ?? [],
    monthCheck: (monthChecks ?? [])[0] ?? null,
    indicator: i ? { code: i.code, name: i.name, max: i.max } : null,
  };
}

const checkIdOf = (householdId: string, month: string) => `${householdId}_${month}`;

/** The household's own confirmed members read it; the cadres and supervisors over it read it; its keepers record. */
function access(h: HouseholdRecord, caller: UserRecord): { read: boolean; record: boolean } {
  const member = caller.residence?.householdId === h._id && caller.residence.householdConfirmed;
  return { read: member || canReadLedger(caller.roles, h.path), record: canKeepFacility(caller.roles, h.path) };
}

/** The household's record as shown, from what was read (and, after a write, what was written). */
function view(l: HouseholdLedger, caller: UserRecord): Out<'household'> {
  const { household: h, record } = l;
  return {
    householdId: h._id,
    headName: h.headName,
    toilet: record?.toilet ?? null,
    sanitaryToilet: record?.sanitaryToilet ?? false,
    bins: record?.bins ?? null,
    checks: l.checks.map((c) => ({ month: c.month, result: c.result, points: c.points, checkerName: c.checkerName })),
    indicator: l.indicator,
    canRecord: access(h, caller).record,
  };
}

export async function getHousehold(input: In<'household'>, ctx: MemberContext): Promise<Out<'household'>> {
  const id = input.householdId ?? ctx.caller.residence?.householdId;
  if (!id) throw forbidden('请先登记您家的户籍');
  const l = await readHousehold(ctx.db, id);
  // To someone else a household does not exist.
  if (!access(l.household, ctx.caller).read) throw notFound('找不到这一户');
  return view(l, ctx.caller);
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

/** Reads the household for a keeper's write: to someone else it does not exist; a resident may not record. */
async function readForKeeper(ctx: MemberContext, householdId: string, month?: string): Promise<HouseholdLedger> {
  const l = await readHousehold(ctx.db, householdId, month);
  if (!access(l.household, ctx.caller).read) throw notFound('找不到这一户');
  if (!access(l.household, ctx.caller).record) throw forbidden('只有本村（社区）及以上干部可以登记');
  return l;
}

/** The audit entry of a change to one household's records, carried by the write (`_lib/effects.ts`). */
function auditEffect(ctx: MemberContext, target: { collection: string; id: string }, h: HouseholdRecord, at: string, audit: { action: string; before: unknown; after: unknown }) {
  return effectOf(ctx.caller, ctx.requestId, { ...target, path: h.path }, at, { messages: [], audit });
}

/**
 * One record per id, written in one request carrying its effect: an update of the fields when it exists
 * (field by field: another keeper's change to other fields stands), else the add of the whole record; an
 * add that finds it was just added (two keepers at once) updates instead.
 */
async function upsertCarrying<T extends { _id: string }>(db: Db, collection: string, exists: boolean, whole: T, fields: Partial<T>, effect: PendingEffect): Promise<void> {
  if (!exists) {
    try {
      await db.collection(collection).add({ ...whole, ...carrying([effect]) });
      return;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  await db.collection(collection).doc(whole._id).update({ ...fields, ...pushEffects(db, [effect]) });
}

/**
 * Writes the household's toilet or bins (creating its record the first time) in one write carrying its
 * audit entry. Requests: the household read, the write. The answer is the record as written.
 */
async function write(ctx: MemberContext, householdId: string, action: string, change: Pick<SanitationHouseholdRecord, 'toilet'> | Pick<SanitationHouseholdRecord, 'bins'>): Promise<Out<'household'>> {
  const { db, caller } = ctx;
  const l = await readForKeeper(ctx, householdId);
  const { household: h, record: before } = l;
  const now = clock.nowIso();
  // Only the fields this change sets (and those derived from them), so a concurrent change of the others stands.
  const fields = {
    ...('toilet' in change ? { toilet: change.toilet, sanitaryToilet: isSanitaryToilet(change.toilet) } : { bins: change.bins, hasBins: (change.bins?.count ?? 0) > 0 }),
    updatedAt: now,
    updatedById: caller._id,
  };
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
    ...fields,
  };
  const effect = auditEffect(ctx, { collection: COLLECTIONS.sanitationHouseholds.name, id: h._id }, h, now, {
    action,
    before: before ? { toilet: before.toilet, bins: before.bins } : null,
    after: { toilet: next.toilet, bins: next.bins },
  });
  await upsertCarrying(db, COLLECTIONS.sanitationHouseholds.name, before !== null, next, fields, effect);
  return view({ ...l, record: next }, caller);
}

export function saveToilet(input: In<'saveToilet'>, ctx: MemberContext): Promise<Out<'saveToilet'>> {
  const { householdId, ...toilet } = input;
  return write(ctx, householdId, 'sanitation.saveToilet', { toilet: { ...toilet, satisfaction: toilet.satisfaction ?? null } });
}

export function saveBins(input: In<'saveBins'>, ctx: MemberContext): Promise<Out<'saveBins'>> {
  return write(ctx, input.householdId, 'sanitation.saveBins', { bins: { count: input.count, givenOn: input.givenOn } });
}

/**
 * One check per household and month (a second replaces the first); its points by the one rule at the
 * indicator's max. One write carrying its audit entry. Requests: the household read (with the month's
 * check and the indicator), the write.
 */
export async function checkSorting(input: In<'checkSorting'>, ctx: MemberContext): Promise<Out<'checkSorting'>> {
  const { db, caller } = ctx;
  const l = await readForKeeper(ctx, input.householdId, input.month);
  const { household: h, indicator, monthCheck: before } = l;
  if (!indicator) throw forbidden('本村的积分指标里没有“环保卫生”，请先在积分设置中加上');
  const id = checkIdOf(h._id, input.month);
  const now = clock.nowIso();
  const fields = { result: input.result, points: sortingPoints(input.result, indicator.max), checkerId: caller._id, checkerName: caller.name, createdAt: now };
  const check: SortingCheckRecord = { _id: id, householdId: h._id, villageId: h.unitId, path: h.path, month: input.month, ...fields };
  const effect = auditEffect(ctx, { collection: COLLECTIONS.sortingChecks.name, id }, h, now, {
    action: 'sanitation.checkSorting',
    before: before ? { result: before.result } : null,
    after: { result: check.result, points: check.points },
  });
  await upsertCarrying(db, COLLECTIONS.sortingChecks.name, before !== null, check, fields, effect);
  const checks = [check, ...l.checks.filter((c) => c._id !== id)].sort((a, b) => b.month.localeCompare(a.month)).slice(0, CHECKS_SHOWN);
  return view({ ...l, checks }, caller);
}
