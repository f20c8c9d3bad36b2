import type { Db } from '@cloudbase/database';
import type { OrgUnitRecord, UserRecord, HouseholdRecord } from '../../shared/domain/records';
import type { PointsMonthRecord, PointsSettingsRecord } from '../../shared/domain/points-records';
import { DEFAULT_INDICATORS, DEFAULT_TIERS, PUBLICITY_DAYS, type DividendRule, type Indicator, type Tier } from '../../shared/domain/points-rules';
import { isOverseer, isRater, pointsActorOf } from '../../shared/domain/points-access';
import { findById, type Tx, readAll } from '../_lib/db';
import { forbidden, notFound } from '../_lib/errors';
import { COLLECTIONS } from '../_lib/collections';

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
  const s = own ?? county;
  return {
    unitId: village._id,
    isDefault: !own,
    indicators: s?.indicators ?? DEFAULT_INDICATORS.map((i) => ({ ...i })),
    tiers: s?.tiers ?? DEFAULT_TIERS.map((t) => ({ ...t })),
    dividendRule: s?.dividendRule ?? 'points',
    publicityDays: s?.publicityDays ?? PUBLICITY_DAYS,
  };
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

