import { chinaClock, chinaParts } from '@shared/domain/china-time';

/** 2025年3月5日 14:08 — dates spelled the way people say them. */
export function formatDate(iso: string): string {
  if (Number.isNaN(Date.parse(iso))) return '';
  const { year, month, day } = chinaParts(iso);
  return `${year}年${month}月${day}日 ${chinaClock(iso)}`;
}
