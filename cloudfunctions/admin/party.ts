import { runTransaction } from '../_lib/transaction';
import { randomUUID } from 'node:crypto';
import type { Db } from '@cloudbase/database';
import type { PartyOrgView } from '../../shared/contracts/admin';
import type { PartyOrgRecord, PartyRegistrationRecord } from '../../shared/domain/admin-records';
import { holdsRoleOver, unitsWithRole } from '../../shared/domain/jurisdiction';
import type { OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import { recordAudit } from '../_lib/audit';
import { roleKey, usersWithRoleAt } from '../_lib/caller';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { findById, readAll, readByIds, type Tx } from '../_lib/db';
import { conflict, forbidden, invalid, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { enqueue } from '../_lib/outbox';
import { grantRole, loadRegistered, loadUnit } from './store';
import type { In, Out } from './types';
import { registrationView } from './views';

/** Caps one aggregate answer; a party organisation has at most a few hundred members. */
const GROUP_CAP = 1000;
export const registrationIdOf = (memberId: string) => `pr-${memberId}`;

async function confirmedCounts(db: Db, orgIds: string[]): Promise<Map<string, number>> {
  if (orgIds.length === 0) return new Map();
  const $ = db.command.aggregate;
  const res = await db
    .collection(COLLECTIONS.partyRegistrations.name)
    .aggregate()
    .match({ partyOrgId: db.command.in(orgIds), status: 'confirmed' })
    .group({ _id: '$partyOrgId', n: $.sum(1) })
    .limit(GROUP_CAP)
    .end();
  return new Map((res.data as { _id: string; n: number }[]).map((r) => [r._id, r.n]));
}

function orgView(org: PartyOrgRecord, counts: Map<string, number>, viewerId: string): PartyOrgView {
  return { id: org._id, name: org.name, secretaryName: org.secretaryName, memberCount: counts.get(org._id) ?? 0, mine: org.secretaryId === viewerId };
}

/**
 * Each member's service record, counted on the server from `wishes`: fulfilled wishes the wisher
 * confirmed, and wishes they hold now. One aggregate for the whole list, not one query per member.
 */
async function serviceRecords(db: Db, memberIds: string[]): Promise<Map<string, { completed: number; claimed: number }>> {
  const out = new Map<string, { completed: number; claimed: number }>();
  if (memberIds.length === 0) return out;
  const _ = db.command;
  const $ = _.aggregate;
  const res = await db
    .collection(COLLECTIONS.wishes.name)
    .aggregate()
    .match({ claimantId: _.in(memberIds), status: _.in(['completed', 'claimed']) })
    .group({ _id: { claimantId: '$claimantId', status: '$status' }, n: $.sum(1) })
    .limit(GROUP_CAP)
    .end();
  for (const row of res.data as { _id: { claimantId: string; status: string }; n: number }[]) {
    const rec = out.get(row._id.claimantId) ?? { completed: 0, claimed: 0 };
    if (row._id.status === 'completed') rec.completed += row.n;
    else rec.claimed += row.n;
    out.set(row._id.claimantId, rec);
  }
  return out;
}

async function registrationViews(db: Db, regs: PartyRegistrationRecord[]) {
  const ids = regs.map((r) => r.memberId);
  const [records, users] = await Promise.all([serviceRecords(db, ids), readByIds<UserRecord>(db, COLLECTIONS.users.name, ids)]);
  const phones = new Map(users.map((u) => [u._id, u.phoneMasked]));
  return regs.map((r) =>
    registrationView(r, { phoneMasked: phones.get(r.memberId) ?? null, completedWishes: records.get(r.memberId)?.completed ?? 0, claimedWishes: records.get(r.memberId)?.claimed ?? 0 }),
  );
}

export async function registerPartyOrg(input: In<'registerPartyOrg'>, ctx: MemberContext): Promise<Out<'registerPartyOrg'>> {
  const { db, caller } = ctx;
  const countyId = unitsWithRole(caller.roles, 'county-admin')[0];
  if (!countyId) throw forbidden('只有县管理员可以登记单位党组织');
  const secretary = await loadRegistered(db, input.secretaryId, 'secretaryId');
  const same = await db.collection(COLLECTIONS.partyOrgs.name).where({ countyId, name: input.name }).limit(1).get();
  if ((same.data as unknown[]).length > 0) throw conflict(`「${input.name}」已经登记过了`);
  const org: PartyOrgRecord = {
    _id: `po-${randomUUID().replace(/-/g, '').slice(0, 16)}`,
    countyId,
    name: input.name,
    secretaryId: secretary._id,
    secretaryName: secretary.name,
    createdAt: clock.nowIso(),
  };
  await runTransaction(db, async (tx: Tx) => {
    await tx.collection(COLLECTIONS.partyOrgs.name).add(org);
    await recordAudit(tx, caller, ctx.requestId, { action: 'admin.registerPartyOrg', target: { collection: COLLECTIONS.partyOrgs.name, id: org._id }, before: null, after: org, path: [] }); // as the log has always kept it: a party org has no place in the unit tree
    await enqueue(tx, [secretary._id], {
      kind: 'admin.appointed',
      title: '单位党组织已登记',
      body: `${org.name}已登记，您是书记，可以在「我的」里查看本单位党员在社区报到和服务的情况。`,
      link: null,
    });
  });
  return { partyOrg: orgView(org, new Map(), caller._id) };
}

export async function partyOrgs(_input: In<'partyOrgs'>, ctx: MemberContext): Promise<Out<'partyOrgs'>> {
  const orgs = (await readAll<PartyOrgRecord>(ctx.db, COLLECTIONS.partyOrgs.name, {})).sort((a, b) => a.name.localeCompare(b.name, 'zh'));
  const counts = await confirmedCounts(ctx.db, orgs.map((o) => o._id));
  return { items: orgs.map((o) => orgView(o, counts, ctx.caller._id)) };
}

/** A party member asks to register (双报到) at the village or community where they live. */
export async function applyPartyRegistration(input: In<'applyPartyRegistration'>, ctx: MemberContext): Promise<Out<'applyPartyRegistration'>> {
  const { db, caller } = ctx;
  const unitId = input.unitId ?? caller.residence?.unitId;
  if (!unitId) throw invalid('请选择您居住的社区', [{ path: 'unitId', message: '请选择社区' }]);
  const unit = await loadUnit(db, unitId);
  if (unit.kind !== 'village' && unit.kind !== 'community') throw invalid('请选择您居住的村或社区', [{ path: 'unitId', message: '请选择村或社区' }]);
  if (unit.retiredAt) throw conflict(`${unit.name}已经停用，请选择现在居住的社区`);
  const org = await findById<PartyOrgRecord>(db, COLLECTIONS.partyOrgs.name, input.partyOrgId);
  if (!org) throw invalid('请选择您所在的单位党组织', [{ path: 'partyOrgId', message: '没有这个党组织' }]);
  const id = registrationIdOf(caller._id);
  const reg: PartyRegistrationRecord = {
    _id: id,
    memberId: caller._id,
    memberName: caller.name,
    partyOrgId: org._id,
    partyOrgName: org.name,
    unitId: unit._id,
    unitName: unit.name,
    path: unit.path,
    status: 'pending',
    appliedAt: clock.nowIso(),
    decidedAt: null,
    decidedById: null,
  };
  const cadres = await usersWithRoleAt(db, 'village-cadre', unit._id);
  await runTransaction(db, async (tx: Tx) => {
    const prior = await findById<PartyRegistrationRecord>(tx, COLLECTIONS.partyRegistrations.name, id);
    if (prior?.status === 'pending') throw conflict(`您的报到申请正在等待${prior.unitName}确认`);
    if (prior?.status === 'confirmed') throw conflict(`您已经在${prior.unitName}报到了`);
    const { _id, ...fields } = reg;
    await tx.collection(COLLECTIONS.partyRegistrations.name).doc(_id).set(fields);
    await enqueue(tx, cadres.map((c) => c._id), {
      kind: 'party.applied',
      title: '有党员申请到本社区报到',
      body: `${caller.name}（${org.name}）申请到${unit.name}报到，请确认。`,
      link: null,
      aboutId: caller._id,
    });
  });
  return { registration: (await registrationViews(db, [reg]))[0]! };
}

export async function myPartyRegistration(_input: In<'myPartyRegistration'>, ctx: MemberContext): Promise<Out<'myPartyRegistration'>> {
  const reg = await findById<PartyRegistrationRecord>(ctx.db, COLLECTIONS.partyRegistrations.name, registrationIdOf(ctx.caller._id));
  return { registration: reg ? (await registrationViews(ctx.db, [reg]))[0]! : null };
}

/** The community's cadres, and the admins over it, see its applications and registered members. */
function requireCommunityOver(caller: UserRecord, unit: OrgUnitRecord): void {
  if (!holdsRoleOver(caller.roles, ['village-cadre', 'town-cadre', 'county-admin'], unit.path)) throw forbidden('只能查看本村（社区）的党员报到');
}

export async function partyRegistrations(input: In<'partyRegistrations'>, ctx: MemberContext): Promise<Out<'partyRegistrations'>> {
  const { db, caller } = ctx;
  const unit = await loadUnit(db, input.unitId);
  requireCommunityOver(caller, unit);
  const regs = await readAll<PartyRegistrationRecord>(db, COLLECTIONS.partyRegistrations.name, { unitId: unit._id, status: input.status });
  return { items: await registrationViews(db, regs.sort((a, b) => a.appliedAt.localeCompare(b.appliedAt))) };
}

export async function decidePartyRegistration(input: In<'decidePartyRegistration'>, ctx: MemberContext): Promise<Out<'decidePartyRegistration'>> {
  const { db, caller } = ctx;
  const reg = await findById<PartyRegistrationRecord>(db, COLLECTIONS.partyRegistrations.name, input.registrationId);
  if (!reg) throw notFound('找不到这份报到申请');
  if (!caller.roleKeys.includes(roleKey('village-cadre', reg.unitId))) throw forbidden('只有报到社区的干部可以确认');
  const unit = await loadUnit(db, reg.unitId);
  if (input.decision === 'confirm' && unit.retiredAt) throw conflict(`${unit.name}已经停用，不能再确认报到`);
  const now = clock.nowIso();
  const status = input.decision === 'confirm' ? 'confirmed' : 'declined';
  const org = await findById<PartyOrgRecord>(db, COLLECTIONS.partyOrgs.name, reg.partyOrgId);
  await runTransaction(db, async (tx: Tx) => {
    const fresh = await findById<PartyRegistrationRecord>(tx, COLLECTIONS.partyRegistrations.name, reg._id);
    if (fresh?.status !== 'pending') throw conflict('这份报到申请已经处理过了');
    await tx.collection(COLLECTIONS.partyRegistrations.name).doc(reg._id).update({ status, decidedAt: now, decidedById: caller._id });
    const member = await findById<UserRecord>(tx, COLLECTIONS.users.name, reg.memberId);
    if (input.decision === 'confirm' && member && !member.roleKeys.includes(roleKey('party-member', unit._id))) {
      await grantRole(tx, reg.memberId, 'party-member', unit);
    }
    await recordAudit(tx, caller, ctx.requestId, {
      action: `admin.partyRegistration.${input.decision}`,
      target: { collection: COLLECTIONS.partyRegistrations.name, id: reg._id },
      before: { status: 'pending' },
      after: { status },
      path: fresh.path,
    });
    await enqueue(tx, [reg.memberId], {
      kind: input.decision === 'confirm' ? 'party.confirmed' : 'party.declined',
      title: input.decision === 'confirm' ? `您已在${unit.name}报到` : '您的报到申请未通过',
      body: input.decision === 'confirm' ? `${caller.name}确认了您的报到，您可以认领${unit.name}的微心愿了。` : `${unit.name}未确认您的报到，请与社区干部联系核实。`,
      link: null,
    });
    if (input.decision === 'confirm' && org) {
      await enqueue(tx, [org.secretaryId], { kind: 'party.confirmed', title: '本单位党员已到社区报到', body: `${reg.memberName}已在${unit.name}报到。`, link: null, aboutId: reg.memberId });
    }
  });
  return { registration: (await registrationViews(db, [{ ...reg, status, decidedAt: now, decidedById: caller._id }]))[0]! };
}

/** The unit's secretary (and the county admins) see where its members registered and what they did. */
export async function partyOrgMembers(input: In<'partyOrgMembers'>, ctx: MemberContext): Promise<Out<'partyOrgMembers'>> {
  const { db, caller } = ctx;
  const org = await findById<PartyOrgRecord>(db, COLLECTIONS.partyOrgs.name, input.partyOrgId);
  if (!org) throw notFound('找不到这个党组织');
  if (org.secretaryId !== caller._id && !caller.roleKeys.includes(roleKey('county-admin', org.countyId))) {
    throw forbidden('只有本单位党组织书记和县管理员可以查看');
  }
  const regs = await readAll<PartyRegistrationRecord>(db, COLLECTIONS.partyRegistrations.name, { partyOrgId: org._id, status: db.command.in(['pending', 'confirmed']) });
  return { partyOrg: orgView(org, await confirmedCounts(db, [org._id]), caller._id), items: await registrationViews(db, regs.sort((a, b) => a.memberName.localeCompare(b.memberName, 'zh'))) };
}
