import { clock } from '../../cloudfunctions/_lib/clock';
import type { UserRecord } from '../../shared/domain/records';
import type { BookingRecord, GroupSessionRecord, QueueDayRecord, SignupRecord, SlotRecord } from '../../shared/domain/police-records';
import { dispatchNow } from '../support/dispatch';
import { ok, startTestRuntime, type CallResult, type TestRuntime } from '../support/runtime';

// Monday 7 December 2026, 08:30 in Qianyang.
const MONDAY_0830 = '2026-12-07T00:30:00.000Z';
const ID_CARD = 'ps-v-fengfang-id-card';
const LECTURE = 'ps-v-fengfang-lecture';

let t: TestRuntime;
let police: string;
let residents: string[] = [];

/** Inserts `n` residents of 冯坊村 straight into the database and signs each in. */
async function makeResidents(prefix: string, n: number): Promise<string[]> {
  const base = ((await t.runtime.db.collection('users').doc('r-fengfang-3').get()).data as UserRecord[])[0]!;
  const docs = Array.from({ length: n }, (_, i) => ({ ...base, _id: `${prefix}-${i}`, openid: `${prefix}-${i}`, name: `居民${i}`, demo: false }));
  await t.runtime.db.collection('users').add(docs);
  const tokens: string[] = [];
  for (const d of docs) tokens.push(await t.loginOpenid(d.openid));
  return tokens;
}

const code = (r: CallResult) => (r.body.ok ? 'OK' : r.body.error.code);

async function slot(id: string): Promise<SlotRecord> {
  return ((await t.runtime.db.collection('policeSlots').doc(id).get()).data as SlotRecord[])[0]!;
}
async function session(id: string): Promise<GroupSessionRecord> {
  return ((await t.runtime.db.collection('policeSessions').doc(id).get()).data as GroupSessionRecord[])[0]!;
}

/** A Tuesday or Thursday slot with capacity 5 nobody has touched yet. */
async function freshSlot(index: number): Promise<string> {
  const res = ok(await t.call('police', 'slots', { serviceId: ID_CARD, days: 7 }, residents[0]));
  const free = (res.slots as { id: string; remaining: number; capacity: number; bookable: boolean }[]).filter((s) => s.bookable && s.remaining === 5);
  return free[index]!.id;
}

async function newSession(title: string, capacity: number): Promise<string> {
  const s = ok(await t.call('police', 'createSession', { serviceId: LECTURE, title, place: '村委会会议室', date: '2026-12-11', start: '15:00', durationMinutes: 90, capacity }, police));
  return s.id;
}

beforeAll(async () => {
  clock.freeze(MONDAY_0830);
  t = await startTestRuntime();
  police = await t.login('police');
  await t.runtime.db.collection('policeServices').doc(ID_CARD).update({
    schedule: { weekly: [{ weekday: 2, start: '09:00', end: '11:30' }, { weekday: 4, start: '09:00', end: '11:30' }], slotMinutes: 30, capacity: 5 },
  });
  residents = await makeResidents('crowd', 200);
}, 60_000);
afterAll(async () => {
  await t.close();
  clock.reset();
});

describe('police: booking under contention', () => {
  it('lets exactly 5 of 200 residents booking one capacity-5 slot at once succeed; the rest get CONFLICT', async () => {
    const slotId = await freshSlot(0);
    const results = await Promise.all(residents.map((token, i) => t.call('police', 'book', { slotId, requestId: `crowd-book-${i}` }, token)));
    const codes = results.map(code);
    expect(codes.filter((c) => c === 'OK')).toHaveLength(5);
    expect(codes.filter((c) => c === 'CONFLICT')).toHaveLength(195);
    expect(results.filter((r) => !r.body.ok).every((r) => r.status === 409)).toBe(true);
    const stored = await t.count('policeBookings', { slotId, status: 'booked' });
    expect(stored).toBe(5);
    expect((await slot(slotId)).booked).toBe(stored);
    // The seat's holders are exactly the bookings written.
    expect([...((await slot(slotId)) as SlotRecord & { holders?: string[] }).holders!].sort()).toEqual(
      ((await t.runtime.db.collection('policeBookings').where({ slotId }).get()).data as BookingRecord[]).map((b) => b._id).sort(),
    );
    await dispatchNow();
    expect(await t.count('notifications', { kind: 'police.booked', recipientId: 'police' })).toBeGreaterThanOrEqual(5);
  }, 60_000);

  it('returns the first result to 10 simultaneous retries of one book and stores one booking', async () => {
    const slotId = await freshSlot(1);
    const results = await Promise.all(Array.from({ length: 10 }, () => t.call('police', 'book', { slotId, requestId: 'retry-same-request' }, residents[7])));
    const ids = new Set(results.map((r) => (r.body.ok ? (r.body.data as { id: string }).id : code(r))));
    expect([...ids]).toHaveLength(1);
    expect([...ids][0]).toMatch(/^bk/);
    expect(await t.count('policeBookings', { slotId })).toBe(1);
    expect((await slot(slotId)).booked).toBe(1);
  }, 30_000);

  it('books one person once when they send 8 different bookings of the same time at once; the other seats go back', async () => {
    const [a, b] = [await freshSlot(3), await freshSlot(4)];
    const me = residents[20]!;
    // Four requests for each of two slots at once (the same person, each request its own id): every
    // pair overlaps in time or is the same slot, except a and b, which are half an hour apart.
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => t.call('police', 'book', { slotId: i % 2 ? b : a, requestId: `one-person-${i}` }, me)));
    const codes = results.map(code);
    expect(codes.every((c) => c === 'OK' || c === 'CONFLICT')).toBe(true);
    const held = ((await t.runtime.db.collection('policeBookings').where({ userId: 'crowd-20', status: 'booked' }).get()).data as BookingRecord[]).map((x) => x.slotId).sort();
    // One booking a slot at most (a and b do not overlap, so one each), and exactly the answers that said OK.
    expect(held).toEqual([a, b].sort());
    expect(codes.filter((c) => c === 'OK')).toHaveLength(held.length);
    for (const id of [a, b]) expect({ id, booked: (await slot(id)).booked }).toEqual({ id, booked: 1 });
    const booker = ((await t.runtime.db.collection('policeBookers').doc('crowd-20').get()).data as { held: { slotId: string }[] }[])[0]!;
    expect(booker.held.map((h) => h.slotId).sort()).toEqual([a, b].sort());
  }, 30_000);

  it('turns 20 simultaneous cancellations of one booking into one cancellation and one freed seat', async () => {
    const slotId = await freshSlot(2);
    const b = ok(await t.call('police', 'book', { slotId, requestId: 'to-cancel-0001' }, residents[11]));
    ok(await t.call('police', 'book', { slotId, requestId: 'to-keep-00001' }, residents[12]));
    expect((await slot(slotId)).booked).toBe(2);
    const results = await Promise.all(Array.from({ length: 20 }, () => t.call('police', 'cancel', { bookingId: b.id }, residents[11])));
    const codes = results.map(code);
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
    expect(codes.filter((c) => c === 'CONFLICT')).toHaveLength(19);
    expect((await slot(slotId)).booked).toBe(1);
    expect(await t.count('policeBookings', { slotId, status: 'booked' })).toBe(1);
    await dispatchNow();
    expect(await t.count('notifications', { kind: 'police.cancelled' })).toBe(1);
  }, 30_000);

  it('never leaves a booking both moved and cancelled, nor a seat or a held time without its booking, when a move and a cancel race', async () => {
    const [a, b] = [await freshSlot(0), await freshSlot(1)];
    const me = residents[21]!;
    for (let round = 0; round < 6; round++) {
      const first = ok(await t.call('police', 'book', { slotId: a, requestId: `race-move-${round}` }, me)) as { id: string };
      const [moved, cancelled] = await Promise.all([
        t.call('police', 'reschedule', { bookingId: first.id, slotId: b, requestId: `race-move-to-${round}` }, me),
        t.call('police', 'cancel', { bookingId: first.id }, me),
      ]);
      // Exactly one of the two is written (the other is CONFLICT).
      expect([code(moved), code(cancelled)].sort()).toEqual(['CONFLICT', 'OK']);
      const booked = ((await t.runtime.db.collection('policeBookings').where({ userId: 'crowd-21', status: 'booked' }).get()).data as BookingRecord[]).map((x) => x._id);
      expect(booked).toEqual(code(moved) === 'OK' ? [(moved.body as { data: { id: string } }).data.id] : []);
      for (const id of [a, b]) expect({ id, booked: (await slot(id)).booked }).toEqual({ id, booked: await t.count('policeBookings', { slotId: id, status: 'booked' }) });
      const booker = ((await t.runtime.db.collection('policeBookers').doc('crowd-21').get()).data as { held: { bookingId: string }[] }[])[0]!;
      expect(booker.held.map((h) => h.bookingId)).toEqual(booked);
      for (const id of booked) ok(await t.call('police', 'cancel', { bookingId: id }, me));
    }
  }, 60_000);
});

describe('police: group sessions under contention', () => {
  let sessionId: string;
  let results: CallResult[];

  beforeAll(async () => {
    sessionId = await newSession('防诈骗大讲堂', 5);
    results = await Promise.all(residents.map((token) => t.call('police', 'signUp', { sessionId }, token)));
  }, 60_000);

  it('confirms exactly 5 of 200 people signing up at once and waitlists the other 195', async () => {
    const data = results.map((r) => ok(r) as { status: string; position: number | null; id: string });
    expect(data.filter((d) => d.status === 'confirmed')).toHaveLength(5);
    expect(data.filter((d) => d.status === 'waitlisted')).toHaveLength(195);
    const s = await session(sessionId);
    expect(s.confirmed).toBe(5);
    expect(await t.count('policeSignups', { sessionId, status: 'confirmed' })).toBe(5);
    expect(s.waitlist).toHaveLength(195);
  });

  it('keeps the waitlist in arrival order: every place is given once, 1 to 195, as each person joined', async () => {
    const s = await session(sessionId);
    const signups = (await t.runtime.db.collection('policeSignups').where({ sessionId, status: 'waitlisted' }).limit(1000).get()).data as SignupRecord[];
    const joined = new Map(signups.map((sg) => [sg._id, sg.waitlistedAt]));
    // The place each person was told when joining is their place in the stored queue.
    expect(s.waitlist.map((id) => joined.get(id))).toEqual(Array.from({ length: 195 }, (_, i) => i + 1));
    const told = results.map((r) => (r.body.ok ? (r.body.data as { position: number | null }).position : null)).filter((p): p is number => p !== null);
    expect(told.sort((a, b) => a - b)).toEqual(Array.from({ length: 195 }, (_, i) => i + 1));
  });

  it('turns 20 simultaneous cancellations of one place into one freed seat and one promotion of the first waiting', async () => {
    const before = await session(sessionId);
    const head = before.waitlist[0]!;
    const confirmedIndex = results.findIndex((r) => r.body.ok && (r.body.data as { status: string }).status === 'confirmed');
    const canceller = residents[confirmedIndex]!;
    const cancels = await Promise.all(Array.from({ length: 20 }, () => t.call('police', 'cancelSignup', { sessionId }, canceller)));
    expect(cancels.map(code).filter((c) => c === 'OK')).toHaveLength(1);
    expect(cancels.map(code).filter((c) => c === 'CONFLICT')).toHaveLength(19);
    const after = await session(sessionId);
    expect(after.confirmed).toBe(5);
    expect(after.waitlist).toEqual(before.waitlist.slice(1));
    const promoted = ((await t.runtime.db.collection('policeSignups').doc(head).get()).data as SignupRecord[])[0]!;
    expect(promoted.status).toBe('confirmed');
    expect(await t.count('policeSignups', { sessionId, status: 'confirmed' })).toBe(5);
    // The notices ride on the sign-ups until the dispatch timer drains them.
    await dispatchNow();
    expect(await t.count('notifications', { kind: 'police.promoted' })).toBe(1);
    expect(await t.count('notifications', { kind: 'police.signupCancelled' })).toBe(1);
  }, 30_000);

  it('promotes in arrival order when several seats free one after another', async () => {
    const before = await session(sessionId);
    const confirmed = (await t.runtime.db.collection('policeSignups').where({ sessionId, status: 'confirmed' }).get()).data as SignupRecord[];
    const tokenOf = (userId: string) => residents[Number(userId.split('-')[1])]!;
    for (const sg of confirmed.slice(0, 3)) ok(await t.call('police', 'cancelSignup', { sessionId }, tokenOf(sg.userId)));
    const promoted = before.waitlist.slice(0, 3);
    for (const id of promoted) {
      expect((((await t.runtime.db.collection('policeSignups').doc(id).get()).data as SignupRecord[])[0]!).status).toBe('confirmed');
    }
    expect((await session(sessionId)).waitlist).toEqual(before.waitlist.slice(3));
  }, 30_000);
});

describe('police: first come, first served on a full session', () => {
  const userIdOf = (i: number) => `crowd-${i}`;

  it.each(Array.from({ length: 12 }, (_, i) => i + 1))('gives the places freed by 5 cancellations to W1…W5 while 12 newcomers sign up at once, and waitlists the newcomers after W10 (round %i)', async (round) => {
    const sessionId = await newSession(`先来后到 第${round}轮`, 5);
    const holders = [140, 141, 142, 143, 144];
    const waiting = [145, 146, 147, 148, 149, 150, 151, 152, 153, 154];
    const newcomers = Array.from({ length: 12 }, (_, i) => 155 + i);
    for (const i of [...holders, ...waiting]) ok(await t.call('police', 'signUp', { sessionId }, residents[i]));
    const full = await session(sessionId);
    expect(full.confirmed).toBe(5);
    expect(full.waitlist).toHaveLength(10);
    const waitIds = [...full.waitlist];

    // Cancels and sign-ups interleaved, all sent at the same moment.
    const calls = [
      ...holders.map((i) => () => t.call('police', 'cancelSignup', { sessionId }, residents[i])),
      ...newcomers.map((i) => () => t.call('police', 'signUp', { sessionId }, residents[i])),
    ].sort(() => Math.random() - 0.5);
    const results = await Promise.all(calls.map((c) => c()));
    expect(results.map(code)).toEqual(Array(17).fill('OK'));
    const answers = results.map((r) => ok(r) as { status: string; userId?: string; position: number | null });
    expect(answers.filter((a) => a.status === 'waitlisted').every((a) => (a.position ?? 0) > 5)).toBe(true);
    expect(answers.filter((a) => a.status === 'confirmed')).toHaveLength(0);

    const after = await session(sessionId);
    expect(after.confirmed).toBe(5);
    const confirmed = (await t.runtime.db.collection('policeSignups').where({ sessionId, status: 'confirmed' }).get()).data as SignupRecord[];
    expect(confirmed.map((sg) => sg.userId).sort()).toEqual(waiting.slice(0, 5).map(userIdOf).sort());
    // W6…W10 keep their order at the head; every newcomer waits behind them.
    expect(after.waitlist.slice(0, 5)).toEqual(waitIds.slice(5));
    expect(after.waitlist).toHaveLength(17);
    const queued = (await t.runtime.db.collection('policeSignups').where({ sessionId, status: 'waitlisted' }).limit(100).get()).data as SignupRecord[];
    expect(queued.map((sg) => sg.userId).sort()).toEqual([...waiting.slice(5), ...newcomers].map(userIdOf).sort());
    // Each of W1…W5 is told.
    // The notices ride on the sign-ups until the dispatch timer drains them.
    await dispatchNow();
    const told = (await t.runtime.db.collection('notifications').where({ kind: 'police.promoted', 'link.id': sessionId }).get()).data as { recipientId: string }[];
    expect(told.map((n) => n.recipientId).sort()).toEqual(waiting.slice(0, 5).map(userIdOf).sort());
  }, 60_000);
});

describe('police: the walk-in queue at opening time', () => {
  it('gives 30 residents tapping 取号 at the same moment 30 distinct consecutive numbers', async () => {
    clock.freeze('2026-12-07T01:10:00.000Z'); // Monday 09:10, the home is open
    try {
      const crowd = residents.slice(100, 130);
      const results = await Promise.all(crowd.map((token) => t.call('police', 'takeNumber', {}, token)));
      expect(results.map(code)).toEqual(Array(30).fill('OK'));
      const numbers = results.map((r) => (ok(r) as { mine: { number: number } }).mine.number).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      const days = (await t.runtime.db.collection('policeQueues').where({ date: '2026-12-07' }).get()).data as QueueDayRecord[];
      expect(days).toHaveLength(1);
      expect(days[0]!.tickets.map((x) => x.number).sort((a, b) => a - b)).toEqual(numbers);
      expect(new Set(days[0]!.tickets.map((x) => x.userId)).size).toBe(30);
      // Tapping again at once keeps each person's one number.
      const again = await Promise.all(crowd.slice(0, 10).flatMap((token) => [token, token].map((tk) => t.call('police', 'takeNumber', {}, tk))));
      expect(again.map(code)).toEqual(Array(20).fill('OK'));
      const after = ((await t.runtime.db.collection('policeQueues').doc(days[0]!._id).get()).data as QueueDayRecord[])[0]!;
      expect(after.tickets).toHaveLength(30);
      const called = await Promise.all([t.call('police', 'callNext', {}, police), ...residents.slice(130, 140).map((token) => t.call('police', 'takeNumber', {}, token))]);
      expect(called.map(code)).toEqual(Array(11).fill('OK'));
      const final = ((await t.runtime.db.collection('policeQueues').doc(days[0]!._id).get()).data as QueueDayRecord[])[0]!;
      expect(final.tickets.map((x) => x.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect(final.tickets.find((x) => x.number === 1)!.status).toBe('called');
    } finally {
      clock.freeze(MONDAY_0830);
    }
  }, 60_000);
});

describe('police: records stay consistent', () => {
  it('has every slot count equal to the bookings holding a seat on it (booked, attended or no-show)', async () => {
    const _ = t.runtime.db.command;
    const slots = (await t.runtime.db.collection('policeSlots').where({ serviceId: ID_CARD }).limit(1000).get()).data as SlotRecord[];
    for (const s of slots) {
      const held = (await t.runtime.db.collection('policeBookings').where({ slotId: s._id, status: _.in(['booked', 'attended', 'noShow']) }).count()) as { total: number };
      expect({ slot: s._id, booked: s.booked }).toEqual({ slot: s._id, booked: held.total });
    }
    const bookings = (await t.runtime.db.collection('policeBookings').where({ serviceId: ID_CARD }).limit(1000).get()).data as BookingRecord[];
    expect(bookings.length).toBeGreaterThan(0);
  });
});
