import { clock } from '../../cloudfunctions/_lib/clock';
import type { HouseholdRecord } from '../../shared/domain/records';
import { ok, snapshotCounts, startTestRuntime, type TestRuntime } from '../support/runtime';

const NOW = '2026-11-10T02:00:00.000Z';
const MONTH = '2026-11';
const V = 'v-fengfang';
const WRITES = ['pointsRatings', 'pointsMonths', 'pointsImports', 'auditLog'];

let t: TestRuntime;
let cadre: string;
let first: HouseholdRecord;

beforeAll(async () => {
  clock.freeze(NOW);
  t = await startTestRuntime();
  cadre = await t.login('village-cadre');
  first = ((await t.runtime.db.collection('households').doc('h-fengfang-1-01').get()).data as HouseholdRecord[])[0]!;
});
afterAll(async () => {
  await t.close();
  clock.reset();
});

async function storedReason(householdId: string, code: string): Promise<string | null> {
  const doc = ((await t.runtime.db.collection('pointsRatings').doc(`pr-${householdId}-${MONTH}`).get()).data as { scores: Record<string, { reason: string | null }> }[])[0];
  return doc?.scores[code]?.reason ?? null;
}

describe('points import keeps what the cadre wrote', () => {
  it('stores a reason with a full-width comma whole', async () => {
    const csv = '户号,指标,得分,扣分原因\nh-fengfang-1-01,环保卫生,6,门前柴草乱堆，占用巷道\n';
    expect(ok(await t.call('points', 'importCsv', { villageId: V, month: MONTH, csv, requestId: 'imp-fullwidth' }, cadre))).toMatchObject({ written: 1, lines: 1 });
    expect(await storedReason('h-fengfang-1-01', 'sanitation')).toBe('门前柴草乱堆，占用巷道');
  });

  it('refuses a line whose ASCII commas make extra columns, by its line number, and writes nothing', async () => {
    const before = await snapshotCounts(t, WRITES);
    const csv = '户号,指标,得分,扣分原因\nh-fengfang-1-02,遵纪守法,10,\nh-fengfang-1-02,环保卫生,6,门前柴草乱堆,占用巷道\n';
    const res = await t.call('points', 'importCsv', { villageId: V, month: MONTH, csv, requestId: 'imp-columns' }, cadre);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'csv.line3.columns', message: expect.stringMatching(/^第 3 行：有 5 列/) }] } });
    expect(await snapshotCounts(t, WRITES)).toEqual(before);
  });

  it('previews every line with its errors by 户主 and 门牌, writing nothing, then imports the previewed file once', async () => {
    const template = ok(await t.call('points', 'importTemplate', { villageId: V, month: MONTH }, cadre));
    expect(template.fileName).toBe('冯坊村2026年11月积分导入模板.csv');
    expect(template.csv).toContain(`${first.headName},${first.address},遵纪守法,`);
    expect(template.csv).not.toMatch(/h-fengfang/);

    const csv = [
      '户主,门牌,指标,得分,扣分原因',
      `${first.headName},${first.address},孝老爱亲,7,"未按时看望老人，经提醒已改"`,
      `${first.headName},${first.address},诚实守信,12,`,
      '查无此人,冯坊9组99号,遵纪守法,10,',
    ].join('\r\n');
    const before = await snapshotCounts(t, WRITES);
    const preview = ok(await t.call('points', 'previewImport', { villageId: V, month: MONTH, csv }, cadre));
    expect(await snapshotCounts(t, WRITES)).toEqual(before);
    expect(preview).toMatchObject({ lines: 3, errorCount: 2, fileErrors: [] });
    expect(preview.rows).toEqual([
      { line: 2, household: `${first.headName}（${first.address}）`, indicator: '孝老爱亲', score: 7, reason: '未按时看望老人，经提醒已改', errors: [] },
      { line: 3, household: `${first.headName}（${first.address}）`, indicator: '诚实守信', score: 12, reason: null, errors: [expect.stringContaining('超过了满分')] },
      { line: 4, household: '查无此人 冯坊9组99号', indicator: '', score: null, reason: null, errors: [expect.stringContaining('本村（社区）没有户主为「查无此人」')] },
    ]);

    const fixed = csv.split('\r\n').slice(0, 2).join('\r\n');
    const again = await Promise.all([1, 2, 3].map(() => t.call('points', 'importCsv', { villageId: V, month: MONTH, csv: fixed, requestId: 'imp-confirmed' }, cadre)));
    const done = again.filter((r) => r.body.ok);
    expect(done.length).toBeGreaterThanOrEqual(1);
    for (const r of again) if (!r.body.ok) expect(r.body.error.code).toBe('CONFLICT');
    expect(ok(await t.call('points', 'importCsv', { villageId: V, month: MONTH, csv: fixed, requestId: 'imp-confirmed' }, cadre))).toMatchObject({ written: 1, lines: 1 });
    expect(await storedReason(first._id, 'filialPiety')).toBe('未按时看望老人，经提醒已改');
    // The confirmed file was written once, however often it was sent.
    expect(await t.count('auditLog', { action: 'points.enter' })).toBe(2);
    expect(await t.count('pointsImports', { status: 'done' })).toBe(2);
  });
});
