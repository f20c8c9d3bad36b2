/**
 * 注销账号, the part the person waits for: refuse while something is still being done for them (or
 * they hold a duty), then one transaction empties the user record, replaces its openid (sign-in stops
 * at once: no WeChat identity leads to the record any more), records the close in the audit log and
 * writes the account's erasure job; after it the person's wishes leave the village wall and the local
 * sign-ins go. The same number of requests whatever the person did: every other record is worked off
 * by the auth `erase` timer (timers.ts) in bounded pages, as closing.ts says for each collection.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '@cloudbase/database';
import type { In, Out } from './types';
import { CLOSED_USER_NAME, closeBlockers, closedUserPatch, handoverRefusal } from '../../shared/domain/account-close';
import { OPEN_STATUSES } from '../../shared/domain/case-state';
import type { BookingRecord } from '../../shared/domain/police-records';
import { canCancel } from '../../shared/domain/police-rules';
import type { AccountErasureRecord, UserRecord, WishRecord } from '../../shared/domain/records';
import { recordAudit } from '../_lib/audit';
import { clock } from '../_lib/clock';
import { count, findById, isDuplicateKey, type Tx } from '../_lib/db';
import { conflict, forbidden } from '../_lib/errors';
import type { ActionContext } from '../_lib/handler';
import { COLLECTIONS } from '../_lib/collections';
import { runTransaction } from '../_lib/transaction';

/** The erasure job of an account: one per account, so a retried close never starts a second. */
export const erasureIdOf = (userId: string) => `ae-${userId}`;

/** Whose own open wishes a close looks at: the blockers (claimed, fulfilled), and what the erasure withdraws. */
const OWN_OPEN_WISHES = ['pending_review', 'open', 'claimed', 'fulfilled'] as const;
/** A person's open items of one kind are few (a wish, a booking at a time); the reads stop here all the same. */
const OPEN_CAP = 200;

/**
 * What the person has under way that someone else is working on, one indexed read per kind of work
 * (seven, however much the person did: counts, or their open items only).
 */
async function blockersOf(db: Db, user: UserRecord, now: Date): Promise<string[]> {
  const _ = db.command;
  const id = user._id;
  const nowIso = now.toISOString();
  const [wishes, bookings, signupsAhead, volunteerSignupsAhead, venueBookingsAhead, casesOpen, mattersInProgress] = await Promise.all([
    db
      .collection(COLLECTIONS.wishes.name)
      .where(_.or([{ wisherId: id, status: _.in([...OWN_OPEN_WISHES]) }, { claimantId: id, status: 'claimed' }]))
      .field({ _id: true, wisherId: true, claimantId: true, status: true })
      .limit(OPEN_CAP)
      .get()
      .then((r) => r.data as Pick<WishRecord, '_id' | 'wisherId' | 'claimantId' | 'status'>[]),
    db
      .collection(COLLECTIONS.policeBookings.name)
      .where({ userId: id, status: 'booked', endAt: _.gt(nowIso) })
      .limit(OPEN_CAP)
      .get()
      .then((r) => r.data as BookingRecord[]),
    count(db, COLLECTIONS.policeSignups.name, { userId: id, status: _.in(['pending', 'confirmed', 'waitlisted']), startAt: _.gt(nowIso) }),
    count(db, COLLECTIONS.volunteerSignups.name, { userId: id, status: _.neq('cancelled'), startAt: _.gt(nowIso) }),
    count(db, COLLECTIONS.venueBookings.name, { userId: id, status: _.in(['pending', 'confirmed']), startAt: _.gt(nowIso) }),
    count(db, COLLECTIONS.cases.name, { reporterId: id, status: _.in([...OPEN_STATUSES]) }),
    count(db, COLLECTIONS.matters.name, { applicantId: id, status: 'in_progress' }),
  ]);
  const own = wishes.filter((w) => w.wisherId === id);
  return closeBlockers({
    wishesInHand: own.filter((w) => w.status === 'claimed').length,
    wishesToConfirm: own.filter((w) => w.status === 'fulfilled').length,
    wishesClaimed: wishes.filter((w) => w.claimantId === id && w.status === 'claimed' && w.wisherId !== id).length,
    bookingsStartingSoon: bookings.filter((b) => !canCancel(b, now)).length,
    signupsAhead,
    volunteerSignupsAhead,
    venueBookingsAhead,
    casesOpen,
    mattersInProgress,
  });
}

/** The job the erase timer works off; it alone keeps the name (to find notices naming the person), until done. */
export function erasureJob(user: UserRecord, now: string): AccountErasureRecord {
  return {
    _id: erasureIdOf(user._id),
    userId: user._id,
    name: user.name === CLOSED_USER_NAME ? null : user.name,
    gender: user.gender ?? null,
    unitId: user.residence?.unitId ?? null,
    path: user.residence?.path ?? [],
    registeredAt: user.createdAt,
    createdAt: now,
    status: 'pending',
    step: 0,
    cursor: null,
    claim: null,
    leaseUntil: now,
    pages: 0,
    doneAt: null,
  };
}

/** A tombstone rather than no field: users.openid has a unique index, and every document without it would count as the same null. */
const tombstone = () => `closed-${randomUUID()}`;

async function closeOnce(ctx: ActionContext, user: UserRecord): Promise<void> {
  const { db } = ctx;
  const refusal = handoverRefusal(user.roles);
  if (refusal) throw forbidden(refusal);
  const blockers = await blockersOf(db, user, clock.now());
  if (blockers.length) throw conflict(blockers.join('；'));
  const now = clock.nowIso();
  let closed = false;
  await runTransaction(db, async (tx: Tx) => {
    closed = false;
    const fresh = await findById<UserRecord>(tx, COLLECTIONS.users.name, user._id);
    if (!fresh || fresh.closedAt) return;
    // Roles granted meanwhile still need handing over.
    const late = handoverRefusal(fresh.roles);
    if (late) throw forbidden(late);
    await tx.collection(COLLECTIONS.users.name).doc(user._id).update({ ...closedUserPatch(now), openid: tombstone() });
    const { _id, ...job } = erasureJob(fresh, now);
    await tx.collection(COLLECTIONS.accountErasures.name).doc(_id).set(job);
    // Only ids: the audit log must not keep what the person asked to delete.
    await recordAudit(tx, { _id: user._id, name: CLOSED_USER_NAME }, ctx.requestId, {
      action: 'auth.closeAccount',
      target: { collection: COLLECTIONS.users.name, id: user._id },
      // Where the person lived, so the supervisors there see that the account closed (the record itself is emptied).
      path: user.residence?.path ?? [],
      before: null,
      after: { closedAt: now, erasureId: _id },
    });
    closed = true;
  });
  if (closed) await afterClose(ctx, user._id, ctx.openid!);
}

/**
 * What must not wait for the timer and a transaction cannot hold (each one request, and idempotent: the
 * timer's first step repeats the first): every wish of the person leaves the village wall, read from
 * now on only by the handling cadres and supervisors; the local runtime's sign-ins of that identity end.
 */
async function afterClose(ctx: ActionContext, userId: string, openid: string): Promise<void> {
  const { db } = ctx;
  await db.collection(COLLECTIONS.wishes.name).where({ wisherId: userId, wisherClosed: db.command.neq(true) }).update({ wisherClosed: true });
  if (ctx.local) await db.collection(COLLECTIONS.devSessions.name).where({ openid }).remove();
}

/**
 * A close begun before the erasure job existed: the record emptied (closedAt) and its openid still in
 * place. The retry writes the job (once) and replaces the openid; the timer does the rest.
 */
async function finishOlderClose(ctx: ActionContext, openid: string): Promise<void> {
  const { db } = ctx;
  const res = await db.collection(COLLECTIONS.users.name).where({ openid }).limit(10).get();
  const user = (res.data as UserRecord[]).find((u) => u.closedAt);
  if (!user) return;
  const { _id, ...job } = erasureJob(user, clock.nowIso());
  try {
    await db.collection(COLLECTIONS.accountErasures.name).add({ _id, ...job });
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
