import { clock, DAY_MS } from '../../cloudfunctions/_lib/clock';
import { powers } from '../../cloudfunctions/powers';
import { HELD_PLACEHOLDER } from '../../shared/domain/moderation';
import { chinaDate } from '../../shared/domain/china-time';
import { dispatchNow } from '../support/dispatch';
import { ok, snapshotCounts, startTestRuntime, type TestRuntime } from '../support/runtime';
import { exportOf } from '../support/my-data';
import { MY_DATA_PARTS } from '../../shared/contracts/auth';

let t: TestRuntime;
const tokens: Record<string, string> = {};
const POWER_COLLECTIONS = ['matters', 'notifications', 'auditLog', 'powerStats', 'powerComplaints', 'reminderTalks'];
const snapshot = () => snapshotCounts(t, POWER_COLLECTIONS);
const REVIEWERS = ['village-cadre', 'town-cadre', 'county-admin', 'supervisor'] as const;

beforeAll(async () => {
  t = await startTestRuntime();
  for (const p of ['resident', 'grid-leader', 'village-cadre', 'town-cadre', 'county-admin', 'supervisor', 'party-member'] as const) tokens[p] = await t.login(p);
  tokens.otherCadre = await t.loginOpenid('demo-cadre-v-xijie');
  tokens.neighbour = await t.loginOpenid('demo-r-fengfang-2');
  // A second member of the village's 村务监督委员会: nobody releases text they wrote themselves.
  const first = ((await t.runtime.db.collection('users').doc('supervisor').get()).data as { roles: unknown[]; roleKeys: string[] }[])[0]!;
  await t.runtime.db.collection('users').add({ ...first, _id: 'supervisor-2', openid: 'demo-supervisor-2', name: '马文斌', demo: true });
  tokens.otherSupervisor = await t.loginOpenid('demo-supervisor-2');
});
afterAll(() => t.close());
afterEach(() => clock.reset());

type Note = { kind: string; title: string; body: string; link: { id: string } | null };
async function inbox(token: string): Promise<Note[]> {
  // A change's notices ride on its record until the dispatch timer writes them out.
  await dispatchNow();
  return ok(await t.call('notifications', 'list', { limit: 50 }, token)).items;
}

/** Everything a person can read about matters and their own messages, as one string. */
async function everythingVisibleTo(token: string, matterId: string): Promise<string> {
  const parts = [
    await t.call('powers', 'matter', { matterId }, token),
    await t.call('powers', 'matters', { scope: 'mine', limit: 50 }, token),
    await t.call('powers', 'matters', { scope: 'queue', limit: 50 }, token),
    await t.call('powers', 'matters', { scope: 'village', limit: 50 }, token),
    await t.call('powers', 'complaints', { limit: 50 }, token),
    await t.call('powers', 'talks', { scope: 'mine', limit: 50 }, token),
    await t.call('notifications', 'list', { limit: 50 }, token),
    ...(await Promise.all(MY_DATA_PARTS.map((part) => t.call('auth', 'exportMyData', { part }, token)))),
  ];
  return JSON.stringify(parts.map((p) => p.body));
}

const apply = (extra: object, token = tokens.resident!) => t.call('powers', 'apply', { code: 'MS-01', ...extra }, token);
const advance = (matterId: string, stepIndex: number, token: string, extra: object = {}) => t.call('powers', 'advance', { matterId, stepIndex, ...extra }, token);

describe('powers: content security on what residents write', () => {
  it('holds a flagged title and application note for the applicant and the cadres over the matter, telling the applicant', async () => {
    const title = '低保申请（帮人刷单欠债）';
    const note = '家里有人赌博输光了积蓄';
    const m = ok(await apply({ title, note }));
    expect(m.title).toBe(title);
    expect(m.steps[0].note).toBe(note);
    expect(m.held).toEqual([
      { field: 'title', reason: '疑似欺诈内容' },
      { field: 'applyNote', reason: '疑似违法犯罪内容' },
    ]);
    expect(m.allowed).not.toContain('release');
    const told = (await inbox(tokens.resident!)).filter((n) => n.kind === 'content.held' && n.link?.id === m.id);
    expect(told).toHaveLength(1);
    expect(told[0]!.body).toContain('疑似欺诈内容');

    for (const who of REVIEWERS) {
      const seen = ok(await t.call('powers', 'matter', { matterId: m.id }, tokens[who]));
      expect(seen.title).toBe(title);
      expect(seen.timeline[0].note).toBe(note);
      expect(seen.held).toHaveLength(2);
      expect(seen.allowed).toContain('release');
    }
    // The village cadre is told of the new matter, but the message does not quote the held title.
    const step = (await inbox(tokens['village-cadre']!)).find((n) => n.kind === 'matter.step' && n.link?.id === m.id)!;
    expect(step.body).toContain(HELD_PLACEHOLDER);
    expect(step.body).not.toContain('帮人刷单欠债');
    const listed = ok(await t.call('powers', 'matters', { scope: 'village', limit: 50 }, tokens['village-cadre'])).items;
    expect(listed.find((x: { id: string }) => x.id === m.id).title).toBe(title);

    // The grid leader does the home visit at step 3: the matter, but not the held text.
    ok(await advance(m.id, 1, tokens['village-cadre']!));
    const gridView = ok(await t.call('powers', 'matter', { matterId: m.id }, tokens['grid-leader']));
    expect(gridView.title).toBe(HELD_PLACEHOLDER);
    expect(gridView.steps[0].note).toBe(HELD_PLACEHOLDER);
    expect(gridView.timeline[0].note).toBe(HELD_PLACEHOLDER);
    expect(gridView.held).toBeUndefined();
    expect(gridView.allowed).toEqual(['advance', 'refuse']);
    const queue = ok(await t.call('powers', 'matters', { scope: 'queue', limit: 50 }, tokens['grid-leader'])).items;
    expect(queue.find((x: { id: string }) => x.id === m.id).title).toBe(HELD_PLACEHOLDER);
    const seenByGrid = await everythingVisibleTo(tokens['grid-leader']!, m.id);
    expect(seenByGrid).not.toContain('帮人刷单欠债');
    expect(seenByGrid).not.toContain('赌博输光了积蓄');
    expect(await everythingVisibleTo(tokens.otherCadre!, m.id)).not.toMatch(/帮人刷单欠债|赌博输光了积蓄/);
  });

  it('holds a flagged withdraw reason and rating comment from the handlers who are not cadres', async () => {
    const a = ok(await apply({ note: '申请低保' }));
    ok(await advance(a.id, 1, tokens['village-cadre']!));
    const withdrawn = ok(await t.call('powers', 'withdraw', { matterId: a.id, reason: '不办了，我去刷单挣钱' }, tokens.resident));
    expect(withdrawn.timeline.at(-1).note).toContain('刷单');
    expect(withdrawn.held).toEqual([{ field: 'withdrawReason', reason: '疑似欺诈内容' }]);
    const gridNote = (await inbox(tokens['grid-leader']!)).find((n) => n.kind === 'matter.withdrawn' && n.link?.id === a.id)!;
    expect(gridNote.body).toContain(HELD_PLACEHOLDER);
    expect(await everythingVisibleTo(tokens['grid-leader']!, a.id)).not.toContain('我去刷单挣钱');
    expect(ok(await t.call('powers', 'matter', { matterId: a.id }, tokens.supervisor)).timeline.at(-1).note).toContain('刷单');

    const b = ok(await apply({}, tokens.resident));
    ok(await advance(b.id, 1, tokens['village-cadre']!, { decision: 'refuse', note: '不符合低保条件' }));
    const rated = ok(await t.call('powers', 'rate', { matterId: b.id, stars: 1, comment: '村干部天天赌博不办事' }, tokens.resident));
    expect(rated.rating.comment).toContain('赌博');
    expect(rated.held).toEqual([{ field: 'ratingComment', reason: '疑似违法犯罪内容' }]);
    const gridView = ok(await t.call('powers', 'matter', { matterId: b.id }, tokens['grid-leader']));
    expect(gridView.rating.comment).toBe(HELD_PLACEHOLDER);
    expect(gridView.timeline.at(-1).note).toBe(HELD_PLACEHOLDER);
    expect(ok(await t.call('powers', 'matter', { matterId: b.id }, tokens['town-cadre'])).rating.comment).toContain('赌博');
  });
});

describe('powers: content security on what handlers write', () => {
  it('holds a flagged step note and refusal reason from the applicant, in the matter and the message', async () => {
    const m = ok(await apply({ note: '家中老人多病' }));
    const advanced = ok(await advance(m.id, 1, tokens['village-cadre']!, { note: '材料齐全，申请人无刷单等情况' }));
    expect(advanced.steps[1].note).toContain('刷单');
    expect(advanced.held).toEqual([{ field: 'step1Note', reason: '疑似欺诈内容' }]);
    expect((await inbox(tokens['village-cadre']!)).some((n) => n.kind === 'content.held' && n.link?.id === m.id)).toBe(true);

    const mine = ok(await t.call('powers', 'matter', { matterId: m.id }, tokens.resident));
    expect(mine.steps[1].note).toBe(HELD_PLACEHOLDER);
    expect(mine.timeline.at(-1).note).toBe(HELD_PLACEHOLDER);
    expect(mine.held).toBeUndefined();
    expect(mine.allowed).not.toContain('release');

    const refused = ok(await advance(m.id, 2, tokens['grid-leader']!, { decision: 'refuse', note: '入户发现家中有赌博机' }));
    expect(refused.steps[2].note).toContain('赌博');
    expect(refused.held).toEqual([{ field: 'step2Note', reason: '疑似违法犯罪内容' }]);
    const refusal = (await inbox(tokens.resident!)).find((n) => n.kind === 'matter.refused' && n.link?.id === m.id)!;
    expect(refusal.body).toContain(HELD_PLACEHOLDER);
    const seenByApplicant = await everythingVisibleTo(tokens.resident!, m.id);
    expect(seenByApplicant).not.toContain('申请人无刷单等情况');
    expect(seenByApplicant).not.toContain('家中有赌博机');
    // The grid leader wrote the refusal and reads it; the village cadre's held note is not theirs.
    const gridView = ok(await t.call('powers', 'matter', { matterId: m.id }, tokens['grid-leader']));
    expect(gridView.steps[2].note).toContain('赌博');
    expect(gridView.steps[1].note).toBe(HELD_PLACEHOLDER);
    expect(gridView.held).toEqual([{ field: 'step2Note', reason: '疑似违法犯罪内容' }]);
  });

  it('lets a cadre over the matter release its held text, audited, after which the applicant reads it and is told', async () => {
    const m = ok(await apply({ title: '低保（帮人刷单）', note: '家庭困难' }));
    ok(await advance(m.id, 1, tokens['village-cadre']!, { note: '经查有赌博欠债' }));
    const before = await snapshot();
    for (const who of ['grid-leader', 'resident', 'party-member'] as const) {
      const res = await t.call('powers', 'release', { matterId: m.id }, tokens[who]);
      expect(res.body).toMatchObject({ ok: false, error: { code: who === 'party-member' ? 'NOT_FOUND' : 'FORBIDDEN' } });
    }
    expect((await t.call('powers', 'release', { matterId: m.id }, tokens.otherCadre)).body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await snapshot()).toEqual(before);
    expect(ok(await t.call('powers', 'matter', { matterId: m.id }, tokens['grid-leader'])).title).toBe(HELD_PLACEHOLDER);

    const released = ok(await t.call('powers', 'release', { matterId: m.id }, tokens.supervisor));
    expect(released.held).toBeUndefined();
    expect(released.allowed).not.toContain('release');
    const audit = (await t.runtime.db.collection('auditLog').where({ action: 'powers.release', 'target.id': m.id }).get()).data as { actorId?: string; after: unknown }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toEqual({ released: ['title', 'step1Note'] });
    expect((await inbox(tokens.resident!)).some((n) => n.kind === 'content.released' && n.link?.id === m.id)).toBe(true);
    expect((await inbox(tokens['village-cadre']!)).some((n) => n.kind === 'content.released' && n.link?.id === m.id)).toBe(true);

    const gridView = ok(await t.call('powers', 'matter', { matterId: m.id }, tokens['grid-leader']));
    expect(gridView.title).toBe('低保（帮人刷单）');
    expect(gridView.steps[1].note).toBe('经查有赌博欠债');
    expect(ok(await t.call('powers', 'matter', { matterId: m.id }, tokens.resident)).steps[1].note).toBe('经查有赌博欠债');
    expect((await t.call('powers', 'release', { matterId: m.id }, tokens['village-cadre'])).body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});

describe('powers: content security in the overdue reminders', () => {
  it('names a matter with a held title by the placeholder when the timer tells the supervisor and handlers', async () => {
    const m = ok(await t.call('powers', 'apply', { code: 'ZM-02', title: '宅基地（钱是赌博赢的）' }, tokens.resident));
    clock.freeze(new Date(Date.now() + 20 * DAY_MS));
    await powers.runTimer('overdue');
    const late = (await inbox(tokens.supervisor!)).filter((n) => n.kind === 'matter.overdue' && n.link?.id === m.id);
    expect(late).toHaveLength(1);
    expect(late[0]!.body).toContain(HELD_PLACEHOLDER);
    expect(JSON.stringify(await inbox(tokens['village-cadre']!))).not.toContain('钱是赌博赢的');
  });
});

describe('powers: content security on complaints and reminder talks', () => {
  it('holds a flagged complaint and answer, keeps them out of the messages, and lets a supervisor release them', async () => {
    const m = ok(await apply({}));
    const after = ok(await t.call('powers', 'complain', { matterId: m.id, text: '村干部让我去刷单才给办' }, tokens.resident));
    expect(after.complaints[0].text).toContain('刷单');
    expect(after.complaints[0].held).toEqual([{ field: 'text', reason: '疑似欺诈内容' }]);
    expect(after.complaints[0].canRelease).toBe(false);
    expect((await inbox(tokens.resident!)).filter((n) => n.kind === 'content.held' && n.link?.id === m.id)).toHaveLength(1);
    const toSupervisor = (await inbox(tokens.supervisor!)).find((n) => n.kind === 'matter.complaint' && n.body.includes(HELD_PLACEHOLDER));
    expect(toSupervisor).toBeDefined();
    expect(JSON.stringify(await inbox(tokens.supervisor!))).not.toContain('刷单才给办');

    const listed = ok(await t.call('powers', 'complaints', { status: 'open', limit: 50 }, tokens.supervisor)).items.find((c: { matterId: string }) => c.matterId === m.id);
    expect(listed).toMatchObject({ text: '村干部让我去刷单才给办', canRelease: true, held: [{ field: 'text', reason: '疑似欺诈内容' }] });

    const handled = ok(await t.call('powers', 'handleComplaint', { complaintId: listed.id, reply: '经查没有人要求刷单，已批评教育' }, tokens.supervisor));
    expect(handled.reply).toContain('刷单');
    expect(handled.held).toHaveLength(2);
    const answer = (await inbox(tokens.resident!)).find((n) => n.kind === 'matter.complaint-handled' && n.link?.id === m.id)!;
    expect(answer.body).toContain(HELD_PLACEHOLDER);
    expect(answer.body).not.toContain('已批评教育');
    const mine = ok(await t.call('powers', 'matter', { matterId: m.id }, tokens.resident)).complaints[0];
    expect(mine.text).toContain('刷单');
    expect(mine.reply).toBe(HELD_PLACEHOLDER);
    expect(mine.held).toEqual([{ field: 'text', reason: '疑似欺诈内容' }]);
    const exported = (await exportOf(t, tokens.resident)).powers.complaints.find((c: { matterId: string }) => c.matterId === m.id);
    expect(exported).toMatchObject({ text: '村干部让我去刷单才给办', reply: HELD_PLACEHOLDER });

    const before = await snapshot();
    expect((await t.call('powers', 'releaseComplaint', { complaintId: listed.id }, tokens.resident)).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await t.call('powers', 'releaseComplaint', { complaintId: listed.id }, tokens['village-cadre'])).body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await snapshot()).toEqual(before);

    // The supervisor frees the complainant's text; their own answer waits for another supervisor.
    const half = ok(await t.call('powers', 'releaseComplaint', { complaintId: listed.id }, tokens.supervisor));
    expect(half).toMatchObject({ canRelease: false, held: [{ field: 'reply', reason: '疑似欺诈内容' }] });
    expect((await t.call('powers', 'releaseComplaint', { complaintId: listed.id }, tokens.supervisor)).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(ok(await t.call('powers', 'matter', { matterId: m.id }, tokens.resident)).complaints[0].reply).toBe(HELD_PLACEHOLDER);
    const released = ok(await t.call('powers', 'releaseComplaint', { complaintId: listed.id }, tokens.otherSupervisor));
    expect(released).toMatchObject({ canRelease: false, reply: '经查没有人要求刷单，已批评教育' });
    expect(released.held).toBeUndefined();
    expect(await t.count('auditLog', { action: 'powers.releaseComplaint', 'target.id': listed.id })).toBe(2);
    expect(ok(await t.call('powers', 'matter', { matterId: m.id }, tokens.resident)).complaints[0].reply).toBe('经查没有人要求刷单，已批评教育');
    expect((await inbox(tokens.resident!)).some((n) => n.kind === 'content.released' && n.link?.id === m.id)).toBe(true);
    expect((await inbox(tokens.resident!)).some((n) => n.kind === 'content.visible' && n.link?.id === m.id)).toBe(true);
  });

  it('holds a flagged reminder talk from the cadre talked with until a supervisor releases it', async () => {
    const talk = ok(
      await t.call('powers', 'recordTalk', { cadreId: 'village-cadre', stage: 'during', date: chinaDate(new Date()), topic: '提醒远离赌博和六合彩', followUp: '一个月内书面报告整改情况' }, tokens.supervisor),
    );
    expect(talk.topic).toContain('赌博');
    expect(talk.held).toEqual([{ field: 'topic', reason: '疑似违法犯罪内容' }]);
    // The supervisor wrote it: another supervisor reviews it.
    expect(talk.canRelease).toBe(false);
    expect((await inbox(tokens.supervisor!)).some((n) => n.kind === 'content.held' && n.link?.id === talk.id)).toBe(true);

    const cadreNote = (await inbox(tokens['village-cadre']!)).find((n) => n.kind === 'power.talk' && n.link?.id === talk.id)!;
    expect(cadreNote.body).toContain(HELD_PLACEHOLDER);
    expect(cadreNote.body).toContain('一个月内书面报告整改情况');
    const cadreView = ok(await t.call('powers', 'talks', { scope: 'mine', limit: 50 }, tokens['village-cadre'])).items.find((x: { id: string }) => x.id === talk.id);
    expect(cadreView).toMatchObject({ topic: HELD_PLACEHOLDER, followUp: '一个月内书面报告整改情况', canRelease: false });
    expect(cadreView.held).toBeUndefined();
    expect(JSON.stringify(await inbox(tokens['village-cadre']!))).not.toContain('六合彩');

    const before = await snapshot();
    expect((await t.call('powers', 'releaseTalk', { talkId: talk.id }, tokens['village-cadre'])).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await t.call('powers', 'releaseTalk', { talkId: talk.id }, tokens['county-admin'])).body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await snapshot()).toEqual(before);

    expect((await t.call('powers', 'releaseTalk', { talkId: talk.id }, tokens.supervisor)).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await snapshot()).toEqual(before);
    ok(await t.call('powers', 'releaseTalk', { talkId: talk.id }, tokens.otherSupervisor));
    expect(await t.count('auditLog', { action: 'powers.releaseTalk', 'target.id': talk.id })).toBe(1);
    const released = ok(await t.call('powers', 'talks', { scope: 'mine', limit: 50 }, tokens['village-cadre'])).items.find((x: { id: string }) => x.id === talk.id);
    expect(released.topic).toBe('提醒远离赌博和六合彩');
    expect((await inbox(tokens['village-cadre']!)).some((n) => n.kind === 'content.visible' && n.link?.id === talk.id)).toBe(true);
  });
});

describe('powers: release and checked actions with bad input write nothing', () => {
  it('answers INVALID_INPUT for a release without an id or with an unknown field, and for flagged text over the limit', async () => {
    const m = ok(await apply({ note: '赌博' }));
    const before = await snapshot();
    const stored = JSON.stringify((await t.runtime.db.collection('matters').doc(m.id).get()).data);
    for (const [action, data] of [
      ['release', {}],
      ['release', { matterId: m.id, force: true }],
      ['releaseComplaint', { complaintId: '' }],
      ['releaseTalk', {}],
      ['apply', { code: 'MS-01', note: `赌博${'很'.repeat(200)}` }],
      ['complain', { matterId: m.id, text: '刷单' }],
      ['advance', { matterId: m.id, stepIndex: 1, note: `刷单${'多'.repeat(300)}` }],
    ] as const) {
      const res = await t.call('powers', action, data, tokens['village-cadre']);
      expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(await snapshot()).toEqual(before);
    expect(JSON.stringify((await t.runtime.db.collection('matters').doc(m.id).get()).data)).toBe(stored);
  });
});
