/**
 * Stored shapes of the dispute-case feature. Views sent to pages are declared in
 * shared/contracts/cases.ts and built from these by the `cases` function.
 */
import type { CaseConfig, CaseLevel, RiskLevel, Satisfaction, Urgency } from './case-catalogue';
import type { RoutingRule } from './case-routing';
import type { CaseStatus } from './case-state';
import type { Moderated } from './moderation';
import type { CarriesEffects } from './records';

/** Collection `caseConfig`: one document per county, `_id` = the county's unit id. */
export interface CaseConfigRecord extends CaseConfig {
  _id: string;
  updatedAt: string;
}

/**
 * Collection `routingRuleSets`: every version of a county's routing rules, append-only; `_id` =
 * `${countyId}@${version}`, so two edits from the same version cannot both land. The newest is in force.
 */
export interface RoutingRuleSetRecord {
  _id: string;
  countyId: string;
  version: number;
  rules: RoutingRule[];
  changeNote: string;
  createdAt: string;
  createdById: string;
  createdByName: string;
}

/** Collection `routingRules`: one document per rule row (the seed: version 0 until the county edits them). */
export interface RoutingRuleRecord extends RoutingRule {
  _id: string;
  countyId: string;
  /** Rules are evaluated in this order (it only matters for how the explanation reads). */
  order: number;
}

export interface CaseParty {
  name: string;
  /** Full number, for the handlers who must call; everyone else gets phoneMasked. */
  phone: string | null;
  phoneMasked: string | null;
}

export interface CaseTimelineEntry {
  at: string;
  /** A `CaseTimelineEvent` code, worded by `caseEventLabel`; entries stored before codes hold the words. */
  action: string;
  actorId: string;
  actorName: string;
  level: CaseLevel;
  note: string | null;
  /** The case fields (CASE_TEXT names) whose words the note quotes: masked with them while held. */
  quotes?: string[];
}

export interface ScreeningSheet {
  at: string;
  byId: string;
  byName: string;
  /** Set when a grid leader or cadre records the dispute for someone else. */
  onBehalfOf: string | null;
  place: string | null;
}

export interface AssessmentSheet {
  at: string;
  byId: string;
  byName: string;
  risk: RiskLevel;
  proposedLevel: CaseLevel;
  proposedExplanation: string;
  matchedRuleIds: string[];
  /** The version of the county's routing rules that proposed the level (0: the seed rules); absent before versions. */
  rulesVersion?: number;
  level: CaseLevel;
  /** Kept when the assessor chose a level below the rules'. */
  lowerReason: string | null;
  note: string | null;
}

export interface MediationSession {
  at: string;
  /** The day the session took place (YYYY-MM-DD). */
  date: string;
  level: CaseLevel;
  mediatorName: string;
  participants: string[];
  summary: string;
  byId: string;
}

export interface MediationOutcome {
  at: string;
  level: CaseLevel;
  outcome: 'agreed' | 'failed';
  agreement: string | null;
  signedBy: string[];
  reason: string | null;
  byName: string;
}

export interface FollowUpSheet {
  at: string;
  byId: string;
  byName: string;
  held: boolean;
  satisfaction: Satisfaction;
  note: string | null;
  /** 'interim': before the follow-up was due, the case stayed open; 'early': it closed early with `earlyReason`. Absent: due. */
  kind?: 'due' | 'interim' | 'early';
  earlyReason?: string | null;
}

/** A dispute case. Held text: see shared/domain/case-moderation.ts. */
export interface CaseRecord extends Moderated, CarriesEffects {
  _id: string;
  countyId: string;
  townId: string;
  villageId: string;
  gridId: string;
  /** county → town → village → grid. */
  path: string[];
  unitName: string;
  gridName: string;
  type: string;
  typeLabel: string;
  /** One of the six common types at the time of intake. */
  common: boolean;
  description: string;
  amountFen: number;
  urgency: Urgency;
  /** 2 = emergency … 0 = normal: lists sort by it. */
  urgencyRank: number;
  parties: CaseParty[];
  partiesKey: string;
  /** Earlier cases between the same parties in the same village. */
  previousCaseIds: string[];
  repeat: boolean;
  reporterId: string;
  reporterName: string;
  status: CaseStatus;
  level: CaseLevel;
  risk: RiskLevel | null;
  committeeId: string;
  committeeIds: string[];
  deadlineAt: string | null;
  warnAt: string | null;
  escalateAt: string | null;
  escalations: number;
  followUpDueAt: string | null;
  /** When the follow-up reminder goes out; null once sent. */
  followUpNoticeAt: string | null;
  screening: ScreeningSheet;
  assessment: AssessmentSheet | null;
  sessions: MediationSession[];
  outcomes: MediationOutcome[];
  followUps: FollowUpSheet[];
  /** Set at agreement (化解), cleared by a relapse. */
  resolvedAt: string | null;
  resolvedLevel: CaseLevel | null;
  daysToResolve: number | null;
  /** Closed by a follow-up before it was due (with a reason): counted apart from the figures. */
  closedEarly?: boolean;
  satisfaction: Satisfaction | null;
  month: string;
  timeline: CaseTimelineEntry[];
  requestId: string | null;
  createdAt: string;
  updatedAt: string;
}
