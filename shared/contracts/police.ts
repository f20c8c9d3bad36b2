import { z } from 'zod';
import { ACCESS, REFUSALS, defineContract } from './envelope';
import { idSchema, isoTime, requestIdSchema, text } from './common';
import {
  BOOKING_STATUSES,
  DUTIES,
  HALF_DAYS,
  SERVICE_MODES,
  SIGNUP_STATUSES,
  TICKET_STATUSES,
  VISIT_STATUSES,
} from '../domain/police-catalog';
import { isValidDate } from '../domain/police-hours';
import { periodIssues, SLOT_MINUTES, tooShortForSlot } from '../domain/police-manage';

/** The held texts this viewer may know about (their own, or all of them for an officer or cadre over the home). */
const heldList = z.array(z.object({ field: z.string(), reason: z.string() })).optional();
const moderated = { held: heldList, canRelease: z.boolean().optional() };

export const serviceModeSchema = z.enum(SERVICE_MODES);
export const dutySchema = z.enum(DUTIES);
export const halfDaySchema = z.enum(HALF_DAYS);
export const dateSchema = z.string().refine(isValidDate, '日期格式应为 YYYY-MM-DD');
export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM');

export const openingStatusView = z.object({
  open: z.boolean(),
  closesAt: isoTime.nullable(),
  opensAt: isoTime.nullable(),
  todayNote: z.string().nullable(),
});

export const serviceView = z.object({
  id: idSchema,
  name: z.string(),
  description: z.string(),
  mode: serviceModeSchema,
  duties: z.array(dutySchema),
});
export type ServiceView = z.infer<typeof serviceView>;

export const homeView = z.object({
  id: idSchema,
  name: z.string(),
  unitName: z.string(),
  address: z.string(),
  dutyPhone: z.string(),
  officers: z.array(z.object({ name: z.string(), title: z.string(), phoneMasked: z.string().nullable() })),
  status: openingStatusView,
  weekly: z.array(z.object({ weekday: z.number().int(), start: z.string(), end: z.string() })),
  upcomingExceptions: z.array(z.object({ date: z.string(), closed: z.boolean(), reason: z.string() })),
  services: z.array(serviceView),
  /** The caller is an officer of this home or a cadre over it: the workbench is theirs. */
  canOversee: z.boolean(),
  ...moderated,
});
export type HomeView = z.infer<typeof homeView>;

export const slotView = z.object({
  id: idSchema,
  date: z.string(),
  startAt: isoTime,
  endAt: isoTime,
  capacity: z.number().int(),
  remaining: z.number().int(),
  bookable: z.boolean(),
  mine: z.boolean(),
});
export type SlotView = z.infer<typeof slotView>;

export const bookingView = z.object({
  id: idSchema,
  slotId: idSchema,
  serviceId: idSchema,
  serviceName: z.string(),
  homeId: idSchema,
  startAt: isoTime,
  endAt: isoTime,
  status: z.enum(BOOKING_STATUSES),
  userName: z.string(),
  /** Masked, and only for the home's officers. */
  phoneMasked: z.string().nullable(),
  note: z.string().nullable(),
  rescheduledFrom: idSchema.nullable(),
  rescheduledTo: idSchema.nullable(),
  canCancel: z.boolean(),
  ...moderated,
});
export type BookingView = z.infer<typeof bookingView>;

export const signupView = z.object({
  id: idSchema,
  sessionId: idSchema,
  title: z.string(),
  startAt: isoTime,
  status: z.enum(SIGNUP_STATUSES),
  /** 1-based place on the waitlist while waiting. */
  position: z.number().int().nullable(),
  userName: z.string(),
});
export type SignupView = z.infer<typeof signupView>;

export const sessionView = z.object({
  id: idSchema,
  title: z.string(),
  description: z.string(),
  place: z.string(),
  startAt: isoTime,
  endAt: isoTime,
  duties: z.array(dutySchema),
  capacity: z.number().int(),
  confirmed: z.number().int(),
  waiting: z.number().int(),
  mine: signupView.nullable(),
  ...moderated,
});
export type SessionView = z.infer<typeof sessionView>;

export const queueView = z.object({
  homeId: idSchema,
  date: z.string(),
  open: z.boolean(),
  nowServing: z.number().int().nullable(),
  waiting: z.number().int(),
  mine: z.object({ number: z.number().int(), status: z.enum(TICKET_STATUSES), ahead: z.number().int() }).nullable(),
  /** Officers and cadres only: the day's tickets. */
  tickets: z.array(z.object({ number: z.number().int(), userName: z.string(), status: z.enum(TICKET_STATUSES) })).nullable(),
});
export type QueueView = z.infer<typeof queueView>;

const halfDayRef = z.object({ date: dateSchema, half: halfDaySchema }).strict();

export const visitView = z.object({
  id: idSchema,
  subjectName: z.string(),
  requesterName: z.string(),
  /** Officers only. */
  subjectAddress: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  reason: z.string(),
  duties: z.array(dutySchema),
  preferred: z.array(z.object({ date: z.string(), half: halfDaySchema })),
  priority: z.number().int(),
  priorityReasons: z.array(z.string()),
  status: z.enum(VISIT_STATUSES),
  scheduled: z.object({ date: z.string(), half: halfDaySchema }).nullable(),
  officerName: z.string().nullable(),
  declineReason: z.string().nullable(),
  outcome: z.string().nullable(),
  createdAt: isoTime,
  ...moderated,
});
export type VisitView = z.infer<typeof visitView>;

/** A neighbour a grid leader may ask a home visit for: name, masked phone and why they qualify. */
export const neighbourView = z.object({
  userId: idSchema,
  name: z.string(),
  phoneMasked: z.string().nullable(),
  reasons: z.array(z.string()),
});
export type NeighbourView = z.infer<typeof neighbourView>;

/** A 警民之家 an officer or cadre oversees, with its town for grouping. */
export const homeSummaryView = z.object({ id: idSchema, name: z.string(), unitName: z.string(), townId: idSchema.nullable(), townName: z.string().nullable() });
export type HomeSummaryView = z.infer<typeof homeSummaryView>;

const homeRef = z.object({ homeId: idSchema.optional() }).strict();
const bookingRef = z.object({ bookingId: idSchema }).strict();

const countsByDuty = z.object(Object.fromEntries(DUTIES.map((d) => [d, z.number().int()])) as Record<(typeof DUTIES)[number], z.ZodNumber>);
const countsByMode = z.object(Object.fromEntries(SERVICE_MODES.map((m) => [m, z.number().int()])) as Record<(typeof SERVICE_MODES)[number], z.ZodNumber>);

const dayPeriod = z.object({ start: hhmm, end: hhmm }).strict();
const weeklyPeriod = z.object({ weekday: z.number().int().min(1, '请选择星期几').max(7, '请选择星期几'), start: hhmm, end: hhmm }).strict();

/** A list of periods, refused with one issue per bad period: end not after start, overlapping another of the same day. */
function periods<T extends typeof dayPeriod | typeof weeklyPeriod>(item: T, min: number, max: number, emptyText: string) {
  return z
    .array(item)
    .min(min, emptyText)
    .max(max, `最多填写 ${max} 段时间`)
    .superRefine((list, ctx) => {
      for (const issue of periodIssues(list as { start: string; end: string; weekday?: number }[])) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: [issue.index, issue.field], message: issue.message });
      }
    });
}

const slotMinutesSchema = z
  .number()
  .int()
  .refine((m) => (SLOT_MINUTES as readonly number[]).includes(m), `每个时段的长度请从 ${SLOT_MINUTES.join('、')} 分钟中选`);
const slotCapacity = z.number().int().min(1, '每个时段至少能约 1 人').max(50, '每个时段最多 50 人');

/** An appointment service's week: periods cut into slots of `slotMinutes`, each taking `capacity` people. */
export const scheduleSchema = z
  .object({ weekly: periods(weeklyPeriod, 1, 21, '请至少填写一段可以预约的时间'), slotMinutes: slotMinutesSchema, capacity: slotCapacity })
  .strict()
  .superRefine((v, ctx) => {
    for (const i of tooShortForSlot(v.weekly as { weekday: 1; start: string; end: string }[], v.slotMinutes)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['weekly', i, 'end'], message: `这段时间不够一个 ${v.slotMinutes} 分钟的时段` });
    }
  });

const exceptionInput = z
  .object({
    homeId: idSchema.optional(),
    date: dateSchema,
    closed: z.boolean(),
    periods: periods(dayPeriod, 0, 4, '').optional(),
    reason: text(2, 60),
  })
  .strict()
  .refine((v) => v.closed || (v.periods && v.periods.length > 0), { message: '不闭门时请写明当天的开放时间', path: ['periods'] });

const serviceName = text(2, 30);
const serviceDescription = text(0, 300);
const serviceDuties = z.array(dutySchema).min(1, '请至少选一项职责').max(6);

/** A slot a change could not shrink or remove because people booked it: what the officer reads. */
export const affectedSlotView = z.object({ id: idSchema, date: z.string(), start: z.string(), end: z.string(), booked: z.number().int(), label: z.string() });
export type AffectedSlotView = z.infer<typeof affectedSlotView>;

export const manageServiceView = serviceView.extend({
  active: z.boolean(),
  schedule: z.object({ weekly: z.array(weeklyPeriod), slotMinutes: z.number().int(), capacity: z.number().int() }).nullable(),
});
export type ManageServiceView = z.infer<typeof manageServiceView>;

/** What the 管理本站 section shows: the week, the exceptions ahead, every service (retired too), the sessions ahead. */
export const manageView = z.object({
  homeId: idSchema,
  homeName: z.string(),
  /** The officer of the home or the village cadre: may change it; cadres above only read. */
  canManage: z.boolean(),
  weekly: z.array(weeklyPeriod),
  exceptions: z.array(z.object({ date: z.string(), closed: z.boolean(), periods: z.array(dayPeriod), reason: z.string() })),
  services: z.array(manageServiceView),
  sessions: z.array(sessionView.extend({ serviceId: idSchema, place: z.string(), date: z.string() })),
});
export type ManageView = z.infer<typeof manageView>;

const slotChanges = { kept: z.array(affectedSlotView), removed: z.number().int(), updated: z.number().int(), created: z.number().int() };

export const policeContract = defineContract('police', {
  home: { input: homeRef, output: homeView, errors: ACCESS },
  slots: {
    input: z.object({ serviceId: idSchema, from: dateSchema.optional(), days: z.number().int().min(1).max(14).default(7) }).strict(),
    output: z.object({ service: serviceView, slots: z.array(slotView) }),
    errors: ACCESS,
  },
  book: {
    input: z.object({ slotId: idSchema, requestId: requestIdSchema, note: text(1, 200).optional() }).strict(),
    output: bookingView,
    errors: REFUSALS,
  },
  cancel: {
    input: z.object({ bookingId: idSchema, reason: text(1, 200).optional() }).strict(),
    output: bookingView,
    errors: REFUSALS,
  },
  reschedule: {
    input: z.object({ bookingId: idSchema, slotId: idSchema, requestId: requestIdSchema }).strict(),
    output: bookingView,
    errors: REFUSALS,
  },
  mine: {
    input: z.object({}).strict(),
    output: z.object({
      bookings: z.array(bookingView),
      signups: z.array(signupView),
      visits: z.array(visitView),
      needsConfirmation: z.boolean(),
    }),
    errors: ACCESS,
  },
  sessions: { input: homeRef, output: z.object({ items: z.array(sessionView) }), errors: ACCESS },
  signUp: { input: z.object({ sessionId: idSchema }).strict(), output: signupView, errors: REFUSALS },
  cancelSignup: { input: z.object({ sessionId: idSchema }).strict(), output: signupView, errors: REFUSALS },
  queue: { input: homeRef, output: queueView, errors: ACCESS },
  takeNumber: { input: homeRef, output: queueView, errors: REFUSALS },
  requestVisit: {
    input: z
      .object({
        /** A grid leader asking on behalf of an elderly neighbour in their grid. */
        forUserId: idSchema.optional(),
        reason: text(4, 300),
        duties: z.array(dutySchema).min(1).max(6).default(['peopleCare']),
        preferred: z.array(halfDayRef).min(1, '请至少选择一个方便的时间').max(6),
        disabled: z.boolean().default(false),
        requestId: requestIdSchema,
      })
      .strict(),
    output: visitView,
    errors: REFUSALS,
  },
  withdrawVisit: { input: z.object({ visitId: idSchema }).strict(), output: visitView, errors: REFUSALS },
  /** Grid leaders: the residents of their grid(s) they may ask a home visit for (60 or older, resettled). */
  neighbours: { input: z.object({}).strict(), output: z.object({ items: z.array(neighbourView) }), errors: ACCESS },

  /**
   * Officers and cadres: the homes under their posts (or under `unitId` when it is theirs), and the
   * towns / county whose monthly counts they may see as a whole.
   */
  homes: {
    input: z.object({ unitId: idSchema.optional() }).strict(),
    output: z.object({ items: z.array(homeSummaryView), scopes: z.array(z.object({ unitId: idSchema, unitName: z.string() })) }),
    errors: ACCESS,
  },
  workbench: {
    input: z.object({ homeId: idSchema.optional(), date: dateSchema.optional() }).strict(),
    output: z.object({
      homeId: idSchema,
      homeName: z.string(),
      date: z.string(),
      slots: z.array(slotView.extend({ serviceName: z.string(), bookings: z.array(bookingView) })),
      queue: queueView,
      visits: z.array(visitView),
      sessions: z.array(sessionView.extend({ signups: z.array(signupView) })),
    }),
    errors: ACCESS,
  },
  callNext: { input: homeRef, output: queueView, errors: REFUSALS },
  checkIn: { input: bookingRef, output: bookingView, errors: REFUSALS },
  markNoShow: { input: bookingRef, output: bookingView, errors: REFUSALS },
  confirmResident: {
    input: z.object({ userId: idSchema, homeId: idSchema.optional() }).strict(),
    output: z.object({ userId: idSchema, needsConfirmation: z.boolean() }),
    errors: REFUSALS,
  },
  decideVisit: {
    input: z.discriminatedUnion('decision', [
      z.object({ visitId: idSchema, decision: z.literal('accept'), date: dateSchema, half: halfDaySchema }).strict(),
      z.object({ visitId: idSchema, decision: z.literal('decline'), reason: text(2, 200) }).strict(),
    ]),
    output: visitView,
    errors: REFUSALS,
  },
  recordVisit: {
    input: z.object({ visitId: idSchema, outcome: text(2, 500), duties: z.array(dutySchema).min(1).max(6).optional() }).strict(),
    output: visitView,
    errors: REFUSALS,
  },
  createSession: {
    input: z
      .object({
        serviceId: idSchema,
        title: text(2, 40),
        description: text(0, 500).default(''),
        place: text(2, 60),
        date: dateSchema,
        start: hhmm,
        durationMinutes: z.number().int().min(15).max(480),
        capacity: z.number().int().min(1, '名额至少 1 人').max(500),
      })
      .strict(),
    output: sessionView,
    errors: REFUSALS,
  },
  recordAttendance: {
    input: z.object({ signupId: idSchema, attended: z.boolean() }).strict(),
    output: signupView,
    errors: REFUSALS,
  },
  addException: {
    input: exceptionInput,
    output: z.object({ date: z.string(), closedSlots: z.number().int(), affectedBookings: z.number().int() }),
    errors: REFUSALS,
  },
  /** Changes a date's exception already set (closed or other hours, the reason); slots follow as with addException. */
  editException: {
    input: exceptionInput,
    output: z.object({ date: z.string(), closedSlots: z.number().int(), affectedBookings: z.number().int(), reopenedSlots: z.number().int() }),
    errors: REFUSALS,
  },
  /** The date keeps its weekly hours again: slots the exception closed take bookings again. */
  removeException: {
    input: z.object({ homeId: idSchema.optional(), date: dateSchema }).strict(),
    output: z.object({ date: z.string(), reopenedSlots: z.number().int(), created: z.number().int() }),
    errors: REFUSALS,
  },

  /** 管理本站: the officer and the village cadre manage the home; town and county cadres read it. */
  manage: { input: homeRef, output: manageView, errors: ACCESS },
  /** The home's posted weekly hours. Slots outside the new hours go when empty, stay (listed) when booked. */
  setHours: {
    input: z.object({ homeId: idSchema.optional(), weekly: periods(weeklyPeriod, 1, 21, '请至少填写一段开放时间') }).strict(),
    output: z.object({ weekly: z.array(weeklyPeriod), ...slotChanges }),
    errors: REFUSALS,
  },
  addService: {
    input: z
      .object({
        homeId: idSchema.optional(),
        name: serviceName,
        description: serviceDescription.default(''),
        mode: serviceModeSchema,
        duties: serviceDuties,
        schedule: scheduleSchema.optional(),
        requestId: requestIdSchema,
      })
      .strict()
      .refine((v) => v.mode !== 'appointment' || v.schedule, { message: '预约服务请设置每周可预约的时间', path: ['schedule'] }),
    output: manageServiceView,
    errors: REFUSALS,
  },
  /** Name, description, duties or mode; bookings already made keep the name and duties they were made under. */
  editService: {
    input: z
      .object({
        serviceId: idSchema,
        name: serviceName.optional(),
        description: serviceDescription.optional(),
        mode: serviceModeSchema.optional(),
        duties: serviceDuties.optional(),
        /** Needed when the service becomes an appointment service and has no week yet. */
        schedule: scheduleSchema.optional(),
      })
      .strict()
      .refine((v) => v.name !== undefined || v.description !== undefined || v.mode !== undefined || v.duties !== undefined, { message: '没有要修改的内容', path: ['name'] }),
    output: z.object({ service: manageServiceView, ...slotChanges }),
    errors: REFUSALS,
  },
  /** 停办: residents no longer see it; its bookings and sessions stay as history. */
  retireService: {
    input: z.object({ serviceId: idSchema }).strict(),
    output: z.object({ service: manageServiceView, ...slotChanges }),
    errors: REFUSALS,
  },
  /** An appointment service's week and capacity per slot; refused with the list when a slot holds more bookings than the new capacity. */
  setSchedule: {
    input: z.object({ serviceId: idSchema, schedule: scheduleSchema }).strict(),
    output: z.object({ service: manageServiceView, ...slotChanges }),
    errors: REFUSALS,
  },
  editSession: {
    input: z
      .object({
        sessionId: idSchema,
        title: text(2, 40).optional(),
        description: text(0, 500).optional(),
        place: text(2, 60).optional(),
        date: dateSchema.optional(),
        start: hhmm.optional(),
        durationMinutes: z.number().int().min(15, '活动至少 15 分钟').max(480, '活动最多 8 小时').optional(),
        capacity: z.number().int().min(1, '名额至少 1 人').max(500, '名额最多 500 人').optional(),
      })
      .strict()
      .refine((v) => Object.keys(v).some((k) => k !== 'sessionId'), { message: '没有要修改的内容', path: ['title'] }),
    output: sessionView,
    errors: REFUSALS,
  },
  /** Cancels a group session; everyone signed up or waiting is told in the same transaction. */
  cancelSession: {
    input: z.object({ sessionId: idSchema, reason: text(2, 100) }).strict(),
    output: z.object({ id: idSchema, told: z.number().int() }),
    errors: REFUSALS,
  },
  /**
   * An officer of the home or a cadre over it (not the author) releases what content security held
   * on one record: a visit, a booking, a group session, or a home's changed-hours reasons. Audited.
   */
  release: {
    input: z.object({ kind: z.enum(['visit', 'booking', 'session', 'home']), id: idSchema }).strict(),
    output: z.object({ kind: z.enum(['visit', 'booking', 'session', 'home']), id: idSchema, released: z.array(z.string()) }),
    errors: REFUSALS,
  },
  /** One home's month, or with `unitId` every home under a town or the county. */
  monthlyCounts: {
    input: z.object({ homeId: idSchema.optional(), unitId: idSchema.optional(), month: monthSchema }).strict(),
    output: z.object({ unitId: idSchema, unitName: z.string(), month: z.string(), total: z.number().int(), perDuty: countsByDuty, perMode: countsByMode }),
    errors: ACCESS,
  },
});
