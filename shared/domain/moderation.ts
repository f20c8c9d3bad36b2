/**
 * Content security (内容安全) as pure rules. Text a person writes for others passes WeChat's
 * msgSecCheck v2 first; what it flags is held with the reason, shown only to its author and the
 * cadres over the record until a cadre releases it.
 */

/** msgSecCheck v2 `result.suggest`. */
export type Suggest = 'pass' | 'review' | 'risky';

/** One piece of held text on a record. */
export interface HeldText {
  field: string;
  authorId: string;
  reason: string;
  label: number | null;
  heldAt: string;
}

/** Stored on a record as `moderation`; absent or empty when nothing is held. */
export interface ModerationState {
  held: HeldText[];
  released?: { field: string; byId: string; byName: string; at: string }[];
}

/**
 * A record that content security may hold text on: the one declaration of its `moderation`
 * field, which every such record type extends.
 */
export interface Moderated {
  moderation?: ModerationState;
}

/** What others see in place of held text. */
export const HELD_PLACEHOLDER = '（内容正在复核）';

/** msgSecCheck v2 labels (result.label). */
export const LABEL_REASONS: Readonly<Record<number, string>> = {
  10001: '疑似广告',
  20001: '疑似涉及时政',
  20002: '疑似色情内容',
  20003: '疑似辱骂内容',
  20006: '疑似违法犯罪内容',
  20008: '疑似欺诈内容',
  20012: '疑似低俗内容',
  20013: '疑似侵犯版权',
  21000: '疑似其他违规内容',
};

export function reasonForLabel(label: number | null, suggest: Suggest): string {
  const known = label !== null ? LABEL_REASONS[label] : undefined;
  if (known) return known;
  return suggest === 'review' ? '内容需要人工复核' : '疑似违规内容';
}

/** `pass` is visible at once; `review` and `risky` wait for a cadre. */
export function isHeldSuggestion(suggest: Suggest): boolean {
  return suggest !== 'pass';
}

export function heldField(state: ModerationState | null | undefined, field: string): HeldText | null {
  return state?.held.find((h) => h.field === field) ?? null;
}

/** Held text reaches its author and the cadres over the record, and nobody else. */
export function canSeeHeldText(held: Pick<HeldText, 'authorId'>, viewer: { id: string; isCadre: boolean }): boolean {
  return viewer.id === held.authorId || viewer.isCadre;
}

/** The text the viewer may see for one field. */
export function visibleText<T extends string | null>(
  state: ModerationState | null | undefined,
  field: string,
  value: T,
  viewer: { id: string; isCadre: boolean },
): T | string {
  const held = heldField(state, field);
  if (!held || value === null) return value;
  return canSeeHeldText(held, viewer) ? value : HELD_PLACEHOLDER;
}

/**
 * Nobody releases what they wrote themselves: of the held texts, those this person may let through
 * (someone else's). The one rule every feature's release goes through (`_lib/release.ts`, points).
 */
export function releasableHeld<H extends Pick<HeldText, 'authorId'>>(held: readonly H[], releaserId: string): H[] {
  return held.filter((h) => h.authorId !== releaserId);
}

/** The verdict on releasing `held` (already narrowed to what the release asks for): nothing held, only one's own, or ok. */
export function releaseVerdict(held: readonly Pick<HeldText, 'authorId'>[], releaserId: string): 'ok' | 'forbidden' | 'conflict' {
  if (held.length === 0) return 'conflict';
  return releasableHeld(held, releaserId).length === 0 ? 'forbidden' : 'ok';
}

/** Drops the released fields from the held list. */
export function releaseFields(
  state: ModerationState,
  fields: readonly string[],
  by: { id: string; name: string },
  at: string,
): ModerationState {
  const released = state.held.filter((h) => fields.includes(h.field));
  return {
    held: state.held.filter((h) => !fields.includes(h.field)),
    released: [...(state.released ?? []), ...released.map((h) => ({ field: h.field, byId: by.id, byName: by.name, at }))],
  };
}
