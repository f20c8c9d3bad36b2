/**
 * The county file (`counties/<county>.json`): everything a new environment needs before anyone signs
 * in — the org tree down to the grids and their 网格党小组, the catalogues, the 警民之家 with their
 * services and hours, and the subscribe-message configuration. `npm run provision` validates a file
 * against this schema before it writes anything; docs/provisioning.md describes each field.
 */
import { z } from 'zod';
import { SIGNAL_SOURCES } from '../domain/signal-rules';
import { SKILLS } from '../domain/volunteer-records';
import { idSchema, text } from './common';
import { caseDaysSchema, caseLevelSchema, caseTypeInput, riskLevelSchema } from './cases';
import { subscribeConfigSchema } from './notifications';
import { dateSchema, dutySchema, serviceModeSchema } from './police';
import { indicatorSchema, tierSchema } from './points';
import { powersContract } from './powers';
import { councilsContract, settingsInput as councilSettingsSchema } from './councils';
import { facilityCodeSchema, facilityFields, facilityStatusSchema, routingRuleSchema as sanitationRoutingRuleSchema } from './sanitation';
import { modeProblem } from '../domain/sanitation-facility';
import { checkFlow } from '../domain/power-catalogue';
import { checkIndicators, DIVIDEND_RULES } from '../domain/points-rules';
import type { Weekday } from '../domain/china-time';

export const COUNTY_FILE_FORMAT = 'qianyang-zhizhi/county@1';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM');
const weekday = z.union([1, 2, 3, 4, 5, 6, 7].map((d) => z.literal(d as Weekday)) as unknown as [z.ZodLiteral<Weekday>, z.ZodLiteral<Weekday>, ...z.ZodLiteral<Weekday>[]], {
  errorMap: () => ({ message: '星期为 1（周一）到 7（周日）' }),
});

export const weeklyPeriodSchema = z
  .object({ weekday, start: hhmm, end: hhmm })
  .strict()
  .refine((p) => p.start < p.end, { message: '结束时间须晚于开始时间', path: ['end'] });

export const dateExceptionSchema = z
  .object({
    date: dateSchema,
    closed: z.boolean(),
    reason: text(2, 40),
    periods: z.array(z.object({ start: hhmm, end: hhmm }).strict()).optional(),
  })
  .strict();

export const openingHoursSchema = z
  .object({ weekly: z.array(weeklyPeriodSchema).max(28), exceptions: z.array(dateExceptionSchema).max(60).default([]) })
  .strict();

/** An appointment service's week: the periods slots are cut from, the slot length and the people per slot. */
export const serviceScheduleSchema = z
  .object({
    weekly: z.array(weeklyPeriodSchema).min(1).max(28),
    slotMinutes: z.number().int().min(10).max(240),
    capacity: z.number().int().min(1).max(100),
  })
  .strict();

/** A service of a 警民之家; `key` makes its id (`ps-<unitId>-<key>`), so re-provisioning finds it again. */
export const homeServiceSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/, '服务编码为小写字母、数字和连字符'),
    name: text(2, 20),
    description: text(2, 120),
    mode: serviceModeSchema,
    duties: z.array(dutySchema).min(1).max(6),
    schedule: serviceScheduleSchema.nullable().default(null),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.mode === 'appointment' && !s.schedule) ctx.addIssue({ code: 'custom', path: ['schedule'], message: '预约服务须有每周时段、每段时长和人数' });
    if (s.mode !== 'appointment' && s.schedule) ctx.addIssue({ code: 'custom', path: ['schedule'], message: '只有预约服务有时段（其他服务写 null）' });
  });

const uniqueBy = <T>(key: (t: T) => string, what: string) => (items: T[], ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [i], message: `${what}「${k}」重复` });
    seen.add(k);
  });
};

const homeServicesSchema = z.array(homeServiceSchema).min(1).max(20).superRefine(uniqueBy((s) => s.key, '服务编码'));

/** A village's 警民之家; hours and services default to the county's `policeHomes` defaults. */
export const policeHomeSchema = z
  .object({
    name: text(2, 30),
    address: text(2, 60),
    dutyPhone: z.string().regex(/^[0-9-]{7,20}$/, '值班电话格式不正确'),
    hours: openingHoursSchema.optional(),
    services: homeServicesSchema.optional(),
  })
  .strict();

export const gridSchema = z
  .object({
    id: idSchema,
    name: text(2, 20),
    /** The grid's 网格党小组 (its members are appointed in the app). */
    partyGroup: text(2, 30),
  })
  .strict();

export const villageSchema = z
  .object({
    id: idSchema,
    name: text(2, 20),
    kind: z.enum(['village', 'community']),
    resettlement: z.boolean().default(false),
    grids: z.array(gridSchema).min(1).max(50),
    policeHome: policeHomeSchema.nullable().default(null),
  })
  .strict();

export const townSchema = z.object({ id: idSchema, name: text(2, 20), villages: z.array(villageSchema).min(1).max(100) }).strict();

const publishInput = powersContract.actions.publish.input;

/** A standard item of the power list; raising `version` publishes a new version on the next run. */
export const powerItemFileSchema = publishInput
  .extend({ version: z.number().int().min(1).default(1), changeNote: text(2, 120).default('首次发布') })
  .superRefine((item, ctx) => {
    for (const issue of checkFlow(item.steps, item.starter)) ctx.addIssue({ code: 'custom', path: issue.path.split('.').filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p)), message: issue.message });
  });

export const routingRuleSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{1,40}$/, '规则编码为小写字母、数字和连字符'),
    when: z
      .object({
        types: z.array(z.string().min(1)).min(1).optional(),
        minRisk: riskLevelSchema.optional(),
        minAmountFen: z.number().int().min(0).optional(),
        minParties: z.number().int().min(2).optional(),
        repeat: z.boolean().optional(),
      })
      .strict(),
    level: caseLevelSchema,
    reason: text(4, 120),
  })
  .strict();

export const caseCatalogueSchema = z
  .object({
    types: z.array(caseTypeInput).min(2).max(20).superRefine(uniqueBy((t) => t.code, '纠纷类型编码')),
    deadlineDays: z.object({ village: caseDaysSchema, town: caseDaysSchema, county: caseDaysSchema }).strict(),
    followUpDays: caseDaysSchema,
    warnHours: z.number().int().min(1).max(72),
    routingRules: z.array(routingRuleSchema).max(50).superRefine(uniqueBy((r) => r.id, '规则编码')),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (!c.types.some((t) => t.code === 'other' && !t.common)) ctx.addIssue({ code: 'custom', path: ['types'], message: '须保留“其他”类型（编码 other，common 为 false）' });
    const codes = new Set(c.types.map((t) => t.code));
    c.routingRules.forEach((r, i) =>
      (r.when.types ?? []).forEach((t, k) => {
        if (!codes.has(t)) ctx.addIssue({ code: 'custom', path: ['routingRules', i, 'when', 'types', k], message: `没有编码为「${t}」的纠纷类型` });
      }),
    );
  });

export const pointsCatalogueSchema = z
  .object({
    indicators: z.array(indicatorSchema),
    tiers: z.array(tierSchema).length(4),
    dividendRule: z.enum(DIVIDEND_RULES),
    publicityDays: z.number().int().min(3).max(30),
  })
  .strict()
  .superRefine((p, ctx) => {
    const problem = checkIndicators(p.indicators);
    if (problem) ctx.addIssue({ code: 'custom', path: ['indicators'], message: problem });
  });

/** One 研判 rule (shared/domain/signal-rules.ts), as the county file and the rules page write it. */
export const signalRuleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{2,40}$/, '规则编号只含小写字母、数字和短横线'),
    source: z.enum(SIGNAL_SOURCES),
    title: text(2, 30),
    enabled: z.boolean(),
    windowDays: z.number().int().min(1, '至少 1 天').max(365, '不能超过 365 天'),
    threshold: z.number().int().min(1, '至少 1 件').max(100, '不能超过 100 件'),
    caseTypes: z.array(z.string().min(1).max(40)).max(20),
  })
  .strict();
const agendaItemInput = councilsContract.actions.saveAgendaItem.input;

/** 议事协商: the county's standard agenda list (议事事项清单) and the figures of its rules. */
export const councilCatalogueSchema = z
  .object({
    settings: councilSettingsSchema,
    agenda: z
      .array(agendaItemInput.innerType().omit({ unitId: true, active: true }).strict())
      .min(1)
      .max(100)
      .superRefine(uniqueBy((i) => i.code, '议事事项编号')),
  })
  .strict()
  .superRefine((c, ctx) => {
    c.agenda.forEach((i, k) => {
      if (i.forwardTo && i.refusal) ctx.addIssue({ code: 'custom', path: ['agenda', k, 'refusal'], message: '转交单位和不予受理的理由只能填一项' });
    });
    if (!c.agenda.some((i) => !i.forwardTo && !i.refusal)) ctx.addIssue({ code: 'custom', path: ['agenda'], message: '清单中至少要有一项由议事会决定的事项' });
  });

/** A facility of the 三污治理 ledger; `code` makes its id (`sf-<code>`), `unitId` is its village (or a town / the county for shared plants). */
export const facilityFileSchema = facilityFields
  .extend({ code: facilityCodeSchema, unitId: idSchema, status: facilityStatusSchema.default('in-service') })
  .strict()
  .superRefine((f, ctx) => {
    const problem = modeProblem(f.kind, f.mode);
    if (problem) ctx.addIssue({ code: 'custom', path: ['mode'], message: problem });
  });

export const sanitationFileSchema = z
  .object({
    /** Where a 随手拍 report goes, first match wins (none: the village within 72 hours). */
    routingRules: z.array(sanitationRoutingRuleSchema).max(50).superRefine(uniqueBy((r) => r.id, '规则编码')),
    facilities: z.array(facilityFileSchema).max(5000).superRefine(uniqueBy((f) => f.code, '设施编号')),
  })
  .strict();

export const countyFileSchema = z
  .object({
    format: z.literal(COUNTY_FILE_FORMAT, { errorMap: () => ({ message: `format 应为 "${COUNTY_FILE_FORMAT}"` }) }),
    county: z.object({ id: idSchema, name: text(2, 20) }).strict(),
    towns: z.array(townSchema).min(1).max(60),
    policeHomes: z.object({ hours: openingHoursSchema, services: homeServicesSchema }).strict(),
    powers: z.object({ items: z.array(powerItemFileSchema).max(200).superRefine(uniqueBy((i) => i.code, '事项编号')) }).strict(),
    cases: caseCatalogueSchema,
    points: pointsCatalogueSchema,
    councils: councilCatalogueSchema,
    subscribe: subscribeConfigSchema.strict(),
    /** 研判 rules; a county without them starts with none and adds them in the app. */
    signals: z.object({ rules: z.array(signalRuleSchema).max(50).superRefine(uniqueBy((r) => r.id, '规则编号')) }).strict().optional(),
    sanitation: sanitationFileSchema.default({ routingRules: [], facilities: [] }),
    /** 党建+志愿者: every village's and community's first 服务清单 (the community edits its own list after). */
    volunteers: z
      .object({
        services: z
          .array(z.object({ key: z.string().regex(/^[a-z][a-zA-Z0-9]{1,30}$/, '编号只含字母和数字'), name: text(2, 20), description: text(2, 200), skills: z.array(z.enum(SKILLS)).default([]) }).strict())
          .max(50)
          .superRefine(uniqueBy((s) => s.key, '服务编号')),
        /** 上门入户访民情: a person on the care register not visited for this many days shows as due. */
        visitDueDays: z.number().int().min(1).max(365).default(30),
      })
      .strict()
      .default({ services: [], visitDueDays: 30 }),
  })
  .strict()
  .superRefine((file, ctx) => {
    for (const issue of orgIdIssues(file)) ctx.addIssue({ code: 'custom', ...issue });
    const units = new Set([file.county.id, ...file.towns.flatMap((t) => [t.id, ...t.villages.map((v) => v.id)])]);
    file.sanitation.facilities.forEach((f, i) => {
      if (!units.has(f.unitId)) ctx.addIssue({ code: 'custom', path: ['sanitation', 'facilities', i, 'unitId'], message: `没有编号为「${f.unitId}」的县、镇或村（社区）` });
    });
  });

/**
 * Org unit ids are document ids in one collection: unique across the whole tree. Reads the file
 * tolerantly, so a file with other problems still hears about its duplicates in the same run.
 */
export function orgIdIssues(raw: unknown): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const seen = new Map<string, string>();
  const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  const claim = (unit: unknown, path: (string | number)[]) => {
    const id = obj(unit).id;
    if (typeof id !== 'string') return;
    if (seen.has(id)) issues.push({ path: [...path, 'id'], message: `编号「${id}」已在 ${seen.get(id)} 用过` });
    else seen.set(id, path.join('.'));
  };
  const file = obj(raw);
  claim(file.county, ['county']);
  arr(file.towns).forEach((t, ti) => {
    claim(t, ['towns', ti]);
    arr(obj(t).villages).forEach((v, vi) => {
      claim(v, ['towns', ti, 'villages', vi]);
      arr(obj(v).grids).forEach((g, gi) => claim(g, ['towns', ti, 'villages', vi, 'grids', gi]));
    });
  });
  return issues;
}

export type CountyFile = z.infer<typeof countyFileSchema>;
export type CountyFileInput = z.input<typeof countyFileSchema>;
export type HomeService = z.infer<typeof homeServiceSchema>;
