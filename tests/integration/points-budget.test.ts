import { clock, DAY_MS } from '../../cloudfunctions/_lib/clock';
import { COLLECTIONS } from '../../cloudfunctions/_lib/collections';
import type { HouseholdRecord } from '../../shared/domain/records';
import { SqlCounts, j } from '../support/county-checks';
import { dispatchNow } from '../support/dispatch';
import { budgetRound, sameAtTwoSizes } from '../support/budget';
import { ok, startTestRuntime, type TestRuntime } from '../support/runtime';

/**
 * 积分制's cadre actions inside issue 13's budget (≤ 12 requests), the same however many households the
 * village has: an entry page's first scores are one batch add of whole ratings, its corrections one
 * conditional update per distinct change, 其余按满分 one batch add and one update per distinct gap, and
 * publish / decide / finalise / adjust carry their audit entries and notices on their own writes
 * (`_lib/effects.ts`). Every figure is checked with plain SQL over the SQLite file.
 */
const V = 'v-fengfang';
const CODES = ['lawAbiding', 'honesty', 'filialPiety', 'customReform', 'sanitation', 'neighbourliness', 'industriousness', 'publicService', 'education', 'safety'];
/** Households on the measured entry page: a page the sheet sends, the same at both sizes. */
const PAGE = 20;
const CORRECTION = '垃圾未分类，经提醒已改';

let t: TestRuntime;
let sql: SqlCounts;

beforeAll(async () => {
  // The seed rates every month before the frozen one: the months measured here are nobody's yet.
  clock.freeze('2027-06-10T02:00:00.000Z');
  t = await startTestRuntime();
  sql = new SqlCounts(t.runtime.engine);
});
afterAll(async () => {
  await t.close();
  clock.reset();
});

/** Adds `n` households to the village (copies of a seeded one), what an action could be tempted to write one by one. */
async function grow(n: number): Promise<void> {
  const h = ((await t.runtime.db.collection(COLLECTIONS.households.name).doc('h-fengfang-1-01').get()).data as HouseholdRecord[])[0]!;
  await t.runtime.db
    .collection(COLLECTIONS.households.name)
    .add(Array.from({ length: n }, (_, i) => ({ ...h, _id: `h-grow-${n}-${String(i).padStart(3, '0')}`, headName: `户主${n}-${i}`, address: `冯坊增${n}组${i}号` })));
}

/** A first-page score that differs from household to household (a deduction with its reason), `safety` full. */
function firstScores(i: number): { code: string; score: number; reason: string | null }[] {
  return CODES.map((code, k) => {
    const score = code === 'safety' ? 10 : 10 - ((i + k) % 4);
    return { code, score, reason: score < 10 ? `第${k + 1}项扣分` : null };
  });
}

const ratingsWhere = `WHERE ${j('villageId')} = ? AND ${j('month')} = ?`;
/** Ratings of the month whose stored total is not the sum of their stored scores (plain SQL over the cells). */
const wrongTotals = (month: string) =>
  sql.one(COLLECTIONS.pointsRatings.name, 'count(*)', `${ratingsWhere} AND ${j('total')} != (SELECT coalesce(sum(json_extract(value, '$.score')), 0) FROM json_each(json_extract(body, '$.scores')))`, V, month);
const scoreOf = (householdId: string, month: string, code: string) => sql.one(COLLECTIONS.pointsRatings.name, `json_extract(body, '$.scores.${code}.score')`, 'WHERE _id = ?', `pr-${householdId}-${month}`);
const auditCount = (action: string, month: string) =>
  sql.one(COLLECTIONS.auditLog.name, 'count(*)', `WHERE ${j('action')} = ? AND (${j('target.id')} LIKE ? OR ${j('after')} LIKE ? OR ${j('before')} LIKE ?)`, action, `%${month}%`, `%${month}%`, `%${month}%`);

describe('points cadre actions: requests within budget, the same at two sizes', () => {
  /** One month from first entry to an adjustment of its ledger, each cadre action measured through the gateway. */
  async function month(size: number, m: string): Promise<Record<string, number>> {
    clock.freeze(`${m}-10T02:00:00.000Z`);
    const cadre = await t.login('village-cadre');
    const resident = await t.login('resident');
    const neighbour = await t.loginOpenid('demo-r-fengfang-2');
    const neighbourId = String(sql.all<{ id: string }>(COLLECTIONS.users.name, '_id AS id', `WHERE ${j('openid')} = ?`, 'demo-r-fengfang-2')[0]!.id);
    // Each token used once first (the local sign-in store re-reads a token after another's sign-in).
    ok(await t.call('points', 'settings', { villageId: V }, cadre));
    const households = sql.all<{ id: string }>(COLLECTIONS.households.name, '_id AS id', `WHERE ${j('unitId')} = ? ORDER BY _id`, V).map((r) => r.id);
    const page = households.slice(0, PAGE);
    const partial = households[PAGE]!;
    const householdOf = (where: string, value: string) => String(sql.all<{ h: string }>(COLLECTIONS.users.name, `${j('residence.householdId')} AS h`, where, value)[0]!.h);
    const residentHousehold = householdOf('WHERE _id = ?', 'resident');
    const neighbourHousehold = householdOf(`WHERE ${j('openid')} = ?`, 'demo-r-fengfang-2');
    // Both objecting households are on the entered page: what their decisions change is checked below.
    expect([page.includes(residentHousehold), page.includes(neighbourHousehold)]).toEqual([true, true]);
    let filled: { filled: number; households: number } | undefined;
    const out = await budgetRound(t.runtime.engine, size, async ({ measure }) => {
      await measure('enter a first page, each household its own scores', 'cadre', () =>
        t.call('points', 'enter', { villageId: V, month: m, rows: page.map((householdId, i) => ({ householdId, scores: firstScores(i) })) }, cadre),
      );
      await measure('enter the page again with one change shared by all and one of its own', 'cadre', () =>
        t.call(
          'points',
          'enter',
          {
            villageId: V,
            month: m,
            rows: page.map((householdId, i) => ({
              householdId,
              scores: firstScores(i).map((s) => (s.code === 'safety' ? { code: 'safety', score: 8, reason: CORRECTION } : i === 0 && s.code === 'honesty' ? { code: 'honesty', score: 5, reason: '借款逾期未还' } : s)),
            })),
          },
          cadre,
        ),
      );
      ok(await t.call('points', 'enter', { villageId: V, month: m, rows: [{ householdId: partial, scores: [{ code: 'sanitation', score: 6, reason: '门前柴草乱堆' }] }] }, cadre));
      filled = await measure<{ filled: number; households: number }>('fillRemainingFull', 'cadre', () => t.call('points', 'fillRemainingFull', { villageId: V, month: m }, cadre));
      await measure('importCsv', 'cadre', () =>
        t.call('points', 'importCsv', { villageId: V, month: m, csv: `户号,指标,得分,扣分原因\n${page[1]},环保卫生,7,门前堆放杂物\n${page[2]},环保卫生,7,门前堆放杂物\n`, requestId: `budget-import-${size}` }, cadre),
      );
      await measure('publish', 'cadre', () => t.call('points', 'publish', { villageId: V, month: m }, cadre));
      const rejected = ok(await t.call('points', 'object', { month: m, code: 'sanitation', reason: '我家门前当天已经清理干净了' }, resident)) as { id: string };
      // (the resident's household is on the page: rejecting keeps its score)
      const upheld = ok(await t.call('points', 'object', { month: m, code: 'safety', reason: '消防通道是邻居家堵的' }, neighbour)) as { id: string };
      await measure('decide reject', 'cadre', () => t.call('points', 'decide', { objectionId: rejected.id, decision: 'reject', reason: '网格员照片显示杂物堆在本户门前' }, cadre));
      await measure('decide uphold', 'cadre', () => t.call('points', 'decide', { objectionId: upheld.id, decision: 'uphold', reason: '经核实属邻居家', code: 'safety', score: 10 }, cadre));
      clock.advance(8 * DAY_MS);
      await measure('finalise', 'cadre', () => t.call('points', 'finalise', { villageId: V, month: m }, cadre));
      await measure('adjust', 'cadre', () =>
        t.call('points', 'adjust', { householdId: residentHousehold, month: m, code: 'publicService', delta: -2, reason: '河道清理日未出工，事后核实', requestId: `budget-adjust-${size}` }, cadre),
      );
    });

    // What the actions wrote, counted in the file. Every household rated in full, each total the sum of its cells.
    expect(sql.one(COLLECTIONS.pointsRatings.name, 'count(*)', `${ratingsWhere} AND ${j('complete')} = 1`, V, m)).toBe(households.length);
    expect(wrongTotals(m)).toBe(0);
    // The page as entered and corrected (the upheld objection's household back to 10 for safety), the
    // partial household filled around its one score, the rest at full marks.
    expect(page.map((h) => scoreOf(h, m, 'safety'))).toEqual(page.map((h) => (h === neighbourHousehold ? 10 : 8)));
    expect(scoreOf(page[0]!, m, 'honesty')).toBe(5);
    expect(page.slice(3).map((h) => scoreOf(h, m, 'lawAbiding'))).toEqual(page.slice(3).map((_, i) => firstScores(i + 3)[0]!.score));
    expect([scoreOf(page[1]!, m, 'sanitation'), scoreOf(page[2]!, m, 'sanitation')]).toEqual([7, 7]);
    expect(scoreOf(partial, m, 'sanitation')).toBe(6);
    const rest = households.slice(PAGE + 1);
    expect(sql.one(COLLECTIONS.pointsRatings.name, 'count(*)', `${ratingsWhere} AND ${j('total')} = 100 AND ${j('householdId')} NOT IN (${[...page, partial].map(() => '?').join(',')})`, V, m, ...page, partial)).toBe(rest.length);
    expect(filled).toMatchObject({ filled: (households.length - PAGE - 1) * CODES.length + CODES.length - 1, households: households.length - PAGE });
    // The ledger holds one month entry per household, summing to the ratings' totals, and the adjustment.
    const ledger = `WHERE ${j('villageId')} = ? AND ${j('month')} = ?`;
    expect(sql.one(COLLECTIONS.pointsLedger.name, 'count(*)', `${ledger} AND ${j('kind')} = 'month'`, V, m)).toBe(households.length);
    expect(sql.one(COLLECTIONS.pointsLedger.name, `sum(${j('delta')})`, `${ledger} AND ${j('kind')} = 'month'`, V, m)).toBe(sql.one(COLLECTIONS.pointsRatings.name, `sum(${j('total')})`, ratingsWhere, V, m));
    expect(sql.one(COLLECTIONS.pointsLedger.name, `sum(${j('delta')})`, `${ledger} AND ${j('kind')} = 'adjustment'`, V, m)).toBe(-2);
    // The audit entries and the household's notices, once the dispatch timer has drained what the writes carried.
    await dispatchNow();
    // Entries: the page, its correction, the partial household and the import.
    const audited = Object.fromEntries(['points.enter', 'points.fillRemainingFull', 'points.publish', 'points.decide', 'points.finalise', 'points.adjust'].map((a) => [a, auditCount(a, m)]));
    expect(audited).toEqual({ 'points.enter': 4, 'points.fillRemainingFull': 1, 'points.publish': 1, 'points.decide': 2, 'points.finalise': 1, 'points.adjust': 1 });
    const decidedNotices = sql.one(COLLECTIONS.notifications.name, 'count(*)', `WHERE ${j('kind')} = 'points.objectionDecided' AND ${j('recipientId')} IN ('resident', ?) AND ${j('link.id')} = ?`, neighbourId, m);
    expect(decidedNotices).toBe(2);
    return out;
  }

  it('costs each the same requests at two village sizes, every query on an index, and writes what plain SQL counts', async () => {
    // A month of its own at each size.
    const small = await sameAtTwoSizes(grow, (n) => month(n, n === 10 ? '2027-06' : '2027-07'));
    // The caller (1) is in every count. enter: one aggregate (village, month, settings), the page's
    // households, the page's ratings, then the first page's ratings in one batch add after the month is
    // opened — or the correction's two distinct changes, one update each — the audit entry, and the
    // month's counts in one aggregate. fillRemainingFull: the aggregate, the village's households (a
    // page of 1000), their ratings (1000 ids a query), the unrated in one batch add (500 a batch), the one
    // household with a gap in one update, the audit entry, the counts. importCsv: the aggregate, the
    // households, the import's claim, the ratings, one update per distinct change (two: the households
    // held different scores before), the audit entry, the claim's done mark, the counts. publish: the aggregate, the counts, the seal, and the transaction
    // (begin, month, flip, audit entry, fan-out row, commit). decide: the objection, the aggregate, the
    // household's members, then a rejection's one conditional update carrying notice and audit entry,
    // or an upholding's transaction (begin, objection, rating, both updates, commit). finalise: the
    // aggregate, the claim, the open objections counted, the ratings, the households, the ledger in one
    // batch add, the board, the flip carrying its audit entry. adjust: the household, the aggregate, the
    // retry check, the household's month entries, the add carrying its audit entry.
    expect(small).toEqual({
      'enter a first page, each household its own scores as cadre': 8,
      'enter the page again with one change shared by all and one of its own as cadre': 8,
      'fillRemainingFull as cadre': 8,
      'importCsv as cadre': 10,
      'publish as cadre': 10,
      'decide reject as cadre': 5,
      'decide uphold as cadre': 10,
      'finalise as cadre': 9,
      'adjust as cadre': 6,
    });
  }, 120_000);
});

describe('points entry by grouped updates: a change landing between the read and the write', () => {
  /**
   * Runs `competing` (another cadre's write) right after the next read of ratings an action sends, so it
   * lands between that read and the action's write: the engine yields once per request, in order, so the
   * competing write, sent first, is served before the action's next request.
   */
  function beforeNextWrite(competing: () => Promise<unknown>): { landed: () => boolean } {
    const engine = t.runtime.engine;
    const previous = engine.observer;
    let fired = false;
    let done = false;
    engine.observer = (action, params) => {
      previous?.(action, params);
      if (fired || action !== 'database.getDocument' || params.collectionName !== COLLECTIONS.pointsRatings.name) return;
      fired = true;
      engine.observer = previous;
      void competing().then(() => (done = true));
    };
    return { landed: () => done };
  }
  const rid = (householdId: string, m: string) => `pr-${householdId}-${m}`;
  /** Another cadre's score written as an entry writes it: the cell by its path, the total moved from the score it replaces. */
  const otherCadreScores = (householdId: string, m: string, code: string, from: number | null, score: number) => () =>
    t.runtime.db
      .collection(COLLECTIONS.pointsRatings.name)
      .doc(rid(householdId, m))
      .update({ [`scores.${code}`]: t.runtime.db.command.set({ score, reason: '另一位评议员的意见', byId: 'other-cadre', byName: '另一位评议员', at: clock.nowIso() }), total: t.runtime.db.command.inc(score - (from ?? 0)), rev: t.runtime.db.command.inc(1) });

  it('writes a correction again over a score another cadre changed meanwhile, every total still the sum of its cells', async () => {
    const m = '2027-08';
    clock.freeze(`${m}-10T02:00:00.000Z`);
    const cadre = await t.login('village-cadre');
    const some = sql.all<{ id: string }>(COLLECTIONS.households.name, '_id AS id', `WHERE ${j('unitId')} = ? ORDER BY _id LIMIT 12`, V).map((r) => r.id);
    ok(await t.call('points', 'enter', { villageId: V, month: m, rows: some.map((householdId) => ({ householdId, scores: CODES.map((code) => ({ code, score: 8, reason: '评议组意见' })) })) }, cadre));
    // Another cadre moves one household's 平安建设 from 8 to 9 after the correction read it at 8.
    const other = beforeNextWrite(otherCadreScores(some[0]!, m, 'safety', 8, 9));
    ok(await t.call('points', 'enter', { villageId: V, month: m, rows: some.map((householdId) => ({ householdId, scores: [{ code: 'safety', score: 6, reason: '消防通道堆放杂物' }] })) }, cadre));
    expect(other.landed()).toBe(true);
    // The correction came last: it stands on all twelve, that household's included, and every total is its cells' sum.
    expect(some.map((h) => scoreOf(h, m, 'safety'))).toEqual(some.map(() => 6));
    expect(wrongTotals(m)).toBe(0);
    expect(sql.one(COLLECTIONS.pointsRatings.name, 'count(*)', `${ratingsWhere} AND ${j('total')} = 78`, V, m)).toBe(some.length);
  });

  it('adds to a rating another cadre created meanwhile instead of failing, keeping both cadres’ scores', async () => {
    const m = '2027-08';
    const cadre = await t.login('village-cadre');
    const h = sql.all<{ id: string }>(COLLECTIONS.households.name, '_id AS id', `WHERE ${j('unitId')} = ? ORDER BY _id LIMIT 1 OFFSET 12`, V)[0]!.id;
    const household = ((await t.runtime.db.collection(COLLECTIONS.households.name).doc(h).get()).data as HouseholdRecord[])[0]!;
    // Another cadre's first score for this household lands between the entry's read (no rating yet) and its add.
    const other = beforeNextWrite(() =>
      t.runtime.db.collection(COLLECTIONS.pointsRatings.name).add({
        _id: rid(h, m), householdId: h, headName: household.headName, villageId: V, gridId: household.gridId, path: household.path, month: m,
        scores: { honesty: { score: 4, reason: '借款逾期未还', byId: 'other-cadre', byName: '另一位评议员', at: clock.nowIso() } },
        total: 4, complete: false, changes: [], rev: 1, updatedAt: clock.nowIso(),
      }),
    );
    ok(await t.call('points', 'enter', { villageId: V, month: m, rows: [{ householdId: h, scores: [{ code: 'sanitation', score: 7, reason: '门前堆放杂物' }] }] }, cadre));
    expect(other.landed()).toBe(true);
    expect([scoreOf(h, m, 'honesty'), scoreOf(h, m, 'sanitation')]).toEqual([4, 7]);
    expect(wrongTotals(m)).toBe(0);
  });

  it('fills around a score another cadre enters meanwhile, never over it, and leaves every rating complete', async () => {
    const m = '2027-08';
    const cadre = await t.login('village-cadre');
    const h = sql.all<{ id: string }>(COLLECTIONS.households.name, '_id AS id', `WHERE ${j('unitId')} = ? ORDER BY _id LIMIT 1 OFFSET 12`, V)[0]!.id;
    // The household holds two scores; another cadre enters a third after the fill read it unscored.
    const other = beforeNextWrite(otherCadreScores(h, m, 'education', null, 5));
    const res = ok(await t.call('points', 'fillRemainingFull', { villageId: V, month: m }, cadre)) as { filled: number; households: number };
    expect(other.landed()).toBe(true);
    expect(scoreOf(h, m, 'education')).toBe(5);
    expect(sql.one(COLLECTIONS.pointsRatings.name, `json_extract(body, '$.scores.education.byId')`, 'WHERE _id = ?', rid(h, m)) as unknown).toBe('other-cadre');
    const households = sql.one(COLLECTIONS.households.name, 'count(*)', `WHERE ${j('unitId')} = ?`, V);
    expect(sql.one(COLLECTIONS.pointsRatings.name, 'count(*)', `${ratingsWhere} AND ${j('complete')} = 1`, V, m)).toBe(households);
    expect(wrongTotals(m)).toBe(0);
    // Filled: the unrated households' ten indicators, and that household's seven still unscored.
    expect(res).toMatchObject({ filled: (households - 13) * CODES.length + 7, households: households - 12 });
  });
});
