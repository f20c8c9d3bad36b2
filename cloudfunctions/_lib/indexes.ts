/**
 * Indexes every function relies on. The local engine creates them as SQLite indexes; in the cloud
 * they are created once per environment in the CloudBase console (or `tcb db` tooling) from
 * this same list, so no query the functions make needs a collection scan.
 */
export interface IndexDeclaration {
  collection: string;
  fields: { field: string; direction: 'asc' | 'desc' }[];
  unique?: boolean;
}

const asc = (field: string) => ({ field, direction: 'asc' as const });
const desc = (field: string) => ({ field, direction: 'desc' as const });

export const INDEXES: IndexDeclaration[] = [
  { collection: 'users', fields: [asc('openid')], unique: true },
  { collection: 'users', fields: [asc('persona')] },
  { collection: 'orgUnits', fields: [asc('parentId')] },
  { collection: 'orgUnits', fields: [asc('kind')] },
  { collection: 'households', fields: [asc('unitId')] },
  { collection: 'wishes', fields: [asc('villageId'), asc('status'), desc('createdAt')] },
  { collection: 'wishes', fields: [asc('wisherId'), desc('createdAt')] },
  { collection: 'wishes', fields: [asc('claimantId'), asc('status')] },
  { collection: 'notifications', fields: [asc('recipientId'), desc('createdAt')] },
  { collection: 'notifications', fields: [asc('delivery.status'), asc('delivery.nextAttemptAt')] },
  { collection: 'auditLog', fields: [asc('target.id')] },
  { collection: 'auditLog', fields: [asc('actorId')] },
  { collection: 'notifications', fields: [asc('delivery.claim')] },
  { collection: 'notifications', fields: [asc('delivery.status'), desc('createdAt')] },
  { collection: 'subscriptions', fields: [asc('userId')] },
  // cases: the deadline timer's due-by-now ranges, the handler lists, the figures and repeat detection.
  { collection: 'cases', fields: [asc('status'), asc('escalateAt')] },
  { collection: 'cases', fields: [asc('status'), asc('warnAt')] },
  { collection: 'cases', fields: [asc('status'), asc('followUpNoticeAt')] },
  { collection: 'cases', fields: [asc('status'), asc('deadlineAt')] },
  { collection: 'cases', fields: [asc('reporterId'), desc('createdAt')] },
  { collection: 'cases', fields: [asc('gridId'), desc('createdAt')] },
  { collection: 'cases', fields: [asc('villageId'), asc('status')] },
  { collection: 'cases', fields: [asc('townId'), asc('status')] },
  { collection: 'cases', fields: [asc('countyId'), asc('status')] },
  { collection: 'cases', fields: [asc('committeeId'), asc('status')] },
  { collection: 'cases', fields: [asc('villageId'), asc('month')] },
  { collection: 'cases', fields: [asc('townId'), asc('month')] },
  { collection: 'cases', fields: [asc('countyId'), asc('month')] },
  { collection: 'cases', fields: [asc('partiesKey')] },
  { collection: 'routingRules', fields: [asc('countyId'), asc('order')] },
  { collection: 'policeServices', fields: [asc('homeId'), asc('mode')] },
  { collection: 'policeSlots', fields: [asc('serviceId'), asc('date')] },
  { collection: 'policeSlots', fields: [asc('homeId'), asc('date')] },
  { collection: 'policeBookings', fields: [asc('homeId'), asc('date')] },
  { collection: 'policeBookings', fields: [asc('homeId'), asc('month')] },
  { collection: 'policeBookings', fields: [asc('userId'), desc('startAt')] },
  { collection: 'policeBookings', fields: [asc('date'), asc('status')] },
  { collection: 'policeSessions', fields: [asc('homeId'), asc('startAt')] },
  { collection: 'policeSignups', fields: [asc('sessionId'), asc('status')] },
  { collection: 'policeSignups', fields: [asc('userId'), desc('startAt')] },
  { collection: 'policeSignups', fields: [asc('homeId'), asc('month')] },
  { collection: 'policeSignups', fields: [asc('status'), asc('startAt')] },
  { collection: 'policeQueues', fields: [asc('homeId'), asc('month')] },
  { collection: 'policeHomeVisits', fields: [asc('homeId'), asc('status')] },
  { collection: 'policeHomeVisits', fields: [asc('homeId'), asc('month')] },
  { collection: 'policeHomeVisits', fields: [asc('requesterId'), desc('createdAt')] },
  { collection: 'policeHomeVisits', fields: [asc('subjectId'), desc('createdAt')] },
  { collection: 'users', fields: [asc('residence.unitId')] },
  { collection: 'users', fields: [asc('residence.householdId')] },
  { collection: 'users', fields: [asc('residence.gridId')] },
  { collection: 'pointsMonths', fields: [asc('villageId'), asc('month')] },
  { collection: 'pointsRatings', fields: [asc('villageId'), asc('month'), asc('_id')] },
  { collection: 'pointsRatings', fields: [asc('householdId'), asc('month')] },
  { collection: 'pointsObjections', fields: [asc('villageId'), asc('month'), asc('status')] },
  { collection: 'pointsLedger', fields: [asc('householdId'), asc('month')] },
  { collection: 'pointsLedger', fields: [asc('householdId'), asc('year')] },
  { collection: 'pointsLedger', fields: [asc('villageId'), asc('year')] },
  // powers: the published list, versions, matters by applicant / queue / village, overdue timer, stats, complaints, talks.
  { collection: 'powerItems', fields: [asc('unitId'), asc('status')] },
  { collection: 'powerItemVersions', fields: [asc('itemId'), desc('publishedAt')] },
  { collection: 'matters', fields: [asc('applicantId'), desc('createdAt')] },
  { collection: 'matters', fields: [asc('status'), asc('currentRole'), asc('villageId')] },
  { collection: 'matters', fields: [asc('status'), asc('currentRole'), asc('townId')] },
  { collection: 'matters', fields: [asc('status'), asc('currentRole'), asc('gridId')] },
  { collection: 'matters', fields: [asc('villageId'), desc('createdAt')] },
  { collection: 'matters', fields: [asc('townId'), desc('createdAt')] },
  { collection: 'matters', fields: [asc('status'), asc('flagDueAt')] },
  { collection: 'powerStats', fields: [asc('villageId')] },
  { collection: 'powerStats', fields: [asc('countyId')] },
  { collection: 'powerComplaints', fields: [asc('villageId'), asc('status'), desc('createdAt')] },
  { collection: 'powerComplaints', fields: [asc('matterId'), desc('createdAt')] },
  { collection: 'reminderTalks', fields: [asc('cadreId'), desc('createdAt')] },
  { collection: 'reminderTalks', fields: [asc('villageId'), desc('createdAt')] },
  { collection: 'reminderTalks', fields: [asc('countyId')] },
  { collection: 'reminderTalks', fields: [asc('townId')] },
  // auth.exportMyData: the person's walk-in tickets, complaints, and their household's objections and dividends.
  { collection: 'policeQueues', fields: [asc('tickets.userId')] },
  { collection: 'powerComplaints', fields: [asc('complainantId'), desc('createdAt')] },
  { collection: 'pointsObjections', fields: [asc('householdId'), asc('month')] },
  { collection: 'pointsDividends', fields: [asc('villageId'), asc('year')] },
];
