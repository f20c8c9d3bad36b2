import { dayForPeople, whenForPeople } from '@shared/domain/for-people';

/** 12月2日 周三 14:08 — an instant spelled the way people say it (shared/domain/for-people). */
export function formatDate(iso: string): string {
  return whenForPeople(iso);
}

/** 12月2日 周三 — a calendar date or an instant, without the clock. */
export function formatDay(dateOrInstant: string): string {
  return dayForPeople(dateOrInstant);
}
