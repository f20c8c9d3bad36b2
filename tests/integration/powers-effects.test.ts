import { COLLECTIONS } from '../../cloudfunctions/_lib/collections';
import { FUNCTIONS } from '../../cloudfunctions/registry';
import type { UserRecord } from '../../shared/domain/records';
import { SqlCounts, j } from '../support/county-checks';
import { dispatchNow } from '../support/dispatch';
import { budgetRound, sameAtTwoSizes } from '../support/budget';
import { ok, startTestRuntime, type TestRuntime } from '../support/runtime';

/**
 * 小微权力 writes inside issue 13's budget: each action is one write (the matter's conditional update or
 * add, or the complaint's add) carrying its notices and audit entry (`_lib/effects.ts`); the anonymous
 * counts follow by the powers `tally` timer. Figures are checked with plain SQL over the SQLite file.
 */
const V = 'v-fengfang';
const CODE = 'ZM-01';

let t: TestRuntime;
let sql: SqlCounts;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestRuntime();
  sql = new SqlCounts(t.runtime.engine);
  for (const p of ['resident', 'village-cadre', 'supervisor'] as const) tokens[p] = await t.login(p);
});
afterAll(() => t.close());

const tally = () => FUNCTIONS.powers!.runTimer('tally');
const apply = (token: string, extra: object = {}) => t.call('powers', 'apply', { code: CODE, ...extra }, token);

describe('matter actions: requests within budget, the same at two sizes', () => {
  /** Grows what an action could be tempted to read per item: the village's cadres and supervisors (told), and its matters. */
  async function grow(n: number): Promise<void> {
    for (const persona of ['village-cadre', 'supervisor']) {
      const u = ((await t.runtime.db.collection('users').doc(persona).get()).data as UserRecord[])[0]!;
      await t.runtime.db.collection('users').add(Array.from({ length: n }, (_, i) => ({ ...u, _id: `${persona}-grow-${n}-${i}`, openid: `wx-${persona}-grow-${n}-${i}`, demo: false })));
    }
    const template = ((await t.runtime.db.collection('matters').where({ villageId: V }).limit(1).get()).data as object[])[0]!;
    await t.runtime.db.collection('matters').add(Array.from({ length: 5 * n }, (_, i) => ({ ...template, _id: `m-grow-${n}-${i}`, effects: [], effectsPending: false })));
  }

  async function actions(size: number): Promise<Record<string, number>> {
    // The local sign-in store re-reads a token once after any other sign-in: each is used once first.
    for (const p of ['resident', 'village-cadre', 'supervisor'] as const) ok(await t.call('powers', 'matters', { scope: 'mine', limit: 1 }, tokens[p]));
    return budgetRound(t.runtime.engine, size, async ({ measure }) => {
      const a = await measure('apply', 'resident', () => apply(tokens.resident!, { requestId: `budget-${size}-0001` }));
      await measure('apply again (same requestId)', 'resident', () => apply(tokens.resident!, { requestId: `budget-${size}-0001` }));
      expect((await measure('refuse', 'cadre', () => t.call('powers', 'advance', { matterId: a.id, stepIndex: 1, decision: 'refuse', note: '材料不全' }, tokens['village-cadre']))).status).toBe('refused');
      await measure('rate', 'resident', () => t.call('powers', 'rate', { matterId: a.id, stars: 4, comment: '办得快' }, tokens.resident));
      const b = ok(await apply(tokens.resident!));
      await measure('advance', 'cadre', () => t.call('powers', 'advance', { matterId: b.id, stepIndex: 1, note: '已受理' }, tokens['village-cadre']));
      await measure('complain', 'resident', () => t.call('powers', 'complain', { matterId: b.id, text: '办事窗口经常没人。' }, tokens.resident));
      expect((await measure('withdraw', 'resident', () => t.call('powers', 'withdraw', { matterId: b.id, reason: '不需要了' }, tokens.resident))).status).toBe('withdrawn');
    });
  }

  it('costs each action the same few requests with 10 or 300 cadres and supervisors and ×5 matters, every query on an index', async () => {
    const small = await sameAtTwoSizes(grow, actions);
    // The caller (1) is in every count. apply: the village, the standard and village items (one read), the
    // step's handlers, the add; its retry: the same up to the add, which finds the first, and one aggregate reading it with its complaints.
    // refuse / advance: the matter, the next handlers (none after a refusal: the role's query is skipped),
    // the write, the complaints for the answer (a supervisor's or the applicant's only; a cadre reads none).
    // rate / withdraw: the matter, (withdraw: the handlers,) the write, the applicant's complaints.
    // complain: the matter, the supervisors, the add, the timeline's push, the complaints.
    expect(small).toEqual({
      'apply as resident': 5,
      'apply again (same requestId) as resident': 6,
      'refuse as cadre': 3,
      'rate as resident': 4,
      'advance as cadre': 4,
      'complain as resident': 6,
      'withdraw as resident': 5,
    });
  });
});

describe('catalogue versions: requests within the cadre budget, the same at two sizes', () => {
  const ITEM = 'MS-05';
  const DEFINITION = ['code', 'kind', 'category', 'title', 'summary', 'basis', 'body', 'materials', 'fees', 'starter', 'steps', 'risks', 'riskCard', 'guideCard'] as const;

  /** `n` more villages of the county that adjusted the item (their cadres are told of a new county version), and `n` old versions. */
  async function grow(n: number): Promise<void> {
    const std = ((await t.runtime.db.collection(COLLECTIONS.powerItems.name).doc(`qianyang_${ITEM}`).get()).data as Record<string, unknown>[])[0]!;
    await t.runtime.db.collection(COLLECTIONS.powerItems.name).add(Array.from({ length: n }, (_, i) => ({ ...std, _id: `v-grow-${n}-${i}_${ITEM}`, scope: 'village', unitId: `v-grow-${n}-${i}`, baseVersion: std.version })));
    await t.runtime.db.collection(COLLECTIONS.powerItemVersions.name).add(Array.from({ length: n }, (_, i) => ({ ...std, _id: `v-grow-${n}-${i}_${ITEM}_v1`, itemId: `v-grow-${n}-${i}_${ITEM}`, publishedAt: std.updatedAt })));
  }

  async function actions(size: number): Promise<Record<string, number>> {
    const admin = await t.login('county-admin');
    for (const tok of [admin, tokens['village-cadre']!]) ok(await t.call('powers', 'matters', { scope: 'mine', limit: 1 }, tok));
    const std = ((await t.runtime.db.collection(COLLECTIONS.powerItems.name).doc(`qianyang_${ITEM}`).get()).data as Record<string, unknown>[])[0]!;
    const definition = Object.fromEntries(DEFINITION.map((k) => [k, std[k]]));
    let published: { version: number; versionId: string } | null = null;
    const out = await budgetRound(t.runtime.engine, size, async ({ measure }) => {
      // 冯坊村 adjusts the item, then the county publishes a new version (which puts that adjustment, and the others', out of force).
      expect((await measure('adjust', 'cadre', () => t.call('powers', 'adjust', { code: ITEM, villageId: V, stepLimits: [{ index: 1, limitDays: 1 }], changeNote: '核实当天办' }, tokens['village-cadre']))).adjusted).toBe(true);
      published = await measure('publish', 'cadre', () => t.call('powers', 'publish', { ...definition, changeNote: `第 ${size} 次修订` }, admin));
    });
    // The item and its version record, by plain SQL; the fan-out names the cadres of every village that had adjusted it.
    expect(sql.one(COLLECTIONS.powerItems.name, j('version'), 'WHERE _id = ?', `qianyang_${ITEM}`)).toBe(published!.version);
    expect(sql.one(COLLECTIONS.powerItemVersions.name, 'count(*)', 'WHERE _id = ?', published!.versionId)).toBe(1);
    const villages = sql.one(COLLECTIONS.powerItems.name, 'count(*)', `WHERE ${j('countyId')} = 'qianyang' AND ${j('code')} = ? AND ${j('scope')} = 'village'`, ITEM);
    expect(sql.one(COLLECTIONS.fanOuts.name, `json_array_length(${j('audience.roleKeys')})`, 'WHERE _id = ?', `fo-${published!.versionId}`)).toBe(villages);
    const revisedNotices = () => sql.one(COLLECTIONS.notifications.name, 'count(*)', `WHERE ${j('kind')} = 'power.revised' AND ${j('recipientId')} = 'village-cadre' AND ${j('body')} LIKE ?`, `%第 ${size} 次修订%`);
    expect(revisedNotices()).toBe(0);
    await dispatchNow();
    expect(revisedNotices()).toBe(1);
    expect(sql.one(COLLECTIONS.auditLog.name, 'count(*)', `WHERE ${j('action')} = 'powers.revise' AND ${j('after.versionId')} = ?`, published!.versionId)).toBe(1);
    return out;
  }

  it('adjusts and publishes in the same requests with 10 or 300 villages that adjusted the item, every query on an index', async () => {
    const small = await sameAtTwoSizes(grow, actions);
    // The caller (1) is in every count. adjust: the village, the standard and the village's item (one read),
    // the transaction (start, the item, the version, the audit entry, commit), the village's counts and the
    // versions for the answer. publish: the county with the item, the items' number and the villages that
    // adjusted it (one aggregate), the transaction (start, the item, the version, the fan-out to those
    // villages' cadres, the audit entry, commit), the county's counts and the versions for the answer.
    expect(small).toEqual({ 'adjust as cadre': 10, 'publish as cadre': 10 });
  });
});

/** The village's counts for the item as powerStats holds them, and the matters as plain SQL counts them. */
function figures() {
  const stats = sql.all<{ p: number; w: number; r: number; rc: number }>(
    COLLECTIONS.powerStats.name,
    `${j('inProgress')} AS p, ${j('withdrawn')} AS w, ${j('refused')} AS r, ${j('ratingCount')} AS rc`,
    'WHERE _id = ?',
    `${V}_${CODE}`,
  )[0] ?? { p: 0, w: 0, r: 0, rc: 0 };
  const where = `WHERE ${j('villageId')} = ? AND ${j('itemCode')} = ? AND ${j('status')} = ?`;
  return {
    stats,
    matters: {
      p: sql.one(COLLECTIONS.matters.name, 'count(*)', where, V, CODE, 'in_progress'),
      w: sql.one(COLLECTIONS.matters.name, 'count(*)', where, V, CODE, 'withdrawn'),
      r: sql.one(COLLECTIONS.matters.name, 'count(*)', where, V, CODE, 'refused'),
      rc: sql.one(COLLECTIONS.matters.name, 'count(*)', `WHERE ${j('villageId')} = ? AND ${j('itemCode')} = ? AND ${j('rating')} IS NOT NULL`, V, CODE),
    },
  };
}

const minus = (a: Record<string, number>, b: Record<string, number>) => Object.fromEntries(Object.keys(a).map((k) => [k, a[k]! - b[k]!]));

describe('the tally: the counts follow each change exactly once', () => {
  it('moves a change into the counts when the timer runs, as much as the matters changed, and once with two runs at once', async () => {
    await tally();
    const start = figures();
    const m = ok(await apply(tokens.resident!));
    // Until the timer runs the counts are as they were.
    expect(figures().stats).toEqual(start.stats);
    await Promise.all([tally(), tally()]);
    const applied = figures();
    expect(minus(applied.stats, start.stats)).toEqual(minus(applied.matters, start.matters));
    expect(minus(applied.stats, start.stats)).toEqual({ p: 1, w: 0, r: 0, rc: 0 });

    ok(await t.call('powers', 'withdraw', { matterId: m.id, reason: '家里已经办好了' }, tokens.resident));
    await tally();
    const withdrawn = figures();
    expect(minus(withdrawn.stats, applied.stats)).toEqual(minus(withdrawn.matters, applied.matters));
    expect(minus(withdrawn.stats, applied.stats)).toEqual({ p: -1, w: 1, r: 0, rc: 0 });
    expect(sql.one(COLLECTIONS.matters.name, 'count(*)', `WHERE ${j('tallyPending')} = 1`)).toBe(0);
  });

  it('takes a matter written before tallies were deferred as the counts already hold it', async () => {
    const m = ok(await apply(tokens.resident!));
    await tally();
    // As such a matter is stored: no counted, no flag (the counts hold it in progress).
    await t.runtime.db.collection('matters').doc(m.id).update({ counted: t.runtime.db.command.remove(), tallyPending: t.runtime.db.command.remove() });
    const before = figures();
    ok(await t.call('powers', 'advance', { matterId: m.id, stepIndex: 1, decision: 'refuse', note: '不符合条件' }, tokens['village-cadre']));
    ok(await t.call('powers', 'rate', { matterId: m.id, stars: 3 }, tokens.resident));
    await tally();
    const after = figures();
    expect(minus(after.stats, before.stats)).toEqual({ p: -1, w: 0, r: 1, rc: 1 });
    expect(minus(after.stats, before.stats)).toEqual(minus(after.matters, before.matters));
  });
});

describe('matter actions: notices and audit entries', () => {
  it('tells the handlers of a new matter and audits a refusal once, when the dispatch timer drains them', async () => {
    const m = ok(await apply(tokens.resident!));
    ok(await t.call('powers', 'advance', { matterId: m.id, stepIndex: 1, decision: 'refuse', note: '不符合条件' }, tokens['village-cadre']));
    const cadres = sql.one(COLLECTIONS.users.name, 'count(*)', `WHERE EXISTS (SELECT 1 FROM json_each(${j('roleKeys')}) WHERE value = ?)`, `village-cadre@${V}`);
    expect(sql.one(COLLECTIONS.notifications.name, 'count(*)', `WHERE ${j('link.id')} = ?`, m.id)).toBe(0);
    await Promise.all([dispatchNow(), dispatchNow()]);
    // The step notice to every cadre of the village (the refusing cadre among them), the refusal to the applicant.
    expect(sql.one(COLLECTIONS.notifications.name, 'count(*)', `WHERE ${j('link.id')} = ? AND ${j('kind')} = 'matter.step'`, m.id)).toBe(cadres);
    // Each names the applicant, and says so (closing her account rewrites the name in the cadres' inboxes).
    expect(sql.one(COLLECTIONS.notifications.name, 'count(*)', `WHERE ${j('link.id')} = ? AND ${j('kind')} = 'matter.step' AND ${j('aboutId')} = 'resident'`, m.id)).toBe(cadres);
    expect(sql.one(COLLECTIONS.notifications.name, 'count(*)', `WHERE ${j('link.id')} = ? AND ${j('kind')} = 'matter.refused'`, m.id)).toBe(1);
    expect(sql.one(COLLECTIONS.auditLog.name, 'count(*)', `WHERE ${j('target.id')} = ? AND ${j('action')} = 'powers.refuse'`, m.id)).toBe(1);
    expect(sql.one(COLLECTIONS.matters.name, 'count(*)', `WHERE _id = ? AND ${j('effectsPending')} = 0 AND json_array_length(${j('effects')}) = 0`, m.id)).toBe(1);
  });
});
