/**
 * 党建+志愿者: the records of volunteers, the service list (服务清单), dated activities, sign-ups,
 * the ledger of volunteer hours, household visits (上门入户访民情) and shared venues.
 */
import type { Moderated } from './moderation';
import type { CarriesEffects } from './records';
import type { Interval } from './volunteer-rules';

export const SKILLS = ['medical', 'legal', 'electrical', 'driving', 'tutoring', 'arts', 'digital', 'counselling', 'labour'] as const;
export type Skill = (typeof SKILLS)[number];

export const SKILL_LABELS: Record<Skill, string> = {
  medical: '医疗护理',
  legal: '法律咨询',
  electrical: '水电维修',
  driving: '驾驶接送',
  tutoring: '教育辅导',
  arts: '文艺表演',
  digital: '手机电脑',
  counselling: '心理疏导',
  labour: '体力劳动',
};

export const AVAILABILITY = ['weekdayDay', 'weekdayEvening', 'weekend'] as const;
export type Availability = (typeof AVAILABILITY)[number];

export const AVAILABILITY_LABELS: Record<Availability, string> = {
  weekdayDay: '工作日白天',
  weekdayEvening: '工作日晚上',
  weekend: '周末',
};

export const VOLUNTEER_STATUSES = ['pending', 'confirmed', 'declined'] as const;
export type VolunteerStatus = (typeof VOLUNTEER_STATUSES)[number];

export const VOLUNTEER_STATUS_LABELS: Record<VolunteerStatus, string> = {
  pending: '待社区确认',
  confirmed: '已确认',
  declined: '未通过',
};

/** `volunteers`: id `vl-<userId>`, one per person, in one community. */
export interface VolunteerRecord extends CarriesEffects {
  _id: string;
  userId: string;
  name: string;
  unitId: string;
  unitName: string;
  path: string[];
  skills: Skill[];
  availability: Availability[];
  status: VolunteerStatus;
  /** `party`: a 双报到 member confirmed in this community, a volunteer without asking. */
  source: 'self' | 'party';
  /** The certificate's verification code (unique): anyone with it reads this record's hours. */
  certCode: string;
  /**
   * Confirmations crediting this person's hours now, each for an activity's span: an overlapping one waits
   * until they are done (or, past `until`, dead), so the same minutes never count twice. The spans already
   * credited are on the person's ledger entries (`VolunteerHourRecord.span`).
   */
  creditClaims?: CreditClaim[];
  joinedAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  updatedAt: string;
  /** Set when the person closed their account: only the certificate's facts stay, off every list. */
  closedAt?: string;
}

/** One confirmation at work on a person's hours: the same value on every attendee's record. */
export interface CreditClaim {
  /** Unique per confirmation call. */
  id: string;
  activityId: string;
  startAt: string;
  endAt: string;
  /** After this the claim is a dead call's (the function's timeout): ignored. */
  until: string;
}

/** `volunteerServices`: one standing service of a community's 服务清单 (from the county file or added by the community). */
export interface VolunteerServiceRecord extends Moderated {
  _id: string;
  unitId: string;
  path: string[];
  name: string;
  description: string;
  skills: Skill[];
  active: boolean;
  /** Place on the list: the county file's order; a service the community adds goes after them. */
  order: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

/**
 * `volunteerActivities`: a dated activity with places; `confirmed` and `waitlist` follow the shared
 * capacity engine (_lib/seats.ts). Held text hides it from residents until released.
 */
export interface VolunteerActivityRecord extends Moderated, CarriesEffects {
  _id: string;
  serviceId: string | null;
  unitId: string;
  unitName: string;
  path: string[];
  title: string;
  description: string;
  place: string;
  date: string;
  startAt: string;
  endAt: string;
  month: string;
  skills: Skill[];
  capacity: number;
  confirmed: number;
  /** Sign-up ids in arrival order. */
  waitlist: string[];
  rev: number;
  status: 'open' | 'cancelled';
  organiserId: string;
  organiserName: string;
  /** When the organiser confirmed the hours (null until then). */
  hoursConfirmedAt: string | null;
  createdAt: string;
}

export const VOLUNTEER_SIGNUP_STATUSES = ['pending', 'confirmed', 'waitlisted', 'cancelled'] as const;
export type VolunteerSignupStatus = (typeof VOLUNTEER_SIGNUP_STATUSES)[number];

export const VOLUNTEER_SIGNUP_LABELS: Record<VolunteerSignupStatus, string> = {
  pending: '报名中',
  confirmed: '已报名',
  waitlisted: '候补中',
  cancelled: '已取消',
};

/** `volunteerSignups`: id `vg<hash(activity, person)>`, one per person and activity. */
export interface VolunteerSignupRecord extends CarriesEffects {
  _id: string;
  activityId: string;
  unitId: string;
  path: string[];
  userId: string;
  userName: string;
  title: string;
  startAt: string;
  endAt: string;
  month: string;
  status: VolunteerSignupStatus;
  /** Place on the waitlist when the person joined it (1-based). */
  waitlistedAt: number | null;
  promotedAt: string | null;
  checkInAt: string | null;
  checkOutAt: string | null;
  /** How attendance was recorded: the person scanned the organiser's code, or the organiser marked it. */
  attendanceBy: 'scan' | 'organiser' | null;
  /**
   * When the organiser's confirmation credited this sign-up (the same time for all its attendees); the
   * minutes are on its ledger entry `vh-<id>` (none when nothing was left to count).
   */
  creditedAt: string | null;
  /** A confirmation crediting it now: check-in and check-out stay as they are until it is done or past `until`. */
  crediting?: { by: string; until: string } | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * `volunteerHours`: the ledger of hours. A confirmation writes one entry per person (id `vh-<signupId>`); a correction is a
 * further audited entry (its minutes may be negative), never an edit of an earlier one.
 */
export interface VolunteerHourRecord {
  _id: string;
  userId: string;
  signupId: string;
  activityId: string;
  unitId: string;
  path: string[];
  title: string;
  date: string;
  month: string;
  minutes: number;
  kind: 'confirmed' | 'correction';
  /** A confirmation's attended span, the minutes it counted out of (overlap with earlier ones taken off); null for a correction. */
  span?: Interval | null;
  reason: string | null;
  byId: string;
  byName: string;
  at: string;
}

/**
 * `volunteerVisits`: 上门入户访民情, one visit to a household by a grid leader or a volunteer: when,
 * whom, what was found; a need found becomes a wish or a case, linked here.
 */
export interface VolunteerVisitRecord {
  _id: string;
  villageId: string;
  gridId: string;
  /** The grid's path, county → grid. */
  path: string[];
  householdId: string | null;
  /** The person on the grid's care register visited (null: a household not on it). */
  careRecipientId: string | null;
  subjectName: string;
  visitorId: string;
  visitorName: string;
  /** China date of the visit. */
  visitedOn: string;
  month: string;
  findings: string;
  needsFollowUp: boolean;
  wishId: string | null;
  caseId: string | null;
  createdAt: string;
  updatedAt: string;
}

export const VENUE_KINDS = ['meetingRoom', 'court', 'cultureRoom', 'partyRoom'] as const;
export type VenueKind = (typeof VENUE_KINDS)[number];

export const VENUE_KIND_LABELS: Record<VenueKind, string> = {
  meetingRoom: '会议室',
  court: '篮球场',
  cultureRoom: '文化活动室',
  partyRoom: '党员活动室',
};

/** `venues`: a shared room or court a community, town or unit party organisation opens to the area. */
export interface VenueRecord {
  _id: string;
  /** An org unit (village, community, town) or a unit party organisation. */
  ownerKind: 'unit' | 'partyOrg';
  ownerId: string;
  ownerName: string;
  /** Where it is: the owner unit's path (a party organisation's venue sits in the county). */
  path: string[];
  kind: VenueKind;
  name: string;
  address: string;
  /** How many people it holds. */
  capacity: number;
  rules: string;
  /** Opening: these weekdays (1 = Monday), from `openHour` to `closeHour` (whole hours). */
  weekdays: number[];
  openHour: number;
  closeHour: number;
  /** `owner`: each booking waits for the owner; `automatic`: booked at once. */
  approval: 'owner' | 'automatic';
  active: boolean;
  createdBy: string;
  createdAt: string;
}

/** `venueSlots`: one hour of one venue, id `vt-<venueId>-<date>-<HH>`, capacity 1 on the shared slot engine. */
export interface VenueSlotRecord {
  _id: string;
  venueId: string;
  date: string;
  hour: number;
  capacity: number;
  booked: number;
  status: 'open';
}

export const VENUE_BOOKING_STATUSES = ['pending', 'confirmed', 'declined', 'cancelled'] as const;
export type VenueBookingStatus = (typeof VENUE_BOOKING_STATUSES)[number];

export const VENUE_BOOKING_LABELS: Record<VenueBookingStatus, string> = {
  pending: '等待审批',
  confirmed: '已预约',
  declined: '未通过',
  cancelled: '已取消',
};

/** `venueBookings`: hours of a venue held by one person (a pending booking holds them too). */
export interface VenueBookingRecord extends CarriesEffects {
  _id: string;
  venueId: string;
  venueName: string;
  ownerKind: VenueRecord['ownerKind'];
  ownerId: string;
  path: string[];
  userId: string;
  userName: string;
  date: string;
  month: string;
  startHour: number;
  hours: number;
  startAt: string;
  endAt: string;
  slotIds: string[];
  purpose: string;
  status: VenueBookingStatus;
  requestId: string;
  decidedAt: string | null;
  decidedBy: string | null;
  createdAt: string;
  updatedAt: string;
}
