/**
 * Dated volunteer activities and sign-up with capacity and a waitlist, on the one capacity engine
 * shared with the 警民之家 group sessions (_lib/seats.ts): never over capacity, the first waiting is
 * promoted when a place is freed, a cancellation frees exactly one place.
 */
import { nextToPromote } from '../../shared/domain/seat-rules';
import type { Db } from '@cloudbase/database';
import type { VolunteerActivityRecord, VolunteerRecord, VolunteerSignupRecord } from '../../shared/domain/volunteer-records';
import { addDays, chinaDate, chinaMonth, instantOf } from '../../shared/domain/china-time';
import { canManageCommunity, canRunActivity } from '../../shared/domain/volunteer-rules';
import { quotedFor } from '../../shared/domain/power-moderation';
import { recordAudit } from '../_lib/audit';
import { checkText } from '../_lib/content-check';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { findById, isDuplicateKey, readAll, type Tx } from '../_lib/db';
import { conflict, forbidden, invalid, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { effectOf, pushEffects, withPushed } from '../_lib/effects';
import { afterCancel, fillFromWaitlist, loadSeatSession, seatOrWaitlist, updatedCount, type WaitlistEngine } from '../_lib/seats';
import { ContentionError, runTransaction } from '../_lib/transaction';
import { ensureVolunteer } from './profile';
import { creditedMinutesOf, heldHidden, idFor, loadCommunity, loadService, mustBelongOrOversee, mustManage, resolveCommunity, signupIdFor, volunteerIdOf } from './store';
import type { In, Out } from './types';
import { activityView, rosterEntry } from './views';

const ACTIVE: VolunteerSignupRecord['status'][] = ['pending', 'confirmed', 'waitlisted'];
/** Upcoming activities of one community shown at once. */
const LIST_CAP = 50;

const SESSIONS = { sessions: COLLECTIONS.volunteerActivities.name, missing: '这个志愿活动不存在' };

/** Volunteer activities on the shared capacity engine (over `db` for its update operators). */
export const activitiesOn = (db: Db): WaitlistEngine<VolunteerActivityRecord> => ({
  ...SESSIONS,
  async promote(tx, head, a) {
    const at = clock.nowIso();
    const sg = await findById<VolunteerSignupRecord>(tx, COLLECTIONS.volunteerSignups.name, head);
    if (!sg || (sg.status !== 'waitlisted' && sg.status !== 'pending')) return false;
    // The notice rides on the sign-up (_lib/effects.ts). One promotion per (sign-up, session revision read).
    const effect = effectOf(SEAT_ENGINE, `promote-${a._id}-${a.rev}`, { collection: COLLECTIONS.volunteerSignups.name, id: head, path: sg.path }, at, {
      messages: [
        {
          to: [sg.userId],
          message: {
            kind: 'volunteer.promoted',
            title: '候补成功，您已报上名了',
            body: `有人让出了名额，您已报上志愿活动「${quotedFor(a.moderation, 'title', a.title, [sg.userId])}」，请按时参加。`,
            link: { page: 'volunteer-activity', id: a._id },
          },
        },
      ],
    });
    await tx.collection(COLLECTIONS.volunteerSignups.name).doc(head).update({ status: 'confirmed', promotedAt: at, updatedAt: at, ...pushEffects(db, [effect]) });
    return true;
  },
});

/** Who promotes the first waiting: the engine, on behalf of whoever freed the seat (its effects are notices only, never audited). */
const SEAT_ENGINE = { _id: 'system', name: '系统' };

export const loadActivity = (db: Db | Tx, id: string) => loadSeatSession<VolunteerActivityRecord>(db, SESSIONS, id);

/**
 * The activity with the caller's volunteer record and their sign-up for it joined, in one aggregate:
 * both ids are known, so each lookup is a constant match by id.
 */
async function activityWith(db: Db, activityId: string, userId: string): Promise<{ a: VolunteerActivityRecord; volunteer: VolunteerRecord | null; signup: VolunteerSignupRecord | null }> {
  const $ = db.command.aggregate;
  const byId = (id: string) => $.pipeline().match({ _id: id }).limit(1).done();
  const res = await db
    .collection(COLLECTIONS.volunteerActivities.name)
    .aggregate()
    .match({ _id: activityId })
    .lookup({ from: COLLECTIONS.volunteers.name, pipeline: byId(volunteerIdOf(userId)), as: 'volunteerOf' })
    .lookup({ from: COLLECTIONS.volunteerSignups.name, pipeline: byId(signupIdFor(activityId, userId)), as: 'signupOf' })
    .limit(1)
    .end();
  const row = (res.data as (VolunteerActivityRecord & { volunteerOf?: VolunteerRecord[]; signupOf?: VolunteerSignupRecord[] })[])[0];
  if (!row) throw notFound(SESSIONS.missing);
  const { volunteerOf, signupOf, ...a } = row;
  return { a, volunteer: volunteerOf?.[0] ?? null, signup: signupOf?.[0] ?? null };
}

async function mySignupOf(db: Db, activityId: string, userId: string): Promise<VolunteerSignupRecord | null> {
  return findById<VolunteerSignupRecord>(db, COLLECTIONS.volunteerSignups.name, signupIdFor(activityId, userId));
}

export async function listActivities(input: In<'activities'>, ctx: MemberContext): Promise<Out<'activities'>> {
  const { db, caller } = ctx;
  const unit = await resolveCommunity(db, caller, input.unitId);
  await mustBelongOrOversee(db, caller, unit);
  const from = instantOf(chinaDate(clock.now()), '00:00').toISOString();
  const res = await db
    .collection(COLLECTIONS.volunteerActivities.name)
    .where({ unitId: unit._id, startAt: db.command.gte(from) })
    .orderBy('startAt', 'asc')
    .limit(LIST_CAP)
    .get();
  const items = (res.data as VolunteerActivityRecord[]).filter((a) => a.status === 'open' && !heldHidden(a, caller));
  const ids = items.map((a) => signupIdFor(a._id, caller._id));
  const mine = ids.length ? ((await db.collection(COLLECTIONS.volunteerSignups.name).where({ _id: db.command.in(ids) }).limit(LIST_CAP).get()).data as VolunteerSignupRecord[]) : [];
  const by = new Map(mine.map((m) => [m.activityId, m]));
  // An activity of today may be over and its hours confirmed: those minutes are on the ledger.
  const credited = await creditedMinutesOf(db, mine);
  return { items: items.map((a) => activityView(a, by.get(a._id) ?? null, caller, credited)), canManage: canManageCommunity(caller.roles, unit.path) };
}

export async function getActivity(input: In<'activity'>, ctx: MemberContext): Promise<Out<'activity'>> {
  const { db, caller } = ctx;
  const a = await loadActivity(db, input.activityId);
  if (heldHidden(a, caller)) throw notFound('这个志愿活动不存在');
  await mustBelongOrOversee(db, caller, await loadCommunity(db, a.unitId));
  const sg = await mySignupOf(db, a._id, caller._id);
  const run = canRunActivity(caller.roles, a, caller._id);
  // The roster is the organiser's: bounded by the activity (capacity ≤ 500 plus its waitlist).
  const rows = run ? await readAll<VolunteerSignupRecord>(db, COLLECTIONS.volunteerSignups.name, { activityId: a._id, status: db.command.in(['confirmed', 'waitlisted']) }) : null;
  // Those with a place first, in the order they got it; then the waitlist in its order.
  const placeOf = (sg: VolunteerSignupRecord) => (sg.status === 'confirmed' ? -1 : a.waitlist.indexOf(sg._id));
  const roster = rows?.sort((x, y) => placeOf(x) - placeOf(y) || (x.promotedAt ?? x.createdAt).localeCompare(y.promotedAt ?? y.createdAt) || x._id.localeCompare(y._id)) ?? null;
  // The minutes credited, the caller's and the roster's, from their ledger entries in one read (none before the confirmation).
  const credited = await creditedMinutesOf(db, [sg, ...(rows ?? [])]);
  return { activity: activityView(a, sg, caller, credited), roster: roster ? roster.map((r) => rosterEntry(r, a, credited)) : null };
}

export async function createActivity(input: In<'createActivity'>, ctx: MemberContext): Promise<Out<'createActivity'>> {
  const { db, caller } = ctx;
  const unit = await loadCommunity(db, input.unitId);
  mustManage(caller, unit.path);
  const service = input.serviceId ? await loadService(db, input.serviceId) : null;
  if (service && (service.unitId !== unit._id || !service.active)) throw invalid('请选择本村（社区）服务清单里的服务', [{ path: 'serviceId', message: '不是本村（社区）的服务' }]);
  const start = instantOf(input.date, input.start);
  const now = clock.now();
  if (start.getTime() <= now.getTime()) throw invalid('活动时间已经过去了', [{ path: 'date', message: '时间已过' }]);
  if (input.date > addDays(chinaDate(now), 180)) throw invalid('活动最多提前半年发布', [{ path: 'date', message: '太远了' }]);
  const id = idFor('va', unit._id, input.date, input.start, input.title);
  const existing = await findById<VolunteerActivityRecord>(db, COLLECTIONS.volunteerActivities.name, id);
  if (existing) return activityView(existing, null, caller);
  const { held } = await checkText(ctx, { title: input.title, description: input.description, place: input.place });
  const record: VolunteerActivityRecord = {
    _id: id,
    serviceId: service?._id ?? null,
    unitId: unit._id,
    unitName: unit.name,
    path: unit.path,
    title: input.title,
    description: input.description,
    place: input.place,
    date: input.date,
    startAt: start.toISOString(),
    endAt: new Date(start.getTime() + input.durationMinutes * 60_000).toISOString(),
    month: chinaMonth(start),
    skills: [...new Set(input.skills.length ? input.skills : service?.skills ?? [])],
    capacity: input.capacity,
    confirmed: 0,
    waitlist: [],
    rev: 0,
    status: 'open',
    organiserId: caller._id,
    organiserName: caller.name,
    hoursConfirmedAt: null,
    createdAt: now.toISOString(),
    ...(held.length ? { moderation: { held } } : {}),
  };
  try {
    await runTransaction(db, async (tx: Tx) => {
      await tx.collection(COLLECTIONS.volunteerActivities.name).add(record);
      await recordAudit(tx, caller, ctx.requestId, { action: 'volunteers.createActivity', target: { collection: COLLECTIONS.volunteerActivities.name, id }, before: null, after: { title: record.title, startAt: record.startAt, capacity: record.capacity, held: held.map((h) => h.field) }, path: record.path });
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  return activityView(await loadActivity(db, id), null, caller);
}

export async function signUp(input: In<'signUp'>, ctx: MemberContext): Promise<Out<'signUp'>> {
  const { db, caller } = ctx;
  const { a, volunteer: known, signup } = await activityWith(db, input.activityId, caller._id);
  if (heldHidden(a, caller)) throw notFound('这个志愿活动不存在');
  const volunteer = await ensureVolunteer(ctx, known);
  if (!volunteer || volunteer.unitId !== a.unitId) throw forbidden(`请先加入${a.unitName}的志愿者队伍`);
  if (volunteer.status !== 'confirmed') throw forbidden('村（社区）确认您的志愿者身份后才能报名');
  if (a.status !== 'open') throw conflict('这个志愿活动已取消');
  if (Date.parse(a.startAt) <= clock.now().getTime()) throw conflict('这个志愿活动已经开始或结束了');
  const id = signupIdFor(a._id, caller._id);
  const now = clock.nowIso();
  const record: VolunteerSignupRecord = {
    _id: id,
    activityId: a._id,
    unitId: a.unitId,
    path: a.path,
    userId: caller._id,
    userName: caller.name,
    title: a.title,
    startAt: a.startAt,
    endAt: a.endAt,
    month: a.month,
    status: 'pending',
    waitlistedAt: null,
    promotedAt: null,
    checkInAt: null,
    checkOutAt: null,
    attendanceBy: null,
    creditedAt: null,
    createdAt: now,
    updatedAt: now,
  };
  // The first sign-up is one insert (the id is the person's for the activity); one that exists (signed up
  // before, or a retry) came with the activity, or, written meanwhile, is read.
  let existing: VolunteerSignupRecord | null = signup;
  if (!existing) {
    try {
      await db.collection(COLLECTIONS.volunteerSignups.name).add(record);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      existing = await findById<VolunteerSignupRecord>(db, COLLECTIONS.volunteerSignups.name, id);
      if (!existing) return activityView(await loadActivity(db, a._id), await mySignupOf(db, a._id, caller._id), caller);
    }
  }
  if (existing) {
    if (ACTIVE.includes(existing.status)) return activityView(signup ? a : await loadActivity(db, a._id), existing, caller);
    // Signing up again after cancelling: the same document goes through the same steps.
    const res = await db.collection(COLLECTIONS.volunteerSignups.name).where({ _id: id, status: existing.status }).update({ status: 'pending', waitlistedAt: null, promotedAt: null, updatedAt: now });
    if (updatedCount(res) !== 1) return activityView(await loadActivity(db, a._id), await mySignupOf(db, a._id, caller._id), caller);
  }
  let seated = false;
  // Waiting with nobody to promote: the answer is the activity as the join left it.
  let waiting: { after: VolunteerActivityRecord; at: number | null } | null = null;
  const place = await seatOrWaitlist(
    db,
    activitiesOn(db),
    a._id,
    id,
    {
      confirm: async () => (seated = updatedCount(await db.collection(COLLECTIONS.volunteerSignups.name).where({ _id: id, status: 'pending' }).update({ status: 'confirmed', updatedAt: now })) === 1),
      queued: async (at, after) => {
        const res = await db.collection(COLLECTIONS.volunteerSignups.name).where({ _id: id, status: 'pending' }).update({ status: 'waitlisted', waitlistedAt: at, updatedAt: now });
        if (updatedCount(res) === 1 && !nextToPromote(after)) waiting = { after, at };
      },
    },
    a,
  );
  // Seated: the answer is what this call wrote (its seat counted on the activity as read); otherwise read again.
  if (place === 'seat' && seated) return activityView({ ...a, confirmed: a.confirmed + 1, rev: a.rev + 1 }, { ...(existing ?? record), status: 'confirmed', waitlistedAt: null, promotedAt: null, updatedAt: now }, caller);
  const queued = waiting as { after: VolunteerActivityRecord; at: number | null } | null;
  if (place === 'waitlist' && queued) return activityView(queued.after, { ...(existing ?? record), status: 'waitlisted', waitlistedAt: queued.at, promotedAt: null, updatedAt: now }, caller);
  return activityView(await loadActivity(db, a._id), await mySignupOf(db, a._id, caller._id), caller);
}

/**
 * Requests: the caller, the activity with the sign-up (one aggregate), one conditional update of the sign-up (carrying the
 * organiser's notice), the seat given back answering the activity as it left it; when someone waits, the
 * engine's promotion and the activity read again for the answer.
 */
export async function cancelSignup(input: In<'cancelSignup'>, ctx: MemberContext): Promise<Out<'cancelSignup'>> {
  const { db, caller } = ctx;
  const _ = db.command;
  const { a, signup: mine } = await activityWith(db, input.activityId, caller._id);
  const id = signupIdFor(a._id, caller._id);
  let sg = mine;
  if (!sg) throw notFound('您没有报名这个志愿活动');
  if (!ACTIVE.includes(sg.status)) throw conflict('您的报名已经取消了');
  if (Date.parse(a.startAt) <= clock.now().getTime()) throw conflict('活动已经开始，不能取消了');
  const at = clock.nowIso();
  // One write from the status read; a miss (promoted or seated meanwhile) is read again and written from there.
  let cancelled: VolunteerSignupRecord | null = null;
  for (let attempt = 0; attempt < 3 && sg && ACTIVE.includes(sg.status); attempt++) {
    const effects =
      sg.status === 'confirmed'
        ? [
            effectOf(caller, ctx.requestId, { collection: COLLECTIONS.volunteerSignups.name, id, path: sg.path }, at, {
              messages: [{ to: [a.organiserId], message: { kind: 'volunteer.signupCancelled', title: '有志愿者取消了报名', body: `${caller.name}取消了志愿活动「${a.title}」的报名`, link: { page: 'volunteer-activity', id: a._id }, aboutId: caller._id } }],
            }),
          ]
        : [];
    const res = await db.collection(COLLECTIONS.volunteerSignups.name).where({ _id: id, status: sg.status }).update({ status: 'cancelled', updatedAt: at, ...pushEffects(db, effects) });
    if (updatedCount(res) === 1) {
      cancelled = withPushed({ ...sg, status: 'cancelled' as const, updatedAt: at }, effects);
      break;
    }
    sg = await findById<VolunteerSignupRecord>(db, COLLECTIONS.volunteerSignups.name, id);
  }
  if (!cancelled) {
    if (sg && ACTIVE.includes(sg.status)) throw new ContentionError(3);
    throw conflict('您的报名已经取消了');
  }
  const was = sg!.status;
  // Only the cancellation that was written gets here: one place freed, at most one promotion.
  if (was !== 'confirmed') {
    await afterCancel(db, activitiesOn(db), a._id, id, was);
    return activityView({ ...a, waitlist: a.waitlist.filter((w) => w !== id), rev: a.rev + 1 }, cancelled, caller);
  }
  // The seat given back (as the engine's giveSeatBack does), answering the activity as it left it: the
  // engine is asked to fill it only when someone waits.
  const freed = (await db.collection(COLLECTIONS.volunteerActivities.name).where({ _id: a._id, confirmed: _.gt(0) }).updateAndReturn({ confirmed: _.inc(-1), rev: _.inc(1) })) as { doc?: VolunteerActivityRecord | null };
  const after = freed.doc ?? null;
  if (after && !nextToPromote(after)) return activityView(after, cancelled, caller);
  await fillFromWaitlist(db, activitiesOn(db), a._id);
  return activityView(await loadActivity(db, a._id), cancelled, caller);
}
