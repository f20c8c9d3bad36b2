/**
 * 注销账号, the part the person waits for, in the same requests whatever the person did (issue 13: a
 * resident's action sends at most 6, the caller's read with them). One aggregate reads the record
 * afresh with, joined, everything someone else may be working on for the person: refused while there
 * is any, or a duty is held, and nothing written. Then no transaction, each write its own commit point:
 * the account's erasure job first (its id is the account's, so a retried or a concurrent close finds
 * it there and never makes a second), then the record emptied and its openid replaced, only while
 * still open and without a duty (sign-in stops at once: no WeChat identity leads to the record any
 * more); after it the person's wishes leave the village wall and the local sign-ins go. The auth
 * `erase` timer (timers.ts) does the rest from the job, as closing.ts says for each collection: its
 * first step finishes a close that stopped between the job and the record (or withdraws the job) and
 * writes the close's audit entry.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '@cloudbase/database';
import type { In, Out } from './types';
import { CLOSED_USER_NAME, closeBlockers, closedUserPatch, handoverRefusal, HANDOVER_ROLES } from '../../shared/domain/account-close';
import { OPEN_STATUSES } from '../../shared/domain/case-state';
import type { BookingRecord } from '../../shared/domain/police-records';
import { canCancel } from '../../shared/domain/police-rules';
import type { AccountErasureRecord, UserRecord, WishRecord } from '../../shared/domain/records';
import { clock } from '../_lib/clock';
import { findById, isDuplicateKey } from '../_lib/db';
import { conflict, forbidden } from '../_lib/errors';
import type { ActionContext } from '../_lib/handler';
import { COLLECTIONS } from '../_lib/collections';

/** The erasure job of an account: one per account, so a retried close never starts a second. */
export const erasureIdOf = (userId: string) => `ae-${userId}`;

/** The audit entry of an account's close: one per account, so the timer writing it again changes nothing. */
export const closeAuditIdOf = (userId: string) => `al-close-${userId}`;

/**
 * How long a close holds its job before the timer may take it: longer than the auth function may run
 * (10 s, cloudbaserc.json), so the timer never finishes or withdraws a close that is still under way.
 */
export const CLOSE_HOLD_MS = 30_000;

/** Whose own open wishes a close looks at: the blockers (claimed, fulfilled), and what the erasure withdraws. */
const OWN_OPEN_WISHES = ['pending_review', 'open', 'claimed', 'fulfilled'] as const;
/** A person's open items of one kind are few (a wish, a booking at a time); each lookup stops here all the same. */
const OPEN_CAP = 200;

type Counted = { n: number }[];
type Joined = UserRecord & {
  wishes: Pick<WishRecord, '_id' | 'wisherId' | 'claimantId' | 'status'>[];
  bookings: Pick<BookingRecord, '_id' | 'startAt' | 'endAt'>[];
  signupsAhead: Counted;
  volunteerSignupsAhead: Counted;
  venueBookingsAhead: Counted;
  casesOpen: Counted;
  mattersInProgress: Counted;
};

/**
 * The person's record read afresh, and what they have under way that someone else is working on, in
 * one aggregate: the record, with each kind of work joined as a bounded lookup on its own indexed
 * query (the open items, or their count). Null when there is no such record.
 */
export async function readForClose(db: Db, userId: string, now: Date): Promise<{ user: UserRecord; blockers: string[] } | null> {
  const _ = db.command;
  const $ = _.aggregate;
  const nowIso = now.toISOString();
  const items = (where: object, fields: Record<string, 1>) => $.pipeline().match(where).project(fields).limit(OPEN_CAP).done();
  const counted = (where: object) => $.pipeline().match(where).project({ _id: 1 }).limit(OPEN_CAP).count('n').done();
  const res = await db
    .collection(COLLECTIONS.users.name)
    .aggregate()
    .match({ _id: userId })
    .limit(1)
    .lookup({
      from: COLLECTIONS.wishes.name,
      pipeline: items(_.or([{ wisherId: userId, status: _.in([...OWN_OPEN_WISHES]) }, { claimantId: userId, status: 'claimed' }]), { _id: 1, wisherId: 1, claimantId: 1, status: 1 }),
      as: 'wishes',
    })
    .lookup({ from: COLLECTIONS.policeBookings.name, pipeline: items({ userId, status: 'booked', endAt: _.gt(nowIso) }, { _id: 1, startAt: 1, endAt: 1 }), as: 'bookings' })
    .lookup({ from: COLLECTIONS.policeSignups.name, pipeline: counted({ userId, status: _.in(['pending', 'confirmed', 'waitlisted']), startAt: _.gt(nowIso) }), as: 'signupsAhead' })
    .lookup({ from: COLLECTIONS.volunteerSignups.name, pipeline: counted({ userId, status: _.neq('cancelled'), startAt: _.gt(nowIso) }), as: 'volunteerSignupsAhead' })
    .lookup({ from: COLLECTIONS.venueBookings.name, pipeline: counted({ userId, status: _.in(['pending', 'confirmed']), startAt: _.gt(nowIso) }), as: 'venueBookingsAhead' })
    .lookup({ from: COLLECTIONS.cases.name, pipeline: counted({ reporterId: userId, status: _.in([...OPEN_STATUSES]) }), as: 'casesOpen' })
    .lookup({ from: COLLECTIONS.matters.name, pipeline: counted({ applicantId: userId, status: 'in_progress' }), as: 'mattersInProgress' })
    .end();
  const row = (res.data as Joined[])[0];
  if (!row) return null;
  const { wishes, bookings, signupsAhead, volunteerSignupsAhead, venueBookingsAhead, casesOpen, mattersInProgress, ...user } = row;
  // No matches, no count document (MongoDB's $count); one otherwise.
  const n = (c: Counted | undefined) => c?.[0]?.n ?? 0;
  const own = (wishes ?? []).filter((w) => w.wisherId === userId);
  const blockers = closeBlockers({
    wishesInHand: own.filter((w) => w.status === 'claimed').length,
    wishesToConfirm: own.filter((w) => w.status === 'fulfilled').length,
    wishesClaimed: (wishes ?? []).filter((w) => w.claimantId === userId && w.status === 'claimed' && w.wisherId !== userId).length,
    bookingsStartingSoon: (bookings ?? []).filter((b) => !canCancel(b, now)).length,
    signupsAhead: n(signupsAhead),
    volunteerSignupsAhead: n(volunteerSignupsAhead),
    venueBookingsAhead: n(venueBookingsAhead),
    casesOpen: n(casesOpen),
    mattersInProgress: n(mattersInProgress),
  });
  return { user, blockers };
}

/**
 * The job the erase timer works off; it alone keeps the name (to find notices naming the person), until
 * done. `requestId`: the close's, for the audit entry the timer writes (null: the close audited itself).
 */
export function erasureJob(user: UserRecord, now: string, requestId: string | null, leaseUntil = now): AccountErasureRecord {
  return {
    _id: erasureIdOf(user._id),
    userId: user._id,
    name: user.name === CLOSED_USER_NAME ? null : user.name,
    gender: user.gender ?? null,
    unitId: user.residence?.unitId ?? null,
    path: user.residence?.path ?? [],
    registeredAt: user.createdAt,
    createdAt: now,
    requestId,
    status: 'pending',
    step: 0,
    cursor: null,
    claim: null,
    leaseUntil,
    pages: 0,
    doneAt: null,
  };
}

/** A tombstone rather than no field: users.openid has a unique index, and every document without it would count as the same null. */
const tombstone = () => `closed-${randomUUID()}`;

/**
 * The close's moment: the record emptied and its openid replaced in one write, only while the account
 * is still open and holds no duty (one granted since the read must be handed over first). True if
 * this write closed it.
 */
export async function emptyRecord(db: Db, userId: string, closedAt: string): Promise<boolean> {
  const _ = db.command;
  const res = await db
    .collection(COLLECTIONS.users.name)
    .where({ _id: userId, closedAt: null, 'roles.role': _.nin([...HANDOVER_ROLES]) })
    .update({ ...closedUserPatch(closedAt), openid: tombstone() });
  return (res as { updated?: number }).updated === 1;
}

async function closeOnce(ctx: ActionContext, caller: UserRecord): Promise<void> {
  const { db } = ctx;
  const refusal = handoverRefusal(caller.roles);
  if (refusal) throw forbidden(refusal);
  const now = clock.now();
  const read = await readForClose(db, caller._id, now);
  // Closed meanwhile by a close sent at the same time.
  if (!read || read.user.closedAt) return;
  const late = handoverRefusal(read.user.roles);
  if (late) throw forbidden(late);
  if (read.blockers.length) throw conflict(read.blockers.join('；'));
  const at = now.toISOString();
  // Held by this close for its lifetime: the timer takes the job only once the close is over, either way.
  const job = erasureJob(read.user, at, ctx.requestId, new Date(now.getTime() + CLOSE_HOLD_MS).toISOString());
  try {
    await db.collection(COLLECTIONS.accountErasures.name).add(job);
  } catch (err) {
    // A retry of a close that stopped after its job, or a close sent at the same time: the one job stands.
    if (!isDuplicateKey(err)) throw err;
  }
  if (!(await emptyRecord(db, caller._id, at))) {
    const fresh = await findById<UserRecord>(db, COLLECTIONS.users.name, caller._id);
    if (!fresh || fresh.closedAt) return;
    // A duty granted since the read: the job goes again (nothing else was written), the person is told.
    await db.collection(COLLECTIONS.accountErasures.name).where({ _id: job._id, claim: null, step: 0 }).remove();
    throw forbidden(handoverRefusal(fresh.roles) ?? '账号正在变更，请稍后再试');
  }
  await afterClose(ctx, caller._id, ctx.openid!);
}

/**
 * What must not wait for the timer (each one request, and idempotent: the timer's wishes step repeats
 * the first): every wish of the person leaves the village wall, read from now on only by the handling
 * cadres and supervisors; the local runtime's sign-ins of that identity end (were they left, they
 * would resolve no account: the openid is gone from the record).
 */
async function afterClose(ctx: ActionContext, userId: string, openid: string): Promise<void> {
  const { db } = ctx;
  await db.collection(COLLECTIONS.wishes.name).where({ wisherId: userId, wisherClosed: db.command.neq(true) }).update({ wisherClosed: true });
  if (ctx.local) await db.collection(COLLECTIONS.devSessions.name).where({ openid }).remove();
}

/**
 * A close begun before the erasure job existed: the record emptied (closedAt) and its openid still in
 * place, the close audited. The retry writes the job (once) and replaces the openid; the timer does the rest.
 */
async function finishOlderClose(ctx: ActionContext, openid: string): Promise<void> {
  const { db } = ctx;
  const res = await db.collection(COLLECTIONS.users.name).where({ openid }).limit(10).get();
  const user = (res.data as UserRecord[]).find((u) => u.closedAt);
  if (!user) return;
  try {
    await db.collection(COLLECTIONS.accountErasures.name).add(erasureJob(user, clock.nowIso(), null));
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  await db.collection(COLLECTIONS.users.name).doc(user._id).update({ openid: tombstone() });
  await afterClose(ctx, user._id, openid);
}

export async function closeAccount(_input: In<'closeAccount'>, ctx: ActionContext): Promise<Out<'closeAccount'>> {
  // Nobody (any more) behind this WeChat identity: a retry after the close, or an older close to finish.
  if (!ctx.caller) await finishOlderClose(ctx, ctx.openid!);
  else await closeOnce(ctx, ctx.caller);
  return { closed: true };
}
