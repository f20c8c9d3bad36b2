/**
 * Working days (工作日) for the time limits of petty-power flowcharts. Pure: the holiday list is
 * data passed in. Days are China dates (UTC+8, no daylight saving). As for any period counted
 * in days (民法典 第二百零一条), the day a step starts is not counted: a step that starts on
 * Monday with a limit of 2 working days is due at the end of Wednesday; one that starts on
 * Friday is due at the end of Tuesday.
 */
import { addDays, chinaDate, endOfChinaDay, weekdayOf } from './china-time';
import { CHINA_HOLIDAYS, type HolidayCalendar } from './power-holidays';

/** No flowchart step is longer than this; it also bounds every loop below. */
export const MAX_LIMIT_DAYS = 260;

export function isWorkingDay(date: string, calendar: HolidayCalendar = CHINA_HOLIDAYS): boolean {
  if (calendar.workdays.includes(date)) return true;
  if (calendar.holidays.includes(date)) return false;
  return weekdayOf(date) < 6;
}

/** The n-th working day after `date` (n ≥ 1); `date` itself for n = 0. */
export function addWorkingDaysToDate(date: string, n: number, calendar: HolidayCalendar = CHINA_HOLIDAYS): string {
  if (!Number.isInteger(n) || n < 0 || n > MAX_LIMIT_DAYS) throw new RangeError(`working days out of range: ${n}`);
  let d = date;
  let left = n;
  while (left > 0) {
    d = addDays(d, 1);
    if (isWorkingDay(d, calendar)) left--;
  }
  return d;
}

/** When a step that starts at `startedAt` with a limit of `limitDays` working days is due. */
export function dueAfterWorkingDays(startedAt: string, limitDays: number, calendar: HolidayCalendar = CHINA_HOLIDAYS): string {
  return endOfChinaDay(addWorkingDaysToDate(chinaDate(startedAt), limitDays, calendar));
}

/**
 * Working days from `from` to `to`: the working days after from's date up to and including to's
 * date (0 on the same day). Counts at most ten years, enough for any matter.
 */
export function workingDaysBetween(from: string, to: string, calendar: HolidayCalendar = CHINA_HOLIDAYS): number {
  const a = chinaDate(from);
  const b = chinaDate(to);
  if (b <= a) return 0;
  let count = 0;
  let d = a;
  for (let i = 0; i < 3700 && d < b; i++) {
    d = addDays(d, 1);
    if (isWorkingDay(d, calendar)) count++;
  }
  return count;
}

export function isOverdue(dueAt: string | null, now: string): boolean {
  return dueAt !== null && now > dueAt;
}
