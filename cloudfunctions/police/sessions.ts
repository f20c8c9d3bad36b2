/**
 * 集中 group sessions with a waitlist, first come first served: a sign-up takes a seat by a
 * conditional update (`confirmed < capacity` and nobody waiting: placeForSignUp); otherwise it is
 * appended to the session's `waitlist` array by an atomic push, so the array order is the arrival
 * order. A freed seat goes to the head of the waitlist by a compare-and-set on "a seat is free and
 * this is still the head", so each freed seat promotes exactly one person, the first waiting.
 */
import type { Db } from '@cloudbase/database';
import type { GroupSessionRecord, PoliceHomeRecord, SignupRecord } from '../../shared/domain/police-records';
import { addDays, chinaClock, chinaDate, chinaMonth, chinaParts, instantOf } from '../../shared/domain/china-time';
import { sessionCapacityVerdict } from '../../shared/domain/police-manage';
import { nextToPromote } from '../../shared/domain/seat-rules';
import { quotedFor, sessionHidden, withHeld } from '../../shared/domain/police-moderation';
import { recordAudit } from '../_lib/audit';
import { checkText } from '../_lib/content-check';
import { clock } from '../_lib/clock';
import { findById, isDuplicateKey, readAll, type Tx } from '../_lib/db';
import { conflict, invalid, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { heldNotice, idFor, loadService, mustBeOfficer, mustLiveUnder, mustManage, officerIds, resolveHome, tellHeld, updatedCount } from './store';
import { effectOf, pushEffects, withPushed, type EffectSpec } from '../_lib/effects';
import { moderationViewer, sessionView, signupView } from './views';
import type { In, Out } from './types';
import { COLLECTIONS } from '../_lib/collections';
import { ContentionError, runTransaction } from '../_lib/transaction';
import { afterCancel, fillFromWaitlist as fillSeats, loadSeatSession, seatOrWaitlist, type WaitlistEngine } from '../_lib/seats';

export const signupIdFor = (sessionId: string, userId: string) => idFor('sg', sessionId, userId);

const ACTIVE: SignupRecord['status'][] = ['pending', 'confirmed', 'waitlisted'];

/** Who promotes the first waiting: the engine, on behalf of whoever freed the seat (its effects are notices only, never audited). */
const SEAT_ENGINE = { _id: 'system', name: '系统' };

/**
 * Police group sessions on the shared capacity engine (_lib/seats.ts). A promotion is one conditional
 * write of the sign-up (still waiting, as read) carrying the person's notice: no transaction.
 */
const SESSIONS: WaitlistEngine<GroupSessionRecord> = {
  sessions: COLLECTIONS.policeSessions.name,
  missing: '这场活动不存在',
  promotesAlone: true,
  async promote(handle, head, s) {
    const db = handle as Db; // promotesAlone: the engine hands over the database itself
    const at = clock.nowIso();
    const sg = await findById<SignupRecord>(db, COLLECTIONS.policeSignups.name, head);
    if (!sg || (sg.status !== 'waitlisted' && sg.status !== 'pending')) return false;
    // One promotion per (sign-up, session revision read).
    const effect = effectOf(SEAT_ENGINE, `promote-${s._id}-${s.rev}`, { collection: COLLECTIONS.policeSignups.name, id: head, path: sg.path }, at, {
      messages: [
        {
          to: [sg.userId],
          message: {
            kind: 'police.promoted',
            title: '候补成功，您已报上名了',
            body: `有人让出了名额，您已报上「${quotedFor(s.moderation, 'title', s.title, [sg.userId])}」，请按时参加。`,
            link: { page: 'police-sessions', id: s._id },
          },
        },
      ],
    });
    const res = await db
      .collection(COLLECTIONS.policeSignups.name)
      .where({ _id: head, status: sg.status })
      .update({ status: 'confirmed', promotedAt: at, updatedAt: at, ...pushEffects(db, [effect]) });
    return updatedCount(res) === 1;
  },
};

const loadSession = (db: Db | Tx, id: string) => loadSeatSession<GroupSessionRecord>(db, SESSIONS, id);

/** Fills free seats from the head of the waitlist (the shared engine). */
export const fillFromWaitlist = (db: Db, sessionId: string) => fillSeats(db, SESSIONS, sessionId);

async function currentView(db: Db, id: string): Promise<Out<'signUp'>> {
  const sg = await findById<SignupRecord>(db, COLLECTIONS.policeSignups.name, id);
  if (!sg) throw notFound('没有找到您的报名');
  return signupView(sg, await loadSession(db, sg.sessionId));
}

/**
 * 报名: one aggregate reads the session and the caller's sign-up; the sign-up is written (pending),
 * then placed by the shared engine — a seat, or the end of the waitlist — and the answer is built
 * from what those writes left, with no read after them (unless a promotion raced the push).
 */
export async function signUp(input: In<'signUp'>, ctx: MemberContext): Promise<Out<'signUp'>> {
  const { db, caller } = ctx;
  const id = signupIdFor(input.sessionId, caller._id);
  const { session, sg: existing } = await sessionWithSignup(db, input.sessionId, id);
  // A session with held text is not published yet: to residents it does not exist.
  if (sessionHidden(session.moderation, moderationViewer(session.path, caller))) throw notFound('这场活动不存在');
  mustLiveUnder(caller, session.unitId);
  if (session.status !== 'open') throw conflict('这场活动已取消');
  if (Date.parse(session.startAt) <= clock.now().getTime()) throw invalid('这场活动已经开始或结束了', [{ path: 'sessionId', message: '活动已开始' }]);
  const now = clock.nowIso();
  let base: SignupRecord;
  if (existing) {
    if (ACTIVE.includes(existing.status) || existing.status === 'attended') return signupView(existing, session);
    // Signing up again after cancelling: the same document goes back through the same steps.
    const again = { status: 'pending' as const, waitlistedAt: null, promotedAt: null, remindedAt: null, updatedAt: now };
    const res = await db.collection(COLLECTIONS.policeSignups.name).where({ _id: id, status: existing.status }).update(again);
    if (updatedCount(res) !== 1) return currentView(db, id);
    base = { ...existing, ...again };
  } else {
    base = {
      _id: id,
      sessionId: session._id,
      homeId: session.homeId,
      path: session.path,
      userId: caller._id,
      userName: caller.name,
      startAt: session.startAt,
      month: session.month,
      duties: session.duties,
      status: 'pending',
      waitlistedAt: null,
      promotedAt: null,
      remindedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await db.collection(COLLECTIONS.policeSignups.name).add(base);
    } catch (err) {
      if (isDuplicateKey(err)) return currentView(db, id);
      throw err;
    }
  }
  let answer: Out<'signUp'> | null = null;
  // placeForSignUp, checked atomically by the shared engine on the session as read.
  await seatOrWaitlist(
    db,
    SESSIONS,
    session._id,
    id,
    {
      confirm: async () => {
        const took = updatedCount(await db.collection(COLLECTIONS.policeSignups.name).where({ _id: id, status: 'pending' }).update({ status: 'confirmed', updatedAt: now })) === 1;
        if (took) answer = signupView({ ...base, status: 'confirmed' }, session);
        return took;
      },
      queued: async (place, after) => {
        const res = await db.collection(COLLECTIONS.policeSignups.name).where({ _id: id, status: 'pending' }).update({ status: 'waitlisted', waitlistedAt: place, updatedAt: now });
        // A seat free at the push goes to the first waiting, maybe this person: then the answer is read.
        if (updatedCount(res) === 1 && !nextToPromote(after)) answer = signupView({ ...base, status: 'waitlisted', waitlistedAt: place }, after);
      },
    },
    session,
  );
  return answer ?? currentView(db, id);
}

/** The session with the caller's sign-up for it and its home, in one aggregate (each lookup a match by id). */
async function sessionWithSignup(db: Db, sessionId: string, signupId: string): Promise<{ session: GroupSessionRecord; sg: SignupRecord | null; home: PoliceHomeRecord | null }> {
  const res = await db
    .collection(COLLECTIONS.policeSessions.name)
    .aggregate()
    .match({ _id: sessionId })
    .limit(1)
    .lookup({ from: COLLECTIONS.policeSignups.name, pipeline: db.command.aggregate.pipeline().match({ _id: signupId }).limit(1).done(), as: 'signups' })
    .lookup({ from: COLLECTIONS.policeHomes.name, localField: 'homeId', foreignField: '_id', as: 'homes' })
    .end();
  const row = (res.data as (GroupSessionRecord & { signups?: SignupRecord[]; homes?: PoliceHomeRecord[] })[])[0];
  if (!row) throw notFound(SESSIONS.missing);
  const { signups, homes, ...session } = row;
  return { session, sg: signups?.[0] ?? null, home: homes?.[0] ?? null };
}

/** Times a cancellation reads the sign-up again after losing its write to another change (a promotion). */
const CANCEL_ATTEMPTS = 5;

/**
 * 取消报名 without a transaction: one conditional write of the sign-up (still in the state read) is the
 * cancellation and carries the officers' notice when a place is given up; only the request that made
 * it frees the seat, handed straight to the first waiting when someone waits (_lib/seats.ts afterCancel).
 */
export async function cancelSignup(input: In<'cancelSignup'>, ctx: MemberContext): Promise<Out<'cancelSignup'>> {
  const { db, caller } = ctx;
  const id = signupIdFor(input.sessionId, caller._id);
  const { session, sg: read, home } = await sessionWithSignup(db, input.sessionId, id);
  if (!read) throw notFound('您没有报名这场活动');
  if (!ACTIVE.includes(read.status)) throw conflict('您的报名已经取消或活动已结束');
  if (Date.parse(session.startAt) <= clock.now().getTime()) throw conflict('活动已经开始，不能取消了');
  const officers = home ? officerIds(home) : [];
  let sg = read;
  for (let attempt = 1; ; attempt++) {
    const at = clock.nowIso();
    const effect = effectOf(caller, ctx.requestId, { collection: COLLECTIONS.policeSignups.name, id, path: sg.path }, at, {
      messages:
        sg.status === 'confirmed'
          ? [
              {
                to: officers,
                message: {
                  kind: 'police.signupCancelled',
                  title: '有人取消了活动报名',
                  body: `${caller.name}取消了「${quotedFor(session.moderation, 'title', session.title, officers)}」的报名`,
                  link: { page: 'police-workbench', id: session.homeId },
                  aboutId: caller._id,
                },
              },
            ]
          : [],
    });
    const res = await db
      .collection(COLLECTIONS.policeSignups.name)
      .where({ _id: id, status: sg.status })
      .update({ status: 'cancelled', updatedAt: at, ...pushEffects(db, [effect]) });
    if (updatedCount(res) === 1) {
      // Only the cancellation that was written gets here: one seat freed, at most one promotion.
      await afterCancel(db, SESSIONS, session._id, id, sg.status, session);
      return signupView(withPushed({ ...sg, status: 'cancelled', updatedAt: at }, [effect]), session);
    }
    if (attempt >= CANCEL_ATTEMPTS) throw new ContentionError(attempt);
    const fresh = await findById<SignupRecord>(db, COLLECTIONS.policeSignups.name, id);
    if (!fresh || !ACTIVE.includes(fresh.status)) throw conflict('您的报名已经取消了');
    sg = fresh;
  }
}

export async function listSessions(input: In<'sessions'>, ctx: MemberContext): Promise<Out<'sessions'>> {
  const { db, caller } = ctx;
  const home = await resolveHome(db, caller, input.homeId);
  const res = await db
    .collection(COLLECTIONS.policeSessions.name)
    .where({ homeId: home._id, status: 'open', startAt: db.command.gte(instantOf(chinaDate(clock.now()), '00:00').toISOString()) })
    .orderBy('startAt', 'asc')
    .limit(50)
    .get();
  // Sessions with held text wait for a review before residents see them at all.
  const sessions = (res.data as GroupSessionRecord[]).filter((s) => !sessionHidden(s.moderation, moderationViewer(s.path, caller)));
  const ids = sessions.map((s) => signupIdFor(s._id, caller._id));
  const mine = ids.length ? ((await db.collection(COLLECTIONS.policeSignups.name).where({ _id: db.command.in(ids) }).limit(100).get()).data as SignupRecord[]) : [];
  const bySession = new Map(mine.map((m) => [m.sessionId, m]));
  return { items: sessions.map((s) => sessionView(s, bySession.get(s._id) ?? null, caller)) };
}

export async function createSession(input: In<'createSession'>, ctx: MemberContext): Promise<Out<'createSession'>> {
  const { db, caller } = ctx;
  const service = await loadService(db, input.serviceId);
  mustManage(caller, service.path);
  if (service.mode !== 'groupSession') throw invalid('请选择一项集中服务', [{ path: 'serviceId', message: '不是集中服务' }]);
  const start = instantOf(input.date, input.start);
  if (start.getTime() <= clock.now().getTime()) throw invalid('活动时间已经过去了', [{ path: 'date', message: '时间已过' }]);
  if (input.date > addDays(chinaDate(clock.now()), 180)) throw invalid('活动最多提前半年发布', [{ path: 'date', message: '太远了' }]);
  const id = idFor('ss', service._id, input.date, input.start, input.title);
  const existing = await findById<GroupSessionRecord>(db, COLLECTIONS.policeSessions.name, id);
  if (existing) return sessionView(existing, null, caller);
  // Checked before the transaction (a network call in the cloud); a held session stays unpublished.
  const { held } = await checkText(ctx, { title: input.title, description: input.description, place: input.place });
  const record: GroupSessionRecord = {
    _id: id,
    serviceId: service._id,
    homeId: service.homeId,
    unitId: service.unitId,
    path: service.path,
    title: input.title,
    description: input.description,
    place: input.place,
    startAt: start.toISOString(),
    endAt: new Date(start.getTime() + input.durationMinutes * 60_000).toISOString(),
    date: input.date,
    month: chinaMonth(start),
    duties: service.duties,
    capacity: input.capacity,
    confirmed: 0,
    waitlist: [],
    rev: 0,
    status: 'open',
    createdBy: caller._id,
    createdAt: clock.nowIso(),
    ...(held.length ? { moderation: { held } } : {}),
  };
  try {
    await runTransaction(db, async (tx: Tx) => {
      await tx.collection(COLLECTIONS.policeSessions.name).add(record);
      await recordAudit(tx, caller, ctx.requestId, { action: 'police.createSession', target: { collection: COLLECTIONS.policeSessions.name, id }, before: null, after: { title: record.title, startAt: record.startAt, capacity: record.capacity, held: held.map((h) => h.field) }, path: record.path });
      await tellHeld(tx, held, `您发布的活动「${record.title}」暂不对居民显示`, { page: 'police-workbench', id: service.homeId });
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    // The same session submitted twice: the first stands.
  }
  return sessionView(await loadSession(db, id), null, caller);
}

export async function recordAttendance(input: In<'recordAttendance'>, ctx: MemberContext): Promise<Out<'recordAttendance'>> {
  const { db, caller } = ctx;
  const sg = await findById<SignupRecord>(db, COLLECTIONS.policeSignups.name, input.signupId);
  if (!sg) throw notFound('没有找到这条报名');
  mustBeOfficer(caller, sg.path);
  const session = await loadSession(db, sg.sessionId);
  if (chinaDate(new Date(session.startAt)) > chinaDate(clock.now())) throw conflict('活动还没开始，不能登记到场');
  const allowed: SignupRecord['status'][] = ['confirmed', 'attended', 'absent'];
  if (!allowed.includes(sg.status)) throw conflict('只有报上名的人可以登记到场');
  const status = input.attended ? 'attended' : 'absent';
  await runTransaction(db, async (tx: Tx) => {
    const cur = await findById<SignupRecord>(tx, COLLECTIONS.policeSignups.name, sg._id);
    if (!cur || !allowed.includes(cur.status)) throw conflict('只有报上名的人可以登记到场');
    await tx.collection(COLLECTIONS.policeSignups.name).doc(sg._id).update({ status, updatedAt: clock.nowIso() });
    await recordAudit(tx, caller, ctx.requestId, { action: 'police.recordAttendance', target: { collection: COLLECTIONS.policeSignups.name, id: sg._id }, before: { status: cur.status }, after: { status }, path: cur.path });
  });
  return signupView({ ...sg, status }, session, moderationViewer(session.path, caller));
}

const whenText = (startAt: string) => {
  const { month, day } = chinaParts(startAt);
  return `${month}月${day}日${chinaClock(startAt)}`;
};

/** Everyone who holds or waits for a place, with whom to tell: the people a change or a cancellation is told to. */
async function activeSignups(db: Db, sessionId: string): Promise<Pick<SignupRecord, '_id' | 'userId'>[]> {
  return readAll<Pick<SignupRecord, '_id' | 'userId'>>(db, COLLECTIONS.policeSignups.name, { sessionId, status: db.command.in(ACTIVE) }, ['userId']);
}

/** Times a change of a session reads it again after losing its write to another change. */
const SESSION_ATTEMPTS = 5;

/** What a change of a session writes, decided on the session as read (throws when the rule now refuses). */
interface SessionChange {
  fields: Record<string, unknown>;
  spec: EffectSpec;
}

/**
 * One conditional write of a session — still open, its places confirmed within `capacity` (when it
 * changes), and as many held texts as read — carrying the change's notices and audit entry (_lib/effects.ts); `rev` moves,
 * so a sign-up that read the old capacity misses its seat. Someone else's write first (a sign-up, a
 * promotion) means the session is read again and `change` asked again. Answers the session as written.
 */
async function writeSession(ctx: MemberContext, read: GroupSessionRecord, change: (cur: GroupSessionRecord) => SessionChange, capacity?: number): Promise<GroupSessionRecord> {
  const { db, caller } = ctx;
  const _ = db.command;
  let cur = read;
  for (let attempt = 1; ; attempt++) {
    const c = change(cur);
    const effect = effectOf(caller, ctx.requestId, { collection: COLLECTIONS.policeSessions.name, id: cur._id, path: cur.path }, clock.nowIso(), c.spec);
    const res = await db
      .collection(COLLECTIONS.policeSessions.name)
      .where({ _id: cur._id, status: 'open', ...(capacity === undefined ? {} : { confirmed: _.lte(capacity) }), ...(cur.moderation ? { 'moderation.held': _.size(cur.moderation.held.length) } : {}) })
      .update({ ...c.fields, rev: _.inc(1), ...pushEffects(db, [effect]) });
    if (updatedCount(res) === 1) return withPushed({ ...cur, ...c.fields, rev: cur.rev + 1 } as GroupSessionRecord, [effect]);
    if (attempt >= SESSION_ATTEMPTS) throw new ContentionError(attempt);
    cur = await loadSession(db, cur._id);
  }
}

/**
 * Title, description, place, time or capacity of a session ahead. The capacity never goes below the
 * places already confirmed (CONFLICT), checked by the session's own conditional write. A new time or
 * place is told to everyone signed up or waiting, carried by that write; their sign-ups take the new
 * time in one `_.in` write after it (for the reminders; a sign-up made meanwhile copies it anyway).
 */
export async function editSession(input: In<'editSession'>, ctx: MemberContext): Promise<Out<'editSession'>> {
  const { db, caller } = ctx;
  const session = await loadSession(db, input.sessionId);
  mustManage(caller, session.path);
  if (session.status !== 'open') throw conflict('这场活动已经取消了');
  const now = clock.now();
  if (Date.parse(session.startAt) <= now.getTime()) throw conflict('活动已经开始或结束了，不能再修改');
  const date = input.date ?? session.date;
  const start = instantOf(date, input.start ?? chinaClock(session.startAt));
  const minutes = input.durationMinutes ?? Math.round((Date.parse(session.endAt) - Date.parse(session.startAt)) / 60_000);
  if (start.getTime() <= now.getTime()) throw invalid('活动时间已经过去了', [{ path: input.start ? 'start' : 'date', message: '时间已过' }]);
  if (date > addDays(chinaDate(now), 180)) throw invalid('活动最多提前半年发布', [{ path: 'date', message: '太远了' }]);
  const full = (confirmed: number) => conflict(`已经有 ${confirmed} 人报上名了，名额不能少于 ${confirmed} 人`);
  if (input.capacity !== undefined && sessionCapacityVerdict(input.capacity, session.confirmed) === 'conflict') throw full(session.confirmed);
  const texts = { title: input.title, description: input.description, place: input.place };
  const { held } = await checkText(ctx, texts);
  const change = {
    title: input.title ?? session.title,
    description: input.description ?? session.description,
    place: input.place ?? session.place,
    date,
    startAt: start.toISOString(),
    endAt: new Date(start.getTime() + minutes * 60_000).toISOString(),
    month: chinaMonth(start),
    capacity: input.capacity ?? session.capacity,
  };
  const moved = change.startAt !== session.startAt || change.place !== session.place;
  const told = moved ? (await activeSignups(db, session._id)).map((s) => s.userId) : [];
  const written = await writeSession(
    ctx,
    session,
    (cur) => {
    if (cur.status !== 'open') throw conflict('这场活动已经取消了');
    if (sessionCapacityVerdict(change.capacity, cur.confirmed) === 'conflict') throw full(cur.confirmed);
    // Text written anew replaces what was held on that field; fields left as they were keep their state.
    const rewritten = Object.entries(texts).filter(([, v]) => v !== undefined).map(([k]) => k);
    const kept = (cur.moderation?.held ?? []).filter((h) => !rewritten.includes(h.field));
    const moderation = cur.moderation || held.length ? { moderation: withHeld({ ...(cur.moderation ?? {}), held: kept }, held) } : {};
    const after = { ...cur, ...change, ...moderation };
    return {
      fields: { ...change, ...moderation },
      spec: {
        messages: [
          {
            to: told,
            message: {
              kind: 'police.sessionChanged',
              title: '活动时间或地点有变',
              body: `您报名的「${quotedFor(after.moderation, 'title', after.title, [])}」改为${whenText(change.startAt)}在${quotedFor(after.moderation, 'place', after.place, [])}举行。`,
              link: { page: 'police-sessions', id: cur._id },
            },
          },
          ...heldNotice(held, `您修改的活动「${change.title}」暂不对居民显示`, { page: 'police-workbench', id: cur.homeId }),
        ],
        audit: {
          action: 'police.editSession',
          before: { title: cur.title, description: cur.description, place: cur.place, startAt: cur.startAt, endAt: cur.endAt, capacity: cur.capacity },
          after: { title: change.title, description: change.description, place: change.place, startAt: change.startAt, endAt: change.endAt, capacity: change.capacity, held: held.map((h) => h.field) },
        },
      },
    };
    },
    change.capacity,
  );
  if (moved) {
    await db
      .collection(COLLECTIONS.policeSignups.name)
      .where({ sessionId: session._id, status: db.command.in(ACTIVE) })
      .update({ startAt: change.startAt, month: change.month, remindedAt: null, updatedAt: clock.nowIso() });
  }
  // More places: the first waiting take them (the session read again for its answer).
  if (written.capacity > session.capacity && written.waitlist.length && (await fillFromWaitlist(db, session._id))) return sessionView(await loadSession(db, session._id), null, caller);
  return sessionView(written, null, caller);
}

/**
 * Cancels a session ahead: one conditional write of the session (still open) that carries its audit
 * entry and the notice to everyone signed up or waiting, then their sign-ups in one `_.in` write. A
 * sign-up that slipped in meanwhile is swept up and told after it.
 */
export async function cancelSession(input: In<'cancelSession'>, ctx: MemberContext): Promise<Out<'cancelSession'>> {
  const { db, caller } = ctx;
  const _ = db.command;
  const session = await loadSession(db, input.sessionId);
  mustManage(caller, session.path);
  if (session.status !== 'open') throw conflict('这场活动已经取消了');
  if (Date.parse(session.startAt) <= clock.now().getTime()) throw conflict('活动已经开始或结束了，不能取消');
  const { held } = await checkText(ctx, { reason: input.reason });
  // A held reason is not quoted to the residents: they read that the session is cancelled.
  const reason = held.length ? '' : `，原因：${input.reason}`;
  const title = quotedFor(session.moderation, 'title', session.title, []);
  const message = {
    kind: 'police.sessionCancelled' as const,
    title: '活动已取消',
    body: `您报名的「${title}」（${whenText(session.startAt)}）已取消${reason}。给您带来不便，请谅解。`,
    link: { page: 'police-sessions', id: session._id },
  };
  const signups = await activeSignups(db, session._id);
  await writeSession(ctx, session, (cur) => {
    if (cur.status !== 'open') throw conflict('这场活动已经取消了');
    return {
      fields: { status: 'cancelled', waitlist: [] },
      spec: {
        messages: [{ to: signups.map((s) => s.userId), message }],
        audit: {
          action: 'police.cancelSession',
          before: { status: 'open', confirmed: cur.confirmed, waiting: cur.waitlist.length },
          after: { status: 'cancelled', reason: input.reason, told: signups.length },
        },
      },
    };
  });
  const cancel = (ids: readonly string[]) =>
    db.collection(COLLECTIONS.policeSignups.name).where({ _id: _.in([...ids]), status: _.in(ACTIVE) }).update({ status: 'cancelled', updatedAt: clock.nowIso() });
  if (signups.length) await cancel(signups.map((s) => s._id));
  const late = await activeSignups(db, session._id);
  if (late.length) {
    await cancel(late.map((s) => s._id));
    // Told by an effect of its own on the session (the session is cancelled now: only the id is asked for).
    const effect = effectOf(caller, `${ctx.requestId}-late`, { collection: COLLECTIONS.policeSessions.name, id: session._id, path: session.path }, clock.nowIso(), { messages: [{ to: late.map((s) => s.userId), message }] });
    await db.collection(COLLECTIONS.policeSessions.name).doc(session._id).update(pushEffects(db, [effect]));
  }
  return { id: session._id, told: signups.length + late.length };
}
