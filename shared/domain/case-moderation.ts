/**
 * Content security on a dispute case. Every free text someone writes on a case for others to read is
 * checked; what is held is named by where it lives on the case (`description`, `sessions.2.summary`,
 * `followUps.0.note` …), so views, release and exports find it. Held text reaches its author and the
 * people handling the case now; everyone else reads the placeholder in its place, also where the
 * timeline quotes it.
 *
 * Not checked, by decision: people's names (parties, 代反映人, participants, signatories, mediator),
 * which handlers need as written to reach the people; and the county's dispute-type labels, which are
 * catalogue entries set by the county admin and audited.
 */
import { HELD_PLACEHOLDER, heldField, releasableHeld, visibleText, type HeldText, type ModerationState } from './moderation';

export const CASE_TEXT = {
  description: 'description',
  place: 'screening.place',
  assessmentNote: 'assessment.note',
  lowerReason: 'assessment.lowerReason',
  sessionSummary: (i: number) => `sessions.${i}.summary`,
  agreement: (i: number) => `outcomes.${i}.agreement`,
  failReason: (i: number) => `outcomes.${i}.reason`,
  followUpNote: (i: number) => `followUps.${i}.note`,
} as const;

const LABELS: readonly [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^description$/, () => '纠纷情况'],
  [/^screening\.place$/, () => '发生地点'],
  [/^assessment\.note$/, () => '研判意见'],
  [/^assessment\.lowerReason$/, () => '低于建议层级的理由'],
  [/^sessions\.(\d+)\.summary$/, (m) => `第${Number(m[1]) + 1}次调解记录`],
  [/^outcomes\.\d+\.agreement$/, () => '调解协议'],
  [/^outcomes\.\d+\.reason$/, () => '调解未成的原因'],
  [/^followUps\.\d+\.note$/, () => '回访记录'],
];

/** The words a person reads for a field: 纠纷情况, 第2次调解记录, 回访记录 … */
export function caseTextLabel(field: string): string {
  for (const [pattern, label] of LABELS) {
    const m = field.match(pattern);
    if (m) return label(m);
  }
  return '填写的内容';
}

/** Who reads the case: `handler` is a person handling it now (they must read held text to act). */
export interface CaseTextViewer {
  id: string;
  handler: boolean;
}

const asModerationViewer = (v: CaseTextViewer) => ({ id: v.id, isCadre: v.handler });

/** The text of one field as this viewer may read it. */
export function caseText<T extends string | null>(state: ModerationState | null | undefined, field: string, value: T, viewer: CaseTextViewer): T | string {
  return visibleText(state, field, value, asModerationViewer(viewer));
}

/** Whether this viewer reads the placeholder in place of the field. */
export function isHiddenFrom(state: ModerationState | null | undefined, field: string, viewer: CaseTextViewer): boolean {
  const held = heldField(state, field);
  return Boolean(held && !(viewer.handler || held.authorId === viewer.id));
}

/** The held parts this viewer is told about (with the reason): their own, or all of them for a handler. */
export function heldShownTo(state: ModerationState | null | undefined, viewer: CaseTextViewer): { field: string; reason: string }[] {
  return (state?.held ?? []).filter((h) => viewer.handler || h.authorId === viewer.id).map((h) => ({ field: h.field, reason: h.reason }));
}

/**
 * What a release by this handler frees: held text written by someone else. Nobody releases their own
 * text, or a handler who wrote something flagged could publish it unreviewed.
 */
export function releasableBy(state: ModerationState | null | undefined, viewer: CaseTextViewer, field?: string): HeldText[] {
  if (!viewer.handler) return [];
  return releasableHeld(state?.held ?? [], viewer.id).filter((h) => field === undefined || h.field === field);
}

/** The value stored at a dotted field name of a case (`sessions.2.summary`). */
export function textAt(record: object, field: string): string | null {
  let at: unknown = record;
  for (const key of field.split('.')) {
    if (at === null || typeof at !== 'object') return null;
    at = (at as Record<string, unknown>)[key];
  }
  return typeof at === 'string' ? at : null;
}

/**
 * A timeline note as this viewer may read it: the words it quotes from a field hidden from them become
 * the placeholder (the whole note, if the quote cannot be found in it).
 */
export function maskQuotedNote(
  note: string | null,
  quotes: readonly string[] | undefined,
  state: ModerationState | null | undefined,
  record: object,
  viewer: CaseTextViewer,
): string | null {
  if (note === null || !quotes?.length) return note;
  let out = note;
  for (const field of quotes) {
    if (!isHiddenFrom(state, field, viewer)) continue;
    const text = textAt(record, field);
    if (!text || !out.includes(text)) return HELD_PLACEHOLDER;
    out = out.split(text).join(HELD_PLACEHOLDER);
  }
  return out;
}

/** A message that would quote held text quotes the placeholder instead. */
export function maskHeldIn(body: string, held: readonly HeldText[], texts: Readonly<Record<string, string | null | undefined>>): string {
  let out = body;
  for (const h of held) {
    const text = texts[h.field];
    if (text) out = out.split(text).join(HELD_PLACEHOLDER);
  }
  return out;
}

/** The notice its author gets when content security holds what they wrote on a case. */
export function heldNoticeText(held: readonly HeldText[]): { title: string; body: string } {
  const what = [...new Set(held.map((h) => caseTextLabel(h.field)))].join('、');
  return {
    title: `您填写的${what}需要人工复核`,
    body: `原因：${[...new Set(held.map((h) => h.reason))].join('、')}。复核通过前，只有您和承办人员能看到。`,
  };
}
