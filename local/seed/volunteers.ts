/**
 * Demo data of 党建+志愿者 in 冯坊村 (the 服务清单 comes from the county file): a few confirmed
 * neighbours and one waiting for the village to confirm, a finished activity with confirmed hours
 * (so the record and the certificate have something to show), one on now (the organiser's check-in
 * screen), and two ahead, one of them full with a waitlist.
 */
import type { Db } from '@cloudbase/database';
import type { UserRecord } from '../../shared/domain/records';
import type { VenueBookingRecord, VenueRecord, VenueSlotRecord, VolunteerActivityRecord, VolunteerHourRecord, VolunteerRecord, VolunteerSignupRecord, VolunteerVisitRecord } from '../../shared/domain/volunteer-records';
import { addDays, chinaDate, chinaMonth, instantOf } from '../../shared/domain/china-time';
import { clock } from '../../cloudfunctions/_lib/clock';
import { COLLECTIONS } from '../../cloudfunctions/_lib/collections';
import { readByIds } from '../../cloudfunctions/_lib/db';
import { DEMO_VILLAGE } from './geography';

/** The grid leader's certificate: a fixed code, so the demo and the page checks can open it. */
export const DEMO_CERT_CODE = 'QYFF2026LWH1';
export const DEMO_ACTIVITY_NOW = 'va-seed-fengfang-now';
export const DEMO_ACTIVITY_AHEAD = 'va-seed-fengfang-ahead';

export async function seedVolunteers(db: Db): Promise<void> {
  const now = clock.now();
  const today = chinaDate(now);
  const ids = ['grid-leader', 'r-fengfang-1', 'r-fengfang-2', 'r-fengfang-4', 'r-fengfang-5', 'r-fengfang-7', 'r-fengfang-8'];
  const people = await readByIds<UserRecord>(db, COLLECTIONS.users.name, [...ids, 'r-fengfang-10', 'village-cadre']);
  const by = new Map(people.map((p) => [p._id, p]));
  const cadre = by.get('village-cadre')!;
  const village = { unitId: DEMO_VILLAGE, unitName: '冯坊村', path: by.get('grid-leader')!.residence!.path.slice(0, 3) };
  const joinedAt = new Date(now.getTime() - 60 * 86_400_000).toISOString();
  const volunteers = new Map<string, VolunteerRecord>();
  ids.forEach((id, i) => {
    const u = by.get(id)!;
    volunteers.set(id, {
      _id: `vl-${id}`,
      userId: id,
      name: u.name,
      ...village,
      skills: i === 0 ? ['digital', 'legal'] : i % 2 ? ['labour'] : ['medical', 'driving'],
      availability: i % 2 ? ['weekend'] : ['weekdayDay', 'weekend'],
      status: 'confirmed',
      source: 'self',
      certCode: i === 0 ? DEMO_CERT_CODE : `QYFFDEMO${String(i).padStart(4, '0')}`,
      joinedAt,
      decidedAt: joinedAt,
      decidedBy: cadre._id,
      updatedAt: joinedAt,
    });
  });
  const waiting = by.get('r-fengfang-10')!;
  volunteers.set(waiting._id, { ...volunteers.get('r-fengfang-1')!, _id: `vl-${waiting._id}`, userId: waiting._id, name: waiting.name, certCode: 'QYFFDEMO0099', status: 'pending', decidedAt: null, decidedBy: null, joinedAt: now.toISOString() });

  const activity = (id: string, title: string, place: string, start: Date, minutes: number, capacity: number, serviceKey: string | null): VolunteerActivityRecord => ({
    _id: id,
    serviceId: serviceKey ? `vs-${DEMO_VILLAGE}-${serviceKey}` : null,
    ...village,
    title,
    description: '',
    place,
    date: chinaDate(start),
    startAt: start.toISOString(),
    endAt: new Date(start.getTime() + minutes * 60_000).toISOString(),
    month: chinaMonth(start),
    skills: [],
    capacity,
    confirmed: 0,
    waitlist: [],
    rev: 0,
    status: 'open',
    organiserId: cadre._id,
    organiserName: cadre.name,
    hoursConfirmedAt: null,
    createdAt: new Date(start.getTime() - 5 * 86_400_000).toISOString(),
  });
  const past = activity('va-seed-fengfang-past', '清理村道垃圾', '村委会门前集合', instantOf(addDays(today, -7), '09:00'), 120, 8, 'cleanUp');
  past.hoursConfirmedAt = new Date(Date.parse(past.endAt) + 3600_000).toISOString();
  const live = activity(DEMO_ACTIVITY_NOW, '今天的环境整治', '文化广场', new Date(Math.floor((now.getTime() - 30 * 60_000) / 60_000) * 60_000), 180, 10, 'cleanUp');
  const ahead = activity(DEMO_ACTIVITY_AHEAD, '陪同老人去县医院复查', '村卫生室门口集合', instantOf(addDays(today, 2), '08:00'), 240, 3, 'escortClinic');
  const talk = activity('va-seed-fengfang-talk', '防诈骗政策宣讲', '村委会会议室', instantOf(addDays(today, 5), '15:00'), 90, 20, 'policyTalk');

  const signups: VolunteerSignupRecord[] = [];
  const hours: VolunteerHourRecord[] = [];
  const sign = (a: VolunteerActivityRecord, userId: string, status: 'confirmed' | 'waitlisted', extra: Partial<VolunteerSignupRecord> = {}) => {
    const id = `vg-seed-${a._id.slice(16)}-${userId}`;
    if (status === 'confirmed') a.confirmed++;
    else a.waitlist.push(id);
    signups.push({
      _id: id,
      activityId: a._id,
      unitId: a.unitId,
      path: a.path,
      userId,
      userName: by.get(userId)!.name,
      title: a.title,
      startAt: a.startAt,
      endAt: a.endAt,
      month: a.month,
      status,
      waitlistedAt: status === 'waitlisted' ? a.waitlist.length : null,
      promotedAt: null,
      checkInAt: null,
      checkOutAt: null,
      attendanceBy: null,
      creditedAt: null,
      createdAt: a.createdAt,
      updatedAt: a.createdAt,
      ...extra,
    });
  };
  // The finished one: five came, four stayed to the end, one left after an hour; hours confirmed.
  ['grid-leader', 'r-fengfang-1', 'r-fengfang-2', 'r-fengfang-4', 'r-fengfang-5'].forEach((userId, i) => {
    const minutes = i === 4 ? 60 : 120;
    const checkInAt = new Date(Date.parse(past.startAt) - 5 * 60_000).toISOString();
    const checkOutAt = new Date(Date.parse(past.startAt) + minutes * 60_000).toISOString();
    sign(past, userId, 'confirmed', { checkInAt, checkOutAt, attendanceBy: 'scan', creditedAt: past.hoursConfirmedAt });
    hours.push({ _id: `vh-vg-seed-${past._id.slice(16)}-${userId}`, userId, signupId: signups[signups.length - 1]!._id, activityId: past._id, unitId: past.unitId, path: past.path, title: past.title, date: past.date, month: past.month, minutes, kind: 'confirmed', span: { startAt: past.startAt, endAt: checkOutAt }, reason: null, byId: cadre._id, byName: cadre.name, at: past.endAt });
  });
  // On now: three signed up, one already checked in.
  sign(live, 'grid-leader', 'confirmed', { checkInAt: live.startAt, attendanceBy: 'scan' });
  sign(live, 'r-fengfang-7', 'confirmed');
  sign(live, 'r-fengfang-8', 'confirmed');
  // Ahead and full: three places taken, two waiting.
  for (const u of ['r-fengfang-1', 'r-fengfang-2', 'grid-leader']) sign(ahead, u, 'confirmed');
  for (const u of ['r-fengfang-4', 'r-fengfang-5']) sign(ahead, u, 'waitlisted');
  for (const u of ['r-fengfang-7', 'grid-leader']) sign(talk, u, 'confirmed');

  for (const v of volunteers.values()) await db.collection(COLLECTIONS.volunteers.name).add(v);
  for (const a of [past, live, ahead, talk]) await db.collection(COLLECTIONS.volunteerActivities.name).add(a);
  for (const s of signups) await db.collection(COLLECTIONS.volunteerSignups.name).add(s);
  for (const h of hours) await db.collection(COLLECTIONS.volunteerHours.name).add(h);

  // 上门入户访民情 in the first grid: its grid leader saw one person on the register 10 days ago and one
  // 45 days ago (now due again, at the county's 30 days); the third was never visited.
  const leader = by.get('grid-leader')!;
  const gridPath = leader.residence!.path;
  const care = (await db.collection(COLLECTIONS.careRecipients.name).where({ gridId: gridPath[3], active: true }).limit(50).get()).data as { _id: string; name: string; householdId: string | null }[];
  const seen: [string, number, string][] = [
    ['care-fengfang-1-1', 10, '老人精神不错，家里的煤已经备好；提到冬天水管容易冻，想请人帮忙包一下。'],
    ['care-fengfang-1-2', 45, '血压药按时在吃，女儿每周打电话。近期无困难。'],
  ];
  for (const [careId, daysAgo, findings] of seen) {
    const c = care.find((x) => x._id === careId);
    if (!c) continue;
    const visitedOn = addDays(today, -daysAgo);
    const at = instantOf(visitedOn, '15:00').toISOString();
    const visit: VolunteerVisitRecord = {
      _id: `vv-seed-${careId}`,
      villageId: DEMO_VILLAGE,
      gridId: gridPath[3]!,
      path: gridPath,
      householdId: c.householdId,
      careRecipientId: c._id,
      subjectName: c.name,
      visitorId: leader._id,
      visitorName: leader.name,
      visitedOn,
      month: chinaMonth(at),
      findings,
      needsFollowUp: daysAgo === 10,
      wishId: null,
      caseId: null,
      createdAt: at,
      updatedAt: at,
    };
    await db.collection(COLLECTIONS.volunteerVisits.name).add(visit);
  }

  // Shared venues of 冯坊村: the court books at once, the meeting room waits for the village; a few bookings.
  const venue = (id: string, kind: VenueRecord['kind'], name: string, address: string, capacity: number, rules: string, openHour: number, closeHour: number, approval: VenueRecord['approval']): VenueRecord => ({
    _id: id, ownerKind: 'unit', ownerId: DEMO_VILLAGE, ownerName: '冯坊村', path: village.path, kind, name, address, capacity, rules, weekdays: [1, 2, 3, 4, 5, 6, 7], openHour, closeHour, approval, active: true, createdBy: cadre._id, createdAt: joinedAt,
  });
  const venues = [
    venue('ve-seed-fengfang-court', 'court', '冯坊村篮球场', '村委会东侧', 30, '请穿运动鞋；晚上用后请关灯。', 8, 21, 'automatic'),
    venue('ve-seed-fengfang-room', 'meetingRoom', '村委会会议室', '村委会二楼', 40, '会后请把桌椅归位、关好门窗。', 8, 18, 'owner'),
    venue('ve-seed-fengfang-party', 'partyRoom', '党员活动室', '村委会一楼', 25, '优先安排党员学习和组织生活。', 8, 18, 'owner'),
  ];
  for (const v of venues) await db.collection(COLLECTIONS.venues.name).add(v);
  const booking = (v: VenueRecord, userId: string, date: string, startHour: number, hrs: number, purpose: string, status: VenueBookingRecord['status']) => {
    const id = `vb-seed-${v._id.slice(15)}-${date.replace(/-/g, '')}-${startHour}`;
    const start = instantOf(date, `${String(startHour).padStart(2, '0')}:00`);
    const slotIds = Array.from({ length: hrs }, (_, i) => `vt-${v._id}-${date.replace(/-/g, '')}-${String(startHour + i).padStart(2, '0')}`);
    const record: VenueBookingRecord = {
      _id: id, venueId: v._id, venueName: v.name, ownerKind: v.ownerKind, ownerId: v.ownerId, path: v.path, userId, userName: by.get(userId)!.name, date, month: chinaMonth(start), startHour, hours: hrs,
      startAt: start.toISOString(), endAt: new Date(start.getTime() + hrs * 3600_000).toISOString(), slotIds, purpose, status, requestId: id, decidedAt: status === 'pending' ? null : start.toISOString(), decidedBy: null, createdAt: joinedAt, updatedAt: joinedAt,
    };
    return { record, slots: slotIds.map((sid, i): VenueSlotRecord => ({ _id: sid, venueId: v._id, date, hour: startHour + i, capacity: 1, booked: 1, status: 'open' })) };
  };
  const bookings = [
    booking(venues[0]!, 'r-fengfang-7', addDays(today, -3), 16, 2, '篮球友谊赛', 'confirmed'),
    booking(venues[0]!, 'r-fengfang-8', addDays(today, 1), 17, 1, '打篮球', 'confirmed'),
    booking(venues[1]!, 'grid-leader', addDays(today, 2), 9, 2, '网格议事会', 'confirmed'),
    booking(venues[1]!, 'r-fengfang-2', addDays(today, 3), 14, 2, '业委会议事', 'pending'),
  ];
  for (const b of bookings) {
    await db.collection(COLLECTIONS.venueBookings.name).add(b.record);
    for (const slot of b.slots) await db.collection(COLLECTIONS.venueSlots.name).add(slot);
  }
}
