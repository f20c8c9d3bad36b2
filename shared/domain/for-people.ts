import { chinaClock, chinaDate, chinaParts, chinaYear } from './china-time';
import { moneyForPeople } from './money';

/**
 * The one way a date, a time, a month or an amount is written for a person: 12月2日 周三,
 * 12月2日 周三 14:08, 2026年12月, 28.64万元. No ISO text ('2026-12-02') reaches a screen; a date of
 * another year than today's carries its year (2025年3月5日 周三).
 */
const WEEKDAYS = ['', '一', '二', '三', '四', '五', '六', '日'] as const;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

/** A China calendar date 'YYYY-MM-DD' or an instant → 12月2日 周三. */
export function dayForPeople(dateOrInstant: string, now: Date | string = new Date()): string {
  const date = DATE.test(dateOrInstant) ? dateOrInstant : Number.isNaN(Date.parse(dateOrInstant)) ? '' : chinaDate(dateOrInstant);
  if (!date) return '';
  const { year, month, day, weekday } = chinaParts(`${date}T00:00:00+08:00`);
  const yearPart = year === chinaYear(now) ? '' : `${year}年`;
  return `${yearPart}${month}月${day}日 周${WEEKDAYS[weekday]}`;
}

/** An instant → 12月2日 周三 14:08 (China time, on every phone). */
export function whenForPeople(instant: string, now: Date | string = new Date()): string {
  if (Number.isNaN(Date.parse(instant))) return '';
  return `${dayForPeople(instant, now)} ${chinaClock(instant)}`;
}

/** 'YYYY-MM' → 2026年12月. */
export function monthForPeople(month: string): string {
  const m = MONTH.exec(month);
  return m ? `${Number(m[1])}年${Number(m[2])}月` : '';
}

/** A count with the thousands a person reads: 12,345 → 1.23万 above ten thousand. */
export function countForPeople(n: number): string {
  if (!Number.isFinite(n)) return '';
  if (Math.abs(n) >= 10_000) return `${(Math.round(n / 100) / 100).toString()}万`;
  return String(n);
}

export { moneyForPeople };
