import { POWER_CATEGORIES, POWER_CATEGORY_LABELS, STEP_ROLE_LABELS } from '@shared/domain/power-catalogue';
import { MATTER_STATUS_LABELS, STEP_STATUS_LABELS } from '@shared/domain/power-matter';
import { TALK_STAGES, TALK_STAGE_LABELS } from '@shared/domain/power-talks';

export { POWER_CATEGORIES, POWER_CATEGORY_LABELS, STEP_ROLE_LABELS, MATTER_STATUS_LABELS, STEP_STATUS_LABELS, TALK_STAGES, TALK_STAGE_LABELS };

/** 11月30日 — a due date as people say it. */
export function shortDate(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : `${d.getMonth() + 1}月${d.getDate()}日`;
}

export function averageText(days: number | null): string {
  return days === null ? '暂无' : `平均 ${days} 个工作日`;
}

