import { HALF_DAY_LABELS, type HalfDay } from '@shared/domain/police-catalog';

const CHINA_MS = 8 * 3600_000;
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

/** The China wall clock of an instant: the same on every phone, whatever its time zone. */
function chinaParts(iso: string) {
  const d = new Date(Date.parse(iso) + CHINA_MS);
  return { date: d.toISOString().slice(0, 10), hhmm: d.toISOString().slice(11, 16) };
}

export const timeOf = (iso: string) => chinaParts(iso).hhmm;
export const chinaToday = () => chinaParts(new Date().toISOString()).date;

/** 12月8日 周二 (今天 / 明天 when it is). */
export function dayLabel(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const base = `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 周${WEEKDAYS[d.getUTCDay()]}`;
  const today = chinaToday();
  const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  if (date === today) return `今天 ${base}`;
  if (date === tomorrow) return `明天 ${base}`;
  return base;
}

export const whenLabel = (iso: string) => `${dayLabel(chinaParts(iso).date)} ${timeOf(iso)}`;
export const halfDayLabel = (p: { date: string; half: HalfDay }) => `${dayLabel(p.date)} ${HALF_DAY_LABELS[p.half]}`;

export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}
