/**
 * Demo data of the 警民之家 (the homes, their hours and services come from the county file): an
 * officer for every home, and in 冯坊村 some bookings, a lecture with sign-ups and home-visit
 * requests, so the workbench and the monthly counts have something to show.
 */
import type { Db } from '@cloudbase/database';
import type { UserRecord } from '../../shared/domain/records';
import type {
  BookingRecord,
  GroupSessionRecord,
  HomeVisitRecord,
  PoliceHomeRecord,
  PoliceServiceRecord,
  SignupRecord,
  SlotRecord,
} from '../../shared/domain/police-records';
import { addDays, chinaDate, chinaMonth, chinaYear, instantOf } from '../../shared/domain/china-time';
import { generateSlots, type OpeningHours } from '../../shared/domain/police-hours';
import { clock } from '../../cloudfunctions/_lib/clock';
import { findById } from '../../cloudfunctions/_lib/db';
import { homeIdOf } from '../../scripts/provision/plan';
import { DEMO_VILLAGE, personName, TOWNS } from './geography';
import { COLLECTIONS } from '../../cloudfunctions/_lib/collections';

/** Officers for every home (the county file leaves them to appointment), and this year's closures. */
export async function seedPolice(db: Db): Promise<void> {
  const now = clock.now();
  const today = chinaDate(now);
  const createdAt = new Date(now.getTime() - 200 * 86_400_000).toISOString();
  const officers: UserRecord[] = [];
  const stored = (await db.collection(COLLECTIONS.policeHomes.name).limit(1000).get()).data as PoliceHomeRecord[];
  const homes: PoliceHomeRecord[] = [];
  let n = 500;
  for (const town of TOWNS) {
    for (const v of town.villages) {
      const home = stored.find((h) => h._id === homeIdOf(v.id));
      if (!home) continue;
      let officer: { userId: string; name: string; phoneMasked: string | null };
      if (v.id === DEMO_VILLAGE) {
        const persona = await findById<UserRecord>(db, COLLECTIONS.users.name, 'police');
        officer = { userId: 'police', name: persona?.name ?? '孙立新', phoneMasked: persona?.phoneMasked ?? null };
      } else {
        const id = `police-${v.id}`;
        const name = personName(n++);
        officers.push({
          _id: id,
          openid: `demo-${id}`,
          name,
          persona: 'police',
          roles: [{ role: 'police', unitId: v.id }],
          roleKeys: [`police@${v.id}`],
          residence: null,
          resettled: false,
          birthYear: chinaYear(now) - 38,
          phoneMasked: `13${n % 10}****${String(1000 + n).slice(-4)}`,
          createdAt,
        });
        officer = { userId: id, name, phoneMasked: officers[officers.length - 1]!.phoneMasked };
      }
      const exceptions: OpeningHours['exceptions'] = [...home.hours.exceptions, { date: `${chinaYear(now) + 1}-01-01`, closed: true, reason: '元旦放假' }];
      if (v.id === DEMO_VILLAGE) exceptions.push({ date: addDays(today, 9), closed: true, reason: '民警到县局参加培训' });
      const next: PoliceHomeRecord = {
        ...home,
        officers: [{ ...officer, title: '社区民警' }],
        hours: { ...home.hours, exceptions: exceptions.sort((a, b) => a.date.localeCompare(b.date)) },
      };
      await db.collection(COLLECTIONS.policeHomes.name).doc(home._id).update({ officers: next.officers, hours: next.hours });
      homes.push(next);
    }
  }
  if (officers.length) await db.collection(COLLECTIONS.users.name).add(officers);
  const services = (await db.collection(COLLECTIONS.policeServices.name).where({ unitId: DEMO_VILLAGE }).limit(100).get()).data as PoliceServiceRecord[];

  // 冯坊村: a week of activity around the demo personas.
  const home = homes.find((h) => h.unitId === DEMO_VILLAGE)!;
  const idService = services.find((s) => s._id === `ps-${DEMO_VILLAGE}-id-card`)!;
  const lecture = services.find((s) => s._id === `ps-${DEMO_VILLAGE}-lecture`)!;
  const people = ['resident', 'r-fengfang-2', 'r-fengfang-5', 'r-fengfang-8', 'r-fengfang-11'];
  const users = (await db.collection(COLLECTIONS.users.name).where({ _id: db.command.in(people) }).get()).data as UserRecord[];
  const byId = new Map(users.map((u) => [u._id, u]));
  const past = generateSlots(idService.schedule!, home.hours, addDays(today, -7), 7).slice(0, 3);
  const next = generateSlots(idService.schedule!, home.hours, addDays(today, 1), 7).slice(0, 1);
  const slots: SlotRecord[] = [];
  const bookings: BookingRecord[] = [];
  [...past, ...next].forEach((g, i) => {
    const upcoming = i >= past.length;
    const user = byId.get(upcoming ? 'resident' : people[i + 1]!);
    if (!user) return;
    const slotId = `sl-${idService._id}-${g.key}`;
    slots.push({ _id: slotId, serviceId: idService._id, homeId: home._id, path: home.path, date: g.date, startAt: g.startAt, endAt: g.endAt, capacity: g.capacity, booked: 1, status: 'open', closedReason: null });
    const at = new Date(Date.parse(g.startAt) - 3 * 86_400_000).toISOString();
    bookings.push({
      _id: `bk-seed-${i + 1}`,
      slotId,
      serviceId: idService._id,
      serviceName: idService.name,
      homeId: home._id,
      unitId: home.unitId,
      path: home.path,
      userId: user._id,
      userName: user.name,
      phoneMasked: user.phoneMasked,
      startAt: g.startAt,
      endAt: g.endAt,
      date: g.date,
      month: chinaMonth(new Date(g.startAt)),
      mode: 'appointment',
      duties: idService.duties,
      status: upcoming ? 'booked' : 'attended',
      requestId: `seed-request-${i + 1}`,
      note: upcoming ? '换领到期的身份证' : null,
      rescheduledFrom: null,
      rescheduledTo: null,
      remindedAt: null,
      createdAt: at,
      updatedAt: at,
    });
  });
  await db.collection(COLLECTIONS.policeSlots.name).add(slots);
  await db.collection(COLLECTIONS.policeBookings.name).add(bookings);
  await db.collection(COLLECTIONS.policeBookers.name).add(
    bookings.map((b) => ({
      _id: b.userId,
      held: b.status === 'booked' ? [{ bookingId: b._id, slotId: b.slotId, startAt: b.startAt, endAt: b.endAt }] : [],
      noShowAt: [],
      confirmedAt: null,
      confirmedBy: null,
      updatedAt: b.createdAt,
    })),
  );

  const lectureDate = addDays(today, 6);
  const start = instantOf(lectureDate, '15:00');
  const signed = people.slice(1).map((id) => byId.get(id)).filter((u): u is UserRecord => Boolean(u));
  const session: GroupSessionRecord = {
    _id: 'ss-seed-fengfang-fraud',
    serviceId: lecture._id,
    homeId: home._id,
    unitId: home.unitId,
    path: home.path,
    title: '守好养老钱——防范养老诈骗讲座',
    description: '民警结合本县真实案例，讲解保健品推销、以房养老、冒充客服退款等骗局，现场解答问题。',
    place: '冯坊村委会二楼会议室',
    startAt: start.toISOString(),
    endAt: new Date(start.getTime() + 90 * 60_000).toISOString(),
    date: lectureDate,
    month: chinaMonth(start),
    duties: lecture.duties,
    capacity: 30,
    confirmed: signed.length,
    waitlist: [],
    rev: signed.length,
    status: 'open',
    createdBy: 'police',
    createdAt: new Date(now.getTime() - 2 * 86_400_000).toISOString(),
  };
  await db.collection(COLLECTIONS.policeSessions.name).add(session);
  if (signed.length) {
    await db.collection(COLLECTIONS.policeSignups.name).add(
      signed.map(
        (u, i): SignupRecord => ({
          _id: `sg-seed-${i + 1}`,
          sessionId: session._id,
          homeId: home._id,
          path: home.path,
          userId: u._id,
          userName: u.name,
          startAt: session.startAt,
          month: session.month,
          duties: session.duties,
          status: 'confirmed',
          waitlistedAt: null,
          promotedAt: null,
          remindedAt: null,
          createdAt: session.createdAt,
          updatedAt: session.createdAt,
        }),
      ),
    );
  }

  const elder = byId.get('r-fengfang-5') ?? users[0];
  if (elder?.residence) {
    const asked = new Date(now.getTime() - 86_400_000).toISOString();
    const visit: HomeVisitRecord = {
      _id: 'hv-seed-1',
      homeId: home._id,
      unitId: home.unitId,
      path: elder.residence.path,
      subjectId: elder._id,
      subjectName: elder.name,
      subjectAddress: null,
      phoneMasked: elder.phoneMasked,
      requesterId: 'grid-leader',
      requesterName: '刘文华',
      reason: '老人独居，家里电线老化，想请民警上门看看用电安全，顺便帮办老年证。',
      duties: ['safetyBuilding', 'peopleCare'],
      preferred: [
        { date: addDays(today, 2), half: 'am' },
        { date: addDays(today, 3), half: 'pm' },
      ],
      priority: 1,
      priorityReasons: ['elderly'],
      status: 'requested',
      scheduled: null,
      officerId: null,
      officerName: null,
      declineReason: null,
      outcome: null,
      month: chinaMonth(now),
      requestId: null,
      createdAt: asked,
      updatedAt: asked,
    };
    await db.collection(COLLECTIONS.policeHomeVisits.name).add(visit);
  }
}
