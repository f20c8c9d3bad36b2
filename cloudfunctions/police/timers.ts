/**
 * Timer work of the 警民之家. Each run may overlap another in the cloud: reminders have deterministic
 * outbox ids and are marked with a conditional update, so overlapping runs remind each person once.
 */
import type { Db } from '@cloudbase/database';
import type { BookingRecord, PoliceHomeRecord, PoliceServiceRecord, SignupRecord } from '../../shared/domain/police-records';
import { addDays, chinaClock, chinaDate, instantOf } from '../../shared/domain/china-time';
import { BOOKING_HORIZON_DAYS } from '../../shared/domain/police-rules';
import { clock } from '../_lib/clock';
import { readAll, readByIds } from '../_lib/db';
import { addOutboxRows, outboxRow, type Message } from '../_lib/outbox';
import { ensureSlots } from './home';
import { COLLECTIONS } from '../_lib/collections';

/** Reminders written per page: one read, one batch add to the outbox, one conditional update. */
const REMIND_PAGE = 200;

/**
 * Reminds every record matching `due` (which includes `remindedAt: null`) in pages: the page's outbox rows
 * are added in one batch with ids `rm-<recordId>`, then the page is marked reminded in one conditional
 * update. A run that stops between the two leaves rows that the next run skips (their ids exist), so each
 * person is reminded once; 2,000 bookings cost 30 requests instead of 2,000 transactions.
 */
async function remindInPages<T extends { _id: string; userId: string }>(db: Db, collection: string, due: object, message: (r: T) => Message): Promise<number> {
  const _ = db.command;
  let reminded = 0;
  let last: string | null = null;
  for (;;) {
    const res = await db
      .collection(collection)
      .where(last === null ? due : _.and([due, { _id: _.gt(last) }]))
      .orderBy('_id', 'asc')
      .limit(REMIND_PAGE)
      .get();
    const page = res.data as T[];
    if (!page.length) return reminded;
    await addOutboxRows(db, page.map((r) => outboxRow(`rm-${r._id}`, r.userId, message(r))));
    const marked = await db
      .collection(collection)
      .where(_.and([due, { _id: _.in(page.map((r) => r._id)) }]))
      .update({ remindedAt: clock.nowIso() });
    reminded += (marked as { updated?: number }).updated ?? 0;
    if (page.length < REMIND_PAGE) return reminded;
    last = page[page.length - 1]!._id;
  }
}

/** The day before: everyone booked or signed up for tomorrow gets one reminder in their inbox. */
export async function remindTomorrow(db: Db): Promise<{ bookings: number; signups: number }> {
  const _ = db.command;
  const tomorrow = addDays(chinaDate(clock.now()), 1);
  const from = instantOf(tomorrow, '00:00').toISOString();
  const to = instantOf(addDays(tomorrow, 1), '00:00').toISOString();
  const bookings = await remindInPages<BookingRecord>(db, COLLECTIONS.policeBookings.name, { date: tomorrow, status: 'booked', remindedAt: null }, (b) => ({
    kind: 'police.reminder',
    title: '明天有预约',
    body: `您预约了明天${chinaClock(b.startAt)}的「${b.serviceName}」，请按时到警民之家。不能来请提前取消。`,
    link: { page: 'police-mine', id: b._id },
  }));
  const signups = await remindInPages<SignupRecord>(db, COLLECTIONS.policeSignups.name, { status: 'confirmed', remindedAt: null, startAt: _.gte(from).and(_.lt(to)) }, (s) => ({
    kind: 'police.reminder',
    title: '明天有活动',
    body: `您报名的活动明天${chinaClock(s.startAt)}开始，请按时参加。`,
    link: { page: 'police-sessions', id: s.sessionId },
  }));
  return { bookings, signups };
}

/** Homes whose slots are opened at once (each is a read of its services' slot ids and one batch add). */
const OPEN_SLOTS_CONCURRENCY = 8;

/** Keeps two weeks of appointment slots open ahead of every home. */
export async function openSlots(db: Db): Promise<number> {
  const services = await readAll<PoliceServiceRecord>(db, COLLECTIONS.policeServices.name, { mode: 'appointment', active: true });
  const homes = await readByIds<PoliceHomeRecord>(db, COLLECTIONS.policeHomes.name, [...new Set(services.map((s) => s.homeId))]);
  const today = chinaDate(clock.now());
  const servicesOf = new Map<string, PoliceServiceRecord[]>();
  for (const s of services) servicesOf.set(s.homeId, [...(servicesOf.get(s.homeId) ?? []), s]);
  let created = 0;
  let next = 0;
  const worker = async () => {
    while (next < homes.length) {
      const home = homes[next++]!;
      created += await ensureSlots(db, servicesOf.get(home._id) ?? [], home, today, BOOKING_HORIZON_DAYS);
    }
  };
  await Promise.all(Array.from({ length: OPEN_SLOTS_CONCURRENCY }, worker));
  return created;
}
