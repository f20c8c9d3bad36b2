/**
 * 注销账号. One transaction closes the person's own open items (unclaimed wishes, future bookings
 * and their seats, home visits not yet made), removes their subscription grants and strips the user
 * record of everything personal while keeping its id. Inside a CloudBase transaction only doc()
 * operations and add() are transactional, so the bulk deletes (inbox, grants, local sign-ins) and,
 * last of all, the replacement of the openid run after it: until the openid is gone a retry by the
 * same WeChat identity finds the closed record and finishes the job.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '@cloudbase/database';
import type { In, Out } from './types';
import { CLOSED_USER_NAME, closeBlockers, closedUserPatch, handoverRefusal } from '../../shared/domain/account-close';
import { OPEN_STATUSES } from '../../shared/domain/case-state';
import { chinaClock, chinaDate } from '../../shared/domain/china-time';
import type { BookerRecord, BookingRecord, HomeVisitRecord, PoliceHomeRecord } from '../../shared/domain/police-records';
import { canCancel } from '../../shared/domain/police-rules';
import type { OrgUnitRecord, UserRecord, WishRecord } from '../../shared/domain/records';
import { TEMPLATE_KEYS } from '../../shared/domain/subscribe';
import { nextWishStatus } from '../../shared/domain/wish-state';
import { recordAudit } from '../_lib/audit';
import { clock } from '../_lib/clock';
import { count, findById, readAll, type Tx } from '../_lib/db';
import { conflict, forbidden } from '../_lib/errors';
import type { ActionContext } from '../_lib/handler';
import { enqueue } from '../_lib/outbox';
import { grantIdOf } from '../notifications/store';
import { officerIds } from '../police/store';
import { COLLECTIONS } from '../_lib/collections';
import { runTransaction } from '../_lib/transaction';

const CLOSE_REASON = '许愿人注销了账号';

/** The user record behind the openid, closed or not (a retry must find a half-finished close). */
async function accountOf(db: Db, openid: string): Promise<UserRecord | null> {
  const res = await db.collection(COLLECTIONS.users.name).where({ openid }).limit(10).get();
  const users = res.data as UserRecord[];
  return users.find((u) => !u.closedAt) ?? users.find((u) => u.closedAt) ?? null;
}

/** Every record of the person (keyset-paged: one get stops at 1,000 without saying so). */
async function all<T>(db: Db, collection: string, where: object): Promise<T[]> {
  return readAll<T>(db, collection, where);
}

interface Plan {
  /** Grids whose 网格党小组 lists the person: alerts must stop going to a closed account. */
  gridIds: string[];
  wishIds: string[];
  /** Every wish of the person: kept, but marked so that only the handling cadres and supervisors read it. */
  keptWishIds: string[];
  bookings: BookingRecord[];
  visits: HomeVisitRecord[];
  blockers: string[];
}

/** Reads what the person has under way: what closing will close, and what must be finished first. */
async function planFor(db: Db, user: UserRecord, now: Date): Promise<Plan> {
  const _ = db.command;
  const id = user._id;
  const ownWishes = await all<WishRecord>(db, COLLECTIONS.wishes.name, { wisherId: id, status: _.in(['pending_review', 'open', 'claimed', 'fulfilled']) });
  const bookings = await all<BookingRecord>(db, COLLECTIONS.policeBookings.name, { userId: id, status: 'booked', endAt: _.gt(now.toISOString()) });
  const visits = await all<HomeVisitRecord>(db, COLLECTIONS.policeHomeVisits.name, { subjectId: id, status: _.in(['requested', 'scheduled']) });
  const signups = await all<{ startAt: string }>(db, COLLECTIONS.policeSignups.name, { userId: id, status: _.in(['pending', 'confirmed', 'waitlisted']) });
  const blockers = closeBlockers({
    wishesInHand: ownWishes.filter((w) => w.status === 'claimed').length,
    wishesToConfirm: ownWishes.filter((w) => w.status === 'fulfilled').length,
    wishesClaimed: await count(db, COLLECTIONS.wishes.name, { claimantId: id, status: 'claimed' }),
    bookingsStartingSoon: bookings.filter((b) => !canCancel(b, now)).length,
    signupsAhead: signups.filter((s) => Date.parse(s.startAt) > now.getTime()).length,
    casesOpen: await count(db, COLLECTIONS.cases.name, { reporterId: id, status: _.in([...OPEN_STATUSES]) }),
    mattersInProgress: await count(db, COLLECTIONS.matters.name, { applicantId: id, status: 'in_progress' }),
  });
  const grids = await all<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, { partyGroupMemberIds: id });
  const kept = await all<WishRecord>(db, COLLECTIONS.wishes.name, { wisherId: id });
  return {
    gridIds: grids.map((g) => g._id),
    keptWishIds: kept.map((w) => w._id),
    wishIds: ownWishes.filter((w) => nextWishStatus(w.status, 'cancel') !== null).map((w) => w._id),
    bookings: bookings.filter((b) => canCancel(b, now)),
    visits,
    blockers,
  };
}

function when(b: BookingRecord): string {
  const date = chinaDate(b.startAt);
  return `${date.slice(5, 7)}月${date.slice(8, 10)}日 ${chinaClock(b.startAt)}`;
}

async function closeOnce(ctx: ActionContext, user: UserRecord): Promise<void> {
  const { db } = ctx;
  const refusal = handoverRefusal(user.roles);
  if (refusal) throw forbidden(refusal);
  const plan = await planFor(db, user, clock.now());
  if (plan.blockers.length) throw conflict(plan.blockers.join('；'));
  const homes = new Map<string, PoliceHomeRecord>();
  for (const homeId of new Set([...plan.bookings, ...plan.visits].map((r) => r.homeId))) {
    const home = await findById<PoliceHomeRecord>(db, COLLECTIONS.policeHomes.name, homeId);
    if (home) homes.set(homeId, home);
  }
  const officersOf = (homeId: string) => {
    const home = homes.get(homeId);
    return home ? officerIds(home) : [];
  };
  const _ = db.command;
  const now = clock.nowIso();
  const done = { wishIds: [] as string[], bookingIds: [] as string[], visitIds: [] as string[] };

  await runTransaction(db, async (tx: Tx) => {
    done.wishIds = [];
    done.bookingIds = [];
    done.visitIds = [];
    const fresh = await findById<UserRecord>(tx, COLLECTIONS.users.name, user._id);
    if (!fresh || fresh.closedAt) return;
    // Roles granted meanwhile still need handing over.
    const late = handoverRefusal(fresh.roles);
    if (late) throw forbidden(late);

    for (const wishId of plan.wishIds) {
      const w = await findById<WishRecord>(tx, COLLECTIONS.wishes.name, wishId);
      const status = w ? nextWishStatus(w.status, 'cancel') : null;
      // Claimed meanwhile: someone is now working on it, so the close waits for it.
      if (!w || !status) throw conflict('您有一个心愿刚刚被认领，请办结后再注销');
      const entry = { at: now, action: 'cancel', actorId: user._id, actorName: CLOSED_USER_NAME, note: CLOSE_REASON };
      await tx.collection(COLLECTIONS.wishes.name).doc(wishId).update({ status, reason: CLOSE_REASON, updatedAt: now, timeline: _.push([entry]), wisherClosed: true });
      done.wishIds.push(wishId);
    }
    // Every kept wish (completed ones too) leaves the village wall: only handling cadres and supervisors read it.
    for (const wishId of plan.keptWishIds) {
      if (!done.wishIds.includes(wishId)) await tx.collection(COLLECTIONS.wishes.name).doc(wishId).update({ wisherClosed: true });
    }

    const booker = plan.bookings.length ? await findById<BookerRecord>(tx, COLLECTIONS.policeBookers.name, user._id) : null;
    for (const b of plan.bookings) {
      const cur = await findById<BookingRecord>(tx, COLLECTIONS.policeBookings.name, b._id);
      if (!cur || cur.status !== 'booked') continue;
      await tx.collection(COLLECTIONS.policeBookings.name).doc(b._id).update({ status: 'cancelled', updatedAt: now });
      // The seat goes back in the same transaction as the cancellation, so it is freed exactly once.
      await tx.collection(COLLECTIONS.policeSlots.name).doc(b.slotId).update({ booked: _.inc(-1) });
      await enqueue(tx, officersOf(b.homeId), {
        kind: 'police.cancelled',
        title: '预约已取消',
        body: `一位居民注销了账号，${when(b)}的「${b.serviceName}」预约已取消，名额已放出。`,
        link: { page: 'police-workbench', id: b.homeId },
      });
      done.bookingIds.push(b._id);
    }
    if (booker && done.bookingIds.length) {
      await tx
        .collection(COLLECTIONS.policeBookers.name)
        .doc(user._id)
        .update({ held: booker.held.filter((h) => !done.bookingIds.includes(h.bookingId)), updatedAt: now });
    }

    for (const v of plan.visits) {
      const cur = await findById<HomeVisitRecord>(tx, COLLECTIONS.policeHomeVisits.name, v._id);
      if (!cur || (cur.status !== 'requested' && cur.status !== 'scheduled')) continue;
      await tx.collection(COLLECTIONS.policeHomeVisits.name).doc(v._id).update({ status: 'withdrawn', updatedAt: now });
      await enqueue(tx, officersOf(v.homeId), {
        kind: 'police.visitWithdrawn',
        title: '上门服务申请已撤回',
        body: '一位居民注销了账号，为他（她）申请的上门服务已撤回。',
        link: { page: 'police-workbench', id: v.homeId },
      });
      done.visitIds.push(v._id);
    }

    for (const gridId of plan.gridIds) await tx.collection(COLLECTIONS.orgUnits.name).doc(gridId).update({ partyGroupMemberIds: _.pull(user._id) });
    for (const key of TEMPLATE_KEYS) {
      const grantId = grantIdOf(user._id, key);
      if (await findById(tx, COLLECTIONS.subscriptions.name, grantId)) await tx.collection(COLLECTIONS.subscriptions.name).doc(grantId).remove();
    }
    await tx.collection(COLLECTIONS.users.name).doc(user._id).update(closedUserPatch(now));
    // Only ids: the audit log must not keep what the person asked to delete.
    await recordAudit(tx, { _id: user._id, name: CLOSED_USER_NAME }, ctx.requestId, {
      action: 'auth.closeAccount',
      target: { collection: COLLECTIONS.users.name, id: user._id },
      // Where the person lived, so the supervisors there see that the account closed (the record itself is emptied).
      path: user.residence?.path ?? [],
      before: null,
      after: { closedAt: now, cancelledWishIds: done.wishIds, cancelledBookingIds: done.bookingIds, withdrawnVisitIds: done.visitIds },
    });
  });
}

/** The deletes a transaction cannot hold; each is idempotent, the openid goes last. */
async function finish(db: Db, userId: string, openid: string, local: boolean): Promise<void> {
  await db.collection(COLLECTIONS.notifications.name).where({ recipientId: userId }).remove();
  await db.collection(COLLECTIONS.subscriptions.name).where({ userId }).remove();
  if (local) await db.collection(COLLECTIONS.devSessions.name).where({ openid }).remove();
  // A tombstone rather than no field: users.openid has a unique index, and in CloudBase every
  // document without the field would count as the same null.
  await db.collection(COLLECTIONS.users.name).doc(userId).update({ openid: `closed-${randomUUID()}` });
}

export async function closeAccount(_input: In<'closeAccount'>, ctx: ActionContext): Promise<Out<'closeAccount'>> {
  const openid = ctx.openid!;
  const user = await accountOf(ctx.db, openid);
  // Nobody (any more) behind this WeChat identity: a retry after the close finished.
  if (!user) return { closed: true };
  if (!user.closedAt) await closeOnce(ctx, user);
  await finish(ctx.db, user._id, openid, ctx.local !== null);
  return { closed: true };
}
