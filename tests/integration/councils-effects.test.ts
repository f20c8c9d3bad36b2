import { clock } from '../../cloudfunctions/_lib/clock';
import { councils } from '../../cloudfunctions/councils';
import { COLLECTIONS } from '../../cloudfunctions/_lib/collections';
import { covenantIdOf, decisionIdOf, supportIdOf } from '../../cloudfunctions/councils/store';
import type { CouncilSupportRecord } from '../../shared/domain/council-records';
import type { HouseholdRecord, UserRecord } from '../../shared/domain/records';
import { SqlCounts, j } from '../support/county-checks';
import { dispatchNow } from '../support/dispatch';
import { watchQueries } from '../support/query-watch';
import { ok, startTestRuntime, type CallResult, type TestRuntime } from '../support/runtime';

/**
 * 议事协商's topics inside the resident budget (issue 13): raising a topic is one add of the topic that
 * carries its notices and audit entry (`_lib/effects.ts`), then the raiser's follow; a support is the add
 * of the household's row, a count of the rows and one conditional write of the count — no transaction.
 * Figures are checked with plain SQL over the SQLite file.
 */
// Tuesday 8 December 2026, 10:00 in Qianyang.
const NOW = '2026-12-08T02:00:00.000Z';
const V = 'v-fengfang';
const BUDGET = { resident: 6, cadre: 12 } as const;

let t: TestRuntime;
let sql: SqlCounts;
let resident: string;
let n = 0;
const rid = () => `req-council-fx-${++n}`;
const code = (r: CallResult) => (r.body.ok ? 'OK' : r.body.error.code);

beforeAll(async () => {
  clock.freeze(NOW);
  t = await startTestRuntime();
  sql = new SqlCounts(t.runtime.engine);
  resident = await t.login('resident');
}, 60_000);
afterAll(async () => {
  await t.close();
  clock.reset();
});

/** `count` new households of 冯坊村, each with one confirmed member, written straight into the database and signed in. */
async function households(prefix: string, count: number): Promise<{ tokens: string[]; ids: string[] }> {
  const base = ((await t.runtime.db.collection('users').doc('r-fengfang-3').get()).data as UserRecord[])[0]!;
  const path = base.residence!.path;
  const hs: HouseholdRecord[] = Array.from({ length: count }, (_, i) => ({ _id: `${prefix}-h${i}`, unitId: V, gridId: 'g-fengfang-1', path, headName: `户主${i}`, address: `${i}号`, resettled: false }));
  await t.runtime.db.collection('households').add(hs);
  const users: UserRecord[] = hs.map((h, i) => ({
    ...base,
    _id: `${prefix}-${i}`,
    openid: `${prefix}-${i}`,
    name: `居民${i}`,
    roles: [],
    roleKeys: [],
    demo: false,
    residence: { unitId: V, gridId: 'g-fengfang-1', householdId: h._id, householdConfirmed: true, path },
  }));
  await t.runtime.db.collection('users').add(users);
  const tokens: string[] = [];
  for (const u of users) tokens.push(await t.loginOpenid(u.openid));
  return { tokens, ids: hs.map((h) => h._id) };
}

const raise = (token: string, title: string, extra: object = {}) =>
  t.call('councils', 'raiseTopic', { villageId: V, itemCode: 'YS-05', title, content: `${title}：想请议事会商量一下，大家一起出出主意。`, requestId: rid(), ...extra }, token);

const COVENANT = covenantIdOf(V, 1);
const DECISION = decisionIdOf('ct-seed-square');
const rowsOfRatings = () => sql.one(COLLECTIONS.councilRatings.name, 'count(*)', `WHERE ${j('decisionId')} = ?`, DECISION);
const rowsOf = (topicId: string) => sql.one(COLLECTIONS.councilSupports.name, 'count(*)', `WHERE ${j('topicId')} = ?`, topicId);
const supportsOf = (topicId: string) => sql.one(COLLECTIONS.councilTopics.name, j('supports'), 'WHERE _id = ?', topicId);
const statusOf = (topicId: string) => sql.all<{ s: string }>(COLLECTIONS.councilTopics.name, `${j('status')} AS s`, 'WHERE _id = ?', topicId)[0]!.s;
const progressNotices = (topicId: string) => sql.one(COLLECTIONS.notifications.name, 'count(*)', `WHERE ${j('kind')} = 'council.topicProgress' AND ${j('link.id')} = ?`, topicId);

describe('topic actions: requests within budget, the same at two sizes', () => {
  /**
   * A topic of the village grown by what a support could be tempted to read per item: `size` support rows
   * of other households, `size` followers, and `size` more topics and follows in the village. Its threshold
   * is set two above its supports, so the second support measured puts it on the agenda.
   */
  async function grownTopic(size: number): Promise<string> {
    const topic = ok(await raise(resident, `预算议题${size}`));
    const at = clock.nowIso();
    await t.runtime.db.collection(COLLECTIONS.councilSupports.name).add(
      Array.from({ length: size }, (_, i): CouncilSupportRecord => ({ _id: supportIdOf(topic.id, `grow-${size}-h${i}`), topicId: topic.id, householdId: `grow-${size}-h${i}`, userId: `grow-${size}-${i}`, fromTopicId: null, at })),
    );
    await t.runtime.db.collection(COLLECTIONS.councilFollows.name).add(Array.from({ length: size }, (_, i) => ({ _id: `${topic.id}-grow-${size}-${i}`, topicId: topic.id, userId: `grow-${size}-${i}`, at })));
    await t.runtime.db.collection(COLLECTIONS.councilTopics.name).doc(topic.id).update({ supports: size, threshold: size + 2 });
    const template = ((await t.runtime.db.collection(COLLECTIONS.councilTopics.name).doc(topic.id).get()).data as object[])[0]!;
    await t.runtime.db.collection(COLLECTIONS.councilTopics.name).add(Array.from({ length: size }, (_, i) => ({ ...template, _id: `ct-grow-${size}-${i}`, effects: [], effectsPending: false })));
    return topic.id;
  }

  /** The village's covenant in force and a decision carried out, each with `size` more households' rows. */
  async function grownRows(size: number): Promise<void> {
    const at = clock.nowIso();
    await t.runtime.db.collection(COLLECTIONS.councilCovenantAcks.name).add(Array.from({ length: size }, (_, i) => ({ _id: `${COVENANT}-grow-${size}-h${i}`, covenantId: COVENANT, householdId: `grow-${size}-h${i}`, userId: `grow-${size}-${i}`, at })));
    await t.runtime.db.collection(COLLECTIONS.councilCovenants.name).doc(COVENANT).update({ acks: t.runtime.db.command.inc(size) });
    await t.runtime.db.collection(COLLECTIONS.councilRatings.name).add(Array.from({ length: size }, (_, i) => ({ _id: `${DECISION}-grow-${size}-h${i}`, decisionId: DECISION, householdId: `grow-${size}-h${i}`, userId: `grow-${size}-${i}`, stars: 1 + (i % 5), at })));
    const sum = Array.from({ length: size }, (_, i) => 1 + (i % 5)).reduce((a, b) => a + b, 0);
    await t.runtime.db.collection(COLLECTIONS.councilDecisions.name).doc(DECISION).update({ status: 'done', ratingCount: t.runtime.db.command.inc(size), ratingSum: t.runtime.db.command.inc(sum) });
  }

  /** A copy of the seeded meeting and of the seeded decision in progress, under new ids. */
  async function copies(size: number): Promise<{ meetingId: string; decisionId: string }> {
    const db = t.runtime.db;
    const m = ((await db.collection(COLLECTIONS.councilMeetings.name).where({ councilId: `cn-${V}` }).limit(1).get()).data as { _id: string }[])[0]!;
    const meetingId = `cm-grow-${size}`;
    await db.collection(COLLECTIONS.councilMeetings.name).add({ ...m, _id: meetingId });
    const d = ((await db.collection(COLLECTIONS.councilDecisions.name).doc(DECISION).get()).data as object[])[0]!;
    const decisionId = `cd-grow-${size}`;
    await db.collection(COLLECTIONS.councilDecisions.name).add({ ...d, _id: decisionId, status: 'in-progress' });
    return { meetingId, decisionId };
  }

  async function actions(size: number): Promise<Record<string, number>> {
    const topicId = await grownTopic(size);
    const { meetingId, decisionId } = await copies(size);
    await grownRows(size);
    const chair = await t.login('grid-leader');
    const hs = await households(`fx${size}`, 3);
    const rep = await t.loginOpenid('demo-pm-fengfang-1');
    // The local sign-in store re-reads a token once after any other sign-in (local/sessions.ts): each
    // token is used once first, so the counts are the actions' own.
    for (const tok of [resident, rep, chair, ...hs.tokens]) ok(await t.call('councils', 'topics', { mine: true }, tok));
    const watch = watchQueries(t.runtime.engine, { threshold: 0 });
    const out: Record<string, number> = {};
    const measure = async (label: string, run: () => Promise<CallResult>, expected = 'OK') => {
      const { result, requests } = await watch.measure(`${label} (${size})`, run);
      expect({ label, code: code(result), within: requests <= BUDGET.resident }).toEqual({ label, code: expected, within: true });
      out[label] = requests;
      return result.body.ok ? (result.body.data as { id: string; supports: number; status: string }) : null;
    };
    try {
      const requestId = `fx-raise-${size}`;
      await measure('raiseTopic', () => raise(resident, `规模议题${size}`, { requestId }));
      await measure('raiseTopic again (same requestId)', () => raise(resident, `规模议题${size}`, { requestId }));
      await measure('raiseTopic by a member body', () => raise(rep, `单位议题${size}`, { bodyKey: 'unit' }));
      await measure('raiseTopic outside the list (refused)', () => raise(resident, `私事议题${size}`, { itemCode: 'WJ-04' }));
      const first = await measure('support', () => t.call('councils', 'support', { topicId }, hs.tokens[0]));
      expect(first).toMatchObject({ supports: size + 1, status: 'gathering' });
      const second = await measure('support reaching the threshold', () => t.call('councils', 'support', { topicId }, hs.tokens[1]));
      expect(second).toMatchObject({ supports: size + 2, status: 'agenda' });
      await measure('support again (same household)', () => t.call('councils', 'support', { topicId }, hs.tokens[1]), 'CONFLICT');
      await measure('topic', () => t.call('councils', 'topic', { topicId }, hs.tokens[2]));
      await measure('recordAttendance', () => t.call('councils', 'recordAttendance', { meetingId, present: ['village-cadre', 'grid-leader', 'resident'] }, chair));
      await measure('recordMinutes', () => t.call('councils', 'recordMinutes', { meetingId, topicId: 'ct-seed-square', options: ['九点前结束'], opinions: [{ bodyKey: 'reps', text: '同意九点前结束' }], summary: '一致同意九点前结束广场舞' }, chair));
      await measure('planDecision', () => t.call('councils', 'planDecision', { decisionId, responsibleKey: 'reps', steps: [{ title: '起草广场使用公约', dueDate: '2026-12-20' }, { title: '张贴公示', dueDate: '2026-12-30' }] }, chair));
      await measure('reportStep', () => t.call('councils', 'reportStep', { decisionId, stepId: 's1', progress: 100, note: '已定稿' }, resident));
      await measure('nominate', () => t.call('councils', 'nominate', { honourId: 'ch-seed-fengfang', nomineeId: `fx${size}-2`, reason: '常年照顾生病的邻居老人，热心肠。' }, hs.tokens[0]));
      await measure('nominate again (same nominee)', () => t.call('councils', 'nominate', { honourId: 'ch-seed-fengfang', nomineeId: `fx${size}-2`, reason: '带头打扫巷道，十年没间断过。' }, hs.tokens[1]), 'CONFLICT');
      await measure('honour', () => t.call('councils', 'honour', { honourId: 'ch-seed-fengfang' }, hs.tokens[1]));
      await measure('acknowledgeCovenant', () => t.call('councils', 'acknowledgeCovenant', { covenantId: COVENANT }, hs.tokens[0]));
      await measure('acknowledgeCovenant again (same household)', () => t.call('councils', 'acknowledgeCovenant', { covenantId: COVENANT }, hs.tokens[0]), 'CONFLICT');
      const rated = await measure('rateDecision', () => t.call('councils', 'rateDecision', { decisionId: DECISION, stars: 5 }, hs.tokens[0]));
      expect((rated as unknown as { rating: { count: number; mine: number } }).rating).toMatchObject({ count: rowsOfRatings(), mine: 5 });
      await measure('rateDecision again (same household)', () => t.call('councils', 'rateDecision', { decisionId: DECISION, stars: 1 }, hs.tokens[0]), 'CONFLICT');
      // devSessions is the local runtime's own sign-in store, never deployed.
      expect(watch.scans.filter((x) => x.collection !== COLLECTIONS.devSessions.name)).toEqual([]);
    } finally {
      watch.stop();
    }
    expect(supportsOf(topicId)).toBe(rowsOf(topicId));
    expect(sql.one(COLLECTIONS.councilCovenants.name, j('acks'), 'WHERE _id = ?', COVENANT)).toBe(sql.one(COLLECTIONS.councilCovenantAcks.name, 'count(*)', `WHERE ${j('covenantId')} = ?`, COVENANT));
    expect(sql.one(COLLECTIONS.councilDecisions.name, j('ratingCount'), 'WHERE _id = ?', DECISION)).toBe(rowsOfRatings());
    expect(sql.one(COLLECTIONS.councilDecisions.name, j('ratingSum'), 'WHERE _id = ?', DECISION)).toBe(sql.one(COLLECTIONS.councilRatings.name, `sum(${j('stars')})`, `WHERE ${j('decisionId')} = ?`, DECISION));
    return out;
  }

  it('costs each action the same few requests with 10 or 300 supports, followers and topics, every query on an index', async () => {
    const small = await actions(10);
    const large = await actions(300);
    expect(large).toEqual(small);
    // The caller (1) is in every count. raiseTopic: the village with its council, the topic and the item
    // (one aggregate), the settings with the county's item, the add, the follow; its retry: the aggregate
    // finds the topic, the follow again, the topic with the viewer's facts. support: the topic with the
    // household's support, the follow, the meeting and the row count (one aggregate), the add, the
    // count, the write (+ the followers when it reaches the threshold); again: the aggregate only.
    expect(small).toEqual({
      raiseTopic: 5,
      'raiseTopic again (same requestId)': 4,
      'raiseTopic by a member body': 5,
      'raiseTopic outside the list (refused)': 5,
      support: 5,
      'support reaching the threshold': 6,
      'support again (same household)': 2,
      topic: 2,
      // The meeting (decision) with its council (and the caller's rating) in one aggregate, the write
      // carrying the audit entry and notices; a meeting's answer reads its topics and the names.
      // reportStep: + the topic's followers.
      recordAttendance: 5,
      recordMinutes: 5,
      planDecision: 3,
      reportStep: 4,
      // The honour with its council and its nominations' count (one aggregate), the nominee, the add,
      // the honour's page (one aggregate); again: the add is refused. The page alone: one aggregate.
      nominate: 5,
      'nominate again (same nominee)': 4,
      honour: 2,
      // The version with its village, the household's row and the rows' count; the add, the count, the
      // write, the versions for the answer. Again: the aggregate only.
      acknowledgeCovenant: 6,
      'acknowledgeCovenant again (same household)': 2,
      // The decision with its council, the household's rating and the rows' sum; the add, the sum, the write.
      rateDecision: 5,
      'rateDecision again (same household)': 2,
    });
  }, 120_000);
});

describe('topic actions: the effects written out', () => {
  it('tells the raiser of a refused topic and audits the raise once, after the drain, however often the request is retried', async () => {
    const requestId = rid();
    const first = ok(await raise(resident, '我家的私事', { itemCode: 'WJ-04', requestId }));
    const again = ok(await raise(resident, '我家的私事', { itemCode: 'WJ-04', requestId }));
    expect(again.id).toBe(first.id);
    expect(first.following).toBe(true);
    const notices = () => sql.one(COLLECTIONS.notifications.name, 'count(*)', `WHERE ${j('kind')} = 'council.topicRefused' AND ${j('link.id')} = ?`, first.id);
    const audits = () => sql.one(COLLECTIONS.auditLog.name, 'count(*)', `WHERE ${j('action')} = 'councils.raiseTopic' AND ${j('target.id')} = ?`, first.id);
    expect([notices(), audits()]).toEqual([0, 0]);
    await dispatchNow();
    await dispatchNow();
    expect([notices(), audits()]).toEqual([1, 1]);
    expect(sql.one(COLLECTIONS.councilTopics.name, 'count(*)', 'WHERE _id = ?', first.id)).toBe(1);
    expect(sql.one(COLLECTIONS.councilFollows.name, 'count(*)', `WHERE ${j('topicId')} = ?`, first.id)).toBe(1);
    expect(sql.one(COLLECTIONS.councilTopics.name, 'count(*)', `WHERE _id = ? AND ${j('effectsPending')} = 0 AND json_array_length(${j('effects')}) = 0`, first.id)).toBe(1);
  });
});

describe('supports without a transaction: stopped midway, and at once', () => {
  it('counts a support whose call stopped after its row was added: the household trying again finishes the count, and the next support counts it too', async () => {
    const topic = ok(await raise(resident, '村口装一盏路灯'));
    const hs = await households('midway', 2);
    // A call that stopped between the add of its row and the write of the count.
    await t.runtime.db.collection(COLLECTIONS.councilSupports.name).add({ _id: supportIdOf(topic.id, hs.ids[0]!), topicId: topic.id, householdId: hs.ids[0]!, userId: 'midway-0', fromTopicId: null, at: clock.nowIso() });
    expect([rowsOf(topic.id), supportsOf(topic.id)]).toEqual([1, 0]);
    // The same household again: refused (one per household), and the count it left is finished.
    const again = await t.call('councils', 'support', { topicId: topic.id }, hs.tokens[0]);
    expect(code(again)).toBe('CONFLICT');
    expect(supportsOf(topic.id)).toBe(1);
    const next = ok(await t.call('councils', 'support', { topicId: topic.id }, hs.tokens[1]));
    expect(next.supports).toBe(2);
    expect([rowsOf(topic.id), supportsOf(topic.id)]).toEqual([2, 2]);
  });

  it('puts the topic on the agenda exactly once when 24 households support it at once past its threshold of 5, and tells its followers once', async () => {
    const topic = ok(await raise(resident, '文化广场装健身器材'));
    await t.runtime.db.collection(COLLECTIONS.councilTopics.name).doc(topic.id).update({ threshold: 5 });
    const hs = await households('rush', 24);
    const results = await Promise.all(hs.tokens.map((tok) => t.call('councils', 'support', { topicId: topic.id }, tok)));
    expect(results.map(code).filter((c) => c !== 'OK')).toEqual([]);
    expect([rowsOf(topic.id), supportsOf(topic.id), statusOf(topic.id)]).toEqual([24, 24, 'agenda']);
    // Each answer counts at least its own row; the largest is every row.
    expect(Math.max(...results.map((r) => (r.body.ok ? (r.body.data as { supports: number }).supports : 0)))).toBe(24);
    await dispatchNow();
    // The raiser is the topic's only follower: told once that it is on the agenda.
    expect(progressNotices(topic.id)).toBe(1);
    expect(sql.one(COLLECTIONS.notifications.name, 'count(*)', `WHERE ${j('kind')} = 'council.topicProgress' AND ${j('link.id')} = ? AND ${j('recipientId')} = 'resident'`, topic.id)).toBe(1);
  }, 60_000);

  it('counts acknowledgements and ratings exactly when 20 households send them at once', async () => {
    const hs = await households('many', 20);
    await t.runtime.db.collection(COLLECTIONS.councilDecisions.name).doc(DECISION).update({ status: 'done' });
    const acks = await Promise.all(hs.tokens.map((tok) => t.call('councils', 'acknowledgeCovenant', { covenantId: COVENANT }, tok)));
    const ratings = await Promise.all(hs.tokens.map((tok, i) => t.call('councils', 'rateDecision', { decisionId: DECISION, stars: 1 + (i % 5) }, tok)));
    expect([...acks, ...ratings].map(code).filter((c) => c !== 'OK')).toEqual([]);
    expect(sql.one(COLLECTIONS.councilCovenants.name, j('acks'), 'WHERE _id = ?', COVENANT)).toBe(sql.one(COLLECTIONS.councilCovenantAcks.name, 'count(*)', `WHERE ${j('covenantId')} = ?`, COVENANT));
    expect(sql.one(COLLECTIONS.councilDecisions.name, j('ratingCount'), 'WHERE _id = ?', DECISION)).toBe(rowsOfRatings());
    expect(sql.one(COLLECTIONS.councilDecisions.name, j('ratingSum'), 'WHERE _id = ?', DECISION)).toBe(sql.one(COLLECTIONS.councilRatings.name, `sum(${j('stars')})`, `WHERE ${j('decisionId')} = ?`, DECISION));
  }, 60_000);

  it('keeps both when the chair records two topics\' minutes at once, and marks a decision done when all its steps are reported at once', async () => {
    const db = t.runtime.db;
    const chair = await t.login('grid-leader');
    const m = ((await db.collection(COLLECTIONS.councilMeetings.name).doc('cm-seed-fengfang-1').get()).data as object[])[0]!;
    await db.collection(COLLECTIONS.councilMeetings.name).add({ ...m, _id: 'cm-race', minutes: [] });
    const minutes = (topicId: string) => t.call('councils', 'recordMinutes', { meetingId: 'cm-race', topicId, options: ['方案一'], opinions: [{ bodyKey: 'reps', text: '同意' }], summary: '同意方案一' }, chair);
    const both = await Promise.all([minutes('ct-seed-square'), minutes('ct-seed-lights')]);
    expect(both.map(code)).toEqual(['OK', 'OK']);
    const stored = sql.all<{ t: string }>(COLLECTIONS.councilMeetings.name, `${j('minutes')} AS t`, 'WHERE _id = ?', 'cm-race')[0]!.t;
    expect((JSON.parse(stored) as { topicId: string }[]).map((e) => e.topicId).sort()).toEqual(['ct-seed-lights', 'ct-seed-square']);

    const d = ((await db.collection(COLLECTIONS.councilDecisions.name).doc(DECISION).get()).data as { steps: { id: string }[] }[])[0]!;
    await db.collection(COLLECTIONS.councilDecisions.name).add({ ...d, _id: 'cd-race', status: 'in-progress', steps: d.steps.map((s) => ({ ...s, progress: 0, doneAt: null })) });
    const reports = await Promise.all(d.steps.map((s) => t.call('councils', 'reportStep', { decisionId: 'cd-race', stepId: s.id, progress: 100, note: '完成' }, resident)));
    expect(reports.map(code).every((c) => c === 'OK')).toBe(true);
    expect(sql.all<{ s: string }>(COLLECTIONS.councilDecisions.name, `${j('status')} AS s`, 'WHERE _id = ?', 'cd-race')[0]!.s).toBe('done');
    await dispatchNow();
    expect(sql.one(COLLECTIONS.auditLog.name, 'count(*)', `WHERE ${j('action')} = 'councils.reportStep' AND ${j('target.id')} = 'cd-race'`)).toBe(d.steps.length);
  });

  it('objects within budget, and does not open the vote over an objection whose call stopped before its count', async () => {
    const db = t.runtime.db;
    const h = ((await db.collection(COLLECTIONS.councilHonours.name).doc('ch-seed-fengfang').get()).data as { _id: string }[])[0]!;
    const ends = new Date(clock.now().getTime() + 86_400_000).toISOString();
    await db.collection(COLLECTIONS.councilHonours.name).add({ ...h, _id: 'ch-objections', status: 'publicity', publicityEndsAt: ends, voteId: null, winners: [] });
    const nomination = (nomineeId: string) => ({ _id: `ch-objections-${nomineeId}`, honourId: 'ch-objections', villageId: V, path: ['qianyang', 't-chengguan', V], nomineeId, nomineeName: '冯建国', nomineeGender: 'male', reason: '热心帮助邻里。', nominatedBy: { kind: 'resident', userId: 'resident', name: '冯', bodyKey: null, bodyName: null }, status: 'standing', openObjections: 0, withdrawnReason: null, createdAt: clock.nowIso() });
    const base = ((await db.collection('users').doc('r-fengfang-3').get()).data as UserRecord[])[0]!;
    await db.collection(COLLECTIONS.councilNominations.name).add([nomination('r-fengfang-3'), nomination('r-fengfang-2')].map((n) => ({ ...n, path: base.residence!.path })));
    const hs = await households('objectors', 2);
    ok(await t.call('councils', 'topics', { mine: true }, hs.tokens[0]));
    const watch = watchQueries(t.runtime.engine, { threshold: 0 });
    try {
      const { result, requests } = await watch.measure('object', () => t.call('councils', 'object', { nominationId: 'ch-objections-r-fengfang-3', reason: '这家的院子是出租给补习班的，收费的' }, hs.tokens[0]));
      expect(code(result)).toBe('OK');
      // The caller, the nomination with its honour, council and the household's objection, the add, the increment, the page.
      expect(requests).toBe(5);
    } finally {
      watch.stop();
    }
    expect(sql.one(COLLECTIONS.councilNominations.name, j('openObjections'), 'WHERE _id = ?', 'ch-objections-r-fengfang-3')).toBe(1);
    await dispatchNow();
    expect(sql.one(COLLECTIONS.notifications.name, 'count(*)', `WHERE ${j('kind')} = 'council.objection' AND ${j('link.id')} = 'ch-objections'`)).toBe(1);
    // The first objection answered; a second one, to the other nominee, stopped after its add (no increment).
    const cadre = await t.login('village-cadre');
    const open = sql.all<{ id: string }>(COLLECTIONS.councilObjections.name, '_id AS id', `WHERE ${j('honourId')} = 'ch-objections'`);
    ok(await t.call('councils', 'decideObjection', { objectionId: open[0]!.id, uphold: false, answer: '经核实，院子是自家用的' }, cadre));
    await db.collection(COLLECTIONS.councilObjections.name).add({ _id: 'ch-objections-r-fengfang-2-x', nominationId: 'ch-objections-r-fengfang-2', honourId: 'ch-objections', villageId: V, path: base.residence!.path, householdId: hs.ids[1]!, userId: 'objectors-1', reason: '他家占了公共道路', status: 'open', answer: null, decidedById: null, at: clock.nowIso() });
    await db.collection(COLLECTIONS.councilHonours.name).doc('ch-objections').update({ publicityEndsAt: new Date(clock.now().getTime() - 1000).toISOString() });
    const refused = await t.call('councils', 'openHonourVote', { honourId: 'ch-objections' }, cadre);
    expect(code(refused)).toBe('CONFLICT');
    expect(refused.body.ok ? '' : refused.body.error.message).toContain('异议');
  });
});

describe('chair duties and the party organisation\'s actions: within the cadre budget, the same at two sizes', () => {
  /**
   * A council's rotating chair (轮席) is a resident acting as the council's officer: passing the turn,
   * calling a meeting, deciding and closing a vote are counted in the cadre budget (≤ 12), as
   * scripts/request-census.mjs counts them. Each size gets its own village (a copy of 冯坊村 under the
   * same town, with its council due to 驻村单位): `size` households, `size` followers of each topic, a
   * duplicate with `size` supports (half of its households also support the topic it merges into), and
   * `size` ballots in the representatives' vote.
   */
  async function village(size: number) {
    const db = t.runtime.db;
    const vx = `v-fx${size}`;
    const base = ((await db.collection(COLLECTIONS.orgUnits.name).doc(V).get()).data as { path: string[] }[])[0]!;
    const path = [...base.path.slice(0, -1), vx];
    await db.collection(COLLECTIONS.orgUnits.name).add({ ...base, _id: vx, name: `规模村${size}`, path });
    const c = ((await db.collection(COLLECTIONS.councils.name).doc(`cn-${V}`).get()).data as object[])[0]!;
    await db.collection(COLLECTIONS.councils.name).add({ ...c, _id: `cn-${vx}`, villageId: vx, villageName: `规模村${size}`, path, rotation: { nextKey: 'unit', owed: [], passedNow: [] }, turnSeq: 0 });
    await db.collection('households').add(Array.from({ length: size }, (_, i) => ({ _id: `${vx}-h${i}`, unitId: vx, gridId: 'g-fengfang-1', path, headName: `户主${i}`, address: `${i}号`, resettled: false })));
    const template = ((await db.collection(COLLECTIONS.councilTopics.name).doc('ct-seed-waste').get()).data as object[])[0]!;
    const topic = (id: string, rule: string, status: string, threshold = 1000) => ({ ...template, _id: id, villageId: vx, councilId: `cn-${vx}`, path, rule, status, supports: 0, threshold, meetingId: null, voteId: null, decisionId: null, mergedInto: null, effects: [], effectsPending: false });
    const ids = { consensus: `ct-${vx}-c`, reps: `ct-${vx}-r`, households: `ct-${vx}-h`, from: `ct-${vx}-dup`, into: `ct-${vx}-main` };
    await db.collection(COLLECTIONS.councilTopics.name).add([
      topic(ids.consensus, 'consensus', 'agenda'),
      topic(ids.reps, 'representatives', 'agenda'),
      topic(ids.households, 'households', 'agenda'),
      { ...topic(ids.from, 'households', 'gathering'), supports: size },
      { ...topic(ids.into, 'households', 'gathering'), supports: size },
    ]);
    const at = clock.nowIso();
    const follows = (topicId: string, n: number) => Array.from({ length: n }, (_, i) => ({ _id: `${topicId}-${vx}-u${i}`, topicId, userId: `${vx}-u${i}`, at }));
    await db.collection(COLLECTIONS.councilFollows.name).add([...follows(ids.consensus, size), ...follows(ids.reps, size), ...follows(ids.households, size), ...follows(ids.from, size), ...follows(ids.into, size / 2)]);
    const support = (topicId: string, h: string): CouncilSupportRecord => ({ _id: supportIdOf(topicId, h), topicId, householdId: h, userId: `${h}-u`, fromTopicId: null, at });
    await db.collection(COLLECTIONS.councilSupports.name).add([
      ...Array.from({ length: size }, (_, i) => support(ids.from, `${vx}-h${i}`)),
      ...Array.from({ length: size / 2 }, (_, i) => support(ids.into, `${vx}-h${i}`)),
      ...Array.from({ length: size / 2 }, (_, i) => support(ids.into, `${vx}-k${i}`)),
    ]);
    return { vx, ids };
  }

  /** `size` ballots (two in three 同意) and their voter rows, as castVote leaves them, on an open vote. */
  async function ballots(voteId: string, size: number): Promise<void> {
    const db = t.runtime.db;
    const choice = (i: number) => (i % 3 === 2 ? 'disagree' : 'agree');
    await db.collection(COLLECTIONS.councilBallots.name).add(Array.from({ length: size }, (_, i) => ({ _id: `${voteId}-b${i}`, voteId, choice: choice(i) })));
    await db.collection(COLLECTIONS.councilVoters.name).add(Array.from({ length: size }, (_, i) => ({ _id: `${voteId}-k${i}`, voteId, voterKey: `k${i}`, userId: `k${i}`, choice: choice(i), at: clock.nowIso() })));
    await db.collection(COLLECTIONS.councilVotes.name).doc(voteId).update({ cast: size });
  }

  const auditsOf = (action: string, id: string) => sql.one(COLLECTIONS.auditLog.name, 'count(*)', `WHERE ${j('action')} = ? AND ${j('target.id')} = ?`, action, id);

  async function actions(size: number): Promise<Record<string, number>> {
    const { vx, ids } = await village(size);
    const unitRep = await t.loginOpenid('demo-pm-fengfang-1');
    const merchants = await t.loginOpenid('demo-r-fengfang-3');
    const town = await t.login('town-cadre');
    for (const tok of [unitRep, merchants, town]) ok(await t.call('councils', 'topics', { mine: true }, tok));
    const watch = watchQueries(t.runtime.engine, { threshold: 0 });
    const out: Record<string, number> = {};
    const measure = async <T = Record<string, unknown>>(label: string, run: () => Promise<CallResult>): Promise<T> => {
      const { result, requests } = await watch.measure(`${label} (${size})`, run);
      expect({ label, code: code(result), within: requests <= BUDGET.cadre }).toEqual({ label, code: 'OK', within: true });
      out[label] = requests;
      return (result.body.ok ? result.body.data : null) as T;
    };
    let meetingId = '';
    try {
      await measure('passTurn', () => t.call('councils', 'passTurn', { villageId: vx, bodyKey: 'unit', reason: '学校期末考试，抽不开身' }, unitRep));
      const call = { villageId: vx, bodyKey: 'merchants', date: '2026-12-15', time: '19:30', place: '村委会议室', topicIds: [ids.consensus, ids.reps, ids.households], requestId: `fx-call-${size}` };
      meetingId = (await measure<{ id: string }>('callMeeting', () => t.call('councils', 'callMeeting', call, merchants))).id;
      await measure('callMeeting again (same requestId)', () => t.call('councils', 'callMeeting', call, merchants));
      await measure('decide by consensus', () => t.call('councils', 'decide', { meetingId, topicId: ids.consensus, text: '同意在村口装路灯' }, merchants));
      await measure('decide by the representatives', () => t.call('councils', 'decide', { meetingId, topicId: ids.reps, text: '是否同意整治河道' }, merchants));
      await measure('decide by the households', () => t.call('councils', 'decide', { meetingId, topicId: ids.households, text: '是否同意修建停车场', days: 3 }, merchants));
      const voteId = `cv-${ids.reps}`;
      await ballots(voteId, size);
      const closed = await measure<{ result: { agree: number; disagree: number; cast: number; outcome: string } }>('closeVote', () => t.call('councils', 'closeVote', { voteId }, merchants));
      expect(closed.result).toMatchObject({
        agree: sql.one(COLLECTIONS.councilBallots.name, 'count(*)', `WHERE ${j('voteId')} = ? AND ${j('choice')} = 'agree'`, voteId),
        disagree: sql.one(COLLECTIONS.councilBallots.name, 'count(*)', `WHERE ${j('voteId')} = ? AND ${j('choice')} = 'disagree'`, voteId),
        cast: sql.one(COLLECTIONS.councilBallots.name, 'count(*)', `WHERE ${j('voteId')} = ?`, voteId),
        outcome: 'adopted',
      });
      // The households each topic had between them, and the people who followed either, before the merge.
      const households = sql.one(COLLECTIONS.councilSupports.name, `count(DISTINCT ${j('householdId')})`, `WHERE ${j('topicId')} IN (?, ?)`, ids.from, ids.into);
      const followers = sql.one(COLLECTIONS.councilFollows.name, `count(DISTINCT ${j('userId')})`, `WHERE ${j('topicId')} IN (?, ?)`, ids.from, ids.into);
      const merged = await measure<{ supports: number }>('mergeTopic', () => t.call('councils', 'mergeTopic', { topicId: ids.from, intoId: ids.into }, town));
      expect([merged.supports, rowsOf(ids.into), supportsOf(ids.into)]).toEqual([households, households, households]);
      expect(sql.one(COLLECTIONS.councilFollows.name, 'count(*)', `WHERE ${j('topicId')} = ?`, ids.into)).toBe(followers);
      await measure('proposeCovenant', () => t.call('councils', 'proposeCovenant', { villageId: vx, title: `规模村${size}居民公约`, clauses: ['爱护公共设施，损坏照价赔偿。', '红白喜事从简，不大操大办。'], note: '第一版公约，请各户投票' }, town));
      expect(watch.scans.filter((x) => x.collection !== COLLECTIONS.devSessions.name)).toEqual([]);
    } finally {
      watch.stop();
    }
    // What the actions changed, by plain SQL; then what they owe, once the dispatch timer has written it out.
    const turnSeq = sql.one(COLLECTIONS.councils.name, j('turnSeq'), 'WHERE _id = ?', `cn-${vx}`);
    expect([turnSeq, sql.one(COLLECTIONS.councilTurns.name, 'count(*)', `WHERE ${j('councilId')} = ?`, `cn-${vx}`)]).toEqual([2, 2]);
    expect(sql.all<{ s: string; m: string }>(COLLECTIONS.councilTopics.name, `${j('status')} AS s, ${j('meetingId')} AS m`, `WHERE _id IN (?, ?, ?) ORDER BY _id`, ids.consensus, ids.households, ids.reps)).toEqual([
      { s: 'decided', m: meetingId },
      { s: 'voting', m: meetingId },
      { s: 'decided', m: meetingId },
    ]);
    expect(sql.one(COLLECTIONS.councilDecisions.name, 'count(*)', 'WHERE _id IN (?, ?)', decisionIdOf(ids.consensus), decisionIdOf(ids.reps))).toBe(2);
    expect(statusOf(ids.from)).toBe('merged');
    expect(sql.one(COLLECTIONS.councilCovenants.name, 'count(*)', `WHERE ${j('villageId')} = ? AND ${j('status')} = 'voting'`, vx)).toBe(1);
    expect(sql.one(COLLECTIONS.councilVotes.name, j('electorateSize'), 'WHERE _id = ?', `cv-${covenantIdOf(vx, 1)}`)).toBe(sql.one('households', 'count(*)', `WHERE ${j('unitId')} = ?`, vx));
    await dispatchNow();
    // Each topic's followers: told it is scheduled, then decided (by consensus), voting, or voting and decided.
    expect([ids.consensus, ids.reps, ids.households, ids.from].map(progressNotices)).toEqual([2 * size, 3 * size, 2 * size, size]);
    expect([
      auditsOf('councils.passTurn', `cn-${vx}`),
      auditsOf('councils.callMeeting', meetingId),
      auditsOf('councils.decide', decisionIdOf(ids.consensus)),
      auditsOf('councils.openVote', `cv-${ids.reps}`),
      auditsOf('councils.openVote', `cv-${ids.households}`),
      auditsOf('councils.closeVote', `cv-${ids.reps}`),
      auditsOf('councils.mergeTopic', ids.from),
      auditsOf('councils.proposeCovenant', covenantIdOf(vx, 1)),
    ]).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    return out;
  }

  /** The village's council called to a meeting by 商户代表 (after 驻村单位 passed) over the given topics. */
  async function meetingOver(vx: string, topicIds: string[], requestId: string): Promise<{ merchants: string; meetingId: string; call: object }> {
    const unitRep = await t.loginOpenid('demo-pm-fengfang-1');
    const merchants = await t.loginOpenid('demo-r-fengfang-3');
    ok(await t.call('councils', 'passTurn', { villageId: vx, bodyKey: 'unit', reason: '学校期末考试，抽不开身' }, unitRep));
    const call = { villageId: vx, bodyKey: 'merchants', date: '2026-12-15', time: '19:30', place: '村委会议室', topicIds, requestId };
    return { merchants, meetingId: ok(await t.call('councils', 'callMeeting', call, merchants)).id, call };
  }

  it('finishes a close that stopped after the vote stopped taking ballots: two timer runs at once write the result and what it changes once', async () => {
    const { vx, ids } = await village(4);
    const { merchants, meetingId } = await meetingOver(vx, [ids.reps], 'fx-stopped-close');
    ok(await t.call('councils', 'decide', { meetingId, topicId: ids.reps, text: '是否同意整治河道' }, merchants));
    const voteId = `cv-${ids.reps}`;
    // 6 of the 8 representatives (quorum 0.6), 4 同意.
    await ballots(voteId, 6);
    // A close that stopped right after its first write: closed, no result, nothing settled.
    await t.runtime.db.collection(COLLECTIONS.councilVotes.name).doc(voteId).update({ status: 'closed' });
    await Promise.all([councils.runTimer('tick'), councils.runTimer('tick')]);
    const agree = sql.one(COLLECTIONS.councilBallots.name, 'count(*)', `WHERE ${j('voteId')} = ? AND ${j('choice')} = 'agree'`, voteId);
    expect([sql.one(COLLECTIONS.councilVotes.name, j('result.agree'), 'WHERE _id = ?', voteId), sql.one(COLLECTIONS.councilVotes.name, j('result.cast'), 'WHERE _id = ?', voteId)]).toEqual([agree, 6]);
    expect(statusOf(ids.reps)).toBe('decided');
    expect(sql.one(COLLECTIONS.councilDecisions.name, 'count(*)', `WHERE ${j('topicId')} = ?`, ids.reps)).toBe(1);
    await councils.runTimer('tick');
    await dispatchNow();
    // The topic's 4 followers: told it is scheduled, voting, decided — each once.
    expect(progressNotices(ids.reps)).toBe(3 * 4);
    expect(auditsOf('councils.closeVote', voteId)).toBe(1);
    // Closed and settled: the chair cannot close it again.
    expect(code(await t.call('councils', 'closeVote', { voteId }, merchants))).toBe('CONFLICT');
  });

  it('finishes a meeting and a decision whose calls stopped midway when the chair tries again, telling the followers once', async () => {
    const { vx, ids } = await village(6);
    const { merchants, meetingId, call } = await meetingOver(vx, [ids.consensus], 'fx-stopped-call');
    // The call stopped after its transaction, before the topics' update: the same request finishes it.
    await t.runtime.db.collection(COLLECTIONS.councilTopics.name).doc(ids.consensus).update({ status: 'agenda', meetingId: null });
    expect(ok(await t.call('councils', 'callMeeting', call, merchants)).id).toBe(meetingId);
    expect(sql.all(COLLECTIONS.councilTopics.name, `${j('status')} AS s, ${j('meetingId')} AS m`, 'WHERE _id = ?', ids.consensus)).toEqual([{ s: 'scheduled', m: meetingId }]);
    const decide = () => t.call('councils', 'decide', { meetingId, topicId: ids.consensus, text: '同意在村口装路灯' }, merchants);
    ok(await decide());
    // The decision stopped after its add, before the topic's write: deciding again finishes it, and only then refuses.
    await t.runtime.db.collection(COLLECTIONS.councilTopics.name).doc(ids.consensus).update({ status: 'scheduled', decisionId: null });
    ok(await decide());
    expect(code(await decide())).toBe('CONFLICT');
    expect(sql.all(COLLECTIONS.councilTopics.name, `${j('status')} AS s, ${j('decisionId')} AS d`, 'WHERE _id = ?', ids.consensus)).toEqual([{ s: 'decided', d: decisionIdOf(ids.consensus) }]);
    expect(sql.one(COLLECTIONS.councilDecisions.name, 'count(*)', `WHERE ${j('topicId')} = ?`, ids.consensus)).toBe(1);
    await dispatchNow();
    expect(progressNotices(ids.consensus)).toBe(2 * 6);
    expect([auditsOf('councils.callMeeting', meetingId), auditsOf('councils.decide', decisionIdOf(ids.consensus))]).toEqual([1, 1]);
  });

  it('merges once when the same merge runs twice at once, and a third run changes nothing', async () => {
    const { ids } = await village(8);
    const town = await t.login('town-cadre');
    const households = sql.one(COLLECTIONS.councilSupports.name, `count(DISTINCT ${j('householdId')})`, `WHERE ${j('topicId')} IN (?, ?)`, ids.from, ids.into);
    const merge = () => t.call('councils', 'mergeTopic', { topicId: ids.from, intoId: ids.into }, town);
    expect((await Promise.all([merge(), merge()])).map(code)).toEqual(['OK', 'OK']);
    expect([rowsOf(ids.into), supportsOf(ids.into), statusOf(ids.from)]).toEqual([households, households, 'merged']);
    expect(ok(await merge()).supports).toBe(households);
    expect(rowsOf(ids.into)).toBe(households);
    await dispatchNow();
    // The duplicate's 8 followers are told once; each run is audited.
    expect(progressNotices(ids.from)).toBe(8);
    expect(auditsOf('councils.mergeTopic', ids.from)).toBe(3);
  });

  it('costs each duty the same requests with 10 or 300 households, followers, supports and ballots, every query on an index', async () => {
    const small = await actions(10);
    const large = await actions(300);
    expect(large).toEqual(small);
    // The caller (1) is in every count.
    expect(small).toEqual({
      // The transaction (start, the council, the turn carrying the notice and the audit entry, the rotation,
      // commit), the answer's names, turns and meetings.
      passTurn: 9,
      // The council with the meeting, the topics and their followers (one aggregate), the transaction (start,
      // the council, the meeting carrying every notice and the audit entry, the turn, the rotation, commit),
      // the topics' one update, the answer's names. Again: the aggregate finds the meeting; the names.
      callMeeting: 10,
      'callMeeting again (same requestId)': 3,
      // The meeting with its council, the topic with its followers, settings and households (one aggregate),
      // the add (the decision carrying the notices and the audit entry, or the vote), the topic's write
      // (carrying them for a vote), the answer's topics and names; a household vote adds its fan-out.
      'decide by consensus': 7,
      'decide by the representatives': 7,
      'decide by the households': 8,
      // The vote with its council, meeting and topic (one aggregate), the close, the ballots counted (one
      // aggregate), the followers, the decision's add (carrying the notices and the audit entry), the topic's
      // write, the result, the answer's own ballot, voters and their names.
      closeVote: 11,
      // Both topics with the followers (one aggregate), the duplicate's write, the households to carry (one
      // aggregate), their add, the followers' add, the count, its write, the audit entry, the answer.
      mergeTopic: 10,
      // The village with its council, settings, versions and households (one aggregate), the transaction
      // (start, the version, the vote, the fan-out, the audit entry, commit); a caller with a household here
      // also reads its acknowledgement of the version in force.
      proposeCovenant: 8,
    });
  }, 120_000);
});
