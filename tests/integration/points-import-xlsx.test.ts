import ExcelJS from 'exceljs';
import { clock } from '../../cloudfunctions/_lib/clock';
import { XLSX_MAX_BYTES } from '../../shared/domain/points-import-file';
import type { HouseholdRecord } from '../../shared/domain/records';
import { ok, snapshotCounts, startTestRuntime, type TestRuntime } from '../support/runtime';

const NOW = '2026-11-10T02:00:00.000Z';
const MONTH = '2026-11';
const V = 'v-fengfang';
const WRITES = ['pointsRatings', 'pointsMonths', 'pointsImports', 'auditLog'];

let t: TestRuntime;
let cadre: string;
let h1: HouseholdRecord;
let h2: HouseholdRecord;

beforeAll(async () => {
  clock.freeze(NOW);
  t = await startTestRuntime();
  cadre = await t.login('village-cadre');
  const doc = async (id: string) => ((await t.runtime.db.collection('households').doc(id).get()).data as HouseholdRecord[])[0]!;
  h1 = await doc('h-fengfang-1-01');
  h2 = await doc('h-fengfang-1-02');
});
afterAll(async () => {
  await t.close();
  clock.reset();
});

/** An .xlsx as a cadre's own sheet would be saved by Excel, built here with exceljs. */
async function workbook(rows: ExcelJS.CellValue[][], extraSheetFirst = false): Promise<string> {
  const wb = new ExcelJS.Workbook();
  if (extraSheetFirst) wb.addWorksheet('空白');
  const ws = wb.addWorksheet('十一月积分');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

async function storedScore(householdId: string, code: string): Promise<{ score: number; reason: string | null } | null> {
  const doc = ((await t.runtime.db.collection('pointsRatings').doc(`pr-${householdId}-${MONTH}`).get()).data as { scores: Record<string, { score: number; reason: string | null }> }[])[0];
  return doc?.scores[code] ?? null;
}

describe('points import from an Excel file (.xlsx) read on the server', () => {
  it('offers the template as an .xlsx listing every household of the village on every indicator, by name and door', async () => {
    const template = ok(await t.call('points', 'importTemplate', { villageId: V, month: MONTH }, cadre));
    expect(template.xlsxFileName).toBe('冯坊村2026年11月积分导入模板.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(template.xlsx, 'base64') as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['户主', '门牌', '指标', '得分', '扣分原因']);
    const households = await t.count('households', { unitId: V });
    const settings = ok(await t.call('points', 'settings', { villageId: V }, cadre));
    expect(ws.actualRowCount - 1).toBe(households * settings.indicators.length);
    expect((ws.getRow(2).values as unknown[]).slice(1, 4)).toEqual([expect.any(String), expect.any(String), settings.indicators[0]!.name]);
    expect(JSON.stringify((ws.getSheetValues() as unknown[]).slice(1))).not.toMatch(/h-fengfang/);
    expect(wb.worksheets[1]!.name).toBe('填写说明');
  });

  it('previews every row of the sheet with its errors by the sheet row number, and writes nothing', async () => {
    const xlsx = await workbook([
      ['户主', '门牌', '指标', '得分', '扣分原因'],
      [h1.headName, h1.address, '环保卫生', 6, '门前柴草乱堆，占用巷道'],
      [h1.headName, h1.address, '遵纪守法', 10],
      [h2.headName, h2.address, '孝老爱亲', 8, '未按时看望老人', '这一格多写了'],
      [],
      [h2.headName, h2.address, '诚实守信', { formula: '5+4', result: 9 }, '借款逾期, 已补还'],
      ['查无此人', '冯坊9组99号', '遵纪守法', '十', ''],
    ]);
    const before = await snapshotCounts(t, WRITES);
    const preview = ok(await t.call('points', 'previewImport', { villageId: V, month: MONTH, xlsx }, cadre));
    expect(await snapshotCounts(t, WRITES)).toEqual(before);
    expect(preview).toMatchObject({ lines: 5, errorCount: 2, fileErrors: [] });
    expect(preview.rows).toEqual([
      { line: 2, household: `${h1.headName}（${h1.address}）`, indicator: '环保卫生', score: 6, reason: '门前柴草乱堆，占用巷道', errors: [] },
      { line: 3, household: `${h1.headName}（${h1.address}）`, indicator: '遵纪守法', score: 10, reason: null, errors: [] },
      { line: 4, household: `${h2.headName} ${h2.address}`, indicator: '', score: null, reason: null, errors: [expect.stringMatching(/^有 6 列，表头是 5 列/)] },
      { line: 6, household: `${h2.headName}（${h2.address}）`, indicator: '诚实守信', score: 9, reason: '借款逾期, 已补还', errors: [] },
      { line: 7, household: '查无此人 冯坊9组99号', indicator: '', score: null, reason: null, errors: [expect.stringContaining('得分「十」不是整数')] },
    ]);
  });

  it('imports the confirmed sheet, keeping each reason whole, once for one request id', async () => {
    const xlsx = await workbook(
      [
        ['户主', '门牌', '指标', '得分', '扣分原因'],
        [h1.headName, h1.address, '环保卫生', 6, '门前柴草乱堆，占用巷道'],
        [h2.headName, h2.address, '诚实守信', { formula: '5+4', result: 9 }, '借款逾期, 已补还'],
      ],
      true,
    );
    const enters = await t.count('auditLog', { action: 'points.enter' });
    const res = await Promise.all([1, 2].map(() => t.call('points', 'importCsv', { villageId: V, month: MONTH, xlsx, requestId: 'imp-xlsx-1' }, cadre)));
    expect(res.some((r) => r.body.ok)).toBe(true);
    expect(ok(await t.call('points', 'importCsv', { villageId: V, month: MONTH, xlsx, requestId: 'imp-xlsx-1' }, cadre))).toMatchObject({ written: 2, lines: 2 });
    expect(await storedScore(h1._id, 'sanitation')).toEqual(expect.objectContaining({ score: 6, reason: '门前柴草乱堆，占用巷道' }));
    expect(await storedScore(h2._id, 'honesty')).toEqual(expect.objectContaining({ score: 9, reason: '借款逾期, 已补还' }));
    expect(await t.count('auditLog', { action: 'points.enter' })).toBe(enters + 1);
  });

  it('refuses, in Chinese and writing nothing, a file that is not an .xlsx, one too large, and both kinds at once', async () => {
    const before = await snapshotCounts(t, WRITES);
    const notXlsx = await t.call('points', 'previewImport', { villageId: V, month: MONTH, xlsx: Buffer.from('户主,门牌\n王,1号\n').toString('base64') }, cadre);
    expect(notXlsx.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('请选 Excel 的 .xlsx 文件') } });

    const big = Buffer.alloc(XLSX_MAX_BYTES + 1024, 7).toString('base64');
    const tooBig = await t.call('points', 'importCsv', { villageId: V, month: MONTH, xlsx: big, requestId: 'imp-xlsx-big' }, cadre);
    expect(tooBig.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'xlsx', message: expect.stringContaining('文件太大') }] } });

    const both = await t.call('points', 'previewImport', { villageId: V, month: MONTH, csv: '户号,指标,得分,扣分原因', xlsx: await workbook([['户主']]) }, cadre);
    expect(both.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ message: expect.stringContaining('二选一') }] } });
    expect(await snapshotCounts(t, WRITES)).toEqual(before);
  });

  it('refuses the file to a resident: only the village raters import', async () => {
    const resident = await t.login('resident');
    const res = await t.call('points', 'previewImport', { villageId: V, month: MONTH, xlsx: await workbook([['户主', '门牌', '指标', '得分', '扣分原因']]) }, resident);
    expect(res.status).toBe(403);
  });
});
