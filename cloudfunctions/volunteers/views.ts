import type { ActivityView, VolunteerServiceView, VolunteerView } from '../../shared/contracts/volunteers';
import { waitlistPosition } from '../../shared/domain/seat-rules';
import type { UserRecord } from '../../shared/domain/records';
import type { VolunteerActivityRecord, VolunteerHourRecord, VolunteerRecord, VolunteerServiceRecord, VolunteerSignupRecord } from '../../shared/domain/volunteer-records';
import { attendedMinutes, canManageCommunity, canRunActivity } from '../../shared/domain/volunteer-rules';
import { visibleText } from '../../shared/domain/moderation';
import type { CreditedMinutes } from './store';

export function volunteerView(v: VolunteerRecord, phoneMasked?: string | null): VolunteerView {
  return {
    id: v._id,
    userId: v.userId,
    name: v.name,
    unitId: v.unitId,
    unitName: v.unitName,
    skills: v.skills,
    availability: v.availability,
    status: v.status,
    source: v.source,
    ...(phoneMasked !== undefined ? { phoneMasked } : {}),
    joinedAt: v.joinedAt,
  };
}

const viewerOf = (path: readonly string[], caller: UserRecord) => ({ id: caller._id, isCadre: canManageCommunity(caller.roles, path) });

function heldOf(doc: { moderation?: VolunteerActivityRecord['moderation']; path: readonly string[] }, caller: UserRecord) {
  const held = doc.moderation?.held ?? [];
  const viewer = viewerOf(doc.path, caller);
  const mine = held.filter((h) => viewer.isCadre || h.authorId === caller._id);
  return mine.length ? { held: mine.map((h) => ({ field: h.field, reason: h.reason })) } : {};
}

export function serviceView(s: VolunteerServiceRecord, caller: UserRecord): VolunteerServiceView {
  const viewer = viewerOf(s.path, caller);
  return {
    id: s._id,
    name: visibleText(s.moderation, 'name', s.name, viewer),
    description: visibleText(s.moderation, 'description', s.description, viewer),
    skills: s.skills,
    active: s.active,
    ...heldOf(s, caller),
  };
}

/** What the organiser's confirmation credited: null until it did; the minutes from the sign-up's ledger entry (0 without one). */
const creditedOf = (sg: VolunteerSignupRecord, credited: CreditedMinutes) => (sg.creditedAt === null ? null : (credited.get(sg._id) ?? 0));
const NONE_CREDITED: CreditedMinutes = new Map();

export function mySignup(sg: VolunteerSignupRecord | null, a: VolunteerActivityRecord, credited: CreditedMinutes = NONE_CREDITED): ActivityView['mine'] {
  if (!sg) return null;
  return {
    id: sg._id,
    status: sg.status,
    waitingPlace: sg.status === 'waitlisted' || sg.status === 'pending' ? waitlistPosition(a, sg._id) : null,
    checkInAt: sg.checkInAt,
    checkOutAt: sg.checkOutAt,
    creditedMinutes: creditedOf(sg, credited),
  };
}

/** `credited`: the confirmed minutes of `sg` when it is credited (`creditedMinutesOf`); a sign-up not yet credited needs none. */
export function activityView(a: VolunteerActivityRecord, sg: VolunteerSignupRecord | null, caller: UserRecord, credited: CreditedMinutes = NONE_CREDITED): ActivityView {
  const viewer = viewerOf(a.path, caller);
  return {
    id: a._id,
    serviceId: a.serviceId,
    unitId: a.unitId,
    unitName: a.unitName,
    title: visibleText(a.moderation, 'title', a.title, viewer),
    description: visibleText(a.moderation, 'description', a.description, viewer),
    place: visibleText(a.moderation, 'place', a.place, viewer),
    date: a.date,
    startAt: a.startAt,
    endAt: a.endAt,
    skills: a.skills,
    capacity: a.capacity,
    confirmed: a.confirmed,
    waiting: a.waitlist.length,
    status: a.status,
    organiserName: a.organiserName,
    hoursConfirmed: a.hoursConfirmedAt !== null,
    mine: mySignup(sg, a, credited),
    canRun: canRunActivity(caller.roles, a, caller._id),
    ...heldOf(a, caller),
  };
}

export function rosterEntry(sg: VolunteerSignupRecord, a: VolunteerActivityRecord, credited: CreditedMinutes = NONE_CREDITED) {
  return {
    signupId: sg._id,
    name: sg.userName,
    status: sg.status,
    waitingPlace: sg.status === 'waitlisted' ? waitlistPosition(a, sg._id) : null,
    checkInAt: sg.checkInAt,
    checkOutAt: sg.checkOutAt,
    attendedMinutes: attendedMinutes(sg.checkInAt, sg.checkOutAt, a),
    creditedMinutes: creditedOf(sg, credited),
  };
}

export function hourEntryView(h: VolunteerHourRecord) {
  return { id: h._id, title: h.title, date: h.date, minutes: h.minutes, kind: h.kind, reason: h.reason, byName: h.byName, at: h.at };
}
