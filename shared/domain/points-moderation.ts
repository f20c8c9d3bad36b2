/**
 * Content security on what cadres write for a household: the reason of a decided objection and the
 * reason of a correction after finalisation. Both are read by the household, so both are checked;
 * a held one reaches its author and the cadres over the village (who may release it) only.
 *
 * A decision's reason is also copied onto the rating (the indicator's reason, the change note) and,
 * at finalisation, into the month's signed ledger entry: those copies are masked by their text.
 */
import { canSeeHeldText, heldField, HELD_PLACEHOLDER, type Moderated } from './moderation';
import type { PointsLedgerRecord, PointsObjectionRecord } from './points-records';

export type ModeratedObjection = PointsObjectionRecord & Moderated;
/** A ledger entry as stored; `moderation` sits beside the signed body and is not part of it. */
export type ModeratedLedger = PointsLedgerRecord & Moderated;

export const DECISION_FIELD = 'decisionReason';
export const ADJUST_FIELD = 'reason';

export interface PointsViewer {
  id: string;
  /** A cadre over the village: reads held cadre text. */
  isCadre: boolean;
}

/** The held texts of cadres this viewer may not read, wherever they were copied. */
export function hiddenCadreTexts(objections: readonly ModeratedObjection[], ledger: readonly ModeratedLedger[], viewer: PointsViewer): Set<string> {
  const hidden = new Set<string>();
  for (const o of objections) {
    const h = heldField(o.moderation, DECISION_FIELD);
    if (h && o.decisionReason && !canSeeHeldText(h, viewer)) hidden.add(o.decisionReason);
  }
  for (const e of ledger) {
    const h = e.kind === 'adjustment' ? heldField(e.moderation, ADJUST_FIELD) : null;
    if (h && e.reason && !canSeeHeldText(h, viewer)) hidden.add(e.reason);
  }
  return hidden;
}

/** Masks a text that is one of the hidden ones. */
export function maskWith(hidden: ReadonlySet<string>): <T extends string | null>(s: T) => T | string {
  return (s) => (s !== null && hidden.has(s) ? HELD_PLACEHOLDER : s);
}
