/**
 * Importing a month's scores from the cadre's own sheet (an Excel .xlsx file, or text pasted from
 * it): preview every line with its problems,
 * then write exactly the previewed content once it is confirmed (`requestId` makes a resend safe).
 */
import { createHash } from 'node:crypto';
import type { Db } from '@cloudbase/database';
import type { HouseholdRecord } from '../../shared/domain/records';
import type { PointsImportRecord } from '../../shared/domain/points-records';
import { checkEntryRows, type EntryIssue, type EntryRow } from '../../shared/domain/points-entry';
import { IMPORT_RULE, importTemplate as templateText, lineOfIssue, parseTable, readImportTable, resolveImportLines, type TableLine } from '../../shared/domain/points-import';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { findById, isDuplicateKey } from '../_lib/db';
import { conflict, invalid } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { enterRows, monthView, type Entered } from './rating';
import { countyHintOf, loadMonth, loadSettings, loadVillage, readVillageMonth, requireRater, villageHouseholds, type VillageMonth } from './store';
import type { In, Out } from './types';
import { readXlsxTable, xlsxTemplate } from './xlsx';

const MAX_LINES = 5000;

interface Plan {
  rows: (EntryRow & { line: number; householdLabel: string })[];
  /** Problems found while reading the file (header, columns, household, score text). */
  readIssues: EntryIssue[];
  /** Every problem, the entry check's included. */
  issues: EntryIssue[];
  where: { label: (i: number) => string; path: (i: number, field: string) => string };
  /** The village's households the lines were resolved against (the entry checks its rows against the same). */
  households: HouseholdRecord[];
}

/** The file's rows, cell by cell: pasted text split by papaparse, an Excel sheet read by exceljs. */
function readFile(input: { csv?: string; xlsx?: string }): Promise<TableLine[]> {
  return input.xlsx !== undefined ? readXlsxTable(input.xlsx) : Promise.resolve(parseTable(input.csv ?? ''));
}

async function planImport(db: Db, { village, month: existing, settings }: VillageMonth, table: readonly TableLine[]): Promise<Plan> {
  const read = readImportTable(table);
  const households = await villageHouseholds(db, village._id);
  const resolved = resolveImportLines(read.lines, households);
  const readIssues = [...read.issues, ...resolved.issues];
  if (resolved.rows.length + readIssues.length === 0) readIssues.push({ path: 'csv', message: '文件里除表头外没有任何一行' });
  if (resolved.rows.length > MAX_LINES) readIssues.push({ path: 'csv', message: `一次最多导入 ${MAX_LINES} 行，请分批导入` });
  const rows = resolved.rows;
  const where = {
    label: (i: number) => `第 ${rows[i]!.line} 行`,
    path: (i: number, field: string) => `csv.line${rows[i]!.line}.${field.replace(/^scores\.\d+\./, '')}`,
  };
  const known = new Set(households.map((h) => h._id));
  const checked = checkEntryRows(rows, existing?.indicators ?? settings.indicators, (id) => known.has(id), where);
  return { rows, readIssues, issues: [...readIssues, ...checked.issues], where, households };
}

const withoutLine = (message: string) => message.replace(/^第 \d+ 行：/, '');

export async function previewImport(input: In<'previewImport'>, ctx: MemberContext): Promise<Out<'previewImport'>> {
  const read = await readVillageMonth(ctx.db, input.villageId, input.month, countyHintOf(ctx.caller));
  requireRater(ctx.caller, read.village);
  const file = await readFile(input);
  const plan = await planImport(ctx.db, read, file);
  const byLine = new Map(plan.rows.map((r) => [r.line, r]));
  const errorsOf = (line: number) => plan.issues.filter((i) => lineOfIssue(i.path) === line).map((i) => withoutLine(i.message));
  const table = file.slice(1);
  return {
    rows: table.map(({ line, cells }) => {
      const r = byLine.get(line);
      const s = r?.scores[0];
      return {
        line,
        household: r?.householdLabel ?? cells.slice(0, 2).join(' '),
        indicator: s?.code ?? '',
        score: s ? s.score : null,
        reason: s?.reason ?? null,
        errors: errorsOf(line),
      };
    }),
    fileErrors: plan.issues.filter((i) => lineOfIssue(i.path) === null || (lineOfIssue(i.path) === 1 && !byLine.has(1))).map((i) => i.message),
    lines: table.length,
    errorCount: plan.issues.length,
  };
}

export async function importTemplate(input: In<'importTemplate'>, ctx: MemberContext): Promise<Out<'importTemplate'>> {
  const village = await loadVillage(ctx.db, input.villageId);
  requireRater(ctx.caller, village);
  const [households, existing, settings] = await Promise.all([villageHouseholds(ctx.db, village._id), loadMonth(ctx.db, village._id, input.month), loadSettings(ctx.db, village)]);
  const [y, m] = input.month.split('-');
  const indicators = existing?.indicators ?? settings.indicators;
  const name = `${village.name}${y}年${Number(m)}月积分导入模板`;
  return { fileName: `${name}.csv`, csv: templateText(households, indicators), xlsxFileName: `${name}.xlsx`, xlsx: await xlsxTemplate(households, indicators, IMPORT_RULE) };
}

export async function importCsv(input: In<'importCsv'>, ctx: MemberContext): Promise<Out<'importCsv'>> {
  const { db, caller } = ctx;
  const read = await readVillageMonth(db, input.villageId, input.month, countyHintOf(caller));
  const { village } = read;
  requireRater(caller, village);
  const plan = await planImport(db, read, await readFile(input));
  if (plan.readIssues.length && !plan.rows.length) throw invalid(plan.readIssues[0]!.message, plan.readIssues);
  const claimId = input.requestId ? `pi-${createHash('sha256').update(`${village._id}|${caller._id}|${input.requestId}`).digest('hex').slice(0, 32)}` : null;
  if (claimId) {
    const claim: PointsImportRecord = { _id: claimId, villageId: village._id, month: input.month, byId: caller._id, status: 'writing', written: 0, lines: plan.rows.length, at: clock.nowIso() };
    try {
      await db.collection(COLLECTIONS.pointsImports.name).add(claim);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const first = await findById<PointsImportRecord>(db, COLLECTIONS.pointsImports.name, claimId);
      if (first?.status !== 'done') throw conflict('这份表格正在导入，请稍后刷新查看');
      return { written: first.written, lines: first.lines, month: await monthView(db, village, first.month) };
    }
  }
  let entered: Entered;
  try {
    entered = await enterRows(ctx, input.villageId, input.month, plan.rows, plan.where, plan.readIssues, { read, households: plan.households });
  } catch (err) {
    if (claimId) await db.collection(COLLECTIONS.pointsImports.name).doc(claimId).remove();
    throw err;
  }
  if (claimId) await db.collection(COLLECTIONS.pointsImports.name).doc(claimId).update({ status: 'done', written: entered.written });
  return { written: entered.written, lines: plan.rows.length, month: await monthView(db, village, input.month, entered.month) };
}
