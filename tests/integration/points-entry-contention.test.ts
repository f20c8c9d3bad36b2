import { clock, DAY_MS } from '../../cloudfunctions/_lib/clock';
import type { UserRecord } from '../../shared/domain/records';
import { ok, startTestRuntime, type TestRuntime } from '../support/runtime';

const NOW = '2026-11-10T02:00:00.000Z';
const MONTH = '2026-11';
const V = 'v-fengfang';
const CODES = ['lawAbiding', 'honesty', 'filialPiety', 'customReform', 'sanitation', 'neighbourliness', 'industriousness', 'publicService', 'education', 'safety'];

let t: TestRuntime;
const cadres: string[] = [];
let households: string[] = [];

beforeAll(async () => {
  clock.freeze(NOW);
  t = await startTestRuntime();
  cadres.push(await t.login('village-cadre'));
  // Nine more members of 冯坊村's evaluation group.
  for (let i = 1; i <= 9; i++) {
    const user: UserRecord = {
      _id: `eval-${i}`,
      openid: `demo-eval-${i}`,
      name: `评议员${i}`,
      persona: 'village-cadre',
      roles: [{ role: 'village-cadre', unitId: V }],
      roleKeys: [`village-cadre@${V}`],
      residence: null,
      resettled: false,
      birthYear: 1975,
      phoneMasked: null,
      createdAt: NOW,
    };
    await t.runtime.db.collection('users').add(user);
    cadres.push(await t.loginOpenid(user.openid));
  }
  const sheet = ok(await t.call('points', 'sheet', { villageId: V, month: MONTH }, cadres[0]));
  households = sheet.rows.map((r: { householdId: string }) => r.householdId);
});
afterAll(async () => {
  await t.close();
  clock.reset();
});

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
