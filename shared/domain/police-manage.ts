/**
 * Running a 警民之家 without code: who manages a home, what a valid week of periods is, and how a
 * changed schedule (or changed opening hours) meets the slots already generated. The invariant
 * every change keeps: a slot never holds more bookings than its capacity, and a booking is never
 * lost — a booked slot the new week no longer offers is kept (closed to new bookings) and listed.
 */
import { chinaClock, chinaParts, minutesOf } from './china-time';
import type { GeneratedSlot, Period, WeeklyPeriod } from './police-hours';
import { holdsRoleOver, type RoleGrant } from './jurisdiction';

/** The officer of the home and the village cadre of its village manage it; cadres above only look. */
export const MANAGE_ROLES = ['police', 'village-cadre'] as const;

export function canManageHome(grants: readonly RoleGrant[], homePath: readonly string[]): boolean {
  return holdsRoleOver(grants, MANAGE_ROLES, homePath);
}

export const WEEKDAY_LABELS: Record<number, string> = { 1: '周一', 2: '周二', 3: '周三', 4: '周四', 5: '周五', 6: '周六', 7: '周日' };

/** Slot lengths an officer picks from (minutes). */
export const SLOT_MINUTES = [15, 20, 30, 45, 60, 90, 120] as const;

export interface PeriodIssue {
  /** Index of the offending period in the list given. */
  index: number;
  field: 'end' | 'start';
  message: string;
}

/**
 * What is wrong with a list of periods (a week, or one day's when `weekday` is absent): an end not
 * after its start, and two periods of the same day that overlap (back to back is fine).
 */
export function periodIssues(periods: readonly (Period & { weekday?: number })[]): PeriodIssue[] {
  const issues: PeriodIssue[] = [];
  periods.forEach((p, i) => {
    if (minutesOf(p.end) <= minutesOf(p.start)) issues.push({ index: i, field: 'end', message: '结束时间要晚于开始时间' });
  });
  periods.forEach((p, i) => {
    const clash = periods.findIndex(
      (q, j) => j < i && q.weekday === p.weekday && minutesOf(q.start) < minutesOf(p.end) && minutesOf(p.start) < minutesOf(q.end),
    );
    if (clash >= 0) {
      const day = p.weekday ? WEEKDAY_LABELS[p.weekday] ?? '' : '';
      issues.push({ index: i, field: 'start', message: `${day}${p.start}–${p.end}与${periods[clash]!.start}–${periods[clash]!.end}重叠了` });
    }
  });
  return issues;
}

/** A weekly schedule's slots must fit: a period shorter than one slot offers nothing. */
export function tooShortForSlot(periods: readonly WeeklyPeriod[], slotMinutes: number): number[] {
  return periods.map((p, i) => (minutesOf(p.end) - minutesOf(p.start) < slotMinutes ? i : -1)).filter((i) => i >= 0);
}

/** A generated slot as stored, with what matters to a change. */
export interface ExistingSlot {
  _id: string;
  date: string;
  startAt: string;
  endAt: string;
  capacity: number;
  booked: number;
  status: 'open' | 'closed';
  closedReason?: string | null;
}

export interface SlotPlan {
  /** Slots the new week still offers, whose capacity (or end) changes; never below `booked`. */
  update: { id: string; capacity: number; endAt: string }[];
  /** Slots a change had closed (`reopenClosedBecause`) that the new week offers again. */
  reopen: string[];
  /** Empty slots the new week no longer offers: they go. */
  remove: string[];
  /** Booked slots the new week no longer offers: kept for their bookings, closed to new ones. */
  keep: ExistingSlot[];
  /** Booked slots whose bookings exceed the new capacity: the change is refused. */
  conflicts: (ExistingSlot & { capacity: number; wanted: number })[];
  /** Slots of the new week that do not exist yet (the generator adds them, now and by the timer). */
  create: GeneratedSlot[];
}

/**
 * How a new week of slots meets the slots already generated (the not-yet-started ones of one
 * service). A slot is the same slot when it starts at the same instant; a changed length reshapes
 * an empty slot and keeps a booked one as it was (its bookings were made for that time).
 */
export function planSlotChanges(existing: readonly ExistingSlot[], wanted: readonly GeneratedSlot[], options: { reopenClosedBecause?: string } = {}): SlotPlan {
  const plan: SlotPlan = { update: [], reopen: [], remove: [], keep: [], conflicts: [], create: [] };
  const byStart = new Map(existing.map((s) => [s.startAt, s]));
  const offered = new Set<string>();
  for (const w of wanted) {
    const s = byStart.get(w.startAt);
    if (!s) {
      plan.create.push(w);
      continue;
    }
    offered.add(s._id);
    if (s.endAt !== w.endAt) {
      if (s.booked === 0) {
        plan.update.push({ id: s._id, capacity: w.capacity, endAt: w.endAt });
        if (s.status === 'closed' && options.reopenClosedBecause && s.closedReason === options.reopenClosedBecause) plan.reopen.push(s._id);
      } else plan.keep.push(s);
      continue;
    }
    if (s.booked > w.capacity) {
      plan.conflicts.push({ ...s, wanted: w.capacity });
      continue;
    }
    if (s.capacity !== w.capacity) plan.update.push({ id: s._id, capacity: w.capacity, endAt: s.endAt });
    if (s.status === 'closed' && options.reopenClosedBecause && s.closedReason === options.reopenClosedBecause) plan.reopen.push(s._id);
  }
  for (const s of existing) {
    if (offered.has(s._id)) continue;
    if (s.booked === 0) plan.remove.push(s._id);
    else plan.keep.push(s);
  }
  return plan;
}

/** A slot as an officer reads it in a list: 「12月8日 周二 09:00–09:30，已约 3 人」. */
export function slotLabel(s: Pick<ExistingSlot, 'startAt' | 'endAt' | 'booked'>): string {
  const { month, day, weekday } = chinaParts(s.startAt);
  return `${month}月${day}日 ${WEEKDAY_LABELS[weekday]} ${chinaClock(s.startAt)}–${chinaClock(s.endAt)}，已约 ${s.booked} 人`;
}

/** The CONFLICT sentence for a capacity cut below bookings: every affected slot, in time order. */
export function capacityConflictText(conflicts: readonly (Pick<ExistingSlot, 'startAt' | 'endAt' | 'booked'> & { wanted: number })[]): string {
  const list = [...conflicts].sort((a, b) => a.startAt.localeCompare(b.startAt)).map((c) => slotLabel(c));
  return `有 ${list.length} 个时段已约人数超过新的容量 ${conflicts[0]?.wanted ?? 0} 人，不能这样改：${list.join('；')}。请先与这些居民联系改约，或把容量设得不少于已约人数。`;
}

/** A group session's capacity never goes below those already confirmed. */
export function sessionCapacityVerdict(capacity: number, confirmed: number): 'ok' | 'conflict' {
  return capacity >= confirmed ? 'ok' : 'conflict';
}
