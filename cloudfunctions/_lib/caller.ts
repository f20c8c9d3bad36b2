import type { Db } from '@cloudbase/database';
import type { OrgUnitRecord, UserRecord } from '../../shared/domain/records';

import { cloudApp, findById } from './db';
import { COLLECTIONS } from './collections';

/**
 * In the cloud the caller's openid comes from the platform (WX_OPENID, set per invocation);
 * it is never read from the payload. The local gateway passes identity explicitly instead,
 * because one process serves many callers at once.
 */
export function platformOpenid(): string | null {
  const info = cloudApp().auth().getUserInfo();
  return info.openId || null;
}

/** The person behind an openid; a closed account (see auth/close.ts) is nobody's any more. */
export async function findUserByOpenid(db: Db, openid: string): Promise<UserRecord | null> {
  // A closed record keeps the openid until its close has finished (auth/close.ts), and is skipped.
  const res = await db.collection(COLLECTIONS.users.name).where({ openid }).limit(10).get();
  return (res.data as UserRecord[]).find((u) => !u.closedAt) ?? null;
}

/** Every user holding `role` at `unitId` (e.g. the cadres of one village). */
/** The holders of a post read at most (a unit's cadres, mediators or officers are a handful; one read's cap). */
export const HOLDERS_CAP = 1000;

export async function usersWithRoleAt(db: Db, role: string, unitId: string): Promise<UserRecord[]> {
  const res = await db.collection(COLLECTIONS.users.name).where({ roleKeys: roleKey(role, unitId) }).limit(HOLDERS_CAP).get();
  return res.data as UserRecord[];
}

/** The ids of a post's holders as an aggregate's `$lookup` pipeline: `usersWithRoleAt` inside a read that joins it. */
export function holderIdsPipeline(db: Db, role: string, unitId: string): object[] {
  return db.command.aggregate.pipeline().match({ roleKeys: roleKey(role, unitId) }).project({ _id: 1 }).limit(HOLDERS_CAP).done();
}

export function roleKey(role: string, unitId: string): string {
  return `${role}@${unitId}`;
}

/** The person as the pure rules in shared/domain see them. */
export function toActor(user: UserRecord): { id: string; grants: UserRecord['roles']; homeUnitIds: string[] } {
  const home = new Set<string>();
  if (user.residence) home.add(user.residence.unitId);
  for (const r of user.roles) if (r.role === 'party-member') home.add(r.unitId);
  return { id: user._id, grants: user.roles, homeUnitIds: [...home] };
}

/** The 网格党小组 of a grid: the party members a grid's wishes and cases are told to. */
export async function gridPartyGroup(db: Db, gridId: string | null): Promise<string[]> {
  if (!gridId) return [];
  const grid = await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, gridId);
  return grid?.partyGroupMemberIds ?? [];
}
