/**
 * Opening hours and appointment slots of a 警民之家. Hours are written in China time (UTC+8, no
 * daylight saving) as the village posts them on the door; instants are stored as UTC ISO strings.
 * Exceptions (holidays, the officer away) replace a date's weekly hours: closed, or other periods.
 */
import { addDays, chinaDate, instantOf, minutesOf, weekdayOf, type Weekday } from './china-time';

export interface Period {
  start: string; // 'HH:MM'
  end: string;
}

export interface WeeklyPeriod extends Period {
  weekday: Weekday;
}

export interface DateException {
  date: string; // 'YYYY-MM-DD' China date
  closed: boolean;
  /** When not closed: the periods that replace the weekly ones that day. */
  periods?: Period[];
  reason: string;
}

export interface OpeningHours {
  weekly: WeeklyPeriod[];
  exceptions: DateException[];
}

export function isValidDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

/** The periods a place is open on one date, exceptions applied, sorted. */
export function periodsOn(hours: OpeningHours, date: string): Period[] {
  const exception = hours.exceptions.find((e) => e.date === date);
  if (exception) return exception.closed ? [] : [...(exception.periods ?? [])].sort(byStart);
  const wd = weekdayOf(date);
  return hours.weekly.filter((p) => p.weekday === wd).map(({ start, end }) => ({ start, end })).sort(byStart);
}

const byStart = (a: Period, b: Period) => minutesOf(a.start) - minutesOf(b.start);

export interface OpeningStatus {
  open: boolean;
  /** When open: the end of the current period. */
  closesAt: string | null;
  /** When closed: the start of the next period within two weeks, or null. */
  opensAt: string | null;
  /** Why today differs from the weekly hours (a holiday, the officer away). */
  todayNote: string | null;
}

/** "Open now, until 12:00" or "closed, opens Monday 09:00". */
export function openingStatus(hours: OpeningHours, now: Date, lookaheadDays = 14): OpeningStatus {
  const today = chinaDate(now);
  const todayNote = hours.exceptions.find((e) => e.date === today)?.reason ?? null;
  for (let d = 0; d <= lookaheadDays; d++) {
    const date = addDays(today, d);
    for (const p of periodsOn(hours, date)) {
      const start = instantOf(date, p.start);
      const end = instantOf(date, p.end);
      if (end.getTime() <= now.getTime()) continue;
      if (start.getTime() <= now.getTime()) {
        return { open: true, closesAt: end.toISOString(), opensAt: null, todayNote };
      }
      return { open: false, closesAt: null, opensAt: start.toISOString(), todayNote };
    }
  }
  return { open: false, closesAt: null, opensAt: null, todayNote };
}

export interface SlotSchedule {
  weekly: WeeklyPeriod[];
  slotMinutes: number;
  capacity: number;
}

export interface GeneratedSlot {
  /** yyyymmddHHMM in China time: part of the slot's deterministic id. */
  key: string;
  date: string;
  startAt: string;
  endAt: string;
  capacity: number;
}

/**
 * The slots of `days` dates from `fromDate`: the service's weekly periods cut into `slotMinutes`
 * pieces, kept only where the home is open (so a holiday or the officer's absence removes them).
 * A piece that does not fit whole in an open period is not offered.
 */
export function generateSlots(schedule: SlotSchedule, home: OpeningHours, fromDate: string, days: number): GeneratedSlot[] {
  const out: GeneratedSlot[] = [];
  for (let d = 0; d < days; d++) {
    const date = addDays(fromDate, d);
    const open = periodsOn(home, date);
    const wd = weekdayOf(date);
    for (const p of schedule.weekly.filter((w) => w.weekday === wd).sort(byStart)) {
      for (let m = minutesOf(p.start); m + schedule.slotMinutes <= minutesOf(p.end); m += schedule.slotMinutes) {
        const end = m + schedule.slotMinutes;
        if (!open.some((o) => minutesOf(o.start) <= m && end <= minutesOf(o.end))) continue;
        const hhmm = (x: number) => `${String(Math.floor(x / 60)).padStart(2, '0')}:${String(x % 60).padStart(2, '0')}`;
        out.push({
          key: `${date.replace(/-/g, '')}${hhmm(m).replace(':', '')}`,
          date,
          startAt: instantOf(date, hhmm(m)).toISOString(),
          endAt: instantOf(date, hhmm(end)).toISOString(),
          capacity: schedule.capacity,
        });
      }
    }
  }
  return out;
}
