/**
 * Stored shapes of the alerts feature (风险预警). Views sent to pages are declared in
 * shared/contracts/alerts.ts and built from these by the `alerts` function.
 */
import type { AlertKind, AlertSeverity, AlertUrgency } from './alert-rules';
import type { CarriesEffects } from './records';

export interface AlertUpdateEntry {
  at: string;
  version: number;
  severity: AlertSeverity;
  urgency: AlertUrgency;
  instruction: string;
  note: string;
  byName: string;
}

/** Collection `alerts`: one alert, its current wording and its history of updates. */
export interface AlertRecord {
  _id: string;
  countyId: string;
  kind: AlertKind;
  severity: AlertSeverity;
  urgency: AlertUrgency;
  title: string;
  /** 怎么做: what a household must do, shown large. */
  instruction: string;
  description: string;
  /** The area as chosen and normalised (disjoint): towns, villages or communities, grids. */
  areaUnitIds: string[];
  areaNames: string[];
  /** The path of each area place, from the county down (jurisdiction checks without reading the units). */
  areaPaths: string[][];
  /**
   * Every unit on the way down to the area's places, the county left out (a grid's alert: its town,
   * village and grid): "the alerts inside unit U" is one equality query (a town's, a village's list).
   */
  placeIds: string[];
  /** Grids in the area when it was issued (the status list's denominator). */
  gridCount: number;
  /** Grids with at least one acknowledgement (an atomic increment on a grid's first). */
  ackedGrids: number;
  issuerId: string;
  issuerName: string;
  issuerUnitName: string;
  status: 'active' | 'ended';
  version: number;
  updates: AlertUpdateEntry[];
  issuedAt: string;
  updatedAt: string;
  expiresAt: string;
  ackDueAt: string;
  townAfterMinutes: number;
  /** Escalation levels done (0, 1 village, 2 town) and when the next one is due (the timer's index). */
  escalated: 0 | 1 | 2;
  escalateAt: string | null;
  endedAt: string | null;
  endNote: string | null;
  requestId: string;
}

/** Collection `alertGrids`: one grid's acknowledgements. `_id` = `${alertId}-${gridId}`. */
/** Carries the audit entry of each acknowledgement (`_lib/effects.ts`): the row's write is the entry's. */
export interface AlertGridRecord extends CarriesEffects {
  _id: string;
  alertId: string;
  gridId: string;
  villageId: string;
  townId: string;
  /** Households reached, summed over the grid leaders' acknowledgements. */
  householdsReached: number;
  /** Care-register people reached in person (their ids), the union of every acknowledgement. */
  careReachedIds: string[];
  acks: { userId: string; name: string; at: string; householdsReached: number; careReachedIds: string[]; note: string }[];
  firstAckAt: string;
  updatedAt: string;
}

/** Collection `alertEscalations`: one escalation to a village (level 1) or town (level 2). `_id` = `${alertId}-L${level}-${unitId}`. */
export interface AlertEscalationRecord {
  _id: string;
  alertId: string;
  level: 1 | 2;
  unitId: string;
  gridIds: string[];
  recipients: number;
  at: string;
}

/**
 * Collection `dashboardReads`: a 驾驶舱 section as the server last computed it for a place and range, so
 * the Excel export holds the figures the leader was shown, read by the server, never sent by the page.
 * `_id` = `${unitId}/${months}/${section}`; each read of the section replaces it. No person's data: the
 * figures are the place's, whoever reads them.
 */
export interface DashboardReadRecord {
  _id: string;
  unitId: string;
  /** The months the figures cover (lastMonths at the time of the read). */
  months: string[];
  section: string;
  title: string;
  headline: { label: string; value: number | null; unit: string }[];
  chart: { kind: 'bar' | 'line'; label: string; points: { x: string; y: number }[] } | null;
  at: string;
}
