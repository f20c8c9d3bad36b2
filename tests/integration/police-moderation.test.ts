import { clock } from '../../cloudfunctions/_lib/clock';
import { HELD_PLACEHOLDER } from '../../shared/domain/moderation';
import type { UserRecord } from '../../shared/domain/records';
import { dispatchNow } from '../support/dispatch';
import { ok, snapshotCounts, startTestRuntime, type TestRuntime } from '../support/runtime';
import { exportOf } from '../support/my-data';
import { MY_DATA_PARTS } from '../../shared/contracts/auth';

// Monday 7 December 2026, 08:30 in Qianyang (the same week as the police tests).
const MONDAY_0830 = '2026-12-07T00:30:00.000Z';
const HOME = 'ph-v-fengfang';
const ID_CARD = 'ps-v-fengfang-id-card';
const LECTURE = 'ps-v-fengfang-lecture';
const POLICE_COLLECTIONS = ['policeBookings', 'policeSlots', 'policeBookers', 'policeSignups', 'policeSessions', 'policeQueues', 'policeHomeVisits', 'policeHomes', 'notifications', 'auditLog'];

let t: TestRuntime;
const tok: Record<string, string> = {};
let seq = 0;
const rid = () => `mod-${Date.now().toString(36)}-${++seq}`;
const snapshot = () => snapshotCounts(t, POLICE_COLLECTIONS);

type Note = { kind: string; title: string; body: string; link: { id: string } | null };
async function inbox(token: string): Promise<Note[]> {
  return ok(await t.call('notifications', 'list', { limit: 50 }, token)).items;
}

/** Everything a person can read of the home, its sessions, their own services, messages and export, as one string. */
async function everythingVisibleTo(token: string): Promise<string> {
  const parts = [
    await t.call('police', 'home', { homeId: HOME }, token),
    await t.call('police', 'sessions', { homeId: HOME }, token),
    await t.call('police', 'mine', {}, token),
    await t.call('police', 'workbench', { homeId: HOME }, token),
    await t.call('notifications', 'list', { limit: 50 }, token),
    ...(await Promise.all(MY_DATA_PARTS.map((part) => t.call('auth', 'exportMyData', { part }, token)))),
  ];
  return JSON.stringify(parts.map((p) => p.body));
}

async function newResident(id: string): Promise<string> {
  const base = ((await t.runtime.db.collection('users').doc('r-fengfang-3').get()).data as UserRecord[])[0]!;
  await t.runtime.db.collection('users').add({ ...base, _id: id, openid: `openid-${id}`, name: `居民${id.slice(-3)}`, phoneMasked: '138****0000', demo: false });
  return t.loginOpenid(`openid-${id}`);
}

async function expectNothingWritten(call: () => Promise<{ status: number; body: unknown }>, status: number, code: string) {
  const before = await snapshot();
  const res = await call();
  expect(res.status).toBe(status);
  expect(res.body).toMatchObject({ ok: false, error: { code } });
  expect(await snapshot()).toEqual(before);
  return res;
}

beforeAll(async () => {
  clock.freeze(MONDAY_0830);
  t = await startTestRuntime();
  for (const p of ['resident', 'grid-leader', 'village-cadre', 'town-cadre', 'police'] as const) tok[p] = await t.login(p);
  tok.otherPolice = await t.loginOpenid('demo-police-v-xijie');
});
afterAll(async () => {
  await t.close();
  clock.reset();
});

describe('police: content security on home visits', () => {
  it("holds a grid leader's flagged reason: the leader and the officers read it, the neighbour and the officers' message do not", async () => {
    const reason = '老人被人拉去赌博欠了钱，想请民警上门看看';
    const visit = ok(
      await t.call('police', 'requestVisit', { forUserId: 'resident', reason, preferred: [{ date: '2026-12-09', half: 'am' }], requestId: rid() }, tok['grid-leader']),
    );
    expect(visit.reason).toBe(reason);
    expect(visit.held).toEqual([{ field: 'reason', reason: '疑似违法犯罪内容' }]);
    expect(visit.canRelease).toBeUndefined();
    // The notices ride on the request until the dispatch timer drains them.
    await dispatchNow();
    const told = (await inbox(tok['grid-leader']!)).filter((n) => n.kind === 'content.held' && n.link?.id === visit.id);
    expect(told).toHaveLength(1);
    const leaderOwn = ok(await t.call('police', 'mine', {}, tok['grid-leader'])).visits.find((v: { id: string }) => v.id === visit.id);
    expect(leaderOwn).toMatchObject({ reason, held: [{ field: 'reason', reason: '疑似违法犯罪内容' }] });

    const officerNote = (await inbox(tok.police!)).find((n) => n.kind === 'police.visitRequested' && n.body.includes('网格长'))!;
    expect(officerNote.body).toContain(HELD_PLACEHOLDER);
    expect(officerNote.body).not.toContain('赌博');
    const bench = ok(await t.call('police', 'workbench', { homeId: HOME }, tok.police)).visits.find((v: { id: string }) => v.id === visit.id);
    expect(bench.reason).toBe(reason);
    expect(bench.canRelease).toBe(true);
    expect(ok(await t.call('police', 'workbench', { homeId: HOME }, tok['village-cadre'])).visits.find((v: { id: string }) => v.id === visit.id).reason).toBe(reason);

    // The neighbour it is for reads the placeholder everywhere: their list, their messages and their export.
    const theirs = ok(await t.call('police', 'mine', {}, tok.resident)).visits.find((v: { id: string }) => v.id === visit.id);
    expect(theirs.reason).toBe(HELD_PLACEHOLDER);
    expect(theirs.held).toBeUndefined();
    const exported = (await exportOf(t, tok.resident)).policeHome.homeVisits.find((v: { id: string }) => v.id === visit.id);
    expect(exported.reason).toBe(HELD_PLACEHOLDER);
    expect(await everythingVisibleTo(tok.resident!)).not.toContain('拉去赌博');
  });

  it("holds an officer's flagged decline reason from the resident in the visit, the message and the export, until a cadre releases it", async () => {
    const visit = ok(await t.call('police', 'requestVisit', { reason: '想请民警上门讲讲防诈骗', preferred: [{ date: '2026-12-10', half: 'pm' }], requestId: rid() }, tok.resident));
    expect(visit.held).toBeUndefined();
    const declineReason = '你家里有人搞刷单，不上门';
    const declined = ok(await t.call('police', 'decideVisit', { visitId: visit.id, decision: 'decline', reason: declineReason }, tok.police));
    expect(declined.declineReason).toBe(declineReason);
    expect(declined.held).toEqual([{ field: 'declineReason', reason: '疑似欺诈内容' }]);
    expect(declined.canRelease).toBeUndefined(); // the officer wrote it: another officer or a cadre looks at it
    expect((await inbox(tok.police!)).some((n) => n.kind === 'content.held' && n.body.includes('原因'))).toBe(true);

    const note = (await inbox(tok.resident!)).find((n) => n.kind === 'police.visitDeclined')!;
    expect(note.body).toContain(HELD_PLACEHOLDER);
    expect(ok(await t.call('police', 'mine', {}, tok.resident)).visits.find((v: { id: string }) => v.id === visit.id).declineReason).toBe(HELD_PLACEHOLDER);
    expect(await everythingVisibleTo(tok.resident!)).not.toContain('搞刷单');

    // The author may not release it, nor the resident (it is theirs: FORBIDDEN), nor another village's officer (NOT_FOUND).
    await expectNothingWritten(() => t.call('police', 'release', { kind: 'visit', id: visit.id }, tok.police), 403, 'FORBIDDEN');
    await expectNothingWritten(() => t.call('police', 'release', { kind: 'visit', id: visit.id }, tok.resident), 403, 'FORBIDDEN');
    await expectNothingWritten(() => t.call('police', 'release', { kind: 'visit', id: visit.id }, tok.otherPolice), 404, 'NOT_FOUND');

    const audits = await t.count('auditLog', { action: 'police.release', 'target.id': visit.id });
    const released = ok(await t.call('police', 'release', { kind: 'visit', id: visit.id }, tok['village-cadre']));
    expect(released).toEqual({ kind: 'visit', id: visit.id, released: ['declineReason'] });
    expect(await t.count('auditLog', { action: 'police.release', 'target.id': visit.id })).toBe(audits + 1);
    expect((await inbox(tok.police!)).some((n) => n.kind === 'content.released' && n.link?.id === visit.id)).toBe(true);
    expect(ok(await t.call('police', 'mine', {}, tok.resident)).visits.find((v: { id: string }) => v.id === visit.id).declineReason).toBe(declineReason);
    // The resident, who read the placeholder, is told the answer may now be read.
    expect((await inbox(tok.resident!)).filter((n) => n.kind === 'content.visible' && n.link?.id === visit.id)).toHaveLength(1);
    // Released once: a second release has nothing left to do.
    await expectNothingWritten(() => t.call('police', 'release', { kind: 'visit', id: visit.id }, tok['town-cadre']), 409, 'CONFLICT');
  });

  it("holds an officer's flagged outcome from the resident but not from the cadres over the home", async () => {
    const visit = ok(await t.call('police', 'requestVisit', { reason: '家里老人想办身份证', preferred: [{ date: '2026-12-11', half: 'am' }], requestId: rid() }, tok.resident));
    ok(await t.call('police', 'decideVisit', { visitId: visit.id, decision: 'accept', date: '2026-12-11', half: 'am' }, tok.police));
    const outcome = '已上门，提醒其儿子不要再赌博';
    const done = ok(await t.call('police', 'recordVisit', { visitId: visit.id, outcome }, tok.police));
    expect(done).toMatchObject({ status: 'completed', outcome, held: [{ field: 'outcome', reason: '疑似违法犯罪内容' }] });
    expect(ok(await t.call('police', 'mine', {}, tok.resident)).visits.find((v: { id: string }) => v.id === visit.id).outcome).toBe(HELD_PLACEHOLDER);
    const exported = (await exportOf(t, tok.resident)).policeHome.homeVisits.find((v: { id: string }) => v.id === visit.id);
    expect(exported.outcome).toBe(HELD_PLACEHOLDER);
    const byCadre = ok(await t.call('police', 'release', { kind: 'visit', id: visit.id }, tok['town-cadre']));
    expect(byCadre.released).toEqual(['outcome']);
    expect(ok(await t.call('police', 'mine', {}, tok.resident)).visits.find((v: { id: string }) => v.id === visit.id).outcome).toBe(outcome);
  });
});

describe('police: content security on bookings', () => {
  it("holds a flagged booking note and cancellation reason: the officer reads the note on the workbench, the officers' message quotes the placeholder", async () => {
    const me = await newResident('r-mod-001');
    const slot = (ok(await t.call('police', 'slots', { serviceId: ID_CARD, days: 7 }, me)).slots as { id: string; date: string; remaining: number }[]).find(
      (s) => s.date === '2026-12-10' && s.remaining > 0,
    )!;
    const note = '顺便问问儿子赌博欠债的事';
    const b = ok(await t.call('police', 'book', { slotId: slot.id, requestId: rid(), note }, me));
    expect(b).toMatchObject({ note, held: [{ field: 'note', reason: '疑似违法犯罪内容' }] });
    const bench = ok(await t.call('police', 'workbench', { homeId: HOME, date: '2026-12-10' }, tok.police));
    const onBench = bench.slots.flatMap((x: { bookings: { id: string }[] }) => x.bookings).find((x: { id: string }) => x.id === b.id);
    expect(onBench).toMatchObject({ note, canRelease: true });
    const reason = '临时要去刷单赚钱';
    const cancelled = ok(await t.call('police', 'cancel', { bookingId: b.id, reason }, me));
    expect(cancelled).toMatchObject({ status: 'cancelled', note: reason, held: [{ field: 'note', reason: '疑似欺诈内容' }] });
    await dispatchNow();
    expect((await inbox(me)).some((n) => n.kind === 'content.held' && n.link?.id === b.id)).toBe(true);
    const told = (await inbox(tok.police!)).find((n) => n.kind === 'police.cancelled' && n.body.includes('居民001'))!;
    expect(told.body).toContain(HELD_PLACEHOLDER);
    expect(told.body).not.toContain('刷单');
    const stored = ((await t.runtime.db.collection('policeBookings').doc(b.id).get()).data as { moderation?: { held: unknown[] } }[])[0]!;
    expect(stored.moderation?.held).toHaveLength(1);
    // Only the officers and cadres over the home may release it, and the resident is told.
    await expectNothingWritten(() => t.call('police', 'release', { kind: 'booking', id: b.id }, me), 403, 'FORBIDDEN');
    await expectNothingWritten(() => t.call('police', 'release', { kind: 'booking', id: b.id }, tok.resident), 404, 'NOT_FOUND');
    ok(await t.call('police', 'release', { kind: 'booking', id: b.id }, tok.police));
    expect((await inbox(me)).some((n) => n.kind === 'content.released' && n.link?.id === b.id)).toBe(true);
  });
});

describe('police: content security on group sessions', () => {
  const session = (title: string, extra: object = {}) => ({ serviceId: LECTURE, title, place: '村委会会议室', date: '2026-12-13', start: '14:00', durationMinutes: 60, capacity: 20, ...extra });

  it('keeps a session with a flagged title off the residents\' list until a cadre releases it', async () => {
    const title = '刷单赚大钱讲座';
    const s = ok(await t.call('police', 'createSession', session(title), tok.police));
    expect(s.title).toBe(title);
    expect(s.held).toEqual([{ field: 'title', reason: '疑似欺诈内容' }]);
    expect((await inbox(tok.police!)).some((n) => n.kind === 'content.held' && n.body.includes('暂不对居民显示'))).toBe(true);
    expect(await t.count('auditLog', { action: 'police.createSession', 'target.id': s.id })).toBe(1);

    // Residents do not see it at all: not in the list, and signing up finds nothing.
    expect(ok(await t.call('police', 'sessions', { homeId: HOME }, tok.resident)).items.map((x: { id: string }) => x.id)).not.toContain(s.id);
    await expectNothingWritten(() => t.call('police', 'signUp', { sessionId: s.id }, tok.resident), 404, 'NOT_FOUND');
    expect(await everythingVisibleTo(tok.resident!)).not.toContain('刷单赚大钱');
    // The officers and cadres over the home see it, with the reason, on the workbench and the list.
    const onBench = ok(await t.call('police', 'workbench', { homeId: HOME, date: '2026-12-13' }, tok['village-cadre'])).sessions.find((x: { id: string }) => x.id === s.id);
    expect(onBench).toMatchObject({ title, canRelease: true, held: [{ field: 'title', reason: '疑似欺诈内容' }] });
    expect(ok(await t.call('police', 'sessions', { homeId: HOME }, tok.police)).items.map((x: { id: string }) => x.id)).toContain(s.id);

    await expectNothingWritten(() => t.call('police', 'release', { kind: 'session', id: s.id }, tok.police), 403, 'FORBIDDEN');
    await expectNothingWritten(() => t.call('police', 'release', { kind: 'session', id: s.id }, tok.resident), 404, 'NOT_FOUND');
    await expectNothingWritten(() => t.call('police', 'release', { kind: 'session', id: s.id }, tok.otherPolice), 404, 'NOT_FOUND');
    ok(await t.call('police', 'release', { kind: 'session', id: s.id }, tok['village-cadre']));
    expect(await t.count('auditLog', { action: 'police.release', 'target.id': s.id })).toBe(1);
    expect((await inbox(tok.police!)).some((n) => n.kind === 'content.released' && n.link?.id === s.id)).toBe(true);
    const listed = ok(await t.call('police', 'sessions', { homeId: HOME }, tok.resident)).items.find((x: { id: string }) => x.id === s.id);
    expect(listed.title).toBe(title);
    expect(ok(await t.call('police', 'signUp', { sessionId: s.id }, tok.resident)).status).toBe('confirmed');
  });

  it('also keeps a session back when only its description or place is flagged', async () => {
    const s = ok(await t.call('police', 'createSession', session('防诈骗讲座', { start: '16:00', description: '讲讲六合彩骗局' }), tok.police));
    expect(s.held).toEqual([{ field: 'description', reason: '疑似违法犯罪内容' }]);
    expect(ok(await t.call('police', 'sessions', { homeId: HOME }, tok.resident)).items.map((x: { id: string }) => x.id)).not.toContain(s.id);
  });

  it('writes nothing for a session with a title too long', async () => {
    await expectNothingWritten(() => t.call('police', 'createSession', session('赌博'.repeat(30)), tok.police), 400, 'INVALID_INPUT');
  });
});

describe('police: content security on changed opening hours', () => {
  it("holds a flagged reason for today's hours: residents read the placeholder on the home page and when a slot is closed", async () => {
    const reason = '民警去处理赌博案件';
    ok(await t.call('police', 'addException', { date: '2026-12-07', closed: true, reason }, tok.police));
    ok(await t.call('police', 'addException', { date: '2026-12-10', closed: false, periods: [{ start: '15:00', end: '17:00' }], reason }, tok.police));
    const home = ok(await t.call('police', 'home', { homeId: HOME }, tok.resident));
    expect(home.status.todayNote).toBe(HELD_PLACEHOLDER);
    expect(home.upcomingExceptions.filter((e: { reason: string }) => e.reason === HELD_PLACEHOLDER)).toHaveLength(2);
    expect(home.held).toBeUndefined();
    const officerView = ok(await t.call('police', 'home', { homeId: HOME }, tok.police));
    expect(officerView.status.todayNote).toBe(reason);
    expect(officerView.held.map((h: { field: string }) => h.field).sort()).toEqual(['exception:2026-12-07', 'exception:2026-12-10']);
    expect(officerView.canRelease).toBeUndefined();
    expect(ok(await t.call('police', 'home', { homeId: HOME }, tok['village-cadre'])).canRelease).toBe(true);

    // A slot closed by that change: the refusal does not quote the held reason.
    const closed = ((await t.runtime.db.collection('policeSlots').where({ homeId: HOME, date: '2026-12-10', status: 'closed' }).limit(1).get()).data as { _id: string }[])[0]!;
    const refused = await t.call('police', 'book', { slotId: closed._id, requestId: rid() }, tok.resident);
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(JSON.stringify(refused.body)).not.toContain('赌博');
    expect(await everythingVisibleTo(tok.resident!)).not.toContain('赌博案件');

    await expectNothingWritten(() => t.call('police', 'release', { kind: 'home', id: HOME }, tok.resident), 403, 'FORBIDDEN');
    await expectNothingWritten(() => t.call('police', 'release', { kind: 'home', id: HOME }, tok.otherPolice), 403, 'FORBIDDEN');
    const released = ok(await t.call('police', 'release', { kind: 'home', id: HOME }, tok['town-cadre']));
    expect(released.released.sort()).toEqual(['exception:2026-12-07', 'exception:2026-12-10']);
    expect(await t.count('auditLog', { action: 'police.release', 'target.id': HOME })).toBe(1);
    expect((await inbox(tok.police!)).some((n) => n.kind === 'content.released' && n.link?.id === HOME)).toBe(true);
    expect(ok(await t.call('police', 'home', { homeId: HOME }, tok.resident)).status.todayNote).toBe(reason);
  });

  it('a clean reason for the same date replaces a held one', async () => {
    ok(await t.call('police', 'addException', { date: '2026-12-14', closed: true, reason: '去查六合彩' }, tok.police));
    expect(ok(await t.call('police', 'home', { homeId: HOME }, tok.resident)).upcomingExceptions.find((e: { date: string }) => e.date === '2026-12-14').reason).toBe(HELD_PLACEHOLDER);
    ok(await t.call('police', 'addException', { date: '2026-12-14', closed: true, reason: '民警外出学习' }, tok.police));
    const home = ok(await t.call('police', 'home', { homeId: HOME }, tok.police));
    expect(home.upcomingExceptions.find((e: { date: string }) => e.date === '2026-12-14').reason).toBe('民警外出学习');
    expect(home.held).toBeUndefined();
  });
});

describe('police: release answers bad input with INVALID_INPUT and writes nothing', () => {
  it('refuses an unknown kind, a missing id and unknown fields', async () => {
    await expectNothingWritten(() => t.call('police', 'release', { kind: 'wish', id: 'hv-seed-1' }, tok['village-cadre']), 400, 'INVALID_INPUT');
    await expectNothingWritten(() => t.call('police', 'release', { kind: 'visit' }, tok['village-cadre']), 400, 'INVALID_INPUT');
    await expectNothingWritten(() => t.call('police', 'release', { kind: 'visit', id: 'hv-seed-1', all: true }, tok['village-cadre']), 400, 'INVALID_INPUT');
    await expectNothingWritten(() => t.call('police', 'release', { kind: 'visit', id: 'hv-nowhere' }, tok['village-cadre']), 404, 'NOT_FOUND');
    await expectNothingWritten(() => t.call('police', 'release', { kind: 'visit', id: 'hv-seed-1' }, tok['village-cadre']), 409, 'CONFLICT');
  });
});
