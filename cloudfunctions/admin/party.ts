import { ContentionError, runTransaction } from '../_lib/transaction';
import { randomUUID } from 'node:crypto';
import type { Db } from '@cloudbase/database';
import type { PartyOrgView } from '../../shared/contracts/admin';
import type { PartyOrgRecord, PartyRegistrationRecord } from '../../shared/domain/admin-records';
import { holdsRoleOver, unitsWithRole } from '../../shared/domain/jurisdiction';
import type { OrgUnitRecord, PendingEffect, UserRecord } from '../../shared/domain/records';
import { recordAudit } from '../_lib/audit';
import { holderIdsPipeline, roleKey } from '../_lib/caller';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { findById, isDuplicateKey, readAll, readByIds, type Tx } from '../_lib/db';
import { carrying, effectOf, pushEffects } from '../_lib/effects';
import { conflict, forbidden, invalid, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { enqueue } from '../_lib/outbox';
import { loadRegistered, loadUnit, withRole } from './store';
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

/** The registrations as shown: each member's phone and service record (`known`: members already in hand, not read again). */
async function registrationViews(db: Db, regs: PartyRegistrationRecord[], known: readonly UserRecord[] = []) {
  const ids = regs.map((r) => r.memberId);
  const missing = ids.filter((id) => !known.some((u) => u._id === id));
  const [records, users] = await Promise.all([serviceRecords(db, ids), missing.length ? readByIds<UserRecord>(db, COLLECTIONS.users.name, missing) : Promise.resolve([])]);
  const phones = new Map([...known, ...users].map((u) => [u._id, u.phoneMasked]));
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

/**
 * What applying reads, in one aggregate on the chosen unit: the party organisation named, the member's
 * registration so far (one per member) and the unit's cadres, who are told of the application.
 */
async function readForApply(db: Db, unitId: string, partyOrgId: string, registrationId: string) {
  const $ = db.command.aggregate;
  const res = await db
    .collection(COLLECTIONS.orgUnits.name)
    .aggregate()
    .match({ _id: unitId })
    .limit(1)
    .lookup({ from: COLLECTIONS.partyOrgs.name, pipeline: $.pipeline().match({ _id: partyOrgId }).limit(1).done(), as: 'orgs' })
    .lookup({ from: COLLECTIONS.partyRegistrations.name, pipeline: $.pipeline().match({ _id: registrationId }).limit(1).done(), as: 'priors' })
    .lookup({ from: COLLECTIONS.users.name, pipeline: holderIdsPipeline(db, 'village-cadre', unitId), as: 'cadres' })
    .end();
  type Row = OrgUnitRecord & { orgs: PartyOrgRecord[]; priors: PartyRegistrationRecord[]; cadres: { _id: string }[] };
  const row = (res.data as Row[])[0];
  if (!row) throw notFound('找不到这个单位');
  const { orgs, priors, cadres, ...unit } = row;
  return { unit: unit as OrgUnitRecord, org: orgs?.[0] ?? null, prior: priors?.[0] ?? null, cadreIds: (cadres ?? []).map((c) => c._id) };
}

/** One registration per member at a time: a pending or confirmed one refuses a new application. */
function refuseOpenPrior(prior: PartyRegistrationRecord | null): void {
  if (prior?.status === 'pending') throw conflict(`您的报到申请正在等待${prior.unitName}确认`);
  if (prior?.status === 'confirmed') throw conflict(`您已经在${prior.unitName}报到了`);
}

/** Times an application reads the member's registration again after losing its write to another change. */
const APPLY_ATTEMPTS = 5;

/**
 * A party member asks to register (双报到) at the village or community where they live. One write carrying
 * the cadres' notice (`_lib/effects.ts`): the add of the registration, or — after a declined one — its
 * conditional update while still declined; losing either to another change reads it again and asks again.
 * Requests: the aggregate, the write, the member's service record for the answer.
 */
export async function applyPartyRegistration(input: In<'applyPartyRegistration'>, ctx: MemberContext): Promise<Out<'applyPartyRegistration'>> {
  const { db, caller } = ctx;
  const unitId = input.unitId ?? caller.residence?.unitId;
  if (!unitId) throw invalid('请选择您居住的社区', [{ path: 'unitId', message: '请选择社区' }]);
  const id = registrationIdOf(caller._id);
  const read = await readForApply(db, unitId, input.partyOrgId, id);
  const { unit, org } = read;
  if (unit.kind !== 'village' && unit.kind !== 'community') throw invalid('请选择您居住的村或社区', [{ path: 'unitId', message: '请选择村或社区' }]);
  if (unit.retiredAt) throw conflict(`${unit.name}已经停用，请选择现在居住的社区`);
  if (!org) throw invalid('请选择您所在的单位党组织', [{ path: 'partyOrgId', message: '没有这个党组织' }]);
  const now = clock.nowIso();
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
    appliedAt: now,
    decidedAt: null,
    decidedById: null,
  };
  const effect = effectOf(caller, ctx.requestId, { collection: COLLECTIONS.partyRegistrations.name, id, path: unit.path }, now, {
    messages: [{ to: read.cadreIds, message: { kind: 'party.applied', title: '有党员申请到本社区报到', body: `${caller.name}（${org.name}）申请到${unit.name}报到，请确认。`, link: null, aboutId: caller._id } }],
  });
  let prior: PartyRegistrationRecord | null = read.prior;
  for (let attempt = 1; ; attempt++) {
    refuseOpenPrior(prior);
    if (await writeApplication(db, prior, reg, effect)) break;
    if (attempt >= APPLY_ATTEMPTS) throw new ContentionError(attempt);
    prior = await findById<PartyRegistrationRecord>(db, COLLECTIONS.partyRegistrations.name, id);
  }
  return { registration: (await registrationViews(db, [reg], [caller]))[0]! };
}

/** The application written if the registration is still as read (none, or declined): whether it was. */
async function writeApplication(db: Db, prior: PartyRegistrationRecord | null, reg: PartyRegistrationRecord, effect: PendingEffect): Promise<boolean> {
  if (!prior) {
    try {
      await db.collection(COLLECTIONS.partyRegistrations.name).add({ ...reg, ...carrying([effect]) });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }
  const { _id, ...fields } = reg;
  const res = await db.collection(COLLECTIONS.partyRegistrations.name).where({ _id, status: prior.status }).update({ ...fields, ...pushEffects(db, [effect]) });
  return (res as { updated?: number }).updated === 1;
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

/**
 * What deciding reads, in one aggregate on the registration: its community, its party organisation (whose
 * secretary is told of a confirmation) and the member.
 */
async function readForDecision(db: Db, registrationId: string) {
  const res = await db
    .collection(COLLECTIONS.partyRegistrations.name)
    .aggregate()
    .match({ _id: registrationId })
    .limit(1)
    .lookup({ from: COLLECTIONS.orgUnits.name, localField: 'unitId', foreignField: '_id', as: 'units' })
    .lookup({ from: COLLECTIONS.partyOrgs.name, localField: 'partyOrgId', foreignField: '_id', as: 'orgs' })
    .lookup({ from: COLLECTIONS.users.name, localField: 'memberId', foreignField: '_id', as: 'members' })
    .end();
  type Row = PartyRegistrationRecord & { units: OrgUnitRecord[]; orgs: PartyOrgRecord[]; members: UserRecord[] };
  const row = (res.data as Row[])[0];
  if (!row) throw notFound('找不到这份报到申请');
  const { units, orgs, members, ...reg } = row;
  const unit = units?.[0];
  if (!unit) throw notFound('找不到这个单位');
  return { reg: reg as PartyRegistrationRecord, unit, org: orgs?.[0] ?? null, member: members?.[0] ?? null };
}

/**
 * The community's cadre decides an application. The decision is one write to the registration while it is
 * still pending, carrying the member's (and on a confirmation the secretary's) notice and the audit entry
 * (`_lib/effects.ts`); a confirmation also makes the member a party member there, so it is that write and
 * the member's roles in one transaction. Requests: the aggregate, the write (a confirmation: the
 * transaction, its two reads and two writes), the member's service record for the answer.
 */
export async function decidePartyRegistration(input: In<'decidePartyRegistration'>, ctx: MemberContext): Promise<Out<'decidePartyRegistration'>> {
  const { db, caller } = ctx;
  const { reg, unit, org, member } = await readForDecision(db, input.registrationId);
  if (!caller.roleKeys.includes(roleKey('village-cadre', reg.unitId))) throw forbidden('只有报到社区的干部可以确认');
  const confirm = input.decision === 'confirm';
  if (confirm && unit.retiredAt) throw conflict(`${unit.name}已经停用，不能再确认报到`);
  if (reg.status !== 'pending') throw conflict('这份报到申请已经处理过了');
  const now = clock.nowIso();
  const status = confirm ? 'confirmed' : 'declined';
  const decided = { status, decidedAt: now, decidedById: caller._id } as const;
  const messages = [
    {
      to: [reg.memberId],
      message: {
        kind: confirm ? ('party.confirmed' as const) : ('party.declined' as const),
        title: confirm ? `您已在${unit.name}报到` : '您的报到申请未通过',
        body: confirm ? `${caller.name}确认了您的报到，您可以认领${unit.name}的微心愿了。` : `${unit.name}未确认您的报到，请与社区干部联系核实。`,
        link: null,
      },
    },
    ...(confirm && org ? [{ to: [org.secretaryId], message: { kind: 'party.confirmed' as const, title: '本单位党员已到社区报到', body: `${reg.memberName}已在${unit.name}报到。`, link: null, aboutId: reg.memberId } }] : []),
  ];
  const effect = effectOf(caller, ctx.requestId, { collection: COLLECTIONS.partyRegistrations.name, id: reg._id, path: reg.path }, now, {
    messages,
    audit: { action: `admin.partyRegistration.${input.decision}`, before: { status: 'pending' }, after: { status } },
  });
  if (confirm) {
    await runTransaction(db, async (tx: Tx) => {
      const fresh = await findById<PartyRegistrationRecord>(tx, COLLECTIONS.partyRegistrations.name, reg._id);
      if (fresh?.status !== 'pending') throw conflict('这份报到申请已经处理过了');
      await tx.collection(COLLECTIONS.partyRegistrations.name).doc(reg._id).update({ ...decided, ...pushEffects(db, [effect]) });
      const current = await findById<UserRecord>(tx, COLLECTIONS.users.name, reg.memberId);
      if (current && !current.closedAt && !current.roleKeys.includes(roleKey('party-member', unit._id))) {
        const after = withRole(current, 'party-member', unit);
        await tx.collection(COLLECTIONS.users.name).doc(current._id).update({ roles: after.roles, roleKeys: after.roleKeys });
      }
    });
  } else {
    const res = await db.collection(COLLECTIONS.partyRegistrations.name).where({ _id: reg._id, status: 'pending' }).update({ ...decided, ...pushEffects(db, [effect]) });
    if ((res as { updated?: number }).updated !== 1) throw conflict('这份报到申请已经处理过了');
  }
  return { registration: (await registrationViews(db, [{ ...reg, ...decided }], member ? [member] : []))[0]! };
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
