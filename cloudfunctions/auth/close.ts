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
import { currentFileStore, photosChecked } from '../_lib/storage';
import { volunteerIdOf } from '../volunteers/store';
import type { CareRecipientRecord, PartyRegistrationRecord } from '../../shared/domain/admin-records';
import type { AlertGridRecord } from '../../shared/domain/alert-records';
import type { CouncilHonourRecord, CouncilNominationRecord, CouncilRecord } from '../../shared/domain/council-records';
import type { PhotoRecord } from '../../shared/domain/photo-records';
import type { ReportRecord, WorkOrderRecord } from '../../shared/domain/sanitation-records';
import { surnameOf } from '../../shared/domain/names';
import type { VenueBookingRecord, VolunteerRecord, VolunteerSignupRecord } from '../../shared/domain/volunteer-records';

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
  /** The newer features' records of the person, each found by its indexed key (see closing.ts for what happens to each). */
  councilIds: string[];
  topicIds: string[];
  turnIds: string[];
  nominationIds: string[];
  nominatedIds: string[];
  alertGridIds: string[];
  reportIds: string[];
  /** Orders the person reported or that show their photos: their 随手拍 photos ('before') come off, their name leaves the timeline. */
  orderIds: string[];
  volunteer: boolean;
  pastSignupIds: string[];
  venueBookingIds: string[];
  careIds: string[];
  partyRegistration: boolean;
}

/** Reads what the person has under way: what closing will close, and what must be finished first. */
async function planFor(db: Db, user: UserRecord, now: Date): Promise<Plan> {
  const _ = db.command;
  const id = user._id;
  const ownWishes = await all<WishRecord>(db, COLLECTIONS.wishes.name, { wisherId: id, status: _.in(['pending_review', 'open', 'claimed', 'fulfilled']) });
  const bookings = await all<BookingRecord>(db, COLLECTIONS.policeBookings.name, { userId: id, status: 'booked', endAt: _.gt(now.toISOString()) });
  const visits = await all<HomeVisitRecord>(db, COLLECTIONS.policeHomeVisits.name, { subjectId: id, status: _.in(['requested', 'scheduled']) });
  const signups = await all<{ startAt: string }>(db, COLLECTIONS.policeSignups.name, { userId: id, status: _.in(['pending', 'confirmed', 'waitlisted']) });
  const volunteerSignups = await all<VolunteerSignupRecord>(db, COLLECTIONS.volunteerSignups.name, { userId: id });
  const venueBookings = await all<VenueBookingRecord>(db, COLLECTIONS.venueBookings.name, { userId: id });
  const ahead = (startAt: string) => Date.parse(startAt) > now.getTime();
  const volunteerSignupsAhead = volunteerSignups.filter((s) => s.status !== 'cancelled' && ahead(s.startAt)).length;
  const venueBookingsAhead = venueBookings.filter((b) => (b.status === 'pending' || b.status === 'confirmed') && ahead(b.startAt)).length;
  const blockers = closeBlockers({
    wishesInHand: ownWishes.filter((w) => w.status === 'claimed').length,
    wishesToConfirm: ownWishes.filter((w) => w.status === 'fulfilled').length,
    wishesClaimed: await count(db, COLLECTIONS.wishes.name, { claimantId: id, status: 'claimed' }),
    bookingsStartingSoon: bookings.filter((b) => !canCancel(b, now)).length,
    signupsAhead: signups.filter((s) => Date.parse(s.startAt) > now.getTime()).length,
    volunteerSignupsAhead,
    venueBookingsAhead,
    casesOpen: await count(db, COLLECTIONS.cases.name, { reporterId: id, status: _.in([...OPEN_STATUSES]) }),
    mattersInProgress: await count(db, COLLECTIONS.matters.name, { applicantId: id, status: 'in_progress' }),
  });
  const grids = await all<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, { partyGroupMemberIds: id });
  const kept = await all<WishRecord>(db, COLLECTIONS.wishes.name, { wisherId: id });
  const idsOf = async (collection: string, where: object) => (await all<{ _id: string }>(db, collection, where)).map((r) => r._id);
  const photos = await all<PhotoRecord>(db, COLLECTIONS.photos.name, { ownerId: id });
  const reports = await all<ReportRecord>(db, COLLECTIONS.sanitationReports.name, { reporterId: id });
  return {
    councilIds: await idsOf(COLLECTIONS.councils.name, { 'bodies.representativeIds': id }),
    topicIds: await idsOf(COLLECTIONS.councilTopics.name, { 'raisedBy.userId': id }),
    turnIds: await idsOf(COLLECTIONS.councilTurns.name, { byId: id }),
    nominationIds: await idsOf(COLLECTIONS.councilNominations.name, { nomineeId: id }),
    nominatedIds: await idsOf(COLLECTIONS.councilNominations.name, { 'nominatedBy.userId': id }),
    alertGridIds: await idsOf(COLLECTIONS.alertGrids.name, { 'acks.userId': id }),
    reportIds: reports.map((r) => r._id),
    orderIds: [...new Set([...reports.map((r) => r.orderId), ...photos.flatMap((p) => (p.target?.collection === COLLECTIONS.sanitationOrders.name ? [p.target.id] : []))])],
    volunteer: !!(await findById<VolunteerRecord>(db, COLLECTIONS.volunteers.name, volunteerIdOf(id))),
    pastSignupIds: volunteerSignups.map((s) => s._id),
    venueBookingIds: venueBookings.map((b) => b._id),
    careIds: await idsOf(COLLECTIONS.careRecipients.name, { userId: id }),
    partyRegistration: !!(await findById<PartyRegistrationRecord>(db, COLLECTIONS.partyRegistrations.name, `pr-${id}`)),
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
    await closeNewerRecords(tx, user._id, plan, now);
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

/**
 * 议事协商, 风险预警, 三污治理, 党建+志愿者, the care register and 双报到, as closing.ts says, inside the
 * close's transaction: every record is the person's own, found before by an indexed key, and read
 * again here so a change meanwhile is not overwritten.
 */
async function closeNewerRecords(tx: Tx, id: string, plan: Plan, now: string): Promise<void> {
  const name = CLOSED_USER_NAME;
  // 议事会: out of every member body (the council's own write would otherwise keep them until it is saved again).
  for (const councilId of plan.councilIds) {
    const c = await findById<CouncilRecord>(tx, COLLECTIONS.councils.name, councilId);
    if (!c || !c.bodies.some((b) => b.representativeIds.includes(id))) continue;
    const bodies = c.bodies.map((b) => ({ ...b, representativeIds: b.representativeIds.filter((r) => r !== id) }));
    await tx.collection(COLLECTIONS.councils.name).doc(councilId).update({ bodies, updatedAt: now });
  }
  // Topics the person raised and nominations of the person stay (households supported them, votes counted them), without the name.
  for (const topicId of plan.topicIds) await tx.collection(COLLECTIONS.councilTopics.name).doc(topicId).update({ 'raisedBy.name': name, 'raisedBy.gender': null });
  for (const turnId of plan.turnIds) await tx.collection(COLLECTIONS.councilTurns.name).doc(turnId).update({ byName: name });
  for (const nominationId of plan.nominatedIds) await tx.collection(COLLECTIONS.councilNominations.name).doc(nominationId).update({ 'nominatedBy.name': name });
  // A nominee still before the vote leaves the round (nobody is voted for as 已注销用户); in a vote or after it, the count stands.
  for (const nominationId of plan.nominationIds) {
    const nom = await findById<CouncilNominationRecord>(tx, COLLECTIONS.councilNominations.name, nominationId);
    if (!nom) continue;
    const honour = nom.status === 'standing' ? await findById<CouncilHonourRecord>(tx, COLLECTIONS.councilHonours.name, nom.honourId) : null;
    const withdraw = honour !== null && (honour.status === 'nominating' || honour.status === 'publicity');
    await tx
      .collection(COLLECTIONS.councilNominations.name)
      .doc(nominationId)
      .update({ nomineeName: name, nomineeGender: null, ...(withdraw ? { status: 'withdrawn' as const, withdrawnReason: '被提名人注销了账号' } : {}) } satisfies Partial<CouncilNominationRecord>);
  }
  // 预警: the grid's acknowledgements keep their counts and time, not the grid leader's name.
  for (const gridAckId of plan.alertGridIds) {
    const g = await findById<AlertGridRecord>(tx, COLLECTIONS.alertGrids.name, gridAckId);
    if (!g) continue;
    await tx.collection(COLLECTIONS.alertGrids.name).doc(gridAckId).update({ acks: g.acks.map((a) => (a.userId === id ? { ...a, name } : a)) });
  }
  // 随手拍: the report keeps the problem and the place, not the reporter's name; the person's photos come off the orders (deleted in finish).
  for (const reportId of plan.reportIds) {
    await tx.collection(COLLECTIONS.sanitationReports.name).doc(reportId).update({ reporterName: name, reporterGender: null } satisfies Partial<ReportRecord>);
  }
  for (const orderId of plan.orderIds) {
    const o = await findById<WorkOrderRecord>(tx, COLLECTIONS.sanitationOrders.name, orderId);
    if (!o) continue;
    const gone = o.photos.filter((r) => r.ownerId === id && r.role === 'before');
    const named = o.timeline.some((e) => e.actorId === id);
    if (!gone.length && !named) continue;
    const photos = o.photos.filter((r) => !gone.includes(r));
    const timeline = o.timeline.map((e) => (e.actorId === id ? { ...e, actorName: name } : e));
    await tx.collection(COLLECTIONS.sanitationOrders.name).doc(orderId).update({ photos, photosChecked: photosChecked(photos), timeline });
    for (const r of gone) await tx.collection(COLLECTIONS.photos.name).doc(r.photoId).update({ target: null });
  }
  // 志愿者: the certificate still verifies (surname, community, code, hours); the rest goes, and the
  // closed volunteer leaves the community's lists. Sign-ups keep the times the hours rest on.
  if (plan.volunteer) {
    const v = await findById<VolunteerRecord>(tx, COLLECTIONS.volunteers.name, volunteerIdOf(id));
    if (v) await tx.collection(COLLECTIONS.volunteers.name).doc(v._id).update({ name: surnameOf(v.name), skills: [], availability: [], closedAt: now, updatedAt: now } satisfies Partial<VolunteerRecord>);
  }
  for (const signupId of plan.pastSignupIds) await tx.collection(COLLECTIONS.volunteerSignups.name).doc(signupId).update({ userName: name });
  for (const bookingId of plan.venueBookingIds) await tx.collection(COLLECTIONS.venueBookings.name).doc(bookingId).update({ userName: name });
  // 网格关爱: the grid keeps caring for the person offline; the entry no longer points at a closed account.
  for (const careId of plan.careIds) {
    const e = await findById<CareRecipientRecord>(tx, COLLECTIONS.careRecipients.name, careId);
    if (e && e.userId === id) await tx.collection(COLLECTIONS.careRecipients.name).doc(careId).update({ userId: null, updatedAt: now });
  }
  // 双报到: ends (kept for the party organisation's record, as an appointment ending does).
  if (plan.partyRegistration) {
    const reg = await findById<PartyRegistrationRecord>(tx, COLLECTIONS.partyRegistrations.name, `pr-${id}`);
    if (reg && reg.status !== 'ended' && reg.status !== 'declined') {
      await tx.collection(COLLECTIONS.partyRegistrations.name).doc(reg._id).update({ status: 'ended', decidedAt: now, decidedById: id });
    }
  }
}

/** The person's photos no record keeps (their 随手拍 photos, detached above, and any never attached): the files, then the records. */
async function deletePhotos(db: Db, userId: string): Promise<void> {
  const photos = await readAll<PhotoRecord>(db, COLLECTIONS.photos.name, { ownerId: userId });
  const gone = photos.filter((p) => p.target === null);
  if (!gone.length) return;
  // Files first: a retry finds the records again and removes what is left (removing a missing file is harmless).
  await currentFileStore().remove(gone.map((p) => p.fileId));
  for (const p of gone) await db.collection(COLLECTIONS.photos.name).doc(p._id).remove();
}

/** The deletes a transaction cannot hold; each is idempotent, the openid goes last. */
async function finish(db: Db, userId: string, openid: string, local: boolean): Promise<void> {
  await db.collection(COLLECTIONS.notifications.name).where({ recipientId: userId }).remove();
  await db.collection(COLLECTIONS.subscriptions.name).where({ userId }).remove();
  await db.collection(COLLECTIONS.councilFollows.name).where({ userId }).remove();
  await db.collection(COLLECTIONS.councilHonoured.name).where({ userId }).remove();
  // What the person did stays in the audit log under the account's id, not their name (one update, by the actorId index).
  await db.collection(COLLECTIONS.auditLog.name).where({ actorId: userId }).update({ actorName: CLOSED_USER_NAME });
  await deletePhotos(db, userId);
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
