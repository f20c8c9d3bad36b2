/**
 * 党建+志愿者: who may do what, where a volunteer belongs, how hours are counted and how the
 * organiser's rotating check-in code is timed. Pure: the `volunteers` function asks, then writes.
 */
import { holdsRoleOver, type RoleGrant } from './jurisdiction';

export interface Interval {
  startAt: string;
  endAt: string;
}

/** The community's managers: its village (community) cadres; their service list, activities and volunteers. */
export function canManageCommunity(grants: readonly RoleGrant[], path: readonly string[]): boolean {
  return holdsRoleOver(grants, ['village-cadre'], path);
}

/** Those who read a community's volunteer work: its cadres and the town and county cadres above it. */
export function canOverseeCommunity(grants: readonly RoleGrant[], path: readonly string[]): boolean {
  return holdsRoleOver(grants, ['village-cadre', 'town-cadre', 'county-admin'], path);
}

/** The activity's organiser runs its check-in; so do the community's cadres. */
export function canRunActivity(grants: readonly RoleGrant[], activity: { path: readonly string[]; organiserId: string }, userId: string): boolean {
  return activity.organiserId === userId || canManageCommunity(grants, activity.path);
}

/**
 * Where a person volunteers and whether the community must still confirm: a 双报到 member confirmed
 * in a community volunteers there at once; anyone else joins the community they live in, pending.
 */
export function volunteerPlacement(
  residenceUnitId: string | null,
  partyRegistration: { unitId: string; status: string } | null,
): { unitId: string; status: 'confirmed' | 'pending'; source: 'party' | 'self' } | null {
  if (partyRegistration?.status === 'confirmed') return { unitId: partyRegistration.unitId, status: 'confirmed', source: 'party' };
  return residenceUnitId ? { unitId: residenceUnitId, status: 'pending', source: 'self' } : null;
}

const MINUTE = 60_000;

/** Checked-out minus checked-in, both held inside the activity's span; 0 when either is missing. */
export function attendedMinutes(checkInAt: string | null, checkOutAt: string | null, span: Interval): number {
  if (!checkInAt || !checkOutAt) return 0;
  const from = Math.max(Date.parse(checkInAt), Date.parse(span.startAt));
  const to = Math.min(Date.parse(checkOutAt), Date.parse(span.endAt));
  return to > from ? Math.floor((to - from) / MINUTE) : 0;
}

/** The attended span inside the activity (null when nothing counts). */
export function attendedSpan(checkInAt: string | null, checkOutAt: string | null, span: Interval): Interval | null {
  if (!checkInAt || !checkOutAt) return null;
  const from = Math.max(Date.parse(checkInAt), Date.parse(span.startAt));
  const to = Math.min(Date.parse(checkOutAt), Date.parse(span.endAt));
  return to > from ? { startAt: new Date(from).toISOString(), endAt: new Date(to).toISOString() } : null;
}

/** Sorted, non-overlapping union of intervals. */
export function mergeIntervals(list: readonly Interval[]): Interval[] {
  const sorted = [...list].map((i) => [Date.parse(i.startAt), Date.parse(i.endAt)] as const).filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out.map(([a, b]) => ({ startAt: new Date(a).toISOString(), endAt: new Date(b).toISOString() }));
}

/**
 * The minutes of `span` not already credited to the person: one hour of a person's time counts once,
 * however many overlapping activities they were signed up to.
 */
export function uncreditedMinutes(span: Interval, credited: readonly Interval[]): number {
  const a = Date.parse(span.startAt);
  const b = Date.parse(span.endAt);
  let covered = 0;
  for (const c of mergeIntervals(credited)) {
    const from = Math.max(a, Date.parse(c.startAt));
    const to = Math.min(b, Date.parse(c.endAt));
    if (to > from) covered += to - from;
  }
  return Math.max(0, Math.floor((b - a - covered) / MINUTE));
}

/**
 * Whether a sign-up's attendance is fixed: its hours are confirmed, or a confirmation still within its
 * time is crediting them (check-in and check-out then stay as that confirmation reads them).
 */
export function attendanceFixed(sg: { creditedAt: string | null; crediting?: { until: string } | null }, nowMs: number): boolean {
  return sg.creditedAt !== null || (!!sg.crediting && Date.parse(sg.crediting.until) > nowMs);
}

/** A check-in code lives for one window; the one before it is still accepted (a slow scan), nothing older. */
export const CHECK_IN_WINDOW_MS = 30_000;

export function tokenWindow(nowMs: number): number {
  return Math.floor(nowMs / CHECK_IN_WINDOW_MS);
}

/** Whether a code of `window` is accepted at `nowMs`: this window or the one before it. */
export function windowAccepted(window: number, nowMs: number): boolean {
  const current = tokenWindow(nowMs);
  return window === current || window === current - 1;
}

/** Scanning is open from an hour before the start until two hours after the end. */
export function scanOpen(span: Interval, nowMs: number): boolean {
  return nowMs >= Date.parse(span.startAt) - 60 * MINUTE && nowMs <= Date.parse(span.endAt) + 120 * MINUTE;
}

/** Hours for people: 90 minutes → "1.5 小时". */
export function hoursText(minutes: number): string {
  const h = Math.round((minutes / 60) * 10) / 10;
  return `${h} 小时`;
}

/** Who logs visits in a grid: its grid leaders and the village cadres (they may read its care register). */
export function canLogGridVisits(grants: readonly RoleGrant[], gridPath: readonly string[]): boolean {
  return holdsRoleOver(grants, ['grid-leader', 'village-cadre'], gridPath);
}

/** Days since the last visit, counted in China dates (null: never visited). */
export function daysSince(lastVisitedOn: string | null, today: string): number | null {
  if (!lastVisitedOn) return null;
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${lastVisitedOn}T00:00:00Z`)) / 86_400_000);
}

/** A person on the register is due a visit when never visited, or not for `dueDays` days or more. */
export function visitDue(lastVisitedOn: string | null, today: string, dueDays: number): boolean {
  const d = daysSince(lastVisitedOn, today);
  return d === null || d >= dueDays;
}

/** The hours a booking asks for lie inside the venue's opening on that weekday: the refusal, or null. */
export function venueHoursProblem(venue: { weekdays: readonly number[]; openHour: number; closeHour: number }, weekday: number, startHour: number, hours: number): string | null {
  if (!venue.weekdays.includes(weekday)) return '这一天不开放';
  if (startHour < venue.openHour || startHour + hours > venue.closeHour) return `开放时间是 ${venue.openHour}:00–${venue.closeHour}:00`;
  return null;
}

/** Hours a venue is open in a month: its weekdays' days × its daily hours. */
export function openHoursInMonth(venue: { weekdays: readonly number[]; openHour: number; closeHour: number }, month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  let open = 0;
  for (let d = 1; d <= days; d++) {
    const wd = ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
    if (venue.weekdays.includes(wd)) open += venue.closeHour - venue.openHour;
  }
  return open;
}

/** Booked hours over open hours, in whole percent (0 for a venue never open). */
export function utilisationPercent(bookedHours: number, openHours: number): number {
  return openHours > 0 ? Math.round((bookedHours / openHours) * 100) : 0;
}
