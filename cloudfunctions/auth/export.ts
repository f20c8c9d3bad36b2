import { matterEventLabel } from '../../shared/domain/power-matter';
import type { PhotoRecord } from '../../shared/domain/photo-records';
import type { ReportRecord, SanitationHouseholdRecord, SortingCheckRecord, WorkOrderRecord } from '../../shared/domain/sanitation-records';
import type { Db } from '@cloudbase/database';
import type { In, Out } from './types';
import type { MyDataExport } from '../../shared/contracts/auth';
import type { OutboxRecord, SubscriptionRecord } from '../../shared/domain/notifications-records';
import { visibleText } from '../../shared/domain/moderation';
import { maskNumbersInText, maskPhone, textForReader } from '../../shared/domain/masking';
import type { CareRecipientRecord } from '../../shared/domain/admin-records';
import type { AlertGridRecord, AlertRecord } from '../../shared/domain/alert-records';
import type { AuditRecord, WishRecord, UserRecord } from '../../shared/domain/records';
import type { BookerRecord, BookingRecord, GroupSessionRecord, HomeVisitRecord, QueueDayRecord, SignupRecord } from '../../shared/domain/police-records';
import { waitlistPosition } from '../../shared/domain/police-rules';
import type { CaseRecord } from '../../shared/domain/case-records';
import { CASE_TEXT, caseText } from '../../shared/domain/case-moderation';
import type { MatterRecord, PowerComplaintRecord } from '../../shared/domain/power-records';
import { COMPLAINT_TEXT_FIELDS, shownText } from '../../shared/domain/power-moderation';
import type { PointsDividendRecord, PointsLedgerRecord, PointsMonthRecord, PointsObjectionRecord, PointsRatingRecord } from '../../shared/domain/points-records';
import { hiddenCadreTexts, maskWith } from '../../shared/domain/points-moderation';
import type {
  CouncilCovenantAckRecord,
  CouncilFollowRecord,
  CouncilHonouredRecord,
  CouncilNominationRecord,
  CouncilObjectionRecord,
  CouncilRatingRecord,
  CouncilSupportRecord,
  CouncilTopicRecord,
  CouncilVoterRecord,
} from '../../shared/domain/council-records';
import { clock } from '../_lib/clock';
import { findById, readAll, readByIds } from '../_lib/db';
import type { MemberContext } from '../_lib/handler';
import type { VenueBookingRecord, VolunteerHourRecord, VolunteerRecord, VolunteerSignupRecord, VolunteerVisitRecord } from '../../shared/domain/volunteer-records';
import { COLLECTIONS } from '../_lib/collections';


const byTime = <T>(key: (x: T) => string) => (a: T, b: T) => key(b).localeCompare(key(a));

/** What someone else wrote, as the person's own copy carries it: phone and ID numbers in it masked. */
const othersText = <T extends string | null | undefined>(text: T): T => (text ? (maskNumbersInText(text) as T) : text);

/**
 * One part of the person's copy (shared/contracts/auth.ts MY_DATA_PARTS): each part is at most five
 * reads besides the caller's record, so every call stays within a resident's budget of six database
 * requests (issue 13); a read past 1000 of the person's own documents adds one request per 1000 (the
 * answer's own size, never the county's). The page reads every part and assembles the whole copy.
 */
export async function exportMyData(input: In<'exportMyData'>, ctx: MemberContext): Promise<Out<'exportMyData'>> {
  const { db, caller: u } = ctx;
  switch (input.part) {
    case 'account':
      return { part: 'account', ...(await accountOf(db, u)) };
    case 'wishes':
      return { part: 'wishes', wishes: await wishesOf(db, u) };
    case 'notifications':
      return { part: 'notifications', notifications: await notificationsOf(db, u) };
    case 'policeBookings':
      return { part: 'policeBookings', policeHome: await policeBookingsOf(db, u) };
    case 'policeVisits':
      return { part: 'policeVisits', policeHome: await policeVisitsOf(db, u) };
    case 'cases':
      return { part: 'cases', cases: await casesOf(db, u) };
    case 'powers':
      return { part: 'powers', powers: await powersOf(db, u) };
    case 'points':
      return { part: 'points', points: await pointsOf(db, u) };
    case 'councilTopics':
      return { part: 'councilTopics', councils: await councilTopicsOf(db, u) };
    case 'councilHonours':
      return { part: 'councilHonours', councils: await councilHonoursOf(db, u) };
    case 'sanitation':
      return { part: 'sanitation', sanitation: await sanitationOf(db, u) };
    case 'volunteering':
      return { part: 'volunteering', volunteering: await volunteeringOf(db, u) };
    case 'care':
      return { part: 'care', care: await careOf(db, u) };
  }
}

type ExportOut = MyDataExport;

/** The record itself, the subscribe grants and the audit entries about and by the person: three reads. */
async function accountOf(db: Db, u: UserRecord): Promise<Pick<ExportOut, 'exportedAt' | 'user' | 'subscriptions' | 'auditEntries'>> {
  const [grants, aboutMe, byMe] = await Promise.all([
    readAll<SubscriptionRecord>(db, COLLECTIONS.subscriptions.name, { userId: u._id }),
    readAll<AuditRecord>(db, COLLECTIONS.auditLog.name, { 'target.id': u._id }),
    readAll<AuditRecord>(db, COLLECTIONS.auditLog.name, { actorId: u._id }),
  ]);
  const audit = (a: AuditRecord, relation: 'subject' | 'actor') => ({
    at: a.at,
    action: a.action,
    actorName: a.actorName,
    relation,
    target: a.target,
  });
  const r = u.residence;
  return {
    exportedAt: clock.nowIso(),
    user: {
      id: u._id,
      openid: u.openid,
      name: u.name,
      persona: u.persona,
      roles: u.roles,
      residence: r ? { unitId: r.unitId, gridId: r.gridId, householdId: r.householdId, householdConfirmed: r.householdConfirmed } : null,
      resettled: u.resettled,
      birthYear: u.birthYear,
      phoneMasked: u.phoneMasked,
      createdAt: u.createdAt,
    },
    subscriptions: grants.map((g) => ({ templateKey: g.templateKey, remaining: g.remaining, longTerm: g.longTerm, lastResult: g.lastResult, updatedAt: g.updatedAt })),
    auditEntries: [...aboutMe.map((a) => audit(a, 'subject')), ...byMe.map((a) => audit(a, 'actor'))].sort((a, b) => b.at.localeCompare(a.at)),
  };
}

/** 党建+志愿者: everything keyed by the person's id (each lookup has its declared index). */
async function volunteeringOf(db: Db, u: UserRecord): Promise<ExportOut['volunteering']> {
  const [v, signups, hours, visits, bookings] = await Promise.all([
    findById<VolunteerRecord>(db, COLLECTIONS.volunteers.name, `vl-${u._id}`),
    readAll<VolunteerSignupRecord>(db, COLLECTIONS.volunteerSignups.name, { userId: u._id }),
    readAll<VolunteerHourRecord>(db, COLLECTIONS.volunteerHours.name, { userId: u._id }),
    readAll<VolunteerVisitRecord>(db, COLLECTIONS.volunteerVisits.name, { visitorId: u._id }),
    readAll<VenueBookingRecord>(db, COLLECTIONS.venueBookings.name, { userId: u._id }),
  ]);
  // A sign-up's credited minutes are on its confirmed ledger entry (none: nothing was left to count).
  const confirmed = new Map(hours.filter((h) => h.kind === 'confirmed').map((h) => [h.signupId, h.minutes]));
  return {
    volunteer: v ? { unitName: v.unitName, skills: v.skills, availability: v.availability, status: v.status, certCode: v.certCode, joinedAt: v.joinedAt } : null,
    signups: signups.sort(byTime((s) => s.startAt)).map((s) => ({ id: s._id, title: s.title, startAt: s.startAt, status: s.status, checkInAt: s.checkInAt, checkOutAt: s.checkOutAt, creditedMinutes: s.creditedAt === null ? null : (confirmed.get(s._id) ?? 0) })),
    hours: hours.sort(byTime((h) => h.at)).map((h) => ({ id: h._id, title: h.title, date: h.date, minutes: h.minutes, kind: h.kind, reason: h.reason, byName: h.byName, at: h.at })),
    visits: visits.sort(byTime((x) => x.visitedOn)).map((x) => ({ id: x._id, subjectName: x.subjectName, visitedOn: x.visitedOn, findings: x.findings, wishId: x.wishId, caseId: x.caseId })),
    venueBookings: bookings.sort(byTime((b) => b.startAt)).map((b) => ({ id: b._id, venueName: b.venueName, startAt: b.startAt, hours: b.hours, purpose: b.purpose, status: b.status })),
  };
}

/**
 * 网格关爱 and 风险预警: the care-register entries linked to the person (the grid leader's note too:
 * the person may see what the register holds about them; phones masked as everywhere in the copy),
 * and the acknowledgements the person made as a grid leader, with the alerts' titles: three reads.
 */
async function careOf(db: Db, u: UserRecord): Promise<ExportOut['care']> {
  const [entries, grids] = await Promise.all([
    readAll<CareRecipientRecord>(db, COLLECTIONS.careRecipients.name, { userId: u._id }),
    readAll<AlertGridRecord>(db, COLLECTIONS.alertGrids.name, { 'acks.userId': u._id }),
  ]);
  const titles = new Map((await readByIds<AlertRecord>(db, COLLECTIONS.alerts.name, [...new Set(grids.map((g) => g.alertId))])).map((a) => [a._id, a.title]));
  const acks = grids.flatMap((g) =>
    g.acks
      .filter((a) => a.userId === u._id)
      .map((a) => ({ alertId: g.alertId, alertTitle: titles.get(g.alertId) ?? null, gridId: g.gridId, at: a.at, householdsReached: a.householdsReached, careReached: a.careReachedIds.length, note: othersText(a.note) })),
  );
  return {
    register: entries.sort(byTime((e) => e.createdAt)).map((e) => ({
      id: e._id,
      name: e.name,
      kinds: e.kinds,
      address: e.address,
      phoneMasked: maskPhone(e.phone),
      contactName: e.contactName,
      contactPhoneMasked: maskPhone(e.contactPhone),
      note: othersText(e.note),
      active: e.active,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
    })),
    alertAcks: acks.sort(byTime((a) => a.at)),
  };
}

/** 三污治理: the person's reports (their own words), their photos, and their confirmed household's record. */
async function sanitationOf(db: Db, u: UserRecord): Promise<ExportOut['sanitation']> {
  const [reports, photos] = await Promise.all([
    readAll<ReportRecord>(db, COLLECTIONS.sanitationReports.name, { reporterId: u._id }),
    readAll<PhotoRecord>(db, COLLECTIONS.photos.name, { ownerId: u._id }),
  ]);
  const orders = new Map((await readByIds<WorkOrderRecord>(db, COLLECTIONS.sanitationOrders.name, [...new Set(reports.flatMap((r) => (r.orderId ? [r.orderId] : [])))])).map((o) => [o._id, o]));
  const householdId = u.residence?.householdConfirmed ? u.residence.householdId : null;
  const home = householdId ? await findById<SanitationHouseholdRecord>(db, COLLECTIONS.sanitationHouseholds.name, householdId) : null;
  const checks = householdId ? await readAll<SortingCheckRecord>(db, COLLECTIONS.sortingChecks.name, { householdId }) : [];
  return {
    reports: reports.sort(byTime((r) => r.createdAt)).map((r) => ({ id: r._id, orderId: r.orderId, category: r.category, note: r.note, merged: r.merged, orderStatus: (r.orderId && orders.get(r.orderId)?.status) || null, createdAt: r.createdAt })),
    photos: photos.sort(byTime((p) => p.createdAt)).map((p) => ({ id: p._id, purpose: p.purpose, status: p.status, width: p.width, height: p.height, createdAt: p.createdAt })),
    household: householdId
      ? {
          householdId,
          toilet: home?.toilet ?? null,
          bins: home?.bins ?? null,
          checks: checks.sort(byTime((c) => c.month)).map((c) => ({ month: c.month, result: c.result, points: c.points })),
        }
      : null,
  };
}

/** Wishes the person made or claimed: two reads. */
async function wishesOf(db: Db, u: UserRecord): Promise<ExportOut['wishes']> {
  const [asWisher, asClaimant] = await Promise.all([
    readAll<WishRecord>(db, COLLECTIONS.wishes.name, { wisherId: u._id }),
    readAll<WishRecord>(db, COLLECTIONS.wishes.name, { claimantId: u._id }),
  ]);
  // The person's own copy: text someone else wrote that content security holds stays masked here too.
  const me = { id: u._id, isCadre: false };
  const reasonAuthor = (w: WishRecord) => [...w.timeline].reverse().find((e) => e.action === 'reject' || e.action === 'cancel')?.actorId ?? [];
  const wish = (w: WishRecord, relation: 'wisher' | 'claimant') => ({
    id: w._id,
    relation,
    content: relation === 'wisher' ? visibleText(w.moderation, 'content', w.content, me) : null,
    status: w.status,
    title: textForReader(visibleText(w.moderation, 'title', w.title, me), w.wisherId, me),
    fulfilNote: textForReader(visibleText(w.moderation, 'fulfilNote', w.fulfilNote, me), w.claimantId ?? [], me),
    thanks: textForReader(visibleText(w.moderation, 'thanks', w.thanks, me), w.wisherId, me),
    reason: relation === 'wisher' ? textForReader(visibleText(w.moderation, 'reason', w.reason, me), reasonAuthor(w), me) : null,
    createdAt: w.createdAt,
    updatedAt: w.updatedAt,
  });
  return [...asWisher.map((w) => wish(w, 'wisher')), ...asClaimant.filter((w) => w.wisherId !== u._id).map((w) => wish(w, 'claimant'))];
}

/** Every message to the person: one read per 1000. */
async function notificationsOf(db: Db, u: UserRecord): Promise<ExportOut['notifications']> {
  const notes = await readAll<OutboxRecord>(db, COLLECTIONS.notifications.name, { recipientId: u._id });
  return notes
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .map((n) => ({ id: n._id, kind: n.kind, title: othersText(n.title), body: othersText(n.body), createdAt: n.createdAt, readAt: n.readAt, delivery: n.delivery.status }));
}

/** 警民之家, bookings and group-session places: four reads (each lookup has its declared index). */
async function policeBookingsOf(db: Db, u: UserRecord): Promise<Pick<ExportOut['policeHome'], 'bookings' | 'noShowAt' | 'signups'>> {
  const [bookings, booker, signups] = await Promise.all([
    readAll<BookingRecord>(db, COLLECTIONS.policeBookings.name, { userId: u._id }),
    findById<BookerRecord>(db, COLLECTIONS.policeBookers.name, u._id),
    readAll<SignupRecord>(db, COLLECTIONS.policeSignups.name, { userId: u._id }),
  ]);
  const sessions = new Map(
    (await readByIds<GroupSessionRecord>(db, COLLECTIONS.policeSessions.name, [...new Set(signups.map((s) => s.sessionId))])).map((s) => [s._id, s]),
  );
  // The person's own copy: what officers wrote and content security holds stays masked.
  const me = { id: u._id, isCadre: false };
  return {
    bookings: bookings.sort(byTime((b) => b.startAt)).map((b) => ({
      id: b._id,
      serviceName: b.serviceName,
      homeId: b.homeId,
      startAt: b.startAt,
      endAt: b.endAt,
      status: b.status,
      note: visibleText(b.moderation, 'note', b.note, me),
      phoneMasked: b.phoneMasked,
      rescheduledFrom: b.rescheduledFrom,
      rescheduledTo: b.rescheduledTo,
      createdAt: b.createdAt,
      updatedAt: b.updatedAt,
    })),
    noShowAt: booker?.noShowAt ?? [],
    signups: signups.sort(byTime((s) => s.startAt)).map((s) => {
      const session = sessions.get(s.sessionId);
      return {
        id: s._id,
        sessionId: s.sessionId,
        sessionTitle: session ? visibleText(session.moderation, 'title', session.title, me) : null,
        place: session ? visibleText(session.moderation, 'place', session.place, me) : null,
        startAt: s.startAt,
        status: s.status,
        waitlistPlace: session && (s.status === 'waitlisted' || s.status === 'pending') ? waitlistPosition(session, s._id) : null,
        promotedAt: s.promotedAt,
        createdAt: s.createdAt,
        updatedAt: s.updatedAt,
      };
    }),
  };
}

/** 警民之家, walk-in tickets and home visits (asked for, or for the person): three reads. */
async function policeVisitsOf(db: Db, u: UserRecord): Promise<Pick<ExportOut['policeHome'], 'tickets' | 'homeVisits'>> {
  const [queueDays, asked, about] = await Promise.all([
    readAll<QueueDayRecord>(db, COLLECTIONS.policeQueues.name, { 'tickets.userId': u._id }),
    readAll<HomeVisitRecord>(db, COLLECTIONS.policeHomeVisits.name, { requesterId: u._id }),
    readAll<HomeVisitRecord>(db, COLLECTIONS.policeHomeVisits.name, { subjectId: u._id }),
  ]);
  const visits = new Map<string, HomeVisitRecord>([...asked, ...about].map((v) => [v._id, v]));
  // The person's own copy: what officers (or a grid leader asking for them) wrote and content security holds stays masked.
  const me = { id: u._id, isCadre: false };
  return {
    // A day's queue holds everyone's tickets: only the person's own leave it.
    tickets: queueDays
      .flatMap((q) => q.tickets.filter((t) => t.userId === u._id).map((t) => ({ homeId: q.homeId, date: q.date, number: t.number, status: t.status, takenAt: t.takenAt, calledAt: t.calledAt })))
      .sort(byTime((t) => t.takenAt)),
    homeVisits: [...visits.values()].sort(byTime((v) => v.createdAt)).map((v) => {
      const mine = v.subjectId === u._id;
      return {
        id: v._id,
        relation: mine ? ('subject' as const) : ('requester' as const),
        subjectName: v.subjectName,
        // Asked for someone else: their address, phone and the officer's notes about them stay theirs.
        subjectAddress: mine ? v.subjectAddress : null,
        phoneMasked: mine ? v.phoneMasked : null,
        requesterName: v.requesterName,
        reason: visibleText(v.moderation, 'reason', v.reason, me),
        preferred: v.preferred,
        status: v.status,
        scheduled: v.scheduled,
        officerName: v.officerName,
        declineReason: othersText(visibleText(v.moderation, 'declineReason', v.declineReason, me)),
        outcome: mine ? othersText(visibleText(v.moderation, 'outcome', v.outcome, me)) : null,
        createdAt: v.createdAt,
        updatedAt: v.updatedAt,
      };
    }),
  };
}

/**
 * Cases the person reported. Parties are stored by name and phone only (no user id), so a case in
 * which the person is only named as a party cannot be told apart from a namesake's and is left out.
 */
async function casesOf(db: Db, u: UserRecord): Promise<ExportOut['cases']> {
  const reported = await readAll<CaseRecord>(db, COLLECTIONS.cases.name, { reporterId: u._id });
  // The reporter's own copy: what others wrote on the case and content security holds stays masked.
  const me = { id: u._id, handler: false };
  return reported.sort(byTime((c) => c.createdAt)).map((c) => ({
    id: c._id,
    relation: 'reporter' as const,
    typeLabel: c.typeLabel,
    unitName: c.unitName,
    gridName: c.gridName,
    description: caseText(c.moderation, CASE_TEXT.description, c.description, me),
    amountFen: c.amountFen,
    status: c.status,
    level: c.level,
    // Full numbers are for the handlers who must call; the export never carries them.
    parties: c.parties.map((p) => ({ name: p.name, phoneMasked: p.phoneMasked })),
    onBehalfOf: c.screening.onBehalfOf,
    place: caseText(c.moderation, CASE_TEXT.place, c.screening.place, me),
    sessions: c.sessions.map((s, i) => ({
      date: s.date,
      mediatorName: s.mediatorName,
      participants: s.participants,
      summary: othersText(caseText(c.moderation, CASE_TEXT.sessionSummary(i), s.summary, me)),
    })),
    outcomes: c.outcomes.map((o, i) => ({
      at: o.at,
      outcome: o.outcome,
      agreement: othersText(caseText(c.moderation, CASE_TEXT.agreement(i), o.agreement, me)),
      reason: othersText(caseText(c.moderation, CASE_TEXT.failReason(i), o.reason, me)),
    })),
    followUps: c.followUps.map((f, i) => ({ at: f.at, held: f.held, satisfaction: f.satisfaction, note: textForReader(caseText(c.moderation, CASE_TEXT.followUpNote(i), f.note, me), f.byId, me) })),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  }));
}

async function powersOf(db: Db, u: UserRecord): Promise<ExportOut['powers']> {
  const [matters, complaints] = await Promise.all([
    readAll<MatterRecord>(db, COLLECTIONS.matters.name, { applicantId: u._id }),
    readAll<PowerComplaintRecord>(db, COLLECTIONS.powerComplaints.name, { complainantId: u._id }),
  ]);
  // The applicant's own copy: notes and answers others wrote that content security holds stay masked.
  const me = { id: u._id, isCadre: false };
  return {
    matters: matters.sort(byTime((m) => m.createdAt)).map((m) => ({
      id: m._id,
      itemTitle: m.itemTitle,
      title: m.title,
      status: m.status,
      timeline: m.timeline.map((e) => ({ at: e.at, action: matterEventLabel(e, m), actorName: e.actorName, note: textForReader(shownText(m.moderation, e.noteField, e.note, me), e.actorId, me) })),
      rating: m.rating,
      createdAt: m.createdAt,
      updatedAt: m.updatedAt,
      closedAt: m.closedAt,
    })),
    complaints: complaints.sort(byTime((c) => c.createdAt)).map((c) => ({
      id: c._id,
      matterId: c.matterId,
      matterTitle: c.matterTitle,
      text: c.text,
      status: c.status,
      reply: othersText(shownText(c.moderation, COMPLAINT_TEXT_FIELDS.reply, c.reply, me)),
      handledByName: c.handledByName,
      handledAt: c.handledAt,
      createdAt: c.createdAt,
    })),
  };
}

/**
 * The household's points, only once the village has confirmed the person belongs to it (a
 * self-chosen household is no proof), and only months the village has published: a draft month's
 * scores are the rating group's work in progress, which the household cannot see in the app either.
 */
async function pointsOf(db: Db, u: UserRecord): Promise<ExportOut['points']> {
  const r = u.residence;
  const householdId = r && r.householdConfirmed ? r.householdId : null;
  if (!r || !householdId) return null;
  const [ratings, ledger, objections] = await Promise.all([
    readAll<PointsRatingRecord>(db, COLLECTIONS.pointsRatings.name, { householdId }),
    readAll<PointsLedgerRecord>(db, COLLECTIONS.pointsLedger.name, { householdId }),
    readAll<PointsObjectionRecord>(db, COLLECTIONS.pointsObjections.name, { householdId }),
  ]);
  const villageIds = [...new Set([r.unitId, ...ratings.map((x) => x.villageId), ...ledger.map((x) => x.villageId)])];
  const monthIds = [...new Set(ratings.map((x) => `pm-${x.villageId}-${x.month}`))];
  const [months, dividends] = await Promise.all([
    readByIds<PointsMonthRecord>(db, COLLECTIONS.pointsMonths.name, monthIds),
    readAll<PointsDividendRecord>(db, COLLECTIONS.pointsDividends.name, { villageId: db.command.in(villageIds) }),
  ]);
  const published = new Set(months.filter((m) => m.status !== 'draft').map((m) => `${m.villageId}:${m.month}`));
  // The household's own copy: what cadres wrote and content security holds (decision and correction reasons) stays masked.
  const mask = maskWith(hiddenCadreTexts(objections, ledger, { id: u._id, isCadre: false }));
  return {
    householdId,
    ratings: ratings
      .filter((x) => published.has(`${x.villageId}:${x.month}`))
      .sort(byTime((x) => x.month))
      .map((x) => ({
        month: x.month,
        total: x.total,
        scores: Object.entries(x.scores).map(([code, e]) => ({ code, score: e!.score, reason: othersText(mask(e!.reason)) })),
        changes: x.changes.map((c) => ({ at: c.at, code: c.code, from: c.from, to: c.to, reason: othersText(mask(c.reason)) })),
      })),
    ledger: ledger.sort(byTime((e) => e.at)).map((e) => ({
      id: e._id,
      kind: e.kind,
      month: e.month,
      delta: e.delta,
      code: e.code,
      reason: othersText(mask(e.reason)),
      approverName: e.approverName,
      at: e.at,
    })),
    objections: objections.sort(byTime((o) => o.raisedAt)).map((o) => ({
      id: o._id,
      month: o.month,
      code: o.code,
      reason: o.reason,
      raisedByName: o.raisedByName,
      raisedAt: o.raisedAt,
      status: o.status,
      decisionReason: othersText(mask(o.decisionReason)),
      decidedAt: o.decidedAt,
    })),
    // A year's dividend table lists every household: only this household's row leaves it.
    dividends: dividends
      .flatMap((d) => d.rows.filter((row) => row.householdId === householdId).map((row) => ({ year: d.year, villageName: d.villageName, points: row.points, months: row.months, tier: row.tier, amountFen: row.amountFen, at: d.at })))
      .sort((a, b) => b.year - a.year),
  };
}

/** 议事协商: what the person wrote and did; text others wrote about them (a nomination's reason) with numbers masked. */
type CouncilsOut = ExportOut['councils'];

/** 议事协商, what the person raised and decided: topics, supports, follows, ballots, ratings (five reads). */
async function councilTopicsOf(db: Db, u: UserRecord): Promise<Pick<CouncilsOut, 'topics' | 'supports' | 'follows' | 'ballots' | 'ratings'>> {
  const [topics, supports, follows, voters, ratings] = await Promise.all([
    readAll<CouncilTopicRecord>(db, COLLECTIONS.councilTopics.name, { 'raisedBy.userId': u._id }),
    readAll<CouncilSupportRecord>(db, COLLECTIONS.councilSupports.name, { userId: u._id }),
    readAll<CouncilFollowRecord>(db, COLLECTIONS.councilFollows.name, { userId: u._id }),
    readAll<CouncilVoterRecord>(db, COLLECTIONS.councilVoters.name, { userId: u._id }),
    readAll<CouncilRatingRecord>(db, COLLECTIONS.councilRatings.name, { userId: u._id }),
  ]);
  return {
    topics: topics.sort(byTime((t) => t.createdAt)).map((t) => ({ id: t._id, title: t.title, content: t.content, status: t.status, createdAt: t.createdAt })),
    supports: supports.map((s) => ({ topicId: s.topicId, householdId: s.householdId, at: s.at })),
    follows: follows.map((f) => ({ topicId: f.topicId, at: f.at })),
    ballots: voters.map((v) => ({ voteId: v.voteId, choice: v.choice, at: v.at })),
    ratings: ratings.map((r) => ({ decisionId: r.decisionId, stars: r.stars, at: r.at })),
  };
}

/** 居民公约 and 评选: acknowledgements, nominations of the person, objections, honours (four reads). */
async function councilHonoursOf(db: Db, u: UserRecord): Promise<Pick<CouncilsOut, 'acknowledgements' | 'nominations' | 'objections' | 'honours'>> {
  const [acks, nominations, objections, honoured] = await Promise.all([
    readAll<CouncilCovenantAckRecord>(db, COLLECTIONS.councilCovenantAcks.name, { userId: u._id }),
    readAll<CouncilNominationRecord>(db, COLLECTIONS.councilNominations.name, { nomineeId: u._id }),
    readAll<CouncilObjectionRecord>(db, COLLECTIONS.councilObjections.name, { userId: u._id }),
    readAll<CouncilHonouredRecord>(db, COLLECTIONS.councilHonoured.name, { userId: u._id }),
  ]);
  return {
    acknowledgements: acks.map((a) => ({ covenantId: a.covenantId, at: a.at })),
    nominations: nominations
      .filter((n) => !(n.moderation?.held.length ?? 0))
      .map((n) => ({ honourId: n.honourId, reason: othersText(n.reason), nominatedByName: n.nominatedBy.bodyName ?? n.nominatedBy.name, status: n.status, createdAt: n.createdAt })),
    objections: objections.map((o) => ({ nominationId: o.nominationId, reason: o.reason, status: o.status, answer: othersText(o.answer), at: o.at })),
    honours: honoured.map((h) => ({ title: h.title, year: h.year, villageName: h.villageName, votes: h.votes })),
  };
}
