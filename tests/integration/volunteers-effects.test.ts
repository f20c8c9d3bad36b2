import { clock } from '../../cloudfunctions/_lib/clock';
import type { UserRecord } from '../../shared/domain/records';
import type { VenueBookingRecord, VenueSlotRecord, VolunteerActivityRecord } from '../../shared/domain/volunteer-records';
import { budgetRound, sameAtTwoSizes } from '../support/budget';
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

describe('confirming an activity\'s hours: the same requests with 3 or 40 attendees', () => {
  /** Volunteers of 冯坊村 made for a round, confirmed by the village: the attendees of its activity. */
  const crowd: Record<number, { id: string; token: string }[]> = {};
  /** The activity each round confirmed. */
  const confirmedIn: Record<number, string> = {};

  async function grow(n: number): Promise<void> {
    const people = await residents(`hours${n}`, n);
    for (const p of people) {
      const v = ok(await t.call('volunteers', 'join', { skills: [], availability: ['weekend'] }, p.token));
      ok(await t.call('volunteers', 'decideVolunteer', { volunteerId: v.id, decision: 'confirm' }, cadre));
    }
    crowd[n] = people;
  }

  /** When the organiser marks person i: in from 08:50 + i minutes, out at 10:00 + (i mod 4) × 20 minutes; every fifth never checked out. */
  const marked = (date: string, i: number) => ({
    checkInAt: new Date(Date.parse(`${date}T00:50:00.000Z`) + i * 60_000).toISOString(),
    checkOutAt: i % 5 === 4 ? null : new Date(Date.parse(`${date}T02:00:00.000Z`) + (i % 4) * 20 * 60_000).toISOString(),
  });

  /** Minutes each person attended inside 09:00–11:00 China time, as marked (computed here, not by the function). */
  function expectedMinutes(date: string, n: number): number[] {
    const start = Date.parse(`${date}T01:00:00.000Z`);
    const end = Date.parse(`${date}T03:00:00.000Z`);
    return Array.from({ length: n }, (_, i) => {
      const m = marked(date, i);
      if (!m.checkOutAt) return 0;
      return Math.floor((Math.min(Date.parse(m.checkOutAt), end) - Math.max(Date.parse(m.checkInAt), start)) / 60_000);
    });
  }

  async function round(n: number): Promise<Record<string, number>> {
    const date = n === 3 ? '2026-12-20' : '2026-12-21';
    clock.freeze(MONDAY_0830);
    const people = crowd[n]!;
    const a = ok(await t.call('volunteers', 'createActivity', { unitId: V, title: `冬季巡河${n}`, place: '河堤', date, start: '09:00', durationMinutes: 120, capacity: n }, cadre));
    confirmedIn[n] = a.id;
    for (const p of people) ok(await t.call('volunteers', 'signUp', { activityId: a.id }, p.token));
    clock.freeze(`${date}T04:00:00.000Z`); // 12:00, an hour after the end
    const roster = ok(await t.call('volunteers', 'activity', { activityId: a.id }, cadre)).roster as { signupId: string; name: string }[];
    for (const [i, p] of people.entries()) {
      const sg = roster.find((r) => r.name === `居民hours${n}${i}`)!;
      ok(await t.call('volunteers', 'markAttendance', { signupId: sg.signupId, ...marked(date, i) }, cadre));
    }
    // Each token used once after the sign-ins above (the local re-read, as in the round above).
    ok(await t.call('volunteers', 'services', { unitId: V }, people[0]!.token));
    const want = expectedMinutes(date, n);
    const counts = await budgetRound(t.runtime.engine, n, async ({ measure }) => {
      const done = await measure<{ confirmed: number; minutes: number }>('confirmHours', 'cadre', () => t.call('volunteers', 'confirmHours', { activityId: a.id }, cadre));
      expect(done).toEqual({ confirmed: want.filter((m) => m > 0).length, minutes: want.reduce((s, m) => s + m, 0) });
      expect(await measure('confirmHours again', 'cadre', () => t.call('volunteers', 'confirmHours', { activityId: a.id }, cadre))).toEqual({ confirmed: 0, minutes: 0 });
      const shown = (await measure<{ roster: { name: string; creditedMinutes: number | null }[] }>('activity (the roster)', 'cadre', () => t.call('volunteers', 'activity', { activityId: a.id }, cadre))).roster;
      expect(people.map((_, i) => shown.find((r) => r.name === `居民hours${n}${i}`)!.creditedMinutes)).toEqual(want);
      const mine = await measure<{ activity: { mine: { creditedMinutes: number | null } } }>('activity (my sign-up)', 'resident', () => t.call('volunteers', 'activity', { activityId: a.id }, people[0]!.token));
      expect(mine.activity.mine.creditedMinutes).toBe(want[0]);
      // The activity is today's: the list and the home page show the same minutes.
      const listed = await measure<{ items: { id: string; mine: { creditedMinutes: number | null } | null }[] }>('activities', 'resident', () => t.call('volunteers', 'activities', { unitId: V }, people[0]!.token));
      expect(listed.items.find((x) => x.id === a.id)!.mine!.creditedMinutes).toBe(want[0]);
      const home = await measure<{ upcoming: { id: string; mine: { creditedMinutes: number | null } | null }[] }>('home', 'resident', () => t.call('volunteers', 'home', {}, people[0]!.token));
      expect(home.upcoming.find((x) => x.id === a.id)!.mine!.creditedMinutes).toBe(want[0]);
      const record = await measure<{ totalMinutes: number; certCode: string }>('record', 'resident', () => t.call('volunteers', 'record', {}, people[0]!.token));
      await measure('certificate', 'resident', () => t.call('volunteers', 'certificate', { code: record.certCode }));
    });
    // The ledger, read with plain SQL: one confirmed entry per person with minutes to count, holding them.
    const ledger = new Map(sql.all<{ u: string; m: number }>('volunteerHours', `${j('userId')} AS u, SUM(${j('minutes')}) AS m`, `WHERE ${j('activityId')} = ? AND ${j('kind')} = 'confirmed' GROUP BY u`, a.id).map((r) => [r.u, r.m]));
    expect(people.map((p) => ledger.get(p.id) ?? 0)).toEqual(want);
    expect(sql.one('volunteerHours', 'COUNT(*)', `WHERE ${j('activityId')} = ?`, a.id)).toBe(want.filter((m) => m > 0).length);
    // Every sign-up credited, none left claimed; no volunteer record left holding a claim.
    expect(sql.one('volunteerSignups', 'COUNT(*)', `WHERE ${j('activityId')} = ? AND ${j('creditedAt')} IS NOT NULL AND ${j('crediting')} IS NULL`, a.id)).toBe(n);
    expect(sql.one('volunteers', 'COUNT(*)', `WHERE json_array_length(coalesce(${j('creditClaims')}, '[]')) > 0`)).toBe(0);
    // The notices and the entry, once the dispatch timer has written them: each person credited told once, one entry per confirmation.
    await dispatchNow();
    for (const [i, p] of people.entries()) expect(sql.one('notifications', 'COUNT(*)', `WHERE ${j('kind')} = 'volunteer.hoursConfirmed' AND ${j('recipientId')} = ? AND ${j('link.id')} = ?`, p.id, `vl-${p.id}`)).toBe(want[i]! > 0 ? 1 : 0);
    expect(sql.one('auditLog', 'COUNT(*)', `WHERE ${j('action')} = 'volunteers.confirmHours' AND ${j('target.id')} = ?`, a.id)).toBe(2);
    return counts;
  }

  it('confirms, shows the roster, my sign-up, the list, home, the record and the certificate in the same requests, every query on an index; minutes as SQL counts them', async () => {
    const small = await sameAtTwoSizes(grow, round, [3, 40]);
    // confirmHours: the caller, the activity, taking and reading the attendees, the claim on their records,
    // their earlier spans, the ledger's batch add, the sign-ups marked, the claims let go, the activity's
    // update; again: the caller, the activity, the take (nobody left), the activity's update. The views
    // read the credited minutes from the ledger in one read: the roster's (caller, activity, community,
    // the caller's sign-up, the roster, their entries), my sign-up's (no roster), the list's (caller,
    // community, activities, my sign-ups, their entries), home's (caller, volunteer, my sign-ups with their
    // activities, their entries, the total), the record's (caller, volunteer, ledger, total), the
    // certificate's (record by code, ledger, total, user, community).
    expect(small).toEqual({
      'confirmHours as cadre': 10,
      'confirmHours again as cadre': 4,
      'activity (the roster) as cadre': 6,
      'activity (my sign-up) as resident': 5,
      'activities as resident': 5,
      'home as resident': 5,
      'record as resident': 4,
      'certificate as resident': 5,
    });
    // The certificate and the record total each person's ledger (plain SQL), the same in both.
    const p = crowd[40]![0]!;
    const total = sql.one('volunteerHours', `coalesce(SUM(${j('minutes')}), 0)`, `WHERE ${j('userId')} = ?`, p.id);
    const rec = ok(await t.call('volunteers', 'record', {}, p.token));
    expect(rec.totalMinutes).toBe(total);
    expect(ok(await t.call('volunteers', 'certificate', { code: rec.certCode })).totalMinutes).toBe(total);
    clock.freeze(MONDAY_0830);
  }, 120_000);

  it('two overlapping activities with the same 20 people confirmed at once count each person\'s shared hour once', async () => {
    const people = crowd[40]!.slice(0, 20);
    clock.freeze(MONDAY_0830);
    const date = '2026-12-22';
    const first = ok(await t.call('volunteers', 'createActivity', { unitId: V, title: '河堤植树', place: '河堤', date, start: '09:00', durationMinutes: 120, capacity: 20 }, cadre));
    const second = ok(await t.call('volunteers', 'createActivity', { unitId: V, title: '河堤清淤', place: '河堤', date, start: '10:00', durationMinutes: 120, capacity: 20 }, cadre));
    for (const p of people) for (const a of [first, second]) ok(await t.call('volunteers', 'signUp', { activityId: a.id }, p.token));
    clock.freeze(`${date}T05:00:00.000Z`); // 13:00, both over
    for (const a of [first, second]) {
      const roster = ok(await t.call('volunteers', 'activity', { activityId: a.id }, cadre)).roster as { signupId: string }[];
      for (const r of roster) ok(await t.call('volunteers', 'markAttendance', { signupId: r.signupId, checkInAt: a.startAt, checkOutAt: a.endAt }, cadre));
    }
    const both = await Promise.all([first, second].map((a) => t.call('volunteers', 'confirmHours', { activityId: a.id }, cadre)));
    // 09:00–12:00 each: 180 minutes, not 240, whichever confirmation came first.
    expect(both.map((r) => ok(r).minutes as number).reduce((s, m) => s + m, 0)).toBe(20 * 180);
    const perPerson = sql.all<{ u: string; m: number }>('volunteerHours', `${j('userId')} AS u, SUM(${j('minutes')}) AS m`, `WHERE ${j('activityId')} IN (?, ?) GROUP BY u`, first.id, second.id);
    expect(perPerson.map((r) => r.m)).toEqual(Array(20).fill(180));
    expect(new Set(perPerson.map((r) => r.u))).toEqual(new Set(people.map((p) => p.id)));
    clock.freeze(MONDAY_0830);
  }, 60_000);

  it('two confirmations of one activity at once credit each person once and tell each once', async () => {
    const people = crowd[40]!.slice(20, 35);
    clock.freeze(MONDAY_0830);
    const date = '2026-12-23';
    const a = ok(await t.call('volunteers', 'createActivity', { unitId: V, title: '敬老院慰问', place: '敬老院', date, start: '14:00', durationMinutes: 90, capacity: 15 }, cadre));
    for (const p of people) ok(await t.call('volunteers', 'signUp', { activityId: a.id }, p.token));
    clock.freeze(`${date}T09:00:00.000Z`); // 17:00, over
    const roster = ok(await t.call('volunteers', 'activity', { activityId: a.id }, cadre)).roster as { signupId: string }[];
    for (const r of roster) ok(await t.call('volunteers', 'markAttendance', { signupId: r.signupId, checkInAt: a.startAt, checkOutAt: a.endAt }, cadre));
    const both = (await Promise.all([0, 1].map(() => t.call('volunteers', 'confirmHours', { activityId: a.id }, cadre)))).map((r) => ok(r) as { confirmed: number; minutes: number });
    // Between them, every person once, 90 minutes each.
    expect({ confirmed: both[0]!.confirmed + both[1]!.confirmed, minutes: both[0]!.minutes + both[1]!.minutes }).toEqual({ confirmed: 15, minutes: 15 * 90 });
    expect(sql.all<{ m: number }>('volunteerHours', `SUM(${j('minutes')}) AS m`, `WHERE ${j('activityId')} = ? GROUP BY ${j('userId')}`, a.id).map((r) => r.m)).toEqual(Array(15).fill(90));
    await dispatchNow();
    expect(sql.one('notifications', 'COUNT(*)', `WHERE ${j('kind')} = 'volunteer.hoursConfirmed' AND ${j('body')} LIKE ?`, '%敬老院慰问%')).toBe(15);
    clock.freeze(MONDAY_0830);
  }, 60_000);
});
