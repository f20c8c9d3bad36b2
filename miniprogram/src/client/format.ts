import { chinaClock, chinaParts } from '@shared/domain/china-time';

/** 2025年3月5日 14:08 — dates spelled the way people say them. */
export function formatDate(iso: string): string {
  if (Number.isNaN(Date.parse(iso))) return '';
  const { year, month, day } = chinaParts(iso);
  return `${year}年${month}月${day}日 ${chinaClock(iso)}`;
}

/** A China calendar date (YYYY-MM-DD, as a date picker gives it) the way people say it: 2026年12月1日. */
export function formatDay(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : '';
}
