/**
 * Demo data of the 警民之家: a home in every village and community with its officer, posted hours,
 * the four kinds of service, and in 冯坊村 some bookings, a lecture with sign-ups and home-visit
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
import { COUNTY, DEMO_VILLAGE, personName, TOWNS } from './geography';
import { COLLECTIONS } from '../../cloudfunctions/_lib/collections';

const POSTED_HOURS: OpeningHours['weekly'] = [
  ...([1, 2, 3, 4, 5] as const).flatMap((weekday) => [
    { weekday, start: '09:00', end: '12:00' },
    { weekday, start: '14:30', end: '17:30' },
  ]),
  { weekday: 6, start: '09:00', end: '12:00' },
];

function servicesFor(home: PoliceHomeRecord): PoliceServiceRecord[] {
  const base = { homeId: home._id, unitId: home.unitId, path: home.path, active: true, createdAt: home.createdAt };
  const s = (key: string, rest: Omit<PoliceServiceRecord, '_id' | keyof typeof base>): PoliceServiceRecord => ({ _id: `ps-${home.unitId}-${key}`, ...base, ...rest });
  return [
    s('walkin', {
      name: '户籍证件咨询',
      description: '身份证、户口迁移、居住证等问题，开门时间直接来，取号排队。',
      mode: 'walkIn',
      duties: ['jointWork', 'peopleCare'],
      schedule: null,
    }),
    s('id-card', {
      name: '身份证办理与换领',
      description: '办理、换领、补领身份证，采集照片和指纹。请带好户口簿。',
      mode: 'appointment',
      duties: ['jointWork', 'peopleCare'],
      schedule: {
        weekly: ([2, 4] as const).map((weekday) => ({ weekday, start: '09:00', end: '11:30' })),
        slotMinutes: 30,
        capacity: 3,
      },
    }),
    s('mediation', {
      name: '矛盾纠纷调解',
      description: '邻里、家庭、土地等纠纷，民警和调解员一起帮您调解。',
      mode: 'appointment',
      duties: ['disputeMediation', 'problemSolving'],
      schedule: { weekly: [{ weekday: 3, start: '14:30', end: '17:30' }], slotMinutes: 60, capacity: 1 },
    }),
    s('visit', {
      name: '上门安全检查与帮办',
      description: '老人、残疾人、搬迁户家中用电用气安全检查，证件帮办。',
      mode: 'homeVisit',
      duties: ['safetyBuilding', 'peopleCare'],
      schedule: null,
    }),
    s('lecture', {
      name: '防范电信诈骗宣讲',
      description: '民警讲真实案例，教您识别冒充公检法、刷单返利、养老投资等骗局。',
      mode: 'groupSession',
      duties: ['safetyBuilding', 'jointPatrol'],
      schedule: null,
    }),
  ];
}

export async function seedPolice(db: Db): Promise<void> {
  const now = clock.now();
  const today = chinaDate(now);
  const createdAt = new Date(now.getTime() - 200 * 86_400_000).toISOString();
  const officers: UserRecord[] = [];
  const homes: PoliceHomeRecord[] = [];
  let n = 500;
  for (const town of TOWNS) {
    for (const v of town.villages) {
      const path = [COUNTY.id, town.id, v.id];
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
      const exceptions: OpeningHours['exceptions'] = [{ date: `${chinaYear(now) + 1}-01-01`, closed: true, reason: '元旦放假' }];
      if (v.id === DEMO_VILLAGE) exceptions.push({ date: addDays(today, 9), closed: true, reason: '民警到县局参加培训' });
      homes.push({
        _id: `ph-${v.id}`,
        unitId: v.id,
        unitName: v.name,
        path,
        name: `${v.name}新时代警民之家`,
        address: v.kind === 'community' ? `${v.name}党群服务中心一楼` : `${v.name.replace('村', '')}村委会院内`,
        dutyPhone: `0917-46${String(10000 + homes.length * 37).slice(-5)}`,
        officers: [{ ...officer, title: '社区民警' }],
        hours: { weekly: POSTED_HOURS, exceptions: exceptions.sort((a, b) => a.date.localeCompare(b.date)) },
        createdAt,
      });
    }
  }
  const services = homes.flatMap(servicesFor);
  if (officers.length) await db.collection(COLLECTIONS.users.name).add(officers);
  await db.collection(COLLECTIONS.policeHomes.name).add(homes);
  await db.collection(COLLECTIONS.policeServices.name).add(services);

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
