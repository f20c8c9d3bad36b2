import { z } from 'zod';
import { defineContract } from './envelope';
import { cursorSchema, emptyInput, idSchema, isoTime, pageLimitSchema, phoneSchema, requestIdSchema, text } from './common';
import { CASE_LEVELS, RISK_LEVELS, SATISFACTIONS, URGENCIES } from '../domain/case-catalogue';
import { CASE_STATUSES, SHEETS } from '../domain/case-state';

export const caseLevelSchema = z.enum(CASE_LEVELS);
export const riskLevelSchema = z.enum(RISK_LEVELS);
export const urgencySchema = z.enum(URGENCIES);
export const satisfactionSchema = z.enum(SATISFACTIONS);
export const caseStatusSchema = z.enum(CASE_STATUSES);
/** The four sheets, and `release`: a current handler frees text content security held. */
export const caseActionSchema = z.enum(['assess', 'recordSession', 'conclude', 'followUp', 'release']);

const partyInput = z.object({ name: text(1, 20), phone: phoneSchema.optional() }).strict();
const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 年-月-日');
const caseRef = z.object({ caseId: idSchema }).strict();

export const routingProposalView = z.object({
  level: caseLevelSchema,
  matched: z.array(z.object({ id: z.string(), level: caseLevelSchema, reason: z.string() })),
  explanation: z.string(),
});

export const casePartyView = z.object({
  name: z.string(),
  phoneMasked: z.string().nullable(),
  /** Only for the people handling the case now; null for everyone else. */
  phone: z.string().nullable(),
});

export const caseTimelineView = z.object({
  at: isoTime,
  action: z.string(),
  actorName: z.string(),
  level: caseLevelSchema,
  note: z.string().nullable(),
});

export const caseSummary = z.object({
  id: idSchema,
  type: z.string(),
  typeLabel: z.string(),
  status: caseStatusSchema,
  level: caseLevelSchema,
  urgency: urgencySchema,
  risk: riskLevelSchema.nullable(),
  unitName: z.string(),
  gridName: z.string(),
  partyNames: z.array(z.string()),
  /** The first words of the description. */
  brief: z.string(),
  reporterName: z.string(),
  deadlineAt: isoTime.nullable(),
  /** 剩3天 / 今天到期 / 已超期2天, for open cases. */
  deadlineText: z.string().nullable(),
  overdue: z.boolean(),
  createdAt: isoTime,
  /** Some text on the case waits for review (内容复核中); absent otherwise. */
  underReview: z.literal(true).optional(),
});
export type CaseSummary = z.infer<typeof caseSummary>;

export const caseView = caseSummary.extend({
  description: z.string(),
  /**
   * Text held by content security, with the reason, named by where it is on the case (`description`,
   * `screening.place`, `assessment.note`, `sessions.0.summary`, `outcomes.0.agreement`, `followUps.0.note` …):
   * listed only for its author and the current handlers; everyone else reads the placeholder in its place.
   */
  held: z.array(z.object({ field: z.string(), reason: z.string() })).optional(),
  amountFen: z.number().int(),
  parties: z.array(casePartyView),
  repeat: z.boolean(),
  escalations: z.number().int(),
  nextSheet: z.enum(SHEETS).nullable(),
  screening: z.object({ at: isoTime, byName: z.string(), onBehalfOf: z.string().nullable(), place: z.string().nullable() }),
  assessment: z
    .object({
      at: isoTime,
      byName: z.string(),
      risk: riskLevelSchema,
      proposedLevel: caseLevelSchema,
      proposedExplanation: z.string(),
      level: caseLevelSchema,
      lowerReason: z.string().nullable(),
      note: z.string().nullable(),
    })
    .nullable(),
  sessions: z.array(
    z.object({ date: z.string(), level: caseLevelSchema, mediatorName: z.string(), participants: z.array(z.string()), summary: z.string() }),
  ),
  outcomes: z.array(
    z.object({
      at: isoTime,
      level: caseLevelSchema,
      outcome: z.enum(['agreed', 'failed']),
      agreement: z.string().nullable(),
      signedBy: z.array(z.string()),
      reason: z.string().nullable(),
      byName: z.string(),
    }),
  ),
  followUpDueAt: isoTime.nullable(),
  /** Whether a follow-up now would be the due check (false: it would be an interim contact). */
  followUpDue: z.boolean(),
  followUps: z.array(
    z.object({
      at: isoTime,
      byName: z.string(),
      held: z.boolean(),
      satisfaction: satisfactionSchema,
      note: z.string().nullable(),
      /** due: the check after the agreed period; interim: a contact before it (the case stayed open); early: closed early for `earlyReason`. */
      kind: z.enum(['due', 'interim', 'early']),
      earlyReason: z.string().nullable(),
    }),
  ),
  timeline: z.array(caseTimelineView),
  /** What the caller may do next; the server decides, the page only shows buttons. */
  allowed: z.array(caseActionSchema),
});
export type CaseView = z.infer<typeof caseView>;

const count = z.number().int().min(0);

export const caseFiguresView = z.object({
  scopeName: z.string(),
  months: z.array(z.string()),
  types: z.array(z.object({ code: z.string(), label: z.string(), common: z.boolean() })),
  /** Cases received per month and type: counts[monthIndex][typeIndex]. */
  byTypeMonth: z.array(z.array(count)),
  total: count,
  commonTotal: count,
  /** Share of the six common types among all cases, 0..1. */
  commonShare: z.number(),
  /** Settled cases by the level that settled them. */
  resolvedAt: z.object({ village: count, town: count, county: count }),
  resolvedTotal: count,
  /** 小事不出村: share of settled cases settled in the village, 0..1 (0 when none). */
  villageRate: z.number(),
  openNow: count,
  overdueNow: count,
  averageDaysToResolve: z.number().nullable(),
  satisfaction: z.object({ satisfied: count, basic: count, unsatisfied: count }),
  /** Satisfied or basically satisfied among follow-up visits, 0..1 (null when none). */
  satisfactionRate: z.number().nullable(),
  /** Cases a follow-up closed before it was due (with a reason): left out of the figures above, counted here. */
  closedEarly: count,
});
export type CaseFiguresView = z.infer<typeof caseFiguresView>;

/** Time limits a county sets (days). */
export const caseDaysSchema = z.number().int('天数应为整数').min(1, '至少 1 天').max(90, '不超过 90 天');
export const caseTypeInput = z
  .object({
    code: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/, '类型编码为小写字母、数字和连字符'),
    label: text(2, 10),
    common: z.boolean(),
  })
  .strict();
const caseConfigView = z.object({
  types: z.array(z.object({ code: z.string(), label: z.string(), common: z.boolean() })),
  deadlineDays: z.object({ village: count, town: count, county: count }),
  followUpDays: count,
});

export const caseBriefView = z
  .object({
    id: idSchema,
    typeLabel: z.string(),
    unitName: z.string(),
    gridName: z.string(),
    level: caseLevelSchema,
    status: caseStatusSchema,
    /** The unit whose committee and cadres handle it now, e.g. 冯坊村. */
    handlerUnitName: z.string(),
    /** The cadres and mediators handling it now, by name. */
    handlerNames: z.array(z.string()),
    createdAt: isoTime,
    /** The reader may open the full case (then the app goes there instead). */
    canOpen: z.boolean(),
  })
  .strict();
export type CaseBriefView = z.infer<typeof caseBriefView>;

/** One routing rule as the county admin edits it: amounts in whole yuan, at least one condition. */
export const routingRuleInput = z
  .object({
    id: z.string({ required_error: '请填写规则编号' }).regex(/^[a-z][a-z0-9-]{1,30}$/, '规则编号为小写字母、数字和连字符'),
    level: z.enum(CASE_LEVELS, { errorMap: () => ({ message: '请选择村级、镇级或县级' }) }),
    reason: text(4, 80),
    when: z
      .object({
        types: z.array(z.string().regex(/^[a-z][a-z0-9-]{1,30}$/, '没有这个纠纷类型')).min(1, '至少选一个类型').max(20).optional(),
        minRisk: z.enum(RISK_LEVELS, { errorMap: () => ({ message: '请选择风险等级' }) }).optional(),
        minAmountYuan: z.number({ invalid_type_error: '请填写金额' }).int('金额请填整数元').min(1, '金额至少 1 元').max(100_000_000, '金额不能超过一亿元').optional(),
        minParties: z.number({ invalid_type_error: '请填写当事人数' }).int('当事人数请填整数').min(2, '当事人至少 2 方').max(1000, '当事人不能超过 1000 方').optional(),
        repeat: z.boolean().optional(),
      })
      .strict()
      .refine((w) => Object.values(w).some((v) => v !== undefined), '每条规则至少要有一个条件'),
  })
  .strict();
export type RoutingRuleInput = z.infer<typeof routingRuleInput>;

const routingRulesInput = z
  .array(routingRuleInput)
  .min(1, '至少保留一条规则')
  .max(50, '规则不能超过 50 条')
  .refine((rs) => new Set(rs.map((r) => r.id)).size === rs.length, '规则编号不能重复');

const routingRuleSetView = z.object({
  version: z.number().int(),
  rules: z.array(routingRuleInput),
  updatedAt: isoTime.nullable(),
  updatedByName: z.string().nullable(),
  history: z.array(z.object({ version: z.number().int(), createdAt: isoTime, byName: z.string(), changeNote: z.string() })),
  /** The county's dispute types, to choose from in a rule. */
  types: z.array(z.object({ code: z.string(), label: z.string() })),
});

const routingPreviewView = z.object({
  /** The China month replayed (last month), e.g. 2026-11, and its cases that were assessed. */
  month: z.string(),
  assessed: z.number().int(),
  /** How many of them the edited rules would have sent to another level. */
  changed: z.number().int(),
  /** Up to 20 of those, worded. */
  examples: z.array(z.object({ caseId: idSchema, typeLabel: z.string(), unitName: z.string(), from: caseLevelSchema, to: caseLevelSchema })),
  /** More cases than the preview reads (1000) were assessed: the count covers the first 1000. */
  capped: z.boolean(),
});

export const casesContract = defineContract('cases', {
  /** County admin: the dispute routing rules in force, with their versions. */
  routingRules: { input: emptyInput, output: routingRuleSetView, errors: ['FORBIDDEN'] },
  /** County admin: how last month's assessed cases of the county would have been routed by these rules. */
  previewRouting: {
    input: z.object({ rules: routingRulesInput }).strict(),
    output: routingPreviewView,
    errors: ['FORBIDDEN'],
  },
  /** County admin: a new version of the routing rules (the old one kept), audited; `baseVersion` is the version edited. */
  updateRouting: {
    input: z.object({ rules: routingRulesInput, baseVersion: z.number().int().min(0), changeNote: text(2, 100) }).strict(),
    output: routingRuleSetView,
    errors: ['CONFLICT', 'FORBIDDEN'],
  },
  /** The county's dispute types, deadlines and the places the caller may report at. */
  config: {
    input: emptyInput,
    output: z.object({
      types: z.array(z.object({ code: z.string(), label: z.string(), common: z.boolean() })),
      deadlineDays: z.object({ village: count, town: count, county: count }),
      followUpDays: count,
      places: z.array(z.object({ gridId: idSchema, gridName: z.string(), unitName: z.string(), isHome: z.boolean() })),
      /** Town and county cadres (and village cadres for their village) see the figures page. */
      figuresUnits: z.array(z.object({ unitId: idSchema, name: z.string() })),
      handler: z.boolean(),
      mediator: z.boolean(),
      /** Holds a chain role (grid leader or cadre): sees every case of their area. */
      overseer: z.boolean(),
    }),
  },
  /** County admin: the county's dispute types, time limits per level and follow-up interval (kept as data). */
  updateConfig: {
    input: z
      .object({
        types: z
          .array(caseTypeInput)
          .min(2)
          .max(20)
          .refine((ts) => new Set(ts.map((t) => t.code)).size === ts.length, '类型编码不能重复')
          .refine((ts) => ts.some((t) => t.code === 'other' && !t.common), '须保留“其他”类型（编码 other）')
          .optional(),
        deadlineDays: z.object({ village: caseDaysSchema, town: caseDaysSchema, county: caseDaysSchema }).strict().optional(),
        followUpDays: caseDaysSchema.optional(),
      })
      .strict()
      .refine((v) => v.types !== undefined || v.deadlineDays !== undefined || v.followUpDays !== undefined, '没有要修改的内容'),
    output: caseConfigView,
  },
  /** 排查单: record a dispute. */
  screen: {
    input: z
      .object({
        type: z.string().trim().min(1, '请选择纠纷类型').max(40),
        parties: z.array(partyInput).min(1, '至少填写一位当事人').max(50),
        gridId: idSchema.optional(),
        place: text(1, 60).optional(),
        description: text(5, 1000),
        amountFen: z.number().int('金额以分为单位的整数').min(0, '争议金额不能为负数').max(100_000_000_000).default(0),
        urgency: urgencySchema.default('normal'),
        /** A grid leader or cadre recording for someone else writes that person's name. */
        onBehalfOf: text(1, 20).optional(),
        requestId: requestIdSchema.optional(),
      })
      .strict(),
    output: caseView,
  },
  /** What the routing rules propose for a risk level, with the reasons, before the assessor decides. */
  propose: {
    input: z.object({ caseId: idSchema, risk: riskLevelSchema }).strict(),
    output: routingProposalView,
  },
  /** 研判单: risk level and handling level. */
  assess: {
    input: z
      .object({
        caseId: idSchema,
        risk: riskLevelSchema,
        level: caseLevelSchema,
        lowerReason: text(2, 200).optional(),
        note: text(1, 500).optional(),
      })
      .strict(),
    output: caseView,
    errors: ['CONFLICT'],
  },
  /** 调解单: one mediation session. */
  recordSession: {
    input: z
      .object({
        caseId: idSchema,
        date: dateSchema,
        mediatorName: text(1, 20).optional(),
        participants: z.array(text(1, 20)).min(1, '至少一位参加人').max(30),
        summary: text(2, 1000),
      })
      .strict(),
    output: caseView,
    errors: ['CONFLICT'],
  },
  /** 调解单: the outcome. A failure goes one level up with the history attached. */
  conclude: {
    input: z.discriminatedUnion('outcome', [
      z
        .object({
          caseId: idSchema,
          outcome: z.literal('agreed'),
          agreement: text(2, 1000),
          signedBy: z.array(text(1, 20)).min(1, '请填写签字的当事人').max(50),
        })
        .strict(),
      z.object({ caseId: idSchema, outcome: z.literal('failed'), reason: text(2, 500) }).strict(),
    ]),
    output: caseView,
    errors: ['CONFLICT'],
  },
  /** 回访单: did the agreement hold, and how satisfied are the parties. */
  followUp: {
    input: z
      .object({
        caseId: idSchema,
        held: z.boolean(),
        satisfaction: satisfactionSchema,
        note: text(1, 500).optional(),
        /** Before `followUpDueAt`: closes the case anyway, for this reason (counted apart). Without it, an early visit is an interim contact. */
        earlyReason: text(4, 200).optional(),
      })
      .strict(),
    output: caseView,
    errors: ['CONFLICT'],
  },
  /**
   * A current handler releases text content security held on the case, after reading it: every held
   * part, or only `field` (a name from the view's `held`). Nobody releases what they wrote themselves.
   */
  release: {
    input: z
      .object({ caseId: idSchema, field: z.string().regex(/^[a-zA-Z]+(\.[a-zA-Z0-9]+)*$/, '没有这项内容').max(60).optional() })
      .strict(),
    output: caseView,
    errors: ['CONFLICT', 'FORBIDDEN'],
  },
  get: { input: caseRef, output: caseView, errors: ['NOT_FOUND'] },
  /**
   * What the grid's 网格党小组 may read of a case their intake alert names: type, place, level, status
   * and who handles it — none of the parties' words (no names, description, sheets or timeline).
   */
  summary: { input: caseRef, output: caseBriefView, errors: ['NOT_FOUND'] },
  list: {
    input: z
      .object({
        /** mine: I reported; handling: at my level and open, by urgency then deadline; area: everything I oversee; committee: my mediation committee's. */
        scope: z.enum(['mine', 'handling', 'area', 'committee']),
        status: caseStatusSchema.optional(),
        cursor: cursorSchema.optional(),
        limit: pageLimitSchema,
      })
      .strict(),
    output: z.object({ items: z.array(caseSummary), nextCursor: z.string().nullable() }),
  },
  /** Figures for cadres over the last `months` months of the unit (default: the caller's highest unit). */
  figures: {
    input: z.object({ unitId: idSchema.optional(), months: z.number().int().min(1).max(24).default(12) }).strict(),
    output: caseFiguresView,
    errors: ['FORBIDDEN'],
  },
});
