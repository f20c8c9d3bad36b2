/**
 * Time limits per level (kept as data in the county's case config) and the moments the deadline
 * timer acts on. All times are ISO strings from the one clock; ISO strings in UTC sort as times,
 * which is what lets the database index answer "due by now" as a range.
 */
import type { CaseConfig, CaseLevel } from './case-catalogue';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

export interface CaseClock {
  /** When the current level must have settled the case. */
  deadlineAt: string;
  /** When the handlers are warned; null once the warning went out. */
  warnAt: string | null;
  /** When the timer escalates; null once the timer handled this deadline (at the county, nothing is above). */
  escalateAt: string | null;
}

/** The clock of a level that receives the case at `fromIso`. */
export function clockFor(level: CaseLevel, fromIso: string, config: Pick<CaseConfig, 'deadlineDays' | 'warnHours'>): CaseClock {
  const from = new Date(fromIso).getTime();
  const deadline = from + config.deadlineDays[level] * DAY_MS;
  const warn = deadline - config.warnHours * HOUR_MS;
  return {
    deadlineAt: new Date(deadline).toISOString(),
    warnAt: new Date(Math.max(warn, from)).toISOString(),
    escalateAt: new Date(deadline).toISOString(),
  };
}

export function followUpDueAt(agreedAtIso: string, config: Pick<CaseConfig, 'followUpDays'>): string {
  return new Date(new Date(agreedAtIso).getTime() + config.followUpDays * DAY_MS).toISOString();
}

/**
 * What a 回访 recorded at `now` is. The follow-up checks that the agreement held over time, so only one
 * on or after `followUpDueAt` closes the case and counts in the figures ('due'). Before then it is an
 * interim contact that leaves the case open ('interim'), unless the handler closes it early with a
 * reason ('early'), which the figures show apart.
 */
export type FollowUpKind = 'due' | 'interim' | 'early';

export function followUpKind(dueAt: string | null, nowIso: string, earlyReason?: string | null): FollowUpKind {
  if (!dueAt || nowIso >= dueAt) return 'due';
  return earlyReason?.trim() ? 'early' : 'interim';
}

export function isOverdue(deadlineAt: string | null, nowIso: string): boolean {
  return deadlineAt !== null && deadlineAt <= nowIso;
}

/** Whole days left before the deadline (negative when overdue), rounded towards the deadline. */
export function daysLeft(deadlineAt: string, nowIso: string): number {
  const ms = new Date(deadlineAt).getTime() - new Date(nowIso).getTime();
  return ms >= 0 ? Math.floor(ms / DAY_MS) : -Math.ceil(-ms / DAY_MS);
}

/** Days from intake to agreement, one decimal: the "average days to resolve" figure. */
export function daysBetween(fromIso: string, toIso: string): number {
  return Math.round(((new Date(toIso).getTime() - new Date(fromIso).getTime()) / DAY_MS) * 10) / 10;
}

/** Words for a handler's list: 剩3天 / 今天到期 / 已超期2天. */
export function deadlineText(deadlineAt: string, nowIso: string): string {
  const d = daysLeft(deadlineAt, nowIso);
  if (deadlineAt <= nowIso) return `已超期${Math.max(1, -d)}天`;
  if (d === 0) return '今天到期';
  return `剩${d}天`;
}
