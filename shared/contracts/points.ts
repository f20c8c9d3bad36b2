import { z } from 'zod';
import { ACCESS, REFUSALS, defineContract } from './envelope';
import { idSchema, isoTime, requestIdSchema, text } from './common';
import { MONTH_PATTERN } from '../domain/china-time';
import { DIVIDEND_RULES, INDICATOR_CODES } from '../domain/points-rules';
import { XLSX_MAX_BASE64, XLSX_MAX_BYTES } from '../domain/points-import-file';
import { MONTH_STATUSES, OBJECTION_STATUSES } from '../domain/points-state';

export const indicatorCodeSchema = z.enum(INDICATOR_CODES);
export const monthSchema = z.string().regex(MONTH_PATTERN, '月份格式应为 2025-03');
export const yearSchema = z.number().int().min(2000).max(2100);
const tierCode = z.enum(['A', 'B', 'C', 'D']);

export const indicatorSchema = z
  .object({
    code: indicatorCodeSchema,
    name: text(2, 8),
    max: z.number().int().min(1).max(40),
    description: text(4, 80),
  })
  .strict();

export const tierSchema = z
  .object({ code: tierCode, name: text(2, 8), min: z.number().int().min(0).max(100), coefficient: z.number().int().min(0).max(1000) })
  .strict();

export const settingsView = z.object({
  unitId: idSchema,
  isDefault: z.boolean(),
  indicators: z.array(indicatorSchema),
  tiers: z.array(tierSchema),
  dividendRule: z.enum(DIVIDEND_RULES),
  publicityDays: z.number().int(),
});

export const monthView = z.object({
  villageId: idSchema,
  villageName: z.string(),
  month: z.string(),
  status: z.enum(MONTH_STATUSES),
  statusLabel: z.string(),
  indicators: z.array(indicatorSchema),
  publishedAt: isoTime.nullable(),
  publicityEndsAt: isoTime.nullable(),
  finalisedAt: isoTime.nullable(),
  householdCount: z.number().int(),
  ratedCount: z.number().int(),
  openObjections: z.number().int(),
});
export type MonthView = z.infer<typeof monthView>;

const scoreCell = z.object({ score: z.number().int(), reason: z.string().nullable() });

export const sheetRow = z.object({
  householdId: idSchema,
  headName: z.string(),
  gridId: z.string(),
  scores: z.record(scoreCell),
  total: z.number().int(),
  complete: z.boolean(),
});

const entryScore = z
  .object({ code: z.string().min(1).max(20), score: z.number().int(), reason: z.string().trim().max(100).nullable().optional() })
  .strict();
const entryRow = z.object({ householdId: idSchema, scores: z.array(entryScore).min(1).max(10) }).strict();
const villageMonth = z.object({ villageId: idSchema, month: monthSchema }).strict();
const importText = z.string().min(1).max(200_000);
/** An Excel file (.xlsx) as base64; read on the server. */
const importXlsx = z
  .string()
  .min(1, '请选一个 Excel 文件')
  .max(XLSX_MAX_BASE64, `文件太大：一次最多导入 ${XLSX_MAX_BYTES / 1024} KB 的 Excel 文件，请分成几份导入`)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, '文件内容不完整，请重新选择文件');
/** The file to import: pasted text (`csv`) or an Excel file (`xlsx`), exactly one. */
const importFile = <T extends z.ZodRawShape>(shape: T) =>
  z
    .object({ ...shape, csv: importText.optional(), xlsx: importXlsx.optional() })
    .strict()
    .refine((v) => (v.csv === undefined) !== (v.xlsx === undefined), { message: '请粘贴表格内容或选一个 Excel 文件（二选一）', path: ['csv'] });

export const objectionView = z.object({
  /** Text held by content security, with the reason: shown only to the household and the village cadres. */
  held: z.array(z.object({ field: z.string(), reason: z.string() })).optional(),
  id: idSchema,
  householdId: idSchema,
  headName: z.string(),
  month: z.string(),
  code: indicatorCodeSchema.nullable(),
  indicatorName: z.string().nullable(),
  reason: z.string(),
  raisedByName: z.string(),
  raisedAt: isoTime,
  status: z.enum(OBJECTION_STATUSES),
  statusLabel: z.string(),
  decisionReason: z.string().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: isoTime.nullable(),
  adjustment: z.object({ code: indicatorCodeSchema, from: z.number().int(), to: z.number().int() }).nullable(),
  /** The caller is a village cadre over the household and the reason is held: they may release it. */
  canRelease: z.boolean(),
});

export const ledgerEntryView = z.object({
  id: z.string(),
  kind: z.enum(['month', 'adjustment']),
  month: z.string(),
  delta: z.number().int(),
  code: indicatorCodeSchema.nullable(),
  indicatorName: z.string().nullable(),
  detail: z.array(z.object({ code: indicatorCodeSchema, name: z.string(), score: z.number().int(), max: z.number().int(), reason: z.string().nullable() })),
  reason: z.string().nullable(),
  enteredByName: z.string(),
  approverName: z.string(),
  signature: z.string(),
  at: isoTime,
  /** A held correction reason, for its author and the cadres over the village. */
  held: z.array(z.object({ field: z.string(), reason: z.string() })).optional(),
  /** The caller may release the held reason (a village or town cadre over it who did not write it). */
  canRelease: z.boolean().optional(),
  /** The 居民公约 clause a deduction names (a link into the covenant, 居民公约第 2 版第 3 条). */
  clause: z.object({ covenantId: z.string(), no: z.number().int(), label: z.string() }).optional(),
});

const tierView = z.object({ code: tierCode, name: z.string() });

export const rankingRow = z.object({
  rank: z.number().int(),
  householdId: idSchema,
  headName: z.string(),
  points: z.number().int(),
  tier: tierView,
  mine: z.boolean(),
});

export const dividendRowView = z.object({
  householdId: idSchema,
  headName: z.string(),
  points: z.number().int(),
  months: z.number().int(),
  tier: tierView,
  weight: z.number().int(),
  amountFen: z.number().int(),
  /** In plain words: how this amount came about. */
  why: z.string(),
});

export const dividendView = z.object({
  villageId: idSchema,
  villageName: z.string(),
  year: z.number().int(),
  incomeFen: z.number().int(),
  split: z.object({ industry: z.number().int(), welfare: z.number().int(), dividends: z.number().int(), risk: z.number().int() }),
  rule: z.enum(DIVIDEND_RULES),
  totalWeight: z.number().int(),
  undistributedFen: z.number().int(),
  /** Every household for the village's cadres; only the caller's own row for a resident. */
  rows: z.array(dividendRowView),
  at: isoTime,
});

export const pointsContract = defineContract('points', {
  settings: { input: z.object({ villageId: idSchema.optional() }).strict(), output: settingsView },
  configure: {
    input: z
      .object({
        unitId: idSchema,
        indicators: z.array(indicatorSchema).length(10, '指标必须是 10 项'),
        tiers: z.array(tierSchema).length(4).optional(),
        dividendRule: z.enum(DIVIDEND_RULES).optional(),
        publicityDays: z.number().int().min(3).max(30).optional(),
      })
      .strict()
      .refine((v) => v.indicators.reduce((s, i) => s + i.max, 0) === 100, { message: '各项满分之和必须是 100 分', path: ['indicators'] })
      .refine((v) => new Set(v.indicators.map((i) => i.code)).size === 10, { message: '指标不能重复', path: ['indicators'] }),
    output: settingsView,
  },
  month: { input: villageMonth, output: monthView },
  /** The rating sheet of a month; without `month`, of the current China month by the server's clock. */
  sheet: {
    input: z.object({ villageId: idSchema, month: monthSchema.optional() }).strict(),
    /** `currentMonth`: the China month now, by the server's clock, so a page never asks the phone's. */
    output: z.object({ month: monthView, rows: z.array(sheetRow), currentMonth: z.string() }),
    errors: ACCESS,
  },
  enter: {
    input: z.object({ villageId: idSchema, month: monthSchema, rows: z.array(entryRow).min(1).max(100) }).strict(),
    output: z.object({ written: z.number().int(), month: monthView }),
    errors: ['CONFLICT'],
  },
  /** 其余按满分: every indicator not yet scored of every household gets full marks; audited as one action. */
  fillRemainingFull: {
    input: villageMonth,
    output: z.object({ filled: z.number().int(), households: z.number().int(), month: monthView }),
    errors: ['CONFLICT'],
  },
  /** Every line of an import file as it will be stored, with its problems; nothing is written. */
  previewImport: {
    input: importFile({ villageId: idSchema, month: monthSchema }),
    output: z.object({
      rows: z.array(
        z.object({
          line: z.number().int(),
          household: z.string(),
          indicator: z.string(),
          score: z.number().int().nullable(),
          reason: z.string().nullable(),
          errors: z.array(z.string()),
        }),
      ),
      /** Problems of the whole file (its header), not of one line. */
      fileErrors: z.array(z.string()),
      lines: z.number().int(),
      errorCount: z.number().int(),
    }),
    errors: ACCESS,
  },
  /** The downloadable template: the village's households (户主 and 门牌) on every indicator, as CSV and as an Excel file (base64). */
  importTemplate: {
    input: z.object({ villageId: idSchema, month: monthSchema }).strict(),
    output: z.object({ fileName: z.string(), csv: z.string(), xlsxFileName: z.string(), xlsx: z.string() }),
    errors: ACCESS,
  },
  /** Writes a previewed file (pasted text or Excel); the same `requestId` again answers the first result and writes nothing more. */
  importCsv: {
    input: importFile({ villageId: idSchema, month: monthSchema, requestId: requestIdSchema.optional() }),
    output: z.object({ written: z.number().int(), lines: z.number().int(), month: monthView }),
    errors: ['CONFLICT'],
  },
  publish: { input: villageMonth, output: monthView, errors: REFUSALS },
  finalise: { input: villageMonth, output: monthView, errors: REFUSALS },
  mine: {
    input: z.object({ year: yearSchema.optional() }).strict(),
    output: z.object({
      householdId: idSchema,
      headName: z.string(),
      villageId: idSchema,
      villageName: z.string(),
      latest: z.object({ month: z.string(), points: z.number().int(), tier: tierView, rank: z.number().int().nullable(), status: z.enum(MONTH_STATUSES) }).nullable(),
      trend: z.array(z.object({ month: z.string(), points: z.number().int(), tier: tierView })),
      year: z.number().int(),
      yearPoints: z.number().int(),
    }),
    errors: ACCESS,
  },
  detail: {
    input: z.object({ householdId: idSchema, month: monthSchema }).strict(),
    output: z.object({
      householdId: idSchema,
      headName: z.string(),
      month: monthView,
      scores: z.array(z.object({ code: indicatorCodeSchema, name: z.string(), description: z.string(), max: z.number().int(), score: z.number().int().nullable(), reason: z.string().nullable() })),
      points: z.number().int(),
      tier: tierView,
      objection: objectionView.nullable(),
      changes: z.array(z.object({ at: isoTime, indicatorName: z.string(), from: z.number().int(), to: z.number().int(), reason: z.string(), byName: z.string() })),
      ledger: z.array(ledgerEntryView),
      canObject: z.boolean(),
      /** The caller may approve a correction of this finalised month (a village or town cadre over it). */
      canAdjust: z.boolean(),
    }),
    errors: ACCESS,
  },
  ledger: {
    input: z.object({ householdId: idSchema, year: yearSchema }).strict(),
    output: z.object({ entries: z.array(ledgerEntryView), total: z.number().int() }),
  },
  ranking: {
    /**
     * Both optional: a link without them (a shared or reloaded page) gets the caller's own village
     * and its latest month that has a board, as the server counts months.
     */
    input: z.object({ villageId: idSchema.optional(), month: monthSchema.optional() }).strict(),
    output: z.object({ month: z.string(), status: z.enum(MONTH_STATUSES), villageId: idSchema, villageName: z.string(), rows: z.array(rankingRow) }),
    errors: ACCESS,
  },
  object: {
    input: z.object({ month: monthSchema, code: indicatorCodeSchema.optional(), reason: text(4, 300) }).strict(),
    output: objectionView,
    errors: ['CONFLICT'],
  },
  objections: { input: villageMonth, output: z.object({ items: z.array(objectionView) }), errors: ACCESS },
  decide: {
    input: z
      .object({
        objectionId: idSchema,
        decision: z.enum(['uphold', 'reject']),
        reason: text(2, 300),
        code: indicatorCodeSchema.optional(),
        score: z.number().int().min(0).max(100).optional(),
      })
      .strict()
      .refine((v) => v.decision === 'reject' || (v.code !== undefined && v.score !== undefined), {
        message: '采纳异议时请选择指标并填写改正后的得分',
        path: ['score'],
      }),
    output: objectionView,
    errors: REFUSALS,
  },
  /** A village cadre releases a held objection reason after reading it; audited, the household told. */
  releaseObjection: { input: z.object({ objectionId: idSchema }).strict(), output: objectionView, errors: REFUSALS },
  /** A village or town cadre over the village (not its author) releases a held correction reason; audited. */
  releaseAdjustment: { input: z.object({ entryId: idSchema }).strict(), output: ledgerEntryView, errors: ['CONFLICT'] },
  adjust: {
    input: z
      .object({
        householdId: idSchema,
        month: monthSchema,
        code: indicatorCodeSchema,
        delta: z.number().int().min(-100).max(100).refine((d) => d !== 0, '调整分值不能为 0'),
        reason: text(4, 300),
        /** A deduction may name the 居民公约 clause it is for: the village's covenant in force, by id and clause number. */
        clause: z.object({ covenantId: idSchema, no: z.number().int().min(1).max(50) }).strict().optional(),
        requestId: requestIdSchema,
      })
      .strict(),
    output: ledgerEntryView,
  },
  summary: {
    input: z.object({ villageId: idSchema, year: yearSchema, quarter: z.number().int().min(1).max(4).optional() }).strict(),
    output: z.object({
      period: z.string(),
      months: z.array(z.string()),
      rows: z.array(rankingRow.extend({ months: z.number().int() })),
    }),
    errors: ACCESS,
  },
  distribute: {
    input: z.object({ villageId: idSchema, year: yearSchema, incomeFen: z.number().int().min(1).max(100_000_000_00) }).strict(),
    output: dividendView,
    errors: REFUSALS,
  },
  dividends: { input: z.object({ villageId: idSchema, year: yearSchema }).strict(), output: dividendView, errors: ACCESS },
  exportDividends: {
    input: z.object({ villageId: idSchema, year: yearSchema }).strict(),
    output: z.object({ filename: z.string(), csv: z.string() }),
  },
});
