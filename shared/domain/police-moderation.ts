/**
 * Content security on the 警民之家 (services): which texts people write for others, under which
 * field name a held one is kept, and who may read it before a person has looked. The general rules
 * are in ./moderation; the helpers shared with other features come from ./power-moderation.
 */
import { canOverseeHome } from './police-rules';
import type { RoleGrant } from './jurisdiction';
import type { ModerationState } from './moderation';

export { heldFor, quotedFor, shownText, withHeld } from './power-moderation';

/** On a home visit: the request's reason (resident or grid leader), the officer's decline reason and outcome. */
export const VISIT_TEXT_FIELDS = { reason: 'reason', declineReason: 'declineReason', outcome: 'outcome' } as const;
/** On a booking: the resident's note, which a cancellation's reason replaces. */
export const BOOKING_TEXT_FIELDS = { note: 'note' } as const;
/** On a group session: everything the officer publishes to the area. */
export const SESSION_TEXT_FIELDS = { title: 'title', description: 'description', place: 'place' } as const;
/** On a home: the reason of a date's changed hours, one field per date. */
export const exceptionField = (date: string) => `exception:${date}`;

const LABELS: Record<string, string> = {
  reason: '申请原因',
  declineReason: '未能安排的原因',
  outcome: '上门服务结果',
  note: '预约备注（取消原因）',
  title: '活动名称',
  description: '活动介绍',
  place: '活动地点',
};

export function policeFieldLabel(field: string): string {
  if (field.startsWith('exception:')) return `${field.slice('exception:'.length)}的调整说明`;
  return LABELS[field] ?? field;
}

/** The officers of the home and the cadres over it read held text and may release it. */
export function isHomeReviewer(grants: readonly RoleGrant[], path: readonly string[]): boolean {
  return canOverseeHome(grants, path);
}

/**
 * A group session is public to the whole area: one with anything held is not shown to residents at
 * all until it is released (a session nobody can read the name or place of cannot be joined).
 */
export function sessionHidden(state: ModerationState | null | undefined, viewer: { isCadre: boolean }): boolean {
  return !viewer.isCadre && (state?.held.length ?? 0) > 0;
}
