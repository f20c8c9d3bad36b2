import { ALERT_KIND_LABELS, ALERT_SEVERITY_LABELS, ALERT_URGENCY_LABELS, type AlertSeverity } from '@shared/domain/alert-rules';
import { careKindsLabel } from '@shared/domain/care';

export { ALERT_KIND_LABELS, ALERT_SEVERITY_LABELS, ALERT_URGENCY_LABELS, careKindsLabel };

export const ALERT_STATUS_LABELS = { active: '生效中', ended: '已解除', expired: '已过期' } as const;

/** The warning colour's class suffix (红橙黄蓝). */
export const SEVERITY_CLASS: Record<AlertSeverity, string> = { extreme: 'red', severe: 'orange', moderate: 'yellow', minor: 'blue' };

/** 「暴雨 · 橙色预警（严重）」 */
export function alertHeadline(a: { kind: keyof typeof ALERT_KIND_LABELS; severity: AlertSeverity }): string {
  return `${ALERT_KIND_LABELS[a.kind]} · ${ALERT_SEVERITY_LABELS[a.severity]}`;
}
