import type { BookingRecord, GroupSessionRecord, HomeVisitRecord, SignupRecord } from '../../shared/domain/police-records';
import type { UserRecord } from '../../shared/domain/records';
import { canCancel, isOfficerOf, PRIORITY_REASON_LABELS, waitlistPosition, type PriorityReason } from '../../shared/domain/police-rules';
import type { ModerationState } from '../../shared/domain/moderation';
import { heldFor, isHomeReviewer, shownText } from '../../shared/domain/police-moderation';
import { textForReader } from '../../shared/domain/masking';
import { clock } from '../_lib/clock';
import type { Out } from './types';

/** Who reads a record's held text: its author, and the officers and cadres over the home. */
export function moderationViewer(path: readonly string[], caller: UserRecord): { id: string; isCadre: boolean } {
  return { id: caller._id, isCadre: isHomeReviewer(caller.roles, path) };
}

/** `held` (what this viewer may know is held) and `canRelease` (held text by someone else, and the viewer reviews it). */
export function moderationFields(state: ModerationState | null | undefined, path: readonly string[], caller: UserRecord): { held?: { field: string; reason: string }[]; canRelease?: boolean } {
  const viewer = moderationViewer(path, caller);
  const held = heldFor(state, viewer);
  const canRelease = viewer.isCadre && (state?.held ?? []).some((h) => h.authorId !== caller._id);
  return { ...(held ? { held } : {}), ...(canRelease ? { canRelease } : {}) };
}

export function bookingView(b: BookingRecord, viewer: UserRecord): Out<'book'> {
  const handler = isOfficerOf(viewer.roles, b.path);
  const mv = moderationViewer(b.path, viewer);
  return {
    id: b._id,
    slotId: b.slotId,
    serviceId: b.serviceId,
    serviceName: b.serviceName,
    homeId: b.homeId,
    startAt: b.startAt,
    endAt: b.endAt,
    status: b.status,
    userName: b.userName,
    phoneMasked: handler ? b.phoneMasked : null,
    // The officers of the home handle it; others but its author read numbers in it masked.
    note: textForReader(shownText(b.moderation, 'note', b.note, mv), b.userId, { id: viewer._id, handler }),
    rescheduledFrom: b.rescheduledFrom,
    rescheduledTo: b.rescheduledTo,
    canCancel: b.status === 'booked' && b.userId === viewer._id && canCancel(b, clock.now()),
    ...moderationFields(b.moderation, b.path, viewer),
  };
}

export function signupView(sg: SignupRecord, session: Pick<GroupSessionRecord, 'title' | 'capacity' | 'confirmed' | 'waitlist' | 'moderation'>, viewer?: { id: string; isCadre: boolean }): Out<'signUp'> {
  return {
    id: sg._id,
    sessionId: sg.sessionId,
    title: shownText(session.moderation, 'title', session.title, viewer ?? { id: sg.userId, isCadre: false }),
    startAt: sg.startAt,
    status: sg.status,
    position: sg.status === 'waitlisted' || sg.status === 'pending' ? waitlistPosition(session, sg._id) : null,
    userName: sg.userName,
  };
}

export function sessionView(s: GroupSessionRecord, mine: SignupRecord | null, caller: UserRecord): Out<'createSession'> {
  const viewer = moderationViewer(s.path, caller);
  const reader = { id: caller._id, handler: isOfficerOf(caller.roles, s.path) };
  return {
    id: s._id,
    title: textForReader(shownText(s.moderation, 'title', s.title, viewer), s.createdBy, reader),
    description: textForReader(shownText(s.moderation, 'description', s.description, viewer), s.createdBy, reader),
    place: textForReader(shownText(s.moderation, 'place', s.place, viewer), s.createdBy, reader),
    startAt: s.startAt,
    endAt: s.endAt,
    duties: s.duties,
    capacity: s.capacity,
    confirmed: s.confirmed,
    waiting: s.waitlist.length,
    mine: mine ? signupView(mine, s, viewer) : null,
    ...moderationFields(s.moderation, s.path, caller),
  };
}

export function visitView(v: HomeVisitRecord, viewer: UserRecord): Out<'requestVisit'> {
  const handler = isOfficerOf(viewer.roles, v.path);
  const mv = moderationViewer(v.path, viewer);
  const reader = { id: viewer._id, handler };
  return {
    id: v._id,
    subjectName: v.subjectName,
    requesterName: v.requesterName,
    subjectAddress: handler ? v.subjectAddress : null,
    phoneMasked: handler ? v.phoneMasked : null,
    reason: textForReader(shownText(v.moderation, 'reason', v.reason, mv), v.requesterId, reader),
    duties: v.duties,
    preferred: v.preferred,
    priority: v.priority,
    priorityReasons: v.priorityReasons.map((r) => PRIORITY_REASON_LABELS[r as PriorityReason] ?? r),
    status: v.status,
    scheduled: v.scheduled,
    officerName: v.officerName,
    declineReason: textForReader(shownText(v.moderation, 'declineReason', v.declineReason, mv), v.officerId ?? [], reader),
    outcome: textForReader(shownText(v.moderation, 'outcome', v.outcome, mv), v.officerId ?? [], reader),
    createdAt: v.createdAt,
    ...moderationFields(v.moderation, v.path, viewer),
  };
}
