/**
 * 预约 appointments. A seat is taken by one conditional update on the slot (`booked < capacity`, and
 * the booking's id not yet among its `holders`), which cannot oversell however many people press at
 * once and gives simultaneous retries of one request one seat between them; the booking itself is then
 * written in a transaction on the person's own `policeBookers` document, which serialises one person's
 * bookings (no two overlapping) without contending with anybody else, and carries its notices
 * (_lib/effects.ts). Whatever fails after the seat was taken gives the seat back, so `booked` always
 * equals the bookings held. A cancellation is one conditional update of the booking, then its seat
 * and held time.
 */
import type { Db } from '@cloudbase/database';
import type { BookerRecord, BookingRecord, PoliceHomeRecord, PoliceServiceRecord, SlotRecord } from '../../shared/domain/police-records';
import { chinaClock, chinaDate, chinaMonth, chinaParts } from '../../shared/domain/china-time';
import {
  bookingWindow,
  canCancel,
  canCheckIn,
  canMarkNoShow,
  findOverlap,
  needsOfficerConfirmation,
  stillHeld,
} from '../../shared/domain/police-rules';
import { exceptionField, quotedFor, shownText, withHeld } from '../../shared/domain/police-moderation';
import type { HeldText } from '../../shared/domain/moderation';
import { recordAudit } from '../_lib/audit';
import { checkText } from '../_lib/content-check';
import { clock } from '../_lib/clock';
import { findById, isDuplicateKey, type Tx } from '../_lib/db';
import { conflict, forbidden, invalid, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { enqueue } from '../_lib/outbox';
import { bookingView, moderationViewer } from './views';
import { heldNotice, idFor, mustBeOfficer, mustLiveUnder, officerIds, resolveHome } from './store';
import { carrying, effectOf, pushEffects, withPushed } from '../_lib/effects';
import type { In, Out } from './types';
import { COLLECTIONS } from '../_lib/collections';
import { ContentionError, runTransaction } from '../_lib/transaction';
import { releaseSlotSeat, releaseSlotSeatOf, takeSlotSeatFor, updatedCount } from '../_lib/seats';

const NO_SHOW_TEXT = '您近90天内有3次预约未到场，请先到警民之家或电话联系民警确认后再预约';

const bookingIdFor = (userId: string, requestId: string) => idFor('bk', userId, requestId);

/** Police appointment slots on the shared capacity engine (_lib/seats.ts). */
const releaseSeat = (db: Db, slotId: string, bookingId?: string) => releaseSlotSeat(db, COLLECTIONS.policeSlots.name, slotId, bookingId);

const newBooker = (userId: string, held: BookerRecord['held'], at: string): BookerRecord => ({ _id: userId, held, noShowAt: [], confirmedAt: null, confirmedBy: null, updatedAt: at });

async function ensureBooker(db: Db, userId: string): Promise<BookerRecord | null> {
  const existing = await findById<BookerRecord>(db, COLLECTIONS.policeBookers.name, userId);
  if (existing) return existing;
  const fresh = newBooker(userId, [], clock.nowIso());
  try {
    await db.collection(COLLECTIONS.policeBookers.name).add(fresh);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  return null;
}

interface Target {
  slot: SlotRecord;
  service: PoliceServiceRecord;
  home: PoliceHomeRecord;
}

function newBooking(id: string, t: Target, ctx: MemberContext, requestId: string, note: string | null, from: string | null, held: HeldText[] = []): BookingRecord {
  const now = clock.nowIso();
  return {
    _id: id,
    slotId: t.slot._id,
    serviceId: t.service._id,
    serviceName: t.service.name,
    homeId: t.home._id,
    unitId: t.home.unitId,
    path: t.home.path,
    userId: ctx.caller._id,
    userName: ctx.caller.name,
    phoneMasked: ctx.caller.phoneMasked,
    startAt: t.slot.startAt,
    endAt: t.slot.endAt,
    date: t.slot.date,
    month: chinaMonth(new Date(t.slot.startAt)),
    mode: 'appointment',
    duties: t.service.duties,
    status: 'booked',
    requestId,
    note,
    rescheduledFrom: from,
    rescheduledTo: null,
    remindedAt: null,
    createdAt: now,
    updatedAt: now,
    ...(held.length ? { moderation: { held } } : {}),
  };
}

const when = (b: Pick<BookingRecord, 'startAt'>) => {
  const { month, day } = chinaParts(b.startAt);
  return `${month}月${day}日 ${chinaClock(b.startAt)}`;
};

async function alreadyWritten(db: Db, id: string, ctx: MemberContext): Promise<Out<'book'> | null> {
  const b = await findById<BookingRecord>(db, COLLECTIONS.policeBookings.name, id);
  return b ? bookingView(b, ctx.caller) : null;
}

const CLAIM_WAIT_MS = 3000;
/** A slot with what booking it needs, read in one aggregate: its service, its home, and this request's booking if written. */
interface BookRead extends Target {
  written: BookingRecord | null;
  /** The person's held times and no-shows, as read. */
  booker: BookerRecord | null;
  /** The booking being moved (reschedule), when one was named and exists. */
  old: BookingRecord | null;
}

async function readForBooking(ctx: MemberContext, slotId: string, bookingId: string, oldId?: string): Promise<BookRead> {
  const { db, caller } = ctx;
  const res = await db
    .collection(COLLECTIONS.policeSlots.name)
    .aggregate()
    .match({ _id: slotId })
    .limit(1)
    .lookup({ from: COLLECTIONS.policeServices.name, localField: 'serviceId', foreignField: '_id', as: 'services' })
    .lookup({ from: COLLECTIONS.policeHomes.name, localField: 'homeId', foreignField: '_id', as: 'homes' })
    .lookup({ from: COLLECTIONS.policeBookings.name, pipeline: db.command.aggregate.pipeline().match({ _id: oldId ? db.command.in([bookingId, oldId]) : bookingId }).limit(2).done(), as: 'written' })
    .lookup({ from: COLLECTIONS.policeBookers.name, pipeline: db.command.aggregate.pipeline().match({ _id: caller._id }).limit(1).done(), as: 'bookers' })
    .end();
  const row = (res.data as (SlotRecord & { services?: PoliceServiceRecord[]; homes?: PoliceHomeRecord[]; written?: BookingRecord[]; bookers?: BookerRecord[] })[])[0];
  if (!row) throw notFound('这个预约时段不存在');
  const { services, homes, written, bookers, ...slot } = row;
  const booker = bookers?.[0] ?? null;
  const found = written?.find((w) => w._id === bookingId) ?? null;
  const old = (oldId && written?.find((w) => w._id === oldId)) || null;
  // A retry of a request already booked answers that booking, whatever became of the slot since.
  if (found) return { slot, service: services?.[0]!, home: homes?.[0]!, written: found, old, booker };
  const service = services?.[0];
  if (!service || !service.active) throw notFound('这项服务不存在或已停办');
  const home = homes?.[0];
  if (!home) throw notFound('找不到这个警民之家');
  mustLiveUnder(caller, home.unitId);
  checkBookable(ctx, slot, home);
  return { slot, service, home, written: null, old, booker };
}

/** The slot is ahead of the cut-off and open. */
function checkBookable(ctx: MemberContext, slot: SlotRecord, home: PoliceHomeRecord): void {
  const window = bookingWindow(slot, clock.now());
  if (window === 'past') throw invalid('这个时段已经过去了，请选择其他时段', [{ path: 'slotId', message: '时段已过' }]);
  if (window === 'closed') throw conflict('这个时段马上开始，已停止预约，请选择其他时段');
  if (slot.status !== 'open') {
    // The reason is the officer's changed-hours note: a held one is not quoted to residents.
    const current = home.hours.exceptions.find((e) => e.date === slot.date)?.reason;
    const reason = slot.closedReason && slot.closedReason === current ? shownText(home.moderation, exceptionField(slot.date), slot.closedReason, moderationViewer(home.path, ctx.caller)) : null;
    throw conflict(`这个时段暂停预约${reason ? `：${reason}` : ''}`);
  }
}

/** The seat this request's id holds is a sibling attempt's (a retry sent while the first still runs): its booking, once written. */
async function siblingsBooking(db: Db, id: string, ctx: MemberContext): Promise<Out<'book'>> {
  const deadline = Date.now() + CLAIM_WAIT_MS;
  for (;;) {
    const b = await alreadyWritten(db, id, ctx);
    if (b) return b;
    if (Date.now() > deadline) throw conflict('上一次提交还在处理，请稍后再看“我的预约”');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * The person's held times without those whose booking is no longer booked: a cancellation writes the
 * booking first and its held entry goes after it, and a booking claims its time before it is added, so
 * an entry may outlive its booking (or never have one) if the request stopped between the two. Only an entry in the way is looked up (none, when nothing overlaps).
 */
async function heldStill(db: Db, held: BookerRecord['held'], slot: SlotRecord): Promise<BookerRecord['held']> {
  const out: BookerRecord['held'] = [];
  for (const h of held) {
    if (!findOverlap([h], slot)) out.push(h);
    else if ((await findById<BookingRecord>(db, COLLECTIONS.policeBookings.name, h.bookingId))?.status === 'booked') out.push(h);
  }
  return out;
}

/** The held entry of a booking on the person's `policeBookers` document. */
const heldOf = (id: string, slot: SlotRecord) => ({ bookingId: id, slotId: slot._id, startAt: slot.startAt, endAt: slot.endAt });

/** Times a booking reads the person's held times again after losing its claim to another write of them. */
const CLAIM_ATTEMPTS = 5;

/**
 * Claims the slot's time on the person's `policeBookers` document by one conditional write (while their
 * held times are as read): two bookings of one person at once are serialised on that document, and the
 * later, reading it again, finds the earlier in the way. FORBIDDEN after three no-shows unconfirmed,
 * CONFLICT when another booking of theirs overlaps.
 */
async function claimTime(db: Db, userId: string, read: BookerRecord | null, slot: SlotRecord, id: string, overlapText: string, moving?: string): Promise<void> {
  const now = clock.now();
  let b = read;
  for (let attempt = 1; ; attempt++) {
    if (b && needsOfficerConfirmation(b.noShowAt, b.confirmedAt, now)) throw forbidden(NO_SHOW_TEXT);
    // A booking being moved gives its time up with the same write.
    const held = await heldStill(db, stillHeld(b?.held ?? [], now).filter((h) => h.bookingId !== moving), slot);
    if (findOverlap(held, slot)) throw conflict(overlapText);
    const next = [...held, heldOf(id, slot)];
    if (b) {
      const res = await db.collection(COLLECTIONS.policeBookers.name).where({ _id: userId, held: b.held }).update({ held: next, updatedAt: now.toISOString() });
      if (updatedCount(res) === 1) return;
    } else {
      try {
        await db.collection(COLLECTIONS.policeBookers.name).add(newBooker(userId, next, now.toISOString()));
        return;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
    if (attempt >= CLAIM_ATTEMPTS) throw new ContentionError(attempt);
    b = await findById<BookerRecord>(db, COLLECTIONS.policeBookers.name, userId);
  }
}

/**
 * 预约 without a transaction: one aggregate reads the slot, its service and home, this request's booking
 * (a retry's answer) and the person's held times; the seat is taken by one conditional update naming the
 * booking (so simultaneous retries take one seat); the time is claimed on the person's held times by one
 * conditional write (two bookings of one person never overlap); then the booking is added, carrying the
 * officers' notice (_lib/effects.ts). Whatever fails after the seat was taken gives it back (and the
 * time, after it was claimed). A claim whose booking never came (the request stopped in between) is
 * dropped by the next booking it would block (heldStill).
 */
export async function book(input: In<'book'>, ctx: MemberContext): Promise<Out<'book'>> {
  const { db, caller } = ctx;
  const id = bookingIdFor(caller._id, input.requestId);
  const target = await readForBooking(ctx, input.slotId, id);
  if (target.written) return bookingView(target.written, caller);
  // Checked before the seat (a network call in the cloud); the officers read the note.
  const { held: heldText } = await checkText(ctx, { note: input.note });
  const seat = await takeSlotSeatFor(db, COLLECTIONS.policeSlots.name, target.slot, id);
  if (seat === 'held') return siblingsBooking(db, id, ctx);
  if (seat === 'full') {
    // A retry of this same request may have taken the last seat and written its booking a moment ago.
    const retried = await alreadyWritten(db, id, ctx);
    if (retried) return retried;
    throw conflict('这个时段已经约满了，请选择其他时段');
  }
  const base = newBooking(id, target, ctx, input.requestId, input.note ?? null, null, heldText);
  const record: BookingRecord = {
    ...base,
    ...carrying([
      effectOf(caller, ctx.requestId, { collection: COLLECTIONS.policeBookings.name, id, path: base.path }, base.createdAt, {
        messages: [
          { to: officerIds(target.home), message: { kind: 'police.booked', title: '新的预约', body: `${caller.name}预约了${when(base)}的「${target.service.name}」`, link: { page: 'police-workbench', id: target.home._id }, aboutId: caller._id } },
          ...heldNotice(heldText, '您的预约已成功，备注需要复核', { page: 'police-mine', id }),
        ],
      }),
    ]),
  };
  try {
    await claimTime(db, caller._id, target.booker, target.slot, id, '您在这个时间已经有预约了');
  } catch (err) {
    await releaseSlotSeatOf(db, COLLECTIONS.policeSlots.name, target.slot._id, id);
    throw err;
  }
  try {
    await db.collection(COLLECTIONS.policeBookings.name).add(record);
  } catch (err) {
    await db.collection(COLLECTIONS.policeBookers.name).doc(caller._id).update({ held: db.command.pull({ bookingId: id }) });
    await releaseSlotSeatOf(db, COLLECTIONS.policeSlots.name, target.slot._id, id);
    throw err;
  }
  return bookingView(record, caller);
}

/** The caller's booking with its home, in one aggregate; NOT_FOUND when it is not theirs. */
async function ownBookingWithHome(db: Db, bookingId: string, ctx: MemberContext): Promise<{ booking: BookingRecord; home: PoliceHomeRecord | null }> {
  const res = await db
    .collection(COLLECTIONS.policeBookings.name)
    .aggregate()
    .match({ _id: bookingId })
    .limit(1)
    .lookup({ from: COLLECTIONS.policeHomes.name, localField: 'homeId', foreignField: '_id', as: 'homes' })
    .end();
  const row = (res.data as (BookingRecord & { homes?: PoliceHomeRecord[] })[])[0];
  if (!row || row.userId !== ctx.caller._id) throw notFound('这个预约不存在');
  const { homes, ...booking } = row;
  return { booking, home: homes?.[0] ?? null };
}

/**
 * 取消预约 without a transaction: the one conditional update of the booking (still booked) is the
 * cancellation, and carries the officers' notice; only the request that made it frees the seat and
 * takes the time off the person's held times (a pull, harmless twice). Should it stop between the
 * two, the held entry names a booking no longer booked, and a booking it would block looks it up.
 */
export async function cancelBooking(input: In<'cancel'>, ctx: MemberContext): Promise<Out<'cancel'>> {
  const { db, caller } = ctx;
  const _ = db.command;
  const { booking: b, home } = await ownBookingWithHome(db, input.bookingId, ctx);
  if (b.status !== 'booked') throw conflict('这个预约已经取消或已经结束了');
  if (!canCancel(b, clock.now())) throw conflict('离开始不到2小时，不能在手机上取消了，请打电话告诉民警');
  // The reason replaces the booking's note; a held note it replaces is no longer held.
  const { held } = await checkText(ctx, { note: input.reason });
  const now = clock.nowIso();
  const moderation = input.reason ? withHeld({ ...(b.moderation ?? { held: [] }), held: (b.moderation?.held ?? []).filter((h) => h.field !== 'note') }, held) : b.moderation;
  const officers = home ? officerIds(home) : [];
  const effect = effectOf(caller, ctx.requestId, { collection: COLLECTIONS.policeBookings.name, id: b._id, path: b.path }, now, {
    messages: [
      {
        to: officers,
        message: {
          kind: 'police.cancelled',
          title: '预约已取消',
          body: `${caller.name}取消了${when(b)}的「${b.serviceName}」${input.reason ? `：${quotedFor(moderation, 'note', input.reason, officers)}` : ''}`,
          link: { page: 'police-workbench', id: b.homeId },
          aboutId: caller._id,
        },
      },
      ...heldNotice(held, '您的预约已取消，取消原因需要复核', { page: 'police-mine', id: b._id }),
    ],
  });
  const res = await db
    .collection(COLLECTIONS.policeBookings.name)
    .where({ _id: b._id, userId: caller._id, status: 'booked' })
    .update({ status: 'cancelled', note: input.reason ?? b.note, updatedAt: now, ...(moderation ? { moderation } : {}), ...pushEffects(db, [effect]) });
  if (updatedCount(res) !== 1) throw conflict('这个预约已经取消或已经结束了');
  // Only the one cancellation that was written reaches here, so the seat is freed exactly once.
  await db.collection(COLLECTIONS.policeBookers.name).doc(caller._id).update({ held: _.pull({ bookingId: b._id }), updatedAt: now });
  await releaseSeat(db, b.slotId, b._id);
  return bookingView(withPushed({ ...b, status: 'cancelled', note: input.reason ?? b.note, updatedAt: now, ...(moderation ? { moderation } : {}) }, [effect]), caller);
}

/**
 * Moves a booking to another slot without ever losing it, and without a transaction: the new seat is
 * taken first (named by the new booking's id, as in book), the person's held times trade the old time
 * for the new in one conditional write, the new booking is added (carrying the officers' notice), and
 * only then is the old one given up, by a conditional write while it is still booked — and its seat
 * freed. Should the old booking have been cancelled or closed meanwhile, the new one is taken back
 * (CONFLICT); should the move stop between the two writes, the person holds both, never neither. One
 * aggregate reads the new slot, its service and home, this request's booking (a retry's answer), the
 * old booking and the person's held times.
 */
export async function reschedule(input: In<'reschedule'>, ctx: MemberContext): Promise<Out<'reschedule'>> {
  const { db, caller } = ctx;
  const id = bookingIdFor(caller._id, input.requestId);
  const target = await readForBooking(ctx, input.slotId, id, input.bookingId);
  if (target.written) return bookingView(target.written, caller);
  const old = target.old;
  if (!old || old.userId !== caller._id) throw notFound('这个预约不存在');
  if (old.status !== 'booked') throw conflict('这个预约已经取消或已经结束了，不能改约');
  if (!canCancel(old, clock.now())) throw conflict('离开始不到2小时，不能改约了，请打电话告诉民警');
  if (old.slotId === input.slotId) throw invalid('请选择一个不同的时段', [{ path: 'slotId', message: '与原时段相同' }]);
  const seat = await takeSlotSeatFor(db, COLLECTIONS.policeSlots.name, target.slot, id);
  if (seat === 'held') return siblingsBooking(db, id, ctx);
  if (seat === 'full') {
    const retried = await alreadyWritten(db, id, ctx);
    if (retried) return retried;
    throw conflict('新的时段已经约满了，原来的预约仍然保留');
  }
  const base = newBooking(id, target, ctx, input.requestId, old.note, old._id, (old.moderation?.held ?? []).filter((h) => h.field === 'note'));
  const record: BookingRecord = {
    ...base,
    ...carrying([
      effectOf(caller, ctx.requestId, { collection: COLLECTIONS.policeBookings.name, id, path: base.path }, base.createdAt, {
        messages: [
          {
            to: officerIds(target.home),
            message: { kind: 'police.rescheduled', title: '预约改了时间', body: `${caller.name}把「${old.serviceName}」从${when(old)}改到了${when(base)}`, link: { page: 'police-workbench', id: target.home._id }, aboutId: caller._id },
          },
        ],
      }),
    ]),
  };
  const giveBack = async () => {
    await db.collection(COLLECTIONS.policeBookers.name).doc(caller._id).update({ held: db.command.pull({ bookingId: id }) });
    await releaseSlotSeatOf(db, COLLECTIONS.policeSlots.name, target.slot._id, id);
  };
  try {
    await claimTime(db, caller._id, target.booker, target.slot, id, '您在新的时间已经有别的预约了，原来的预约仍然保留', old._id);
  } catch (err) {
    await releaseSlotSeatOf(db, COLLECTIONS.policeSlots.name, target.slot._id, id);
    throw err;
  }
  try {
    await db.collection(COLLECTIONS.policeBookings.name).add(record);
  } catch (err) {
    await giveBack();
    throw err;
  }
  const moved = await db
    .collection(COLLECTIONS.policeBookings.name)
    .where({ _id: old._id, userId: caller._id, status: 'booked' })
    .update({ status: 'rescheduled', rescheduledTo: id, updatedAt: record.createdAt });
  if (updatedCount(moved) !== 1) {
    // Cancelled or closed meanwhile: there is nothing to move, and the new booking goes.
    await db.collection(COLLECTIONS.policeBookings.name).doc(id).remove();
    await giveBack();
    throw conflict('原来的预约已经取消或结束了，不能改约');
  }
  await releaseSeat(db, old.slotId, old._id);
  return bookingView(record, caller);
}

/** An officer closes a booking as attended or no-show; the person's held time is freed either way. */
async function closeBooking(bookingId: string, outcome: 'attended' | 'noShow', ctx: MemberContext): Promise<Out<'checkIn'>> {
  const { db, caller } = ctx;
  const b = await findById<BookingRecord>(db, COLLECTIONS.policeBookings.name, bookingId);
  if (!b) throw notFound('这个预约不存在');
  mustBeOfficer(caller, b.path);
  if (b.status !== 'booked') throw conflict('这个预约已经取消或已经处理过了');
  const now = clock.now();
  if (outcome === 'attended' && !canCheckIn(b, now, chinaDate(now))) throw conflict('只能在预约当天签到');
  if (outcome === 'noShow' && !canMarkNoShow(b, now)) throw conflict('预约时间还没到，不能记为未到场');
  const at = now.toISOString();
  await runTransaction(db, async (tx: Tx) => {
    const cur = await findById<BookingRecord>(tx, COLLECTIONS.policeBookings.name, b._id);
    if (!cur || cur.status !== 'booked') throw conflict('这个预约已经取消或已经处理过了');
    const booker = await findById<BookerRecord>(tx, COLLECTIONS.policeBookers.name, b.userId);
    await tx.collection(COLLECTIONS.policeBookings.name).doc(b._id).update({ status: outcome, updatedAt: at });
    if (booker) {
      await tx
        .collection(COLLECTIONS.policeBookers.name)
        .doc(b.userId)
        .update({
          held: booker.held.filter((h) => h.bookingId !== b._id),
          noShowAt: outcome === 'noShow' ? [...booker.noShowAt, at] : booker.noShowAt,
          updatedAt: at,
        });
    }
    await recordAudit(tx, caller, ctx.requestId, {
      action: outcome === 'attended' ? 'police.checkIn' : 'police.markNoShow',
      target: { collection: COLLECTIONS.policeBookings.name, id: b._id },
      before: { status: 'booked' },
      after: { status: outcome },
      path: cur.path,
    });
  });
  return bookingView({ ...b, status: outcome, updatedAt: at }, caller);
}

export const checkIn = (input: In<'checkIn'>, ctx: MemberContext) => closeBooking(input.bookingId, 'attended', ctx);
export const markNoShow = (input: In<'markNoShow'>, ctx: MemberContext) => closeBooking(input.bookingId, 'noShow', ctx);

/** After 3 no-shows the officer confirms the resident (by phone or in person); earlier no-shows stop counting. */
export async function confirmResident(input: In<'confirmResident'>, ctx: MemberContext): Promise<Out<'confirmResident'>> {
  const { db, caller } = ctx;
  const home = await resolveHome(db, caller, input.homeId);
  mustBeOfficer(caller, home.path);
  const resident = await findById<{ _id: string; residence: { path: string[] } | null }>(db, COLLECTIONS.users.name, input.userId);
  if (!resident || !resident.residence?.path.includes(home.unitId)) throw notFound('本村（社区）没有这位居民');
  await ensureBooker(db, input.userId);
  const at = clock.nowIso();
  await runTransaction(db, async (tx: Tx) => {
    const b = await findById<BookerRecord>(tx, COLLECTIONS.policeBookers.name, input.userId);
    await tx.collection(COLLECTIONS.policeBookers.name).doc(input.userId).update({ confirmedAt: at, confirmedBy: caller._id, updatedAt: at });
    await recordAudit(tx, caller, ctx.requestId, {
      action: 'police.confirmResident',
      target: { collection: COLLECTIONS.policeBookers.name, id: input.userId },
      before: { confirmedAt: b?.confirmedAt ?? null },
      after: { confirmedAt: at },
      // What the log has always kept for it: a booker record has no place of its own.
      path: [],
    });
    await enqueue(tx, [input.userId], {
      kind: 'police.confirmed',
      title: '您可以重新预约了',
      body: `民警${caller.name}已为您确认，现在可以在手机上预约警民之家的服务。`,
      link: { page: 'police-home', id: home._id },
      aboutId: caller._id,
    });
  });
  return { userId: input.userId, needsConfirmation: false };
}

export async function bookerNeedsConfirmation(db: Db, userId: string): Promise<boolean> {
  const b = await findById<BookerRecord>(db, COLLECTIONS.policeBookers.name, userId);
  return Boolean(b && needsOfficerConfirmation(b.noShowAt, b.confirmedAt, clock.now()));
}
