/**
 * The 管理本站 forms' behaviour without rendering: what each form starts from, what it sends, and
 * how an answer reads. The forms themselves (Manage/) are layout over these and the hook's verbs.
 */
import type { AffectedSlotView, ManageView } from '@shared/contracts/police';
import { addDays, chinaClock, chinaDate } from '@shared/domain/china-time';
import type { Duty, ServiceMode } from '@shared/domain/police-catalog';
import { WEEKDAY_LABELS } from '@shared/domain/police-manage';

export interface PeriodRow {
  weekday?: number;
  start: string;
  end: string;
}

export type ManageService = ManageView['services'][number];
export type ManageSession = ManageView['sessions'][number];

/** 周一 09:00–12:00、14:30–17:30；周六 09:00–12:00 */
export function weekLabel(weekly: readonly PeriodRow[]): string {
  if (!weekly.length) return '没有开放时间';
  const byDay = new Map<number, string[]>();
  for (const p of [...weekly].sort((a, b) => (a.weekday ?? 0) - (b.weekday ?? 0) || a.start.localeCompare(b.start))) {
    byDay.set(p.weekday ?? 0, [...(byDay.get(p.weekday ?? 0) ?? []), `${p.start}–${p.end}`]);
  }
  return [...byDay.entries()].map(([d, ps]) => `${WEEKDAY_LABELS[d] ?? ''} ${ps.join('、')}`).join('；');
}

/** A new period: the day after the last one, same hours, so a week is filled in a few taps. */
export function nextPeriod(rows: readonly PeriodRow[], withWeekday: boolean): PeriodRow {
  const last = rows[rows.length - 1];
  if (!withWeekday) return { start: last?.end && last.end < '17:00' ? '14:30' : '09:00', end: last?.end && last.end < '17:00' ? '17:30' : '12:00' };
  const weekday = last?.weekday ? (last.weekday % 7) + 1 : 1;
  return { weekday, start: last?.start ?? '09:00', end: last?.end ?? '12:00' };
}

/** What a saved change kept for its bookings, as the officer reads it; null when nothing was kept. */
export function keptText(kept: readonly AffectedSlotView[]): string | null {
  if (!kept.length) return null;
  return `以下 ${kept.length} 个时段已有人预约，已为预约的居民保留，不再接受新的预约：${kept.map((k) => k.label).join('；')}`;
}

export interface ExceptionDraft {
  date: string;
  closed: boolean;
  periods: PeriodRow[];
  reason: string;
}

export const EXCEPTION_REASONS = ['法定节假日', '民警外出培训', '民警下村走访', '上级检查工作'];

export function exceptionDraftOf(existing: ManageView['exceptions'][number] | undefined, today: string): ExceptionDraft {
  if (existing) return { date: existing.date, closed: existing.closed, periods: existing.periods, reason: existing.reason };
  return { date: addDays(today, 1), closed: true, periods: [{ start: '09:00', end: '12:00' }], reason: '' };
}

export function exceptionInput(d: ExceptionDraft) {
  return { date: d.date, closed: d.closed, ...(d.closed ? {} : { periods: d.periods.map(({ start, end }) => ({ start, end })) }), reason: d.reason };
}

export interface ScheduleDraft {
  weekly: PeriodRow[];
  slotMinutes: number;
  capacity: number;
}

export const NEW_SCHEDULE: ScheduleDraft = { weekly: [{ weekday: 2, start: '09:00', end: '11:30' }], slotMinutes: 30, capacity: 3 };

export function scheduleInput(d: ScheduleDraft) {
  return { weekly: d.weekly.map((p) => ({ weekday: p.weekday ?? 1, start: p.start, end: p.end })), slotMinutes: d.slotMinutes, capacity: d.capacity };
}

export interface ServiceDraft {
  name: string;
  description: string;
  mode: ServiceMode;
  duties: Duty[];
  schedule: ScheduleDraft;
  /** Of an addService that did not come back: a retry reuses it, so the service is added once. */
  requestId: string | null;
}

export function serviceDraftOf(s: ManageService | undefined): ServiceDraft {
  if (!s) return { name: '', description: '', mode: 'appointment', duties: [], schedule: NEW_SCHEDULE, requestId: null };
  return { name: s.name, description: s.description, mode: s.mode, duties: s.duties, schedule: s.schedule ?? NEW_SCHEDULE, requestId: null };
}

/** editService's input: only what changed, and the week only when the service becomes an appointment service without one. */
export function serviceChanges(before: ManageService, d: ServiceDraft) {
  const out: { serviceId: string; name?: string; description?: string; mode?: ServiceMode; duties?: Duty[]; schedule?: ReturnType<typeof scheduleInput> } = { serviceId: before.id };
  if (d.name !== before.name) out.name = d.name;
  if (d.description !== before.description) out.description = d.description;
  if (d.mode !== before.mode) out.mode = d.mode;
  if ([...d.duties].sort().join() !== [...before.duties].sort().join()) out.duties = d.duties;
  if (d.mode === 'appointment' && before.mode !== 'appointment' && !before.schedule) out.schedule = scheduleInput(d.schedule);
  return out;
}

export interface SessionDraft {
  serviceId: string;
  title: string;
  description: string;
  place: string;
  date: string;
  start: string;
  durationMinutes: number;
  capacity: number;
}

export function sessionDraftOf(s: ManageSession | undefined, serviceId: string, today: string): SessionDraft {
  if (!s) return { serviceId, title: '', description: '', place: '', date: addDays(today, 7), start: '15:00', durationMinutes: 90, capacity: 30 };
  return {
    serviceId: s.serviceId,
    title: s.title,
    description: s.description,
    place: s.place,
    date: chinaDate(s.startAt),
    start: chinaClock(s.startAt),
    durationMinutes: Math.round((Date.parse(s.endAt) - Date.parse(s.startAt)) / 60_000),
    capacity: s.capacity,
  };
}

/** editSession's input: only what changed (a text sent again would be checked and could be held again). */
export function sessionChanges(before: SessionDraft, d: SessionDraft, sessionId: string) {
  const out: { sessionId: string } & Partial<Omit<SessionDraft, 'serviceId'>> = { sessionId };
  for (const k of ['title', 'description', 'place', 'date', 'start', 'durationMinutes', 'capacity'] as const) {
    if (d[k] !== before[k]) (out as Record<string, unknown>)[k] = d[k];
  }
  return out;
}

export const hasChanges = (input: object) => Object.keys(input).length > 1;

export const DURATIONS = [30, 60, 90, 120, 180];
