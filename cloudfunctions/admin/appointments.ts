import { runTransaction } from '../_lib/transaction';
import type { Db } from '@cloudbase/database';
import {
  APPOINTABLE_ROLES,
  ROLE_LABELS,
  OPEN_WORK_LABELS,
  appointableRolesAt,
  checkAppointment,
  checkLastCountyAdmin,
  checkRemoval,
  describeOpenWork,
  strandedByRemoval,
  type AppointableRole,
  type OpenWork,
} from '../../shared/domain/appointment-rules';
import { OPEN_STATUSES } from '../../shared/domain/case-state';
import { chinaDate } from '../../shared/domain/china-time';
import type { CaseRecord } from '../../shared/domain/case-records';
import type { PartyRegistrationRecord } from '../../shared/domain/admin-records';
import type { HomeVisitRecord, QueueDayRecord } from '../../shared/domain/police-records';
import type { MatterRecord } from '../../shared/domain/power-records';
import type { OrgUnitRecord, UserRecord, WishRecord, WishTimelineEntry } from '../../shared/domain/records';
import { recordAudit } from '../_lib/audit';
import { roleKey, usersWithRoleAt } from '../_lib/caller';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { findById, readAll, readByIds, type Tx } from '../_lib/db';
import { conflict, invalid } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { effectOf, pushEffects, type EffectSpec } from '../_lib/effects';
import { enqueue } from '../_lib/outbox';
import { homeIdOf } from '../police/store';
import { queueIdOf } from '../police/queue';
import { actorOf, enforce, grantRole, loadRegistered, loadUnit, revokeRole, unitFacts } from './store';
import type { In, Out } from './types';
import { requireAdminOver } from './units';
import { holderView } from './views';

export async function holders(input: In<'holders'>, ctx: MemberContext): Promise<Out<'holders'>> {
  const { db, caller } = ctx;
  const unit = await loadUnit(db, input.unitId);
  requireAdminOver(caller, unit);
  const keys = APPOINTABLE_ROLES.map((r) => roleKey(r, unit._id));
  const users = await readAll<UserRecord>(db, COLLECTIONS.users.name, { roleKeys: db.command.in(keys) }, ['name', 'phoneMasked', 'roles']);
  const items = users.flatMap((u) =>
    u.roles.filter((r) => r.unitId === unit._id && (APPOINTABLE_ROLES as readonly string[]).includes(r.role)).map((r) => holderView(u, r.role as AppointableRole)),
  );
  items.sort((a, b) => APPOINTABLE_ROLES.indexOf(a.role) - APPOINTABLE_ROLES.indexOf(b.role) || a.name.localeCompare(b.name, 'zh'));
  return { unit: { id: unit._id, name: unit.name, retired: Boolean(unit.retiredAt) }, items, appointableRoles: appointableRolesAt(unitFacts(unit), actorOf(caller)).map((role) => ({ role, label: ROLE_LABELS[role] })) };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Where a unit's residents are found: the narrowest indexed field for its kind. */
function residentsOf(unit: OrgUnitRecord): object {
  if (unit.kind === 'grid') return { 'residence.gridId': unit._id };
  if (unit.kind === 'village' || unit.kind === 'community') return { 'residence.unitId': unit._id };
  return { 'residence.path': unit._id };
}

export async function findPeople(input: In<'findPeople'>, ctx: MemberContext): Promise<Out<'findPeople'>> {
  const { db, caller } = ctx;
  const unit = await loadUnit(db, input.unitId);
  requireAdminOver(caller, unit);
  const res = await db
    .collection(COLLECTIONS.users.name)
    .where({ ...residentsOf(unit), name: db.RegExp({ regexp: escapeRegExp(input.name), options: 'i' }) })
    .field({ _id: true, name: true, phoneMasked: true, residence: true, closedAt: true })
    .limit(20)
    .get();
  const people = (res.data as UserRecord[]).filter((u) => !u.closedAt);
  const homes = await readByIds<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, [...new Set(people.map((p) => p.residence?.unitId ?? ''))].filter(Boolean));
  const names = new Map(homes.map((h) => [h._id, h.name]));
  return {
    items: people.map((p) => ({ userId: p._id, name: p.name, phoneMasked: p.phoneMasked, unitName: names.get(p.residence?.unitId ?? '') ?? '' })),
  };
}

const APPOINT_WORDS = {
  forbidden: '这个职务不在您可以任命的范围内（镇干部只能在本镇任命村、网格、警民之家、调解和监督人员）',
  invalid: '这个单位不能设这个职务',
  conflict: '这个单位已经停用，不能再任命',
};

export async function appoint(input: In<'appoint'>, ctx: MemberContext): Promise<Out<'appoint'>> {
  const { db, caller } = ctx;
  const unit = await loadUnit(db, input.unitId);
  enforce(checkAppointment(input.role, unitFacts(unit), actorOf(caller)), {
    ...APPOINT_WORDS,
    invalid: input.role === 'party-member' ? '党员通过双报到在社区报到，不能直接任命' : APPOINT_WORDS.invalid,
  });
  const target = await loadRegistered(db, input.userId);
  let after: UserRecord = target;
  await runTransaction(db, async (tx: Tx) => {
    after = await grantRole(tx, target._id, input.role, unit);
    await recordAudit(tx, caller, ctx.requestId, {
      action: 'admin.appoint',
      target: { collection: COLLECTIONS.users.name, id: target._id },
      before: { roles: target.roles },
      after: { roles: after.roles, appointed: { role: input.role, unitId: unit._id } },
      path: after.residence?.path ?? [],
    });
    await enqueue(tx, [target._id], {
      kind: 'admin.appointed',
      title: `您被任命为${unit.name}${ROLE_LABELS[input.role]}`,
      body: `${caller.name}任命您为${unit.name}${ROLE_LABELS[input.role]}，重新打开小程序即可使用相应功能。`,
      link: null,
      aboutId: caller._id,
    });
  });
  return { holder: holderView(after, input.role) };
}

/** The field of a matter or case that names a unit of this kind. */
const placeField = (unit: OrgUnitRecord) =>
  ({ county: 'countyId', town: 'townId', village: 'villageId', community: 'villageId', grid: 'gridId' })[unit.kind];

/**
 * What removing `role` at `unit` from `user` leaves behind: work in the person's own name (a wish they
 * claimed, a home visit scheduled for them) and work that waits on the role there (a case at that
 * level, a matter step for that role, a 警民之家's requests and today's queue).
 */
async function openWorkOf(db: Db, user: UserRecord, role: AppointableRole, unit: OrgUnitRecord): Promise<{ person: OpenWork[]; role: OpenWork[] }> {
  const _ = db.command;
  const person: OpenWork[] = [];
  const waiting: OpenWork[] = [];
  if (role === 'party-member') {
    const wishes = await readAll<WishRecord>(db, COLLECTIONS.wishes.name, { claimantId: user._id, status: 'claimed', path: unit._id }, ['title']);
    person.push(...wishes.map((w) => ({ kind: 'wish' as const, id: w._id, title: w.title })));
  }
  if (role === 'village-cadre') {
    const review = await readAll<WishRecord>(db, COLLECTIONS.wishes.name, { villageId: unit._id, status: 'pending_review' }, ['title']);
    waiting.push(...review.map((w) => ({ kind: 'review' as const, id: w._id, title: w.title })));
  }
  const level = { 'village-cadre': 'village', 'town-cadre': 'town', 'county-admin': 'county' }[role as string];
  if (level || role === 'mediator') {
    const where = role === 'mediator' ? { committeeId: unit._id } : { [placeField(unit)]: unit._id, level };
    const cases = await readAll<CaseRecord>(db, COLLECTIONS.cases.name, { ...where, status: _.in([...OPEN_STATUSES]) }, ['typeLabel', 'unitName']);
    waiting.push(...cases.map((c) => ({ kind: 'case' as const, id: c._id, title: `${c.unitName}${c.typeLabel}纠纷` })));
  }
  if (['village-cadre', 'town-cadre', 'county-admin', 'grid-leader', 'supervisor'].includes(role)) {
    const matters = await readAll<MatterRecord>(db, COLLECTIONS.matters.name, { status: 'in_progress', currentRole: role, [placeField(unit)]: unit._id }, ['title']);
    waiting.push(...matters.map((m) => ({ kind: 'matter' as const, id: m._id, title: m.title })));
  }
  if (role === 'police') {
    const homeId = homeIdOf(unit._id);
    const visits = await readAll<HomeVisitRecord>(db, COLLECTIONS.policeHomeVisits.name, { homeId, status: _.in(['requested', 'scheduled']) }, ['subjectName', 'status', 'officerId']);
    for (const v of visits) {
      const title = `${v.subjectName}家`;
      if (v.status === 'requested') waiting.push({ kind: 'visitRequest', id: v._id, title });
      else if (v.officerId === user._id) person.push({ kind: 'homeVisit', id: v._id, title });
      else waiting.push({ kind: 'homeVisit', id: v._id, title });
    }
    const today = chinaDate(clock.now());
    const queue = await findById<QueueDayRecord>(db, COLLECTIONS.policeQueues.name, queueIdOf(homeId, today));
    const waitingTickets = queue?.tickets.filter((t) => t.status === 'waiting' || t.status === 'called').length ?? 0;
    if (waitingTickets > 0) waiting.push({ kind: 'queue', id: queue!._id, title: `${waitingTickets} 人在等候` });
  }
  return { person, role: waiting };
}

/**
 * The person's own open work moves to the successor before the roles change: one conditional update per
 * kind (`_.in` the ids, still held by the person), however much they held. Done first because it is safe
 * alone — if the removal then fails, the work is with the successor the cadre chose and a second try of
 * the removal finds none left to hand over.
 */
async function handOver(ctx: MemberContext, work: readonly OpenWork[], target: UserRecord, successor: UserRecord): Promise<void> {
  const { db, caller } = ctx;
  const _ = db.command;
  const now = clock.nowIso();
  const ids = (kind: OpenWork['kind']) => work.filter((w) => w.kind === kind).map((w) => w.id);
  const wishes = ids('wish');
  if (wishes.length) {
    const entry: WishTimelineEntry = { at: now, action: 'handOver', actorId: caller._id, actorName: caller.name, note: `由${target.name}转交给${successor.name}` };
    await db
      .collection(COLLECTIONS.wishes.name)
      .where({ _id: _.in(wishes), status: 'claimed', claimantId: target._id })
      .update({ claimantId: successor._id, claimantName: successor.name, updatedAt: now, timeline: _.push([entry]) });
  }
  const visits = ids('homeVisit');
  if (visits.length) {
    await db
      .collection(COLLECTIONS.policeHomeVisits.name)
      .where({ _id: _.in(visits), status: 'scheduled', officerId: target._id })
      .update({ officerId: successor._id, officerName: successor.name, updatedAt: now });
  }
}

/**
 * Ends a role. Records are never deleted; open work is handed to `successorId` in the same
 * transaction (who is given the role there if they do not hold it yet), or the answer lists it.
 */
export async function removeRole(input: In<'removeRole'>, ctx: MemberContext): Promise<Out<'removeRole'>> {
  const { db, caller } = ctx;
  const unit = await loadUnit(db, input.unitId);
  const actor = actorOf(caller);
  enforce(checkRemoval(input.role, unitFacts(unit), actor), APPOINT_WORDS);
  const target = await loadRegistered(db, input.userId);
  if (!target.roleKeys.includes(roleKey(input.role, unit._id))) throw conflict(`${target.name}不担任${unit.name}${ROLE_LABELS[input.role]}`);
  const others = (await usersWithRoleAt(db, input.role, unit._id)).filter((u) => u._id !== target._id && !u.closedAt);
  if (checkLastCountyAdmin(input.role, others.length) !== 'ok') throw conflict('这是县里最后一位管理员，请先任命新的县管理员再免去');

  const successor = input.successorId ? await loadRegistered(db, input.successorId, 'successorId') : null;
  if (successor && successor._id === target._id) throw invalid('接替的人不能是本人', [{ path: 'successorId', message: '请选择另一位同志' }]);
  const successorHolds = successor?.roleKeys.includes(roleKey(input.role, unit._id)) ?? false;
  if (successor && !successorHolds) {
    if (input.role === 'party-member') throw invalid('接替认领心愿的需要是在本村（社区）报到的党员', [{ path: 'successorId', message: '不是本村（社区）报到的党员' }]);
    enforce(checkAppointment(input.role, unitFacts(unit), actor), APPOINT_WORDS);
  }

  const work = await openWorkOf(db, target, input.role, unit);
  const holdersAfter = others.length + (successor && !successorHolds ? 1 : 0);
  const stranded = strandedByRemoval(work.person, work.role, holdersAfter);
  if (stranded.length > 0 && !successor) throw conflict(describeOpenWork(stranded));
  const handedOver = successor ? [...work.person, ...(others.length === 0 ? work.role : [])] : [];

  if (successor) await handOver(ctx, work.person, target, successor);
  const messages: EffectSpec['messages'] = [
    {
      to: [target._id],
      message: {
        kind: 'admin.removed',
        title: `您已不再担任${unit.name}${ROLE_LABELS[input.role]}`,
        body: `${caller.name}免去了您的${unit.name}${ROLE_LABELS[input.role]}职务。${handedOver.length ? `您手上的 ${handedOver.length} 项工作已交给${successor!.name}。` : ''}您过去的记录都会保留。`,
        link: null,
        aboutId: caller._id,
      },
    },
  ];
  if (successor) {
    const list = handedOver.map((w) => `${OPEN_WORK_LABELS[w.kind]}「${w.title}」`).join('、');
    messages.push({
      to: [successor._id],
      message: { kind: 'admin.handedOver', title: `请接手${target.name}的工作`, body: `${caller.name}请您接替${target.name}担任${unit.name}${ROLE_LABELS[input.role]}${list ? `，接手：${list}` : ''}。`, link: null, aboutId: target._id },
    });
  }
  // The roles change together (the person's, the successor's, a party member's registration); the audit
  // entry and the notices ride on the person's record in the same update (`_lib/effects.ts`).
  await runTransaction(db, async (tx: Tx) => {
    await revokeRole(tx, target._id, input.role, unit._id, (after) =>
      pushEffects(db, [
        effectOf(caller, ctx.requestId, { collection: COLLECTIONS.users.name, id: target._id, path: after.residence?.path ?? [] }, clock.nowIso(), {
          messages,
          audit: { action: 'admin.removeRole', before: { roles: target.roles }, after: { roles: after.roles, removed: { role: input.role, unitId: unit._id }, successorId: successor?._id ?? null, handedOver } },
        }),
      ]),
    );
    if (successor && !successorHolds) await grantRole(tx, successor._id, input.role, unit);
    if (input.role === 'party-member') {
      const reg = await findById<PartyRegistrationRecord>(tx, COLLECTIONS.partyRegistrations.name, `pr-${target._id}`);
      if (reg && reg.unitId === unit._id && reg.status === 'confirmed') {
        await tx.collection(COLLECTIONS.partyRegistrations.name).doc(reg._id).update({ status: 'ended', decidedAt: clock.nowIso(), decidedById: caller._id });
      }
    }
  });
  return {
    handedOver: handedOver.map((w) => ({ ...w, label: OPEN_WORK_LABELS[w.kind] })),
    successorName: successor?.name ?? null,
  };
}


