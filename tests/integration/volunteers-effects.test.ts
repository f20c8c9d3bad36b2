import { clock } from '../../cloudfunctions/_lib/clock';
import type { UserRecord } from '../../shared/domain/records';
import type { VenueBookingRecord, VenueSlotRecord, VolunteerActivityRecord } from '../../shared/domain/volunteer-records';
import { j, SqlCounts } from '../support/county-checks';
import { dispatchNow } from '../support/dispatch';
import { watchQueries } from '../support/query-watch';
import { ok, startTestRuntime, type CallResult, type TestRuntime } from '../support/runtime';

/**
 * 志愿者 and shared venues inside the request budget (issue 13): joining, cancelling a sign-up (and the
 * promotion it causes), booking a venue, cancelling and deciding a booking are each one write to their
 * record, carrying the notices and the audit entry (`_lib/effects.ts`) that the notifications `dispatch`
 * timer writes out. Figures are checked with plain SQL over the SQLite file.
 */
// Monday 7 December 2026, 08:30 in Qianyang.
const MONDAY_0830 = '2026-12-07T00:30:00.000Z';
const V = 'v-fengfang';
const GRID = 'g-fengfang-1';
/** The case each size's visit became. */
const caseOf: Record<number, string> = {};
const BUDGET = { resident: 6, cadre: 12 } as const;

let t: TestRuntime;
let sql: SqlCounts;
let cadre = '';
const code = (r: CallResult) => (r.body.ok ? 'OK' : r.body.error.code);

beforeAll(async () => {
  clock.freeze(MONDAY_0830);
  t = await startTestRuntime();
  sql = new SqlCounts(t.runtime.engine);
  cadre = await t.login('village-cadre');
}, 60_000);
afterAll(async () => {
  await t.close();
  clock.reset();
});

/** A copy of a seeded resident of 冯坊村 under a new id and openid, signed in, each token used once already. */
async function residents(tag: string, n: number): Promise<{ id: string; token: string }[]> {
  const base = ((await t.runtime.db.collection('users').doc('r-fengfang-3').get()).data as UserRecord[])[0]!;
  const docs = Array.from({ length: n }, (_, i) => ({ ...base, _id: `vfx-${tag}-${i}`, openid: `wx-vfx-${tag}-${i}`, name: `居民${tag}${i}`, demo: false }));
  await t.runtime.db.collection('users').add(docs);
  const out = [];
  for (const d of docs) out.push({ id: d._id, token: await t.loginOpenid(d.openid) });
  // The local sign-in store re-reads a token once after any other sign-in (local/sessions.ts): each is used once first.
  for (const o of out) ok(await t.call('volunteers', 'services', { unitId: V }, o.token));
  return out;
}

/** More of what an action could be tempted to read per item: the village's cadres (told of each joiner, each venue request). */
async function growCadres(n: number): Promise<void> {
  const c = ((await t.runtime.db.collection('users').doc('village-cadre').get()).data as UserRecord[])[0]!;
  await t.runtime.db.collection('users').add(Array.from({ length: n }, (_, i) => ({ ...c, _id: `vfx-cadre-${n}-${i}`, openid: `wx-vfx-cadre-${n}-${i}`, demo: false })));
}

const cadresOfVillage = () => sql.one('users', 'COUNT(*)', `WHERE EXISTS (SELECT 1 FROM json_each(${j('roleKeys')}) WHERE value = ?)`, `village-cadre@${V}`);
const notices = (kind: string, linkId?: string) => sql.one('notifications', 'COUNT(*)', `WHERE ${j('kind')} = ? ${linkId ? `AND ${j('link.id')} = ?` : ''}`, kind, ...(linkId ? [linkId] : []));

describe('volunteer and venue actions: requests within budget, the same at two sizes', () => {
  async function actions(size: number): Promise<Record<string, number>> {
    await growCadres(size);
    const [p, q] = await residents(`s${size}`, 2) as [{ id: string; token: string }, { id: string; token: string }];
    // The cadre's token is used once after the sign-ins above (the same local re-read).
    ok(await t.call('volunteers', 'services', { unitId: V }, cadre));
    const watch = watchQueries(t.runtime.engine, { threshold: 0 });
    const out: Record<string, number> = {};
    const measure = async <T = { id: string; status: string }>(label: string, who: keyof typeof BUDGET, run: () => Promise<CallResult>): Promise<T> => {
      const { result, requests } = await watch.measure(`${label} (${size})`, run);
      const data = ok(result);
      expect({ label, within: requests <= BUDGET[who] }).toEqual({ label, within: true });
      out[`${label} as ${who}`] = requests;
      return data as T;
    };
    try {
      const vp = await measure('join', 'resident', () => t.call('volunteers', 'join', { skills: ['medical'], availability: ['weekend'] }, p.token));
      expect(vp.status).toBe('pending');
      ok(await t.call('volunteers', 'decideVolunteer', { volunteerId: vp.id, decision: 'confirm' }, cadre));
      const vq = ok(await t.call('volunteers', 'join', { skills: [], availability: ['weekend'] }, q.token));
      ok(await t.call('volunteers', 'decideVolunteer', { volunteerId: vq.id, decision: 'confirm' }, cadre));
      await measure('home', 'resident', () => t.call('volunteers', 'home', {}, p.token));

      const a = ok(await t.call('volunteers', 'createActivity', { unitId: V, title: `陪诊${size}`, place: '县医院', date: '2026-12-09', start: '09:00', durationMinutes: 120, capacity: 1 }, cadre));
      const seat = await measure<{ mine: { status: string } }>('signUp (a seat)', 'resident', () => t.call('volunteers', 'signUp', { activityId: a.id }, p.token));
      expect(seat.mine.status).toBe('confirmed');
      const wait = await measure<{ mine: { status: string; waitingPlace: number } }>('signUp (the waitlist)', 'resident', () => t.call('volunteers', 'signUp', { activityId: a.id }, q.token));
      expect(wait.mine).toMatchObject({ status: 'waitlisted', waitingPlace: 1 });
      const left = await measure<{ waiting: number; mine: { status: string } }>('cancelSignup (waiting)', 'resident', () => t.call('volunteers', 'cancelSignup', { activityId: a.id }, q.token));
      expect(left).toMatchObject({ waiting: 0, mine: { status: 'cancelled' } });
      const freed = await measure<{ confirmed: number; mine: { status: string } }>('cancelSignup (a seat, nobody waiting)', 'resident', () => t.call('volunteers', 'cancelSignup', { activityId: a.id }, p.token));
      expect(freed).toMatchObject({ confirmed: 0, mine: { status: 'cancelled' } });
      const again = await measure<{ confirmed: number; mine: { status: string } }>('signUp (again, after cancelling)', 'resident', () => t.call('volunteers', 'signUp', { activityId: a.id }, q.token));
      expect(again).toMatchObject({ confirmed: 1, mine: { status: 'confirmed' } });

      const court = ok(await t.call('volunteers', 'addVenue', { ownerKind: 'unit', ownerId: V, kind: 'court', name: `篮球场${size}`, address: '村委会东侧', capacity: 30, rules: '用后关灯。', weekdays: [1, 2, 3, 4, 5, 6, 7], openHour: 8, closeHour: 21, approval: 'automatic' }, cadre));
      const room = ok(await t.call('volunteers', 'addVenue', { ownerKind: 'unit', ownerId: V, kind: 'meetingRoom', name: `会议室${size}`, address: '村委会二楼', capacity: 40, rules: '用后关灯。', weekdays: [1, 2, 3, 4, 5, 6, 7], openHour: 8, closeHour: 21, approval: 'owner' }, cadre));
      const b1 = await measure('bookVenue (automatic, 1 hour)', 'resident', () => t.call('volunteers', 'bookVenue', { venueId: court.id, date: '2026-12-12', startHour: 9, hours: 1, purpose: '打篮球', requestId: `vfx-court-${size}` }, p.token));
      expect(b1.status).toBe('confirmed');
      const b2 = await measure('bookVenue (owner approves, 2 hours)', 'resident', () => t.call('volunteers', 'bookVenue', { venueId: room.id, date: '2026-12-12', startHour: 14, hours: 2, purpose: '议事', requestId: `vfx-room-${size}` }, p.token));
      expect(b2.status).toBe('pending');
      expect((await measure('decideVenueBooking', 'cadre', () => t.call('volunteers', 'decideVenueBooking', { bookingId: b2.id, decision: 'confirm' }, cadre))).status).toBe('confirmed');
      expect((await measure('cancelVenueBooking', 'resident', () => t.call('volunteers', 'cancelVenueBooking', { bookingId: b1.id }, p.token))).status).toBe('cancelled');
      // Booking an hour freed before: its slot exists (one request more than a fresh hour).
      expect((await measure('bookVenue (a freed hour)', 'resident', () => t.call('volunteers', 'bookVenue', { venueId: court.id, date: '2026-12-12', startHour: 9, hours: 1, purpose: '打篮球', requestId: `vfx-court-again-${size}` }, q.token))).status).toBe('confirmed');

      // 上门入户访民情: a need found becomes a case through the cases function's own report (one add carrying the intake alerts).
      const visit = ok(await t.call('volunteers', 'logVisit', { gridId: GRID, subjectName: `王大爷${size}`, visitedOn: '2026-12-06', findings: '和邻居为排水沟堵塞的事争执多日。', requestId: `vfx-visit-${size}` }, cadre));
      caseOf[size] = (await measure<{ caseId: string }>('visitToCase', 'resident', () => t.call('volunteers', 'visitToCase', { visitId: visit.id, type: 'neighbourhood' }, cadre))).caseId;
      await measure('visitToCase again', 'resident', () => t.call('volunteers', 'visitToCase', { visitId: visit.id, type: 'neighbourhood' }, cadre));
    } finally {
      watch.stop();
    }
    expect(watch.scans).toEqual([]);

    // What the changes owe is written by the dispatch timer, at the change's time: checked against SQL.
    await dispatchNow();
    expect(sql.one('notifications', 'COUNT(*)', `WHERE ${j('kind')} = 'volunteer.joined' AND ${j('aboutId')} = ?`, p.id)).toBe(cadresOfVillage());
    // The case from the visit alerted the village's cadres and mediators and the grid's party group, each once, not the visitor.
    const handlers = sql.all<{ id: string }>('users', '_id AS id', `WHERE EXISTS (SELECT 1 FROM json_each(${j('roleKeys')}) WHERE value IN (?, ?))`, `village-cadre@${V}`, `mediator@${V}`).map((r) => r.id);
    const group = sql.all<{ id: string }>('orgUnits', 'value AS id', `, json_each(${j('partyGroupMemberIds')}) WHERE _id = ?`, GRID).map((r) => r.id);
    const told = new Set([...handlers, ...group].filter((id) => id !== 'village-cadre')).size;
    expect(notices('case.reported', caseOf[size])).toBe(told);
    expect(sql.one('volunteerVisits', 'COUNT(*)', `WHERE ${j('caseId')} = ?`, caseOf[size])).toBe(1);
    return out;
  }

  it('joins, signs up, cancels, books, decides and cancels a booking, and turns a visit into a case, in the same requests with 3 and 12 more cadres', async () => {
    const small = await actions(3);
    const large = await actions(12);
    expect(large).toEqual(small);
  }, 60_000);
});

describe('the writes that were transactions: at once, one wins and nothing is freed or told twice', () => {
  const slotsOf = (ids: readonly string[]) => ids.map((id) => ((t.runtime.engine.store.select('venueSlots', '_id = ?', [id])[0]?.body ?? 'null') as string)).map((b) => (JSON.parse(b) as VenueSlotRecord).booked);
  const booking = (id: string) => JSON.parse(t.runtime.engine.store.select('venueBookings', '_id = ?', [id])[0]!.body) as VenueBookingRecord;

  it('two joins at once write one volunteer record and tell the cadres once', async () => {
    const [p] = await residents('join2', 1);
    const both = await Promise.all([0, 1].map(() => t.call('volunteers', 'join', { skills: [], availability: ['weekend'] }, p!.token)));
    expect(both.map(code)).toEqual(['OK', 'OK']);
    expect(sql.one('volunteers', 'COUNT(*)', `WHERE ${j('userId')} = ?`, p!.id)).toBe(1);
    await dispatchNow();
    expect(sql.one('notifications', 'COUNT(*)', `WHERE ${j('kind')} = 'volunteer.joined' AND ${j('aboutId')} = ?`, p!.id)).toBe(cadresOfVillage());
  });

  it('two cancels of one seat at once free it once and promote the first waiting once; the organiser is told once', async () => {
    const people = await residents('cancel2', 3);
    for (const r of people) {
      const v = ok(await t.call('volunteers', 'join', { skills: [], availability: ['weekend'] }, r.token));
      ok(await t.call('volunteers', 'decideVolunteer', { volunteerId: v.id, decision: 'confirm' }, cadre));
    }
    const a = ok(await t.call('volunteers', 'createActivity', { unitId: V, title: '清扫村道', place: '村口', date: '2026-12-10', start: '09:00', durationMinutes: 60, capacity: 1 }, cadre));
    for (const r of people) ok(await t.call('volunteers', 'signUp', { activityId: a.id }, r.token));
    const [first, second, third] = people as [{ id: string; token: string }, { id: string; token: string }, { id: string; token: string }];
    const both = await Promise.all([0, 1].map(() => t.call('volunteers', 'cancelSignup', { activityId: a.id }, first.token)));
    expect(both.map(code).sort()).toEqual(['CONFLICT', 'OK']);
    const row = JSON.parse(t.runtime.engine.store.select('volunteerActivities', '_id = ?', [a.id])[0]!.body) as VolunteerActivityRecord;
    // One seat, taken by the first waiting; the third still waits, first in line.
    expect(sql.one('volunteerSignups', 'COUNT(*)', `WHERE ${j('activityId')} = ? AND ${j('status')} = 'confirmed'`, a.id)).toBe(1);
    expect(sql.one('volunteerSignups', 'COUNT(*)', `WHERE ${j('activityId')} = ? AND ${j('status')} = 'confirmed' AND ${j('userId')} = ?`, a.id, second.id)).toBe(1);
    expect({ confirmed: row.confirmed, waitlist: row.waitlist.length }).toEqual({ confirmed: 1, waitlist: 1 });
    expect(ok(await t.call('volunteers', 'activity', { activityId: a.id }, third.token)).activity.mine.waitingPlace).toBe(1);
    await dispatchNow();
    expect(notices('volunteer.signupCancelled', a.id)).toBe(1);
    expect(sql.one('notifications', 'COUNT(*)', `WHERE ${j('kind')} = 'volunteer.promoted' AND ${j('recipientId')} = ?`, second.id)).toBe(1);
  }, 30_000);

  it('the owner cancelling and the person cancelling a booking at once: one wins, its hours freed once, one notice and the owner\'s audit entry only if the owner won', async () => {
    const [p] = await residents('venue2', 1);
    const hall = ok(await t.call('volunteers', 'addVenue', { ownerKind: 'unit', ownerId: V, kind: 'meetingRoom', name: '文化礼堂', address: '村委会西侧', capacity: 80, rules: '用后关灯。', weekdays: [1, 2, 3, 4, 5, 6, 7], openHour: 8, closeHour: 21, approval: 'automatic' }, cadre));
    const b = ok(await t.call('volunteers', 'bookVenue', { venueId: hall.id, date: '2026-12-15', startHour: 10, hours: 2, purpose: '排练', requestId: 'vfx-hall-1' }, p!.token));
    const slots = booking(b.id).slotIds;
    expect(slotsOf(slots)).toEqual([1, 1]);
    const [mine, owners] = await Promise.all([t.call('volunteers', 'cancelVenueBooking', { bookingId: b.id }, p!.token), t.call('volunteers', 'cancelVenueBooking', { bookingId: b.id }, cadre)]);
    expect([code(mine), code(owners)].sort()).toEqual(['CONFLICT', 'OK']);
    expect(slotsOf(slots)).toEqual([0, 0]);
    await dispatchNow();
    const ownerWon = code(owners) === 'OK';
    expect(sql.one('auditLog', 'COUNT(*)', `WHERE ${j('action')} = 'volunteers.cancelVenueBooking' AND ${j('target.id')} = ?`, b.id)).toBe(ownerWon ? 1 : 0);
    expect(notices('venue.decided', hall.id) + notices('venue.cancelled', hall.id)).toBe(ownerWon ? 1 : cadresOfVillage());
    // The hours are free for exactly one of two people booking them at once.
    const [x, y] = await residents('venue2b', 2);
    const again = await Promise.all([x!, y!].map((r, i) => t.call('volunteers', 'bookVenue', { venueId: hall.id, date: '2026-12-15', startHour: 10, hours: 2, purpose: '排练', requestId: `vfx-hall-again-${i}` }, r.token)));
    expect(again.map(code).sort()).toEqual(['CONFLICT', 'OK']);
    expect(slotsOf(slots)).toEqual([1, 1]);
  }, 30_000);

  it('a decline and the person\'s cancel at once: one wins, the hours freed once', async () => {
    const [p] = await residents('venue3', 1);
    const room = ok(await t.call('volunteers', 'addVenue', { ownerKind: 'unit', ownerId: V, kind: 'meetingRoom', name: '党员活动室', address: '村委会三楼', capacity: 30, rules: '用后关灯。', weekdays: [1, 2, 3, 4, 5, 6, 7], openHour: 8, closeHour: 21, approval: 'owner' }, cadre));
    const b = ok(await t.call('volunteers', 'bookVenue', { venueId: room.id, date: '2026-12-16', startHour: 15, hours: 1, purpose: '学习', requestId: 'vfx-room3-1' }, p!.token));
    const [cancel, decline] = await Promise.all([t.call('volunteers', 'cancelVenueBooking', { bookingId: b.id }, p!.token), t.call('volunteers', 'decideVenueBooking', { bookingId: b.id, decision: 'decline' }, cadre)]);
    expect([code(cancel), code(decline)].sort()).toEqual(['CONFLICT', 'OK']);
    expect(booking(b.id).status).toBe(code(cancel) === 'OK' ? 'cancelled' : 'declined');
    expect(slotsOf(booking(b.id).slotIds)).toEqual([0]);
  }, 30_000);
});
