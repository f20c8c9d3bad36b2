import { ok, type TestRuntime } from '../support/runtime';
import { startEvaluationGroup, type EvaluationGroup, MONTH, V, CODES } from '../support/evaluation-group';

let group: EvaluationGroup;
let t: TestRuntime;
let cadres: string[] = [];
let households: string[] = [];

beforeAll(async () => {
  group = await startEvaluationGroup();
  ({ t, cadres, households } = group);
});
afterAll(() => group.close());

describe('points entry by an evaluation group working side by side', () => {
  it('stores all 240 scores when 10 cadres each enter their own indicator for the same 24 households at once, none retrying', async () => {
    const some = households.slice(0, 24);
    expect(some).toHaveLength(24);
    const results = await Promise.all(
      cadres.map((token, c) =>
        t.call('points', 'enter', { villageId: V, month: MONTH, rows: some.map((householdId) => ({ householdId, scores: [{ code: CODES[c]!, score: 6, reason: `第${c + 1}位评议员的意见` }] })) }, token),
      ),
    );
    expect(results.map((r) => (r.body.ok ? 'OK' : r.body.error.code))).toEqual(Array(10).fill('OK'));
    // Counted in the database, indicator by indicator, not from the answers.
    for (const [c, code] of CODES.entries()) {
      expect(await t.count('pointsRatings', { villageId: V, month: MONTH, [`scores.${code}.score`]: 6, [`scores.${code}.reason`]: `第${c + 1}位评议员的意见` })).toBe(24);
    }
    expect(await t.count('pointsRatings', { villageId: V, month: MONTH, complete: true, total: 60 })).toBe(24);
    expect(await t.count('auditLog', { action: 'points.enter' })).toBe(10);
  }, 60_000);

  it('refuses an entry once the month is published, and keeps what was published', async () => {
    const rest = households.slice(24);
    if (rest.length) ok(await t.call('points', 'enter', { villageId: V, month: MONTH, rows: rest.map((householdId) => ({ householdId, scores: CODES.map((code) => ({ code, score: 6, reason: '按评议结果' })) })) }, cadres[0]));
    ok(await t.call('points', 'publish', { villageId: V, month: MONTH }, cadres[0]));
    const late = await t.call('points', 'enter', { villageId: V, month: MONTH, rows: [{ householdId: households[0]!, scores: [{ code: CODES[0]!, score: 10 }] }] }, cadres[1]);
    expect(late.body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await t.count('pointsRatings', { villageId: V, month: MONTH, total: 60 })).toBe(households.length);
  }, 60_000);
});
