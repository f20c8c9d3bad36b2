import { clock, DAY_MS } from '../../cloudfunctions/_lib/clock';
import { councils } from '../../cloudfunctions/councils';
import type { CouncilDecisionRecord, CouncilRecord, CouncilTopicRecord } from '../../shared/domain/council-records';
import { dispatchNow } from '../support/dispatch';
import { exportOf } from '../support/my-data';
import { ok, snapshotCounts, startTestRuntime, type CallResult, type TestRuntime } from '../support/runtime';

// Tuesday 8 December 2026, 10:00 in Qianyang.
const NOW = '2026-12-08T02:00:00.000Z';
const V = 'v-fengfang';
const COUNCIL_COLLECTIONS = ['councils', 'councilTurns', 'councilTopics', 'councilSupports', 'councilFollows', 'councilMeetings', 'councilVotes', 'councilVoters', 'councilBallots', 'councilDecisions', 'auditLog', 'notifications'];

let t: TestRuntime;
let cadre: string;
let resident: string;
let outsider: string;
let unitRep: string;
let reps: string;
let town: string;

const code = (r: CallResult) => (r.body.ok ? 'OK' : r.body.error.code);
const doc = async <T>(collection: string, id: string) => ((await t.runtime.db.collection(collection).doc(id).get()).data as T[])[0]!;
let n = 0;
const rid = () => `req-council-${++n}-${Date.now()}`;

beforeAll(async () => {
  clock.freeze(NOW);
  t = await startTestRuntime();
  cadre = await t.login('village-cadre');
  resident = await t.login('resident');
  town = await t.login('town-cadre');
  outsider = await t.loginOpenid('demo-r-v-xijie');
  unitRep = await t.loginOpenid('demo-pm-fengfang-1');
  reps = await t.loginOpenid('demo-r-fengfang-1');
}, 60_000);
afterAll(async () => {
  await t.close();
  clock.reset();
});

describe('the council and its rotation (轮席)', () => {
  it('shows the village council publicly: bodies, the order, who chaired and who passed, the body due', async () => {
    const res = ok(await t.call('councils', 'council', { villageId: V }));
    expect(res.council.bodies.map((b: { name: string }) => b.name)).toEqual(['冯坊村党支部', '居民代表', '驻村单位（冯坊小学）', '商户代表', '乡贤']);
    expect(res.council.turns.map((x: { bodyName: string; kind: string }) => `${x.bodyName}:${x.kind}`)).toEqual(['居民代表:passed', '冯坊村党支部:chaired']);
    expect(res.council.due).toEqual({ key: 'unit', name: '驻村单位（冯坊小学）' });
    // The body that passed keeps its turn: it comes first next time.
    expect(res.council.upcoming.map((u: { key: string }) => u.key)).toEqual(['unit', 'reps', 'merchants', 'worthies', 'party']);
    expect(res.council.upcoming[1]).toEqual({ key: 'reps', name: '居民代表', owed: true });
    // Representatives are named by surname only.
    for (const b of res.council.bodies) for (const r of b.representatives) expect(r.name).toMatch(/^.(女士|先生|\*\*)$/);
  });

  it('refuses a meeting called by a body whose turn it is not, and writes nothing', async () => {
    const before = await snapshotCounts(t, COUNCIL_COLLECTIONS);
    const res = await t.call('councils', 'callMeeting', { villageId: V, bodyKey: 'party', date: '2026-12-15', time: '19:30', place: '村委会议室', topicIds: ['ct-seed-waste'], requestId: rid() }, cadre);
    expect(code(res)).toBe('CONFLICT');
    expect(res.body.ok ? '' : res.body.error.message).toContain('驻村单位');
    expect(await snapshotCounts(t, COUNCIL_COLLECTIONS)).toEqual(before);
  });

  it('lets only the due body pass, records the pass publicly, and then its owed turn and the order go on', async () => {
    expect(code(await t.call('councils', 'passTurn', { villageId: V, bodyKey: 'party', reason: '想先让别人来' }, cadre))).toBe('CONFLICT');
    const passed = ok(await t.call('councils', 'passTurn', { villageId: V, bodyKey: 'unit', reason: '学校期末考试，老师们抽不开身' }, unitRep));
    expect(passed.due.key).toBe('merchants');
    expect(passed.turns[0]).toMatchObject({ bodyName: '驻村单位（冯坊小学）', kind: 'passed', reason: '学校期末考试，老师们抽不开身' });
    // The audit entry rides on the turn's record; the dispatch timer writes it out.
    expect(await t.count('auditLog', { action: 'councils.passTurn' })).toBe(0);
    await dispatchNow();
    expect(await t.count('auditLog', { action: 'councils.passTurn' })).toBe(1);
    // Merchants chair this one; then the owed bodies come first: 居民代表, then 驻村单位.
    const council = await doc<CouncilRecord>('councils', 'cn-v-fengfang');
    expect(council.rotation.owed).toEqual(['reps', 'unit']);
  });

  it('refuses a pass by someone who does not represent the body, and bad input, writing nothing', async () => {
    const before = await snapshotCounts(t, COUNCIL_COLLECTIONS);
    expect(code(await t.call('councils', 'passTurn', { villageId: V, bodyKey: 'merchants', reason: '不想主持' }, resident))).toBe('FORBIDDEN');
    const bad = await t.call('councils', 'passTurn', { villageId: V, bodyKey: 'merchants', reason: '' }, resident);
    expect(code(bad)).toBe('INVALID_INPUT');
    expect(bad.body.ok ? [] : bad.body.error.issues).toEqual([{ path: 'reason', message: expect.stringMatching(/[\u4e00-\u9fa5]/) }]);
    expect(await snapshotCounts(t, COUNCIL_COLLECTIONS)).toEqual(before);
  });

  it('lets only the village party organisation (or the town) set up the council, and checks the order', async () => {
    const current = ok(await t.call('councils', 'council', { villageId: V })).council;
    const bodies = current.bodies.map((b: { key: string; kind: string; name: string; representatives: { id: string }[] }) => ({ key: b.key, kind: b.kind, name: b.name, representativeIds: b.representatives.map((r) => r.id) }));
    const input = { villageId: V, name: '冯坊村议事会', secretaryId: 'village-cadre', bodies, order: current.order };
    expect(code(await t.call('councils', 'saveCouncil', input, resident))).toBe('FORBIDDEN');
    const before = await snapshotCounts(t, COUNCIL_COLLECTIONS);
    const wrongOrder = await t.call('councils', 'saveCouncil', { ...input, order: current.order.slice(1) }, cadre);
    expect(code(wrongOrder)).toBe('INVALID_INPUT');
    expect(await snapshotCounts(t, COUNCIL_COLLECTIONS)).toEqual(before);
    // Saving keeps the rotation's place.
    const saved = ok(await t.call('councils', 'saveCouncil', input, town));
    expect(saved.due.key).toBe('merchants');
  });
});

describe('topics: raised, checked against the list, supported by households', () => {
  it('forwards a topic outside the agenda list to the unit that can act, and refuses a private matter with the reason', async () => {
    const fwd = ok(await t.call('councils', 'raiseTopic', { villageId: V, itemCode: 'WJ-01', title: '邻居占了我家的地', content: '隔壁盖房子多占了我家半米宅基地，说了几次都不听。', requestId: rid() }, resident));
    expect(fwd.status).toBe('forwarded');
    expect(fwd.forwardTo).toBe('村人民调解委员会');
    const refused = ok(await t.call('councils', 'raiseTopic', { villageId: V, itemCode: 'WJ-04', title: '我家儿子的婚事', content: '想请大家帮忙商量一下我家儿子的婚事怎么办。', requestId: rid() }, resident));
    expect(refused.status).toBe('refused');
    expect(refused.refusal).toContain('私事');
    await dispatchNow();
    expect(await t.count('notifications', { recipientId: 'resident', kind: 'council.topicForwarded' })).toBe(1);
    expect(await t.count('notifications', { recipientId: 'resident', kind: 'council.topicRefused' })).toBe(1);
  });

  it('refuses a topic from someone outside the village, and bad input, writing nothing', async () => {
    const before = await snapshotCounts(t, COUNCIL_COLLECTIONS);
    expect(code(await t.call('councils', 'raiseTopic', { villageId: V, itemCode: 'YS-01', title: '修一修村口的路', content: '村口那段路坑坑洼洼，下雨天没法走。', requestId: rid() }, outsider))).toBe('FORBIDDEN');
    const bad = await t.call('councils', 'raiseTopic', { villageId: V, itemCode: 'YS-1', title: '路', content: '短', requestId: rid() }, resident);
    expect(code(bad)).toBe('INVALID_INPUT');
    expect((bad.body.ok ? [] : bad.body.error.issues!).map((i) => i.path).sort()).toEqual(['content', 'itemCode', 'title']);
    expect(await snapshotCounts(t, COUNCIL_COLLECTIONS)).toEqual(before);
  });

  it('counts one support per household: a second from the same household is refused, the threshold puts it on the agenda', async () => {
    const seeded = await doc<CouncilTopicRecord>('councilTopics', 'ct-seed-drains');
    expect(seeded.supports).toBe(seeded.threshold - 1);
    const first = ok(await t.call('councils', 'support', { topicId: 'ct-seed-drains' }, resident));
    expect(first.supports).toBe(seeded.threshold);
    expect(first.status).toBe('agenda');
    // r-fengfang-1 lives in the same household as the resident persona.
    const again = await t.call('councils', 'support', { topicId: 'ct-seed-drains' }, reps);
    expect(code(again)).toBe('CONFLICT');
    expect(await t.count('councilSupports', { topicId: 'ct-seed-drains' })).toBe(seeded.threshold);
    expect((await doc<CouncilTopicRecord>('councilTopics', 'ct-seed-drains')).supports).toBe(seeded.threshold);
    // The raiser follows their topic and is told it is on the agenda (the notice rides on the topic's write).
    await dispatchNow();
    expect(await t.count('notifications', { recipientId: seeded.raisedBy.userId, kind: 'council.topicProgress' })).toBe(1);
    expect(code(await t.call('councils', 'support', { topicId: 'ct-seed-drains' }, outsider))).toBe('FORBIDDEN');
  });

  it('counts once when the same household supports from two phones at the same moment', async () => {
    const topic = ok(await t.call('councils', 'raiseTopic', { villageId: V, itemCode: 'YS-05', title: '春节办一场村晚', content: '过年在外打工的人都回来了，想在文化广场办一场村晚，大家一起热闹热闹。', requestId: rid() }, resident));
    const results = await Promise.all([resident, reps, resident, reps, resident, reps].map((tok) => t.call('councils', 'support', { topicId: topic.id }, tok)));
    expect(results.map(code).filter((c) => c === 'OK')).toHaveLength(1);
    expect(results.map(code).filter((c) => c !== 'OK').every((c) => c === 'CONFLICT')).toBe(true);
    expect(await t.count('councilSupports', { topicId: topic.id })).toBe(1);
    expect((await doc<CouncilTopicRecord>('councilTopics', topic.id)).supports).toBe(1);
  });

  it('merges a duplicate: its supports carried over, a household that supported both counted once', async () => {
    const a = ok(await t.call('councils', 'raiseTopic', { villageId: V, itemCode: 'YS-02', title: '河边垃圾清理', content: '村东小河边堆了很多垃圾，夏天有味道，希望组织清理。', requestId: rid() }, resident));
    const other = await t.loginOpenid('demo-r-fengfang-2');
    const b = ok(await t.call('councils', 'raiseTopic', { villageId: V, itemCode: 'YS-02', title: '小河垃圾要清', content: '村东小河垃圾太多了，希望村里组织大家清一清。', requestId: rid() }, other));
    ok(await t.call('councils', 'support', { topicId: a.id }, resident));
    ok(await t.call('councils', 'support', { topicId: b.id }, resident));
    ok(await t.call('councils', 'support', { topicId: b.id }, other));
    expect(code(await t.call('councils', 'mergeTopic', { topicId: b.id, intoId: a.id }, resident))).toBe('FORBIDDEN');
    const merged = ok(await t.call('councils', 'mergeTopic', { topicId: b.id, intoId: a.id }, cadre));
    expect(merged.supports).toBe(2);
    expect(await t.count('councilSupports', { topicId: a.id })).toBe(2);
    expect((await doc<CouncilTopicRecord>('councilTopics', b.id)).status).toBe('merged');
    expect(code(await t.call('councils', 'support', { topicId: b.id }, outsider))).toBe('FORBIDDEN');
  });
});

describe('a meeting, its minutes, a consensus decision carried out', () => {
  let meetingId: string;
  let decisionId: string;

  it('is called by the due body: the rotation moves on, the turn is public, every representative is told', async () => {
    const merchants = await t.loginOpenid('demo-r-fengfang-3');
    const before = await t.count('notifications', { kind: 'council.meetingCalled' });
    const m = ok(await t.call('councils', 'callMeeting', { villageId: V, bodyKey: 'merchants', date: '2026-12-15', time: '19:30', place: '村委会议室', topicIds: ['ct-seed-waste', 'ct-seed-drains'], requestId: 'call-meeting-merchants' }, merchants));
    meetingId = m.id;
    expect(m.chairName).toBe('商户代表');
    expect(m.topics.map((x: { status: string }) => x.status)).toEqual(['scheduled', 'scheduled']);
    // Representatives of every body, and the party secretary: 2 + 3 + 1 + 1 + 1 people, the secretary among them
    // (the notices ride on the meeting's record until the dispatch timer writes them out).
    await dispatchNow();
    expect((await t.count('notifications', { kind: 'council.meetingCalled' })) - before).toBe(8);
    const council = ok(await t.call('councils', 'council', { villageId: V })).council;
    expect(council.turns[0]).toMatchObject({ bodyName: '商户代表', kind: 'chaired', meetingId: m.id });
    expect(council.due.key).toBe('reps');
    // A retry of the same request returns the same meeting, nothing twice.
    const again = ok(await t.call('councils', 'callMeeting', { villageId: V, bodyKey: 'merchants', date: '2026-12-15', time: '19:30', place: '村委会议室', topicIds: ['ct-seed-waste'], requestId: 'call-meeting-merchants' }, merchants));
    expect(again.id).toBe(m.id);
    expect(await t.count('councilMeetings', { chairKey: 'merchants' })).toBe(1);
  });

  it('lets only the chair record attendance and minutes with opinions by body', async () => {
    const merchants = await t.loginOpenid('demo-r-fengfang-3');
    expect(code(await t.call('councils', 'recordAttendance', { meetingId, present: ['resident'] }, cadre))).toBe('FORBIDDEN');
    const strangers = await t.call('councils', 'recordAttendance', { meetingId, present: ['resident', 'police'] }, merchants);
    expect(code(strangers)).toBe('INVALID_INPUT');
    const att = ok(await t.call('councils', 'recordAttendance', { meetingId, present: ['resident', 'village-cadre', 'r-fengfang-3', 'mediator'] }, merchants));
    expect(att.attendance.find((b: { bodyKey: string }) => b.bodyKey === 'reps').members.filter((p: { present: boolean }) => p.present)).toHaveLength(1);
    const min = ok(
      await t.call(
        'councils',
        'recordMinutes',
        { meetingId, topicId: 'ct-seed-waste', options: ['挪到村口空地', '原地加装围挡'], opinions: [{ bodyKey: 'reps', text: '挪到村口，离住户远一些' }, { bodyKey: 'party', text: '村口空地可以，清运车好进出' }], summary: '倾向挪到村口' },
        merchants,
      ),
    );
    expect(min.minutes[0].opinions.map((o: { bodyName: string }) => o.bodyName)).toEqual(['居民代表', '冯坊村党支部']);
  });

  it('records a consensus decision (for a consensus topic), audited, then carried out step by step; overdue steps alert the chair and the secretary once', async () => {
    const merchants = await t.loginOpenid('demo-r-fengfang-3');
    // A consensus topic raised by the 党支部 goes straight on the agenda; the next meeting is the owed 居民代表's.
    const topic = ok(await t.call('councils', 'raiseTopic', { villageId: V, itemCode: 'YS-03', title: '健身器材旁加装一盏灯', content: '晚上锻炼的人多，健身器材那里太黑，建议加装一盏路灯。', bodyKey: 'party', requestId: rid() }, cadre));
    expect(topic.status).toBe('agenda');
    const m = ok(await t.call('councils', 'callMeeting', { villageId: V, bodyKey: 'reps', date: '2026-12-20', time: '19:00', place: '文化广场', topicIds: [topic.id], requestId: rid() }, reps));
    const decided = ok(await t.call('councils', 'decide', { meetingId: m.id, topicId: topic.id, text: '在健身器材旁加装一盏太阳能路灯' }, reps));
    decisionId = decided.topics[0].decisionId;
    expect(decisionId).toBeTruthy();
    // The audit entry rides on the decision's record until the dispatch timer writes it out.
    await dispatchNow();
    expect(await t.count('auditLog', { action: 'councils.decide', 'target.id': decisionId })).toBe(1);
    expect(code(await t.call('councils', 'decide', { meetingId: m.id, topicId: topic.id, text: '再决定一次看看' }, reps))).toBe('CONFLICT');
    expect(code(await t.call('councils', 'planDecision', { decisionId, responsibleKey: 'merchants', steps: [{ title: '采购路灯', dueDate: '2026-12-10' }] }, outsider))).toBe('FORBIDDEN');
    const planned = ok(await t.call('councils', 'planDecision', { decisionId, responsibleKey: 'merchants', steps: [{ title: '采购路灯', dueDate: '2026-12-10' }, { title: '安装调试', dueDate: '2026-12-20' }] }, reps));
    expect(planned.status).toBe('in-progress');
    ok(await t.call('councils', 'reportStep', { decisionId, stepId: 's1', progress: 60, note: '已联系供货商' }, merchants));
    // Two days past the first deadline: two overlapping timer runs alert once.
    clock.freeze(new Date(new Date(NOW).getTime() + 3 * DAY_MS).toISOString());
    await Promise.all([councils.runTimer('tick'), councils.runTimer('tick')]);
    const alerts = await t.count('notifications', { kind: 'council.stepOverdue' });
    // The chair body (居民代表, 3 people) and the party secretary.
    expect(alerts).toBe(4);
    await councils.runTimer('tick');
    expect(await t.count('notifications', { kind: 'council.stepOverdue' })).toBe(4);
    const view = ok(await t.call('councils', 'decision', { decisionId }));
    expect(view.steps[0]).toMatchObject({ title: '采购路灯', progress: 60, overdue: true, done: false });
    clock.freeze(NOW);
  });

  it('lets residents rate the result once it is done, once per household', async () => {
    const merchants = await t.loginOpenid('demo-r-fengfang-3');
    expect(code(await t.call('councils', 'rateDecision', { decisionId, stars: 5 }, resident))).toBe('CONFLICT');
    ok(await t.call('councils', 'reportStep', { decisionId, stepId: 's1', progress: 100, note: '路灯到货' }, merchants));
    const done = ok(await t.call('councils', 'reportStep', { decisionId, stepId: 's2', progress: 100, note: '已亮灯' }, merchants));
    expect(done.status).toBe('done');
    const rated = ok(await t.call('councils', 'rateDecision', { decisionId, stars: 4 }, resident));
    expect(rated.rating).toMatchObject({ count: 1, average: 4, mine: 4, canRate: false });
    expect(code(await t.call('councils', 'rateDecision', { decisionId, stars: 1 }, reps))).toBe('CONFLICT');
    expect((await doc<CouncilDecisionRecord>('councilDecisions', decisionId)).ratingSum).toBe(4);
  });
});

describe('a representatives\' vote with a secret ballot', () => {
  it('lets each representative vote once, shows who voted but never what, and closes final with the exact count from the ballots', async () => {
    const unit = unitRep;
    const topic = ok(await t.call('councils', 'raiseTopic', { villageId: V, itemCode: 'YS-02', title: '每周六上午全村大扫除', content: '建议每周六上午各户打扫房前屋后，网格长检查，评比结果计入积分。', bodyKey: 'party', requestId: rid() }, cadre));
    const m = ok(await t.call('councils', 'callMeeting', { villageId: V, bodyKey: 'unit', date: '2026-12-22', time: '15:00', place: '冯坊小学', topicIds: [topic.id], requestId: rid() }, unit));
    const opened = ok(await t.call('councils', 'decide', { meetingId: m.id, topicId: topic.id, text: '是否同意每周六上午全村大扫除', secret: true }, unit));
    const voteId = opened.topics[0].voteId;
    const voters: [string, string][] = [
      [cadre, 'agree'],
      [await t.login('grid-leader'), 'agree'],
      [resident, 'disagree'],
      [reps, 'abstain'],
      [unit, 'agree'],
      [await t.login('mediator'), 'agree'],
    ];
    const results = await Promise.all(voters.map(([tok, choice]) => t.call('councils', 'castVote', { voteId, choice }, tok)));
    expect(results.map(code)).toEqual(['OK', 'OK', 'OK', 'OK', 'OK', 'OK']);
    expect(code(await t.call('councils', 'castVote', { voteId, choice: 'disagree' }, resident))).toBe('CONFLICT');
    expect(code(await t.call('councils', 'castVote', { voteId, choice: 'agree' }, outsider))).toBe('FORBIDDEN');
    // Nobody can read who voted what: not the view, not the stored voter rows.
    const view = ok(await t.call('councils', 'vote', { voteId }, cadre));
    expect(view.voters).toHaveLength(6);
    expect(view.voters.every((v: { choice: unknown }) => v.choice === null)).toBe(true);
    expect(view.myChoice).toBeNull();
    expect(await t.count('councilVoters', { voteId, choice: null })).toBe(6);
    expect(code(await t.call('councils', 'closeVote', { voteId }, cadre))).toBe('FORBIDDEN');
    const closed = ok(await t.call('councils', 'closeVote', { voteId }, unit));
    // 8 representatives, 6 voted (quorum 0.6 → 5); 4 同意 of 6 > half.
    expect(closed.result).toMatchObject({ agree: 4, disagree: 1, abstain: 1, cast: 6, outcome: 'adopted' });
    expect(await t.count('councilBallots', { voteId })).toBe(6);
    // The close's audit entry rides on what the result changed until the dispatch timer writes it out.
    await dispatchNow();
    expect(await t.count('auditLog', { action: 'councils.closeVote', 'target.id': voteId })).toBe(1);
    // Closed is final: no more ballots, no second close.
    expect(code(await t.call('councils', 'castVote', { voteId, choice: 'agree' }, await t.loginOpenid('demo-r-fengfang-2')))).toBe('CONFLICT');
    expect(code(await t.call('councils', 'closeVote', { voteId }, unit))).toBe('CONFLICT');
    expect((await doc<CouncilTopicRecord>('councilTopics', topic.id)).status).toBe('decided');
  });
});

describe('the privacy export', () => {
  it('gives the person their council data: topics raised, supports, follows, ballots — a secret ballot without its choice', async () => {
    const data = await exportOf(t, resident);
    expect(data.councils.topics.map((x: { title: string }) => x.title)).toEqual(expect.arrayContaining(['春节办一场村晚', '河边垃圾清理']));
    expect(data.councils.supports.map((x: { topicId: string }) => x.topicId)).toContain('ct-seed-drains');
    expect(data.councils.follows.length).toBeGreaterThan(0);
    expect(data.councils.ballots).toHaveLength(1);
    expect(data.councils.ballots[0].choice).toBeNull();
    expect(data.councils.ratings).toEqual([{ decisionId: expect.any(String), stars: 4, at: expect.any(String) }]);
    expect(data.councils.honours.map((h: { title: string }) => h.title)).toContain('最美社区人');
  });
});

describe('the agenda list and the figures, kept as data and edited by their owners', () => {
  it('lets the county edit its standard items and figures, a village its own items, and nobody else', async () => {
    const admin = await t.login('county-admin');
    const item = { code: 'YS-09', title: '村集体闲置房屋利用', description: '村集体闲置的房屋、场地怎么用，租给谁。', rule: 'households', forwardTo: null, refusal: null, active: true };
    expect(code(await t.call('councils', 'saveAgendaItem', { ...item, unitId: 'qianyang' }, cadre))).toBe('FORBIDDEN');
    expect(code(await t.call('councils', 'saveAgendaItem', { ...item, unitId: V }, resident))).toBe('FORBIDDEN');
    expect(code(await t.call('councils', 'saveAgendaItem', { ...item, unitId: V, forwardTo: '镇政府', refusal: '不受理' }, cadre))).toBe('INVALID_INPUT');
    ok(await t.call('councils', 'saveAgendaItem', { ...item, unitId: V }, cadre));
    const list = ok(await t.call('councils', 'agenda', { villageId: V }));
    expect(list.items.find((i: { code: string }) => i.code === 'YS-09')).toMatchObject({ scope: 'village', rule: 'households' });
    // Another village does not get 冯坊村's own item.
    expect(ok(await t.call('councils', 'agenda', { villageId: 'v-xijie' })).items.some((i: { code: string }) => i.code === 'YS-09')).toBe(false);
    const settings = ok(await t.call('councils', 'settings', {}, admin));
    expect(code(await t.call('councils', 'saveSettings', { ...settings, honourTieRuleLabel: undefined, supportThreshold: 3 }, cadre))).toBe('FORBIDDEN');
    const { honourTieRuleLabel: _label, ...figures } = settings;
    ok(await t.call('councils', 'saveSettings', { ...figures, supportThreshold: 3 }, admin));
    const topic = ok(await t.call('councils', 'raiseTopic', { villageId: V, itemCode: 'YS-09', title: '老学校改成老年活动室', content: '村里的老学校空了好几年，建议改成老年活动室，冬天老人有个地方取暖聊天。', requestId: rid() }, resident));
    expect(topic.threshold).toBe(3);
    expect(await t.count('auditLog', { action: 'councils.saveSettings' })).toBe(1);
    expect(await t.count('auditLog', { action: 'councils.saveAgendaItem' })).toBe(1);
  });
});
