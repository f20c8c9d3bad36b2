import { createHash } from 'node:crypto';
import type { Db } from '@cloudbase/database';
import type { FacilityFields } from '../../shared/contracts/sanitation';
import { canKeepFacility, canReadLedger, collectionDueAt, type FacilityStatus } from '../../shared/domain/sanitation-facility';
import { DEFAULT_ROUTE, HANDLER_ROLE, type HandlingLevel, type SanitationRoutingRule } from '../../shared/domain/sanitation-report';
import type { FacilityRecord, SanitationRulesRecord, WorkOrderRecord } from '../../shared/domain/sanitation-records';
import type { Audience } from '../../shared/domain/notifications-records';
import type { OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import { roleKey, usersWithRoleAt } from '../_lib/caller';
import { COLLECTIONS } from '../_lib/collections';
import { findById, type Tx } from '../_lib/db';
import { forbidden, notFound } from '../_lib/errors';

export const facilityIdOf = (code: string) => `sf-${code}`;

/** A report's id from its reporter and the client's request id: a retried send lands on the same report. */
export function reportIdOf(userId: string, requestId: string): string {
  return `sr${createHash('sha256').update(`${userId}:${requestId}`).digest('hex').slice(0, 30)}`;
}

/** The order a report opens has the report's own id with another prefix (deterministic as well). */
export const orderIdOf = (reportId: string) => `so${reportId.slice(2)}`;

export const isVillageUnit = (u: Pick<OrgUnitRecord, 'kind'>) => u.kind === 'village' || u.kind === 'community';

/** A facility's stored form from its fields and the unit it belongs to (provisioning and saveFacility). */
export function facilityRecordOf(a: {
  id: string;
  code: string;
  unit: OrgUnitRecord;
  fields: FacilityFields;
  status: FacilityStatus;
  at: string;
  by: { id: string; name: string };
  before?: FacilityRecord | null;
}): FacilityRecord {
  const { unit, fields, before } = a;
  const village = isVillageUnit(unit);
  const collecting = fields.kind === 'collection-point' && fields.collectEveryDays ? fields.collectEveryDays : null;
  return {
    _id: a.id,
    code: a.code,
    kind: fields.kind,
    mode: fields.kind === 'oxidation-pond' ? 'oxidation-pond' : fields.mode ?? null,
    name: fields.name,
    unitId: unit._id,
    unitName: unit.name,
    villageId: village ? unit._id : null,
    townId: unit.kind === 'county' ? null : unit.path[1] ?? null,
    countyId: unit.path[0]!,
    path: unit.path,
    place: { description: fields.place.description, lat: fields.place.lat ?? null, lng: fields.place.lng ?? null },
    capacity: fields.capacity ?? null,
    householdsServed: fields.householdsServed ?? null,
    collectEveryDays: collecting,
    responsible: { unitName: fields.responsible.unitName, personName: fields.responsible.personName ?? null, phone: fields.responsible.phone ?? null },
    status: before?.status ?? a.status,
    history: before?.history ?? [{ status: a.status, at: a.at, byId: a.by.id, byName: a.by.name, note: '登记入账' }],
    openOrderId: before?.openOrderId ?? null,
    lastInspectedAt: before?.lastInspectedAt ?? null,
    lastCollectedAt: before?.lastCollectedAt ?? null,
    collectDueAt: collecting ? collectionDueAt(before?.lastCollectedAt ?? null, collecting, before?.createdAt ?? a.at) : null,
    createdAt: before?.createdAt ?? a.at,
    updatedAt: a.at,
  };
}

export async function loadUnit(db: Db | Tx, unitId: string, missing = '找不到这个村（社区）'): Promise<OrgUnitRecord> {
  const unit = await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, unitId);
  if (!unit) throw notFound(missing);
  return unit;
}

export async function loadFacility(db: Db | Tx, facilityId: string): Promise<FacilityRecord> {
  const f = await findById<FacilityRecord>(db, COLLECTIONS.sanitationFacilities.name, facilityId);
  if (!f) throw notFound('找不到这个设施');
  return f;
}

/** Who may read a facility: its village's residents (the public list) and the ledger's readers over its place. */
export function canSeeFacility(f: Pick<FacilityRecord, 'villageId' | 'path'>, caller: UserRecord): boolean {
  if (canReadLedger(caller.roles, f.path)) return true;
  if (f.villageId && caller.residence?.unitId === f.villageId) return true;
  // A grid leader's grant is at a grid inside the village.
  return caller.roles.some((r) => r.role === 'grid-leader' && f.villageId !== null && caller.residence?.unitId === f.villageId);
}

export async function loadVisibleFacility(db: Db | Tx, facilityId: string, caller: UserRecord): Promise<FacilityRecord> {
  const f = await loadFacility(db, facilityId);
  // To someone outside its village a facility is simply not there.
  if (!canSeeFacility(f, caller)) throw notFound('找不到这个设施');
  return f;
}

export function assertKeeper(f: Pick<FacilityRecord, 'path'>, caller: UserRecord): void {
  if (!canKeepFacility(caller.roles, f.path)) throw forbidden('只有本村（社区）及以上干部可以维护设施台账');
}

/** A county with no rules stored yet: every report goes to its village. */
const noRules = (countyId: string): SanitationRulesRecord => ({ _id: countyId, countyId, rules: [], updatedAt: new Date(0).toISOString() });

/** The county's routing rules in force (none stored yet: every report goes to its village). */
export async function rulesOf(db: Db | Tx, countyId: string): Promise<SanitationRulesRecord> {
  return (await findById<SanitationRulesRecord>(db, COLLECTIONS.sanitationRules.name, countyId)) ?? noRules(countyId);
}

/**
 * A village and its county's routing rules in one request: the unit, with the rules document joined
 * through its path (whose head is the county, the rules' id). None stored yet: every report goes to its village.
 */
export async function villageWithRules(db: Db, villageId: string): Promise<{ village: OrgUnitRecord; rules: SanitationRoutingRule[] }> {
  const res = await db
    .collection(COLLECTIONS.orgUnits.name)
    .aggregate()
    .match({ _id: villageId })
    .lookup({ from: COLLECTIONS.sanitationRules.name, localField: 'path', foreignField: '_id', as: 'countyRules' })
    .limit(1)
    .end();
  const row = (res.data as (OrgUnitRecord & { countyRules?: SanitationRulesRecord[] })[])[0];
  if (!row) throw notFound('找不到这个村（社区）');
  const { countyRules, ...village } = row;
  const countyId = village.path[0]!;
  return { village, rules: ((countyRules ?? []).find((r) => r._id === countyId) ?? noRules(countyId)).rules };
}

/**
 * A reported facility with its village and its county's routing rules in one request: the facility, with
 * the unit joined through its `villageId` and the rules through its `countyId`. A shared plant (no village)
 * or a village not found has `village` null (the caller reads the village the report names). Null: no such facility.
 */
export async function facilityWithVillage(db: Db, facilityId: string): Promise<{ facility: FacilityRecord; village: OrgUnitRecord | null; rules: SanitationRoutingRule[] } | null> {
  const res = await db
    .collection(COLLECTIONS.sanitationFacilities.name)
    .aggregate()
    .match({ _id: facilityId })
    .lookup({ from: COLLECTIONS.orgUnits.name, localField: 'villageId', foreignField: '_id', as: 'villageUnit' })
    .lookup({ from: COLLECTIONS.sanitationRules.name, localField: 'countyId', foreignField: '_id', as: 'countyRules' })
    .limit(1)
    .end();
  const row = (res.data as (FacilityRecord & { villageUnit?: OrgUnitRecord[]; countyRules?: SanitationRulesRecord[] })[])[0];
  if (!row) return null;
  const { villageUnit, countyRules, ...facility } = row;
  const village = facility.villageId ? ((villageUnit ?? []).find((u) => u._id === facility.villageId) ?? null) : null;
  return { facility, village, rules: ((countyRules ?? []).find((r) => r._id === facility.countyId) ?? noRules(facility.countyId)).rules };
}

export function handlerUnitOf(level: HandlingLevel, village: Pick<OrgUnitRecord, '_id' | 'path'>): string {
  if (level === 'village') return village._id;
  if (level === 'town') return village.path[1] ?? village._id;
  return village.path[0]!;
}

/** The people who handle an order, as a fan-out's audience: the holders of its level's role at its handling unit. */
export function handlersAudience(o: Pick<WorkOrderRecord, 'level' | 'handlerUnitId'>): Audience {
  return { kind: 'role-holders', roleKeys: [roleKey(HANDLER_ROLE[o.level], o.handlerUnitId)] };
}

/** The people who handle an order: the holders of its level's role at its handling unit. */
export async function handlersOf(db: Db, o: Pick<WorkOrderRecord, 'level' | 'handlerUnitId'>): Promise<string[]> {
  return (await usersWithRoleAt(db, HANDLER_ROLE[o.level], o.handlerUnitId)).map((u) => u._id);
}

export async function villageCadres(db: Db, villageId: string | null): Promise<string[]> {
  if (!villageId) return [];
  return (await usersWithRoleAt(db, 'village-cadre', villageId)).map((u) => u._id);
}

export async function loadOrder(db: Db | Tx, orderId: string): Promise<WorkOrderRecord> {
  const o = await findById<WorkOrderRecord>(db, COLLECTIONS.sanitationOrders.name, orderId);
  if (!o) throw notFound('找不到这条随手拍');
  return o;
}

export const orderLink = (o: Pick<WorkOrderRecord, '_id'>) => ({ page: 'sanitationOrder', id: o._id });
export const facilityLink = (f: Pick<FacilityRecord, '_id'>) => ({ page: 'sanitationFacility', id: f._id });

export { DEFAULT_ROUTE };
export type { SanitationRoutingRule };
