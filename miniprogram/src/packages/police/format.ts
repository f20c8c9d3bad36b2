import { HALF_DAY_LABELS, type HalfDay } from '@shared/domain/police-catalog';
import { addDays, chinaClock, chinaDate } from '@shared/domain/china-time';

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

/** China wall-clock 'HH:MM' of an instant: the same on every phone, whatever its time zone. */
export const timeOf = (iso: string) => chinaClock(iso);
export const chinaToday = () => chinaDate(new Date());

/** 12月8日 周二 (今天 / 明天 when it is). */
export function dayLabel(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const base = `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 周${WEEKDAYS[d.getUTCDay()]}`;
  const today = chinaToday();
  if (date === today) return `今天 ${base}`;
  if (date === addDays(today, 1)) return `明天 ${base}`;
  return base;
}

export const whenLabel = (iso: string) => `${dayLabel(chinaDate(iso))} ${timeOf(iso)}`;
export const halfDayLabel = (p: { date: string; half: HalfDay }) => `${dayLabel(p.date)} ${HALF_DAY_LABELS[p.half]}`;
