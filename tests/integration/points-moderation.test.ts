import { clock } from '../../cloudfunctions/_lib/clock';
import { HELD_PLACEHOLDER } from '../../shared/domain/moderation';
import { ok, startTestRuntime, type TestRuntime } from '../support/runtime';

// The seed's clock: 2026-11 is open for rating; the flow below rates and publishes it first.
const NOW = '2026-11-10T02:00:00.000Z';
const MONTH = '2026-11';
const V = 'v-fengfang';
const CODES = ['lawAbiding', 'honesty', 'filialPiety', 'customReform', 'sanitation', 'neighbourliness', 'industriousness', 'publicService', 'education', 'safety'];

let t: TestRuntime;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  clock.freeze(NOW);
  t = await startTestRuntime();
  for (const p of ['resident', 'village-cadre', 'town-cadre'] as const) tokens[p] = await t.login(p);
});
afterAll(async () => {
  await t.close();
  clock.reset();
});

describe('points: content security on objection reasons', () => {
  it('holds a flagged objection reason for the household and the village cadres, and tells the author', async () => {
    const cadre = tokens['village-cadre']!;
    const sheet = ok(await t.call('points', 'sheet', { villageId: V, month: MONTH }, cadre));
    const rows = sheet.rows.map((r: { householdId: string }) => ({ householdId: r.householdId, scores: CODES.map((code) => ({ code, score: 10 })) }));
    ok(await t.call('points', 'enter', { villageId: V, month: MONTH, rows }, cadre));
    ok(await t.call('points', 'publish', { villageId: V, month: MONTH }, cadre));

    const objection = ok(await t.call('points', 'object', { month: MONTH, reason: '评分的人自己就在村口赌博，凭什么扣我家的分' }, tokens.resident));
    expect(objection.reason).toContain('赌博');
    expect(objection.held).toEqual([{ field: 'reason', reason: '疑似违法犯罪内容' }]);
    expect(await t.count('notifications', { recipientId: 'resident', kind: 'content.held' })).toBe(1);

    const hid = objection.householdId as string;
    const cadreView = ok(await t.call('points', 'detail', { householdId: hid, month: MONTH }, cadre));
    expect(cadreView.objection.reason).toContain('赌博');
    const listed = ok(await t.call('points', 'objections', { villageId: V, month: MONTH }, cadre));
    expect(JSON.stringify(listed)).toContain('赌博');

    // A town cadre oversees the village but does not decide its objections: the placeholder only.
    const other = ok(await t.call('points', 'detail', { householdId: hid, month: MONTH }, tokens['town-cadre']));
    expect(other.objection.reason).toBe(HELD_PLACEHOLDER);
    expect(other.objection.held).toBeUndefined();
  });
});
