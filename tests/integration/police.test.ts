import { clock } from '../../cloudfunctions/_lib/clock';
import { FUNCTIONS } from '../../cloudfunctions/registry';
import type { UserRecord } from '../../shared/domain/records';
import type { BookerRecord, SlotRecord } from '../../shared/domain/police-records';
import { dispatchNow } from '../support/dispatch';
import { ok, snapshotCounts, startTestRuntime, type TestRuntime } from '../support/runtime';

// Monday 7 December 2026, 08:30 in Qianyang: the home opens at 09:00; ID-card slots are Tuesday and Thursday mornings.
const MONDAY_0830 = '2026-12-07T00:30:00.000Z';
const HOME = 'ph-v-fengfang';
const ID_CARD = 'ps-v-fengfang-id-card';
const MEDIATION = 'ps-v-fengfang-mediation';
const LECTURE = 'ps-v-fengfang-lecture';
const POLICE_COLLECTIONS = ['policeBookings', 'policeSlots', 'policeBookers', 'policeSignups', 'policeSessions', 'policeQueues', 'policeHomeVisits', 'notifications', 'auditLog'];

let t: TestRuntime;
const tok: Record<string, string> = {};
let seq = 0;
const rid = () => `req-${Date.now().toString(36)}-${++seq}`;

async function slotsOf(serviceId: string, token: string, from?: string) {
  return ok(await t.call('police', 'slots', { serviceId, ...(from ? { from } : {}), days: 7 }, token)).slots as {
    id: string;
    date: string;
    startAt: string;
    remaining: number;
    bookable: boolean;
    mine: boolean;
  }[];
}

async function inbox(token: string) {
  return ok(await t.call('notifications', 'list', { limit: 50 }, token)).items as { kind: string; title: string; body: string }[];
}

async function slotDoc(id: string): Promise<SlotRecord> {
  return ((await t.runtime.db.collection('policeSlots').doc(id).get()).data as SlotRecord[])[0]!;
}

/** A fresh resident of 冯坊村 (a copy of a seeded neighbour), signed in. */
async function newResident(id: string, extra: Partial<UserRecord> = {}): Promise<string> {
  const base = ((await t.runtime.db.collection('users').doc('r-fengfang-3').get()).data as UserRecord[])[0]!;
  await t.runtime.db.collection('users').add({ ...base, _id: id, openid: `openid-${id}`, name: `居民${id.slice(-3)}`, phoneMasked: '138****0000', demo: false, ...extra });
  return t.loginOpenid(`openid-${id}`);
}

beforeAll(async () => {
  clock.freeze(MONDAY_0830);
  t = await startTestRuntime();
  for (const p of ['resident', 'resettled', 'grid-leader', 'village-cadre', 'town-cadre', 'police'] as const) tok[p] = await t.login(p);
  tok.otherPolice = await t.loginOpenid('demo-police-v-xijie');
  tok.otherResident = await t.loginOpenid('demo-r-v-xijie');
  // The mediation room also sits on Tuesday mornings here, so overlapping bookings can be tried.
  await t.runtime.db.collection('policeServices').doc(MEDIATION).update({
    schedule: { weekly: [{ weekday: 2, start: '09:00', end: '11:00' }], slotMinutes: 60, capacity: 1 },
  });
});
afterAll(async () => {
  await t.close();
  clock.reset();
});

describe('police: the home of my village', () => {
  it('shows the four modes, the officer and that it opens at 09:00 today', async () => {
    const home = ok(await t.call('police', 'home', {}, tok.resident));
    expect(home.id).toBe(HOME);
    expect(home.status).toMatchObject({ open: false, opensAt: '2026-12-07T01:00:00.000Z' });
    expect(new Set(home.services.map((s: { mode: string }) => s.mode))).toEqual(new Set(['walkIn', 'homeVisit', 'appointment', 'groupSession']));
    expect(home.officers[0]).toMatchObject({ name: '孙立新', title: '社区民警' });
    expect(home.officers[0].phoneMasked).toMatch(/\*\*\*\*/);
    expect(home.canOversee).toBe(false);
    expect(ok(await t.call('police', 'home', {}, tok.police)).canOversee).toBe(true);
  });

  it('is open at 10:00 until the lunch break', async () => {
    clock.freeze('2026-12-07T02:00:00.000Z');
    const home = ok(await t.call('police', 'home', {}, tok.resident));
    expect(home.status).toMatchObject({ open: true, closesAt: '2026-12-07T04:00:00.000Z' });
    clock.freeze(MONDAY_0830);
  });
});

describe('police: booking an appointment', () => {
  it('books a free slot, tells the officer, and shows it as mine with one seat fewer', async () => {
    const tok1 = await newResident('r-book-001');
    const before = (await slotsOf(ID_CARD, tok1)).find((s) => s.date === '2026-12-08' && s.remaining === 3)!;
    const booking = ok(await t.call('police', 'book', { slotId: before.id, requestId: rid() }, tok1));
    expect(booking).toMatchObject({ status: 'booked', slotId: before.id, serviceName: '身份证办理与换领', canCancel: true, phoneMasked: null });
    const after = (await slotsOf(ID_CARD, tok1)).find((s) => s.id === before.id)!;
    expect(after).toMatchObject({ remaining: 2, mine: true });
    // The officers' notice rides on the booking until the notifications dispatch timer writes it out.
    await dispatchNow();
    expect((await inbox(tok.police!)).some((n) => n.kind === 'police.booked' && n.body.includes('居民001'))).toBe(true);
    expect(ok(await t.call('police', 'mine', {}, tok1)).bookings.map((b: { id: string }) => b.id)).toContain(booking.id);
    // The officer sees the masked phone; the resident never sees it of others.
    const bench = ok(await t.call('police', 'workbench', { date: '2026-12-08' }, tok.police));
    const mine = bench.slots.find((s: { id: string }) => s.id === before.id).bookings.find((b: { id: string }) => b.id === booking.id);
    expect(mine.phoneMasked).toMatch(/\*\*\*\*/);
  });

  it('returns the first result for a retried book with the same requestId and books nothing more', async () => {
    const tok2 = await newResident('r-book-002');
    const slot = (await slotsOf(ID_CARD, tok2)).find((s) => s.date === '2026-12-10' && s.remaining === 3)!;
    const requestId = rid();
    const first = ok(await t.call('police', 'book', { slotId: slot.id, requestId }, tok2));
    const bookingsBefore = await t.count('policeBookings');
    await dispatchNow();
    const notesBefore = await t.count('notifications', { kind: 'police.booked' });
    const again = ok(await t.call('police', 'book', { slotId: slot.id, requestId }, tok2));
    const racing = await Promise.all(Array.from({ length: 8 }, () => t.call('police', 'book', { slotId: slot.id, requestId }, tok2)));
    expect(again).toEqual(first);
    expect(racing.every((r) => r.body.ok && (r.body.data as { id: string }).id === first.id)).toBe(true);
    expect(await t.count('policeBookings')).toBe(bookingsBefore);
    await dispatchNow();
    expect(await t.count('notifications', { kind: 'police.booked' })).toBe(notesBefore);
    expect((await slotDoc(slot.id)).booked).toBe(1);
  });

  it('refuses a second booking that overlaps one the person already holds', async () => {
    const tok3 = await newResident('r-book-003');
    const idSlot = (await slotsOf(ID_CARD, tok3)).find((s) => s.startAt === '2026-12-08T01:30:00.000Z')!;
    ok(await t.call('police', 'book', { slotId: idSlot.id, requestId: rid() }, tok3));
    const mediation = (await slotsOf(MEDIATION, tok3)).find((s) => s.startAt === '2026-12-08T01:00:00.000Z')!;
    const before = await snapshotCounts(t, POLICE_COLLECTIONS);
    const res = await t.call('police', 'book', { slotId: mediation.id, requestId: rid() }, tok3);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await snapshotCounts(t, POLICE_COLLECTIONS)).toEqual(before);
    expect((await slotDoc(mediation.id)).booked).toBe(0);
  });

  it('cancels before the cut-off, frees the seat and tells the officer; a second cancel is a CONFLICT', async () => {
    const tok4 = await newResident('r-book-004');
    const slot = (await slotsOf(ID_CARD, tok4)).find((s) => s.date === '2026-12-10' && s.remaining > 0)!;
    const b = ok(await t.call('police', 'book', { slotId: slot.id, requestId: rid() }, tok4));
    const seats = (await slotDoc(slot.id)).booked;
    const cancelled = ok(await t.call('police', 'cancel', { bookingId: b.id, reason: '家里有事' }, tok4));
    expect(cancelled.status).toBe('cancelled');
    expect((await slotDoc(slot.id)).booked).toBe(seats - 1);
    await dispatchNow();
    expect((await inbox(tok.police!)).some((n) => n.kind === 'police.cancelled' && n.body.includes('家里有事'))).toBe(true);
    const again = await t.call('police', 'cancel', { bookingId: b.id }, tok4);
    expect(again.body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect((await slotDoc(slot.id)).booked).toBe(seats - 1);
  });

  it('reschedules atomically: the new seat is held, the old one freed; a full target keeps the old booking', async () => {
    const tok5 = await newResident('r-book-005');
    const slots = await slotsOf(ID_CARD, tok5);
    const from = slots.find((s) => s.startAt === '2026-12-10T02:00:00.000Z')!;
    const to = slots.find((s) => s.startAt === '2026-12-10T02:30:00.000Z')!;
    const b = ok(await t.call('police', 'book', { slotId: from.id, requestId: rid() }, tok5));
    const moved = ok(await t.call('police', 'reschedule', { bookingId: b.id, slotId: to.id, requestId: rid() }, tok5));
    expect(moved).toMatchObject({ status: 'booked', slotId: to.id, rescheduledFrom: b.id });
    expect((await slotDoc(from.id)).booked).toBe(0);
    expect((await slotDoc(to.id)).booked).toBe(1);
    const old = ok(await t.call('police', 'mine', {}, tok5)).bookings.find((x: { id: string }) => x.id === b.id);
    expect(old).toMatchObject({ status: 'rescheduled', rescheduledTo: moved.id });

    // Fill another slot, then try to move there: refused, and the booking held stays as it was.
    const full = slots.find((s) => s.startAt === '2026-12-10T03:00:00.000Z')!;
    await t.runtime.db.collection('policeSlots').doc(full.id).update({ booked: 3 });
    const res = await t.call('police', 'reschedule', { bookingId: moved.id, slotId: full.id, requestId: rid() }, tok5);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const still = ok(await t.call('police', 'mine', {}, tok5)).bookings.find((x: { id: string }) => x.id === moved.id);
    expect(still.status).toBe('booked');
    expect((await slotDoc(to.id)).booked).toBe(1);
    expect((await slotDoc(full.id)).booked).toBe(3);
  });

  it('makes a resident with 3 no-shows in 90 days wait for the officer to confirm them', async () => {
    const tok6 = await newResident('r-book-006');
    const slot = (await slotsOf(ID_CARD, tok6)).find((s) => s.date === '2026-12-10' && s.remaining > 0)!;
    const days = (n: number) => new Date(Date.parse(MONDAY_0830) - n * 86_400_000).toISOString();
    const booker: BookerRecord = { _id: 'r-book-006', held: [], noShowAt: [days(80), days(40), days(3)], confirmedAt: null, confirmedBy: null, updatedAt: days(3) };
    await t.runtime.db.collection('policeBookers').add(booker);
    expect(ok(await t.call('police', 'mine', {}, tok6)).needsConfirmation).toBe(true);
    const before = await snapshotCounts(t, POLICE_COLLECTIONS);
    const refused = await t.call('police', 'book', { slotId: slot.id, requestId: rid() }, tok6);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await snapshotCounts(t, POLICE_COLLECTIONS)).toEqual(before);

    ok(await t.call('police', 'confirmResident', { userId: 'r-book-006' }, tok.police));
    expect(await t.count('auditLog', { action: 'police.confirmResident', 'target.id': 'r-book-006' })).toBe(1);
    expect(ok(await t.call('police', 'book', { slotId: slot.id, requestId: rid() }, tok6)).status).toBe('booked');
  });
});

describe('police: wrong person, wrong time, bad input — nothing written', () => {
  const expectNothingWritten = async (call: () => Promise<{ status: number; body: unknown }>, status: number, code: string) => {
    const before = await snapshotCounts(t, POLICE_COLLECTIONS);
    const res = await call();
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ ok: false, error: { code } });
    expect(await snapshotCounts(t, POLICE_COLLECTIONS)).toEqual(before);
    return res;
  };

  it('answers INVALID_INPUT for a slot that is already past', async () => {
    const past = await t.runtime.db.collection('policeSlots').where({ homeId: HOME, startAt: t.runtime.db.command.lt(MONDAY_0830) }).limit(1).get();
    const pastId = (past.data as SlotRecord[])[0]!._id;
    const res = await expectNothingWritten(() => t.call('police', 'book', { slotId: pastId, requestId: rid() }, tok.resident), 400, 'INVALID_INPUT');
    expect((res.body as { error: { issues: { path: string }[] } }).error.issues[0]!.path).toBe('slotId');
  });

  it('answers NOT_FOUND for an unknown slot', async () => {
    await expectNothingWritten(() => t.call('police', 'book', { slotId: 'sl-nowhere-202612081000', requestId: rid() }, tok.resident), 404, 'NOT_FOUND');
  });

  it('answers INVALID_INPUT with the field for a missing requestId or a malformed date', async () => {
    const res = await expectNothingWritten(() => t.call('police', 'book', { slotId: 'sl-x' }, tok.resident), 400, 'INVALID_INPUT');
    expect((res.body as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path)).toContain('requestId');
    await expectNothingWritten(() => t.call('police', 'addException', { date: '2026-13-40', closed: true, reason: '放假' }, tok.police), 400, 'INVALID_INPUT');
  });

  it('answers FORBIDDEN when a resident tries officer actions', async () => {
    const booking = (await t.runtime.db.collection('policeBookings').where({ userId: 'resident', status: 'booked' }).limit(1).get()).data[0] as { _id: string };
    await expectNothingWritten(() => t.call('police', 'checkIn', { bookingId: booking._id }, tok.resident), 403, 'FORBIDDEN');
    await expectNothingWritten(() => t.call('police', 'callNext', {}, tok.resident), 403, 'FORBIDDEN');
    await expectNothingWritten(() => t.call('police', 'decideVisit', { visitId: 'hv-seed-1', decision: 'accept', date: '2026-12-09', half: 'am' }, tok.resident), 403, 'FORBIDDEN');
    await expectNothingWritten(() => t.call('police', 'workbench', {}, tok.resident), 403, 'FORBIDDEN');
  });

  it("answers FORBIDDEN when another village's officer acts on this village's home visit", async () => {
    await expectNothingWritten(
      () => t.call('police', 'decideVisit', { visitId: 'hv-seed-1', decision: 'decline', reason: '不归我管' }, tok.otherPolice),
      403,
      'FORBIDDEN',
    );
  });

  it('answers FORBIDDEN when a resident of another village books here', async () => {
    const slot = (await slotsOf(ID_CARD, tok.resident!)).find((s) => s.bookable)!;
    await expectNothingWritten(() => t.call('police', 'book', { slotId: slot.id, requestId: rid() }, tok.otherResident), 403, 'FORBIDDEN');
  });

  it("answers NOT_FOUND when someone cancels another person's booking", async () => {
    const booking = (await t.runtime.db.collection('policeBookings').where({ userId: 'resident', status: 'booked' }).limit(1).get()).data[0] as { _id: string };
    await expectNothingWritten(() => t.call('police', 'cancel', { bookingId: booking._id }, tok['grid-leader']), 404, 'NOT_FOUND');
  });
});

describe('police: group sessions with a waitlist', () => {
  it('confirms up to capacity, waitlists the rest in order and promotes the first waiting person when someone cancels', async () => {
    const session = ok(
      await t.call('police', 'createSession', { serviceId: LECTURE, title: '反诈小课堂', place: '村委会会议室', date: '2026-12-12', start: '09:30', durationMinutes: 60, capacity: 2 }, tok.police),
    );
    expect(await t.count('auditLog', { action: 'police.createSession', 'target.id': session.id })).toBe(1);
    const people = [];
    for (let i = 0; i < 4; i++) people.push(await newResident(`r-sess-00${i}`));
    const results = [];
    for (const p of people) results.push(ok(await t.call('police', 'signUp', { sessionId: session.id }, p)));
    expect(results.map((r) => [r.status, r.position])).toEqual([
      ['confirmed', null],
      ['confirmed', null],
      ['waitlisted', 1],
      ['waitlisted', 2],
    ]);
    // Signing up again changes nothing.
    expect(ok(await t.call('police', 'signUp', { sessionId: session.id }, people[2]!))).toMatchObject({ status: 'waitlisted', position: 1 });

    ok(await t.call('police', 'cancelSignup', { sessionId: session.id }, people[0]!));
    const third = ok(await t.call('police', 'sessions', {}, people[2]!)).items.find((s: { id: string }) => s.id === session.id);
    expect(third.mine).toMatchObject({ status: 'confirmed' });
    expect(third).toMatchObject({ confirmed: 2, waiting: 1 });
    // The promotion's and the cancellation's notices ride on the sign-ups until the dispatch timer drains them.
    await dispatchNow();
    expect((await inbox(people[2]!)).some((n) => n.kind === 'police.promoted')).toBe(true);
    const fourth = ok(await t.call('police', 'sessions', {}, people[3]!)).items.find((s: { id: string }) => s.id === session.id);
    expect(fourth.mine).toMatchObject({ status: 'waitlisted', position: 1 });
    expect((await inbox(tok.police!)).some((n) => n.kind === 'police.signupCancelled')).toBe(true);
  });
});

describe('police: home visits', () => {
  it('lets a grid leader ask for an elderly neighbour with priority; the officer schedules it, the visit gets an outcome', async () => {
    const visit = ok(
      await t.call(
        'police',
        'requestVisit',
        { forUserId: 'resident', reason: '老人腿脚不便，想请民警上门帮忙换领身份证', preferred: [{ date: '2026-12-09', half: 'am' }], disabled: true, requestId: rid() },
        tok['grid-leader'],
      ),
    );
    expect(visit).toMatchObject({ status: 'requested', subjectName: '张桂芳', requesterName: '刘文华', priority: 2 });
    expect(visit.priorityReasons).toEqual(['60岁以上老人', '残疾或行动不便']);
    // The officers' notice rides on the request until the dispatch timer drains it.
    await dispatchNow();
    expect((await inbox(tok.police!)).some((n) => n.kind === 'police.visitRequested' && n.title.includes('优先'))).toBe(true);

    const bench = ok(await t.call('police', 'workbench', {}, tok.police));
    expect(bench.visits[0].id).toBe(visit.id); // two reasons outrank the seeded request's one
    expect(bench.visits[0].subjectAddress).toBeTruthy();

    const scheduled = ok(await t.call('police', 'decideVisit', { visitId: visit.id, decision: 'accept', date: '2026-12-09', half: 'am' }, tok.police));
    expect(scheduled).toMatchObject({ status: 'scheduled', scheduled: { date: '2026-12-09', half: 'am' }, officerName: '孙立新' });
    expect((await inbox(tok.resident!)).some((n) => n.kind === 'police.visitScheduled')).toBe(true);
    const done = ok(await t.call('police', 'recordVisit', { visitId: visit.id, outcome: '已上门采集照片，身份证办好后送到家。' }, tok.police));
    expect(done.status).toBe('completed');
    expect(await t.count('auditLog', { 'target.id': visit.id })).toBe(2);
  });

  it('refuses a grid leader asking for a younger neighbour', async () => {
    const young = ((await t.runtime.db.collection('users').doc('r-fengfang-1').get()).data as UserRecord[])[0]!;
    await t.runtime.db.collection('users').doc(young._id).update({ birthYear: 1996 });
    const res = await t.call('police', 'requestVisit', { forUserId: young._id, reason: '想请民警上门看看', preferred: [{ date: '2026-12-09', half: 'pm' }], requestId: rid() }, tok['grid-leader']);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('police: the walk-in queue', () => {
  it('gives numbers only while open, shows how many are ahead and lets the officer call the next', async () => {
    const a = await newResident('r-queue-001');
    const b = await newResident('r-queue-002');
    expect((await t.call('police', 'takeNumber', {}, a)).body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    clock.freeze('2026-12-07T01:10:00.000Z');
    try {
      expect(ok(await t.call('police', 'takeNumber', {}, a)).mine).toEqual({ number: 1, status: 'waiting', ahead: 0 });
      expect(ok(await t.call('police', 'takeNumber', {}, b)).mine).toEqual({ number: 2, status: 'waiting', ahead: 1 });
      expect(ok(await t.call('police', 'takeNumber', {}, a)).mine.number).toBe(1); // tapping again keeps the number
      const called = ok(await t.call('police', 'callNext', {}, tok.police));
      expect(called.nowServing).toBe(1);
      expect(called.tickets.map((x: { number: number; status: string }) => x.status)).toEqual(['called', 'waiting']);
      const seen = ok(await t.call('police', 'queue', {}, b));
      expect(seen).toMatchObject({ nowServing: 1, mine: { number: 2, ahead: 0 }, tickets: null });
    } finally {
      clock.freeze(MONDAY_0830);
    }
  });
});

describe('police: exceptions, reminders, check-in and counts', () => {
  it('closes a date for the officer away: its slots stop taking bookings and the affected bookings are counted', async () => {
    const res = ok(await t.call('police', 'addException', { date: '2026-12-15', closed: true, reason: '民警外出办案' }, tok.police));
    expect(res.closedSlots).toBe(0); // nothing generated that far yet in this test
    const slots = await slotsOf(ID_CARD, tok.resident!, '2026-12-15');
    expect(slots.filter((s) => s.date === '2026-12-15')).toEqual([]);
    const home = ok(await t.call('police', 'home', {}, tok.resident));
    expect(home.upcomingExceptions).toContainEqual({ date: '2026-12-15', closed: true, reason: '民警外出办案' });

    const tue = ok(await t.call('police', 'addException', { date: '2026-12-08', closed: false, periods: [{ start: '10:00', end: '12:00' }], reason: '上午晚开门' }, tok.police));
    expect(tue.closedSlots).toBe(3); // ID card 09:00 and 09:30 and mediation 09:00–10:00 close; 10:00 onwards stay
    expect(tue.affectedBookings).toBeGreaterThan(0);
    const closed = (await slotsOf(ID_CARD, tok.resident!)).find((s) => s.startAt === '2026-12-08T01:30:00.000Z')!;
    expect(closed.bookable).toBe(false);
  });

  it('reminds everyone booked for tomorrow once, however often the timer runs', async () => {
    clock.freeze('2026-12-07T10:00:00.000Z'); // 18:00
    try {
      const first = (await FUNCTIONS.police!.runTimer('remindTomorrow')) as { bookings: number };
      expect(first.bookings).toBeGreaterThan(0);
      expect((await inbox(tok.resident!)).some((n) => n.kind === 'police.reminder')).toBe(true);
      const again = (await FUNCTIONS.police!.runTimer('remindTomorrow')) as { bookings: number };
      expect(again.bookings).toBe(0);
    } finally {
      clock.freeze(MONDAY_0830);
    }
  });

  it('lets the officer check a person in on the day and records no-shows that count toward the rule', async () => {
    const booked = (await t.runtime.db.collection('policeBookings').where({ date: '2026-12-08', status: 'booked' }).limit(2).get()).data as { _id: string; userId: string }[];
    expect(booked.length).toBe(2);
    const early = await t.call('police', 'checkIn', { bookingId: booked[0]!._id }, tok.police);
    expect(early.body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    clock.freeze('2026-12-08T02:30:00.000Z'); // Tuesday 10:30
    try {
      expect(ok(await t.call('police', 'checkIn', { bookingId: booked[0]!._id }, tok.police)).status).toBe('attended');
      expect(ok(await t.call('police', 'markNoShow', { bookingId: booked[1]!._id }, tok.police)).status).toBe('noShow');
      const booker = ((await t.runtime.db.collection('policeBookers').doc(booked[1]!.userId).get()).data as BookerRecord[])[0]!;
      expect(booker.noShowAt).toContain('2026-12-08T02:30:00.000Z');
      expect(booker.held.some((h) => h.bookingId === booked[1]!._id)).toBe(false);
      expect(await t.count('auditLog', { action: 'police.checkIn' })).toBe(1);
    } finally {
      clock.freeze(MONDAY_0830);
    }
  });

  it('counts the month per duty and per mode for officers and cadres, not for residents', async () => {
    const counts = ok(await t.call('police', 'monthlyCounts', { month: '2026-12' }, tok.police));
    expect(counts.perMode.appointment).toBeGreaterThan(0);
    expect(counts.perMode.homeVisit).toBeGreaterThan(0);
    expect(counts.perMode.groupSession).toBeGreaterThan(0);
    expect(counts.perMode.walkIn).toBe(2);
    const modeTotal = Object.values(counts.perMode as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(modeTotal).toBe(counts.total);
    expect(counts.perDuty.safetyBuilding).toBeGreaterThan(0);
    expect(ok(await t.call('police', 'monthlyCounts', { homeId: HOME, month: '2026-12' }, tok['town-cadre'])).total).toBe(counts.total);
    // The town sees every home of the town together; 冯坊村 is the only busy one in the demo.
    const town = ok(await t.call('police', 'monthlyCounts', { unitId: 't-chengguan', month: '2026-12' }, tok['town-cadre']));
    expect(town).toMatchObject({ unitId: 't-chengguan', unitName: '城关镇' });
    expect(town.total).toBeGreaterThanOrEqual(counts.total);
    expect((await t.call('police', 'monthlyCounts', { unitId: 't-chengguan', month: '2026-12' }, tok.police)).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await t.call('police', 'monthlyCounts', { month: '2026-12' }, tok.resident)).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
