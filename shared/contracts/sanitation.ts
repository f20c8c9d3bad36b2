/**
 * 三污治理 (`sanitation`): the facilities ledger (collection points, transfer stations, plants, sewage
 * facilities, oxidation ponds, public toilets), 随手拍 reports that become work orders at the unit the
 * county's rules name, and the figures behind the county report.
 */
import { z } from 'zod';
import { ACCESS, REFUSALS, defineContract } from './envelope';
import { cursorSchema, idSchema, pageLimitSchema, requestIdSchema, text } from './common';
import { FACILITY_KINDS, FACILITY_STATUSES, SEWAGE_MODES } from '../domain/sanitation-facility';
import { MAX_PHOTOS, PHOTO_STATUSES } from '../domain/photos';
import { ACCEPTANCE, SATISFACTION, SORTING_RESULTS, TOILET_MODES, TOILET_WORKS } from '../domain/sanitation-household';
import { HANDLING_LEVELS, ORDER_STATUSES, REPORT_CATEGORIES } from '../domain/sanitation-report';

export const facilityKindSchema = z.enum(FACILITY_KINDS);
export const facilityStatusSchema = z.enum(FACILITY_STATUSES);
export const sewageModeSchema = z.enum(SEWAGE_MODES);
export const reportCategorySchema = z.enum(REPORT_CATEGORIES);
export const orderStatusSchema = z.enum(ORDER_STATUSES);
export const handlingLevelSchema = z.enum(HANDLING_LEVELS);

const chinaDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应如 2026-11-27');
export const facilityCodeSchema = z.string().regex(/^[A-Za-z0-9-]{2,40}$/, '设施编号为字母、数字和连字符');

export const placeSchema = z
  .object({
    description: text(2, 60),
    lat: z.number().min(-90).max(90).nullable().default(null),
    lng: z.number().min(-180).max(180).nullable().default(null),
  })
  .strict();

export const responsibleSchema = z
  .object({
    unitName: text(2, 30),
    personName: text(1, 20).nullable().default(null),
    phone: z.string().regex(/^[0-9-]{7,20}$/, '电话格式不正确').nullable().default(null),
  })
  .strict();

/** A facility as the county file or a cadre's form describes it. */
export const facilityFields = z
  .object({
    kind: facilityKindSchema,
    mode: sewageModeSchema.nullable().default(null),
    name: text(2, 30),
    place: placeSchema,
    capacity: z.object({ value: z.number().positive().max(1_000_000), unit: text(1, 10) }).strict().nullable().default(null),
    householdsServed: z.number().int().min(0).max(100_000).nullable().default(null),
    collectEveryDays: z.number().int().min(1).max(60).nullable().default(null),
    responsible: responsibleSchema,
  })
  .strict();

const statusEntryView = z.object({ status: facilityStatusSchema, at: z.string(), byName: z.string(), note: z.string().nullable() });

export const facilitySummary = z.object({
  id: idSchema,
  code: z.string(),
  kind: facilityKindSchema,
  mode: sewageModeSchema.nullable(),
  name: z.string(),
  unitName: z.string(),
  villageId: idSchema.nullable(),
  place: z.object({ description: z.string(), lat: z.number().nullable(), lng: z.number().nullable() }),
  status: facilityStatusSchema,
  hasOpenOrder: z.boolean(),
});

export const inspectionView = z.object({
  id: idSchema,
  date: z.string(),
  inspectorName: z.string(),
  ok: z.boolean(),
  findings: z.string(),
});

export const facilityView = facilitySummary.extend({
  capacity: z.object({ value: z.number(), unit: z.string() }).nullable(),
  householdsServed: z.number().int().nullable(),
  collectEveryDays: z.number().int().nullable(),
  responsible: z.object({ unitName: z.string(), personName: z.string().nullable(), phone: z.string().nullable() }),
  history: z.array(statusEntryView),
  inspections: z.array(inspectionView),
  lastInspectedAt: z.string().nullable(),
  lastCollectedAt: z.string().nullable(),
  openOrderId: idSchema.nullable(),
  /** What the viewer may do: keep the record (edit, inspect, change status) and the statuses it may move to. */
  canKeep: z.boolean(),
  nextStatuses: z.array(facilityStatusSchema),
});

const facilityRef = z.object({ facilityId: idSchema }).strict();
const orderRef = z.object({ orderId: idSchema }).strict();

export const photoView = z.object({
  id: idSchema,
  url: z.string().nullable(),
  status: z.enum(PHOTO_STATUSES),
  mine: z.boolean(),
  role: z.enum(['before', 'after']),
});

const photoIdsSchema = z.array(idSchema).max(MAX_PHOTOS, `最多 ${MAX_PHOTOS} 张照片`);

export const reporterView = z.object({ name: z.string(), at: z.string(), isMe: z.boolean() });

export const orderSummary = z.object({
  id: idSchema,
  category: reportCategorySchema,
  facilityName: z.string().nullable(),
  placeText: z.string(),
  villageName: z.string(),
  status: orderStatusSchema,
  level: handlingLevelSchema,
  deadlineAt: z.string(),
  overdue: z.boolean(),
  reportCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const orderView = orderSummary.extend({
  facilityId: idSchema.nullable(),
  routeReason: z.string(),
  note: z.string().nullable(),
  noteHeld: z.boolean(),
  handlerName: z.string().nullable(),
  reporters: z.array(reporterView),
  fixNote: z.string().nullable(),
  fixedAt: z.string().nullable(),
  fixedOnTime: z.boolean().nullable(),
  reopenCount: z.number().int(),
  escalated: z.boolean(),
  /** Photos the viewer may see: others' only once the image check passed. */
  photos: z.array(photoView),
  /** The progress step reached: 0 已上报, 1 已接单, 2 已修好, 3 已确认. */
  step: z.number().int().min(0).max(3),
  timeline: z.array(z.object({ at: z.string(), action: z.string(), actorName: z.string(), note: z.string().nullable() })),
  allowed: z.array(z.enum(['accept', 'fix', 'confirm', 'reopen', 'release'])),
});

/**
 * A 随手拍 as received (受理): where it goes and within how many hours, from the county's rules. Its
 * order is made a little later by the dispatch timer (派单): `orderId` null until then.
 */
export const reportReceipt = z.object({
  reportId: idSchema,
  dispatched: z.boolean(),
  orderId: idSchema.nullable(),
  /** Joined an order someone else had opened (known once dispatched). */
  merged: z.boolean(),
  /** Its facility had an unfinished order when received: it will join that one. */
  joining: z.boolean(),
  category: reportCategorySchema,
  facilityName: z.string().nullable(),
  placeText: z.string(),
  villageName: z.string(),
  level: handlingLevelSchema,
  deadlineHours: z.number().int(),
  routeReason: z.string(),
  /** The words wait for a person's review: only the reporter and the handlers read them until then. */
  noteHeld: z.boolean(),
  photoCount: z.number().int(),
  createdAt: z.string(),
});

export const myReportView = z.object({
  id: idSchema,
  /** Null until it is dispatched (已受理，正在派单). */
  orderId: idSchema.nullable(),
  dispatched: z.boolean(),
  category: reportCategorySchema,
  merged: z.boolean(),
  facilityName: z.string().nullable(),
  placeText: z.string(),
  createdAt: z.string(),
  order: orderSummary.nullable(),
});

export const routingRuleSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{1,40}$/, '规则编码为小写字母、数字和连字符'),
    when: z
      .object({
        categories: z.array(reportCategorySchema).min(1).optional(),
        facilityKinds: z.array(facilityKindSchema).min(1).optional(),
      })
      .strict(),
    level: handlingLevelSchema,
    deadlineHours: z.number().int().min(1).max(24 * 30),
    reason: text(4, 120),
  })
  .strict();

const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应如 2026-11');

export const toiletView = z.object({
  mode: z.enum(TOILET_MODES),
  work: z.enum(TOILET_WORKS),
  doneOn: z.string(),
  acceptance: z.enum(ACCEPTANCE),
  satisfaction: z.enum(SATISFACTION).nullable(),
});

export const householdView = z.object({
  householdId: idSchema,
  headName: z.string(),
  toilet: toiletView.nullable(),
  sanitaryToilet: z.boolean(),
  bins: z.object({ count: z.number().int(), givenOn: z.string() }).nullable(),
  /** Monthly sorting checks, newest first, with the 环保卫生 points each stands for. */
  checks: z.array(z.object({ month: z.string(), result: z.enum(SORTING_RESULTS), points: z.number().int(), checkerName: z.string() })),
  /** The indicator the checks feed and its maximum (from the points settings). */
  indicator: z.object({ code: z.string(), name: z.string(), max: z.number().int() }).nullable(),
  canRecord: z.boolean(),
});

const householdRef = z.object({ householdId: idSchema }).strict();

export const figureRow = z.object({
  unitId: idSchema,
  name: z.string(),
  households: z.number().int(),
  sanitaryToilets: z.number().int(),
  withBins: z.number().int(),
  villages: z.number().int(),
  sewageTreated: z.number().int(),
  sewageControlled: z.number().int(),
  facilitiesInService: z.number().int(),
  ordersOpened: z.number().int(),
  ordersFixedOnTime: z.number().int(),
  ordersReopened: z.number().int(),
});

export const sanitationContract = defineContract('sanitation', {
  /** Facilities of a village (its residents, cadres and supervisors), or under a town / the county (their cadres). */
  facilities: {
    input: z.object({ villageId: idSchema.optional(), kind: facilityKindSchema.optional() }).strict(),
    output: z.object({ unitName: z.string(), items: z.array(facilitySummary), canKeep: z.boolean() }),
    errors: ACCESS,
  },
  /** One facility with its status history and latest inspections. */
  facility: { input: facilityRef, output: facilityView, errors: ACCESS },
  /** A cadre over the village adds a facility (with a new code) or corrects one; audited. */
  saveFacility: {
    input: z
      .object({ facilityId: idSchema.optional(), code: facilityCodeSchema.optional(), villageId: idSchema, facility: facilityFields })
      .strict()
      .refine((x) => x.facilityId || x.code, { message: '新设施须有编号', path: ['code'] }),
    output: facilityView,
    errors: REFUSALS,
  },
  /** A keeper moves a facility's status (故障 → 维修中 → 正常运行, or 停用); the village cadres hear of a fault; audited. */
  setFacilityStatus: {
    input: z.object({ facilityId: idSchema, status: facilityStatusSchema, note: text(2, 100).optional() }).strict(),
    output: facilityView,
    errors: REFUSALS,
  },
  /** A keeper records an inspection (who, when, findings); a failed inspection of a running facility marks it faulty. */
  inspect: {
    input: z.object({ facilityId: idSchema, date: chinaDateSchema, ok: z.boolean(), findings: text(2, 200) }).strict(),
    output: facilityView,
    errors: REFUSALS,
  },
  /**
   * 随手拍: a resident of the village (or a grid leader / cadre over it) reports a problem. Received (受理):
   * the answer says who will handle it and within how many hours; the dispatch timer then joins the
   * facility's open order or opens one (派单) and tells the reporter. A retry answers the stored report.
   */
  report: {
    input: z
      .object({
        requestId: requestIdSchema,
        category: reportCategorySchema,
        facilityId: idSchema.optional(),
        /** Where, when no facility was picked ("here"): required then. */
        placeText: text(2, 60).optional(),
        villageId: idSchema.optional(),
        note: text(2, 200).optional(),
        photoIds: photoIdsSchema.default([]),
      })
      .strict()
      .refine((x) => x.facilityId || x.placeText, { message: '请选择设施或写明地点', path: ['placeText'] }),
    output: reportReceipt,
    errors: REFUSALS,
  },
  /**
   * Takes a photo the caller just uploaded (`incoming/<their id>/…`, by Taro.cloud.uploadFile or the local
   * gateway): refuses what is not a JPEG/PNG or is over the limit (deleting it), keeps a copy without
   * EXIF and starts the image check. Until the check passes only its author sees it.
   */
  photo: {
    input: z.object({ fileId: z.string().min(8).max(300) }).strict(),
    output: z.object({ photo: photoView, width: z.number().int(), height: z.number().int(), bytes: z.number().int() }),
    errors: REFUSALS,
  },
  /** The caller's own reports, newest first, each with its order's progress (none yet while it is being dispatched). */
  myReports: {
    input: z.object({ cursor: cursorSchema.optional(), limit: pageLimitSchema }).strict(),
    output: z.object({ items: z.array(myReportView), nextCursor: z.string().nullable() }),
    errors: ACCESS,
  },
  /** Work orders: `handling` those at the caller's units (newest first); `village` a village's public list. */
  orders: {
    input: z
      .object({ scope: z.enum(['handling', 'village']), villageId: idSchema.optional(), status: orderStatusSchema.optional(), cursor: cursorSchema.optional(), limit: pageLimitSchema })
      .strict(),
    output: z.object({ items: z.array(orderSummary), nextCursor: z.string().nullable() }),
    errors: ACCESS,
  },
  order: { input: orderRef, output: orderView, errors: ACCESS },
  /** A handler takes the order: of two at once, one wins and the other hears it was taken. */
  accept: { input: orderRef, output: orderView, errors: REFUSALS },
  /** The handler reports it fixed, with what was done; every reporter is asked to confirm. */
  fix: {
    input: z.object({ orderId: idSchema, note: text(2, 200), photoIds: z.array(idSchema).min(1, '请拍一张修好后的照片').max(MAX_PHOTOS, `最多 ${MAX_PHOTOS} 张照片`) }).strict(),
    output: orderView,
    errors: REFUSALS,
  },
  /** A reporter confirms the fix: the order is closed. */
  confirm: { input: orderRef, output: orderView, errors: REFUSALS },
  /** A reporter says 还没修好: the order goes back to its handler with a new deadline. */
  reopen: { input: z.object({ orderId: idSchema, note: text(2, 200) }).strict(), output: orderView, errors: REFUSALS },
  /** A cadre over the order releases text content security held; audited. */
  release: { input: orderRef, output: orderView, errors: REFUSALS },
  /** A household's toilet and sorting record: the household's own members and the cadres over it. */
  household: { input: z.object({ householdId: idSchema.optional() }).strict(), output: householdView, errors: ACCESS },
  /** The households of a village with their toilet and bins (its cadres, for the ledger forms). */
  households: {
    input: z.object({ villageId: idSchema.optional() }).strict(),
    output: z.object({
      villageName: z.string(),
      items: z.array(z.object({ householdId: idSchema, headName: z.string(), sanitaryToilet: z.boolean(), hasToilet: z.boolean(), hasBins: z.boolean(), lastCheck: z.enum(SORTING_RESULTS).nullable() })),
    }),
    errors: ACCESS,
  },
  /** A cadre records a household's toilet (mode, built/converted on, acceptance, the household's satisfaction); audited. */
  saveToilet: {
    input: householdRef.extend({ mode: z.enum(TOILET_MODES), work: z.enum(TOILET_WORKS), doneOn: chinaDateSchema, acceptance: z.enum(ACCEPTANCE), satisfaction: z.enum(SATISFACTION).nullable().default(null) }).strict(),
    output: householdView,
    errors: REFUSALS,
  },
  /** A cadre records the sorting bins a household was given; audited. */
  saveBins: { input: householdRef.extend({ count: z.number().int().min(1).max(10), givenOn: chinaDateSchema }).strict(), output: householdView, errors: REFUSALS },
  /** A cadre records a month's sorting check (one per household and month; again replaces it); audited. */
  checkSorting: { input: householdRef.extend({ month: monthSchema, result: z.enum(SORTING_RESULTS) }).strict(), output: householdView, errors: REFUSALS },
  /** A collection run (村收集) or transfer trip (县转运) at a facility; the point's next due time moves on. */
  logRun: {
    input: z.object({ facilityId: idSchema, kind: z.enum(['collection', 'transfer']), date: chinaDateSchema, volume: z.number().positive().max(10_000), unit: text(1, 10) }).strict(),
    output: z.object({ facility: facilityView, runs: z.array(z.object({ id: idSchema, kind: z.enum(['collection', 'transfer']), date: z.string(), volume: z.number(), unit: z.string(), byName: z.string() })) }),
    errors: REFUSALS,
  },
  /** A facility's latest runs. */
  runs: {
    input: facilityRef,
    output: z.object({ items: z.array(z.object({ id: idSchema, kind: z.enum(['collection', 'transfer']), date: z.string(), volume: z.number(), unit: z.string(), byName: z.string() })) }),
    errors: ACCESS,
  },
  /** A cadre records whether a village's sewage is under control this month (villages without a treatment facility); audited. */
  checkSewage: {
    input: z.object({ villageId: idSchema, month: monthSchema, controlled: z.boolean(), note: text(2, 100).optional() }).strict(),
    output: z.object({ villageId: idSchema, month: z.string(), controlled: z.boolean() }),
    errors: REFUSALS,
  },
  /**
   * The figures of a unit (docs/sanitation-figures.md): the totals, one row per town or village under
   * it, and the work orders month by month. Aggregated on the server from the ledger.
   */
  figures: {
    input: z.object({ unitId: idSchema.optional(), months: z.number().int().min(1).max(24).default(6) }).strict(),
    output: z.object({
      unitName: z.string(),
      total: figureRow,
      rows: z.array(figureRow),
      months: z.array(z.object({ month: z.string(), opened: z.number().int(), fixedOnTime: z.number().int(), reopened: z.number().int() })),
    }),
    errors: ACCESS,
  },
  /** The county's routing rules (read by its cadres). */
  rules: { input: z.object({}).strict(), output: z.object({ rules: z.array(routingRuleSchema), updatedAt: z.string() }), errors: ACCESS },
  /** A county admin replaces the routing rules; audited. */
  updateRules: { input: z.object({ rules: z.array(routingRuleSchema).max(50) }).strict(), output: z.object({ rules: z.array(routingRuleSchema), updatedAt: z.string() }), errors: REFUSALS },
});

export type FacilityFields = z.infer<typeof facilityFields>;
export type FacilityView = z.infer<typeof facilityView>;
export type OrderView = z.infer<typeof orderView>;
