import { clock } from '../../cloudfunctions/_lib/clock';
import type { UserRecord } from '../../shared/domain/records';
import type { VolunteerActivityRecord, VolunteerSignupRecord } from '../../shared/domain/volunteer-records';
import { j, SqlCounts } from '../support/county-checks';
import { dispatchNow } from '../support/dispatch';
import { ok, startTestRuntime, type CallResult, type TestRuntime } from '../support/runtime';

// Monday 7 December 2026, 08:30 in Qianyang.
const MONDAY_0830 = '2026-12-07T00:30:00.000Z';
const V = 'v-fengfang';

let t: TestRuntime;
let cadre: string;
let crowd: { id: string; token: string }[] = [];

const code = (r: CallResult) => (r.body.ok ? 'OK' : r.body.error.code);

async function activity(id: string): Promise<VolunteerActivityRecord> {
  return ((await t.runtime.db.collection('volunteerActivities').doc(id).get()).data as VolunteerActivityRecord[])[0]!;
}

/** Independent of the code under test: the activity's waitlist as stored, in its order, read with plain SQL on the SQLite file. */
function sqlWaitingOrder(activityId: string): string[] {
  const rows = new SqlCounts(t.runtime.engine).all<{ id: string }>('volunteerActivities', 'w.value AS id', `, json_each(${j('waitlist')}) AS w WHERE _id = ? ORDER BY w.key`, activityId);
  return rows.map((r) => r.id);
}

/** Independent of the code under test: the sign-ups as stored, counted with plain SQL on the SQLite file. */
function sqlStatusCounts(activityId: string): Record<string, number> {
  const rows = new SqlCounts(t.runtime.engine).all<{ status: string; n: number }>('volunteerSignups', `${j('status')} AS status, COUNT(*) AS n`, `WHERE ${j('activityId')} = ? GROUP BY status`, activityId);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

beforeAll(async () => {
  clock.freeze(MONDAY_0830);
  t = await startTestRuntime();
  cadre = await t.login('village-cadre');
  // 200 neighbours of 冯坊村, each joining the volunteers and confirmed by the village, all through the gateway.
  const base = ((await t.runtime.db.collection('users').doc('r-fengfang-3').get()).data as UserRecord[])[0]!;
  const docs = Array.from({ length: 200 }, (_, i) => ({ ...base, _id: `vcrowd-${i}`, openid: `vcrowd-${i}`, name: `志愿者${i}`, demo: false }));
  await t.runtime.db.collection('users').add(docs);
  for (const d of docs) crowd.push({ id: d._id, token: await t.loginOpenid(d.openid) });
  await Promise.all(crowd.map((c) => t.call('volunteers', 'join', { skills: ['labour'], availability: ['weekend'] }, c.token)));
  const pending = ok(await t.call('volunteers', 'volunteers', { unitId: V, status: 'pending' }, cadre)).items as { id: string; userId: string }[];
  for (const v of pending.filter((p) => p.userId.startsWith('vcrowd-'))) ok(await t.call('volunteers', 'decideVolunteer', { volunteerId: v.id, decision: 'confirm' }, cadre));
}, 120_000);
afterAll(async () => {
  await t.close();
  clock.reset();
});

describe('volunteers: sign-up under contention (the shared capacity engine)', () => {
  it('confirms exactly 10 of 200 volunteers signing up for 10 places at once and waitlists the other 190 in arrival order', async () => {
    expect(await t.count('volunteers', { unitId: V, status: 'confirmed', userId: t.runtime.db.command.in(crowd.map((c) => c.id)) })).toBe(200);
    const a = ok(await t.call('volunteers', 'createActivity', { unitId: V, title: '冬季环境整治', place: '村委会广场', date: '2026-12-12', start: '09:00', durationMinutes: 120, capacity: 10 }, cadre));
    const results = await Promise.all(crowd.map((c) => t.call('volunteers', 'signUp', { activityId: a.id }, c.token)));
    expect(results.map(code).every((c) => c === 'OK')).toBe(true);

    const confirmed = await t.count('volunteerSignups', { activityId: a.id, status: 'confirmed' });
    const waitlisted = await t.count('volunteerSignups', { activityId: a.id, status: 'waitlisted' });
    expect(confirmed).toBe(10);
    expect(waitlisted).toBe(190);
    const stored = await activity(a.id);
    expect(stored.confirmed).toBe(10);
    expect(stored.waitlist).toHaveLength(190);
    // Each waiting person's recorded place is their index on the session's list: 1 … 190, none twice.
    const rows = (await t.runtime.db.collection('volunteerSignups').where({ activityId: a.id, status: 'waitlisted' }).limit(1000).get()).data as VolunteerSignupRecord[];
    const byPlace = [...rows].sort((x, y) => x.waitlistedAt! - y.waitlistedAt!);
    expect(byPlace.map((r) => r.waitlistedAt)).toEqual(Array.from({ length: 190 }, (_, i) => i + 1));
    expect(byPlace.map((r) => r._id)).toEqual(stored.waitlist);
    // Each person was answered with what was stored for them: the waiting with their own place in the
    // stored order (nobody left the list meanwhile, so the place shown is the place now), 1 … 190 once each.
    const order = sqlWaitingOrder(a.id);
    expect(order).toHaveLength(190);
    const shown: number[] = [];
    for (const r of results) {
      const mine = (r.body as { ok: true; data: { mine: { id: string; status: string; waitingPlace: number | null } } }).data.mine;
      expect(mine.status).toBe(rows.some((x) => x._id === mine.id) ? 'waitlisted' : 'confirmed');
      if (mine.status !== 'waitlisted') continue;
      expect({ id: mine.id, place: mine.waitingPlace }).toEqual({ id: mine.id, place: order.indexOf(mine.id) + 1 });
      shown.push(mine.waitingPlace!);
    }
    expect(shown.sort((x, y) => x - y)).toEqual(Array.from({ length: 190 }, (_, i) => i + 1));
    expect(sqlStatusCounts(a.id)).toEqual({ confirmed: 10, waitlisted: 190 });
  }, 120_000);

  it('gives each freed place to the first waiting when confirmed volunteers cancel at once, never over capacity', async () => {
    const a = ok(await t.call('volunteers', 'createActivity', { unitId: V, title: '助老陪诊', place: '县医院', date: '2026-12-14', start: '08:00', durationMinutes: 180, capacity: 5 }, cadre));
    for (const c of crowd.slice(0, 12)) ok(await t.call('volunteers', 'signUp', { activityId: a.id }, c.token));
    const before = await activity(a.id);
    expect(before.confirmed).toBe(5);
    const firstThree = before.waitlist.slice(0, 3);
    // Three confirmed cancel at once while the rest of the crowd signs up.
    const cancels = crowd.slice(0, 3).map((c) => t.call('volunteers', 'cancelSignup', { activityId: a.id }, c.token));
    const late = crowd.slice(12, 40).map((c) => t.call('volunteers', 'signUp', { activityId: a.id }, c.token));
    const all = await Promise.all([...cancels, ...late]);
    expect(all.map(code).every((c) => c === 'OK')).toBe(true);
    const after = await activity(a.id);
    expect(after.confirmed).toBe(5);
    expect(await t.count('volunteerSignups', { activityId: a.id, status: 'confirmed' })).toBe(5);
    for (const id of firstThree) {
      const sg = ((await t.runtime.db.collection('volunteerSignups').doc(id).get()).data as VolunteerSignupRecord[])[0]!;
      expect(sg.status).toBe('confirmed');
    }
    // The notices and the entry ride on the record until the dispatch timer writes them out.
    await dispatchNow();
    expect(await t.count('notifications', { kind: 'volunteer.promoted' })).toBe(3);
  }, 60_000);
});
