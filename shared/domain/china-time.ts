/**
 * China time: the county's calendar. UTC+8 all year (China has had no daylight saving since 1991),
 * so a date, month or year turns at local midnight, not at UTC midnight. Instants are stored as UTC
 * ISO strings; dates as 'YYYY-MM-DD' and months as 'YYYY-MM' in China time. Every feature reads
 * dates, months, years and wall-clock times through this module and nowhere else.
 */
const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** 1 = Monday … 7 = Sunday, as a posted timetable reads. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

const pad2 = (n: number) => String(n).padStart(2, '0');

function millis(at: string | Date): number {
  const t = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (Number.isNaN(t)) throw new RangeError(`not a time: ${String(at)}`);
  return t;
}

/** The instant shifted so that its UTC fields read China wall-clock time. */
function shifted(at: string | Date): Date {
  return new Date(millis(at) + CHINA_OFFSET_MS);
}

/** The China calendar date ('YYYY-MM-DD') of an instant. */
export function chinaDate(at: string | Date): string {
  return shifted(at).toISOString().slice(0, 10);
}

/** The China calendar month ('YYYY-MM') of an instant: the month a record is counted in. */
export function chinaMonth(at: string | Date): string {
  return chinaDate(at).slice(0, 7);
}

/** The China calendar year of an instant. */
export function chinaYear(at: string | Date): number {
  return shifted(at).getUTCFullYear();
}

/** China wall-clock time 'HH:MM' of an instant. */
export function chinaClock(at: string | Date): string {
  const d = shifted(at);
  return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

/** The parts of an instant in China time. */
export function chinaParts(at: string | Date): { year: number; month: number; day: number; hour: number; minute: number; weekday: Weekday } {
  const d = shifted(at);
  const w = d.getUTCDay();
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), weekday: (w === 0 ? 7 : w) as Weekday };
}

/** Minutes after midnight of a wall-clock time 'HH:MM'. */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** The instant of a China wall-clock time ('HH:MM', default midnight) on a China date. */
export function instantOf(date: string, hhmm = '00:00'): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) + minutesOf(hhmm) * 60_000 - CHINA_OFFSET_MS);
}

/** The first instant of a China date. */
export function startOfChinaDay(date: string): Date {
  return instantOf(date, '00:00');
}

/** The last millisecond of a China date, as an ISO time. */
export function endOfChinaDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS - CHINA_OFFSET_MS - 1).toISOString();
}

/** A China date `days` later (or earlier, when negative). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The weekday of a China date. */
export function weekdayOf(date: string): Weekday {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return (d === 0 ? 7 : d) as Weekday;
}

/** `YYYY-MM` months. */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The month `back` months before `month` ('YYYY-MM'); negative `back` goes forward. */
export function previousMonth(month: string, back = 1): string {
  const d = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1 - back, 1));
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}`;
}

/** The `count` months ending with the China month of `now`, oldest first. */
export function lastMonths(now: string | Date, count: number): string[] {
  const month = chinaMonth(now);
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) out.push(previousMonth(month, i));
  return out;
}

export function quarterOf(month: string): number {
  return Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1;
}

export function monthsOfQuarter(year: number, quarter: number): string[] {
  return [0, 1, 2].map((k) => `${year}-${pad2((quarter - 1) * 3 + k + 1)}`);
}

/** Whole years of age on a China date, from a birth date 'YYYY-MM-DD'. */
export function ageOn(birthDate: string, date: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
