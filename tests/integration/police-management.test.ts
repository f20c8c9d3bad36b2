import { clock } from '../../cloudfunctions/_lib/clock';
import { FUNCTIONS } from '../../cloudfunctions/registry';
import { ensureSlots } from '../../cloudfunctions/police/home';
import type { UserRecord } from '../../shared/domain/records';
import type { BookingRecord, GroupSessionRecord, PoliceHomeRecord, PoliceServiceRecord, SignupRecord, SlotRecord } from '../../shared/domain/police-records';
import { dispatchNow } from '../support/dispatch';
import { ok, snapshotCounts, startTestRuntime, type CallResult, type TestRuntime } from '../support/runtime';

// Monday 7 December 2026, 08:30 in Qianyang. ID-card slots: Tuesday and Thursday 09:00–11:30, 30 minutes, 3 people.
const MONDAY_0830 = '2026-12-07T00:30:00.000Z';
const HOME = 'ph-v-fengfang';
const ID_CARD = 'ps-v-fengfang-id-card';
const MEDIATION = 'ps-v-fengfang-mediation';
const LECTURE = 'ps-v-fengfang-lecture';
const WRITES = ['policeSlots', 'policeServices', 'policeHomes', 'policeSessions', 'policeSignups', 'policeBookings', 'notifications', 'auditLog'];

let t: TestRuntime;
const tok: Record<string, string> = {};
let seq = 0;
const rid = () => `mg-${Date.now().toString(36)}-${++seq}`;
const code = (r: CallResult) => (r.body.ok ? 'OK' : r.body.error.code);

async function doc<T>(collection: string, id: string): Promise<T | undefined> {
  return ((await t.runtime.db.collection(collection).doc(id).get()).data as T[])[0];
}
const slotOf = (serviceId: string, date: string, hhmm: string) => `sl-${serviceId}-${date.replace(/-/g, '')}${hhmm.replace(':', '')}`;

/** Fresh residents of 冯坊村 (copies of a seeded neighbour), signed in. */
async function residents(prefix: string, n: number): Promise<string[]> {
  const base = (await doc<UserRecord>('users', 'r-fengfang-3'))!;
  const docs = Array.from({ length: n }, (_, i) => ({ ...base, _id: `${prefix}-${i}`, openid: `${prefix}-${i}`, name: `居民${prefix}${i}`, demo: false }));
  await t.runtime.db.collection('users').add(docs);
  const tokens: string[] = [];
  for (const d of docs) tokens.push(await t.loginOpenid(d.openid));
  return tokens;
}

async function expectNothingWritten(call: () => Promise<CallResult>, status: number, errorCode: string): Promise<CallResult> {
  const before = await snapshotCounts(t, WRITES);
  const home = await doc<PoliceHomeRecord>('policeHomes', HOME);
  const services = (await t.runtime.db.collection('policeServices').where({ homeId: HOME }).get()).data;
  const res = await call();
  expect(res.status).toBe(status);
  expect(res.body).toMatchObject({ ok: false, error: { code: errorCode } });
  expect(await snapshotCounts(t, WRITES)).toEqual(before);
  expect(await doc<PoliceHomeRecord>('policeHomes', HOME)).toEqual(home);
  expect((await t.runtime.db.collection('policeServices').where({ homeId: HOME }).get()).data).toEqual(services);
  return res;
}

const issuesOf = (res: CallResult) => (res.body.ok ? [] : (res.body.error.issues ?? []));

beforeAll(async () => {
  clock.freeze(MONDAY_0830);
  t = await startTestRuntime();
  for (const p of ['resident', 'village-cadre', 'town-cadre', 'police'] as const) tok[p] = await t.login(p);
  tok.otherPolice = await t.loginOpenid('demo-police-v-xijie');
}, 60_000);
afterAll(async () => {
  await t.close();
  clock.reset();
});

describe('police: who manages a 警民之家', () => {
  it('lets the officer and the village cadre manage, the town cadre read, and refuses residents', async () => {
    expect(ok(await t.call('police', 'manage', {}, tok.police)).canManage).toBe(true);
    const cadre = ok(await t.call('police', 'manage', { homeId: HOME }, tok['village-cadre']));
    expect(cadre).toMatchObject({ homeId: HOME, canManage: true });
    expect(cadre.services.map((s: { id: string }) => s.id)).toContain(ID_CARD);
    expect(cadre.services.find((s: { id: string }) => s.id === ID_CARD).schedule).toMatchObject({ slotMinutes: 30, capacity: 3 });
    expect(cadre.exceptions.map((e: { date: string }) => e.date)).toContain('2026-12-16');
    expect(ok(await t.call('police', 'manage', { homeId: HOME }, tok['town-cadre'])).canManage).toBe(false);
    expect((await t.call('police', 'manage', {}, tok.resident)).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('refuses every change from the town cadre, another village’s officer and a resident, and writes nothing', async () => {
    const weekly = [{ weekday: 1, start: '09:00', end: '12:00' }];
    for (const who of [tok['town-cadre'], tok.otherPolice, tok.resident]) {
      await expectNothingWritten(() => t.call('police', 'setHours', { homeId: HOME, weekly }, who), 403, 'FORBIDDEN');
      await expectNothingWritten(() => t.call('police', 'setSchedule', { serviceId: ID_CARD, schedule: { weekly: [{ weekday: 2, start: '09:00', end: '10:00' }], slotMinutes: 30, capacity: 1 } }, who), 403, 'FORBIDDEN');
      await expectNothingWritten(() => t.call('police', 'retireService', { serviceId: MEDIATION }, who), 403, 'FORBIDDEN');
      await expectNothingWritten(() => t.call('police', 'removeException', { homeId: HOME, date: '2026-12-16' }, who), 403, 'FORBIDDEN');
    }
  });
});

describe('police: bad input is INVALID_INPUT in Chinese, field by field, and writes nothing', () => {
  it('refuses an end before its start and two periods of one day that overlap', async () => {
    const res = await expectNothingWritten(
      () => t.call('police', 'setHours', { weekly: [{ weekday: 1, start: '12:00', end: '09:00' }, { weekday: 2, start: '09:00', end: '12:00' }, { weekday: 2, start: '11:00', end: '13:00' }] }, tok.police),
      400,
      'INVALID_INPUT',
    );
    expect(issuesOf(res)).toEqual([
      { path: 'weekly.0.end', message: '结束时间要晚于开始时间' },
      { path: 'weekly.2.start', message: '周二11:00–13:00与09:00–12:00重叠了' },
    ]);
  });

  it('refuses a capacity of 0, a slot length not offered and an appointment service with no week', async () => {
    const zero = await expectNothingWritten(
      () => t.call('police', 'setSchedule', { serviceId: ID_CARD, schedule: { weekly: [{ weekday: 2, start: '09:00', end: '10:00' }], slotMinutes: 30, capacity: 0 } }, tok.police),
      400,
      'INVALID_INPUT',
    );
    expect(issuesOf(zero)).toEqual([{ path: 'schedule.capacity', message: '每个时段至少能约 1 人' }]);
    const odd = await expectNothingWritten(
      () => t.call('police', 'setSchedule', { serviceId: ID_CARD, schedule: { weekly: [{ weekday: 2, start: '09:00', end: '10:00' }], slotMinutes: 25, capacity: 2 } }, tok.police),
      400,
      'INVALID_INPUT',
    );
    expect(issuesOf(odd).map((i) => i.path)).toEqual(['schedule.slotMinutes']);
    const none = await expectNothingWritten(
      () => t.call('police', 'addService', { name: '出具证明', mode: 'appointment', duties: ['jointWork'], requestId: rid() }, tok.police),
      400,
      'INVALID_INPUT',
    );
    expect(issuesOf(none)).toEqual([{ path: 'schedule', message: '预约服务请设置每周可预约的时间' }]);
    const session = await expectNothingWritten(
      () => t.call('police', 'createSession', { serviceId: LECTURE, title: '反诈讲座', place: '村委会', date: '2026-12-12', start: '09:00', durationMinutes: 60, capacity: 0 }, tok.police),
      400,
      'INVALID_INPUT',
    );
    expect(issuesOf(session)).toEqual([{ path: 'capacity', message: '名额至少 1 人' }]);
  });
});

describe('police: an appointment service’s week and capacity', () => {
  let booked: string;

  beforeAll(async () => {
    booked = slotOf(ID_CARD, '2026-12-08', '09:00');
    ok(await t.call('police', 'slots', { serviceId: ID_CARD, days: 7 }, tok.resident));
    // The seeded resident already holds one of its seats.
    expect((await doc<SlotRecord>('policeSlots', booked))!.booked).toBe(1);
    const crowd = await residents('cap', 2);
    for (const [i, token] of crowd.entries()) ok(await t.call('police', 'book', { slotId: booked, requestId: `cap-book-${i}` }, token));
  }, 30_000);

  it('refuses to cut capacity below a slot’s bookings with the list of those slots, and writes nothing', async () => {
    const res = await expectNothingWritten(
      () => t.call('police', 'setSchedule', { serviceId: ID_CARD, schedule: { weekly: [{ weekday: 2, start: '09:00', end: '11:30' }, { weekday: 4, start: '09:00', end: '11:30' }], slotMinutes: 30, capacity: 2 } }, tok.police),
      409,
      'CONFLICT',
    );
    expect(res.body.ok ? '' : res.body.error.message).toContain('12月8日 周二 09:00–09:30，已约 3 人');
    expect(issuesOf(res)).toEqual([{ path: 'slots.0', message: '12月8日 周二 09:00–09:30，已约 3 人' }]);
    expect((await doc<SlotRecord>('policeSlots', booked))!.capacity).toBe(3);
  });

  it('raises capacity on every slot ahead, booked ones included, and audits before and after', async () => {
    const out = ok(await t.call('police', 'setSchedule', { serviceId: ID_CARD, schedule: { weekly: [{ weekday: 2, start: '09:00', end: '11:30' }, { weekday: 4, start: '09:00', end: '11:30' }], slotMinutes: 30, capacity: 4 } }, tok.police));
    expect(out.kept).toEqual([]);
    expect(out.updated).toBeGreaterThan(0);
    const slots = (await t.runtime.db.collection('policeSlots').where({ serviceId: ID_CARD, startAt: t.runtime.db.command.gt(MONDAY_0830) }).limit(100).get()).data as SlotRecord[];
    expect(slots.every((s) => s.capacity === 4)).toBe(true);
    // The audit entry rides on the record changed until the dispatch timer drains it.
    await dispatchNow();
    const audit = (await t.runtime.db.collection('auditLog').where({ action: 'police.setSchedule', 'target.id': ID_CARD }).get()).data as { before: { capacity: number }; after: { capacity: number }; actorId: string }[];
    expect(audit.map((a) => [a.before.capacity, a.after.capacity, a.actorId])).toEqual([[3, 4, 'police']]);
  });

  it('drops Tuesday: empty Tuesday slots go, the booked one stays for its bookings (listed, closed to new ones), Saturday slots appear', async () => {
    const out = ok(await t.call('police', 'setSchedule', { serviceId: ID_CARD, schedule: { weekly: [{ weekday: 4, start: '09:00', end: '11:30' }, { weekday: 6, start: '09:00', end: '11:00' }], slotMinutes: 30, capacity: 4 } }, tok['village-cadre']));
    expect(out.kept).toEqual([{ id: booked, date: '2026-12-08', start: '09:00', end: '09:30', booked: 3, label: '12月8日 周二 09:00–09:30，已约 3 人' }]);
    expect(out.removed).toBe(9);
    expect(out.created).toBe(8);
    expect(await t.count('policeSlots', { serviceId: ID_CARD, date: '2026-12-08' })).toBe(1);
    expect((await doc<SlotRecord>('policeSlots', booked))!).toMatchObject({ status: 'closed', booked: 3, capacity: 4 });
    expect(await t.count('policeBookings', { slotId: booked, status: 'booked' })).toBe(3);
    const list = ok(await t.call('police', 'slots', { serviceId: ID_CARD, days: 7 }, tok.resident)).slots as { id: string; date: string; bookable: boolean; capacity: number }[];
    expect(list.find((s) => s.id === booked)?.bookable).toBe(false);
    expect(list.filter((s) => s.date === '2026-12-12').map((s) => s.capacity)).toEqual([4, 4, 4, 4]);
    const [late] = await residents('late', 1);
    expect(code(await t.call('police', 'book', { slotId: booked, requestId: rid() }, late))).toBe('CONFLICT');
  });

  it('has the openSlots timer make the weeks after from the new week, not the old one', async () => {
    clock.freeze('2026-12-14T00:30:00.000Z');
    try {
      await FUNCTIONS.police!.runTimer('openSlots');
      expect(await t.count('policeSlots', { serviceId: ID_CARD, date: '2026-12-22' })).toBe(0);
      const sat = (await t.runtime.db.collection('policeSlots').where({ serviceId: ID_CARD, date: '2026-12-26' }).get()).data as SlotRecord[];
      expect(sat.map((s) => s.capacity)).toEqual([4, 4, 4, 4]);
    } finally {
      clock.freeze(MONDAY_0830);
    }
  });

  it('takes back slots generated from the old week by a picker that read it before the change', async () => {
    const before = (await doc<PoliceServiceRecord>('policeServices', ID_CARD))!;
    const home = (await doc<PoliceHomeRecord>('policeHomes', HOME))!;
    const stale = { ...before, schedule: { ...before.schedule!, weekly: [{ weekday: 3 as const, start: '09:00', end: '10:00' }] } };
    expect(await ensureSlots(t.runtime.db, [stale], home, '2026-12-07', 14)).toBe(0);
    expect(await t.count('policeSlots', { serviceId: ID_CARD, date: '2026-12-09' })).toBe(0);
  });

  it('brings Tuesday back: the kept slot takes bookings again and the empty ones are made anew', async () => {
    const out = ok(await t.call('police', 'setSchedule', { serviceId: ID_CARD, schedule: { weekly: [{ weekday: 2, start: '09:00', end: '11:30' }, { weekday: 4, start: '09:00', end: '11:30' }, { weekday: 6, start: '09:00', end: '11:00' }], slotMinutes: 30, capacity: 4 } }, tok.police));
    expect(out.kept).toEqual([]);
    expect((await doc<SlotRecord>('policeSlots', booked))!).toMatchObject({ status: 'open', closedReason: null, booked: 3 });
    expect(await t.count('policeSlots', { serviceId: ID_CARD, date: '2026-12-08' })).toBe(5);
  });
});

describe('police: opening hours and exceptions', () => {
  const MED_WED = slotOf(MEDIATION, '2026-12-09', '14:30');

  it('closes Wednesday afternoon: an empty slot goes, a booked one stays listed; reopening brings them back', async () => {
    ok(await t.call('police', 'slots', { serviceId: MEDIATION, days: 7 }, tok.resident));
    ok(await t.call('police', 'book', { slotId: MED_WED, requestId: rid() }, tok.resident));
    const manage = ok(await t.call('police', 'manage', {}, tok.police));
    const posted = manage.weekly as { weekday: number; start: string; end: string }[];
    const noWedPm = posted.filter((p) => !(p.weekday === 3 && p.start === '14:30'));
    const out = ok(await t.call('police', 'setHours', { weekly: noWedPm }, tok.police));
    expect(out.kept.map((k: { id: string; booked: number }) => [k.id, k.booked])).toEqual([[MED_WED, 1]]);
    // Mediation sits on Wednesday afternoons only: of its slots ahead, the booked one is all that is left.
    expect(await t.count('policeSlots', { serviceId: MEDIATION })).toBe(1);
    expect((await doc<SlotRecord>('policeSlots', MED_WED))!).toMatchObject({ status: 'closed', booked: 1 });
    expect(ok(await t.call('police', 'home', {}, tok.resident)).weekly).toHaveLength(posted.length - 1);
    // The audit entry rides on the record changed until the dispatch timer drains it.
    await dispatchNow();
    expect(await t.count('auditLog', { action: 'police.setHours' })).toBe(1);

    const back = ok(await t.call('police', 'setHours', { weekly: posted }, tok.police));
    expect(back.kept).toEqual([]);
    // The two of 9 December, within the two weeks residents book; later weeks come from the openSlots timer.
    expect(back.created).toBe(2);
    expect((await doc<SlotRecord>('policeSlots', MED_WED))!).toMatchObject({ status: 'open', booked: 1 });
  });

  it('edits an exception, then removes it: the date’s slots close, then reopen, and the weekly slots of the day appear', async () => {
    const thu = '2026-12-10';
    ok(await t.call('police', 'slots', { serviceId: ID_CARD, days: 7 }, tok.resident));
    const added = ok(await t.call('police', 'addException', { date: thu, closed: true, reason: '临时停电' }, tok.police));
    expect(added.closedSlots).toBe(5);
    const edited = ok(await t.call('police', 'editException', { date: thu, closed: false, periods: [{ start: '10:00', end: '12:00' }], reason: '上午十点开门' }, tok['village-cadre']));
    expect(edited).toMatchObject({ reopenedSlots: 3 });
    expect((await doc<SlotRecord>('policeSlots', slotOf(ID_CARD, thu, '09:00')))!).toMatchObject({ status: 'closed', closedReason: '上午十点开门' });
    const removed = ok(await t.call('police', 'removeException', { date: thu }, tok.police));
    expect(removed).toMatchObject({ date: thu, reopenedSlots: 2 });
    const thursday = (await t.runtime.db.collection('policeSlots').where({ serviceId: ID_CARD, date: thu }).get()).data as SlotRecord[];
    expect(thursday.every((s) => s.status === 'open')).toBe(true);
    expect(ok(await t.call('police', 'manage', {}, tok.police)).exceptions.map((e: { date: string }) => e.date)).not.toContain(thu);
    await dispatchNow();
    const audit = (await t.runtime.db.collection('auditLog').where({ 'target.id': HOME, action: t.runtime.db.command.in(['police.editException', 'police.removeException']) }).get()).data as { action: string; before: { reason: string } | null; after: { reason: string } | null }[];
    expect(audit.map((a) => [a.action, a.before?.reason ?? null, a.after?.reason ?? null]).sort()).toEqual([
      ['police.editException', '临时停电', '上午十点开门'],
      ['police.removeException', '上午十点开门', null],
    ]);

    const wed = ok(await t.call('police', 'removeException', { date: '2026-12-16' }, tok.police));
    expect(wed.created).toBe(3);
    await expectNothingWritten(() => t.call('police', 'editException', { date: '2026-12-17', closed: true, reason: '放假一天' }, tok.police), 404, 'NOT_FOUND');
    await expectNothingWritten(() => t.call('police', 'removeException', { date: '2026-12-16' }, tok.police), 404, 'NOT_FOUND');
  });
});

describe('police: services', () => {
  let serviceId: string;

  it('adds an appointment service from the workbench once, however often the same request is sent', async () => {
    const requestId = rid();
    const input = { name: '无犯罪记录证明', description: '开具无犯罪记录证明，请带身份证。', mode: 'appointment', duties: ['jointWork'], schedule: { weekly: [{ weekday: 5, start: '09:00', end: '10:00' }], slotMinutes: 30, capacity: 2 }, requestId };
    const [a, b] = await Promise.all([t.call('police', 'addService', input, tok['village-cadre']), t.call('police', 'addService', input, tok['village-cadre'])]);
    serviceId = ok(a).id;
    expect(ok(b).id).toBe(serviceId);
    expect(await t.count('policeServices', { _id: serviceId })).toBe(1);
    expect(await t.count('auditLog', { action: 'police.addService', 'target.id': serviceId })).toBe(1);
    const home = ok(await t.call('police', 'home', {}, tok.resident));
    expect(home.services.map((s: { name: string }) => s.name)).toContain('无犯罪记录证明');
    const slots = ok(await t.call('police', 'slots', { serviceId, days: 7 }, tok.resident)).slots as { date: string; capacity: number }[];
    expect(slots.map((s) => [s.date, s.capacity])).toEqual([['2026-12-11', 2], ['2026-12-11', 2]]);
  });

  it('renames it and changes its duties; a booking made before keeps the name it was made under', async () => {
    const slot = (ok(await t.call('police', 'slots', { serviceId, days: 7 }, tok.resident)).slots as { id: string }[])[0]!;
    const b = ok(await t.call('police', 'book', { slotId: slot.id, requestId: rid() }, tok.resident));
    const out = ok(await t.call('police', 'editService', { serviceId, name: '开具无犯罪记录证明', duties: ['jointWork', 'peopleCare'] }, tok.police));
    expect(out.service).toMatchObject({ name: '开具无犯罪记录证明', duties: ['jointWork', 'peopleCare'], mode: 'appointment' });
    expect((await doc<BookingRecord>('policeBookings', b.id))!.serviceName).toBe('无犯罪记录证明');
    // The audit entry rides on the record changed until the dispatch timer drains it.
    await dispatchNow();
    const audit = (await t.runtime.db.collection('auditLog').where({ action: 'police.editService', 'target.id': serviceId }).get()).data as { before: { name: string }; after: { name: string } }[];
    expect(audit.map((a) => [a.before.name, a.after.name])).toEqual([['无犯罪记录证明', '开具无犯罪记录证明']]);
  });

  it('retires it: residents no longer see it, its booking stays as history, the empty slots go', async () => {
    const out = ok(await t.call('police', 'retireService', { serviceId }, tok.police));
    expect(out.service.active).toBe(false);
    expect(out.kept).toHaveLength(1);
    expect(out.kept[0].label).toContain('已约 1 人');
    expect(out.removed).toBeGreaterThan(0);
    expect(ok(await t.call('police', 'home', {}, tok.resident)).services.map((s: { id: string }) => s.id)).not.toContain(serviceId);
    expect((await t.call('police', 'slots', { serviceId, days: 7 }, tok.resident)).body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const mine = ok(await t.call('police', 'mine', {}, tok.resident)).bookings as { serviceName: string; status: string }[];
    expect(mine.filter((m) => m.serviceName === '无犯罪记录证明').map((m) => m.status)).toEqual(['booked']);
    expect(ok(await t.call('police', 'manage', {}, tok.police)).services.find((s: { id: string }) => s.id === serviceId).active).toBe(false);
    await FUNCTIONS.police!.runTimer('openSlots');
    expect(await t.count('policeSlots', { serviceId, status: 'open' })).toBe(0);
    await expectNothingWritten(() => t.call('police', 'editService', { serviceId, name: '再开一次' }, tok.police), 409, 'CONFLICT');
  });

  it('refuses to change the mode of a group-session service while a session of it is ahead, naming it', async () => {
    const res = await expectNothingWritten(() => t.call('police', 'editService', { serviceId: LECTURE, mode: 'walkIn' }, tok.police), 409, 'CONFLICT');
    expect(res.body.ok ? '' : res.body.error.message).toContain('守好养老钱');
  });
});

describe('police: group sessions edited and cancelled', () => {
  let sessionId: string;
  let people: string[];

  beforeAll(async () => {
    sessionId = ok(await t.call('police', 'createSession', { serviceId: LECTURE, title: '电信诈骗防范课', place: '村委会会议室', date: '2026-12-12', start: '15:00', durationMinutes: 60, capacity: 2 }, tok.police)).id;
    people = await residents('ses', 3);
    for (const token of people) ok(await t.call('police', 'signUp', { sessionId }, token));
  }, 30_000);

  it('refuses a capacity below the confirmed places and writes nothing', async () => {
    const res = await expectNothingWritten(() => t.call('police', 'editSession', { sessionId, capacity: 1 }, tok.police), 409, 'CONFLICT');
    expect(res.body.ok ? '' : res.body.error.message).toBe('已经有 2 人报上名了，名额不能少于 2 人');
  });

  it('raises the capacity (the first waiting gets the place) and moves time and place, telling everyone', async () => {
    const out = ok(await t.call('police', 'editSession', { sessionId, capacity: 3, start: '16:00', place: '村文化广场' }, tok['village-cadre']));
    expect(out).toMatchObject({ capacity: 3, confirmed: 3, waiting: 0, place: '村文化广场', startAt: '2026-12-12T08:00:00.000Z' });
    const signups = (await t.runtime.db.collection('policeSignups').where({ sessionId }).get()).data as SignupRecord[];
    expect(signups.map((s) => [s.status, s.startAt])).toEqual(Array(3).fill(['confirmed', '2026-12-12T08:00:00.000Z']));
    // The notices and the audit entry ride on the session until the dispatch timer drains them.
    await dispatchNow();
    expect(await t.count('notifications', { kind: 'police.sessionChanged', 'link.id': sessionId })).toBe(3);
    const inbox = ok(await t.call('notifications', 'list', { limit: 20 }, people[0])).items as { kind: string; body: string }[];
    expect(inbox.find((n) => n.kind === 'police.sessionChanged')?.body).toBe('您报名的「电信诈骗防范课」改为12月12日16:00在村文化广场举行。');
    expect(await t.count('auditLog', { action: 'police.editSession', 'target.id': sessionId })).toBe(1);
  });

  it('cancels the session: every place and the waitlist are cancelled and everyone is told once', async () => {
    const [extra] = await residents('ses-late', 1);
    ok(await t.call('police', 'signUp', { sessionId }, extra));
    const out = ok(await t.call('police', 'cancelSession', { sessionId, reason: '天气原因' }, tok.police));
    expect(out).toEqual({ id: sessionId, told: 4 });
    expect((await doc<GroupSessionRecord>('policeSessions', sessionId))!.status).toBe('cancelled');
    expect(await t.count('policeSignups', { sessionId, status: 'cancelled' })).toBe(4);
    // The notices and the audit entry ride on the session until the dispatch timer drains them.
    await dispatchNow();
    expect(await t.count('notifications', { kind: 'police.sessionCancelled', 'link.id': sessionId })).toBe(4);
    const inbox = ok(await t.call('notifications', 'list', { limit: 20 }, extra)).items as { kind: string; body: string }[];
    expect(inbox.find((n) => n.kind === 'police.sessionCancelled')?.body).toContain('已取消，原因：天气原因');
    expect(ok(await t.call('police', 'sessions', {}, tok.resident)).items.map((s: { id: string }) => s.id)).not.toContain(sessionId);
    await expectNothingWritten(() => t.call('police', 'cancelSession', { sessionId, reason: '天气原因' }, tok.police), 409, 'CONFLICT');
    await expectNothingWritten(() => t.call('police', 'editSession', { sessionId, title: '改个名字' }, tok.police), 409, 'CONFLICT');
  });
});

describe('police: a capacity change racing bookings', () => {
  const week = (capacity: number) => ({ weekly: [{ weekday: 5, start: '14:30', end: '15:00' }], slotMinutes: 30, capacity });

  it('never leaves a slot with more bookings than its capacity: 20 bookings racing a cut from 10 to 5', async () => {
    const serviceId = ok(await t.call('police', 'addService', { name: '居住证办理', mode: 'appointment', duties: ['peopleCare'], schedule: week(10), requestId: rid() }, tok.police)).id;
    const crowd = await residents('race', 20);
    const slotId = slotOf(serviceId, '2026-12-11', '14:30');
    const outcomes: string[] = [];
    // The bookings start 0 to 40 ms after the cut, so the cut lands before, among and after them.
    for (const [round, delay] of [0, 1, 2, 3, 4, 6, 8, 10, 12].entries()) {
      ok(await t.call('police', 'setSchedule', { serviceId, schedule: week(10) }, tok.police));
      const cutting = t.call('police', 'setSchedule', { serviceId, schedule: week(5) }, tok.police);
      await new Promise((r) => setTimeout(r, delay));
      const results = await Promise.all(crowd.map((token, i) => t.call('police', 'book', { slotId, requestId: `race-${round}-${i}` }, token)));
      const cut = await cutting;
      const slot = (await doc<SlotRecord>('policeSlots', slotId))!;
      const held = await t.count('policeBookings', { slotId, status: 'booked' });
      expect(slot.booked).toBe(held);
      expect(slot.booked).toBeLessThanOrEqual(slot.capacity);
      expect(results.map(code).filter((c) => c === 'OK')).toHaveLength(held);
      expect(results.map(code).every((c) => c === 'OK' || c === 'CONFLICT')).toBe(true);
      if (code(cut) === 'OK') {
        expect(slot.capacity).toBe(5);
        expect(held).toBeLessThanOrEqual(5);
      } else {
        expect(code(cut)).toBe('CONFLICT');
        expect(slot.capacity).toBe(10);
      }
      outcomes.push(`${code(cut)}:${held}/${slot.capacity}`);
      for (const [i, r] of results.entries()) if (r.body.ok) ok(await t.call('police', 'cancel', { bookingId: (r.body.data as { id: string }).id }, crowd[i]));
    }
    if (process.env.SHOW_RACE) console.log(outcomes.join(' '));
  }, 90_000);

  it('never confirms more people than a session’s capacity: 20 sign-ups racing a cut from 10 to 5', async () => {
    const sessionId = ok(await t.call('police', 'createSession', { serviceId: LECTURE, title: '平安乡村夜谈', place: '村委会院子', date: '2026-12-13', start: '19:00', durationMinutes: 60, capacity: 10 }, tok.police)).id;
    const crowd = await residents('race-s', 20);
    const [cut] = await Promise.all([t.call('police', 'editSession', { sessionId, capacity: 5 }, tok.police), ...crowd.map((token) => t.call('police', 'signUp', { sessionId }, token))]);
    const s = (await doc<GroupSessionRecord>('policeSessions', sessionId))!;
    const confirmed = await t.count('policeSignups', { sessionId, status: 'confirmed' });
    expect(s.confirmed).toBe(confirmed);
    expect(confirmed).toBeLessThanOrEqual(s.capacity);
    expect(s.capacity).toBe(code(cut) === 'OK' ? 5 : 10);
    expect(confirmed + s.waitlist.length).toBe(20);
  }, 60_000);
});

describe('police: services list is the one the home page shows', () => {
  it('lists active services for residents and every service for the manager', async () => {
    const all = (await t.runtime.db.collection('policeServices').where({ homeId: HOME }).get()).data as PoliceServiceRecord[];
    const manage = ok(await t.call('police', 'manage', {}, tok.police));
    expect(manage.services).toHaveLength(all.length);
    expect(ok(await t.call('police', 'home', {}, tok.resident)).services).toHaveLength(all.filter((s) => s.active).length);
  });
});
