import { randomUUID } from 'node:crypto';
import type { Db } from '@cloudbase/database';
import type { In, Out } from './types';
import type { UserView } from '../../shared/contracts/auth';
import { PERSONAS } from '../../shared/contracts/common';
import type { HouseholdRecord, OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import { holdsRoleOver } from '../../shared/domain/jurisdiction';
import { recordAudit } from '../_lib/audit';
import { findUserByOpenid, usersWithRoleAt } from '../_lib/caller';
import { clock } from '../_lib/clock';
import { findById, type Tx } from '../_lib/db';
import { conflict, forbidden, invalid, notFound } from '../_lib/errors';
import type { ActionContext, MemberContext } from '../_lib/handler';
import { enqueue } from '../_lib/outbox';
import { completedWishCount } from '../wishes/lifecycle';
import { COLLECTIONS } from '../_lib/collections';

async function unitsById(db: Db, ids: string[]): Promise<Map<string, OrgUnitRecord>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const res = await db.collection(COLLECTIONS.orgUnits.name).where({ _id: db.command.in(unique) }).limit(1000).get();
  return new Map((res.data as OrgUnitRecord[]).map((u) => [u._id, u]));
}

export async function userView(db: Db, user: UserRecord): Promise<UserView> {
  const r = user.residence;
  const units = await unitsById(db, [
    ...user.roles.map((g) => g.unitId),
    ...(r ? [r.unitId, ...(r.gridId ? [r.gridId] : [])] : []),
  ]);
  const isPartyMember = user.roles.some((g) => g.role === 'party-member');
  return {
    id: user._id,
    name: user.name,
    persona: user.persona,
    roles: user.roles.map((g) => ({ role: g.role, unitId: g.unitId, unitName: units.get(g.unitId)?.name ?? '' })),
    residence: r
      ? {
          unitId: r.unitId,
          unitName: units.get(r.unitId)?.name ?? '',
          unitKind: units.get(r.unitId)?.kind,
          gridId: r.gridId,
          gridName: r.gridId ? units.get(r.gridId)?.name ?? null : null,
          householdId: r.householdId,
          householdConfirmed: r.householdConfirmed,
        }
      : null,
    resettled: user.resettled,
    phoneMasked: user.phoneMasked,
    serviceRecord: isPartyMember ? { completedWishes: await completedWishCount(db, user._id) } : null,
  };
}

function requireLocal(ctx: ActionContext) {
  // Dev sign-in exists only where the local runtime grants it; a cloud invocation never does.
  if (!ctx.local) throw notFound('此操作仅在本地演示环境可用');
  return ctx.local;
}

export async function devLogin(input: In<'devLogin'>, ctx: ActionContext): Promise<Out<'devLogin'>> {
  const local = requireLocal(ctx);
  let openid: string;
  if ('persona' in input) {
    const res = await ctx.db.collection(COLLECTIONS.users.name).where({ persona: input.persona, demo: true }).limit(1).get();
    const user = (res.data as UserRecord[])[0];
    if (!user) throw notFound('演示数据里没有这个身份');
    openid = user.openid;
  } else {
    openid = input.openid;
  }
  const token = await local.issueToken(openid);
  const user = await findUserByOpenid(ctx.db, openid);
  return { token, user: user ? await userView(ctx.db, user) : null };
}

export async function personas(_input: In<'personas'>, ctx: ActionContext): Promise<Out<'personas'>> {
  requireLocal(ctx);
  const res = await ctx.db.collection(COLLECTIONS.users.name).where({ demo: true }).limit(100).get();
  const users = (res.data as UserRecord[]).sort((a, b) => PERSONAS.indexOf(a.persona) - PERSONAS.indexOf(b.persona));
  const units = await unitsById(ctx.db, users.map((u) => u.residence?.unitId ?? u.roles[0]?.unitId ?? ''));
  return {
    items: users.map((u) => ({
      persona: u.persona,
      name: u.name,
      unitName: units.get(u.residence?.unitId ?? u.roles[0]?.unitId ?? '')?.name ?? '',
    })),
  };
}

export async function me(_input: In<'me'>, ctx: ActionContext): Promise<Out<'me'>> {
  return { user: ctx.caller ? await userView(ctx.db, ctx.caller) : null };
}

export async function register(input: In<'register'>, ctx: ActionContext): Promise<Out<'register'>> {
  const { db } = ctx;
  const openid = ctx.openid!;
  if (ctx.caller) throw conflict('您已经注册过了');
  const unit = await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, input.orgUnitId);
  if (!unit || (unit.kind !== 'village' && unit.kind !== 'community')) {
    throw invalid('请选择您居住的村或社区', [{ path: 'orgUnitId', message: '请选择村或社区' }]);
  }
  let household: HouseholdRecord | null = null;
  if (input.householdId) {
    household = await findById<HouseholdRecord>(db, COLLECTIONS.households.name, input.householdId);
    if (!household || household.unitId !== unit._id) {
      throw invalid('所选户不属于这个村（社区）', [{ path: 'householdId', message: '户不属于所选村（社区）' }]);
    }
  }
  const cadres = await usersWithRoleAt(db, 'village-cadre', unit._id);
  const now = clock.nowIso();
  // Not derived from the openid: the id outlives a closed account (注销), the openid must not.
  // One user per openid is kept by the unique index on users.openid (cloudfunctions/_lib/indexes.ts).
  const userId = `u_${randomUUID().replace(/-/g, '')}`;
  const user: UserRecord = {
    _id: userId,
    openid,
    name: input.name,
    persona: unit.resettlement ? 'resettled' : 'resident',
    roles: [],
    roleKeys: [],
    residence: {
      unitId: unit._id,
      gridId: household?.gridId ?? null,
      householdId: household?._id ?? null,
      householdConfirmed: false,
      path: household?.path ?? unit.path,
    },
    resettled: Boolean(unit.resettlement),
    birthYear: null,
    phoneMasked: null,
    createdAt: now,
  };
  try {
    await db.runTransaction(async (tx: Tx) => {
      await tx.collection(COLLECTIONS.users.name).add(user);
      await enqueue(
        tx,
        cadres.map((c) => c._id),
        { kind: 'resident.registered', title: '新居民注册待确认', body: `${input.name} 申请加入${unit.name}，请确认户籍信息。`, link: null },
      );
    });
  } catch (err) {
    const existing = await findUserByOpenid(db, openid);
    if (existing) throw conflict('您已经注册过了');
    throw err;
  }
  return { user: await userView(db, user) };
}

export async function orgUnits(input: In<'orgUnits'>, ctx: ActionContext): Promise<Out<'orgUnits'>> {
  const where = input.parentId ? { parentId: input.parentId } : { kind: 'town' };
  const res = await ctx.db.collection(COLLECTIONS.orgUnits.name).where(where).orderBy('_id', 'asc').limit(1000).get();
  return {
    items: (res.data as OrgUnitRecord[])
      .filter((u) => u.kind !== 'grid')
      .map((u) => ({ id: u._id, name: u.name, kind: u.kind, parentId: u.parentId, resettlement: Boolean(u.resettlement) })),
  };
}

function cadreVillages(caller: UserRecord): string[] {
  return caller.roles.filter((r) => r.role === 'village-cadre').map((r) => r.unitId);
}

async function pendingView(db: Db, u: UserRecord) {
  const r = u.residence!;
  const unit = await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, r.unitId);
  const household = r.householdId ? await findById<HouseholdRecord>(db, COLLECTIONS.households.name, r.householdId) : null;
  return {
    userId: u._id,
    name: u.name,
    unitName: unit?.name ?? '',
    householdId: r.householdId,
    householdName: household ? `${household.headName}户（${household.address}）` : null,
    householdConfirmed: r.householdConfirmed,
    registeredAt: u.createdAt,
  };
}

export async function pendingResidents(_input: In<'pendingResidents'>, ctx: MemberContext): Promise<Out<'pendingResidents'>> {
  const villages = cadreVillages(ctx.caller);
  if (villages.length === 0) throw forbidden('只有村（社区）干部可以确认居民');
  const _ = ctx.db.command;
  const res = await ctx.db
    .collection(COLLECTIONS.users.name)
    .where({ 'residence.unitId': _.in(villages), 'residence.householdConfirmed': false })
    .limit(100)
    .get();
  const items = [];
  for (const u of res.data as UserRecord[]) items.push(await pendingView(ctx.db, u));
  return { items };
}

export async function confirmResident(input: In<'confirmResident'>, ctx: MemberContext): Promise<Out<'confirmResident'>> {
  const { db, caller } = ctx;
  const target = await findById<UserRecord>(db, COLLECTIONS.users.name, input.userId);
  if (!target?.residence) throw notFound('找不到这位居民');
  const residence = target.residence;
  if (!holdsRoleOver(caller.roles, ['village-cadre'], [residence.unitId])) throw forbidden('只能确认本村（社区）的居民');
  if (residence.householdConfirmed) throw conflict('这位居民的户籍已经确认过了');
  const householdId = input.householdId ?? residence.householdId;
  if (input.decision === 'confirm' && !householdId) {
    throw invalid('请选择这位居民所在的户', [{ path: 'householdId', message: '请选择户' }]);
  }
  const household = householdId ? await findById<HouseholdRecord>(db, COLLECTIONS.households.name, householdId) : null;
  if (input.decision === 'confirm' && (!household || household.unitId !== residence.unitId)) {
    throw invalid('所选户不属于这个村（社区）', [{ path: 'householdId', message: '户不属于本村（社区）' }]);
  }
  const next =
    input.decision === 'confirm' && household
      ? { ...residence, householdId: household._id, gridId: household.gridId, path: household.path, householdConfirmed: true }
      : { ...residence, householdId: null, householdConfirmed: false };
  await db.runTransaction(async (tx: Tx) => {
    const fresh = await findById<UserRecord>(tx, COLLECTIONS.users.name, target._id);
    if (fresh?.residence?.householdConfirmed) throw conflict('这位居民的户籍已经确认过了');
    await tx.collection(COLLECTIONS.users.name).doc(target._id).update({ residence: next });
    await enqueue(tx, [target._id], {
      kind: input.decision === 'confirm' ? 'resident.confirmed' : 'resident.rejected',
      title: input.decision === 'confirm' ? '您的户籍信息已确认' : '您的户籍信息未能确认',
      body: input.decision === 'confirm' ? `${caller.name}已确认您属于${household?.headName ?? ''}户。` : '请联系村（社区）干部核实后重新选择。',
      link: null,
    });
    await recordAudit(tx, caller, ctx.requestId, {
      action: `auth.confirmResident.${input.decision}`,
      target: { collection: COLLECTIONS.users.name, id: target._id },
      before: { residence },
      after: { residence: next },
    });
  });
  return { user: await pendingView(db, { ...target, residence: next }) };
}
