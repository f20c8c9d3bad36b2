import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { clock } from '../../cloudfunctions/_lib/clock';
import { COLLECTIONS, EFFECT_COLLECTIONS } from '../../cloudfunctions/_lib/collections';
import { drainEffects } from '../../cloudfunctions/_lib/effects';
import { sanitation } from '../../cloudfunctions/sanitation';
import { lastMonths } from '../../shared/domain/china-time';
import type { UserRecord } from '../../shared/domain/records';
import { SqlCounts, j } from '../support/county-checks';
import { dispatchNow } from '../support/dispatch';
import { budgetRound } from '../support/budget';
import { ok, startTestRuntime, type TestRuntime } from '../support/runtime';

/**
 * 三污治理 within budget (issue 13): an order's steps (接单, 处理, 还没修好, 确认, 放行) are one write to the
 * order carrying its notices and audit entry (`_lib/effects.ts`; a fix, which claims its photos, one
 * transaction); a household's record is read in one aggregate and each ledger write is one write carrying
 * its audit entry. The notifications `dispatch` timer writes the notices and entries out; what they
 * become is checked with plain SQL over the SQLite file.
 */
const V = 'v-fengfang';
const HOUSEHOLD = 'h-fengfang-1-01';
/** Text the local content checker holds (local/content-check stand-in). */
const FLAGGED = '村口有人聚众赌博';
/** Facilities of the village with no order open in the seed: one per round. */
const FACILITY = { 10: 'sf-fengfang-CP-1', 300: 'sf-fengfang-CP-3' } as Record<number, string>;

let t: TestRuntime;
let sql: SqlCounts;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestRuntime();
  sql = new SqlCounts(t.runtime.engine);
  for (const p of ['resident', 'village-cadre'] as const) tokens[p] = await t.login(p);
});
afterAll(() => t.close());

const photoFile = readFileSync(path.resolve(__dirname, '../fixtures/photos', 'bin-with-gps.jpg'));

/** What Taro.cloud.uploadFile and sanitation.photo do for an after-photo: its id. */
async function photo(token: string, userId: string): Promise<string> {
  const cloudPath = `incoming/${userId}/${randomUUID().replace(/-/g, '')}.jpg`;
  const res = await fetch(`${t.url}/api/_storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: photoFile });
  const body = (await res.json()) as { data: { fileID: string } };
  return ok(await t.call('sanitation', 'photo', { fileId: body.data.fileID }, token)).photo.id;
}

/** A 随手拍 received and dispatched by the sanitation timer: its order's id (read with plain SQL). */
async function reportedOrder(token: string, data: object): Promise<string> {
  const receipt = ok(await t.call('sanitation', 'report', { requestId: `budget-${randomUUID()}`, ...data }, token));
  await sanitation.runTimer('dispatch');
  const orderId = sql.all<{ o: string }>(COLLECTIONS.sanitationReports.name, `${j('orderId')} AS o`, 'WHERE _id = ?', receipt.reportId)[0]?.o;
  if (!orderId) throw new Error('the report was not dispatched');
  return orderId;
}

/** Records of the sanitation collections still owing effects (plain SQL). */
const flagged = () =>
  [COLLECTIONS.sanitationOrders.name, COLLECTIONS.sanitationHouseholds.name, COLLECTIONS.sortingChecks.name].reduce(
    (n, c) => n + sql.one(c, 'count(*)', `WHERE ${j('effectsPending')} = 1 OR json_array_length(coalesce(${j('effects')}, '[]')) > 0`),
    0,
  );

const notices = (kind: string, recipientId: string, orderId: string) =>
  sql.one('notifications', 'count(*)', `WHERE ${j('kind')} = ? AND ${j('recipientId')} = ? AND ${j('link.id')} = ?`, kind, recipientId, orderId);
const audits = (action: string, targetId: string) => sql.one('auditLog', 'count(*)', `WHERE ${j('action')} = ? AND ${j('target.id')} = ?`, action, targetId);

describe('sanitation actions: requests within budget, the same at two sizes', () => {
  /**
   * Grows what an action could be tempted to read per item: the village's cadres (the handlers told of a
   * reopened order without a handler), the village's orders, the household's reporters-to-be (others'
   * reports on the order) and the village's sorting checks.
   */
  async function grow(n: number): Promise<void> {
    const db = t.runtime.db;
    const cadre = ((await db.collection('users').doc('village-cadre').get()).data as UserRecord[])[0]!;
    await db.collection('users').add(Array.from({ length: n }, (_, i) => ({ ...cadre, _id: `vc-grow-${n}-${i}`, openid: `wx-vc-grow-${n}-${i}`, demo: false })));
    const order = ((await db.collection('sanitationOrders').where({ villageId: V }).limit(1).get()).data as object[])[0]!;
    await db.collection('sanitationOrders').add(Array.from({ length: 5 * n }, (_, i) => ({ ...order, _id: `so-grow-${n}-${i}`, facilityId: null, status: 'closed', effects: [], effectsPending: false })));
    const check = ((await db.collection('sortingChecks').where({ villageId: V }).limit(1).get()).data as object[])[0]!;
    await db.collection('sortingChecks').add(Array.from({ length: 5 * n }, (_, i) => ({ ...check, _id: `sc-grow-${n}-${i}`, householdId: `h-grow-${n}-${i}` })));
  }

  /** Each action once, measured through the gateway: the requests it sent, and any query no index served. */
  async function actions(size: number): Promise<{ counts: Record<string, number>; orderId: string; heldId: string }> {
    const orderId = await reportedOrder(tokens.resident!, { category: 'overflow', facilityId: FACILITY[size], note: '垃圾桶满了两天了' });
    const heldId = await reportedOrder(tokens.resident!, { category: 'dumping', placeText: `${size}组路口`, note: `${FLAGGED}，还倒了垃圾` });
    const photos = [await photo(tokens['village-cadre']!, 'village-cadre'), await photo(tokens['village-cadre']!, 'village-cadre')];
    // The local sign-in store re-reads a token once after any other sign-in (local/sessions.ts): each
    // token is used once first, so the counts are the actions' own.
    for (const p of ['resident', 'village-cadre'] as const) ok(await t.call('sanitation', 'myReports', { limit: 1 }, tokens[p]));
    const month = lastMonths(clock.now(), 1)[0]!;
    const counts = await budgetRound(t.runtime.engine, size, async ({ measure }) => {
      const cadre = tokens['village-cadre'];
      expect((await measure('accept', 'cadre', () => t.call('sanitation', 'accept', { orderId }, cadre))).status).toBe('accepted');
      expect((await measure('fix', 'cadre', () => t.call('sanitation', 'fix', { orderId, note: '已清运', photoIds: [photos[0]] }, cadre))).status).toBe('fixed');
      expect((await measure('reopen', 'resident', () => t.call('sanitation', 'reopen', { orderId, note: '旁边还堆着一堆' }, tokens.resident))).status).toBe('accepted');
      ok(await t.call('sanitation', 'fix', { orderId, note: '旁边的也清走了', photoIds: [photos[1]] }, cadre));
      expect((await measure('confirm', 'resident', () => t.call('sanitation', 'confirm', { orderId }, tokens.resident))).status).toBe('closed');
      await measure('release', 'cadre', () => t.call('sanitation', 'release', { orderId: heldId }, cadre));
      await measure('household', 'resident', () => t.call('sanitation', 'household', {}, tokens.resident));
      const toilet = { householdId: HOUSEHOLD, mode: 'three-compartment', work: 'converted', doneOn: '2025-05-01', acceptance: 'passed', satisfaction: 'satisfied' };
      await measure('saveToilet', 'cadre', () => t.call('sanitation', 'saveToilet', toilet, cadre));
      await measure('saveBins', 'cadre', () => t.call('sanitation', 'saveBins', { householdId: HOUSEHOLD, count: size === 10 ? 2 : 3, givenOn: '2026-03-01' }, cadre));
      await measure('checkSorting', 'cadre', () => t.call('sanitation', 'checkSorting', { householdId: HOUSEHOLD, month, result: size === 10 ? 'fair' : 'good' }, cadre));
    });
    return { counts, orderId, heldId };
  }

  it('costs each action the same few requests with 10 or 300 cadres and ×5 orders and checks, every query on an index, and owes what it did', async () => {
    await dispatchNow();
    await grow(10);
    const small = await actions(10);
    await grow(300);
    const large = await actions(300);
    expect(large.counts).toEqual(small.counts);
    // The caller (1) is in every count. accept, reopen (the order has its handler): the order, the
    // conditional update, the order's reports for the answer; fix: the order, then one transaction (its
    // start, the order, the photo and its claim, the update, the commit), the reports; confirm: + the
    // conditional free of its facility; release: the order, the release, the public flag, the reports;
    // household: one aggregate (household, record, checks, village, settings); each ledger write: that
    // aggregate and one write.
    expect(small.counts).toEqual({
      'accept as cadre': 4,
      'fix as cadre': 9,
      'reopen as resident': 4,
      'confirm as resident': 5,
      'release as cadre': 5,
      'household as resident': 2,
      'saveToilet as cadre': 3,
      'saveBins as cadre': 3,
      'checkSorting as cadre': 3,
    });

    // Before the drain nothing of it is in the inbox or the audit log; after it, each notice and entry once.
    expect(audits('sanitation.accept', large.orderId)).toBe(0);
    await dispatchNow();
    expect(flagged()).toBe(0);
    for (const { orderId, heldId } of [small, large]) {
      expect(sql.one(COLLECTIONS.sanitationOrders.name, j('status'), 'WHERE _id = ?', orderId)).toBe('closed');
      // The reporter hears of 派单 and 接单; not of their own 还没修好 and 确认.
      expect(notices('sanitation.progress', 'resident', orderId)).toBe(2);
      expect(notices('sanitation.fixed', 'resident', orderId)).toBe(2);
      expect(notices('sanitation.reopened', 'village-cadre', orderId)).toBe(1);
      // The handler hears the reporter confirmed it.
      expect(notices('sanitation.progress', 'village-cadre', orderId)).toBe(1);
      expect(audits('sanitation.accept', orderId)).toBe(1);
      expect(audits('sanitation.fix', orderId)).toBe(2);
      expect(notices('content.released', 'resident', heldId)).toBe(1);
      expect(audits('sanitation.release', heldId)).toBe(1);
      // Released with nothing else held: on the village's public list.
      expect(sql.one(COLLECTIONS.sanitationOrders.name, j('public'), 'WHERE _id = ?', heldId)).toBe(1);
    }
    // Confirming freed the facilities for a new order.
    expect(sql.one(COLLECTIONS.sanitationFacilities.name, 'count(*)', `WHERE _id IN (?, ?) AND ${j('openOrderId')} IS NULL`, FACILITY[10], FACILITY[300])).toBe(2);
    // The household's record and the month's one check, as the second round left them; an audit entry per write.
    expect(sql.one(COLLECTIONS.sanitationHouseholds.name, j('bins.count'), 'WHERE _id = ?', HOUSEHOLD)).toBe(3);
    expect(sql.one(COLLECTIONS.sanitationHouseholds.name, j('sanitaryToilet'), 'WHERE _id = ?', HOUSEHOLD)).toBe(1);
    const month = lastMonths(clock.now(), 1)[0]!;
    expect(sql.all<{ r: string }>(COLLECTIONS.sortingChecks.name, `${j('result')} AS r`, `WHERE ${j('householdId')} = ? AND ${j('month')} = ?`, HOUSEHOLD, month)).toEqual([{ r: 'good' }]);
    expect(audits('sanitation.saveToilet', HOUSEHOLD)).toBe(2);
    expect(audits('sanitation.saveBins', HOUSEHOLD)).toBe(2);
    expect(audits('sanitation.checkSorting', `${HOUSEHOLD}_${month}`)).toBe(2);
  });
});

describe('the drain reaches every collection that carries effects', () => {
  it('writes out an order’s notice with one page allowed, past the collections before it that owe nothing', async () => {
    await dispatchNow();
    const orderId = await reportedOrder(tokens.resident!, { category: 'dumping', placeText: '三组路口' });
    ok(await t.call('sanitation', 'accept', { orderId }, tokens['village-cadre']));
    expect(flagged()).toBe(1);
    // sanitationOrders comes after more than one collection declared `effects: true`, all owing nothing now.
    expect(EFFECT_COLLECTIONS.indexOf(COLLECTIONS.sanitationOrders.name)).toBeGreaterThan(1);
    const report = await drainEffects(t.runtime.db as unknown as Parameters<typeof drainEffects>[0], { maxPages: 1 });
    expect(report).toMatchObject({ records: 1, effects: 1 });
    expect(flagged()).toBe(0);
    // 派单's notice (written by the dispatch itself) and 接单's, drained now.
    expect(notices('sanitation.progress', 'resident', orderId)).toBe(2);
    expect(audits('sanitation.accept', orderId)).toBe(1);
  });
});
