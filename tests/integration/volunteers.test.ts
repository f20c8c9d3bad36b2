import { clock } from '../../cloudfunctions/_lib/clock';
import { tokenFor } from '../../cloudfunctions/volunteers/hours';
import type { VolunteerHourRecord, VolunteerSignupRecord } from '../../shared/domain/volunteer-records';
import { dispatchNow } from '../support/dispatch';
import { ok, snapshotCounts, startTestRuntime, type CallResult, type TestRuntime } from '../support/runtime';

// Monday 7 December 2026, 08:30 in Qianyang.
const MONDAY_0830 = '2026-12-07T00:30:00.000Z';
const V = 'v-fengfang';
const HOUR = 3_600_000;

let t: TestRuntime;
const tok: Record<string, string> = {};

function refused(res: CallResult, code: string, message?: string | RegExp) {
  expect(res.body.ok).toBe(false);
  if (res.body.ok) return;
  expect(res.body.error.code).toBe(code);
  if (typeof message === 'string') expect(res.body.error.message).toBe(message);
  else if (message) expect(res.body.error.message).toMatch(message);
}

const VOLUNTEER_COLLECTIONS = ['volunteers', 'volunteerServices', 'volunteerActivities', 'volunteerSignups', 'volunteerHours', 'notifications', 'auditLog'];

async function signup(id: string): Promise<VolunteerSignupRecord> {
  return ((await t.runtime.db.collection('volunteerSignups').doc(id).get()).data as VolunteerSignupRecord[])[0]!;
}

/** A resident of 冯坊村 who joins and is confirmed by the village. */
async function confirmedVolunteer(persona: 'resident' | 'supervisor' | 'mediator'): Promise<string> {
  const v = ok(await t.call('volunteers', 'join', { skills: ['medical'], availability: ['weekend'] }, tok[persona]));
  if (v.status === 'pending') ok(await t.call('volunteers', 'decideVolunteer', { volunteerId: v.id, decision: 'confirm' }, tok['village-cadre']));
  return v.id;
}

beforeAll(async () => {
  clock.freeze(MONDAY_0830);
  t = await startTestRuntime();
  for (const p of ['resident', 'party-member', 'grid-leader', 'village-cadre', 'town-cadre', 'county-admin', 'supervisor', 'mediator', 'resettled'] as const) tok[p] = await t.login(p);
}, 60_000);
afterAll(async () => {
  await t.close();
  clock.reset();
});

describe('volunteers: joining and the community confirming', () => {
  it('takes a resident into their own community as pending until a village cadre confirms; the cadre is told', async () => {
    const v = ok(await t.call('volunteers', 'join', { skills: ['digital', 'digital', 'driving'], availability: ['weekend'] }, tok.resident));
    expect(v).toMatchObject({ unitId: V, status: 'pending', source: 'self', skills: ['digital', 'driving'] });
    // The notices and the entry ride on the record until the dispatch timer writes them out.
    await dispatchNow();
    expect(await t.count('notifications', { kind: 'volunteer.joined', recipientId: 'village-cadre' })).toBe(1);
    // Joining twice changes nothing.
    expect(ok(await t.call('volunteers', 'join', { skills: [], availability: ['weekend'] }, tok.resident)).id).toBe(v.id);
    expect(await t.count('volunteers', { userId: 'resident' })).toBe(1);
    refused(await t.call('volunteers', 'decideVolunteer', { volunteerId: v.id, decision: 'confirm' }, tok['grid-leader']), 'FORBIDDEN');
    refused(await t.call('volunteers', 'decideVolunteer', { volunteerId: v.id, decision: 'confirm' }, tok['town-cadre']), 'FORBIDDEN');
    refused(await t.call('volunteers', 'volunteers', { unitId: V }, tok.resident), 'FORBIDDEN');
    const list = ok(await t.call('volunteers', 'volunteers', { unitId: V }, tok['village-cadre'])).items;
    expect(list.map((x: { userId: string }) => x.userId)).toContain('resident');
    expect(list.find((x: { userId: string }) => x.userId === 'resident').phoneMasked).toBe('138****2461');
    const done = ok(await t.call('volunteers', 'decideVolunteer', { volunteerId: v.id, decision: 'confirm' }, tok['village-cadre']));
    expect(done.status).toBe('confirmed');
    refused(await t.call('volunteers', 'decideVolunteer', { volunteerId: v.id, decision: 'decline' }, tok['village-cadre']), 'CONFLICT');
    expect(await t.count('auditLog', { action: 'volunteers.confirmVolunteer' })).toBe(1);
    expect(await t.count('notifications', { kind: 'volunteer.confirmed', recipientId: 'resident' })).toBe(1);
  });

  it('makes a 双报到 party member confirmed in the community a volunteer there without asking', async () => {
    const org = ok(await t.call('admin', 'registerPartyOrg', { name: '县财政局党支部', secretaryId: 'supervisor' }, tok['county-admin'])).partyOrg;
    const reg = ok(await t.call('admin', 'applyPartyRegistration', { partyOrgId: org.id, unitId: V }, tok['party-member'])).registration;
    // Before the community confirms the 双报到, the member lives elsewhere (东关社区) and is no volunteer of 冯坊村.
    expect(ok(await t.call('volunteers', 'home', {}, tok['party-member'])).volunteer).toBeNull();
    ok(await t.call('admin', 'decidePartyRegistration', { registrationId: reg.id, decision: 'confirm' }, tok['village-cadre']));
    const home = ok(await t.call('volunteers', 'home', {}, tok['party-member']));
    expect(home.volunteer).toMatchObject({ unitId: V, status: 'confirmed', source: 'party' });
    expect(home.community).toEqual({ id: V, name: '冯坊村' });
  });

  it('refuses bad input with Chinese field messages and writes nothing', async () => {
    const before = await snapshotCounts(t, VOLUNTEER_COLLECTIONS);
    const bad = await t.call('volunteers', 'join', { skills: ['flying'], availability: [] }, tok.resettled);
    refused(bad, 'INVALID_INPUT');
    if (!bad.body.ok) expect(bad.body.error.issues!.map((i) => i.path).sort()).toEqual(['availability', 'skills.0']);
    if (!bad.body.ok) expect(bad.body.error.issues!.find((i) => i.path === 'availability')!.message).toBe('请至少选择一个有空的时间');
    const act = await t.call('volunteers', 'createActivity', { unitId: V, title: '', place: '村委会', date: '2026-13-01', start: '25:00', durationMinutes: 10, capacity: 0 }, tok['village-cadre']);
    refused(act, 'INVALID_INPUT');
    if (!act.body.ok) expect(act.body.error.issues!.map((i) => i.path).sort()).toEqual(['capacity', 'date', 'durationMinutes', 'start', 'title']);
    refused(await t.call('volunteers', 'createActivity', { unitId: V, title: '昨天的活动', place: '村委会', date: '2026-12-06', start: '09:00', durationMinutes: 60, capacity: 5 }, tok['village-cadre']), 'INVALID_INPUT', '活动时间已经过去了');
    refused(await t.call('volunteers', 'addService', { unitId: V, name: '助', description: '' }, tok['village-cadre']), 'INVALID_INPUT');
    refused(await t.call('volunteers', 'correctHours', { signupId: 'x1', minutes: 0, reason: '短' }, tok['village-cadre']), 'INVALID_INPUT');
    refused(await t.call('volunteers', 'scan', { token: 'short' }, tok.resident), 'INVALID_INPUT');
    refused(await t.call('volunteers', 'certificate', { code: 'not a code!' }), 'INVALID_INPUT');
    expect(await snapshotCounts(t, VOLUNTEER_COLLECTIONS)).toEqual(before);
  });
});

describe('volunteers: content security on what residents read', () => {
  it('keeps an activity whose text is held from residents until another cadre releases it', async () => {
    const a = ok(await t.call('volunteers', 'createActivity', { unitId: V, title: '周末活动', description: '活动后有赌博游戏', place: '村委会', date: '2026-12-20', start: '09:00', durationMinutes: 60, capacity: 5 }, tok['village-cadre']));
    expect(a.held).toEqual([expect.objectContaining({ field: 'description' })]);
    expect(ok(await t.call('volunteers', 'activities', {}, tok.resident)).items.map((x: { id: string }) => x.id)).not.toContain(a.id);
    refused(await t.call('volunteers', 'activity', { activityId: a.id }, tok.resident), 'NOT_FOUND');
    refused(await t.call('volunteers', 'signUp', { activityId: a.id }, tok.resident), 'NOT_FOUND');
    refused(await t.call('volunteers', 'release', { kind: 'activity', id: a.id }, tok['village-cadre']), 'FORBIDDEN');
    refused(await t.call('volunteers', 'release', { kind: 'activity', id: a.id }, tok.resident), 'FORBIDDEN');
    // A second cadre of the village lets it through; then residents see it.
    await t.runtime.db.collection('users').doc('supervisor').update({ roles: [{ role: 'supervisor', unitId: V }, { role: 'village-cadre', unitId: V }], roleKeys: [`supervisor@${V}`, `village-cadre@${V}`] });
    expect(ok(await t.call('volunteers', 'release', { kind: 'activity', id: a.id }, tok.supervisor)).released).toEqual(['description']);
    await t.runtime.db.collection('users').doc('supervisor').update({ roles: [{ role: 'supervisor', unitId: V }], roleKeys: [`supervisor@${V}`] });
    expect(ok(await t.call('volunteers', 'activities', {}, tok.resident)).items.map((x: { id: string }) => x.id)).toContain(a.id);
    expect(await t.count('auditLog', { action: 'volunteers.release' })).toBe(1);
  });
});

describe('volunteers: the 服务清单', () => {
  it('starts each community from the county file, editable by its own cadres only', async () => {
    const list = ok(await t.call('volunteers', 'services', {}, tok.resident));
    expect(list.unit).toEqual({ id: V, name: '冯坊村' });
    expect(list.items.map((s: { name: string }) => s.name)).toEqual(['助老陪诊', '环境整治', '治安巡逻', '政策宣讲', '代办跑腿']);
    expect(list.canManage).toBe(false);
    refused(await t.call('volunteers', 'addService', { unitId: V, name: '义务理发', description: '每月一次为老人免费理发。' }, tok.resident), 'FORBIDDEN');
    refused(await t.call('volunteers', 'addService', { unitId: V, name: '义务理发', description: '每月一次为老人免费理发。' }, await t.loginOpenid('demo-cadre-c-dongguan')), 'FORBIDDEN');
    const added = ok(await t.call('volunteers', 'addService', { unitId: V, name: '义务理发', description: '每月一次为老人免费理发。', skills: ['labour'] }, tok['village-cadre']));
    refused(await t.call('volunteers', 'addService', { unitId: V, name: '义务理发', description: '再加一次' }, tok['village-cadre']), 'CONFLICT');
    const edited = ok(await t.call('volunteers', 'editService', { serviceId: added.id, description: '每月第一个周六为老人免费理发。' }, tok['village-cadre']));
    expect(edited.description).toBe('每月第一个周六为老人免费理发。');
    ok(await t.call('volunteers', 'retireService', { serviceId: added.id }, tok['village-cadre']));
    expect(ok(await t.call('volunteers', 'services', {}, tok.resident)).items.map((s: { id: string }) => s.id)).not.toContain(added.id);
    expect(ok(await t.call('volunteers', 'services', { unitId: V }, tok['village-cadre'])).items.find((s: { id: string }) => s.id === added.id).active).toBe(false);
    expect(await t.count('auditLog', { action: t.runtime.db.command.in(['volunteers.addService', 'volunteers.editService', 'volunteers.retireService']) })).toBe(3);
    // Another village's list is not this resident's to read.
    refused(await t.call('volunteers', 'services', { unitId: 'c-dongguan' }, tok.resident), 'FORBIDDEN');
  });
});

describe('volunteers: an activity from sign-up to certificate', () => {
  let activityId = '';

  it('lets only the community publish, signs up confirmed volunteers only, waitlists past capacity and promotes the first waiting', async () => {
    refused(await t.call('volunteers', 'createActivity', { unitId: V, title: '助老陪诊', place: '县医院', date: '2026-12-08', start: '09:00', durationMinutes: 120, capacity: 2 }, tok.resident), 'FORBIDDEN');
    const a = ok(await t.call('volunteers', 'createActivity', { unitId: V, serviceId: 'vs-v-fengfang-escortClinic', title: '助老陪诊', place: '县医院', date: '2026-12-08', start: '09:00', durationMinutes: 120, capacity: 2 }, tok['village-cadre']));
    activityId = a.id;
    expect(a.skills).toEqual(['medical', 'driving']);
    refused(await t.call('volunteers', 'signUp', { activityId }, tok.resettled), 'FORBIDDEN');
    await confirmedVolunteer('supervisor');
    await confirmedVolunteer('mediator');
    expect(ok(await t.call('volunteers', 'signUp', { activityId }, tok.resident)).mine.status).toBe('confirmed');
    expect(ok(await t.call('volunteers', 'signUp', { activityId }, tok['party-member'])).mine.status).toBe('confirmed');
    const third = ok(await t.call('volunteers', 'signUp', { activityId }, tok.supervisor));
    expect(third.mine).toMatchObject({ status: 'waitlisted', waitingPlace: 1 });
    expect(ok(await t.call('volunteers', 'signUp', { activityId }, tok.mediator)).mine).toMatchObject({ status: 'waitlisted', waitingPlace: 2 });
    ok(await t.call('volunteers', 'cancelSignup', { activityId }, tok['party-member']));
    const now = ok(await t.call('volunteers', 'activity', { activityId }, tok.supervisor)).activity;
    expect(now.mine.status).toBe('confirmed');
    expect(ok(await t.call('volunteers', 'activity', { activityId }, tok.mediator)).activity.mine.waitingPlace).toBe(1);
    expect(now.confirmed).toBe(2);
    // The notices and the entry ride on the record until the dispatch timer writes them out.
    await dispatchNow();
    expect(await t.count('notifications', { kind: 'volunteer.promoted', recipientId: 'supervisor' })).toBe(1);
    // The roster is the organiser's.
    expect(ok(await t.call('volunteers', 'activity', { activityId }, tok.resident)).roster).toBeNull();
    const roster = ok(await t.call('volunteers', 'activity', { activityId }, tok['village-cadre'])).roster as { name: string; status: string; waitingPlace: number | null }[];
    // (The clock is frozen, so the two places were taken at the same instant: their order is not asserted.)
    expect(roster.slice(0, 2).map((r) => [r.name, r.status]).sort()).toEqual([['张桂芳', 'confirmed'], ['杨淑珍', 'confirmed']].sort());
    expect(roster.slice(2).map((r) => [r.name, r.status, r.waitingPlace])).toEqual([['马海龙', 'waitlisted', 1]]);
  });

  it('checks in and out by the rotating code; a forged code, yesterday\'s screenshot or a code for another activity does not work', async () => {
    clock.freeze('2026-12-08T00:55:00.000Z'); // Tuesday 08:55
    refused(await t.call('volunteers', 'checkInCode', { activityId, mode: 'in' }, tok.resident), 'FORBIDDEN');
    const code = ok(await t.call('volunteers', 'checkInCode', { activityId, mode: 'in' }, tok['village-cadre']));
    expect(Date.parse(code.expiresAt) - Date.now()).toBeLessThanOrEqual(30_000 + 24 * HOUR * 400);
    expect(code.checkedIn).toBe(0);
    // Forged: the right shape with a made-up signature, or the signature of another activity.
    const [id, mode, w] = code.token.split('.');
    refused(await t.call('volunteers', 'scan', { token: `${id}.${mode}.${w}.AAAAAAAAAAAAAAAAAAAAAAAAAAA` }, tok.resident), 'INVALID_INPUT');
    refused(await t.call('volunteers', 'scan', { token: `${id}.out.${w}.${code.token.split('.')[3]}` }, tok.resident), 'INVALID_INPUT');
    // Yesterday's screenshot: a genuine code from a window long gone.
    const yesterday = tokenFor(activityId, 'in', Math.floor((Date.parse('2026-12-07T00:55:00.000Z')) / 30_000));
    refused(await t.call('volunteers', 'scan', { token: yesterday }, tok.resident), 'CONFLICT', /已过期/);
    expect((await signup(ok(await t.call('volunteers', 'activity', { activityId }, tok.resident)).activity.mine.id)).checkInAt).toBeNull();
    // The code on screen now works; and 40 seconds later (the window before) still does; 70 seconds later it does not.
    ok(await t.call('volunteers', 'scan', { token: code.token }, tok.resident));
    clock.freeze('2026-12-08T00:55:40.000Z');
    ok(await t.call('volunteers', 'scan', { token: code.token }, tok.supervisor));
    clock.freeze('2026-12-08T00:56:40.000Z');
    refused(await t.call('volunteers', 'scan', { token: code.token }, tok.mediator), 'CONFLICT');
    // Someone only waiting has no place to check into.
    const fresh = ok(await t.call('volunteers', 'checkInCode', { activityId, mode: 'in' }, tok['village-cadre']));
    refused(await t.call('volunteers', 'scan', { token: fresh.token }, tok.mediator), 'FORBIDDEN');
    expect(fresh.checkedIn).toBe(2);
    // A phone that cannot scan types the six digits on the activity's page; the digits of a gone window do not match.
    expect(fresh.shortCode).toMatch(/^\d{6}$/);
    refused(await t.call('volunteers', 'scan', { token: fresh.shortCode }, tok.resident), 'INVALID_INPUT');
    ok(await t.call('volunteers', 'scan', { token: fresh.shortCode, activityId }, tok.resident));
    clock.freeze('2026-12-08T00:58:00.000Z');
    refused(await t.call('volunteers', 'scan', { token: fresh.shortCode, activityId }, tok.supervisor), 'CONFLICT', /六位数字/);
    clock.freeze('2026-12-08T03:30:00.000Z'); // 11:30, after the 11:00 end
    const out = ok(await t.call('volunteers', 'checkInCode', { activityId, mode: 'out' }, tok['village-cadre']));
    expect(ok(await t.call('volunteers', 'scan', { token: out.token }, tok.resident)).mode).toBe('out');
  });

  it('counts checked-out minus checked-in inside the activity\'s span, the organiser marking a forgotten check-out; audited corrections only', async () => {
    const roster = ok(await t.call('volunteers', 'activity', { activityId }, tok['village-cadre'])).roster;
    const yang = roster.find((r: { name: string }) => r.name === '杨淑珍');
    refused(await t.call('volunteers', 'markAttendance', { signupId: yang.signupId, checkInAt: '2026-12-08T00:55:40.000Z', checkOutAt: '2026-12-08T02:00:00.000Z' }, tok.resident), 'FORBIDDEN');
    refused(await t.call('volunteers', 'markAttendance', { signupId: yang.signupId, checkInAt: '2026-12-08T02:00:00.000Z', checkOutAt: '2026-12-08T01:00:00.000Z' }, tok['village-cadre']), 'INVALID_INPUT');
    const marked = ok(await t.call('volunteers', 'markAttendance', { signupId: yang.signupId, checkInAt: '2026-12-08T00:55:40.000Z', checkOutAt: '2026-12-08T02:00:00.000Z' }, tok['village-cadre']));
    expect(marked.attendedMinutes).toBe(60); // 09:00 (not 08:55) to 10:00
    const done = ok(await t.call('volunteers', 'confirmHours', { activityId }, tok['village-cadre']));
    // 张桂芳 09:00–11:00 (checked in 08:55, out 11:30: both held to the span) = 120; 杨淑珍 60.
    expect(done).toEqual({ confirmed: 2, minutes: 180 });
    const again = ok(await t.call('volunteers', 'confirmHours', { activityId }, tok['village-cadre']));
    expect(again).toEqual({ confirmed: 0, minutes: 0 });
    const ledger = (await t.runtime.db.collection('volunteerHours').where({ activityId }).get()).data as VolunteerHourRecord[];
    expect(ledger.map((h) => [h.userId, h.minutes]).sort()).toEqual([['resident', 120], ['supervisor', 60]]);
    // Each person credited is told once, and the two confirmations are audited once each, once the dispatch timer has written them out.
    await dispatchNow();
    for (const h of ledger) expect(await t.count('notifications', { kind: 'volunteer.hoursConfirmed', recipientId: h.userId, 'link.id': `vl-${h.userId}` })).toBe(1);
    expect(await t.count('auditLog', { action: 'volunteers.confirmHours', 'target.id': activityId })).toBe(2);
    refused(await t.call('volunteers', 'markAttendance', { signupId: yang.signupId, checkInAt: '2026-12-08T00:55:40.000Z', checkOutAt: '2026-12-08T03:00:00.000Z' }, tok['village-cadre']), 'CONFLICT');
    const fix = ok(await t.call('volunteers', 'correctHours', { signupId: yang.signupId, minutes: 30, reason: '签退时忘记扫码，实际服务到十点半' }, tok['village-cadre']));
    expect(fix).toMatchObject({ kind: 'correction', minutes: 30, byName: '陈建军' });
    refused(await t.call('volunteers', 'correctHours', { signupId: yang.signupId, minutes: 60, reason: '超过活动时长的更正' }, tok['village-cadre']), 'INVALID_INPUT');
    expect(await t.count('auditLog', { action: 'volunteers.correctHours' })).toBe(1);
    expect(await t.count('auditLog', { action: 'volunteers.markAttendance' })).toBe(1);
    const rec = ok(await t.call('volunteers', 'record', {}, tok.supervisor));
    expect(rec.totalMinutes).toBe(90);
    expect(rec.entries).toHaveLength(2);
  });

  it('never counts one person\'s time twice for overlapping activities', async () => {
    clock.freeze(MONDAY_0830);
    const a1 = ok(await t.call('volunteers', 'createActivity', { unitId: V, title: '冬季环境整治', place: '村委会广场', date: '2026-12-09', start: '10:00', durationMinutes: 120, capacity: 5 }, tok['village-cadre']));
    const a2 = ok(await t.call('volunteers', 'createActivity', { unitId: V, title: '政策宣讲', place: '文化活动室', date: '2026-12-09', start: '11:00', durationMinutes: 120, capacity: 5 }, tok['village-cadre']));
    const s1 = ok(await t.call('volunteers', 'signUp', { activityId: a1.id }, tok.resident)).mine.id;
    const s2 = ok(await t.call('volunteers', 'signUp', { activityId: a2.id }, tok.resident)).mine.id;
    clock.freeze('2026-12-09T06:00:00.000Z'); // 14:00, both over
    ok(await t.call('volunteers', 'markAttendance', { signupId: s1, checkInAt: '2026-12-09T02:00:00.000Z', checkOutAt: '2026-12-09T04:00:00.000Z' }, tok['village-cadre']));
    ok(await t.call('volunteers', 'markAttendance', { signupId: s2, checkInAt: '2026-12-09T03:00:00.000Z', checkOutAt: '2026-12-09T05:00:00.000Z' }, tok['village-cadre']));
    // Both confirmed at once: the person's record serialises them.
    const [c1, c2] = await Promise.all([t.call('volunteers', 'confirmHours', { activityId: a1.id }, tok['village-cadre']), t.call('volunteers', 'confirmHours', { activityId: a2.id }, tok['village-cadre'])]);
    expect(ok(c1).minutes + ok(c2).minutes).toBe(180); // 10:00–13:00, not 240
    // The ledger holds the 180 minutes, one entry per sign-up; each roster shows its activity's share of them.
    const ledger = (await t.runtime.db.collection('volunteerHours').where({ userId: 'resident', activityId: t.runtime.db.command.in([a1.id, a2.id]) }).get()).data as VolunteerHourRecord[];
    expect(ledger.map((h) => h.signupId).sort()).toEqual([s1, s2].sort());
    expect(ledger.reduce((n, h) => n + h.minutes, 0)).toBe(180);
    const shown = await Promise.all([a1.id, a2.id].map(async (id) => ok(await t.call('volunteers', 'activity', { activityId: id }, tok['village-cadre'])).roster[0].creditedMinutes as number));
    expect(shown.sort()).toEqual(ledger.map((h) => h.minutes).sort());
    expect([(await signup(s1)).creditedAt, (await signup(s2)).creditedAt].every((at) => at !== null)).toBe(true);
  });

  it('shows a public certificate that reads the record itself, the volunteer by surname only', async () => {
    const rec = ok(await t.call('volunteers', 'record', {}, tok.resident));
    expect(rec.totalMinutes).toBe(300);
    const cert = ok(await t.call('volunteers', 'certificate', { code: rec.certCode.toLowerCase() }));
    expect(cert).toMatchObject({ name: '张女士', unitName: '冯坊村', totalMinutes: 300, activities: 3 });
    expect(JSON.stringify(cert)).not.toContain('张桂芳');
    // A correction written afterwards shows at once: the certificate is the record, not a copy.
    const s = ((await t.runtime.db.collection('volunteerSignups').where({ userId: 'resident', activityId }).get()).data as VolunteerSignupRecord[])[0]!;
    ok(await t.call('volunteers', 'correctHours', { signupId: s._id, minutes: -20, reason: '中途离开二十分钟' }, tok['village-cadre']));
    expect(ok(await t.call('volunteers', 'certificate', { code: rec.certCode })).totalMinutes).toBe(280);
    refused(await t.call('volunteers', 'certificate', { code: 'ABCDEFGH23' }), 'NOT_FOUND');
  });
});

describe('volunteers: 上门入户访民情', () => {
  const GRID = 'g-fengfang-1';

  it('shows the grid who on its care register has not been visited for the county\'s 30 days', async () => {
    clock.freeze('2026-12-10T02:00:00.000Z');
    refused(await t.call('volunteers', 'visitsDue', { gridId: GRID }, tok['party-member']), 'FORBIDDEN');
    refused(await t.call('volunteers', 'visitsDue', { gridId: GRID }, tok.resident), 'FORBIDDEN');
    const due = ok(await t.call('volunteers', 'visitsDue', {}, tok['grid-leader']));
    expect(due.dueDays).toBe(30);
    // Independent: the grid's active register minus those with a visit in the last 30 days (seeded 10 and 45 days before the seed).
    const register = (await t.runtime.db.collection('careRecipients').where({ gridId: GRID, active: true }).get()).data as { _id: string }[];
    const visits = (await t.runtime.db.collection('volunteerVisits').where({ gridId: GRID }).get()).data as { careRecipientId: string; visitedOn: string }[];
    const recent = new Set(visits.filter((v) => v.visitedOn >= '2026-11-10').map((v) => v.careRecipientId));
    expect(due.registered).toBe(register.length);
    expect(due.items.map((i: { careRecipientId: string }) => i.careRecipientId).sort()).toEqual(register.map((r) => r._id).filter((id) => !recent.has(id)).sort());
    expect(due.items.find((i: { careRecipientId: string }) => i.careRecipientId === 'care-fengfang-1-3').daysSince).toBeNull();
    // The village cadre sees it too; another village's cadre does not.
    expect(ok(await t.call('volunteers', 'visitsDue', { gridId: GRID }, tok['village-cadre'])).items).toHaveLength(due.items.length);
    refused(await t.call('volunteers', 'visitsDue', { gridId: GRID }, await t.loginOpenid('demo-cadre-c-dongguan')), 'FORBIDDEN');
  });

  it('logs a visit from the register, after which the person is no longer due; refuses bad input and outsiders, writing nothing', async () => {
    const before = await snapshotCounts(t, ['volunteerVisits', 'wishes', 'cases']);
    refused(await t.call('volunteers', 'logVisit', { gridId: GRID, careRecipientId: 'care-fengfang-1-3', subjectName: 'x', visitedOn: '2026-12-11', findings: '上门看望', requestId: 'visit-future-1' }, tok['grid-leader']), 'INVALID_INPUT', '走访日期不能晚于今天');
    const bad = await t.call('volunteers', 'logVisit', { gridId: GRID, subjectName: '', visitedOn: '12月10日', findings: '', requestId: 'x' }, tok['grid-leader']);
    refused(bad, 'INVALID_INPUT');
    if (!bad.body.ok) expect(bad.body.error.issues!.map((i) => i.path).sort()).toEqual(['findings', 'requestId', 'subjectName', 'visitedOn']);
    refused(await t.call('volunteers', 'logVisit', { gridId: GRID, subjectName: '王大爷', visitedOn: '2026-12-10', findings: '上门看望', requestId: 'visit-outsider-1' }, tok.resettled), 'FORBIDDEN');
    // A volunteer (张桂芳 by now) logs what they saw, but cannot pick from the register they may not read.
    refused(await t.call('volunteers', 'logVisit', { gridId: GRID, careRecipientId: 'care-fengfang-1-3', subjectName: '王大爷', visitedOn: '2026-12-10', findings: '上门看望', requestId: 'visit-vol-1' }, tok.resident), 'FORBIDDEN');
    expect(await snapshotCounts(t, ['volunteerVisits', 'wishes', 'cases'])).toEqual(before);

    const v = ok(await t.call('volunteers', 'logVisit', { gridId: GRID, careRecipientId: 'care-fengfang-1-3', subjectName: '（按名单）', visitedOn: '2026-12-10', findings: '孩子作业跟不上，奶奶希望有人每周来辅导一次数学。', needsFollowUp: true, requestId: 'visit-leader-1' }, tok['grid-leader']));
    expect(v.subjectName).not.toBe('（按名单）');
    expect(ok(await t.call('volunteers', 'logVisit', { gridId: GRID, careRecipientId: 'care-fengfang-1-3', subjectName: '（按名单）', visitedOn: '2026-12-10', findings: '孩子作业跟不上，奶奶希望有人每周来辅导一次数学。', needsFollowUp: true, requestId: 'visit-leader-1' }, tok['grid-leader'])).id).toBe(v.id);
    expect(ok(await t.call('volunteers', 'visitsDue', {}, tok['grid-leader'])).items.map((i: { careRecipientId: string }) => i.careRecipientId)).not.toContain('care-fengfang-1-3');
    const mine = ok(await t.call('volunteers', 'logVisit', { gridId: GRID, subjectName: '王大爷', visitedOn: '2026-12-09', findings: '院墙裂了，怕塌。', requestId: 'visit-vol-2' }, tok.resident));
    // The volunteer reads their own visits only; the grid leader reads the grid's log.
    expect(ok(await t.call('volunteers', 'visits', { gridId: GRID }, tok.resident)).items.map((x: { id: string }) => x.id)).toEqual([mine.id]);
    const log = ok(await t.call('volunteers', 'visits', {}, tok['grid-leader'])).items.map((x: { id: string }) => x.id);
    expect(log).toEqual(expect.arrayContaining([v.id, mine.id, 'vv-seed-care-fengfang-1-1']));
    expect(await t.count('volunteerVisits', {})).toBe(before.volunteerVisits! + 2);
  });

  it('turns a need found into a 微心愿 or a case in one tap, through their own submission, linked to the visit; a second tap adds nothing', async () => {
    const visit = ((await t.runtime.db.collection('volunteerVisits').where({ careRecipientId: 'care-fengfang-1-3' }).get()).data as { _id: string }[])[0]!;
    const wishesBefore = await t.count('wishes', {});
    refused(await t.call('volunteers', 'visitToWish', { visitId: visit._id, title: '辅导数学', category: 'child-care' }, tok.resident), 'FORBIDDEN');
    const w = ok(await t.call('volunteers', 'visitToWish', { visitId: visit._id, title: '每周辅导一次数学', category: 'child-care' }, tok['grid-leader']));
    expect(ok(await t.call('volunteers', 'visitToWish', { visitId: visit._id, title: '每周辅导一次数学', category: 'child-care' }, tok['grid-leader'])).wishId).toBe(w.wishId);
    expect(await t.count('wishes', {})).toBe(wishesBefore + 1);
    const wish = ((await t.runtime.db.collection('wishes').doc(w.wishId).get()).data as { status: string; villageId: string; gridId: string; content: string }[])[0]!;
    expect(wish).toMatchObject({ status: 'pending_review', villageId: 'v-fengfang', gridId: GRID });
    expect(wish.content).toContain('入户走访');
    // The wishes function's own rules ran: the village cadre was told of a wish to review (once the dispatch timer wrote it out).
    await dispatchNow();
    expect(await t.count('notifications', { kind: 'wish.submitted', 'link.id': w.wishId })).toBeGreaterThan(0);

    const mine = ((await t.runtime.db.collection('volunteerVisits').where({ visitorId: 'resident' }).get()).data as { _id: string }[])[0]!;
    const casesBefore = await t.count('cases', {});
    refused(await t.call('volunteers', 'visitToCase', { visitId: mine._id, type: 'no-such-type' }, tok.resident), 'INVALID_INPUT', '没有这种纠纷类型');
    const c = ok(await t.call('volunteers', 'visitToCase', { visitId: mine._id, type: 'neighbourhood' }, tok.resident));
    expect(ok(await t.call('volunteers', 'visitToCase', { visitId: mine._id, type: 'neighbourhood' }, tok.resident)).caseId).toBe(c.caseId);
    expect(await t.count('cases', {})).toBe(casesBefore + 1);
    const linked = ((await t.runtime.db.collection('volunteerVisits').doc(mine._id).get()).data as { caseId: string }[])[0]!;
    expect(linked.caseId).toBe(c.caseId);
  });
});

describe('volunteers: 考评在社区', () => {
  it('gives the unit party organisation each 双报到 member\'s quarter — wishes, hours, activities, visits — counted on the server', async () => {
    clock.freeze('2026-12-10T01:00:00.000Z');
    const org = ((await t.runtime.db.collection('partyOrgs').where({ name: '县财政局党支部' }).get()).data as { _id: string }[])[0]!;
    const a = ok(await t.call('volunteers', 'createActivity', { unitId: V, title: '防诈骗宣讲', place: '文化活动室', date: '2026-12-10', start: '14:00', durationMinutes: 60, capacity: 5 }, tok['village-cadre']));
    const sg = ok(await t.call('volunteers', 'signUp', { activityId: a.id }, tok['party-member'])).mine.id;
    ok(await t.call('volunteers', 'logVisit', { gridId: 'g-fengfang-1', subjectName: '李大娘', visitedOn: '2026-12-10', findings: '宣讲后入户，老人问医保报销怎么办。', requestId: 'pm-visit-1' }, tok['party-member']));
    clock.freeze('2026-12-10T07:30:00.000Z');
    ok(await t.call('volunteers', 'markAttendance', { signupId: sg, checkInAt: '2026-12-10T06:00:00.000Z', checkOutAt: '2026-12-10T07:00:00.000Z' }, tok['village-cadre']));
    ok(await t.call('volunteers', 'confirmHours', { activityId: a.id }, tok['village-cadre']));

    refused(await t.call('volunteers', 'partyReport', { partyOrgId: org._id, year: 2026, quarter: 4 }, tok['party-member']), 'FORBIDDEN');
    refused(await t.call('volunteers', 'partyReport', { partyOrgId: org._id, year: 2026, quarter: 5 }, tok.supervisor), 'INVALID_INPUT');
    expect(ok(await t.call('volunteers', 'reportOrgs', {}, tok.supervisor)).items).toEqual([{ id: org._id, name: '县财政局党支部' }]);
    const r = ok(await t.call('volunteers', 'partyReport', { partyOrgId: org._id, year: 2026, quarter: 4 }, tok.supervisor));
    // Independent counts, straight from the stored records.
    const wishes = ((await t.runtime.db.collection('wishes').where({ claimantId: 'party-member', status: 'completed' }).get()).data as { updatedAt: string }[]).filter((w) => w.updatedAt >= '2026-09-30T16:00:00.000Z' && w.updatedAt < '2026-12-31T16:00:00.000Z').length;
    const hours = ((await t.runtime.db.collection('volunteerHours').where({ userId: 'party-member' }).get()).data as { minutes: number; month: string; activityId: string }[]).filter((h) => h.month >= '2026-10');
    const visits = ((await t.runtime.db.collection('volunteerVisits').where({ visitorId: 'party-member' }).get()).data as { visitedOn: string }[]).filter((v) => v.visitedOn >= '2026-10-01');
    expect(r.members).toEqual([{ memberId: 'party-member', name: '赵志强', unitName: '冯坊村', wishesFulfilled: wishes, volunteerMinutes: hours.reduce((n, h) => n + h.minutes, 0), activities: new Set(hours.map((h) => h.activityId)).size, visits: visits.length }]);
    expect(r.members[0].volunteerMinutes).toBe(60);
    expect(r.members[0].visits).toBe(1);
    expect(r.totals).toMatchObject({ members: 1, volunteerMinutes: 60, visits: 1 });
    // Another quarter holds none of this.
    expect(ok(await t.call('volunteers', 'partyReport', { partyOrgId: org._id, year: 2026, quarter: 3 }, tok.supervisor)).totals).toMatchObject({ volunteerMinutes: 0, visits: 0 });
    // The county admin reads it too.
    expect(ok(await t.call('volunteers', 'partyReport', { partyOrgId: org._id, year: 2026, quarter: 4 }, tok['county-admin'])).totals.members).toBe(1);
  });

  it('tells each unit party organisation\'s secretary once, when a quarter has ended, that its report can be read', async () => {
    clock.freeze('2027-01-01T01:00:00.000Z'); // 1 January 2027, 09:00
    const { volunteers } = await import('../../cloudfunctions/volunteers');
    const runs = (await Promise.all([volunteers.runTimer('quarterReport'), volunteers.runTimer('quarterReport')])) as { told: number }[];
    expect(runs[0]!.told + runs[1]!.told).toBe(await t.count('partyOrgs', {}));
    expect(await t.count('notifications', { kind: 'party.quarterReport', recipientId: 'supervisor', title: '2026年第4季度党员社区考评' })).toBe(1);
    await volunteers.runTimer('quarterReport');
    expect(await t.count('notifications', { kind: 'party.quarterReport' })).toBe(await t.count('partyOrgs', {}));
  });
});
