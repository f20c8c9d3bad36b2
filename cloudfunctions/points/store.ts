import type { Db } from '@cloudbase/database';
import type { OrgUnitRecord, UserRecord, HouseholdRecord } from '../../shared/domain/records';
import type { PointsLedgerRecord, PointsMonthRecord, PointsObjectionRecord, PointsRatingRecord, PointsSettingsRecord } from '../../shared/domain/points-records';
import { DEFAULT_INDICATORS, DEFAULT_TIERS, PUBLICITY_DAYS, type DividendRule, type Indicator, type Tier } from '../../shared/domain/points-rules';
import { isOverseer, isRater, pointsActorOf } from '../../shared/domain/points-access';
import { findById, type Tx, readAll } from '../_lib/db';
import { forbidden, notFound } from '../_lib/errors';
import { COLLECTIONS } from '../_lib/collections';
import type { Message } from '../_lib/outbox';

export const monthId = (villageId: string, month: string) => `pm-${villageId}-${month}`;
export const ratingId = (householdId: string, month: string) => `pr-${householdId}-${month}`;
export const objectionId = (householdId: string, month: string) => `po-${householdId}-${month}`;
export const monthLedgerId = (householdId: string, month: string) => `pl-${householdId}-${month}`;
export const boardId = (villageId: string, month: string) => `pb-${villageId}-${month}`;
export const dividendId = (villageId: string, year: number) => `pd-${villageId}-${year}`;

export interface Settings {
  unitId: string;
  isDefault: boolean;
  indicators: Indicator[];
  tiers: Tier[];
  dividendRule: DividendRule;
  publicityDays: number;
}

export async function loadVillage(db: Db | Tx, villageId: string): Promise<OrgUnitRecord> {
  const unit = await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, villageId);
  if (!unit || (unit.kind !== 'village' && unit.kind !== 'community')) throw notFound('找不到这个村（社区）');
  return unit;
}

/** The village's own settings, else the county default, else the built-in default. */
export async function loadSettings(db: Db, village: OrgUnitRecord): Promise<Settings> {
  const own = await findById<PointsSettingsRecord>(db, COLLECTIONS.pointsSettings.name, village._id);
  const county = own ? null : await findById<PointsSettingsRecord>(db, COLLECTIONS.pointsSettings.name, village.path[0]!);
  return settingsFrom(village, [own, county].filter((r): r is PointsSettingsRecord => r !== null));
}

/** Refuses unless the caller rates in this village (shared/domain/points-access decides). */
export function requireRater(caller: UserRecord, village: OrgUnitRecord): void {
  if (!isRater(pointsActorOf(caller), village)) throw forbidden(`只有${village.name}的评议小组（村干部）可以进行这项操作`);
}

export function requireOverseer(caller: UserRecord, village: OrgUnitRecord): void {
  if (!isOverseer(pointsActorOf(caller), village)) throw forbidden('只有本村（社区）干部和上级干部可以查看');
}

export function villageHouseholds(db: Db, villageId: string): Promise<HouseholdRecord[]> {
  return readAll<HouseholdRecord>(db, COLLECTIONS.households.name, { unitId: villageId }, ['unitId', 'gridId', 'path', 'headName', 'address']);
}

/** Users who live in the given households (the people a household notice goes to). */
export async function householdMembers(db: Db, where: { householdId?: string; villageId?: string }): Promise<string[]> {
  const clause = where.householdId ? { 'residence.householdId': where.householdId } : { 'residence.unitId': where.villageId };
  const users = await readAll<UserRecord>(db, COLLECTIONS.users.name, clause, ['residence']);
  return users.filter((u) => u.residence?.householdId && u.residence.householdConfirmed).map((u) => u._id);
}

export async function loadMonth(db: Db | Tx, villageId: string, month: string): Promise<PointsMonthRecord | null> {
  return findById<PointsMonthRecord>(db, COLLECTIONS.pointsMonths.name, monthId(villageId, month));
}


type Counted = { n: number }[];
/** No matches, no count document (MongoDB's $count); one otherwise. */
export const countOf = (c: Counted | undefined) => c?.[0]?.n ?? 0;

/** A household's entries in one month are its month entry and the corrections to it: a few; the lookup stops here all the same. */
const MONTH_ENTRIES_CAP = 200;

export interface HouseholdMonth {
  village: OrgUnitRecord;
  month: PointsMonthRecord | null;
  rating: PointsRatingRecord | null;
  objection: PointsObjectionRecord | null;
  ledger: PointsLedgerRecord[];
  counts: { householdCount: number; ratedCount: number; openObjections: number };
}

/**
 * One household's month in one aggregate on its village: the month, the household's rating, objection
 * and ledger entries, and the month's counts, each joined as a bounded lookup on its own indexed query
 * (a `$lookup` in its pipeline form). Was nine reads.
 */
export async function readHouseholdMonth(db: Db, household: Pick<HouseholdRecord, '_id' | 'unitId'>, month: string): Promise<HouseholdMonth> {
  const _ = db.command;
  const $ = _.aggregate;
  const byId = (id: string) => $.pipeline().match({ _id: id }).limit(1).done();
  const counted = (where: object) => $.pipeline().match(where).project({ _id: 1 }).count('n').done();
  const villageId = household.unitId;
  const res = await db
    .collection(COLLECTIONS.orgUnits.name)
    .aggregate()
    .match({ _id: villageId })
    .limit(1)
    .lookup({ from: COLLECTIONS.pointsMonths.name, pipeline: byId(monthId(villageId, month)), as: 'months' })
    .lookup({ from: COLLECTIONS.pointsRatings.name, pipeline: byId(ratingId(household._id, month)), as: 'ratings' })
    .lookup({ from: COLLECTIONS.pointsObjections.name, pipeline: byId(objectionId(household._id, month)), as: 'objections' })
    .lookup({ from: COLLECTIONS.pointsLedger.name, pipeline: $.pipeline().match({ householdId: household._id, month }).limit(MONTH_ENTRIES_CAP).done(), as: 'ledger' })
    .lookup({ from: COLLECTIONS.households.name, pipeline: counted({ unitId: villageId }), as: 'householdCount' })
    .lookup({ from: COLLECTIONS.pointsRatings.name, pipeline: counted({ villageId, month, complete: true }), as: 'ratedCount' })
    .lookup({ from: COLLECTIONS.pointsObjections.name, pipeline: counted({ villageId, month, status: 'open' }), as: 'openObjections' })
    .end();
  type Row = OrgUnitRecord & {
    months: PointsMonthRecord[];
    ratings: PointsRatingRecord[];
    objections: PointsObjectionRecord[];
    ledger: PointsLedgerRecord[];
    householdCount: Counted;
    ratedCount: Counted;
    openObjections: Counted;
  };
  const row = (res.data as Row[])[0];
  if (!row || (row.kind !== 'village' && row.kind !== 'community')) throw notFound('找不到这个村（社区）');
  const { months, ratings, objections, ledger, householdCount, ratedCount, openObjections, ...village } = row;
  return {
    village: village as OrgUnitRecord,
    month: months?.[0] ?? null,
    rating: ratings?.[0] ?? null,
    objection: objections?.[0] ?? null,
    ledger: ledger ?? [],
    counts: { householdCount: countOf(householdCount), ratedCount: countOf(ratedCount), openObjections: countOf(openObjections) },
  };
}

/** Settings as a read finds them: the village's own, else the county default, else the built-in default. */
export function settingsFrom(village: OrgUnitRecord, rows: readonly PointsSettingsRecord[]): Settings {
  const own = rows.find((r) => r._id === village._id) ?? null;
  const s = own ?? rows.find((r) => r._id === village.path[0]) ?? null;
  return {
    unitId: village._id,
    isDefault: !own,
    indicators: s?.indicators ?? DEFAULT_INDICATORS.map((i) => ({ ...i })),
    tiers: s?.tiers ?? DEFAULT_TIERS.map((t) => ({ ...t })),
    dividendRule: s?.dividendRule ?? 'points',
    publicityDays: s?.publicityDays ?? PUBLICITY_DAYS,
  };
}

/** The settings ids an aggregate joins: the village's own and, when the caller's county is known, its default. */
function settingIdsFor(villageId: string, countyHint: string | null): string[] {
  return countyHint && countyHint !== villageId ? [villageId, countyHint] : [villageId];
}

/** Settings from the rows joined with the village; the county default read afterwards only when it was not joined. */
async function settledSettings(db: Db, village: OrgUnitRecord, joined: readonly PointsSettingsRecord[], countyHint: string | null): Promise<Settings> {
  const rows = [...joined];
  const county = village.path[0]!;
  if (!rows.some((r) => r._id === village._id) && county !== countyHint) {
    const found = await findById<PointsSettingsRecord>(db, COLLECTIONS.pointsSettings.name, county);
    if (found) rows.push(found);
  }
  return settingsFrom(village, rows);
}

/** A village's cadre lives in its county: their residence names it, so the county default joins the first read. */
export const countyHintOf = (caller: UserRecord): string | null => caller.residence?.path?.[0] ?? null;

/**
 * What entering scores reads first, in one aggregate on the village (was three to four reads): the
 * village, its month and the settings a month not yet opened takes.
 */
export interface VillageMonth {
  village: OrgUnitRecord;
  month: PointsMonthRecord | null;
  settings: Settings;
}

export async function readVillageMonth(db: Db, villageId: string, month: string, countyHint: string | null): Promise<VillageMonth> {
  const _ = db.command;
  const $ = _.aggregate;
  const res = await db
    .collection(COLLECTIONS.orgUnits.name)
    .aggregate()
    .match({ _id: villageId })
    .limit(1)
    .lookup({ from: COLLECTIONS.pointsSettings.name, pipeline: $.pipeline().match({ _id: _.in(settingIdsFor(villageId, countyHint)) }).limit(2).done(), as: 'settings' })
    .lookup({ from: COLLECTIONS.pointsMonths.name, pipeline: $.pipeline().match({ _id: monthId(villageId, month) }).limit(1).done(), as: 'months' })
    .end();
  type Row = OrgUnitRecord & { settings: PointsSettingsRecord[]; months: PointsMonthRecord[] };
  const row = (res.data as Row[])[0];
  if (!row || (row.kind !== 'village' && row.kind !== 'community')) throw notFound('找不到这个村（社区）');
  const { settings, months, ...rest } = row;
  const village = rest as OrgUnitRecord;
  return { village, month: months?.[0] ?? null, settings: await settledSettings(db, village, settings ?? [], countyHint) };
}

/** A month's three counts (households, fully rated, open objections) in one aggregate on its village (was three counts). */
export async function readMonthCounts(db: Db, villageId: string, month: string): Promise<HouseholdMonth['counts']> {
  const $ = db.command.aggregate;
  const counted = (where: object) => $.pipeline().match(where).project({ _id: 1 }).count('n').done();
  const res = await db
    .collection(COLLECTIONS.orgUnits.name)
    .aggregate()
    .match({ _id: villageId })
    .limit(1)
    .project({ _id: 1 })
    .lookup({ from: COLLECTIONS.households.name, pipeline: counted({ unitId: villageId }), as: 'householdCount' })
    .lookup({ from: COLLECTIONS.pointsRatings.name, pipeline: counted({ villageId, month, complete: true }), as: 'ratedCount' })
    .lookup({ from: COLLECTIONS.pointsObjections.name, pipeline: counted({ villageId, month, status: 'open' }), as: 'openObjections' })
    .end();
  const row = (res.data as { householdCount: Counted; ratedCount: Counted; openObjections: Counted }[])[0];
  return { householdCount: countOf(row?.householdCount), ratedCount: countOf(row?.ratedCount), openObjections: countOf(row?.openObjections) };
}

/** The village's households among `ids` (an entry's rows), with what a new rating copies from them. */
export async function householdsAmong(db: Db, villageId: string, ids: readonly string[]): Promise<HouseholdRecord[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  return readAll<HouseholdRecord>(db, COLLECTIONS.households.name, { _id: db.command.in(unique), unitId: villageId }, ['unitId', 'gridId', 'path', 'headName']);
}

/**
 * The village with its settings and its finalised months of a year, in one aggregate (was three to four
 * reads). The county default is joined too when the caller's county is known (`countyHint`: a resident's
 * residence path); read afterwards only when the village has no settings of its own and is elsewhere.
 */
export async function readVillageYear(db: Db, villageId: string, year: number, countyHint: string | null): Promise<{ village: OrgUnitRecord; settings: Settings; finalMonths: string[] }> {
  const _ = db.command;
  const $ = _.aggregate;
  const settingIds = settingIdsFor(villageId, countyHint);
  const res = await db
    .collection(COLLECTIONS.orgUnits.name)
    .aggregate()
    .match({ _id: villageId })
    .limit(1)
    .lookup({ from: COLLECTIONS.pointsSettings.name, pipeline: $.pipeline().match({ _id: _.in(settingIds) }).limit(2).done(), as: 'settings' })
    .lookup({
      from: COLLECTIONS.pointsMonths.name,
      pipeline: $.pipeline().match({ villageId, month: _.gte(`${year}-01`).and(_.lte(`${year}-12`)), status: 'final' }).project({ month: 1 }).limit(12).done(),
      as: 'finalMonths',
    })
    .end();
  type Row = OrgUnitRecord & { settings: PointsSettingsRecord[]; finalMonths: { month: string }[] };
  const row = (res.data as Row[])[0];
  if (!row || (row.kind !== 'village' && row.kind !== 'community')) throw notFound('找不到这个村（社区）');
  const { settings, finalMonths, ...rest } = row;
  const village = rest as OrgUnitRecord;
  return { village, settings: await settledSettings(db, village, settings ?? [], countyHint), finalMonths: (finalMonths ?? []).map((m) => m.month).sort() };
}

/**
 * What raising an objection reads, in one aggregate on the caller's village: the household, the month
 * and the village's cadres (whom the objection is told to).
 */
export async function readForObjection(db: Db, villageId: string, householdId: string, month: string): Promise<{ village: OrgUnitRecord; household: HouseholdRecord | null; month: PointsMonthRecord | null; cadreIds: string[] }> {
  const $ = db.command.aggregate;
  const res = await db
    .collection(COLLECTIONS.orgUnits.name)
    .aggregate()
    .match({ _id: villageId })
    .limit(1)
    .lookup({ from: COLLECTIONS.households.name, pipeline: $.pipeline().match({ _id: householdId }).limit(1).done(), as: 'households' })
    .lookup({ from: COLLECTIONS.pointsMonths.name, pipeline: $.pipeline().match({ _id: monthId(villageId, month) }).limit(1).done(), as: 'months' })
    // As usersWithRoleAt: a village's cadres are a handful, capped the same.
    .lookup({ from: COLLECTIONS.users.name, pipeline: $.pipeline().match({ roleKeys: `village-cadre@${villageId}` }).project({ _id: 1 }).limit(1000).done(), as: 'cadres' })
    .end();
  type Row = OrgUnitRecord & { households: HouseholdRecord[]; months: PointsMonthRecord[]; cadres: { _id: string }[] };
  const row = (res.data as Row[])[0];
  if (!row || (row.kind !== 'village' && row.kind !== 'community')) throw notFound('找不到这个村（社区）');
  const { households, months, cadres, ...village } = row;
  return { village: village as OrgUnitRecord, household: households?.[0] ?? null, month: months?.[0] ?? null, cadreIds: (cadres ?? []).map((c) => c._id) };
}

/**
 * The cadre's own notice that a text they wrote for a household (an adjustment's reason, an objection's
 * decision) waits for review: the household sees 正在复核 meanwhile, village and town cadres the text.
 */
export function cadreTextHeld(cadreId: string, what: string, held: readonly { reason: string }[], link: Message['link']): { to: string[]; message: Message } {
  return {
    to: [cadreId],
    message: {
      kind: 'content.held',
      title: `您写的${what}需要人工复核`,
      body: `原因：${held.map((h) => h.reason).join('、')}。复核通过前，这户人家看到的是“正在复核”，村干部和镇干部能看到原文。`,
      link,
    },
  };
}
