/**
 * Stored shapes of 研判 (risk signals). Views are declared in shared/contracts/alerts.ts and built
 * by the `alerts` function.
 */
import type { SignalEvent, SignalOutcome, SignalRule, SignalSource } from './signal-rules';

/** Collection `signalRules`: one rule of one county, `_id` = `${countyId}:${ruleId}`, with its figures (atomic increments). */
export interface SignalRuleRecord extends SignalRule {
  _id: string;
  countyId: string;
  raised: number;
  closed: number;
  falseAlarms: number;
  updatedAt: string;
  updatedByName: string;
}

/** Collection `signals`: one signal, explainable by its rule and the events behind it. */
export interface SignalRecord {
  _id: string;
  countyId: string;
  townId: string;
  villageId: string;
  villageName: string;
  path: string[];
  ruleId: string;
  ruleTitle: string;
  source: SignalSource;
  /** `${ruleId}|${groupKey}`: at most one open signal per rule and group. */
  openKey: string;
  explanation: string;
  /** The events behind it (the newest 20), and how many there were. */
  events: SignalEvent[];
  eventCount: number;
  status: 'open' | 'closed';
  raisedAt: string;
  closedAt: string | null;
  outcome: SignalOutcome | null;
  note: string | null;
  closedByName: string | null;
}
