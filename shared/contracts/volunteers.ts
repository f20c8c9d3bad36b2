import { z } from 'zod';
import { ACCESS, REFUSALS, defineContract } from './envelope';
import { emptyInput, idSchema, isoTime, text } from './common';
import { dateSchema } from './police';
import { wishCategorySchema } from './wishes';
import { CARE_KINDS } from '../domain/care';
import { AVAILABILITY, SKILLS, VENUE_BOOKING_STATUSES, VENUE_KINDS, VOLUNTEER_SIGNUP_STATUSES, VOLUNTEER_STATUSES } from '../domain/volunteer-records';

export const skillSchema = z.enum(SKILLS);
export const availabilitySchema = z.enum(AVAILABILITY);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM');
const skills = z.array(skillSchema).max(SKILLS.length).default([]);
const heldList = z.array(z.object({ field: z.string(), reason: z.string() })).optional();

export const volunteerView = z.object({
  id: idSchema,
  userId: idSchema,
  name: z.string(),
  unitId: idSchema,
  unitName: z.string(),
  skills: z.array(skillSchema),
  availability: z.array(availabilitySchema),
  status: z.enum(VOLUNTEER_STATUSES),
  source: z.enum(['self', 'party']),
  phoneMasked: z.string().nullable().optional(),
  joinedAt: isoTime,
});
export type VolunteerView = z.infer<typeof volunteerView>;

export const volunteerServiceView = z.object({
  id: idSchema,
  name: z.string(),
  description: z.string(),
  skills: z.array(skillSchema),
  active: z.boolean(),
  held: heldList,
});
export type VolunteerServiceView = z.infer<typeof volunteerServiceView>;

export const mySignupView = z.object({
  id: idSchema,
  status: z.enum(VOLUNTEER_SIGNUP_STATUSES),
  /** 1-based place on the waitlist now. */
  waitingPlace: z.number().int().nullable(),
  checkInAt: isoTime.nullable(),
  checkOutAt: isoTime.nullable(),
  creditedMinutes: z.number().int().nullable(),
});

export const activityView = z.object({
  id: idSchema,
  serviceId: idSchema.nullable(),
  unitId: idSchema,
  unitName: z.string(),
  title: z.string(),
  description: z.string(),
  place: z.string(),
  date: z.string(),
  startAt: isoTime,
  endAt: isoTime,
  skills: z.array(skillSchema),
  capacity: z.number().int(),
  confirmed: z.number().int(),
  waiting: z.number().int(),
  status: z.enum(['open', 'cancelled']),
  organiserName: z.string(),
  hoursConfirmed: z.boolean(),
  mine: mySignupView.nullable(),
  /** The caller organises it (or manages the community): the check-in screen is theirs. */
  canRun: z.boolean(),
  held: heldList,
});
export type ActivityView = z.infer<typeof activityView>;

export const rosterEntry = z.object({
  signupId: idSchema,
  name: z.string(),
  status: z.enum(VOLUNTEER_SIGNUP_STATUSES),
  waitingPlace: z.number().int().nullable(),
  checkInAt: isoTime.nullable(),
  checkOutAt: isoTime.nullable(),
  attendedMinutes: z.number().int(),
  creditedMinutes: z.number().int().nullable(),
});

export const hourEntryView = z.object({
  id: idSchema,
  title: z.string(),
  date: z.string(),
  minutes: z.number().int(),
  kind: z.enum(['confirmed', 'correction']),
  reason: z.string().nullable(),
  byName: z.string(),
  at: isoTime,
});

export const visitView = z.object({
  id: idSchema,
  gridId: idSchema,
  careRecipientId: idSchema.nullable(),
  subjectName: z.string(),
  visitorName: z.string(),
  visitedOn: z.string(),
  findings: z.string(),
  needsFollowUp: z.boolean(),
  wishId: idSchema.nullable(),
  caseId: idSchema.nullable(),
  mine: z.boolean(),
});
export type VisitView = z.infer<typeof visitView>;

export const venueView = z.object({
  id: idSchema,
  ownerName: z.string(),
  kind: z.enum(VENUE_KINDS),
  name: z.string(),
  address: z.string(),
  capacity: z.number().int(),
  rules: z.string(),
  weekdays: z.array(z.number().int()),
  openHour: z.number().int(),
  closeHour: z.number().int(),
  approval: z.enum(['owner', 'automatic']),
  active: z.boolean(),
  /** The caller manages it: bookings to approve, utilisation. */
  manages: z.boolean(),
});
export type VenueView = z.infer<typeof venueView>;

export const venueBookingView = z.object({
  id: idSchema,
  venueId: idSchema,
  venueName: z.string(),
  /** The booker's full name for them and the owner; others never see bookings. */
  userName: z.string(),
  date: z.string(),
  startHour: z.number().int(),
  hours: z.number().int(),
  startAt: isoTime,
  endAt: isoTime,
  purpose: z.string(),
  status: z.enum(VENUE_BOOKING_STATUSES),
  mine: z.boolean(),
});
export type VenueBookingView = z.infer<typeof venueBookingView>;

const hourSchema = z.number().int().min(0, '时间不正确').max(23, '时间不正确');

const unitRef = z.object({ unitId: idSchema.optional() }).strict();
const profileInput = z
  .object({
    skills: z.array(skillSchema).max(SKILLS.length),
    availability: z.array(availabilitySchema).min(1, '请至少选择一个有空的时间').max(AVAILABILITY.length),
  })
  .strict();
const activityRef = z.object({ activityId: idSchema }).strict();

export const volunteersContract = defineContract('volunteers', {
  /** 志愿者首页: my profile, my hours, my upcoming activities. */
  home: {
    input: emptyInput,
    output: z.object({
      volunteer: volunteerView.nullable(),
      /** The community the caller would join (or belongs to). */
      community: z.object({ id: idSchema, name: z.string() }).nullable(),
      totalMinutes: z.number().int(),
      upcoming: z.array(activityView),
      canManage: z.boolean(),
    }),
    errors: ACCESS,
  },
  join: { input: profileInput, output: volunteerView, errors: REFUSALS },
  updateProfile: { input: profileInput, output: volunteerView, errors: REFUSALS },
  volunteers: {
    input: z.object({ unitId: idSchema, status: z.enum(VOLUNTEER_STATUSES).default('pending') }).strict(),
    output: z.object({ items: z.array(volunteerView) }),
    errors: ACCESS,
  },
  decideVolunteer: {
    input: z.object({ volunteerId: idSchema, decision: z.enum(['confirm', 'decline']) }).strict(),
    output: volunteerView,
    errors: REFUSALS,
  },
  /** 服务清单: a community's standing services. */
  services: {
    input: unitRef,
    output: z.object({ unit: z.object({ id: idSchema, name: z.string() }), items: z.array(volunteerServiceView), canManage: z.boolean() }),
    errors: ACCESS,
  },
  addService: {
    input: z.object({ unitId: idSchema, name: text(2, 20), description: text(2, 200), skills }).strict(),
    output: volunteerServiceView,
    errors: REFUSALS,
  },
  editService: {
    input: z.object({ serviceId: idSchema, name: text(2, 20).optional(), description: text(2, 200).optional(), skills: z.array(skillSchema).max(SKILLS.length).optional() }).strict(),
    output: volunteerServiceView,
    errors: REFUSALS,
  },
  retireService: { input: z.object({ serviceId: idSchema }).strict(), output: volunteerServiceView, errors: REFUSALS },
  activities: { input: unitRef, output: z.object({ items: z.array(activityView), canManage: z.boolean() }), errors: ACCESS },
  activity: {
    input: activityRef,
    output: z.object({ activity: activityView, roster: z.array(rosterEntry).nullable() }),
    errors: ACCESS,
  },
  createActivity: {
    input: z
      .object({
        unitId: idSchema,
        serviceId: idSchema.nullable().default(null),
        title: text(2, 30),
        description: text(0, 300).default(''),
        place: text(2, 40),
        date: dateSchema,
        start: hhmm,
        durationMinutes: z.number().int().min(30, '至少 30 分钟').max(12 * 60, '最多 12 小时'),
        capacity: z.number().int().min(1, '至少 1 人').max(500, '最多 500 人'),
        skills,
      })
      .strict(),
    output: activityView,
    errors: REFUSALS,
  },
  signUp: { input: activityRef, output: activityView, errors: REFUSALS },
  cancelSignup: { input: activityRef, output: activityView, errors: REFUSALS },
  /** The organiser's screen: the current rotating code and the live count. */
  checkInCode: {
    input: z.object({ activityId: idSchema, mode: z.enum(['in', 'out']) }).strict(),
    output: z.object({
      token: z.string(),
      /** Six digits for a phone that cannot scan (h5): typed on the activity's page within the same windows. */
      shortCode: z.string().regex(/^\d{6}$/),
      expiresAt: isoTime,
      checkedIn: z.number().int(),
      checkedOut: z.number().int(),
      confirmed: z.number().int(),
    }),
    errors: REFUSALS,
  },
  /** A volunteer scans (or types) the organiser's code. */
  scan: {
    input: z
      .object({ token: z.string().trim().min(6, '签到码不完整').max(200, '签到码不正确'), activityId: idSchema.optional() })
      .strict()
      .refine((v) => !/^\d{6}$/.test(v.token) || v.activityId !== undefined, { path: ['activityId'], message: '请在活动页面输入六位签到码' }),
    output: z.object({ activity: activityView, mode: z.enum(['in', 'out']) }),
    errors: REFUSALS,
  },
  /** The organiser marks attendance by hand (a volunteer without a phone). */
  markAttendance: {
    input: z.object({ signupId: idSchema, checkInAt: isoTime, checkOutAt: isoTime.nullable().default(null) }).strict(),
    output: rosterEntry,
    errors: REFUSALS,
  },
  confirmHours: {
    input: activityRef,
    output: z.object({ confirmed: z.number().int(), minutes: z.number().int() }),
    errors: REFUSALS,
  },
  correctHours: {
    input: z.object({ signupId: idSchema, minutes: z.number().int().min(-24 * 60).max(24 * 60).refine((m) => m !== 0, '更正的时长不能为 0'), reason: text(4, 200) }).strict(),
    output: hourEntryView,
    errors: REFUSALS,
  },
  /** My record: every hour entry and the certificate code. */
  record: {
    input: emptyInput,
    output: z.object({ name: z.string(), unitName: z.string(), totalMinutes: z.number().int(), activities: z.number().int(), certCode: z.string(), entries: z.array(hourEntryView) }),
    errors: ACCESS,
  },
  /** The public certificate: anyone with the code reads the record (surname only). */
  certificate: {
    input: z.object({ code: z.string().trim().toUpperCase().pipe(z.string().regex(/^[A-Z0-9]{8,16}$/, '核验码格式不正确')) }).strict(),
    output: z.object({ name: z.string(), unitName: z.string(), totalMinutes: z.number().int(), activities: z.number().int(), since: isoTime, entries: z.array(hourEntryView.omit({ byName: true, reason: true })), checkedAt: isoTime }),
    errors: ACCESS,
  },
  /** 上门入户访民情: a grid's visit log (a volunteer reads their own visits). */
  visits: {
    input: z.object({ gridId: idSchema.optional() }).strict(),
    output: z.object({ grid: z.object({ id: idSchema, name: z.string() }).nullable(), items: z.array(visitView), canLog: z.boolean(), readsRegister: z.boolean() }),
    errors: ACCESS,
  },
  logVisit: {
    input: z
      .object({
        gridId: idSchema,
        careRecipientId: idSchema.nullable().default(null),
        subjectName: text(1, 20),
        visitedOn: dateSchema,
        findings: text(2, 500),
        needsFollowUp: z.boolean().default(false),
        requestId: z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/, '请求编号格式不正确'),
      })
      .strict(),
    output: visitView,
    errors: REFUSALS,
  },
  /** A need found on a visit becomes a 微心愿, submitted by the wishes function's own logic and linked to the visit. */
  visitToWish: {
    input: z.object({ visitId: idSchema, title: text(2, 40), category: wishCategorySchema }).strict(),
    output: z.object({ visitId: idSchema, wishId: idSchema }),
    errors: REFUSALS,
  },
  /** A dispute found on a visit becomes a case, screened by the cases function's own logic and linked to the visit. */
  visitToCase: {
    input: z.object({ visitId: idSchema, type: z.string().trim().min(1, '请选择纠纷类型').max(40) }).strict(),
    output: z.object({ visitId: idSchema, caseId: idSchema }),
    errors: REFUSALS,
  },
  /** The grid's care-register people not visited for the county's number of days. */
  visitsDue: {
    input: z.object({ gridId: idSchema.optional() }).strict(),
    output: z.object({
      grid: z.object({ id: idSchema, name: z.string() }),
      dueDays: z.number().int(),
      items: z.array(z.object({ careRecipientId: idSchema, name: z.string(), kinds: z.array(z.enum(CARE_KINDS)), address: z.string(), lastVisitedOn: z.string().nullable(), daysSince: z.number().int().nullable() })),
      registered: z.number().int(),
    }),
    errors: ACCESS,
  },
  /** Shared venues near the caller: their village or community, their town, the county, unit party organisations. */
  venues: { input: emptyInput, output: z.object({ items: z.array(venueView), canList: z.array(z.object({ id: idSchema, name: z.string(), kind: z.enum(['unit', 'partyOrg']) })) }), errors: ACCESS },
  /** One venue and its days: which hours are taken (by nobody named), and the caller's own bookings. */
  venue: {
    input: z.object({ venueId: idSchema, from: dateSchema.optional(), days: z.number().int().min(1).max(14).default(7) }).strict(),
    output: z.object({ venue: venueView, days: z.array(z.object({ date: z.string(), open: z.boolean(), taken: z.array(z.number().int()) })), mine: z.array(venueBookingView), toApprove: z.array(venueBookingView).nullable() }),
    errors: ACCESS,
  },
  addVenue: {
    input: z
      .object({
        ownerKind: z.enum(['unit', 'partyOrg']),
        ownerId: idSchema,
        kind: z.enum(VENUE_KINDS),
        name: text(2, 30),
        address: text(2, 60),
        capacity: z.number().int().min(1, '至少 1 人').max(2000),
        rules: text(0, 300).default(''),
        weekdays: z.array(z.number().int().min(1).max(7)).min(1, '请至少选一天开放').max(7),
        openHour: hourSchema,
        closeHour: z.number().int().min(1).max(24),
        approval: z.enum(['owner', 'automatic']),
      })
      .strict()
      .refine((v) => v.closeHour > v.openHour, { path: ['closeHour'], message: '关门时间应晚于开门时间' }),
    output: venueView,
    errors: REFUSALS,
  },
  retireVenue: { input: z.object({ venueId: idSchema }).strict(), output: venueView, errors: REFUSALS },
  bookVenue: {
    input: z.object({ venueId: idSchema, date: dateSchema, startHour: hourSchema, hours: z.number().int().min(1, '至少 1 小时').max(8, '一次最多 8 小时'), purpose: text(2, 100), requestId: z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/, '请求编号格式不正确') }).strict(),
    output: venueBookingView,
    errors: REFUSALS,
  },
  cancelVenueBooking: { input: z.object({ bookingId: idSchema }).strict(), output: venueBookingView, errors: REFUSALS },
  decideVenueBooking: { input: z.object({ bookingId: idSchema, decision: z.enum(['confirm', 'decline']) }).strict(), output: venueBookingView, errors: REFUSALS },
  /** Utilisation per venue for one month: booked hours over open hours, counted on the server. */
  venueUtilisation: {
    input: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM') }).strict(),
    output: z.object({ month: z.string(), items: z.array(z.object({ venueId: idSchema, name: z.string(), bookedHours: z.number().int(), openHours: z.number().int(), percent: z.number().int(), bookings: z.number().int() })) }),
    errors: ACCESS,
  },
  /** 志愿服务 figures of a village, town or the county over the last months (the county dashboard reads the same). */
  figures: {
    input: z.object({ unitId: idSchema.optional(), months: z.number().int().min(1, '至少 1 个月').max(24, '最多 24 个月').default(3) }).strict(),
    output: z.object({
      unitName: z.string(),
      months: z.array(z.object({ month: z.string(), minutes: z.number().int(), activities: z.number().int(), visits: z.number().int(), bookedHours: z.number().int(), openHours: z.number().int(), percent: z.number().int() })),
      total: z.object({ minutes: z.number().int(), activities: z.number().int(), visits: z.number().int(), venues: z.number().int(), bookedHours: z.number().int(), openHours: z.number().int(), percent: z.number().int() }),
    }),
    errors: ACCESS,
  },
  /** 考评在社区: a quarter's record of each 双报到 member, for the member's unit party organisation. */
  partyReport: {
    input: z.object({ partyOrgId: idSchema, year: z.number().int().min(2020).max(2100), quarter: z.number().int().min(1, '季度为 1–4').max(4, '季度为 1–4') }).strict(),
    output: z.object({
      partyOrg: z.object({ id: idSchema, name: z.string() }),
      year: z.number().int(),
      quarter: z.number().int(),
      members: z.array(z.object({ memberId: idSchema, name: z.string(), unitName: z.string(), wishesFulfilled: z.number().int(), volunteerMinutes: z.number().int(), activities: z.number().int(), visits: z.number().int() })),
      totals: z.object({ members: z.number().int(), wishesFulfilled: z.number().int(), volunteerMinutes: z.number().int(), activities: z.number().int(), visits: z.number().int() }),
    }),
    errors: ACCESS,
  },
  /** The party organisations whose report the caller reads (their secretary; the county admin reads all). */
  reportOrgs: { input: emptyInput, output: z.object({ items: z.array(z.object({ id: idSchema, name: z.string() })) }), errors: ACCESS },
  release: {
    input: z.object({ kind: z.enum(['activity', 'service']), id: idSchema }).strict(),
    output: z.object({ kind: z.enum(['activity', 'service']), id: idSchema, released: z.array(z.string()) }),
    errors: REFUSALS,
  },
});
