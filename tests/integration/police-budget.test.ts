import { clock } from '../../cloudfunctions/_lib/clock';
import { COLLECTIONS } from '../../cloudfunctions/_lib/collections';
import type { UserRecord } from '../../shared/domain/records';
import type { BookingRecord, PoliceHomeRecord, SlotRecord } from '../../shared/domain/police-records';
import { SqlCounts, j } from '../support/county-checks';
import { dispatchNow } from '../support/dispatch';
import { watchQueries } from '../support/query-watch';
import { budgetRound } from '../support/budget';
import { ok, startTestRuntime, type TestRuntime } from '../support/runtime';

/**
 * 警民之家 actions inside issue 13's request budget (resident ≤ 6, cadre ≤ 12), the same whatever the
 * size of the home's data: measured through the gateway at two sizes, every query on an index, and the
 * stored figures checked with plain SQL over the SQLite file.
 */
// Monday 7 December 2026, 08:30 in Qianyang.
const MONDAY_0830 = '2026-12-07T00:30:00.000Z';
const ID_CARD = 'ps-v-fengfang-id-card';
const HOME = 'ph-v-fengfang';
const BUDGET = { resident: 6, cadre: 12 } as const;

let t: TestRuntime;
let sql: SqlCounts;
let police: string;

beforeAll(async () => {
  clock.freeze(MONDAY_0830);
  t = await startTestRuntime();
  sql = new SqlCounts(t.runtime.engine);
  police = await t.login('police');
  await t.runtime.db.collection('policeServices').doc(ID_CARD).update({
    schedule: { weekly: [{ weekday: 2, start: '09:00', end: '11:30' }, { weekday: 4, start: '09:00', end: '11:30' }], slotMinutes: 30, capacity: 5 },
  });
}, 60_000);

afterAll(async () => {
  await t.close();
  clock.reset();
});

/** A resident of 冯坊村 inserted straight into the database, signed in (and the sign-in used once, so counts are the action's own). */
async function resident(id: string): Promise<string> {
  const base = ((await t.runtime.db.collection('users').doc('r-fengfang-3').get()).data as UserRecord[])[0]!;
  await t.runtime.db.collection('users').add({ ...base, _id: id, openid: `wx-${id}`, name: `居民${id.slice(-3)}`, demo: false });
  const token = await t.loginOpenid(`wx-${id}`);
  ok(await t.call('police', 'home', {}, token));
  return token;
}

/** Bookable slots of the id-card service nobody has touched yet. */
async function freeSlots(token: string): Promise<string[]> {
  const res = ok(await t.call('police', 'slots', { serviceId: ID_CARD, days: 7 }, token));
  return (res.slots as { id: string; remaining: number; capacity: number; bookable: boolean }[]).filter((s) => s.bookable && s.remaining === s.capacity).map((s) => s.id);
}

/**
 * Grows what a booking could be tempted to read or write per item: the home's officers (told of each
 * booking) and the home's bookings.
 */
async function grow(n: number): Promise<void> {
  const home = ((await t.runtime.db.collection('policeHomes').doc(HOME).get()).data as PoliceHomeRecord[])[0]!;
  const officer = home.officers[0]!;
  await t.runtime.db
    .collection('policeHomes')
    .doc(HOME)
    .update({ officers: [...home.officers, ...Array.from({ length: n }, (_, i) => ({ ...officer, userId: `po-grow-${n}-${i}`, name: `民警${i}` }))] });
  // The day's queue: n people waiting already (its first ticket written as a resident's would be).
  clock.freeze('2026-12-07T01:10:00.000Z');
  try {
    ok(await t.call('police', 'takeNumber', {}, await resident(`r-grow-q-${n}`)));
  } finally {
    clock.freeze(MONDAY_0830);
  }
  const _ = t.runtime.db.command;
  await t.runtime.db
    .collection('policeQueues')
    .where({ homeId: HOME, date: '2026-12-07' })
    .update({ tickets: _.push(Array.from({ length: n }, (_x, i) => ({ number: 1000 * n + i, userId: `u-q-${n}-${i}`, userName: `居民${i}`, status: 'waiting', takenAt: MONDAY_0830, calledAt: null }))) });
  const template = ((await t.runtime.db.collection('policeBookings').where({ homeId: HOME }).limit(1).get()).data as BookingRecord[])[0];
  if (template) {
    await t.runtime.db
      .collection('policeBookings')
      .add(Array.from({ length: 5 * n }, (_, i) => ({ ...template, _id: `bk-grow-${n}-${i}`, userId: `u-grow-${i}`, requestId: `grow-${n}-${i}`, effects: [], effectsPending: false })));
  }
}

async function actions(size: number): Promise<Record<string, number>> {
  const r1 = await resident(`r-budget-${size}-a`);
  const slots = await freeSlots(r1);
  // The local sign-in store re-reads a token once after any other sign-in (local/sessions.ts).
  ok(await t.call('police', 'home', {}, police));
  const out = await budgetRound(t.runtime.engine, size, async ({ measure }) => {
    await measure('slots', 'resident', () => t.call('police', 'slots', { serviceId: ID_CARD, days: 7 }, r1));
    const b = await measure<{ id: string }>('book', 'resident', () => t.call('police', 'book', { slotId: slots[0]!, requestId: `budget-${size}-book-1` }, r1));
    await measure('book again (same requestId)', 'resident', () => t.call('police', 'book', { slotId: slots[0]!, requestId: `budget-${size}-book-1` }, r1));
    expect(b.id).toMatch(/^bk/);
    const c = ok(await t.call('police', 'book', { slotId: slots[1]!, requestId: `budget-${size}-book-2` }, r1)) as { id: string };
    const moved = await measure<{ id: string; slotId: string }>('reschedule', 'resident', () => t.call('police', 'reschedule', { bookingId: c.id, slotId: slots[2]!, requestId: `budget-${size}-move-1` }, r1), { over: 1 });
    expect(moved.slotId).toBe(slots[2]);
    await measure('cancel', 'resident', () => t.call('police', 'cancel', { bookingId: moved.id, reason: '家里有事' }, r1));
    await measure('mine', 'resident', () => t.call('police', 'mine', {}, r1));
    const visitsTold = sql.one(COLLECTIONS.notifications.name, 'count(*)', `WHERE ${j('kind')} = 'police.visitRequested'`);
    await measure('requestVisit', 'resident', () => t.call('police', 'requestVisit', { reason: '想请民警上门讲讲防诈骗', preferred: [{ date: '2026-12-09', half: 'pm' }], requestId: `budget-${size}-visit` }, r1));
    // Every officer of the home told once the dispatch timer has drained the request's notice.
    await dispatchNow();
    const officers = ((await t.runtime.db.collection('policeHomes').doc(HOME).get()).data as PoliceHomeRecord[])[0]!.officers.length;
    expect(sql.one(COLLECTIONS.notifications.name, 'count(*)', `WHERE ${j('kind')} = 'police.visitRequested'`) - visitsTold).toBe(officers);
    // The officers' notices of her 预约, 改约, 取消 and 上门 name her, and say so (closing her account rewrites the name).
    const me = `r-budget-${size}-a`;
    const naming = (about: string, ...params: string[]) => sql.one(COLLECTIONS.notifications.name, 'count(*)', `WHERE body LIKE ? AND ${j('kind')} IN ('police.booked', 'police.rescheduled', 'police.cancelled', 'police.visitRequested') AND ${about}`, `%居民${me.slice(-3)}%`, ...params);
    expect(naming(`${j('aboutId')} = ?`, me)).toBeGreaterThanOrEqual(4 * officers);
    expect(naming(`${j('aboutId')} IS NULL`)).toBe(0);
    // 取号 and 叫号 on Monday 09:10 (open), the day's queue already written by an earlier ticket.
    clock.freeze('2026-12-07T01:10:00.000Z');
    try {
      const take = await measure<{ mine: { number: number } }>('takeNumber', 'resident', () => t.call('police', 'takeNumber', {}, r1));
      const again = await measure<{ mine: { number: number } }>('takeNumber again', 'resident', () => t.call('police', 'takeNumber', {}, r1));
      expect(again.mine.number).toBe(take.mine.number);
      const called = await measure<{ nowServing: number }>('callNext', 'cadre', () => t.call('police', 'callNext', {}, police));
      expect(called.nowServing).toBeGreaterThan(0);
    } finally {
      clock.freeze(MONDAY_0830);
    }
  });
  // Independent count: the slot's seats taken equal its bookings held, and name exactly them.
  const slot = ((await t.runtime.db.collection('policeSlots').doc(slots[0]!).get()).data as (SlotRecord & { holders?: string[] })[])[0]!;
  const held = sql.one(COLLECTIONS.policeBookings.name, 'count(*)', `WHERE ${j('slotId')} = ? AND ${j('status')} = 'booked'`, slots[0]!);
  expect(slot.booked).toBe(held);
  expect(slot.holders).toHaveLength(held);
  for (const freed of [slots[1]!, slots[2]!]) {
    const s = ((await t.runtime.db.collection('policeSlots').doc(freed).get()).data as (SlotRecord & { holders?: string[] })[])[0]!;
    expect({ booked: s.booked, holders: s.holders }).toEqual({ booked: 0, holders: [] });
  }
  // The person's held times: the booking kept, not the one cancelled.
  const me = sql.all<{ h: string }>(COLLECTIONS.policeBookers.name, `${j('held')} AS h`, 'WHERE _id = ?', `r-budget-${size}-a`);
  expect((JSON.parse(me[0]!.h) as { slotId: string }[]).map((h) => h.slotId)).toEqual([slots[0]]);
  return out;
}

describe('police actions: requests within budget, the same at two sizes', () => {
  it('costs each action the same few requests with 10 or 300 officers and ×5 bookings, every query on an index', async () => {
    await grow(10);
    const small = await actions(10);
    await grow(300);
    const large = await actions(300);
    expect(large).toEqual(small);
    // The caller (1) is in every count. book: one aggregate (slot, service, home, this request's booking,
    // the person's held times), the seat, the claim of the time on the held times (one conditional
    // write), the booking carrying the officers' notice; its retry: the caller and the aggregate.
    expect(small).toEqual({
      // slots: the service with its home (one aggregate), the days' slots (nothing to generate), the
      // person's held times.
      'slots as resident': 4,
      'book as resident': 5,
      'book again (same requestId) as resident': 2,
      // cancel: the booking with its home (one aggregate), the conditional update carrying the
      // officers' notice, the pull of the person's held time, the seat.
      'cancel as resident': 5,
      // mine: the bookings, the sign-ups with their sessions (one aggregate), the visits asked and
      // those about the person, the held times' confirmation.
      'mine as resident': 6,
      // requestVisit: this request's visit (a retry's answer), the home with the household (one
      // aggregate), the visit's add carrying the officers' notice.
      'requestVisit as resident': 4,
      // reschedule: the new slot with its service, home, this request's booking, the old one and the
      // held times (one aggregate), the new seat, the held times traded in one conditional write, the
      // new booking carrying the officers' notice, the old one given up (while still booked), the old
      // seat: 1 over — the old seat is its own document, freed only once the move is written.
      'reschedule as resident': 7,
      // takeNumber: the home with today's queue and its walk-in service (one aggregate), the number's
      // increment, the ticket's push; again: the aggregate finds the live ticket. callNext: the
      // aggregate and one conditional update carrying its audit entry.
      'takeNumber as resident': 4,
      'takeNumber again as resident': 2,
      'callNext as cadre': 3,
    });
  });

  it('writes the officers\u2019 notice of a booking once the dispatch timer runs, to every officer of the home', async () => {
    const r = await resident('r-budget-notice');
    const [slotId] = await freeSlots(r);
    const b = ok(await t.call('police', 'book', { slotId: slotId!, requestId: 'budget-notice-0001' }, r)) as { id: string };
    const officers = ((await t.runtime.db.collection('policeHomes').doc(HOME).get()).data as PoliceHomeRecord[])[0]!.officers.length;
    const told = () => sql.one(COLLECTIONS.notifications.name, 'count(*)', `WHERE ${j('kind')} = 'police.booked' AND ${j('link.id')} = ? AND ${j('body')} LIKE ?`, HOME, '%居民ice%');
    expect(told()).toBe(0);
    await dispatchNow();
    expect(told()).toBe(officers);
    const stored = ((await t.runtime.db.collection('policeBookings').doc(b.id).get()).data as BookingRecord[])[0]!;
    expect(stored.effects ?? []).toEqual([]);
  });

  it('books a time whose earlier booking was cancelled by a cancel that stopped before taking it off the held times', async () => {
    const r = await resident('r-budget-stopped');
    const [first, second] = await freeSlots(r);
    const a = ok(await t.call('police', 'book', { slotId: first!, requestId: 'budget-stopped-001' }, r)) as { id: string };
    // What the cancel's conditional update writes, and nothing after it.
    await t.runtime.db.collection('policeBookings').doc(a.id).update({ status: 'cancelled' });
    const stale = ((await t.runtime.db.collection('policeSlots').doc(first!).get()).data as SlotRecord[])[0]!;
    expect(stale.booked).toBe(1);
    // The same time again (the slot itself, whose seat the stopped cancel kept) and another: both book.
    const again = await t.call('police', 'book', { slotId: first!, requestId: 'budget-stopped-002' }, r);
    expect(again.body.ok).toBe(true);
    const held = sql.all<{ h: string }>(COLLECTIONS.policeBookers.name, `${j('held')} AS h`, 'WHERE _id = ?', 'r-budget-stopped');
    expect((JSON.parse(held[0]!.h) as { bookingId: string }[]).map((h) => h.bookingId)).toEqual([(again.body as { data: { id: string } }).data.id]);
    // A booking still held keeps blocking its time.
    const overlapping = await t.call('police', 'book', { slotId: first!, requestId: 'budget-stopped-003' }, r);
    expect(overlapping.body).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '您在这个时间已经有预约了' } });
    void second;
  });

  it('calls two different numbers for two calls at once, serves the first, and writes each call\u2019s audit entry once drained', async () => {
    clock.freeze('2026-12-10T01:10:00.000Z'); // Thursday 09:10, open
    try {
      for (const id of ['r-budget-q1', 'r-budget-q2', 'r-budget-q3']) ok(await t.call('police', 'takeNumber', {}, await resident(id)));
      const other = await t.login('police');
      const both = await Promise.all([t.call('police', 'callNext', {}, police), t.call('police', 'callNext', {}, other)]);
      const serving = both.map((r) => (ok(r) as { nowServing: number }).nowServing).sort();
      expect(serving).toEqual([1, 2]);
      const day = sql.all<{ tk: string }>(COLLECTIONS.policeQueues.name, `${j('tickets')} AS tk`, `WHERE ${j('homeId')} = ? AND ${j('date')} = ?`, HOME, '2026-12-10');
      const statuses = (JSON.parse(day[0]!.tk) as { number: number; status: string }[]).sort((a, b) => a.number - b.number).map((x) => x.status);
      expect(statuses).toEqual(['served', 'called', 'waiting']);
      await dispatchNow();
      const audited = sql.one(COLLECTIONS.auditLog.name, 'count(*)', `WHERE ${j('action')} = 'police.callNext' AND ${j('target.id')} = ?`, `pq-${HOME}-20261210`);
      expect(audited).toBe(2);
    } finally {
      clock.freeze(MONDAY_0830);
    }
  });

  it('generates a week nobody opened yet in one batch add, and lists every slot of it', async () => {
    const r = await resident('r-budget-week');
    // A service whose week has no slot yet: its slots are generated on the first look.
    await t.runtime.db.collection('policeServices').doc(ID_CARD).update({ schedule: { weekly: [{ weekday: 3, start: '14:00', end: '16:00' }], slotMinutes: 30, capacity: 2 } });
    const watch = watchQueries(t.runtime.engine, { threshold: 0 });
    try {
      const { result, requests } = await watch.measure('slots, first look', () => t.call('police', 'slots', { serviceId: ID_CARD, days: 7 }, r));
      const listed = (ok(result) as { slots: { id: string; date: string }[] }).slots;
      const wednesday = listed.filter((x) => x.date === '2026-12-09');
      // The caller, the aggregate, the days' slots, one batch add, the home with the service read again
      // in one aggregate (a change meanwhile would void them), the days' slots again, the held times.
      expect(requests).toBe(7);
      const stored = sql.one(COLLECTIONS.policeSlots.name, 'count(*)', `WHERE ${j('serviceId')} = ? AND ${j('date')} = ?`, ID_CARD, '2026-12-09');
      // The half hours of the service's 14:00–16:00 that the home's Wednesday hours keep (three).
      expect(stored).toBe(3);
      expect(wednesday).toHaveLength(stored);
    } finally {
      watch.stop();
    }
  });
});

describe('police 管理本站: a change of the week or the hours costs the same few requests however many slots it changes', () => {
  /** The service's weeks at a size: one hour on Tuesdays (4 slots in the two weeks ahead), or Tuesdays, Thursdays and Saturdays (28). */
  const weeks = (size: 'small' | 'large') =>
    size === 'small'
      ? { first: [{ weekday: 2, start: '09:00', end: '10:00' }], next: [{ weekday: 4, start: '09:00', end: '10:00' }] }
      : {
          first: [{ weekday: 2, start: '09:00', end: '11:30' }, { weekday: 4, start: '09:00', end: '11:30' }, { weekday: 6, start: '09:00', end: '11:00' }],
          next: [{ weekday: 4, start: '09:00', end: '11:30' }, { weekday: 5, start: '09:00', end: '11:30' }, { weekday: 6, start: '09:00', end: '11:00' }],
        };
  const slotCount = (serviceId: string, where = '') => sql.one(COLLECTIONS.policeSlots.name, 'count(*)', `WHERE ${j('serviceId')} = ?${where}`, serviceId);

  async function manage(size: 'small' | 'large'): Promise<{ counts: Record<string, number>; serviceId: string; slots: number[] }> {
    const r = await resident(`r-manage-${size}`);
    ok(await t.call('police', 'home', {}, police));
    const week = weeks(size);
    const watch = watchQueries(t.runtime.engine, { threshold: 0 });
    const counts: Record<string, number> = {};
    const slots: number[] = [];
    const measure = async (label: string, run: () => ReturnType<TestRuntime['call']>) => {
      const { result, requests } = await watch.measure(`${label} (${size})`, run);
      const data = ok(result);
      expect({ label, requests: requests <= BUDGET.cadre }).toEqual({ label, requests: true });
      counts[label] = requests;
      return data;
    };
    try {
      const { id: serviceId } = (await measure('addService', () =>
        t.call('police', 'addService', { name: `证明开具${size}`, mode: 'appointment', duties: ['jointWork'], schedule: { weekly: week.first, slotMinutes: 30, capacity: 2 }, requestId: `manage-${size}-add` }, police),
      )) as { id: string };
      slots.push(slotCount(serviceId));
      // A resident holds the first Tuesday slot: the changes below keep it for its booking.
      const tuesday = `sl-${serviceId}-202612080900`;
      ok(await t.call('police', 'book', { slotId: tuesday, requestId: `manage-${size}-book` }, r));
      ok(await t.call('police', 'home', {}, police));
      const raised = (await measure('setSchedule, capacity raised', () => t.call('police', 'setSchedule', { serviceId, schedule: { weekly: week.first, slotMinutes: 30, capacity: 3 } }, police))) as { updated: number };
      expect(raised.updated).toBe(slots[0]);
      const moved = (await measure('setSchedule, Tuesday dropped', () => t.call('police', 'setSchedule', { serviceId, schedule: { weekly: week.next, slotMinutes: 30, capacity: 3 } }, police))) as { kept: { id: string }[]; removed: number; created: number };
      expect(moved.kept.map((k) => k.id)).toEqual([tuesday]);
      slots.push(moved.removed, moved.created);
      await measure('editService', () => t.call('police', 'editService', { serviceId, name: `开具证明${size}` }, police));
      const weekly = (ok(await t.call('police', 'manage', {}, police)) as { weekly: { weekday: number }[] }).weekly;
      const closed = (await measure('setHours, Thursday closed', () => t.call('police', 'setHours', { weekly: weekly.filter((p) => p.weekday !== 4) }, police))) as { removed: number };
      const reopened = (await measure('setHours, Thursday again', () => t.call('police', 'setHours', { weekly }, police))) as { created: number };
      slots.push(closed.removed, reopened.created);
      const retired = (await measure('retireService', () => t.call('police', 'retireService', { serviceId }, police))) as { kept: { id: string }[] };
      expect(retired.kept.map((k) => k.id)).toEqual([tuesday]);
      expect(watch.scans.filter((x) => x.collection !== COLLECTIONS.devSessions.name)).toEqual([]);
      // Plain SQL: of the service's slots only the booked one is left, closed, its seat its booking's.
      expect(slotCount(serviceId)).toBe(1);
      expect(sql.one(COLLECTIONS.policeSlots.name, 'count(*)', `WHERE _id = ? AND ${j('status')} = 'closed' AND ${j('booked')} = 1 AND ${j('capacity')} = 3`, tuesday)).toBe(1);
      expect(sql.one(COLLECTIONS.policeBookings.name, 'count(*)', `WHERE ${j('slotId')} = ? AND ${j('status')} = 'booked'`, tuesday)).toBe(1);
      // Every change audited once the dispatch timer has drained the entries the records carry.
      await dispatchNow();
      const audited = sql.all<{ a: string }>(COLLECTIONS.auditLog.name, `${j('action')} AS a`, `WHERE ${j('target.id')} = ? ORDER BY ${j('action')}`, serviceId).map((x) => x.a);
      expect(audited).toEqual(['police.addService', 'police.editService', 'police.retireService', 'police.setSchedule', 'police.setSchedule']);
      return { counts, serviceId, slots };
    } finally {
      watch.stop();
    }
  }

  it('adds, re-plans, renames and retires a service and changes the hours twice within the cadre budget, the same at 4 and 28 slots, every query on an index', async () => {
    // The home's other services' slots brought in line with their weeks first (a test above wrote one
    // straight into the database), so both rounds start from the same home.
    const weekly = (ok(await t.call('police', 'manage', {}, police)) as { weekly: unknown[] }).weekly;
    ok(await t.call('police', 'setHours', { weekly }, police));
    await dispatchNow();
    const setHoursBefore = sql.one(COLLECTIONS.auditLog.name, 'count(*)', `WHERE ${j('action')} = 'police.setHours' AND ${j('target.id')} = ?`, HOME);
    const small = await manage('small');
    const large = await manage('large');
    // The sizes differ: many more slots changed at the larger one.
    expect(small.slots[0]).toBe(4);
    expect(large.slots[0]).toBe(28);
    expect(large.slots[1]!).toBeGreaterThan(small.slots[1]!);
    expect(large.counts).toEqual(small.counts);
    expect(sql.one(COLLECTIONS.auditLog.name, 'count(*)', `WHERE ${j('action')} = 'police.setHours' AND ${j('target.id')} = ?`, HOME)).toBe(setHoursBefore + 4);
    // The caller (1) is in every count.
    expect(small.counts).toEqual({
      // addService: the home, this request's service, the transaction writing it with its audit
      // entry, the service read back, its slots' ids, one batch add, the home with the service read
      // again (one aggregate).
      addService: 11,
      // setSchedule: the service with its home (one aggregate), the slots from today, one capacity
      // write for all of them, the service's conditional write carrying its audit entry, the slots
      // read again (none made meanwhile).
      'setSchedule, capacity raised': 6,
      // ... Tuesday dropped: no capacity change; one removal of the empty slots, one closing of the
      // booked one, one batch add of the new days' slots and the home with the service read again.
      'setSchedule, Tuesday dropped': 9,
      // editService: the aggregate, the slots, the conditional write, the slots again (nothing changes).
      editService: 5,
      // setHours: the home, its appointment services, their slots, the home's write carrying its
      // audit entry, one removal of Thursday's empty slots of every service, the slots again; again:
      // no removal, one batch add and the home with its services read again.
      'setHours, Thursday closed': 7,
      'setHours, Thursday again': 8,
      // retireService: the aggregate, the slots, the conditional write, one removal of the empty
      // slots (the booked one is closed already), the slots again.
      retireService: 6,
    });
  });
});

describe('police 管理本站: a date’s changed hours cost the same few requests however many slots that day has', () => {
  async function day(size: 'small' | 'large', date: string): Promise<{ counts: Record<string, number>; slots: number }> {
    const r = await resident(`r-day-${size}`);
    ok(await t.call('police', 'home', {}, police));
    const weekly = (ok(await t.call('police', 'manage', {}, police)) as { weekly: { weekday: number; start: string; end: string }[] }).weekly;
    const friday = weekly.filter((p) => p.weekday === 5);
    expect(friday.length).toBeGreaterThan(0);
    // Friday's hours cut into hours (small) or quarter hours (large).
    const { id: serviceId } = ok(
      await t.call('police', 'addService', { name: `户籍咨询${size}`, mode: 'appointment', duties: ['jointWork'], schedule: { weekly: friday, slotMinutes: size === 'small' ? 60 : 15, capacity: 2 }, requestId: `day-${size}-add` }, police),
    ) as { id: string };
    const ofDay = (where = '') => sql.one(COLLECTIONS.policeSlots.name, 'count(*)', `WHERE ${j('serviceId')} = ? AND ${j('date')} = ?${where}`, serviceId, date);
    const first = sql.all<{ id: string }>(COLLECTIONS.policeSlots.name, '_id AS id', `WHERE ${j('serviceId')} = ? AND ${j('date')} = ? ORDER BY ${j('startAt')} LIMIT 1`, serviceId, date)[0]!.id;
    ok(await t.call('police', 'book', { slotId: first, requestId: `day-${size}-book` }, r));
    ok(await t.call('police', 'home', {}, police));
    const watch = watchQueries(t.runtime.engine, { threshold: 0 });
    const counts: Record<string, number> = {};
    const measure = async (label: string, run: () => ReturnType<TestRuntime['call']>) => {
      const { result, requests } = await watch.measure(`${label} (${size})`, run);
      const data = ok(result);
      expect({ label, requests: requests <= BUDGET.cadre }).toEqual({ label, requests: true });
      counts[label] = requests;
      return data;
    };
    try {
      const slots = ofDay();
      const added = (await measure('addException', () => t.call('police', 'addException', { date, closed: true, reason: '全天培训' }, police))) as { closedSlots: number; affectedBookings: number };
      // Every slot of the service that day closed (and the home's other services' slots, if any), its one booking counted.
      expect(added.closedSlots).toBeGreaterThanOrEqual(slots);
      expect(added.affectedBookings).toBe(1);
      expect(ofDay(` AND ${j('status')} = 'closed' AND ${j('closedReason')} = '全天培训'`)).toBe(slots);
      const morning = { start: friday[0]!.start, end: `${String(Number(friday[0]!.start.slice(0, 2)) + 1).padStart(2, '0')}${friday[0]!.start.slice(2)}` };
      const edited = (await measure('editException', () => t.call('police', 'editException', { date, closed: false, periods: [morning], reason: '只开一小时' }, police))) as { reopenedSlots: number };
      // The service's slots in that hour take bookings again (the home's other services' too), the rest carry the new reason.
      const open = ofDay(` AND ${j('status')} = 'open'`);
      expect(open).toBeGreaterThan(0);
      expect(edited.reopenedSlots).toBeGreaterThanOrEqual(open);
      expect(ofDay(` AND ${j('status')} = 'closed' AND ${j('closedReason')} = '只开一小时'`)).toBe(slots - open);
      expect(slots - open).toBeGreaterThan(0);
      await measure('removeException', () => t.call('police', 'removeException', { date }, police));
      expect(watch.scans.filter((x) => x.collection !== COLLECTIONS.devSessions.name)).toEqual([]);
      // Plain SQL: every slot of the day open again, the booked one still holding its booking.
      expect(ofDay(` AND ${j('status')} = 'open'`)).toBe(slots);
      expect(sql.one(COLLECTIONS.policeSlots.name, 'count(*)', `WHERE _id = ? AND ${j('booked')} = 1`, first)).toBe(1);
      await dispatchNow();
      const audited = sql.all<{ a: string }>(COLLECTIONS.auditLog.name, `${j('action')} AS a`, `WHERE ${j('target.id')} = ? AND (${j('after.date')} = ? OR ${j('before.date')} = ?) ORDER BY ${j('action')}`, HOME, date, date).map((x) => x.a);
      expect(audited).toEqual(['police.addException', 'police.editException', 'police.removeException']);
      return { counts, slots };
    } finally {
      watch.stop();
    }
  }

  it('closes a Friday, opens an hour of it, then gives it its weekly hours back within the cadre budget, the same at both sizes, every query on an index', async () => {
    const small = await day('small', '2026-12-11');
    const large = await day('large', '2026-12-18');
    expect(large.slots).toBeGreaterThanOrEqual(4 * small.slots);
    expect(large.counts).toEqual(small.counts);
    // The caller (1) is in every count. addException: the home, its conditional write carrying the
    // audit entry, the day's slots, one closing of those outside the hours. editException: the same
    // and, for the closed ones, one reopening of those in the new hours and one new reason for the
    // rest, then the home's appointment services (their slots that day all exist: no add).
    // removeException: the home, the write, the day's slots, one reopening, the services.
    expect(small.counts).toEqual({ addException: 5, editException: 7, removeException: 6 });
  });
});

describe('police group sessions: a change and a cancellation cost the same few requests however many have signed up', () => {
  const LECTURE = 'ps-v-fengfang-lecture';

  async function session(size: number): Promise<{ counts: Record<string, number>; sessionId: string }> {
    const { id: sessionId } = ok(await t.call('police', 'createSession', { serviceId: LECTURE, title: `防诈骗讲座${size}`, place: '村委会', date: '2026-12-19', start: '09:00', durationMinutes: 60, capacity: 3 }, police)) as { id: string };
    // Three take the places, the rest wait.
    const people: string[] = [];
    for (let i = 0; i < size; i++) people.push(await resident(`r-sess-${size}-${i}`));
    const watch = watchQueries(t.runtime.engine, { threshold: 0 });
    const counts: Record<string, number> = {};
    const measure = async (label: string, run: () => ReturnType<TestRuntime['call']>, who: keyof typeof BUDGET = 'cadre') => {
      const { result, requests } = await watch.measure(`${label} (${size})`, run);
      const data = ok(result);
      expect({ label, requests: requests <= BUDGET[who] }).toEqual({ label, requests: true });
      counts[`${label} as ${who}`] = requests;
      return data;
    };
    // The local sign-in store re-reads a token once after any other sign-in (local/sessions.ts).
    ok(await t.call('police', 'home', {}, people[0]!));
    try {
      const first = (await measure('signUp, a seat', () => t.call('police', 'signUp', { sessionId }, people[0]!), 'resident')) as { status: string };
      expect(first.status).toBe('confirmed');
      for (const token of people.slice(1, -1)) ok(await t.call('police', 'signUp', { sessionId }, token));
      const last = (await measure('signUp, waiting', () => t.call('police', 'signUp', { sessionId }, people[size - 1]!), 'resident')) as { status: string; position: number };
      expect(last).toMatchObject({ status: 'waitlisted', position: size - 3 });
      ok(await t.call('police', 'home', {}, police));
      const edited = (await measure('editSession, moved and one more place', () => t.call('police', 'editSession', { sessionId, start: '15:00', place: '村文化广场', capacity: 4 }, police))) as { confirmed: number };
      expect(edited.confirmed).toBe(4);
      await measure('editSession, retitled', () => t.call('police', 'editSession', { sessionId, title: `反诈讲座${size}` }, police));
      // The first to sign up gives the place up: it goes straight to the first waiting (the fifth); the last waiting leaves.
      const gaveUp = (await measure('cancelSignup, a place', () => t.call('police', 'cancelSignup', { sessionId }, people[0]!), 'resident')) as { status: string };
      expect(gaveUp.status).toBe('cancelled');
      await measure('cancelSignup, waiting', () => t.call('police', 'cancelSignup', { sessionId }, people[size - 1]!), 'resident');
      expect(sql.one(COLLECTIONS.policeSessions.name, `${j('confirmed')}`, 'WHERE _id = ?', sessionId)).toBe(4);
      expect(sql.one(COLLECTIONS.policeSignups.name, 'count(*)', `WHERE ${j('sessionId')} = ? AND ${j('status')} = 'confirmed'`, sessionId)).toBe(4);
      const cancelled = (await measure('cancelSession', () => t.call('police', 'cancelSession', { sessionId, reason: '场地维修' }, police))) as { told: number };
      expect(cancelled.told).toBe(size - 2);
      expect(watch.scans.filter((x) => x.collection !== COLLECTIONS.devSessions.name)).toEqual([]);
    } finally {
      watch.stop();
    }
    // Plain SQL: every sign-up moved to 15:00 China time and then cancelled; each person told of both once
    // drained (the cancellation to those still signed up), the two promoted of theirs, the officers of the place given up.
    const signups = (where: string) => sql.one(COLLECTIONS.policeSignups.name, 'count(*)', `WHERE ${j('sessionId')} = ? ${where}`, sessionId);
    expect(signups(`AND ${j('status')} = 'cancelled' AND ${j('startAt')} = '2026-12-19T07:00:00.000Z'`)).toBe(size);
    await dispatchNow();
    const told = (kind: string) => sql.one(COLLECTIONS.notifications.name, `count(DISTINCT ${j('recipientId')})`, `WHERE ${j('kind')} = ? AND ${j('link.id')} = ?`, kind, sessionId);
    expect(told('police.sessionChanged')).toBe(size);
    expect(told('police.sessionCancelled')).toBe(size - 2);
    expect(sql.one(COLLECTIONS.notifications.name, 'count(*)', `WHERE ${j('kind')} = 'police.promoted' AND ${j('link.id')} = ?`, sessionId)).toBe(2);
    const officers = ((await t.runtime.db.collection('policeHomes').doc(HOME).get()).data as PoliceHomeRecord[])[0]!.officers.length;
    expect(sql.one(COLLECTIONS.notifications.name, 'count(*)', `WHERE ${j('kind')} = 'police.signupCancelled' AND ${j('body')} LIKE ?`, `%反诈讲座${size}%`)).toBe(officers);
    const audited = sql.all<{ a: string }>(COLLECTIONS.auditLog.name, `${j('action')} AS a`, `WHERE ${j('target.id')} = ? ORDER BY ${j('action')}`, sessionId).map((x) => x.a);
    expect(audited).toEqual(['police.cancelSession', 'police.createSession', 'police.editSession', 'police.editSession']);
    return { counts, sessionId };
  }

  it('moves a session, gives the first waiting the new place, retitles and cancels it within the cadre budget, the same with 6 or 40 signed up', async () => {
    const small = await session(6);
    const large = await session(40);
    expect(large.counts).toEqual(small.counts);
    // The caller (1) is in every count. editSession, moved: the session, its sign-ups (whom to tell),
    // the session's conditional write carrying the notices and the audit entry, the sign-ups' new time
    // in one write, the promotion (the session, the seat's compare-and-set, the sign-up, its
    // conditional write carrying the person's notice, the session again: no one more), the session
    // for the answer; retitled: the session and its write.
    // cancelSignup: the session with the sign-up and the home (one aggregate), the sign-up's
    // conditional write carrying the officers' notice, the seat handed to the first waiting, their
    // sign-up and its write; a waiting one: the aggregate, the write, the list left.
    // cancelSession: the session, its sign-ups, its write carrying the notices and the audit entry,
    // the sign-ups cancelled in one write, the sign-ups again (none slipped in).
    // signUp: the session with the sign-up (one aggregate), the sign-up's add, the seat and its
    // confirmation; waiting: the add, the push answering the session, the sign-up's place.
    expect(small.counts).toEqual({
      'signUp, a seat as resident': 5,
      'signUp, waiting as resident': 5,
      'editSession, moved and one more place as cadre': 11,
      'editSession, retitled as cadre': 3,
      'cancelSignup, a place as resident': 6,
      'cancelSignup, waiting as resident': 4,
      'cancelSession as cadre': 6,
    });
  });
});
