import type { CaseConfigRecord, CaseRecord, RoutingRuleRecord, RoutingRuleSetRecord } from '../../shared/domain/case-records';
import type { FanOutRecord, OutboxRecord, SubscriptionRecord } from '../../shared/domain/notifications-records';
import type {
  PointsBoardRecord,
  PointsDividendRecord,
  PointsLedgerRecord,
  PointsMonthRecord,
  PointsImportRecord,
  PointsObjectionRecord,
  PointsRatingRecord,
  PointsSettingsRecord,
} from '../../shared/domain/points-records';
import type {
  BookerRecord,
  BookingRecord,
  GroupSessionRecord,
  HomeVisitRecord,
  PoliceHomeRecord,
  PoliceServiceRecord,
  QueueDayRecord,
  SignupRecord,
  SlotRecord,
} from '../../shared/domain/police-records';
import type {
  MatterRecord,
  PowerComplaintRecord,
  PowerItemRecord,
  PowerItemVersionRecord,
  PowerStatsRecord,
  ReminderTalkRecord,
  TalkLedgerRecord,
} from '../../shared/domain/power-records';
import type { CareRecipientRecord, CodeAttemptRecord, InvitationRecord, PartyOrgRecord, PartyRegistrationRecord } from '../../shared/domain/admin-records';
import type { AlertEscalationRecord, AlertGridRecord, AlertRecord, DashboardReadRecord } from '../../shared/domain/alert-records';
import type { SignalRecord, SignalRuleRecord } from '../../shared/domain/signal-records';
import type {
  CouncilAgendaItemRecord,
  CouncilBallotRecord,
  CouncilCovenantAckRecord,
  CouncilCovenantRecord,
  CouncilHonouredRecord,
  CouncilHonourRecord,
  CouncilNominationRecord,
  CouncilObjectionRecord,
  CouncilDecisionRecord,
  CouncilFollowRecord,
  CouncilMeetingRecord,
  CouncilRatingRecord,
  CouncilRecord,
  CouncilSettingsRecord,
  CouncilSupportRecord,
  CouncilTopicRecord,
  CouncilTurnRecord,
  CouncilVoteRecord,
  CouncilVoterRecord,
} from '../../shared/domain/council-records';
import type {
  CollectionRunRecord,
  FacilityRecord,
  InspectionRecord,
  ReportRecord,
  SanitationHouseholdRecord,
  SanitationRulesRecord,
  SewageCheckRecord,
  SortingCheckRecord,
  WorkOrderRecord,
} from '../../shared/domain/sanitation-records';
import type { PhotoRecord } from '../../shared/domain/photo-records';
import type {
  VolunteerActivityRecord,
  VolunteerHourRecord,
  VolunteerRecord,
  VolunteerServiceRecord,
  VolunteerSignupRecord,
  VolunteerVisitRecord,
  VenueBookingRecord,
  VenueRecord,
  VenueSlotRecord,
} from '../../shared/domain/volunteer-records';
import type { AccountErasureRecord, AuditRecord, HouseholdRecord, OrgUnitRecord, UserRecord, WishRecord } from '../../shared/domain/records';

/**
 * Every collection the product keeps, declared once: its name, the shape of its documents and the
 * indexes its queries need. The functions, the index list (indexes.ts), the privacy export, the seed,
 * the local runtime and provisioning all read this table; no service spells a collection name.
 */
export interface IndexFields {
  fields: { field: string; direction: 'asc' | 'desc' }[];
  unique?: boolean;
}

export interface Collection<R, N extends string = string> {
  name: N;
  indexes: readonly IndexFields[];
  /** Holds personal information: docs/privacy-guide.md declares it (a unit test keeps the two in step). */
  personal: boolean;
  /** Its records carry effects (`_lib/effects.ts`): the notifications `dispatch` timer drains them, by the index added for it. */
  effects: boolean;
  /** Type only: the document shape (never set at run time). */
  readonly record?: R;
}

/** `defineCollection<UserRecord>()('users', …)`: the record type is named, the name is inferred. */
export function defineCollection<R>() {
  return <N extends string>(name: N, spec: { indexes?: IndexFields[]; personal?: true; effects?: true } = {}): Collection<R, N> => ({
    name,
    indexes: [...(spec.indexes ?? []), ...(spec.effects ? [EFFECTS_INDEX] : [])],
    personal: spec.personal ?? false,
    effects: spec.effects ?? false,
  });
}

/** The drain's query over a collection that carries effects: the records still owing some, oldest first. */
const EFFECTS_INDEX: IndexFields = { fields: [{ field: 'effectsPending', direction: 'asc' }, { field: 'effectsSince', direction: 'asc' }] };

const asc = (field: string) => ({ field, direction: 'asc' as const });
const desc = (field: string) => ({ field, direction: 'desc' as const });
const index = (...fields: IndexFields['fields']): IndexFields => ({ fields });

/** The local runtime's sign-in sessions (local/sessions.ts): a token's hash → openid. */
export interface DevSessionRecord {
  _id: string;
  openid: string;
  createdAt: string;
  expiresAt: string;
}

/** `config`: named documents of deployment settings (e.g. `subscribe`, the subscribe-message templates). */
export type ConfigRecord = { _id: string } & Record<string, unknown>;

export const COLLECTIONS = {
  // People and places.
  users: defineCollection<UserRecord>()('users', {
    personal: true,
    // Registering is one add of the record, carrying the cadres' notice (and a code's audit entry) (_lib/effects.ts).
    effects: true,
    indexes: [
      { fields: [asc('openid')], unique: true },
      index(asc('persona')),
      index(asc('residence.unitId')),
      index(asc('residence.householdId')),
      index(asc('residence.gridId')),
      // admin.findPeople in a town or the county; holders and retiring a unit by the roles held there;
      // "the cadres of village V" (usersWithRoleAt): registration, routing, alerts.
      index(asc('residence.path')),
      index(asc('roleKeys')),
      index(asc('roles.unitId')),
    ],
  }),
  // 注销账号's staged part (auth `erase`): the pending jobs whose lease has run out, oldest first.
  accountErasures: defineCollection<AccountErasureRecord>()('accountErasures', { personal: true, indexes: [index(asc('status'), asc('leaseUntil'))] }),
  // path: the grids under a unit (cases.config's places); partyGroupMemberIds: the grids whose 网格党小组 a closing account leaves.
  orgUnits: defineCollection<OrgUnitRecord>()('orgUnits', { indexes: [index(asc('parentId')), index(asc('kind')), index(asc('path')), index(asc('partyGroupMemberIds'))] }),
  households: defineCollection<HouseholdRecord>()('households', { personal: true, indexes: [index(asc('unitId')), index(asc('path'))] }),
  // path + at: a supervisor's or county admin's reading of their jurisdiction, newest first (audit.list).
  auditLog: defineCollection<AuditRecord>()('auditLog', { personal: true, indexes: [index(asc('target.id')), index(asc('actorId')), index(asc('path'), desc('at'))] }),
  config: defineCollection<ConfigRecord>()('config'),
  // Uploaded photos (_lib/storage.ts): the image check's answer finds its photo by traceId; the privacy export by owner.
  photos: defineCollection<PhotoRecord>()('photos', { personal: true, indexes: [index(asc('traceId')), index(asc('ownerId'), desc('createdAt'))] }),

  // wishes
  wishes: defineCollection<WishRecord>()('wishes', {
    personal: true,
    // Each action is one write to the wish; its notices and audit entry ride on it (_lib/effects.ts).
    effects: true,
    indexes: [
      index(asc('villageId'), asc('status'), desc('createdAt')),
      index(asc('wisherId'), desc('createdAt')),
      index(asc('claimantId'), asc('status')),
    ],
  }),

  // notifications
  notifications: defineCollection<OutboxRecord>()('notifications', {
    personal: true,
    indexes: [
      index(asc('recipientId'), desc('createdAt')),
      index(asc('delivery.status'), asc('delivery.nextAttemptAt')),
      index(asc('delivery.claim')),
      index(asc('delivery.status'), desc('createdAt')),
      // The notices about a person (aboutId), rewritten when that person's account closes.
      index(asc('aboutId')),
    ],
  }),
  // Messages to a whole village, expanded into `notifications` by the dispatcher in bounded pages.
  fanOuts: defineCollection<FanOutRecord>()('fanOuts', { indexes: [index(asc('status'), asc('createdAt'))] }),
  subscriptions: defineCollection<SubscriptionRecord>()('subscriptions', { personal: true, indexes: [index(asc('userId'))] }),

  // cases: the deadline timer's due-by-now ranges, the handler lists, the figures and repeat detection.
  cases: defineCollection<CaseRecord>()('cases', {
    personal: true,
    // A report is one add and each sheet one conditional update; their notices and audit entry ride on it (_lib/effects.ts).
    effects: true,
    indexes: [
      index(asc('status'), asc('escalateAt')),
      index(asc('status'), asc('warnAt')),
      index(asc('status'), asc('followUpNoticeAt')),
      index(asc('status'), asc('deadlineAt')),
      index(asc('reporterId'), desc('createdAt')),
      index(asc('gridId'), desc('createdAt')),
      index(asc('villageId'), asc('status')),
      index(asc('townId'), asc('status')),
      index(asc('countyId'), asc('status')),
      index(asc('committeeId'), asc('status')),
      index(asc('villageId'), asc('month')),
      index(asc('townId'), asc('month')),
      index(asc('countyId'), asc('month')),
      index(asc('partiesKey')),
    ],
  }),
  caseConfig: defineCollection<CaseConfigRecord>()('caseConfig'),
  routingRules: defineCollection<RoutingRuleRecord>()('routingRules', { indexes: [index(asc('countyId'), asc('order'))] }),
  // countyId + version: the rules in force (the newest) and the history, newest first.
  routingRuleSets: defineCollection<RoutingRuleSetRecord>()('routingRuleSets', { indexes: [index(asc('countyId'), desc('version'))] }),

  // police (警民之家)
  // path: the homes under a unit (police.homes for town and county); path + month: a town's or the
  // county's services of a month (monthlyCounts, the dashboard).
  // 管理本站's changes of the hours and the services carry their audit entries (_lib/effects.ts).
  policeHomes: defineCollection<PoliceHomeRecord>()('policeHomes', { effects: true, indexes: [index(asc('path'))] }),
  // (mode, active): openSlots reads every active appointment service, keyset-paged.
  policeServices: defineCollection<PoliceServiceRecord>()('policeServices', { effects: true, indexes: [index(asc('homeId'), asc('mode')), index(asc('mode'), asc('active'))] }),
  policeSlots: defineCollection<SlotRecord>()('policeSlots', {
    indexes: [index(asc('serviceId'), asc('date')), index(asc('homeId'), asc('date'))],
  }),
  policeBookings: defineCollection<BookingRecord>()('policeBookings', {
    personal: true,
    // 预约 writes the booking with its officers' notice on it (_lib/effects.ts).
    effects: true,
    indexes: [
      index(asc('homeId'), asc('date')),
      index(asc('homeId'), asc('month')),
      index(asc('path'), asc('month')),
      index(asc('userId'), desc('startAt')),
      index(asc('date'), asc('status')),
    ],
  }),
  policeBookers: defineCollection<BookerRecord>()('policeBookers', { personal: true }),
  // A session's change and its cancellation carry their notices and audit entries (_lib/effects.ts).
  policeSessions: defineCollection<GroupSessionRecord>()('policeSessions', { effects: true, indexes: [index(asc('homeId'), asc('startAt'))] }),
  policeSignups: defineCollection<SignupRecord>()('policeSignups', {
    personal: true,
    // A promotion and a cancellation carry their notices (_lib/effects.ts).
    effects: true,
    indexes: [
      index(asc('sessionId'), asc('status')),
      index(asc('userId'), desc('startAt')),
      index(asc('homeId'), asc('month')),
      index(asc('path'), asc('month')),
      index(asc('status'), asc('startAt')),
    ],
  }),
  // tickets.userId: auth.exportMyData finds the person's walk-in tickets.
  policeQueues: defineCollection<QueueDayRecord>()('policeQueues', {
    personal: true,
    // 叫号's audit entry rides on the day (_lib/effects.ts).
    effects: true,
    indexes: [index(asc('homeId'), asc('month')), index(asc('path'), asc('month')), index(asc('tickets.userId'))],
  }),
  policeHomeVisits: defineCollection<HomeVisitRecord>()('policeHomeVisits', {
    personal: true,
    // A request carries the officers' notice (_lib/effects.ts).
    effects: true,
    indexes: [
      index(asc('homeId'), asc('status')),
      index(asc('homeId'), asc('month')),
      index(asc('path'), asc('month')),
      index(asc('requesterId'), desc('createdAt')),
      index(asc('subjectId'), desc('createdAt')),
    ],
  }),

  // points (积分制)
  pointsSettings: defineCollection<PointsSettingsRecord>()('pointsSettings'),
  // Finalising flips the month with its audit entry riding on it (_lib/effects.ts).
  pointsMonths: defineCollection<PointsMonthRecord>()('pointsMonths', { effects: true, indexes: [index(asc('villageId'), asc('month'))] }),
  pointsRatings: defineCollection<PointsRatingRecord>()('pointsRatings', {
    personal: true,
    indexes: [index(asc('villageId'), asc('month'), asc('_id')), index(asc('householdId'), asc('month'))],
  }),
  // householdId: auth.exportMyData reads a household's objections.
  pointsImports: defineCollection<PointsImportRecord>()('pointsImports'),
  pointsObjections: defineCollection<PointsObjectionRecord>()('pointsObjections', {
    personal: true,
    // Raising one is one write; its notices ride on it (_lib/effects.ts).
    effects: true,
    indexes: [index(asc('villageId'), asc('month'), asc('status')), index(asc('householdId'), asc('month'))],
  }),
  pointsLedger: defineCollection<PointsLedgerRecord>()('pointsLedger', {
    personal: true,
    // An adjustment is one add; its audit entry (and a held reason's notice) ride on it (_lib/effects.ts).
    effects: true,
    indexes: [index(asc('householdId'), asc('month')), index(asc('householdId'), asc('year')), index(asc('villageId'), asc('year'))],
  }),
  pointsBoards: defineCollection<PointsBoardRecord>()('pointsBoards'),
  pointsDividends: defineCollection<PointsDividendRecord>()('pointsDividends', {
    personal: true,
    indexes: [index(asc('villageId'), asc('year'))],
  }),

  // powers (小微权力): the published list, versions, matters by applicant / queue / village, overdue timer, stats, complaints, talks.
  // countyId + code: the villages that adjusted an item, told when the county publishes a new version of it.
  powerItems: defineCollection<PowerItemRecord>()('powerItems', { indexes: [index(asc('unitId'), asc('status')), index(asc('countyId'), asc('code'))] }),
  powerItemVersions: defineCollection<PowerItemVersionRecord>()('powerItemVersions', {
    indexes: [index(asc('itemId'), desc('publishedAt'))],
  }),
  matters: defineCollection<MatterRecord>()('matters', {
    personal: true,
    // Each action is one write to the matter; its notices and audit entry ride on it (_lib/effects.ts).
    effects: true,
    indexes: [
      // The powers tally timer: matters whose counts are still to be moved into powerStats.
      index(asc('tallyPending')),
      index(asc('applicantId'), desc('createdAt')),
      index(asc('status'), asc('currentRole'), asc('villageId')),
      index(asc('status'), asc('currentRole'), asc('townId')),
      index(asc('status'), asc('currentRole'), asc('gridId')),
      index(asc('villageId'), desc('createdAt')),
      index(asc('townId'), desc('createdAt')),
      index(asc('status'), asc('flagDueAt')),
    ],
  }),
  powerStats: defineCollection<PowerStatsRecord>()('powerStats', { indexes: [index(asc('villageId')), index(asc('countyId'))] }),
  // complainantId: auth.exportMyData reads the person's complaints.
  powerComplaints: defineCollection<PowerComplaintRecord>()('powerComplaints', {
    personal: true,
    // A complaint is one add; the supervisors' notice rides on it (_lib/effects.ts).
    effects: true,
    indexes: [
      index(asc('villageId'), asc('status'), desc('createdAt')),
      index(asc('matterId'), desc('createdAt')),
      index(asc('complainantId'), desc('createdAt')),
    ],
  }),
  reminderTalks: defineCollection<ReminderTalkRecord>()('reminderTalks', {
    personal: true,
    indexes: [
      index(asc('cadreId'), desc('createdAt')),
      index(asc('villageId'), desc('createdAt')),
      index(asc('countyId')),
      index(asc('townId')),
    ],
  }),
  powerTallies: defineCollection<TalkLedgerRecord>()('powerTallies'),

  // sanitation (三污治理): facilities by village / under a unit and the collection alert; inspections
  // of a facility; work orders by village, handling unit, the overdue timer and the figures; each report by its reporter and order.
  sanitationFacilities: defineCollection<FacilityRecord>()('sanitationFacilities', {
    // path + updatedAt: the 研判 source reads the facilities of a county changed within a rule's window.
    indexes: [index(asc('villageId'), asc('kind')), index(asc('path')), index(asc('kind'), asc('collectDueAt')), index(asc('path'), desc('updatedAt'))],
  }),
  // path + ok + createdAt: the 研判 source reads a county's failed inspections within a rule's window.
  sanitationInspections: defineCollection<InspectionRecord>()('sanitationInspections', { personal: true, indexes: [index(asc('facilityId'), desc('createdAt')), index(asc('path'), asc('ok'), desc('createdAt'))] }),
  sanitationOrders: defineCollection<WorkOrderRecord>()('sanitationOrders', {
    personal: true,
    // Accepting, fixing, reopening and confirming are one write to the order; their notices and audit entry ride on it (_lib/effects.ts).
    effects: true,
    indexes: [
      index(asc('villageId'), desc('createdAt')),
      index(asc('villageId'), asc('public'), asc('photosChecked'), desc('createdAt')),
      index(asc('handlerUnitId'), desc('createdAt')),
      index(asc('status'), asc('deadlineAt')),
      index(asc('reporterIds')),
      index(asc('villageId'), asc('month')),
      index(asc('townId'), asc('month')),
      index(asc('countyId'), asc('month')),
      // The figures of any place: its orders by month (a path holds the village, its town and county).
      index(asc('path'), asc('month')),
    ],
  }),
  sanitationReports: defineCollection<ReportRecord>()('sanitationReports', {
    personal: true,
    // The dispatch timer's queue: reports received and not yet dispatched, oldest first.
    indexes: [index(asc('reporterId'), desc('createdAt')), index(asc('orderId')), index(asc('dispatched'), asc('createdAt'))],
  }),
  sanitationRules: defineCollection<SanitationRulesRecord>()('sanitationRules'),
  // Households' toilets and bins, sorting checks by household and village-month, the garbage chain's runs, sewage control by village.
  // A household's toilet, bins and month's check are one write each, carrying the audit entry (_lib/effects.ts).
  sanitationHouseholds: defineCollection<SanitationHouseholdRecord>()('sanitationHouseholds', { personal: true, effects: true, indexes: [index(asc('villageId')), index(asc('path'))] }),
  sortingChecks: defineCollection<SortingCheckRecord>()('sortingChecks', {
    personal: true,
    effects: true,
    indexes: [index(asc('householdId'), desc('month')), index(asc('villageId'), asc('month'))],
  }),
  collectionRuns: defineCollection<CollectionRunRecord>()('collectionRuns', { indexes: [index(asc('facilityId'), desc('date')), index(asc('path'), desc('date'))] }),
  sewageChecks: defineCollection<SewageCheckRecord>()('sewageChecks', { indexes: [index(asc('villageId'), desc('month')), index(asc('path'), desc('month'))] }),

  // admin (管理): invitations by the unit they appoint at, 双报到 by community and by party organisation.
  invitations: defineCollection<InvitationRecord>()('invitations', { personal: true, indexes: [index(asc('unitId'), desc('createdAt'))] }),
  partyOrgs: defineCollection<PartyOrgRecord>()('partyOrgs', { personal: true, indexes: [index(asc('countyId')), index(asc('secretaryId'))] }),
  partyRegistrations: defineCollection<PartyRegistrationRecord>()('partyRegistrations', {
    personal: true,
    // Applying and deciding are one write to the registration, carrying the notices and the audit entry (_lib/effects.ts).
    effects: true,
    indexes: [index(asc('unitId'), asc('status')), index(asc('partyOrgId'), asc('status'))],
  }),
  codeAttempts: defineCollection<CodeAttemptRecord>()('codeAttempts'),
  // The grid's care register (关爱对象): a grid's list, a village's, and a household's entries.
  careRecipients: defineCollection<CareRecipientRecord>()('careRecipients', {
    personal: true,
    // userId: the entry linked to a person's account (the privacy export, account closing).
    indexes: [index(asc('gridId'), asc('active')), index(asc('villageId'), asc('active')), index(asc('householdId')), index(asc('userId'))],
  }),

  // alerts (风险预警): a resident's alerts in force by the places of their home, a town's and the county's
  // lists, the escalation timer's due alerts; a grid's acknowledgements by alert; escalations by alert.
  alerts: defineCollection<AlertRecord>()('alerts', {
    indexes: [
      index(asc('areaUnitIds'), asc('status')),
      index(asc('placeIds'), asc('status')),
      index(asc('placeIds'), desc('issuedAt')),
      index(asc('countyId'), desc('issuedAt')),
      index(asc('status'), asc('escalateAt')),
    ],
  }),
  // acks.userId: a grid leader's acknowledgements (the privacy export, account closing).
  // An acknowledgement's audit entry rides on the grid's row (_lib/effects.ts).
  alertGrids: defineCollection<AlertGridRecord>()('alertGrids', { personal: true, effects: true, indexes: [index(asc('alertId')), index(asc('acks.userId'))] }),
  alertEscalations: defineCollection<AlertEscalationRecord>()('alertEscalations', { indexes: [index(asc('alertId'))] }),
  // 驾驶舱: each section as last read for a place and range (by id only), what the Excel export is built from.
  dashboardReads: defineCollection<DashboardReadRecord>()('dashboardReads'),
  // 研判: a county's rules; signals by the open key (one open per rule and group), and a village's, town's, county's inbox.
  signalRules: defineCollection<SignalRuleRecord>()('signalRules', { indexes: [index(asc('countyId')), index(asc('enabled'))] }),
  signals: defineCollection<SignalRecord>()('signals', {
    indexes: [
      index(asc('openKey'), asc('status')),
      index(asc('villageId'), asc('status'), desc('raisedAt')),
      index(asc('townId'), asc('status'), desc('raisedAt')),
      index(asc('countyId'), asc('status'), desc('raisedAt')),
    ],
  }),

  // 议事协商 (councils): one council per village; topics, supports and follows by topic; meetings by council;
  // votes closing by time (the timer); ballots counted by vote and choice; decisions watched by due date.
  // bodies.representativeIds: the councils a person speaks for (account closing).
  councils: defineCollection<CouncilRecord>()('councils', { personal: true, indexes: [index(asc('villageId')), index(asc('bodies.representativeIds'))] }),
  // byId: the turns a person recorded for their body (account closing).
  // A turn passed is one add in the rotation's transaction; its notices and audit entry ride on it.
  councilTurns: defineCollection<CouncilTurnRecord>()('councilTurns', { personal: true, effects: true, indexes: [index(asc('councilId'), desc('seq')), index(asc('byId'))] }),
  councilAgendaItems: defineCollection<CouncilAgendaItemRecord>()('councilAgendaItems', { indexes: [index(asc('unitId'), asc('active'))] }),
  councilSettings: defineCollection<CouncilSettingsRecord>()('councilSettings'),
  councilTopics: defineCollection<CouncilTopicRecord>()('councilTopics', {
    personal: true,
    // Raising and supporting are one write to the topic; their notices and audit entry ride on it (_lib/effects.ts).
    effects: true,
    indexes: [index(asc('villageId'), desc('createdAt')), index(asc('villageId'), asc('status'), desc('createdAt')), index(asc('raisedBy.userId'), desc('createdAt')), index(asc('path'), desc('createdAt'))],
  }),
  councilSupports: defineCollection<CouncilSupportRecord>()('councilSupports', { personal: true, indexes: [index(asc('topicId'), asc('_id')), index(asc('userId'))] }),
  councilFollows: defineCollection<CouncilFollowRecord>()('councilFollows', { personal: true, indexes: [index(asc('topicId'), asc('_id')), index(asc('userId'))] }),
  // The chair's records of a meeting and the steps of a decision are one write each; notices and audit ride on it.
  councilMeetings: defineCollection<CouncilMeetingRecord>()('councilMeetings', { personal: true, effects: true, indexes: [index(asc('councilId'), desc('createdAt'))] }),
  councilVotes: defineCollection<CouncilVoteRecord>()('councilVotes', { indexes: [index(asc('status'), asc('closesAt')), index(asc('topicId'))] }),
  councilVoters: defineCollection<CouncilVoterRecord>()('councilVoters', { personal: true, indexes: [index(asc('voteId'), asc('_id')), index(asc('userId'))] }),
  councilBallots: defineCollection<CouncilBallotRecord>()('councilBallots', { indexes: [index(asc('voteId'), asc('choice'))] }),
  councilDecisions: defineCollection<CouncilDecisionRecord>()('councilDecisions', {
    effects: true,
    // path + decidedAt: a place's decisions of a range (the 议事协商 figures and the dashboard).
    indexes: [index(asc('villageId'), desc('decidedAt')), index(asc('status'), asc('nextDueDate')), index(asc('path'), desc('decidedAt'))],
  }),
  councilRatings: defineCollection<CouncilRatingRecord>()('councilRatings', { personal: true, indexes: [index(asc('decisionId')), index(asc('userId'))] }),
  // 居民公约 versions by village; acknowledgements by version. 评选 rounds by village; nominations and
  // objections by round; the honours a person holds by person (their profile).
  councilCovenants: defineCollection<CouncilCovenantRecord>()('councilCovenants', { personal: true, indexes: [index(asc('villageId'), desc('version')), index(asc('villageId'), asc('status'))] }),
  councilCovenantAcks: defineCollection<CouncilCovenantAckRecord>()('councilCovenantAcks', { personal: true, indexes: [index(asc('covenantId')), index(asc('userId'))] }),
  councilHonours: defineCollection<CouncilHonourRecord>()('councilHonours', { indexes: [index(asc('villageId'), desc('createdAt')), index(asc('status'), asc('publicityEndsAt'))] }),
  // nominatedBy.userId: the nominations a person made (account closing).
  councilNominations: defineCollection<CouncilNominationRecord>()('councilNominations', {
    personal: true,
    // A nomination is one add carrying its audit entry (and the held-text notice).
    effects: true,
    indexes: [index(asc('honourId'), asc('createdAt')), index(asc('nomineeId')), index(asc('nominatedBy.userId'))],
  }),
  // An objection is one add carrying the secretary's notice.
  councilObjections: defineCollection<CouncilObjectionRecord>()('councilObjections', { personal: true, effects: true, indexes: [index(asc('honourId'), asc('status')), index(asc('nominationId')), index(asc('userId'))] }),
  councilHonoured: defineCollection<CouncilHonouredRecord>()('councilHonoured', { personal: true, indexes: [index(asc('userId'), desc('at')), index(asc('honourId'))] }),
  // volunteers (党建+志愿者): volunteers by community and by certificate code, the 服务清单, activities,
  // sign-ups by activity and by person, and the hours ledger by person and by activity.
  volunteers: defineCollection<VolunteerRecord>()('volunteers', {
    personal: true,
    // Joining is one add, carrying the notice to the community's cadres (_lib/effects.ts).
    effects: true,
    indexes: [index(asc('unitId'), asc('status')), { fields: [asc('certCode')], unique: true }],
  }),
  volunteerServices: defineCollection<VolunteerServiceRecord>()('volunteerServices', { indexes: [index(asc('unitId'), asc('active'))] }),
  // Confirming an activity's hours is one write to it, carrying the audit entry (_lib/effects.ts).
  volunteerActivities: defineCollection<VolunteerActivityRecord>()('volunteerActivities', { indexes: [index(asc('unitId'), asc('startAt')), index(asc('path'), asc('month'), asc('status'))], effects: true }),
  volunteerSignups: defineCollection<VolunteerSignupRecord>()('volunteerSignups', {
    personal: true,
    // A cancellation and a promotion are each one write to the sign-up, carrying the notice.
    effects: true,
    indexes: [index(asc('activityId'), asc('status')), index(asc('userId'), desc('startAt'))],
  }),
  volunteerHours: defineCollection<VolunteerHourRecord>()('volunteerHours', {
    personal: true,
    // path + month: a place's hours by month (the 志愿服务 figures and the dashboard).
    indexes: [index(asc('userId'), desc('at')), index(asc('activityId')), index(asc('signupId')), index(asc('path'), asc('month'))],
  }),
  // gridId + visitedOn: a grid's visit log; careRecipientId + visitedOn: when each person was last visited.
  volunteerVisits: defineCollection<VolunteerVisitRecord>()('volunteerVisits', {
    personal: true,
    indexes: [index(asc('gridId'), desc('visitedOn')), index(asc('careRecipientId'), desc('visitedOn')), index(asc('visitorId'), desc('visitedOn')), index(asc('path'), asc('month'))],
  }),
  // Shared venues: by place (path) and owner; an hour of a venue is one slot; bookings by venue and day, by person, by venue and month.
  venues: defineCollection<VenueRecord>()('venues', { indexes: [index(asc('path'), asc('active')), index(asc('ownerId')), index(asc('ownerKind'), asc('active'))] }),
  venueSlots: defineCollection<VenueSlotRecord>()('venueSlots', { indexes: [index(asc('venueId'), asc('date'))] }),
  venueBookings: defineCollection<VenueBookingRecord>()('venueBookings', {
    personal: true,
    // A booking, its cancellation and its decision are each one write carrying the notices and the audit entry.
    effects: true,
    indexes: [index(asc('venueId'), asc('date')), index(asc('userId'), desc('startAt')), index(asc('venueId'), asc('month'), asc('status')), index(asc('ownerId'), asc('status'))],
  }),

  // The local runtime only (never deployed): its sign-in sessions live in the same database.
  devSessions: defineCollection<DevSessionRecord>()('devSessions'),
} as const;

export type CollectionKey = keyof typeof COLLECTIONS;

/** The document shape stored in a collection: `RecordOf<'users'>` is `UserRecord`. */
export type RecordOf<K extends CollectionKey> = NonNullable<(typeof COLLECTIONS)[K]['record']>;

/** Every collection any function, the seed or the local runtime writes. */
export const COLLECTION_NAMES: readonly string[] = Object.values(COLLECTIONS).map((c) => c.name);

/** The collections that hold personal information (the privacy guide names each). */
export const PERSONAL_COLLECTIONS: readonly string[] = Object.values(COLLECTIONS)
  .filter((c) => c.personal)
  .map((c) => c.name);

/** The collections whose records carry effects (`_lib/effects.ts`), drained by the notifications `dispatch` timer. */
export const EFFECT_COLLECTIONS: readonly string[] = Object.values(COLLECTIONS)
  .filter((c) => c.effects)
  .map((c) => c.name);
