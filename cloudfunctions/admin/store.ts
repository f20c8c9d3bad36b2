import type { Db } from '@cloudbase/database';
import type { OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import type { PoliceHomeRecord } from '../../shared/domain/police-records';
import {
  WRONG_CODE_LIMIT,
  WRONG_CODE_WINDOW_MS,
  type AdminActor,
  type AppointableRole,
  type UnitFacts,
  type Verdict,
} from '../../shared/domain/appointment-rules';
import type { CodeAttemptRecord } from '../../shared/domain/admin-records';
import { roleKey } from '../_lib/caller';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { findById, isDuplicateKey, type Tx } from '../_lib/db';
import { AppError, conflict, forbidden, invalid, notFound } from '../_lib/errors';

import { homeIdOf } from '../police/store';

export function actorOf(user: UserRecord): AdminActor {
  return { id: user._id, grants: user.roles };
}

export function unitFacts(u: OrgUnitRecord): UnitFacts {
  return { id: u._id, kind: u.kind, path: u.path, retired: Boolean(u.retiredAt) };
}

export async function loadUnit(db: Db | Tx, unitId: string): Promise<OrgUnitRecord> {
  const unit = await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, unitId);
  if (!unit) throw notFound('找不到这个单位');
  return unit;
}

/** A registered, open account; anything else is bad input for an appointment (INVALID_INPUT). */
export async function loadRegistered(db: Db | Tx, userId: string, path = 'userId'): Promise<UserRecord> {
  const user = await findById<UserRecord>(db, COLLECTIONS.users.name, userId);
  if (!user || user.closedAt) throw invalid('找不到这位已注册的用户，请先请他注册或发邀请码', [{ path, message: '不是已注册的用户' }]);
  return user;
}

/** Turns a rule's verdict into the error its case needs. */
export function enforce(verdict: Verdict, words: { forbidden: string; invalid?: string; conflict?: string }): void {
  if (verdict === 'ok') return;
  if (verdict === 'forbidden') throw forbidden(words.forbidden);
  if (verdict === 'invalid') throw invalid(words.invalid ?? '这个单位不能设这个职务');
  throw conflict(words.conflict ?? '这个单位已经停用');
}

/**
 * Gives `role` at `unitId` to the user inside the caller's transaction: `roles` and `roleKeys` change
 * together on the user's document, and the grid's party group or the 警民之家's officers follow.
 */
export async function grantRole(tx: Tx, userId: string, role: AppointableRole, unit: OrgUnitRecord): Promise<UserRecord> {
  const user = await findById<UserRecord>(tx, COLLECTIONS.users.name, userId);
  if (!user || user.closedAt) throw invalid('找不到这位已注册的用户', [{ path: 'userId', message: '不是已注册的用户' }]);
  const after = withRole(user, role, unit);
  await tx.collection(COLLECTIONS.users.name).doc(user._id).update({ roles: after.roles, roleKeys: after.roleKeys });
  await takeRoleSeat(tx, after, role, unit);
  return after;
}

/** The user with `role` at `unit` added to `roles` and `roleKeys` (which change together); CONFLICT when held already. */
export function withRole(user: UserRecord, role: AppointableRole, unit: OrgUnitRecord): UserRecord {
  const key = roleKey(role, unit._id);
  if (user.roleKeys.includes(key)) throw conflict(`${user.name}已经是这里的这个职务了`);
  return { ...user, roles: [...user.roles, { role, unitId: unit._id }], roleKeys: [...user.roleKeys, key] };
}

/** What a role brings besides the user's record, in the caller's transaction: the grid's party group, the 警民之家's officers. */
export async function takeRoleSeat(tx: Tx, user: UserRecord, role: AppointableRole, unit: OrgUnitRecord): Promise<void> {
  if (role === 'grid-leader') {
    const grid = await findById<OrgUnitRecord>(tx, COLLECTIONS.orgUnits.name, unit._id);
    const members = grid?.partyGroupMemberIds ?? [];
    if (!members.includes(user._id)) {
      await tx.collection(COLLECTIONS.orgUnits.name).doc(unit._id).update({ partyGroupMemberIds: [...members, user._id] });
    }
  }
  if (role === 'police') {
    const home = await findById<PoliceHomeRecord>(tx, COLLECTIONS.policeHomes.name, homeIdOf(unit._id));
    if (!home) throw conflict(`${unit.name}还没有警民之家，请先建好警民之家再任命民警`);
    if (!home.officers.some((o) => o.userId === user._id)) {
      const officers = [...home.officers, { userId: user._id, name: user.name, phoneMasked: user.phoneMasked, title: '社区民警' }];
      await tx.collection(COLLECTIONS.policeHomes.name).doc(home._id).update({ officers });
    }
  }
}

/**
 * Ends `role` at `unitId` for the user inside the caller's transaction; records stay as they are.
 * A grid leader also leaves the grid's party group, which the appointment put them in.
 */
export async function revokeRole(tx: Tx, userId: string, role: AppointableRole, unitId: string, also: (after: UserRecord) => object = () => ({})): Promise<UserRecord> {
  const user = await findById<UserRecord>(tx, COLLECTIONS.users.name, userId);
  const key = roleKey(role, unitId);
  if (!user || !user.roleKeys.includes(key)) throw conflict('这位同志已经不担任这个职务了');
  const roles = user.roles.filter((r) => !(r.role === role && r.unitId === unitId));
  const roleKeys = user.roleKeys.filter((k) => k !== key);
  // `also`: what the caller's change writes on the same record in the same update (its carried effects).
  await tx.collection(COLLECTIONS.users.name).doc(user._id).update({ roles, roleKeys, ...also({ ...user, roles, roleKeys }) });
  if (role === 'grid-leader') {
    const grid = await findById<OrgUnitRecord>(tx, COLLECTIONS.orgUnits.name, unitId);
    if (grid?.partyGroupMemberIds?.includes(user._id)) {
      await tx.collection(COLLECTIONS.orgUnits.name).doc(unitId).update({ partyGroupMemberIds: grid.partyGroupMemberIds.filter((id) => id !== user._id) });
    }
  }
  if (role === 'police') {
    const home = await findById<PoliceHomeRecord>(tx, COLLECTIONS.policeHomes.name, homeIdOf(unitId));
    if (home?.officers.some((o) => o.userId === user._id)) {
      await tx.collection(COLLECTIONS.policeHomes.name).doc(home._id).update({ officers: home.officers.filter((o) => o.userId !== user._id) });
    }
  }
  return { ...user, roles, roleKeys };
}

function windowOf(now: number): { key: string; start: string } {
  const start = Math.floor(now / WRONG_CODE_WINDOW_MS) * WRONG_CODE_WINDOW_MS;
  return { key: String(start), start: new Date(start).toISOString() };
}

const attemptIds = (purpose: string, who: string, now: number) => {
  const w = windowOf(now);
  // Per person, and for everyone together (many accounts guessing at once), in the same window.
  return { mine: `${purpose}:${who}:${w.key}`, all: `${purpose}:*:${w.key}`, start: w.start };
};

/** RATE_LIMITED once a person (or everyone, ten times over) has entered too many wrong codes lately. */
export async function refuseIfTooManyWrong(db: Db, purpose: string, who: string): Promise<void> {
  const ids = attemptIds(purpose, who, clock.now().getTime());
  const [mine, all] = await Promise.all([
    findById<CodeAttemptRecord>(db, COLLECTIONS.codeAttempts.name, ids.mine),
    findById<CodeAttemptRecord>(db, COLLECTIONS.codeAttempts.name, ids.all),
  ]);
  if ((mine?.count ?? 0) >= WRONG_CODE_LIMIT || (all?.count ?? 0) >= WRONG_CODE_LIMIT * 10) {
    throw new AppError('RATE_LIMITED', '输错的次数太多了，请 15 分钟后再试');
  }
}

/** Counts one wrong code (an increment, never read-then-write, so simultaneous guesses all count). */
export async function countWrongCode(db: Db, purpose: string, who: string): Promise<void> {
  const ids = attemptIds(purpose, who, clock.now().getTime());
  const _ = db.command;
  for (const id of [ids.mine, ids.all]) {
    const col = db.collection(COLLECTIONS.codeAttempts.name);
    const res = (await col.doc(id).update({ count: _.inc(1) })) as { updated?: number };
    if (res.updated) continue;
    try {
      await col.add({ _id: id, count: 1, windowStart: ids.start });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      await col.doc(id).update({ count: _.inc(1) });
    }
  }
}

