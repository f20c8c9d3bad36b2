import { randomUUID } from 'node:crypto';
import type { Db } from '@cloudbase/database';
import type { In, Out } from './types';
import type { UserView } from '../../shared/contracts/auth';
import { PERSONAS } from '../../shared/contracts/common';
import type { HouseholdRecord, OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import { holdsRoleOver } from '../../shared/domain/jurisdiction';
import { findUserByOpenid, holderIdsPipeline } from '../_lib/caller';
import { clock } from '../_lib/clock';
import { findById, type Tx } from '../_lib/db';
import { conflict, forbidden, invalid, notFound } from '../_lib/errors';
import type { ActionContext, MemberContext } from '../_lib/handler';
import { carrying, effectOf, pushEffects, type EffectSpec } from '../_lib/effects';
import { completedWishCount } from '../wishes/lifecycle';
import { openInvitation, registerWithInvitation } from '../admin/invitations';
import { COLLECTIONS } from '../_lib/collections';
import { runTransaction } from '../_lib/transaction';

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
  return userViewFrom(user, units, isPartyMember ? await completedWishCount(db, user._id) : 0);
}

/** The person as the pages see them, from the units their roles and residence name (and, for a party member, their completed wishes). */
function userViewFrom(user: UserRecord, units: Map<string, OrgUnitRecord>, completedWishes: number): UserView {
  const r = user.residence;
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
    serviceRecord: isPartyMember ? { completedWishes } : null,
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

/** A village's grids read back at most (Qianyang: 2 to 12). */
const GRIDS_CAP = 100;

/**
 * What registering reads, in one aggregate on the chosen unit: the household picked, the unit's grids
 * (the household's grid is named in the answer) and its cadres, who are told of the new resident.
 */
async function readForRegister(db: Db, unitId: string, householdId: string | null) {
  const $ = db.command.aggregate;
  let q = db
    .collection(COLLECTIONS.orgUnits.name)
    .aggregate()
    .match({ _id: unitId })
    .limit(1)
    .lookup({ from: COLLECTIONS.orgUnits.name, pipeline: $.pipeline().match({ parentId: unitId, kind: 'grid' }).limit(GRIDS_CAP).done(), as: 'grids' })
    .lookup({ from: COLLECTIONS.users.name, pipeline: holderIdsPipeline(db, 'village-cadre', unitId), as: 'cadres' });
  if (householdId) q = q.lookup({ from: COLLECTIONS.households.name, pipeline: $.pipeline().match({ _id: householdId }).limit(1).done(), as: 'households' });
  type Row = OrgUnitRecord & { grids: OrgUnitRecord[]; cadres: { _id: string }[]; households?: HouseholdRecord[] };
  const row = ((await q.end()).data as Row[])[0];
  if (!row) return { unit: null, grids: [], cadreIds: [], household: null };
  const { grids, cadres, households, ...unit } = row;
  return { unit: unit as OrgUnitRecord, grids: grids ?? [], cadreIds: (cadres ?? []).map((c) => c._id), household: households?.[0] ?? null };
}

/**
 * Registering is one write: the add of the person's record, carrying the notice to the village's cadres
 * (`_lib/effects.ts`). With an invitation code the code is claimed and the record added with its role in
 * one transaction, the record carrying the use's audit entry and notices too. The answer is built from
 * what was read. Requests: the caller (none yet), the aggregate, the add (with a code: the code's checks
 * and the transaction).
 */
export async function register(input: In<'register'>, ctx: ActionContext): Promise<Out<'register'>> {
  const { db } = ctx;
  const openid = ctx.openid!;
  if (ctx.caller) throw conflict('您已经注册过了');
  const { unit, grids, cadreIds, household: picked } = await readForRegister(db, input.orgUnitId, input.householdId ?? null);
  if (!unit || (unit.kind !== 'village' && unit.kind !== 'community') || unit.retiredAt) {
    throw invalid('请选择您居住的村或社区', [{ path: 'orgUnitId', message: '请选择村或社区' }]);
  }
  const household = input.householdId ? picked : null;
  if (input.householdId && (!household || household.unitId !== unit._id)) {
    throw invalid('所选户不属于这个村（社区）', [{ path: 'householdId', message: '户不属于所选村（社区）' }]);
  }
  const invitation = input.invitationCode ? await openInvitation(db, input.invitationCode, openid) : null;
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
  const toCadres = { to: cadreIds, message: { kind: 'resident.registered' as const, title: '新居民注册待确认', body: `${input.name} 申请加入${unit.name}，请确认户籍信息。`, link: null, aboutId: user._id } };
  const carried = (u: UserRecord, spec: EffectSpec) => carrying([effectOf(u, ctx.requestId, { collection: COLLECTIONS.users.name, id: u._id, path: u.residence?.path ?? [] }, now, spec)]);
  let registered = user;
  try {
    if (invitation) {
      registered = await runTransaction(db, (tx: Tx) =>
        registerWithInvitation(tx, invitation.inv, invitation.unit, user, (after, owes) => carried(after, { audit: owes.audit, messages: [toCadres, ...owes.messages] })),
      );
    } else {
      await db.collection(COLLECTIONS.users.name).add({ ...user, ...carried(user, { messages: [toCadres] }) });
    }
  } catch (err) {
    const existing = await findUserByOpenid(db, openid);
    if (existing) throw conflict('您已经注册过了');
    throw err;
  }
  const units = new Map([unit, ...grids, ...(invitation ? [invitation.unit] : [])].map((u) => [u._id, u]));
  // A new person has no wishes yet.
  return { user: userViewFrom(registered, units, 0) };
}

/** Children of one unit at most (a county's towns, a town's villages and communities). */
const CHILDREN_CAP = 1000;

/**
 * The units to pick from when registering: the children of `parentId`; without it the towns of the one
 * county this deployment serves, or the counties when it serves several (the form then drills down).
 * Never every county's towns at once.
 */
export async function orgUnits(input: In<'orgUnits'>, ctx: ActionContext): Promise<Out<'orgUnits'>> {
  const units = ctx.db.collection(COLLECTIONS.orgUnits.name);
  let parentId = input.parentId;
  if (!parentId) {
    const counties = (await units.where({ kind: 'county' }).orderBy('_id', 'asc').limit(100).get()).data as OrgUnitRecord[];
    if (counties.length !== 1) return { items: counties.map(unitOption) };
    parentId = counties[0]!._id;
  }
  const res = await units.where({ parentId }).orderBy('_id', 'asc').limit(CHILDREN_CAP).get();
  // A retired (撤并) unit keeps its history but is no place to register any more.
  return { items: (res.data as OrgUnitRecord[]).filter((u) => u.kind !== 'grid' && !u.retiredAt).map(unitOption) };
}

function unitOption(u: OrgUnitRecord): Out<'orgUnits'>['items'][number] {
  return { id: u._id, name: u.name, kind: u.kind, parentId: u.parentId, resettlement: Boolean(u.resettlement) };
}

function cadreVillages(caller: UserRecord): string[] {
  return caller.roles.filter((r) => r.role === 'village-cadre').map((r) => r.unitId);
}

async function pendingView(db: Db, u: UserRecord) {
  const r = u.residence!;
  const unit = await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, r.unitId);
  const household = r.householdId ? await findById<HouseholdRecord>(db, COLLECTIONS.households.name, r.householdId) : null;
  return pendingViewFrom(u, unit, household);
}

/** A resident to confirm as the cadre's list shows them, from their village and household in hand. */
function pendingViewFrom(u: UserRecord, unit: OrgUnitRecord | null, household: HouseholdRecord | null) {
  const r = u.residence!;
  return {
    userId: u._id,
    name: u.name,
    unitId: r.unitId,
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

/** A grid of the resident's village, open for new households. */
function checkGrid(grid: OrgUnitRecord | null, villageId: string): OrgUnitRecord {
  if (!grid || grid.kind !== 'grid' || grid.parentId !== villageId) {
    throw invalid('所选网格不在这个村（社区）', [{ path: 'newHousehold.gridId', message: '请选本村（社区）的网格' }]);
  }
  if (grid.retiredAt) throw conflict(`${grid.name}已经停用，请选另一个网格`);
  return grid;
}

/** The household a cadre opens for a resident: the resident is its head; the id follows from the resident. */
function newHouseholdFor(resident: UserRecord, grid: OrgUnitRecord, village: OrgUnitRecord | null, address: string): HouseholdRecord {
  return { _id: `hh-${resident._id}`, unitId: resident.residence!.unitId, gridId: grid._id, path: grid.path, headName: resident.name, address, resettled: !!village?.resettlement };
}

const HOUSEHOLD_CHOICES = 30;

export async function villageHouseholds(input: In<'villageHouseholds'>, ctx: MemberContext): Promise<Out<'villageHouseholds'>> {
  const { db, caller } = ctx;
  if (!holdsRoleOver(caller.roles, ['village-cadre'], [input.unitId])) throw forbidden('只能查看本村（社区）的户');
  const unit = await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, input.unitId);
  if (!unit) throw notFound('找不到这个村（社区）');
  const where: Record<string, unknown> = { unitId: input.unitId };
  if (input.headName) where.headName = db.RegExp({ regexp: `^${input.headName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` });
  const [res, gridsRes] = await Promise.all([
    db.collection(COLLECTIONS.households.name).where(where).orderBy('headName', 'asc').limit(HOUSEHOLD_CHOICES + 1).get(),
    // A village has a handful of grids (Qianyang: 2 to 12).
    db.collection(COLLECTIONS.orgUnits.name).where({ parentId: input.unitId, kind: 'grid' }).limit(100).get(),
  ]);
  const grids = (gridsRes.data as OrgUnitRecord[]).filter((g) => !g.retiredAt);
  const gridName = new Map((gridsRes.data as OrgUnitRecord[]).map((g) => [g._id, g.name]));
  const rows = res.data as HouseholdRecord[];
  return {
    items: rows.slice(0, HOUSEHOLD_CHOICES).map((h) => ({ id: h._id, headName: h.headName, address: h.address, gridId: h.gridId, gridName: gridName.get(h.gridId) ?? '' })),
    more: rows.length > HOUSEHOLD_CHOICES,
    grids: grids.map((g) => ({ id: g._id, name: g.name })),
  };
}

/**
 * What confirming reads, in one aggregate on the resident: their village, the household chosen (or the
 * one they picked when registering), the grid a new household would open in and, for it, whether that
 * household exists already (a retry).
 */
async function readForConfirm(db: Db, userId: string, householdId: string | null, gridId: string | null) {
  const $ = db.command.aggregate;
  let q = db
    .collection(COLLECTIONS.users.name)
    .aggregate()
    .match({ _id: userId })
    .limit(1)
    .lookup({ from: COLLECTIONS.orgUnits.name, localField: 'residence.unitId', foreignField: '_id', as: 'villages' })
    .lookup({ from: COLLECTIONS.households.name, localField: 'residence.householdId', foreignField: '_id', as: 'picked' })
    .lookup({ from: COLLECTIONS.households.name, pipeline: $.pipeline().match({ _id: `hh-${userId}` }).limit(1).done(), as: 'opened' });
  if (householdId) q = q.lookup({ from: COLLECTIONS.households.name, pipeline: $.pipeline().match({ _id: householdId }).limit(1).done(), as: 'chosen' });
  if (gridId) q = q.lookup({ from: COLLECTIONS.orgUnits.name, pipeline: $.pipeline().match({ _id: gridId }).limit(1).done(), as: 'grids' });
  type Row = UserRecord & { villages: OrgUnitRecord[]; picked: HouseholdRecord[]; opened: HouseholdRecord[]; chosen?: HouseholdRecord[]; grids?: OrgUnitRecord[] };
  const row = ((await q.end()).data as Row[])[0];
  if (!row) return null;
  const { villages, picked, opened, chosen, grids, ...user } = row;
  return { user: user as UserRecord, village: villages?.[0] ?? null, picked: picked?.[0] ?? null, opened: opened?.[0] ?? null, chosen: chosen?.[0] ?? null, grid: grids?.[0] ?? null };
}

/**
 * The village cadre confirms (or rejects) a resident's household. One conditional write of the resident's
 * record — while still unconfirmed — carrying the resident's notice and the audit entry (`_lib/effects.ts`);
 * a household opened for the resident is added with it in one transaction (the two change together).
 * Requests: the aggregate, the write (a new household: the transaction, its two reads and two writes).
 */
export async function confirmResident(input: In<'confirmResident'>, ctx: MemberContext): Promise<Out<'confirmResident'>> {
  const { db, caller } = ctx;
  const read = await readForConfirm(db, input.userId, input.householdId ?? null, input.decision === 'confirm' ? input.newHousehold?.gridId ?? null : null);
  const target = read?.user;
  if (!read || !target?.residence) throw notFound('找不到这位居民');
  const residence = target.residence;
  if (!holdsRoleOver(caller.roles, ['village-cadre'], [residence.unitId])) throw forbidden('只能确认本村（社区）的居民');
  if (residence.householdConfirmed) throw conflict('这位居民的户籍已经确认过了');
  const created = input.decision === 'confirm' && input.newHousehold ? newHouseholdFor(target, checkGrid(read.grid, residence.unitId), read.village, input.newHousehold.address) : null;
  const householdId = created?._id ?? input.householdId ?? residence.householdId;
  if (input.decision === 'confirm' && !householdId) {
    throw invalid('请选择这位居民所在的户，或为他新建一户', [{ path: 'householdId', message: '请选择户' }]);
  }
  const household = created ?? (input.householdId ? read.chosen : read.picked);
  if (input.decision === 'confirm' && (!household || household.unitId !== residence.unitId)) {
    throw invalid('所选户不属于这个村（社区）', [{ path: 'householdId', message: '户不属于本村（社区）' }]);
  }
  const next =
    input.decision === 'confirm' && household
      ? { ...residence, householdId: household._id, gridId: household.gridId, path: household.path, householdConfirmed: true }
      : { ...residence, householdId: null, householdConfirmed: false };
  const effect = effectOf(caller, ctx.requestId, { collection: COLLECTIONS.users.name, id: target._id, path: next.path }, clock.nowIso(), {
    messages: [
      {
        to: [target._id],
        message: {
          kind: input.decision === 'confirm' ? 'resident.confirmed' : 'resident.rejected',
          title: input.decision === 'confirm' ? '您的户籍信息已确认' : '您的户籍信息未能确认',
          body: input.decision === 'confirm' ? `${caller.name}已确认您属于${household?.headName ?? ''}户。` : '请联系村（社区）干部核实后重新选择。',
          link: null,
          aboutId: caller._id,
        },
      },
    ],
    audit: { action: `auth.confirmResident.${input.decision}`, before: { residence }, after: { residence: next, ...(created ? { householdCreated: created._id } : {}) } },
  });
  const change = { residence: next, ...pushEffects(db, [effect]) };
  if (created && !read.opened) {
    await runTransaction(db, async (tx: Tx) => {
      const fresh = await findById<UserRecord>(tx, COLLECTIONS.users.name, target._id);
      if (fresh?.residence?.householdConfirmed) throw conflict('这位居民的户籍已经确认过了');
      // The household is opened with the confirmation, once: its id follows from the resident (a retry finds it).
      if (!(await findById<HouseholdRecord>(tx, COLLECTIONS.households.name, created._id))) await tx.collection(COLLECTIONS.households.name).add(created);
      await tx.collection(COLLECTIONS.users.name).doc(target._id).update(change);
    });
  } else {
    const res = await db.collection(COLLECTIONS.users.name).where({ _id: target._id, 'residence.householdConfirmed': false }).update(change);
    if ((res as { updated?: number }).updated !== 1) throw conflict('这位居民的户籍已经确认过了');
  }
  return { user: pendingViewFrom({ ...target, residence: next }, read.village, next.householdId ? household : null) };
}
