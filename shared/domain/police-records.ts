/**
 * Stored shapes of the 警民之家 collections. Every record carries its home's unit `path` (for
 * jurisdiction), and records that are counted carry `month` (China time), `mode` and `duties`.
 */
import type { BookingStatus, Duty, HalfDay, ServiceMode, SignupStatus, TicketStatus, VisitStatus } from './police-catalog';
import type { OpeningHours, WeeklyPeriod } from './police-hours';
import type { Moderated } from './moderation';
import type { CarriesEffects } from './records';

export interface OfficerEntry {
  userId: string;
  name: string;
  phoneMasked: string | null;
  title: string;
}

/** `policeHomes`: one per village or community, id `ph-<unitId>`. Held text: exception reasons (`exception:<date>`). */
export interface PoliceHomeRecord extends Moderated, CarriesEffects {
  _id: string;
  unitId: string;
  unitName: string;
  path: string[];
  name: string;
  address: string;
  /** The home's public duty telephone (an office number, not a person's). */
  dutyPhone: string;
  officers: OfficerEntry[];
  hours: OpeningHours;
  createdAt: string;
}

/** `policeServices`: what a home offers; each in one mode with one or more duties. */
export interface PoliceServiceRecord extends CarriesEffects {
  _id: string;
  homeId: string;
  unitId: string;
  path: string[];
  name: string;
  description: string;
  mode: ServiceMode;
  duties: Duty[];
  /** Appointment services only: how slots are cut from the week. */
  schedule: { weekly: WeeklyPeriod[]; slotMinutes: number; capacity: number } | null;
  active: boolean;
  createdAt: string;
}

/**
 * `policeSlots`: id `sl-<serviceId>-<yyyymmddHHMM>`, so generating the same week twice is harmless.
 * `booked` only changes by conditional updates (`booked < capacity`), which is what makes overselling impossible.
 */
export interface SlotRecord {
  _id: string;
  serviceId: string;
  homeId: string;
  path: string[];
  date: string;
  startAt: string;
  endAt: string;
  capacity: number;
  booked: number;
  status: 'open' | 'closed';
  closedReason: string | null;
}

/**
 * `policeBookings`: id derived from (person, requestId), so a retried book lands on the same id.
 * Held text: the note (or cancellation reason).
 */
export interface BookingRecord extends Moderated, CarriesEffects {
  _id: string;
  slotId: string;
  serviceId: string;
  serviceName: string;
  homeId: string;
  unitId: string;
  path: string[];
  userId: string;
  userName: string;
  phoneMasked: string | null;
  startAt: string;
  endAt: string;
  date: string;
  month: string;
  mode: ServiceMode;
  duties: Duty[];
  status: BookingStatus;
  requestId: string;
  note: string | null;
  /** The booking this one replaced, or the one that replaced it. */
  rescheduledFrom: string | null;
  rescheduledTo: string | null;
  remindedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * `policeBookers`: one per person (id = user id). The booking transaction reads and writes it, so
 * two bookings of one person never interleave: that is what prevents overlapping bookings.
 */
export interface BookerRecord {
  _id: string;
  held: { bookingId: string; slotId: string; startAt: string; endAt: string }[];
  noShowAt: string[];
  confirmedAt: string | null;
  confirmedBy: string | null;
  updatedAt: string;
}

/**
 * `policeSessions`: a group session (集中服务). `confirmed` and `waitlist` change only together
 * with `rev`, so promotion can be a compare-and-set on `rev`. Held text (title, description or
 * place) hides the session from residents until released.
 */
export interface GroupSessionRecord extends Moderated, CarriesEffects {
  _id: string;
  serviceId: string;
  homeId: string;
  unitId: string;
  path: string[];
  title: string;
  description: string;
  place: string;
  startAt: string;
  endAt: string;
  date: string;
  month: string;
  duties: Duty[];
  capacity: number;
  confirmed: number;
  /** Sign-up ids in arrival order. */
  waitlist: string[];
  rev: number;
  status: 'open' | 'cancelled';
  createdBy: string;
  createdAt: string;
}

/** `policeSignups`: id `sg-<hash(session, person)>`: one sign-up per person and session. */
export interface SignupRecord extends CarriesEffects {
  _id: string;
  sessionId: string;
  homeId: string;
  path: string[];
  userId: string;
  userName: string;
  startAt: string;
  month: string;
  duties: Duty[];
  status: SignupStatus;
  /** Place on the waitlist when the person joined it (1-based). */
  waitlistedAt: number | null;
  promotedAt: string | null;
  remindedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** `policeQueues`: one per home and day, id `pq-<homeId>-<yyyymmdd>`; the day's tickets live inside. */
export interface QueueDayRecord extends CarriesEffects {
  _id: string;
  homeId: string;
  path: string[];
  date: string;
  month: string;
  duties: Duty[];
  tickets: { number: number; userId: string; userName: string; status: TicketStatus; takenAt: string; calledAt: string | null }[];
  /** The last number handed out, raised with one atomic increment per ticket (absent on days before it existed). */
  lastNumber?: number;
  updatedAt: string;
}

/** `policeHomeVisits`. */
export interface HomeVisitRecord extends Moderated, CarriesEffects {
  _id: string;
  homeId: string;
  unitId: string;
  path: string[];
  subjectId: string;
  subjectName: string;
  subjectAddress: string | null;
  phoneMasked: string | null;
  requesterId: string;
  requesterName: string;
  reason: string;
  duties: Duty[];
  preferred: { date: string; half: HalfDay }[];
  priority: number;
  priorityReasons: string[];
  status: VisitStatus;
  scheduled: { date: string; half: HalfDay } | null;
  officerId: string | null;
  officerName: string | null;
  declineReason: string | null;
  outcome: string | null;
  month: string;
  requestId: string | null;
  createdAt: string;
  updatedAt: string;
}
