/**
 * 上门 home visits: a resident asks (or a grid leader asks for an elderly neighbour), the officer
 * schedules a half-day or declines with a reason, and records the outcome after the visit.
 */
import type { HomeVisitRecord, PoliceHomeRecord } from '../../shared/domain/police-records';
import type { HouseholdRecord, UserRecord } from '../../shared/domain/records';
import { ageOf } from '../../shared/domain/age';
import { HALF_DAY_LABELS } from '../../shared/domain/police-catalog';
import { chinaDate, chinaMonth } from '../../shared/domain/china-time';
import { homeVisitPriority, mayRequestOnBehalf, onBehalfReasons, PRIORITY_REASON_LABELS } from '../../shared/domain/police-rules';
import { holdsRoleOver, unitsWithRole } from '../../shared/domain/jurisdiction';
import { quotedFor, withHeld } from '../../shared/domain/police-moderation';
import { recordAudit } from '../_lib/audit';
import { checkText } from '../_lib/content-check';
import { clock } from '../_lib/clock';
import { findById, isDuplicateKey, type Tx, readAll } from '../_lib/db';
import { conflict, forbidden, invalid, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { enqueue } from '../_lib/outbox';
import { heldNotice, homeIdOf, idFor, mustBeOfficer, officerIds, tellHeld } from './store';
import { carrying, effectOf } from '../_lib/effects';
import { visitView } from './views';
import type { In, Out } from './types';
import { COLLECTIONS } from '../_lib/collections';
import { runTransaction } from '../_lib/transaction';

const visitLink = (v: Pick<HomeVisitRecord, '_id'>) => ({ page: 'police-mine', id: v._id });

async function subjectOf(input: In<'requestVisit'>, ctx: MemberContext): Promise<UserRecord> {
  const { db, caller } = ctx;
  if (!input.forUserId || input.forUserId === caller._id) return caller;
  const subject = await findById<UserRecord>(db, COLLECTIONS.users.name, input.forUserId);
  if (!subject?.residence) throw notFound('没有找到这位居民');
  if (!holdsRoleOver(caller.roles, ['grid-leader'], subject.residence.path)) throw forbidden('只有本网格的网格长可以为邻居代为申请');
  if (!mayRequestOnBehalf({ age: ageOf(subject, clock.now()), resettled: subject.resettled })) {
    throw forbidden('代为申请只适用于60岁以上的老人和搬迁安置户');
  }
  return subject;
}

/**
 * The residents of the caller's grid(s) a grid leader may ask a home visit for: 60 or older, or
 * resettled. Names and masked phones only; the caller themselves is left out (they ask as themselves).
 */
export async function neighbours(_input: In<'neighbours'>, ctx: MemberContext): Promise<Out<'neighbours'>> {
  const { db, caller } = ctx;
  const grids = unitsWithRole(caller.roles, 'grid-leader');
  if (!grids.length) throw forbidden('只有网格长可以查看本网格需要照顾的邻居');
  const now = clock.now();
  const rows = await readAll<Pick<UserRecord, '_id' | 'name' | 'phoneMasked' | 'birthYear' | 'resettled' | 'residence'>>(
    db,
    COLLECTIONS.users.name,
    { 'residence.gridId': db.command.in(grids) },
    ['name', 'phoneMasked', 'birthYear', 'resettled', 'residence'],
  );
  const items = rows
    .filter((u) => u._id !== caller._id && u.residence && holdsRoleOver(caller.roles, ['grid-leader'], u.residence.path))
    .map((u) => ({ u, reasons: onBehalfReasons({ age: ageOf(u, now), resettled: u.resettled }) }))
    .filter((x) => x.reasons.length > 0)
    .sort((a, b) => b.reasons.length - a.reasons.length || (a.u.birthYear ?? 9999) - (b.u.birthYear ?? 9999) || a.u._id.localeCompare(b.u._id))
    .map(({ u, reasons }) => ({ userId: u._id, name: u.name, phoneMasked: u.phoneMasked, reasons: reasons.map((r) => PRIORITY_REASON_LABELS[r]) }));
  return { items };
}

/** The subject's home with their household (its address), in one aggregate; NOT_FOUND without a home. */
async function homeWithHousehold(ctx: MemberContext, homeId: string, householdId: string | null): Promise<{ home: PoliceHomeRecord; household: HouseholdRecord | null }> {
  const { db } = ctx;
  const res = await db
    .collection(COLLECTIONS.policeHomes.name)
    .aggregate()
    .match({ _id: homeId })
    .limit(1)
    .lookup({ from: COLLECTIONS.households.name, pipeline: db.command.aggregate.pipeline().match({ _id: householdId ?? '' }).limit(1).done(), as: 'households' })
    .end();
  const row = (res.data as (PoliceHomeRecord & { households?: HouseholdRecord[] })[])[0];
  if (!row) throw notFound('您所在的村（社区）还没有警民之家');
  const { households, ...home } = row;
  return { home, household: householdId ? (households?.[0] ?? null) : null };
}

/** 申请上门: the request is one add that carries the officers' notice (and the author's, when its reason is held). */
export async function requestVisit(input: In<'requestVisit'>, ctx: MemberContext): Promise<Out<'requestVisit'>> {
  const { db, caller } = ctx;
  const id = idFor('hv', caller._id, input.requestId);
  const first = await findById<HomeVisitRecord>(db, COLLECTIONS.policeHomeVisits.name, id);
  if (first) return visitView(first, caller);
  const today = chinaDate(clock.now());
  const pastIndex = input.preferred.findIndex((p) => p.date < today);
  if (pastIndex >= 0) throw invalid('请选择今天或以后的时间', [{ path: `preferred.${pastIndex}.date`, message: '日期已过' }]);
  const subject = await subjectOf(input, ctx);
  if (!subject.residence) throw forbidden('请先登记您居住的村（社区）');
  const { home, household } = await homeWithHousehold(ctx, homeIdOf(subject.residence.unitId), subject.residence.householdId ?? null);
  const { priority, reasons } = homeVisitPriority({ age: ageOf(subject, clock.now()), disabled: input.disabled, resettled: subject.resettled });
  // Checked before the transaction (a network call in the cloud).
  const { held } = await checkText(ctx, { reason: input.reason });
  const now = clock.nowIso();
  const record: HomeVisitRecord = {
    _id: id,
    homeId: home._id,
    unitId: home.unitId,
    path: subject.residence.path,
    subjectId: subject._id,
    subjectName: subject.name,
    subjectAddress: household?.address ?? null,
    phoneMasked: subject.phoneMasked,
    requesterId: caller._id,
    requesterName: caller.name,
    reason: input.reason,
    duties: input.duties,
    preferred: input.preferred,
    priority,
    priorityReasons: reasons,
    status: 'requested',
    scheduled: null,
    officerId: null,
    officerName: null,
    declineReason: null,
    outcome: null,
    month: chinaMonth(clock.now()),
    requestId: input.requestId,
    createdAt: now,
    updatedAt: now,
    ...(held.length ? { moderation: { held } } : {}),
  };
  const officers = officerIds(home);
  const carried: HomeVisitRecord = {
    ...record,
    ...carrying([
      effectOf(caller, ctx.requestId, { collection: COLLECTIONS.policeHomeVisits.name, id, path: record.path }, now, {
        messages: [
          {
            to: officers,
            message: {
              kind: 'police.visitRequested',
              title: priority > 0 ? '新的上门服务申请（优先）' : '新的上门服务申请',
              body: `${subject.name}${subject._id !== caller._id ? `（网格长${caller.name}代为申请）` : ''}：${quotedFor(record.moderation, 'reason', input.reason, officers)}`,
              link: { page: 'police-workbench', id: home._id },
              aboutId: subject._id,
            },
          },
          ...heldNotice(held, '您的上门服务申请已提交，民警能看到申请原因', visitLink(record)),
        ],
      }),
    ]),
  };
  try {
    // One add: the request, carrying the officers' notice (_lib/effects.ts).
    await db.collection(COLLECTIONS.policeHomeVisits.name).add(carried);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const retried = await findById<HomeVisitRecord>(db, COLLECTIONS.policeHomeVisits.name, id);
    if (retried) return visitView(retried, caller);
    throw err;
  }
  return visitView(carried, caller);
}

async function loadVisit(ctx: MemberContext, visitId: string): Promise<HomeVisitRecord> {
  const v = await findById<HomeVisitRecord>(ctx.db, COLLECTIONS.policeHomeVisits.name, visitId);
  if (!v) throw notFound('这条上门服务申请不存在');
  return v;
}

export async function withdrawVisit(input: In<'withdrawVisit'>, ctx: MemberContext): Promise<Out<'withdrawVisit'>> {
  const { db, caller } = ctx;
  const v = await loadVisit(ctx, input.visitId);
  if (v.requesterId !== caller._id && v.subjectId !== caller._id) throw notFound('这条上门服务申请不存在');
  const home = await findById<PoliceHomeRecord>(db, COLLECTIONS.policeHomes.name, v.homeId);
  const at = clock.nowIso();
  await runTransaction(db, async (tx: Tx) => {
    const cur = await findById<HomeVisitRecord>(tx, COLLECTIONS.policeHomeVisits.name, v._id);
    if (!cur || (cur.status !== 'requested' && cur.status !== 'scheduled')) throw conflict('这条申请已经处理完了，不能撤回');
    await tx.collection(COLLECTIONS.policeHomeVisits.name).doc(v._id).update({ status: 'withdrawn', updatedAt: at });
    await enqueue(tx, home ? officerIds(home) : [], {
      kind: 'police.visitWithdrawn',
      title: '上门服务申请已撤回',
      body: `${v.subjectName}撤回了上门服务申请`,
      link: { page: 'police-workbench', id: v.homeId },
    });
  });
  return visitView({ ...v, status: 'withdrawn', updatedAt: at }, caller);
}

export async function decideVisit(input: In<'decideVisit'>, ctx: MemberContext): Promise<Out<'decideVisit'>> {
  const { db, caller } = ctx;
  const v = await loadVisit(ctx, input.visitId);
  mustBeOfficer(caller, v.path);
  if (input.decision === 'accept' && input.date < chinaDate(clock.now())) {
    throw invalid('上门日期不能早于今天', [{ path: 'date', message: '日期已过' }]);
  }
  const { held } = input.decision === 'decline' ? await checkText(ctx, { declineReason: input.reason }) : { held: [] };
  const at = clock.nowIso();
  const patch: Partial<HomeVisitRecord> =
    input.decision === 'accept'
      ? { status: 'scheduled', scheduled: { date: input.date, half: input.half }, officerId: caller._id, officerName: caller.name, updatedAt: at }
      : { status: 'declined', declineReason: input.reason, officerId: caller._id, officerName: caller.name, updatedAt: at };
  await runTransaction(db, async (tx: Tx) => {
    const cur = await findById<HomeVisitRecord>(tx, COLLECTIONS.policeHomeVisits.name, v._id);
    if (!cur || cur.status !== 'requested') throw conflict('这条申请已经处理过了');
    if (held.length) patch.moderation = withHeld(cur.moderation, held);
    await tx.collection(COLLECTIONS.policeHomeVisits.name).doc(v._id).update(patch);
    const told = [...new Set([v.subjectId, v.requesterId])];
    const message =
      input.decision === 'accept'
        ? { kind: 'police.visitScheduled' as const, title: '民警会上门服务', body: `民警${caller.name}将在${input.date.slice(5).replace('-', '月')}日${HALF_DAY_LABELS[input.half]}上门，请留意电话。`, link: { page: 'police-mine', id: v._id }, aboutId: caller._id }
        : { kind: 'police.visitDeclined' as const, title: '上门服务未能安排', body: `民警${caller.name}：${quotedFor(patch.moderation, 'declineReason', input.decision === 'decline' ? input.reason : '', told)}`, link: visitLink(v), aboutId: caller._id };
    await enqueue(tx, told, message);
    await tellHeld(tx, held, `您对${v.subjectName}的上门服务申请写的不受理原因，申请人暂时看不到`, { page: 'police-workbench', id: v.homeId });
    await recordAudit(tx, caller, ctx.requestId, { action: 'police.decideVisit', target: { collection: COLLECTIONS.policeHomeVisits.name, id: v._id }, before: { status: cur.status }, after: patch, path: cur.path });
  });
  return visitView({ ...v, ...patch }, caller);
}

export async function recordVisit(input: In<'recordVisit'>, ctx: MemberContext): Promise<Out<'recordVisit'>> {
  const { db, caller } = ctx;
  const v = await loadVisit(ctx, input.visitId);
  mustBeOfficer(caller, v.path);
  const { held } = await checkText(ctx, { outcome: input.outcome });
  const at = clock.nowIso();
  const patch: Partial<HomeVisitRecord> = { status: 'completed', outcome: input.outcome, duties: input.duties ?? v.duties, month: chinaMonth(clock.now()), updatedAt: at };
  await runTransaction(db, async (tx: Tx) => {
    const cur = await findById<HomeVisitRecord>(tx, COLLECTIONS.policeHomeVisits.name, v._id);
    if (!cur || cur.status !== 'scheduled') throw conflict('只有已安排的上门服务可以登记结果');
    if (held.length) patch.moderation = withHeld(cur.moderation, held);
    await tx.collection(COLLECTIONS.policeHomeVisits.name).doc(v._id).update(patch);
    await tellHeld(tx, held, `您为${v.subjectName}登记的上门服务结果，对方暂时看不到`, { page: 'police-workbench', id: v.homeId });
    await recordAudit(tx, caller, ctx.requestId, { action: 'police.recordVisit', target: { collection: COLLECTIONS.policeHomeVisits.name, id: v._id }, before: { status: cur.status }, after: patch, path: cur.path });
  });
  return visitView({ ...v, ...patch }, caller);
}
