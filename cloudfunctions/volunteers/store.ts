import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '@cloudbase/database';
import type { PartyRegistrationRecord } from '../../shared/domain/admin-records';
import type { OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import type { VolunteerHourRecord, VolunteerRecord, VolunteerServiceRecord, VolunteerSignupRecord } from '../../shared/domain/volunteer-records';
import { canManageCommunity, canOverseeCommunity, volunteerPlacement } from '../../shared/domain/volunteer-rules';
import { COLLECTIONS } from '../_lib/collections';
import { findById, readByIds, type Tx } from '../_lib/db';
import { forbidden, invalid, notFound } from '../_lib/errors';

/** A deterministic id from its parts: retries and duplicates land on the same document. */
export function idFor(prefix: string, ...parts: string[]): string {
  return `${prefix}${createHash('sha256').update(parts.join(':')).digest('hex').slice(0, 30)}`;
}

export const volunteerIdOf = (userId: string) => `vl-${userId}`;
/** The provisioned 服务清单 entries (county file key) and the county's volunteer settings. */
export const volunteerServiceIdOf = (unitId: string, key: string) => `vs-${unitId}-${key}`;
export const volunteerConfigIdOf = (countyId: string) => `volunteers-${countyId}`;
export const signupIdFor = (activityId: string, userId: string) => idFor('vg', activityId, userId);
/** A sign-up's confirmed hours: one ledger entry, so a confirmation run again writes nothing twice. */
export const hourEntryIdOf = (signupId: string) => `vh-${signupId}`;

/** Confirmed minutes by sign-up id, as the views show them. */
export type CreditedMinutes = ReadonlyMap<string, number>;

/**
 * The confirmed minutes of those of `signups` already credited, from their ledger entries: one read by id,
 * none when no sign-up is credited. A credited sign-up without an entry had nothing left to count (0).
 */
export async function creditedMinutesOf(db: Db, signups: readonly (VolunteerSignupRecord | null)[]): Promise<CreditedMinutes> {
  const ids = signups.flatMap((s) => (s && s.creditedAt !== null ? [hourEntryIdOf(s._id)] : []));
  if (ids.length === 0) return new Map();
  const entries = await readByIds<VolunteerHourRecord>(db, COLLECTIONS.volunteerHours.name, ids);
  return new Map(entries.map((h) => [h.signupId, h.minutes]));
}

/** A certificate code: 10 letters and digits without the look-alikes (0/O, 1/I). */
export function newCertCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return [...randomBytes(10)].map((b) => alphabet[b % alphabet.length]).join('');
}

export async function loadCommunity(db: Db | Tx, unitId: string): Promise<OrgUnitRecord> {
  const unit = await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, unitId);
  if (!unit || (unit.kind !== 'village' && unit.kind !== 'community')) throw notFound('找不到这个村（社区）');
  return unit;
}

export async function partyRegistrationOf(db: Db | Tx, userId: string): Promise<PartyRegistrationRecord | null> {
  return findById<PartyRegistrationRecord>(db, COLLECTIONS.partyRegistrations.name, `pr-${userId}`);
}

/** Where the caller volunteers: a confirmed 双报到 community, else where they live. */
export async function placementOf(db: Db, caller: UserRecord) {
  return volunteerPlacement(caller.residence?.unitId ?? null, await partyRegistrationOf(db, caller._id));
}

/** The community an action is about: the one named, else the caller's own (their cadre post, 双报到, or home). */
export async function resolveCommunity(db: Db, caller: UserRecord, unitId?: string): Promise<OrgUnitRecord> {
  const own = unitId ?? caller.roles.find((r) => r.role === 'village-cadre')?.unitId ?? (await placementOf(db, caller))?.unitId;
  if (!own) throw forbidden('请先登记您居住的村（社区）');
  return loadCommunity(db, own);
}

/** A person may see a community's volunteer work if they belong to it (live, volunteer, 双报到) or oversee it. */
export async function mustBelongOrOversee(db: Db, caller: UserRecord, unit: OrgUnitRecord): Promise<void> {
  if (canOverseeCommunity(caller.roles, unit.path)) return;
  if (caller.residence?.path.includes(unit._id)) return;
  const v = await findById<VolunteerRecord>(db, COLLECTIONS.volunteers.name, volunteerIdOf(caller._id));
  if (v?.unitId === unit._id) return;
  throw forbidden('只有本村（社区）的居民和志愿者可以查看');
}

export function mustManage(caller: UserRecord, path: readonly string[]): void {
  if (!canManageCommunity(caller.roles, path)) throw forbidden('只有本村（社区）干部可以管理志愿服务');
}

export async function loadService(db: Db | Tx, id: string): Promise<VolunteerServiceRecord> {
  const s = await findById<VolunteerServiceRecord>(db, COLLECTIONS.volunteerServices.name, id);
  if (!s) throw notFound('这项服务不存在');
  return s;
}


export async function loadVolunteer(db: Db | Tx, userId: string): Promise<VolunteerRecord | null> {
  return findById<VolunteerRecord>(db, COLLECTIONS.volunteers.name, volunteerIdOf(userId));
}

/** Activities and services with held text exist only for their community's managers and the author. */
export function heldHidden(doc: { moderation?: { held: { authorId: string }[] } | undefined; path: readonly string[] }, caller: UserRecord): boolean {
  const held = doc.moderation?.held ?? [];
  if (held.length === 0) return false;
  return !canManageCommunity(caller.roles, doc.path) && !held.some((h) => h.authorId === caller._id);
}

export function noIssue(path: string, message: string) {
  return invalid(message, [{ path, message }]);
}
