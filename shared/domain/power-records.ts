/**
 * Stored shapes of the petty-power feature (小微权力). Views sent to pages are declared in
 * shared/contracts/powers.ts and built from these by the `powers` function.
 */
import type { PowerCategory, PowerItemDefinition, PowerKind, Starter } from './power-catalogue';
import type { MatterStatus, MatterStep } from './power-matter';
import type { TalkStage, TalkTally } from './power-talks';
import type { Moderated } from './moderation';
import type { CarriesEffects } from './records';

/**
 * Collection `powerItems`: the item in force for one unit. `_id` = `${unitId}:${code}`. The
 * county's standard has scope `county`; a village's adjustment of it has scope `village` and
 * applies only while `baseVersion` is the county's current version.
 */
export interface PowerItemRecord extends PowerItemDefinition {
  _id: string;
  scope: 'county' | 'village';
  unitId: string;
  countyId: string;
  version: number;
  /** `${_id}@${version}`: the version a matter keeps. */
  versionId: string;
  /** Village only: the county version this adjustment was made from. */
  baseVersion: number | null;
  /** Village only: where and when to come, shown on the guide card. */
  localNote: string | null;
  status: 'active' | 'withdrawn';
  /** Order in the published list. */
  order: number;
  changeNote: string | null;
  updatedAt: string;
  updatedById: string;
  updatedByName: string;
}

/** Collection `powerItemVersions`: every published version, append-only. `_id` = versionId. */
export interface PowerItemVersionRecord extends Omit<PowerItemRecord, '_id'> {
  _id: string;
  itemId: string;
  publishedAt: string;
}

export interface MatterTimelineEntry {
  at: string;
  /** A `MatterEvent` code, worded by `matterEventLabel`; entries stored before codes hold the words. */
  action: string;
  actorId: string;
  actorName: string;
  stepIndex: number | null;
  note: string | null;
  /** Where content security keeps the note if it holds it (see power-moderation); absent before moderation. */
  noteField?: string;
}

/**
 * Collection `matters`: one application (办事) under an item, with the flowchart frozen at its start.
 * Held text: the title, notes, reasons and the rating's comment.
 */
/** What one matter adds to its village's anonymous counts (`powerStats`). */
export type MatterTally = Record<'inProgress' | 'done' | 'refused' | 'withdrawn' | 'doneDays' | 'ratingSum' | 'ratingCount', number>;

export interface MatterRecord extends Moderated, CarriesEffects {
  _id: string;
  /**
   * Each change is one write that carries its notices and audit entry (effects) and sets `tallyPending`;
   * the powers `tally` timer moves the difference between what the matter now counts for and `counted`
   * (what `powerStats` holds of it) into the counts, in one transaction with `counted`. Absent on a matter
   * last written before: the counts then hold it as it stands.
   */
  counted?: MatterTally;
  tallyPending?: boolean;
  itemId: string;
  itemCode: string;
  itemTitle: string;
  kind: PowerKind;
  category: PowerCategory;
  starter: Exclude<Starter, 'none'>;
  /** The item version the matter started under; its steps are copied into `steps`. */
  versionId: string;
  version: number;
  title: string;
  applicantId: string;
  applicantName: string;
  villageId: string;
  unitName: string;
  townId: string;
  countyId: string;
  gridId: string | null;
  path: string[];
  status: MatterStatus;
  current: number | null;
  /** The role that acts at the current step, for the handlers' queues; null once closed. */
  currentRole: string | null;
  steps: MatterStep[];
  /** The current step's due time until the timer has flagged it; null after. */
  flagDueAt: string | null;
  timeline: MatterTimelineEntry[];
  rating: { stars: number; comment: string | null; at: string } | null;
  /** Working days from application to the end, once closed. */
  workingDays: number | null;
  requestId: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

/** Collection `powerStats`: anonymous counts per village and item code. `_id` = `${villageId}:${code}`. */
export interface PowerStatsRecord {
  _id: string;
  villageId: string;
  countyId: string;
  code: string;
  inProgress: number;
  done: number;
  refused: number;
  withdrawn: number;
  /** Sum of working days of the matters done, for the average. */
  doneDays: number;
  ratingSum: number;
  ratingCount: number;
}

/** Collection `powerComplaints`: a resident's complaint about a matter, for the village supervisors. Held text: the complaint or the answer. */
export interface PowerComplaintRecord extends Moderated, CarriesEffects {
  _id: string;
  matterId: string;
  matterTitle: string;
  itemTitle: string;
  villageId: string;
  path: string[];
  complainantId: string;
  complainantName: string;
  text: string;
  status: 'open' | 'handled';
  reply: string | null;
  handledById: string | null;
  handledByName: string | null;
  handledAt: string | null;
  createdAt: string;
}

/** Collection `reminderTalks`: one 三提醒 talk. Content stays with the village; above it only counts. Held text: topic or follow-up. */
export interface ReminderTalkRecord extends Moderated {
  _id: string;
  villageId: string;
  unitName: string;
  townId: string;
  countyId: string;
  path: string[];
  cadreId: string;
  cadreName: string;
  stage: TalkStage;
  /** China date of the talk, 'YYYY-MM-DD'. */
  date: string;
  topic: string;
  followUp: string;
  matterId: string | null;
  recordedById: string;
  recordedByName: string;
  createdAt: string;
}

/**
 * Collection `powerTallies`: talks held before the app, imported from the county's paper ledger
 * (`_id` = `talks:${countyId}`). The county's counts are this plus the recorded talks.
 */
export interface TalkLedgerRecord extends TalkTally {
  _id: string;
  countyId: string;
  source: string;
  asOf: string;
}
