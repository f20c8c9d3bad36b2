/**
 * Stored shapes of the points system. One rating document per household and month holds its ten
 * scores, so a village month is as many documents as households, not ten times as many.
 */
import type { IncomePart } from './points-money';
import type { CarriesEffects } from './records';
import type { DividendRule, Indicator, IndicatorCode, Tier } from './points-rules';
import type { MonthStatus, ObjectionStatus } from './points-state';

/** `pointsSettings/<unitId>`: the county default (unit = county) or a village's own. */
export interface PointsSettingsRecord {
  _id: string;
  unitId: string;
  indicators: Indicator[];
  tiers: Tier[];
  dividendRule: DividendRule;
  publicityDays: number;
  updatedAt: string;
  updatedBy: string;
}

/** `pointsMonths/pm-<villageId>-<YYYY-MM>`; finalising it is one write carrying its audit entry (`cloudfunctions/_lib/effects.ts`). */
export interface PointsMonthRecord extends CarriesEffects {
  _id: string;
  villageId: string;
  villageName: string;
  path: string[];
  month: string;
  status: MonthStatus;
  /** Taken when the month opens, so later setting changes never alter it. */
  indicators: Indicator[];
  tiers: Tier[];
  publicityDays: number;
  publishedAt: string | null;
  publishedBy: string | null;
  publicityEndsAt: string | null;
  finalisingBy: string | null;
  finalisingAt: string | null;
  finalisedAt: string | null;
  finalisedBy: string | null;
  createdAt: string;
}

export interface ScoreEntry {
  score: number;
  reason: string | null;
  byId: string;
  byName: string;
  at: string;
}

/** `pointsRatings/pr-<householdId>-<YYYY-MM>` */
export interface PointsRatingRecord {
  _id: string;
  householdId: string;
  headName: string;
  villageId: string;
  gridId: string;
  path: string[];
  month: string;
  scores: Partial<Record<IndicatorCode, ScoreEntry>>;
  total: number;
  complete: boolean;
  /** Changes made by objection decisions during the publicity period. */
  changes: { at: string; code: IndicatorCode; from: number; to: number; reason: string; byName: string; objectionId: string }[];
  /**
   * Raised by every score entry. `total` moves with each cell by `_.inc`, in the same update that requires
   * the cell to still hold the score the difference was taken from (cloudfunctions/points/rating.ts storeScores).
   */
  rev?: number;
  /** Set when the month is published: score entry stops here, whatever a rater read before. */
  sealed?: boolean;
  updatedAt: string;
}

/** `pointsObjections/po-<householdId>-<YYYY-MM>`: one per household and month. */
/** Raising one is one write that carries its notices (`cloudfunctions/_lib/effects.ts`). */
export interface PointsObjectionRecord extends CarriesEffects {
  _id: string;
  householdId: string;
  headName: string;
  villageId: string;
  path: string[];
  month: string;
  code: IndicatorCode | null;
  reason: string;
  raisedById: string;
  raisedByName: string;
  raisedAt: string;
  status: ObjectionStatus;
  decisionReason: string | null;
  decidedById: string | null;
  decidedByName: string | null;
  decidedAt: string | null;
  adjustment: { code: IndicatorCode; from: number; to: number } | null;
}

/**
 * `pointsLedger`: append-only. `month` entries are written once when a month is finalised
 * (id `pl-<householdId>-<YYYY-MM>`); `adjustment` entries correct a finalised month with a signed
 * delta, a reason, the approver and a signature over the entry's content. An adjustment is one add
 * carrying its audit entry (`cloudfunctions/_lib/effects.ts`), beside the signed body.
 */
export interface PointsLedgerRecord extends CarriesEffects {
  _id: string;
  kind: 'month' | 'adjustment';
  householdId: string;
  villageId: string;
  path: string[];
  month: string;
  year: number;
  delta: number;
  code: IndicatorCode | null;
  detail: { code: IndicatorCode; name: string; score: number; max: number; reason: string | null }[];
  reason: string | null;
  enteredById: string;
  enteredByName: string;
  approverId: string;
  approverName: string;
  signature: string;
  at: string;
  /** A deduction's 居民公约 clause (议事协商's `councilCovenants`): referenced, never copied. */
  clause?: { covenantId: string; version: number; no: number };
}

/** `pointsBoards/pb-<villageId>-<YYYY-MM>`: the ranking frozen at finalisation. */
export interface PointsBoardRecord {
  _id: string;
  villageId: string;
  month: string;
  rows: { householdId: string; headName: string; points: number; rank: number; tier: Tier['code'] }[];
  at: string;
}

/** `pointsDividends/pd-<villageId>-<year>`: the year's 4321 split and dividend table, written once. */
export interface PointsDividendRecord {
  _id: string;
  villageId: string;
  villageName: string;
  path: string[];
  year: number;
  incomeFen: number;
  split: Record<IncomePart, number>;
  rule: DividendRule;
  tiers: Tier[];
  totalWeight: number;
  undistributedFen: number;
  rows: {
    householdId: string;
    headName: string;
    points: number;
    months: number;
    tier: Tier['code'];
    weight: number;
    amountFen: number;
    gotRemainder: boolean;
  }[];
  byId: string;
  byName: string;
  at: string;
}

/** `pointsImports/pi-<hash>`: one confirmed import by its request id, so sending it again writes nothing more. */
export interface PointsImportRecord {
  _id: string;
  villageId: string;
  month: string;
  byId: string;
  status: 'writing' | 'done';
  written: number;
  lines: number;
  at: string;
}
