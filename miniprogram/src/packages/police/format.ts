import { HALF_DAY_LABELS, type HalfDay } from '@shared/domain/police-catalog';
import { addDays, chinaClock, chinaDate } from '@shared/domain/china-time';
import { dayForPeople } from '@shared/domain/for-people';

/** China wall-clock 'HH:MM' of an instant: the same on every phone, whatever its time zone. */
export const timeOf = (iso: string) => chinaClock(iso);
export const chinaToday = () => chinaDate(new Date());

/** 12月8日 周二 (今天 / 明天 when it is). */
export function dayLabel(date: string): string {
  const base = dayForPeople(date);
  const today = chinaToday();
  if (date === today) return `今天 ${base}`;
  if (date === addDays(today, 1)) return `明天 ${base}`;
  return base;
}

export const whenLabel = (iso: string) => `${dayLabel(chinaDate(iso))} ${timeOf(iso)}`;
export const halfDayLabel = (p: { date: string; half: HalfDay }) => `${dayLabel(p.date)} ${HALF_DAY_LABELS[p.half]}`;
