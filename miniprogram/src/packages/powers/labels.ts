import { POWER_CATEGORIES, POWER_CATEGORY_LABELS, STEP_ROLE_LABELS } from '@shared/domain/power-catalogue';
import { MATTER_STATUS_LABELS, STEP_STATUS_LABELS } from '@shared/domain/power-matter';
import { TALK_STAGES, TALK_STAGE_LABELS } from '@shared/domain/power-talks';
import { chinaParts } from '@shared/domain/china-time';

export { POWER_CATEGORIES, POWER_CATEGORY_LABELS, STEP_ROLE_LABELS, MATTER_STATUS_LABELS, STEP_STATUS_LABELS, TALK_STAGES, TALK_STAGE_LABELS };

/** 11月30日 — a due date as people say it. */
export function shortDate(iso: string | null): string {
  if (!iso) return '';
  if (Number.isNaN(Date.parse(iso))) return '';
  const { month, day } = chinaParts(iso);
  return `${month}月${day}日`;
}

export function averageText(days: number | null): string {
  return days === null ? '暂无' : `平均 ${days} 个工作日`;
}

