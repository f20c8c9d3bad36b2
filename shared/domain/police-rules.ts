/**
 * The rules of the 警民之家 as pure functions: who handles a home's records, when a slot can still
 * be booked or cancelled, overlapping bookings, the no-show rule, home-visit priority, the waitlist
 * and the walk-in queue. The server decides with these; tests read them as tables.
 */
import { isElderly } from './age';
import { holdsRoleOver, type RoleGrant } from './jurisdiction';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** A slot can be booked until this many minutes before it starts. */
export const BOOKING_CUTOFF_MINUTES = 15;
/** A booking can be cancelled or moved until this many minutes before it starts. */
export const CANCEL_CUTOFF_MINUTES = 120;
/** An officer can check a person in from this many minutes before the start to the end of the slot's day. */
export const CHECK_IN_EARLY_MINUTES = 60;
/** After this many no-shows within the window the officer must confirm the resident before they book again. */
export const NO_SHOW_LIMIT = 3;
export const NO_SHOW_WINDOW_DAYS = 90;
/** How far ahead residents see and book slots. */
export const BOOKING_HORIZON_DAYS = 14;

export interface Interval {
  startAt: string;
  endAt: string;
}

/** Half-open intervals [start, end): back-to-back slots do not overlap. */
export function overlaps(a: Interval, b: Interval): boolean {
  return Date.parse(a.startAt) < Date.parse(b.endAt) && Date.parse(b.startAt) < Date.parse(a.endAt);
}

/** The first held interval that overlaps `candidate`, ignoring `exceptId` (the booking being moved). */
export function findOverlap<T extends Interval & { bookingId: string }>(held: readonly T[], candidate: Interval, exceptId?: string): T | null {
  return held.find((h) => h.bookingId !== exceptId && overlaps(h, candidate)) ?? null;
}

/** Held intervals that still matter: those not yet over. */
export function stillHeld<T extends Interval>(held: readonly T[], now: Date): T[] {
  return held.filter((h) => Date.parse(h.endAt) > now.getTime());
}

export type BookingWindow = 'ok' | 'past' | 'closed';

/** `past` when the slot has started, `closed` inside the cut-off before it. */
export function bookingWindow(slot: Interval, now: Date): BookingWindow {
  const start = Date.parse(slot.startAt);
  if (start <= now.getTime()) return 'past';
  if (start - now.getTime() < BOOKING_CUTOFF_MINUTES * MINUTE) return 'closed';
  return 'ok';
}

export function canCancel(slot: Interval, now: Date): boolean {
  return Date.parse(slot.startAt) - now.getTime() >= CANCEL_CUTOFF_MINUTES * MINUTE;
}

export function canCheckIn(slot: Interval & { date: string }, now: Date, today: string): boolean {
  return Date.parse(slot.startAt) - now.getTime() <= CHECK_IN_EARLY_MINUTES * MINUTE && slot.date === today;
}

/** A no-show can be recorded once the slot has started. */
export function canMarkNoShow(slot: Interval, now: Date): boolean {
  return Date.parse(slot.startAt) <= now.getTime();
}

/**
 * No-shows that count: within the last 90 days and after the officer last confirmed the person.
 * At NO_SHOW_LIMIT the person must be confirmed again before booking.
 */
export function countedNoShows(noShowAt: readonly string[], confirmedAt: string | null, now: Date): number {
  const since = Math.max(now.getTime() - NO_SHOW_WINDOW_DAYS * DAY, confirmedAt ? Date.parse(confirmedAt) : -Infinity);
  return noShowAt.filter((t) => Date.parse(t) > since).length;
}

export function needsOfficerConfirmation(noShowAt: readonly string[], confirmedAt: string | null, now: Date): boolean {
  return countedNoShows(noShowAt, confirmedAt, now) >= NO_SHOW_LIMIT;
}

export interface VisitSubject {
  age: number | null;
  disabled: boolean;
  resettled: boolean;
}

export type PriorityReason = 'elderly' | 'disabled' | 'resettled';

export const PRIORITY_REASON_LABELS: Record<PriorityReason, string> = {
  elderly: '60岁以上老人',
  disabled: '残疾或行动不便',
  resettled: '易地搬迁安置户',
};

/** Home visits go first to people over 60, disabled people and resettled households; each reason adds one. */
export function homeVisitPriority(subject: VisitSubject): { priority: number; reasons: PriorityReason[] } {
  const reasons: PriorityReason[] = [];
  if (isElderly(subject.age)) reasons.push('elderly');
  if (subject.disabled) reasons.push('disabled');
  if (subject.resettled) reasons.push('resettled');
  return { priority: reasons.length, reasons };
}

/**
 * Whom a grid leader may ask a home visit for, from what is stored about them: people 60 or older
 * and resettled households (disability is not stored, so it is declared with the request). The
 * reasons are the ones that make them eligible; none means the person must ask themselves.
 */
export function onBehalfReasons(subject: Pick<VisitSubject, 'age' | 'resettled'>): PriorityReason[] {
  return homeVisitPriority({ ...subject, disabled: false }).reasons;
}

export function mayRequestOnBehalf(subject: Pick<VisitSubject, 'age' | 'resettled'>): boolean {
  return onBehalfReasons(subject).length > 0;
}

/** The officer's order of pending requests: higher priority first, then who asked first. */
export function compareHomeVisits(a: { priority: number; createdAt: string; _id: string }, b: { priority: number; createdAt: string; _id: string }): number {
  return b.priority - a.priority || a.createdAt.localeCompare(b.createdAt) || a._id.localeCompare(b._id);
}

export { nextToPromote, placeForSignUp, waitlistPosition, type SeatState } from './seat-rules';

export interface QueueTicket {
  number: number;
  userId: string;
  status: 'waiting' | 'called' | 'served' | 'skipped';
}

export function peopleAhead(tickets: readonly QueueTicket[], number: number): number {
  return tickets.filter((t) => t.status === 'waiting' && t.number < number).length;
}

/** The lowest waiting number is called next. */
export function nextWaiting(tickets: readonly QueueTicket[]): QueueTicket | null {
  return tickets.filter((t) => t.status === 'waiting').sort((a, b) => a.number - b.number)[0] ?? null;
}

/** Roles that see a home's bookings, queue and requests, besides its own officers. */
export const OVERSIGHT_ROLES = ['village-cadre', 'town-cadre', 'county-admin'] as const;

/** An officer (社区民警) posted over the home's unit. */
export function isOfficerOf(grants: readonly RoleGrant[], homePath: readonly string[]): boolean {
  return holdsRoleOver(grants, ['police'], homePath);
}

/** Officers and cadres over the unit see the workbench and the monthly counts. */
export function canOverseeHome(grants: readonly RoleGrant[], homePath: readonly string[]): boolean {
  return holdsRoleOver(grants, ['police', ...OVERSIGHT_ROLES], homePath);
}
