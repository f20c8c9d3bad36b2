/**
 * Content security on the petty-power feature (小微权力): which texts people write for others,
 * under which field name a held one is kept, and who may read it before a person has looked.
 * The general rules are in ./moderation; this file only names the feature's own fields and readers.
 */
import { holdsRoleOver, type RoleGrant } from './jurisdiction';
import { MATTER_WATCH_ROLES } from './power-matter';
import { HELD_PLACEHOLDER, visibleText, type ModerationState } from './moderation';

/** Field names held text is kept under, on a matter. A step's note is `step<index>Note`. */
export const MATTER_TEXT_FIELDS = { title: 'title', applyNote: 'applyNote', withdrawReason: 'withdrawReason', ratingComment: 'ratingComment' } as const;
export const stepNoteField = (index: number) => `step${index}Note`;

/** On a complaint: the resident's words and the supervisor's answer. On a talk: both of its texts. */
export const COMPLAINT_TEXT_FIELDS = { text: 'text', reply: 'reply' } as const;
export const TALK_TEXT_FIELDS = { topic: 'topic', followUp: 'followUp' } as const;

const LABELS: Record<string, string> = {
  title: '事项名称',
  applyNote: '申请说明',
  withdrawReason: '撤回原因',
  ratingComment: '评价',
  text: '反映的问题',
  reply: '答复',
  topic: '谈话内容',
  followUp: '落实要求',
};

/** What a page calls a held field: 事项名称, 第 3 步的办理意见, 答复 … */
export function powerFieldLabel(field: string): string {
  const step = /^step(\d+)Note$/.exec(field);
  if (step) return `第 ${Number(step[1]) + 1} 步的办理意见`;
  return LABELS[field] ?? field;
}

/**
 * Held text on a matter reaches its author and the cadres and supervisors over the matter (who
 * may release it); a grid leader doing one step, or anyone else, reads the placeholder.
 */
export function isMatterReviewer(grants: readonly RoleGrant[], path: readonly string[]): boolean {
  return holdsRoleOver(grants, MATTER_WATCH_ROLES, path);
}

/** Complaints and reminder talks stay with the supervisors: they alone review their held text. */
export function isSupervisorOver(grants: readonly RoleGrant[], path: readonly string[]): boolean {
  return holdsRoleOver(grants, ['supervisor'], path);
}

export interface PowerViewer {
  id: string;
  /** The viewer may read held text on this record (and release it). */
  isCadre: boolean;
}

/** A text as this viewer may read it; `field` absent means the text predates moderation. */
export function shownText<T extends string | null>(state: ModerationState | null | undefined, field: string | undefined, value: T, viewer: PowerViewer): T | string {
  return field ? visibleText(state, field, value, viewer) : value;
}

/** The held fields this viewer may know about (their own, or all of them for a reviewer), with the reason. */
export function heldFor(state: ModerationState | null | undefined, viewer: PowerViewer): { field: string; reason: string }[] | undefined {
  const mine = (state?.held ?? []).filter((h) => viewer.isCadre || h.authorId === viewer.id);
  return mine.length ? mine.map((h) => ({ field: h.field, reason: h.reason })) : undefined;
}

/**
 * The text a message may quote: held text only when every recipient is its author. Messages go out
 * as WeChat subscribe messages too, so not even a reviewer gets held text in one: they open the record.
 */
export function quotedFor(state: ModerationState | null | undefined, field: string, value: string, recipientIds: readonly string[]): string {
  const held = state?.held.find((h) => h.field === field);
  if (!held) return value;
  return recipientIds.length > 0 && recipientIds.every((id) => id === held.authorId) ? value : HELD_PLACEHOLDER;
}

/** The moderation state after more text is held; a field written again is held for its new text. */
export function withHeld(state: ModerationState | null | undefined, held: ModerationState['held']): ModerationState {
  const kept = (state?.held ?? []).filter((x) => !held.some((h) => h.field === x.field));
  return { ...(state ?? {}), held: [...kept, ...held] };
}
