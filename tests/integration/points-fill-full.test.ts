import { clock } from '../../cloudfunctions/_lib/clock';
import { AUDIT_ACTION_LABELS } from '../../shared/domain/audit-log';
import { ok, startTestRuntime, type TestRuntime } from '../support/runtime';

const V = 'v-fengfang';

let t: TestRuntime;
let cadre: string;
let indicatorCount: number;
let households: number;

beforeAll(async () => {
  clock.freeze('2027-06-10T02:00:00.000Z');
  t = await startTestRuntime();
  cadre = await t.login('village-cadre');
  indicatorCount = ok(await t.call('points', 'settings', { villageId: V }, cadre)).indicators.length;
  households = await t.count('households', { unitId: V });
});
afterAll(async () => {
  await t.close();
  clock.reset();
});

type Stored = { scores: Record<string, { score: number; reason: string | null; byName: string }>; complete: boolean; total: number };
const rating = async (householdId: string, month: string) =>
  ((await t.runtime.db.collection('pointsRatings').doc(`pr-${householdId}-${month}`).get()).data as Stored[])[0];

describe('其余按满分 (points.fillRemainingFull)', () => {
  it('gives full marks to every unscored indicator of every household, keeps what was entered, and is audited as its own action', async () => {
    const M = '2027-06';
    ok(await t.call('points', 'enter', { villageId: V, month: M, rows: [{ householdId: 'h-fengfang-1-01', scores: [{ code: 'sanitation', score: 6, reason: '门前柴草乱堆，占用巷道' }] }] }, cadre));
    const res = ok(await t.call('points', 'fillRemainingFull', { villageId: V, month: M }, cadre));
    expect(res).toMatchObject({ filled: households * indicatorCount - 1, households });
    expect(res.month).toMatchObject({ householdCount: households, ratedCount: households });

    const h1 = (await rating('h-fengfang-1-01', M))!;
    expect(h1.scores.sanitation).toMatchObject({ score: 6, reason: '门前柴草乱堆，占用巷道' });
    expect(h1).toMatchObject({ complete: true, total: 100 - 10 + 6 });
    expect(await t.count('pointsRatings', { villageId: V, month: M, complete: true })).toBe(households);
    expect(await t.count('pointsRatings', { villageId: V, month: M, total: 100 })).toBe(households - 1);

    const entries = (await t.runtime.db.collection('auditLog').where({ action: 'points.fillRemainingFull' }).get()).data as { after: { filled: number; households: number } }[];
    expect(entries).toHaveLength(1);
    expect(entries[0]!.after).toMatchObject({ filled: households * indicatorCount - 1, households });
    expect(AUDIT_ACTION_LABELS['points.fillRemainingFull']).toBe('其余按满分记分');

    // Nothing left to fill: no write and no second audit entry.
    expect(ok(await t.call('points', 'fillRemainingFull', { villageId: V, month: M }, cadre))).toMatchObject({ filled: 0, households: 0 });
    expect(await t.count('auditLog', { action: 'points.fillRemainingFull' })).toBe(1);
  });

  it('never overwrites a score a rater enters at the same moment', async () => {
    // The seed fills every month before the frozen one: a month later is one nobody has rated yet.
    clock.freeze('2027-07-10T02:00:00.000Z');
    cadre = await t.login('village-cadre');
    const M = '2027-07';
    const codes = ['lawAbiding', 'filialPiety', 'honesty', 'sanitation'];
    const ids = ['h-fengfang-1-01', 'h-fengfang-1-02', 'h-fengfang-1-03', 'h-fengfang-1-04'];
    const enters = codes.map((code, k) =>
      t.call('points', 'enter', { villageId: V, month: M, rows: ids.map((householdId) => ({ householdId, scores: [{ code, score: 3 + k, reason: `第${k + 1}项扣分` }] })) }, cadre),
    );
    const [fill, ...entered] = await Promise.all([t.call('points', 'fillRemainingFull', { villageId: V, month: M }, cadre), ...enters]);
    for (const r of entered) ok(r);
    ok(fill);
    for (const id of ids) {
      const r = (await rating(id, M))!;
      codes.forEach((code, k) => expect(r.scores[code]).toMatchObject({ score: 3 + k, reason: `第${k + 1}项扣分` }));
      expect(r).toMatchObject({ complete: true, total: 100 - codes.reduce((s, _c, k) => s + 10 - (3 + k), 0) });
    }
  });

  it('is refused to a resident and after the month is published', async () => {
    const resident = await t.login('resident');
    expect((await t.call('points', 'fillRemainingFull', { villageId: V, month: '2027-06' }, resident)).status).toBe(403);
    ok(await t.call('points', 'publish', { villageId: V, month: '2027-06' }, cadre));
    const res = await t.call('points', 'fillRemainingFull', { villageId: V, month: '2027-06' }, cadre);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});
