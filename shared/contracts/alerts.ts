import { z } from 'zod';
import { ACCESS, REFUSALS, defineContract } from './envelope';
import { cursorSchema, emptyInput, idSchema, orgKindSchema, pageLimitSchema, requestIdSchema, text } from './common';
import { ACK_MINUTES, ALERT_KINDS, ALERT_SEVERITIES, ALERT_URGENCIES, EXPIRY_HOURS } from '../domain/alert-rules';
import { CARE_KINDS } from '../domain/care';
import { SIGNAL_OUTCOMES, SIGNAL_SOURCES } from '../domain/signal-rules';
import { HOT_SOURCES } from '../domain/hot-issues';
import { signalRuleSchema } from './county';

export const alertKindSchema = z.enum(ALERT_KINDS);
export const alertSeveritySchema = z.enum(ALERT_SEVERITIES);
export const alertUrgencySchema = z.enum(ALERT_URGENCIES);
export const alertStatusSchema = z.enum(['active', 'ended', 'expired']);

const ackMinutes = z.number().int().min(ACK_MINUTES.min, `至少 ${ACK_MINUTES.min} 分钟`).max(ACK_MINUTES.max, '不能超过 24 小时');
const expiryHours = z.number().int().min(EXPIRY_HOURS.min, `至少 ${EXPIRY_HOURS.min} 小时`).max(EXPIRY_HOURS.max, '不能超过 30 天');
const alertRef = z.object({ alertId: idSchema }).strict();

export const alertView = z.object({
  id: idSchema,
  kind: alertKindSchema,
  severity: alertSeveritySchema,
  urgency: alertUrgencySchema,
  title: z.string(),
  instruction: z.string(),
  description: z.string(),
  areaNames: z.array(z.string()),
  issuerName: z.string(),
  issuerUnitName: z.string(),
  status: alertStatusSchema,
  version: z.number().int(),
  updates: z.array(z.object({ at: z.string(), version: z.number().int(), severity: alertSeveritySchema, instruction: z.string(), note: z.string() })),
  issuedAt: z.string(),
  updatedAt: z.string(),
  expiresAt: z.string(),
  ackDueAt: z.string(),
  endedAt: z.string().nullable(),
  endNote: z.string().nullable(),
  gridCount: z.number().int(),
  ackedGrids: z.number().int(),
  /** The caller may update and end it (an issuer role over its whole area). */
  canManage: z.boolean(),
  /** The caller leads a grid in its area and can acknowledge 已通知到户. */
  canAcknowledge: z.boolean(),
  /** The caller may read the live status of grids (cadres over the area). */
  canSeeStatus: z.boolean(),
});
export type AlertView = z.infer<typeof alertView>;

export const alertSummary = alertView.pick({
  id: true,
  kind: true,
  severity: true,
  urgency: true,
  title: true,
  instruction: true,
  areaNames: true,
  status: true,
  issuedAt: true,
  updatedAt: true,
  expiresAt: true,
  gridCount: true,
  ackedGrids: true,
  canAcknowledge: true,
  canSeeStatus: true,
});
export type AlertSummary = z.infer<typeof alertSummary>;

export const careRow = z.object({
  id: idSchema,
  name: z.string(),
  kinds: z.array(z.enum(CARE_KINDS)),
  address: z.string(),
  reached: z.boolean(),
});

export const ackGrid = z.object({
  gridId: idSchema,
  gridName: z.string(),
  villageName: z.string(),
  households: z.number().int(),
  householdsReached: z.number().int(),
  care: z.array(careRow),
  /** This caller's acknowledgement of this grid, if made. */
  mine: z.object({ at: z.string(), householdsReached: z.number().int(), careReachedIds: z.array(idSchema), note: z.string() }).nullable(),
  ackers: z.array(z.object({ name: z.string(), at: z.string() })),
});

export const gridStatusRow = z.object({
  gridId: idSchema,
  gridName: z.string(),
  villageId: idSchema,
  villageName: z.string(),
  acked: z.boolean(),
  firstAckAt: z.string().nullable(),
  households: z.number().int(),
  householdsReached: z.number().int(),
  careTotal: z.number().int(),
  careReached: z.number().int(),
  escalated: z.number().int().min(0).max(2),
});

export const signalView = z.object({
  id: idSchema,
  villageName: z.string(),
  ruleTitle: z.string(),
  source: z.enum(SIGNAL_SOURCES),
  explanation: z.string(),
  events: z.array(z.object({ collection: z.string(), id: z.string(), at: z.string(), label: z.string() })),
  eventCount: z.number().int(),
  status: z.enum(['open', 'closed']),
  raisedAt: z.string(),
  closedAt: z.string().nullable(),
  outcome: z.enum(SIGNAL_OUTCOMES).nullable(),
  note: z.string().nullable(),
  closedByName: z.string().nullable(),
  canClose: z.boolean(),
});
export type SignalView = z.infer<typeof signalView>;

export const signalRuleView = signalRuleSchema.extend({
  raised: z.number().int(),
  closed: z.number().int(),
  falseAlarms: z.number().int(),
  updatedAt: z.string(),
  updatedByName: z.string(),
});

/**
 * The dashboard's sections, in page order. Each is its own call (a cadre's action within the request
 * budget at county scale, however large the county): the page reads them one call each, and the Excel
 * export is built from the sections as the server computed them for those reads (`dashboardReads`).
 */
export const DASHBOARD_SECTION_IDS = ['cases', 'powers', 'talks', 'points', 'police', 'sanitation', 'volunteers', 'councils', 'alerts'] as const;
export type DashboardSectionId = (typeof DASHBOARD_SECTION_IDS)[number];
const sectionIdSchema = z.enum(DASHBOARD_SECTION_IDS, { errorMap: () => ({ message: '请选择驾驶舱的板块' }) });

/** The dashboard's time range: this month and the months before it. */
export const DASHBOARD_RANGES = [1, 3, 6, 12] as const;
const rangeSchema = z.union(DASHBOARD_RANGES.map((n) => z.literal(n)) as unknown as [z.ZodLiteral<1>, z.ZodLiteral<3>, z.ZodLiteral<6>, z.ZodLiteral<12>]);

/** One section's figures: its headline numbers and its chart's series (a point per month, town or item). */
export const dashboardSection = z.object({
  id: sectionIdSchema,
  title: z.string().max(100),
  headline: z.array(z.object({ label: z.string().max(100), value: z.number().nullable(), unit: z.string().max(20) })).max(20),
  chart: z.object({ kind: z.enum(['bar', 'line']), label: z.string().max(100), points: z.array(z.object({ x: z.string().max(100), y: z.number() })).max(200) }).nullable(),
});
export type DashboardSection = z.infer<typeof dashboardSection>;

export const dashboardView = z.object({
  unit: z.object({ id: idSchema, name: z.string(), kind: orgKindSchema }),
  /** Up one level, where the caller may go (null at the top of their jurisdiction). */
  parent: z.object({ id: idSchema, name: z.string() }).nullable(),
  /** Down one level: towns of the county, villages of a town. */
  children: z.array(z.object({ id: idSchema, name: z.string(), kind: orgKindSchema })),
  months: z.array(z.string()),
  /** The one section asked for. */
  sections: z.array(dashboardSection),
});
export type DashboardView = z.infer<typeof dashboardView>;

export const alertsContract = defineContract('alerts', {
  /** A town or county cadre issues an alert over places in their jurisdiction; every resident there is told. */
  issue: {
    input: z
      .object({
        kind: alertKindSchema,
        severity: alertSeveritySchema,
        urgency: alertUrgencySchema,
        title: text(2, 20),
        instruction: text(4, 200),
        description: text(0, 500).default(''),
        areaUnitIds: z.array(idSchema).min(1, '请选择预警范围').max(100, '一次最多选 100 个地方'),
        expiresInHours: expiryHours,
        ackWithinMinutes: ackMinutes,
        townAfterMinutes: ackMinutes.default(60),
        requestId: requestIdSchema,
      })
      .strict(),
    output: alertView,
    errors: [...REFUSALS, 'CONTENT_REJECTED'],
  },
  /** A new version: severity, urgency, what to do; everyone in the area is told again. */
  update: {
    input: z
      .object({
        alertId: idSchema,
        severity: alertSeveritySchema,
        urgency: alertUrgencySchema,
        instruction: text(4, 200),
        note: text(2, 200),
        expiresInHours: expiryHours.optional(),
      })
      .strict(),
    output: alertView,
    errors: [...REFUSALS, 'CONTENT_REJECTED'],
  },
  /** 解除: the all-clear, told to everyone in the area. */
  end: {
    input: z.object({ alertId: idSchema, note: text(2, 200) }).strict(),
    output: alertView,
    errors: [...REFUSALS, 'CONTENT_REJECTED'],
  },
  alert: { input: alertRef, output: alertView, errors: ACCESS },
  /** The alerts in force where the caller lives or serves (residents, grid leaders, cadres). */
  current: { input: emptyInput, output: z.object({ items: z.array(alertSummary) }) },
  /** Alerts in the caller's jurisdiction, newest first (town cadres and the county). */
  issued: {
    input: z.object({ cursor: cursorSchema.optional(), limit: pageLimitSchema }).strict(),
    output: z.object({ items: z.array(alertSummary), nextCursor: z.string().nullable() }),
    errors: ACCESS,
  },
  /** The places the caller may choose for an alert's area: towns and villages, or the grids of one village. */
  places: {
    input: z.object({ villageId: idSchema.optional() }).strict(),
    output: z.object({ units: z.array(z.object({ id: idSchema, name: z.string(), kind: orgKindSchema, parentId: idSchema.nullable() })) }),
    errors: ACCESS,
  },
  /** The grid leader's sheet: their grids in the area, households, the care list to tick off. */
  ackSheet: { input: alertRef, output: z.object({ alert: alertView, grids: z.array(ackGrid) }), errors: ACCESS },
  /** 已通知到户: households reached and the care-register people reached in person. */
  acknowledge: {
    input: z
      .object({
        alertId: idSchema,
        gridId: idSchema,
        householdsReached: z.number().int().min(0, '不能是负数').max(5000, '户数太大'),
        careReachedIds: z.array(idSchema).max(500),
        note: text(0, 200).default(''),
      })
      .strict(),
    output: ackGrid,
    errors: REFUSALS,
  },
  /** The issuer's live list: every grid of the area, reached or not, and how many care people are not yet reached. */
  status: {
    input: alertRef,
    output: z.object({
      alert: alertView,
      totals: z.object({ grids: z.number().int(), acked: z.number().int(), households: z.number().int(), householdsReached: z.number().int(), careTotal: z.number().int(), careReached: z.number().int() }),
      grids: z.array(gridStatusRow),
    }),
    errors: ACCESS,
  },
  /** One grid's care-register people not yet reached (the grid's cadres only). */
  gridStatus: {
    input: z.object({ alertId: idSchema, gridId: idSchema }).strict(),
    output: z.object({ grid: gridStatusRow, notReached: z.array(careRow.extend({ phoneMasked: z.string().nullable(), contactName: z.string().nullable() })) }),
    errors: ACCESS,
  },

  // 研判: risk signals for handlers (village, town and county cadres), and the rules that raise them.
  /** The caller's signals inbox: their village's, town's or county's, open or closed, newest first. */
  signals: {
    input: z.object({ status: z.enum(['open', 'closed']).default('open'), cursor: cursorSchema.optional(), limit: pageLimitSchema }).strict(),
    output: z.object({ items: z.array(signalView), nextCursor: z.string().nullable() }),
    errors: ACCESS,
  },
  signal: { input: z.object({ signalId: idSchema }).strict(), output: signalView, errors: ACCESS },
  /** Closed with what was done (a visit, a case, an alert) or as a false alarm (the rule's figures count it). */
  closeSignal: {
    input: z.object({ signalId: idSchema, outcome: z.enum(SIGNAL_OUTCOMES), note: text(2, 200) }).strict(),
    output: signalView,
    errors: REFUSALS,
  },
  /** The county's rules with their figures: raised, closed, false alarms. */
  signalRules: { input: emptyInput, output: z.object({ items: z.array(signalRuleView) }), errors: ACCESS },
  /** The county admin changes a rule's window, threshold, case types or switches it off. */
  updateSignalRule: {
    input: z
      .object({
        ruleId: z.string().regex(/^[a-z0-9-]{2,40}$/, '规则编号格式不正确'),
        title: text(2, 30),
        enabled: z.boolean(),
        windowDays: z.number().int().min(1, '至少 1 天').max(365, '不能超过 365 天'),
        threshold: z.number().int().min(1, '至少 1 件').max(100, '不能超过 100 件'),
        caseTypes: z.array(z.string().min(1).max(40)).max(20),
      })
      .strict(),
    output: signalRuleView,
    errors: REFUSALS,
  },

  /** 驾驶舱: every module's headline figures for a county, town or village (county and town leaders). */
  dashboard: {
    input: z.object({ unitId: idSchema.optional(), months: rangeSchema.default(3), section: sectionIdSchema }).strict(),
    output: dashboardView,
    errors: ACCESS,
  },
  /** 痛点难点: what residents raise most (wishes, cases, matters) by category and place, this month against last. */
  hotIssues: {
    input: z.object({ unitId: idSchema.optional() }).strict(),
    output: z.object({
      thisMonth: z.string(),
      lastMonth: z.string(),
      items: z.array(
        z.object({
          source: z.enum(HOT_SOURCES),
          category: z.string(),
          label: z.string(),
          thisMonth: z.number().int(),
          lastMonth: z.number().int(),
          trend: z.enum(['up', 'down', 'same', 'new']),
          topPlaceName: z.string().nullable(),
        }),
      ),
      places: z.array(z.object({ id: idSchema, name: z.string(), thisMonth: z.number().int(), lastMonth: z.number().int() })),
    }),
    errors: ACCESS,
  },
  /**
   * The page's figures as an Excel workbook (.xlsx, base64) for the monthly report: every section as the
   * server computed it when the page read it for this place and range (`dashboardWorkbook` in
   * hooks/use-alerts.ts reads them all first), never figures the page sends.
   */
  exportDashboard: {
    input: z.object({ unitId: idSchema.optional(), months: rangeSchema.default(3) }).strict(),
    output: z.object({ filename: z.string(), base64: z.string() }),
    errors: ACCESS,
  },
});
