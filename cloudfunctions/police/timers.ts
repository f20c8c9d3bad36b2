/**
 * Timer work of the 警民之家. Each run may overlap another in the cloud, so every reminder is sent
 * by a transaction that first checks and sets `remindedAt` on its own record.
 */
import type { Db } from '@cloudbase/database';
import type { BookingRecord, PoliceHomeRecord, PoliceServiceRecord, SignupRecord } from '../../shared/domain/police-records';
import { addDays, chinaClock, chinaDate, instantOf } from '../../shared/domain/china-time';
import { BOOKING_HORIZON_DAYS } from '../../shared/domain/police-rules';
import { clock } from '../_lib/clock';
import { findById, type Tx } from '../_lib/db';
import { enqueue } from '../_lib/outbox';
import { ensureSlots } from './home';
import { COLLECTIONS } from '../_lib/collections';
import { runTransaction } from '../_lib/transaction';

/** The day before: everyone booked or signed up for tomorrow gets one reminder in their inbox. */
export async function remindTomorrow(db: Db): Promise<{ bookings: number; signups: number }> {
  const tomorrow = addDays(chinaDate(clock.now()), 1);
  let bookings = 0;
  let signups = 0;
  const due = await db.collection(COLLECTIONS.policeBookings.name).where({ date: tomorrow, status: 'booked', remindedAt: null }).limit(1000).get();
  for (const b of due.data as BookingRecord[]) {
    const sent = await runTransaction(db, async (tx: Tx) => {
      const cur = await findById<BookingRecord>(tx, COLLECTIONS.policeBookings.name, b._id);
      if (!cur || cur.status !== 'booked' || cur.remindedAt) return false;
      await tx.collection(COLLECTIONS.policeBookings.name).doc(b._id).update({ remindedAt: clock.nowIso() });
      await enqueue(tx, [b.userId], {
        kind: 'police.reminder',
        title: '明天有预约',
        body: `您预约了明天${chinaClock(b.startAt)}的「${b.serviceName}」，请按时到警民之家。不能来请提前取消。`,
        link: { page: 'police-mine', id: b._id },
      });
      return true;
    });
    if (sent) bookings++;
  }
  const _ = db.command;
  const from = instantOf(tomorrow, '00:00').toISOString();
  const to = instantOf(addDays(tomorrow, 1), '00:00').toISOString();
  const places = await db.collection(COLLECTIONS.policeSignups.name).where({ status: 'confirmed', remindedAt: null, startAt: _.gte(from).and(_.lt(to)) }).limit(1000).get();
  for (const s of places.data as SignupRecord[]) {
    const sent = await runTransaction(db, async (tx: Tx) => {
      const cur = await findById<SignupRecord>(tx, COLLECTIONS.policeSignups.name, s._id);
      if (!cur || cur.status !== 'confirmed' || cur.remindedAt) return false;
      await tx.collection(COLLECTIONS.policeSignups.name).doc(s._id).update({ remindedAt: clock.nowIso() });
      await enqueue(tx, [s.userId], {
        kind: 'police.reminder',
        title: '明天有活动',
        body: `您报名的活动明天${chinaClock(s.startAt)}开始，请按时参加。`,
        link: { page: 'police-sessions', id: s.sessionId },
      });
      return true;
    });
    if (sent) signups++;
  }
  return { bookings, signups };
}

/** Keeps two weeks of appointment slots open ahead of every home. */
export async function openSlots(db: Db): Promise<number> {
  const services = await db.collection(COLLECTIONS.policeServices.name).where({ mode: 'appointment', active: true }).limit(1000).get();
  const today = chinaDate(clock.now());
  let created = 0;
  for (const s of services.data as PoliceServiceRecord[]) {
    const home = await findById<PoliceHomeRecord>(db, COLLECTIONS.policeHomes.name, s.homeId);
    if (home) created += await ensureSlots(db, s, home, today, BOOKING_HORIZON_DAYS);
  }
  return created;
}
