/** The shapes the `sanitation` function stores (三污治理). Views sent to pages are in shared/contracts/sanitation.ts. */
import type { Moderated } from './moderation';
import type { Gender } from './names';
import type { WithPhotos } from './photo-records';
import type { CarriesEffects } from './records';
import type { FacilityKind, FacilityStatus, SewageMode } from './sanitation-facility';
import type { Acceptance, Satisfaction, SortingResult, ToiletMode, ToiletWork } from './sanitation-household';
import type { HandlingLevel, OrderStatus, ReportCategory, SanitationRoutingRule } from './sanitation-report';

export interface FacilityPlace {
  /** Words a villager understands: 村委会东侧大槐树下. */
  description: string;
  lat: number | null;
  lng: number | null;
}

export interface FacilityStatusEntry {
  status: FacilityStatus;
  at: string;
  byId: string;
  byName: string;
  note: string | null;
}

export interface FacilityRecord {
  _id: string;
  /** The code the county file gives it (unique in the county). */
  code: string;
  kind: FacilityKind;
  mode: SewageMode | null;
  name: string;
  /** The unit it belongs to: a village, or a town or the county for shared plants. */
  unitId: string;
  unitName: string;
  villageId: string | null;
  townId: string | null;
  countyId: string;
  path: string[];
  place: FacilityPlace;
  capacity: { value: number; unit: string } | null;
  /** Households whose sewage it treats (sewage kinds). */
  householdsServed: number | null;
  /** Collection points: the longest a point may wait between two collections. */
  collectEveryDays: number | null;
  responsible: { unitName: string; personName: string | null; phone: string | null };
  status: FacilityStatus;
  /** Every status the facility was in, oldest first (a few entries a year). */
  history: FacilityStatusEntry[];
  /** The unfinished work order reports of this facility join (see sanitation-report.ts). */
  openOrderId: string | null;
  lastInspectedAt: string | null;
  lastCollectedAt: string | null;
  /** When the collection alert fires next (collection points; null for other kinds). */
  collectDueAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface InspectionRecord extends Moderated {
  _id: string;
  facilityId: string;
  villageId: string | null;
  path: string[];
  inspectorId: string;
  inspectorName: string;
  /** The day inspected (YYYY-MM-DD, China time). */
  date: string;
  ok: boolean;
  findings: string;
  createdAt: string;
}

export interface OrderTimelineEntry {
  at: string;
  /** accept, fix, confirm, reopen, merge, escalate, submit */
  action: string;
  actorId: string;
  actorName: string;
  note: string | null;
  /** The held-text field the note is checked as (`note`, `fixNote`, `reopen-1`…). */
  field?: string;
}

/** A work order: one problem, fixed once, with every person who reported it. */
export interface WorkOrderRecord extends Moderated, WithPhotos, CarriesEffects {
  _id: string;
  category: ReportCategory;
  facilityId: string | null;
  facilityName: string | null;
  /** Where, in words (the facility's place, or what the reporter wrote). */
  placeText: string;
  villageId: string;
  villageName: string;
  townId: string;
  countyId: string;
  path: string[];
  level: HandlingLevel;
  handlerUnitId: string;
  ruleId: string | null;
  routeReason: string;
  /** Hours the rule gave: the deadline, and again after a reopen. */
  deadlineHours: number;
  status: OrderStatus;
  handlerId: string | null;
  handlerName: string | null;
  reporterIds: string[];
  /** On the village's public list: every text on it passed the content check (or was released). */
  public: boolean;
  /** The first report's words (held when the check flags them). */
  note: string | null;
  firstReporterId: string;
  reportCount: number;
  deadlineAt: string;
  /** Set once when the overdue timer told the town (the claim that makes overlapping runs safe). */
  escalatedAt: string | null;
  fixNote: string | null;
  fixedAt: string | null;
  fixedOnTime: boolean | null;
  reopenCount: number;
  closedAt: string | null;
  /** YYYY-MM of creation, China time: the figures group by it. */
  month: string;
  timeline: OrderTimelineEntry[];
  createdAt: string;
  updatedAt: string;
}

/** Where a report goes, as the county's rules said when it was received (受理): the order it opens is routed so. */
export interface ReportRoute {
  level: HandlingLevel;
  handlerUnitId: string;
  ruleId: string | null;
  reason: string;
  deadlineHours: number;
}

/**
 * One person's report: never lost, even when it joined another's order. Two phases, as a 12345 line
 * works: 受理 (the resident's action writes this record alone, `dispatched: false`), then 派单 (the
 * sanitation `dispatch` timer opens or joins its order and sets `orderId`).
 */
export interface ReportRecord extends Moderated {
  _id: string;
  /** The order it opened or joined; null until it is dispatched. */
  orderId: string | null;
  /** False from 受理 until 派单: the dispatch timer's queue (indexed with createdAt; a boolean, as null is no index key). */
  dispatched: boolean;
  dispatchedAt: string | null;
  reporterId: string;
  reporterName: string;
  reporterGender: Gender | null;
  category: ReportCategory;
  facilityId: string | null;
  villageId: string;
  path: string[];
  note: string | null;
  /** The photos sent with it (attached to its order; the order shows at most ORDER_PHOTOS_CAP). */
  photoIds: string[];
  /** True when it joined an order someone else had opened (known once dispatched). */
  merged: boolean;
  /** Its facility had an unfinished order when it was received: it will join that one. */
  joining: boolean;
  /** Where, in words (the facility's place, or what the reporter wrote), and the facility's name. */
  placeText: string;
  facilityName: string | null;
  villageName: string;
  /** The village's path (the order's; `path` is the reporter's own place in it). */
  villagePath: string[];
  route: ReportRoute;
  requestId: string | null;
  createdAt: string;
}

/** The routing rules of a county, in force: one document per county (edited by its admins). */
export interface SanitationRulesRecord {
  _id: string;
  countyId: string;
  rules: SanitationRoutingRule[];
  updatedAt: string;
}

/** A household's toilet and sorting bins (one document per household, id = the household's id). */
export interface SanitationHouseholdRecord extends CarriesEffects {
  _id: string;
  villageId: string;
  townId: string;
  countyId: string;
  gridId: string | null;
  path: string[];
  headName: string;
  toilet: {
    mode: ToiletMode;
    work: ToiletWork;
    /** YYYY-MM-DD the toilet was built or converted. */
    doneOn: string;
    acceptance: Acceptance;
    satisfaction: Satisfaction | null;
  } | null;
  /** Denormalised from the toilet for the figures: one of the modes and accepted. */
  sanitaryToilet: boolean;
  bins: { count: number; givenOn: string } | null;
  hasBins: boolean;
  updatedAt: string;
  updatedById: string;
}

/** One month's garbage-sorting check of a household (id `<householdId>_<month>`). */
export interface SortingCheckRecord extends CarriesEffects {
  _id: string;
  householdId: string;
  villageId: string;
  path: string[];
  month: string;
  result: SortingResult;
  /** The 环保卫生 points this result stands for, by the one rule (sortingPoints) at the indicator's max then. */
  points: number;
  checkerId: string;
  checkerName: string;
  createdAt: string;
}

/** A collection run (村收集) or a transfer trip (县转运) at a facility. */
export interface CollectionRunRecord {
  _id: string;
  facilityId: string;
  kind: 'collection' | 'transfer';
  villageId: string | null;
  path: string[];
  /** YYYY-MM-DD */
  date: string;
  /** Estimated volume, in the facility's words (桶 / 吨 / 立方米). */
  volume: number;
  unit: string;
  byId: string;
  byName: string;
  createdAt: string;
}

/** A village's monthly check that sewage without a treatment facility is under control (id `<villageId>_<month>`). */
export interface SewageCheckRecord {
  _id: string;
  villageId: string;
  townId: string;
  countyId: string;
  path: string[];
  month: string;
  controlled: boolean;
  note: string | null;
  byId: string;
  byName: string;
  createdAt: string;
}
