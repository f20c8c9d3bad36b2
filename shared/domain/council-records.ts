/**
 * 议事协商 as stored. A council (议事会) per village or community, led by its party organisation; its
 * member bodies chair meetings in turn (轮席); topics are raised, supported by households, put on the
 * agenda, discussed in meetings, decided by their rule and carried out step by step.
 */
import type { Moderated } from './moderation';
import type { CarriesEffects } from './records';
import type { BodyKind, DecisionRule, HonourStatus, TieRule, TopicStatus, VoteChoice, VoteKind, VoteOutcome } from './council-rules';
import type { Rotation } from './council-rotation';

export interface CouncilBody {
  /** Stable within the council (`party`, `reps`, `b3` …): the rotation names bodies by it. */
  key: string;
  kind: BodyKind;
  name: string;
  /** Registered users who speak and vote for the body. */
  representativeIds: string[];
}

/** `councils/cn-<villageId>`: one per village or community. */
export interface CouncilRecord {
  _id: string;
  villageId: string;
  villageName: string;
  path: string[];
  name: string;
  /** The village party organisation's secretary: leads the council, alerted when steps run late. */
  secretaryId: string;
  secretaryName: string;
  bodies: CouncilBody[];
  /** Body keys in the order they chair. */
  order: string[];
  rotation: Rotation;
  /** Turns recorded so far (each a `councilTurns` row): the next turn's sequence number. */
  turnSeq: number;
  updatedAt: string;
  updatedById: string;
}

/** `councilTurns/<councilId>-<seq>`: who chaired each meeting and who passed, public. */
export interface CouncilTurnRecord {
  _id: string;
  councilId: string;
  villageId: string;
  path: string[];
  seq: number;
  bodyKey: string;
  bodyName: string;
  kind: 'chaired' | 'passed';
  meetingId: string | null;
  reason: string | null;
  byId: string;
  byName: string;
  at: string;
}

/**
 * `councilAgendaItems/<unitId>_<code>`: the 议事事项清单. A county's standard items and a village's own;
 * an item with `forwardTo` is outside the council's remit: a topic under it is forwarded there, and one
 * with `refusal` is refused with that reason.
 */
export interface CouncilAgendaItemRecord {
  _id: string;
  unitId: string;
  countyId: string;
  scope: 'county' | 'village';
  code: string;
  title: string;
  description: string;
  rule: DecisionRule;
  /** Outside the list: the unit that can act (a topic is forwarded there). */
  forwardTo: string | null;
  /** Outside the list and nobody to forward to: why it is refused. */
  refusal: string | null;
  order: number;
  active: boolean;
  updatedAt: string;
  updatedById: string;
}

/** `councilSettings/<countyId>`: the figures the county keeps as data (county file `councils.settings`). */
export interface CouncilSettingsRecord {
  _id: string;
  countyId: string;
  /** Households that must support a resident's topic before it goes on the agenda. */
  supportThreshold: number;
  /** Share of the electorate that must vote for a representatives' vote to count (0 < q ≤ 1). */
  repQuorum: number;
  /** Share of the ballots cast (abstentions included) that 同意 must exceed. */
  repMajority: number;
  householdQuorum: number;
  householdMajority: number;
  /** Days a household vote stays open by default. */
  householdVoteDays: number;
  /** 评选: days the nominees are shown for objections, days the household vote stays open, how a tie is settled. */
  honourPublicityDays: number;
  honourVoteDays: number;
  honourTieRule: TieRule;
  updatedAt: string;
  updatedById: string;
}

/** `councilTopics`: a topic raised by a resident (public once checked) or a member body. */
export interface CouncilTopicRecord extends Moderated, CarriesEffects {
  _id: string;
  councilId: string;
  villageId: string;
  path: string[];
  itemCode: string;
  itemTitle: string;
  rule: DecisionRule;
  title: string;
  content: string;
  raisedBy: { kind: 'resident' | 'body'; userId: string; name: string; gender: 'female' | 'male' | null; bodyKey: string | null; bodyName: string | null };
  status: TopicStatus;
  /** Distinct households supporting it (one row each in `councilSupports`). */
  supports: number;
  /** The threshold when it was raised (the county may change it later). */
  threshold: number;
  /** Why it was refused, or the unit it was forwarded to. */
  refusal: string | null;
  forwardTo: string | null;
  mergedInto: string | null;
  meetingId: string | null;
  voteId: string | null;
  decisionId: string | null;
  requestId: string;
  createdAt: string;
  updatedAt: string;
}

/** `councilSupports/<topicId>-<householdId>`: one per household; the id makes a second one impossible. */
export interface CouncilSupportRecord {
  _id: string;
  topicId: string;
  householdId: string;
  userId: string;
  /** Carried from a merged duplicate. */
  fromTopicId: string | null;
  at: string;
}

/** `councilFollows/<topicId>-<userId>`. */
export interface CouncilFollowRecord {
  _id: string;
  topicId: string;
  userId: string;
  at: string;
}

export interface MinuteEntry {
  topicId: string;
  options: string[];
  opinions: { bodyKey: string; bodyName: string; text: string }[];
  summary: string | null;
  recordedById: string;
  recordedAt: string;
}

/** `councilMeetings`: called by the chair body of the turn. */
export interface CouncilMeetingRecord extends CarriesEffects {
  _id: string;
  councilId: string;
  villageId: string;
  path: string[];
  chairKey: string;
  chairName: string;
  turnSeq: number;
  date: string;
  time: string;
  place: string;
  topicIds: string[];
  status: 'called' | 'held';
  /** Present representatives by body key. */
  attendance: Record<string, string[]> | null;
  minutes: MinuteEntry[];
  calledById: string;
  calledByName: string;
  requestId: string;
  createdAt: string;
  updatedAt: string;
  /** Bumped by each change the chair writes on what it read (`minutes`): the write is conditioned on it. */
  rev?: number;
}

/** What a vote decides: a topic, a new version of the 居民公约, or an 评选 (the households choose among candidates). */
export type VoteSubject = { kind: 'topic' | 'covenant' | 'honour'; id: string };

/** `councilVotes`: a representatives' vote or a household vote on one topic, a covenant version or an honour. */
export interface CouncilVoteRecord {
  _id: string;
  kind: VoteKind;
  councilId: string;
  villageId: string;
  path: string[];
  subject: VoteSubject;
  /** The topic voted on (null for a covenant or an honour). */
  topicId: string | null;
  meetingId: string | null;
  question: string;
  secret: boolean;
  /** Representatives' vote: the user ids who may vote (snapshot when opened). Household vote: empty. */
  electorateIds: string[];
  /** How many may vote: representatives, or the village's households when opened. */
  electorateSize: number;
  quorum: number;
  majority: number;
  opensAt: string;
  closesAt: string;
  status: 'open' | 'closed';
  /** Ballots cast, counted in the ballot's own transaction. */
  cast: number;
  result: { agree: number; disagree: number; abstain: number; cast: number; outcome: VoteOutcome; closedAt: string; closedById: string } | null;
  /** An honour's vote: the candidates (nomination ids) a ballot chooses among, instead of 同意 / 不同意 / 弃权. */
  candidates?: string[];
  /** An honour's vote: ballots per candidate, once closed. */
  candidateCounts?: Record<string, number>;
  openedById: string;
  createdAt: string;
}

/**
 * `councilVoters/<voteId>-<voterKey>`: that someone voted (voter key: user id, or household id for a
 * household vote). Its id makes a second ballot from the same voter impossible. For an open ballot it
 * also holds the choice; for a secret one it does not.
 */
export interface CouncilVoterRecord {
  _id: string;
  voteId: string;
  voterKey: string;
  userId: string;
  choice: VoteChoice | string | null;
  at: string;
}

/** `councilBallots`: one per ballot, the choice only (for a secret vote no one can tie it to a voter). */
export interface CouncilBallotRecord {
  _id: string;
  voteId: string;
  /** 同意 / 不同意 / 弃权, or the chosen candidate's nomination id in an honour's vote. */
  choice: VoteChoice | string;
}

export interface DecisionStep {
  id: string;
  title: string;
  dueDate: string;
  progress: number;
  note: string | null;
  doneAt: string | null;
  overdueAlertedAt: string | null;
}

/** `councilDecisions/cd-<topicId>`: what was decided and how it is carried out (成事在民). */
export interface CouncilDecisionRecord extends CarriesEffects {
  _id: string;
  councilId: string;
  villageId: string;
  path: string[];
  topicId: string;
  topicTitle: string;
  meetingId: string | null;
  chairKey: string | null;
  rule: DecisionRule;
  voteId: string | null;
  text: string;
  responsibleKey: string | null;
  responsibleName: string | null;
  steps: DecisionStep[];
  status: 'planning' | 'in-progress' | 'done';
  /** The earliest due date of a step neither done nor alerted, for the overdue timer's indexed query. */
  nextDueDate: string | null;
  ratingCount: number;
  ratingSum: number;
  decidedAt: string;
  doneAt: string | null;
  updatedAt: string;
  /** Bumped by each change written on the steps as read (plan, report, the overdue alert): writes are conditioned on it. */
  rev?: number;
}

/** `councilRatings/<decisionId>-<householdId>`: one rating per household once the decision is done. */
export interface CouncilRatingRecord {
  _id: string;
  decisionId: string;
  householdId: string;
  userId: string;
  stars: number;
  at: string;
}

export interface CovenantClause {
  no: number;
  text: string;
}

/**
 * `councilCovenants/cc-<villageId>-v<version>`: one version of a village's 居民公约. A new version is put
 * to a household vote and adopted by it; the version it replaces is then superseded. Points deductions
 * may name one of its clauses as their reason (the ledger holds the reference, not a copy).
 */
export interface CouncilCovenantRecord {
  _id: string;
  councilId: string;
  villageId: string;
  path: string[];
  version: number;
  title: string;
  clauses: CovenantClause[];
  /** What changed, in the proposer's words. */
  note: string;
  status: 'voting' | 'adopted' | 'rejected' | 'superseded';
  voteId: string | null;
  proposedById: string;
  proposedByName: string;
  createdAt: string;
  adoptedAt: string | null;
  /** Households that acknowledged this version (one row each in `councilCovenantAcks`). */
  acks: number;
}

/** `councilCovenantAcks/<covenantId>-<householdId>`: a household read the covenant and keeps it. */
export interface CouncilCovenantAckRecord {
  _id: string;
  covenantId: string;
  householdId: string;
  userId: string;
  at: string;
}

/** `councilHonours/ch-<hash>`: one 评选 round in a village (最美社区人 and other honours). */
export interface CouncilHonourRecord {
  _id: string;
  councilId: string;
  villageId: string;
  villageName: string;
  path: string[];
  title: string;
  year: number;
  /** How many are honoured (more when the tie rule shares the last place). */
  seats: number;
  status: HonourStatus;
  publicityEndsAt: string | null;
  voteId: string | null;
  /** The county's tie rule when the round opened. */
  tieRule: TieRule;
  winners: string[];
  createdById: string;
  requestId: string;
  createdAt: string;
  updatedAt: string;
}

/** `councilNominations/<honourId>-<nomineeId>`: one per person per round; the reason is checked text. */
export interface CouncilNominationRecord extends Moderated, CarriesEffects {
  _id: string;
  honourId: string;
  villageId: string;
  path: string[];
  nomineeId: string;
  nomineeName: string;
  nomineeGender: 'female' | 'male' | null;
  reason: string;
  nominatedBy: { kind: 'resident' | 'body'; userId: string; name: string; bodyKey: string | null; bodyName: string | null };
  status: 'standing' | 'withdrawn';
  /** Objections not yet decided; the vote waits until none is left. */
  openObjections: number;
  withdrawnReason: string | null;
  createdAt: string;
}

/** `councilObjections/<nominationId>-<householdId>`: a household objects during publicity, once per nominee. */
export interface CouncilObjectionRecord extends Moderated, CarriesEffects {
  _id: string;
  nominationId: string;
  honourId: string;
  villageId: string;
  path: string[];
  householdId: string;
  userId: string;
  reason: string;
  status: 'open' | 'upheld' | 'dismissed';
  answer: string | null;
  decidedById: string | null;
  at: string;
}

/** `councilHonoured/<honourId>-<userId>`: an honour a person holds, read by their profile (我的). */
export interface CouncilHonouredRecord {
  _id: string;
  honourId: string;
  userId: string;
  title: string;
  year: number;
  villageName: string;
  votes: number;
  at: string;
}
