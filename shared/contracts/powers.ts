import { z } from 'zod';
import { ACCESS, REFUSALS, defineContract } from './envelope';
import { cursorSchema, emptyInput, idSchema, isoTime, pageLimitSchema, requestIdSchema, text } from './common';
import { MAX_EXTRA_STEPS, POWER_CATEGORIES, POWER_KINDS, STARTERS, STEP_ROLES } from '../domain/power-catalogue';
import { MATTER_STATUSES, STEP_STATUSES } from '../domain/power-matter';
import { MAX_LIMIT_DAYS } from '../domain/power-workdays';
import { TALK_STAGES } from '../domain/power-talks';

export const powerKindSchema = z.enum(POWER_KINDS);
export const powerCategorySchema = z.enum(POWER_CATEGORIES);
export const stepRoleSchema = z.enum(STEP_ROLES);
export const starterSchema = z.enum(STARTERS);
export const matterStatusSchema = z.enum(MATTER_STATUSES);
export const talkStageSchema = z.enum(TALK_STAGES);

/** Item codes: two letters of the category and a number, as on the printed list (MS-01). */
export const itemCodeSchema = z.string().regex(/^[A-Z]{2}-\d{2}$/, '事项编号格式应如 MS-01');
const chinaDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应如 2026-11-27');

export const powerStepSchema = z
  .object({
    title: text(2, 30),
    role: stepRoleSchema,
    actorLabel: text(2, 20),
    limitDays: z.number().int().min(0).max(MAX_LIMIT_DAYS),
    publicity: text(2, 120).nullable(),
  })
  .strict();

export const riskPointSchema = z.object({ point: text(2, 80), measure: text(2, 160) }).strict();

export const powerStepView = z.object({
  title: z.string(),
  role: stepRoleSchema,
  actorLabel: z.string(),
  limitDays: z.number().int(),
  publicity: z.string().nullable(),
  localAdded: z.boolean(),
});

export const itemCountsView = z.object({
  inProgress: z.number().int(),
  done: z.number().int(),
  averageDays: z.number().nullable(),
});

export const powerItemSummary = z.object({
  code: z.string(),
  kind: powerKindSchema,
  category: powerCategorySchema,
  title: z.string(),
  summary: z.string(),
  starter: starterSchema,
  fees: z.string(),
  stepCount: z.number().int(),
  totalDays: z.number().int(),
  version: z.number().int(),
  /** The village tightened the county's standard for itself. */
  adjusted: z.boolean(),
  counts: itemCountsView,
});
export type PowerItemSummary = z.infer<typeof powerItemSummary>;

export const powerItemView = powerItemSummary.extend({
  versionId: idSchema,
  unitName: z.string(),
  basis: z.array(z.string()),
  body: z.string(),
  materials: z.array(z.string()),
  steps: z.array(powerStepView),
  risks: z.array(z.object({ point: z.string(), measure: z.string() })),
  riskCard: z.string(),
  guideCard: z.array(z.string()),
  localNote: z.string().nullable(),
  standardVersion: z.number().int(),
  updatedAt: isoTime,
  versions: z.array(z.object({ versionId: idSchema, version: z.number().int(), scope: z.enum(['county', 'village']), publishedAt: isoTime, changeNote: z.string().nullable() })),
  /** The caller may open a matter under this item here (a resident applies, a cadre starts). */
  canStart: z.boolean(),
});
export type PowerItemView = z.infer<typeof powerItemView>;

export const matterStepView = powerStepView.extend({
  status: z.enum(STEP_STATUSES),
  startedAt: isoTime.nullable(),
  dueAt: isoTime.nullable(),
  doneAt: isoTime.nullable(),
  actorName: z.string().nullable(),
  note: z.string().nullable(),
  overdue: z.boolean(),
});

export const matterSummary = z.object({
  id: idSchema,
  title: z.string(),
  itemCode: z.string(),
  itemTitle: z.string(),
  category: powerCategorySchema,
  status: matterStatusSchema,
  applicantName: z.string(),
  unitName: z.string(),
  current: z.number().int().nullable(),
  currentStepTitle: z.string().nullable(),
  currentRole: stepRoleSchema.nullable(),
  dueAt: isoTime.nullable(),
  overdue: z.boolean(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type MatterSummary = z.infer<typeof matterSummary>;

/** Text content security holds, with the reason: listed only for its author and those who may release it. */
const heldView = z.array(z.object({ field: z.string(), reason: z.string() })).optional();

export const complaintView = z.object({
  id: idSchema,
  matterId: idSchema,
  matterTitle: z.string(),
  itemTitle: z.string(),
  complainantName: z.string(),
  text: z.string(),
  status: z.enum(['open', 'handled']),
  reply: z.string().nullable(),
  handledByName: z.string().nullable(),
  handledAt: isoTime.nullable(),
  createdAt: isoTime,
  held: heldView,
  /** The caller is a supervisor over it and something on it is held. */
  canRelease: z.boolean(),
});

export const matterView = matterSummary.extend({
  itemId: idSchema,
  versionId: idSchema,
  version: z.number().int(),
  steps: z.array(matterStepView),
  timeline: z.array(z.object({ at: isoTime, action: z.string(), actorName: z.string(), stepIndex: z.number().int().nullable(), note: z.string().nullable() })),
  rating: z.object({ stars: z.number().int(), comment: z.string().nullable(), at: isoTime }).nullable(),
  workingDays: z.number().int().nullable(),
  complaints: z.array(complaintView),
  /** What the caller may do now; the server decides, the page shows buttons. */
  allowed: z.array(z.enum(['advance', 'refuse', 'withdraw', 'rate', 'complain', 'release'])),
  held: heldView,
});
export type MatterView = z.infer<typeof matterView>;

const tallyView = z.object({ cadres: z.number().int(), before: z.number().int(), during: z.number().int(), after: z.number().int() });

export const talkView = z.object({
  id: idSchema,
  cadreName: z.string(),
  unitName: z.string(),
  stage: talkStageSchema,
  date: z.string(),
  topic: z.string(),
  followUp: z.string(),
  matterId: idSchema.nullable(),
  recordedByName: z.string(),
  createdAt: isoTime,
  held: heldView,
  canRelease: z.boolean(),
});

const matterRef = z.object({ matterId: idSchema }).strict();
const page = { cursor: cursorSchema.optional(), limit: pageLimitSchema };

export const powersContract = defineContract('powers', {
  /** The published list for a village (the caller's own by default), anonymous counts included. */
  catalogue: {
    input: z
      .object({
        villageId: idSchema.optional(),
        kind: powerKindSchema.optional(),
        category: powerCategorySchema.optional(),
        q: z.string().trim().max(20, '不能超过 20 个字').optional(),
      })
      .strict(),
    output: z.object({ unitId: idSchema, unitName: z.string(), items: z.array(powerItemSummary) }),
    errors: ACCESS,
  },
  /** One item: its flowchart, the two cards, its versions; `versionId` reads an earlier version. */
  item: {
    input: z.object({ code: itemCodeSchema, villageId: idSchema.optional(), versionId: idSchema.optional() }).strict(),
    output: powerItemView,
    errors: ACCESS,
  },
  /** The county publishes a standard item, or a new version of one. */
  publish: {
    input: z
      .object({
        code: itemCodeSchema,
        kind: powerKindSchema,
        category: powerCategorySchema,
        title: text(2, 30),
        summary: text(2, 120),
        basis: z.array(text(2, 120)).min(1).max(8),
        body: text(2, 60),
        materials: z.array(text(2, 60)).max(12),
        fees: text(1, 40),
        starter: starterSchema,
        steps: z.array(powerStepSchema).min(1).max(15),
        risks: z.array(riskPointSchema).min(1).max(8),
        riskCard: text(10, 300),
        guideCard: z.array(text(2, 80)).min(1).max(8),
        changeNote: text(2, 120),
      })
      .strict(),
    output: powerItemView,
    errors: REFUSALS,
  },
  /** A village tightens a standard item for itself, within the county's limits. */
  adjust: {
    input: z
      .object({
        code: itemCodeSchema,
        villageId: idSchema,
        stepLimits: z.array(z.object({ index: z.number().int().min(0), limitDays: z.number().int().min(1).max(MAX_LIMIT_DAYS) }).strict()).max(15).optional(),
        extraSteps: z
          .array(
            z
              .object({
                after: z.number().int().min(0),
                title: text(2, 30),
                role: stepRoleSchema,
                actorLabel: text(2, 20),
                limitDays: z.number().int().min(1).max(MAX_LIMIT_DAYS),
                publicity: text(2, 120).nullable(),
              })
              .strict(),
          )
          .max(MAX_EXTRA_STEPS, `最多增加 ${MAX_EXTRA_STEPS} 个村级步骤`)
          .optional(),
        droppedMaterials: z.array(z.string()).max(12).optional(),
        extraRisks: z.array(riskPointSchema).max(5).optional(),
        localNote: text(2, 120).nullable().optional(),
        changeNote: text(2, 120),
      })
      .strict(),
    output: powerItemView,
    errors: REFUSALS,
  },
  /** A resident applies under an item; a cadre starts a village matter (四议两公开 and the like). */
  apply: {
    input: z
      .object({
        code: itemCodeSchema,
        villageId: idSchema.optional(),
        title: text(2, 40).optional(),
        note: text(1, 200).optional(),
        requestId: requestIdSchema.optional(),
      })
      .strict(),
    output: matterView,
    errors: REFUSALS,
  },
  /** The person holding the current step's role completes it (or refuses, with the reason). */
  advance: {
    input: z
      .object({
        matterId: idSchema,
        stepIndex: z.number().int().min(0).max(30),
        decision: z.enum(['pass', 'refuse']).default('pass'),
        note: text(1, 300).optional(),
      })
      .strict()
      .refine((v) => v.decision === 'pass' || v.note !== undefined, { message: '不予通过时请写明理由', path: ['note'] }),
    output: matterView,
    errors: REFUSALS,
  },
  withdraw: {
    input: z.object({ matterId: idSchema, reason: text(2, 200) }).strict(),
    output: matterView,
    errors: REFUSALS,
  },
  matter: { input: matterRef, output: matterView, errors: ACCESS },
  matters: {
    input: z.object({ scope: z.enum(['mine', 'queue', 'village']), status: matterStatusSchema.optional(), ...page }).strict(),
    output: z.object({ items: z.array(matterSummary), nextCursor: z.string().nullable() }),
    errors: ACCESS,
  },
  rate: {
    input: z.object({ matterId: idSchema, stars: z.number().int().min(1).max(5), comment: text(1, 200).optional() }).strict(),
    output: matterView,
    errors: REFUSALS,
  },
  /** A complaint about a matter goes to the village's supervisors (村务监督委员会). */
  complain: {
    input: z.object({ matterId: idSchema, text: text(5, 500) }).strict(),
    output: matterView,
    errors: REFUSALS,
  },
  complaints: {
    input: z.object({ status: z.enum(['open', 'handled']).optional(), ...page }).strict(),
    output: z.object({ items: z.array(complaintView), nextCursor: z.string().nullable() }),
    errors: ACCESS,
  },
  handleComplaint: {
    input: z.object({ complaintId: idSchema, reply: text(2, 300) }).strict(),
    output: complaintView,
    errors: REFUSALS,
  },
  /** A cadre or supervisor over the matter releases its held text after reading it; audited. */
  release: { input: matterRef, output: matterView, errors: REFUSALS },
  /** A supervisor over the complaint releases its held text (the complaint or the answer); audited. */
  releaseComplaint: { input: z.object({ complaintId: idSchema }).strict(), output: complaintView, errors: REFUSALS },
  /** A supervisor over the talk's village releases its held topic or follow-up; audited. */
  releaseTalk: { input: z.object({ talkId: idSchema }).strict(), output: talkView, errors: REFUSALS },
  /** 三提醒: a supervisor records a reminder talk with a cadre of their village. */
  recordTalk: {
    input: z
      .object({
        cadreId: idSchema,
        stage: talkStageSchema,
        date: chinaDateSchema,
        topic: text(2, 100),
        followUp: text(2, 300),
        matterId: idSchema.optional(),
      })
      .strict(),
    output: talkView,
    errors: REFUSALS,
  },
  /** Talks with content: a cadre their own, a supervisor their village's (with the cadres to pick from). */
  talks: {
    input: z.object({ scope: z.enum(['mine', 'village']), ...page }).strict(),
    output: z.object({
      items: z.array(talkView),
      cadres: z.array(z.object({ id: idSchema, name: z.string(), unitName: z.string() })),
      nextCursor: z.string().nullable(),
    }),
    errors: ACCESS,
  },
  /** Counts only, for the county and towns: never the content of a talk. */
  talkCounts: {
    input: emptyInput,
    output: z.object({
      unitName: z.string(),
      total: tallyView,
      recorded: tallyView,
      ledger: tallyView.extend({ source: z.string(), asOf: z.string() }).nullable(),
      byTown: z.array(tallyView.extend({ townId: idSchema, name: z.string() })),
    }),
    errors: ACCESS,
  },
});
