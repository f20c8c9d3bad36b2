/** What officers and cadres look at (today, the queue, requests, counts) and what a resident has. */
import type {
  BookingRecord,
  GroupSessionRecord,
  HomeVisitRecord,
  PoliceHomeRecord,
  PoliceServiceRecord,
  QueueDayRecord,
  SignupRecord,
  SlotRecord,
} from '../../shared/domain/police-records';
import { DUTIES, SERVICE_MODES, type Duty, type ServiceMode } from '../../shared/domain/police-catalog';
import { chinaDate } from '../../shared/domain/china-time';
import { compareHomeVisits, OVERSIGHT_ROLES } from '../../shared/domain/police-rules';
import type { OrgUnitRecord } from '../../shared/domain/records';
import { clock } from '../_lib/clock';
import { findById, readAll } from '../_lib/db';
import { forbidden, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { bookerNeedsConfirmation } from './booking';
import { bookingView, moderationViewer, signupView, visitView, sessionView } from './views';
import { mustOversee, resolveHome } from './store';
import type { In, Out } from './types';
import { queueDay, queueViewOf } from './queue';
import { COLLECTIONS } from '../_lib/collections';
import { slotView } from './home';

/**
 * The homes an officer or cadre may open the workbench of: every home under a unit where they hold
 * police or an oversight role (or under `unitId`, when they oversee it), grouped by town; and the
 * towns / county they may count as a whole (town cadres, the county admin).
 */
export async function homes(input: In<'homes'>, ctx: MemberContext): Promise<Out<'homes'>> {
  const { db, caller } = ctx;
  const _ = db.command;
  const posts = caller.roles.filter((r) => (['police', ...OVERSIGHT_ROLES] as readonly string[]).includes(r.role));
  if (!posts.length) throw forbidden('只有民警和辖区干部可以查看警民之家的工作台');
  let units: string[];
  if (input.unitId) {
    const unit = await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, input.unitId);
    if (!unit) throw notFound('找不到这个地方');
    mustOversee(caller, unit.path);
    units = [unit._id];
  } else {
    units = [...new Set(posts.map((r) => r.unitId))];
  }
  const found = new Map<string, Pick<PoliceHomeRecord, '_id' | 'name' | 'unitName' | 'path'>>();
  for (const unitId of units) {
    // Every home carries its unit path, so "under this unit" is one array-contains match.
    for (const h of await readAll<Pick<PoliceHomeRecord, '_id' | 'name' | 'unitName' | 'path'>>(db, COLLECTIONS.policeHomes.name, { path: unitId }, ['name', 'unitName', 'path'])) {
      found.set(h._id, h);
    }
  }
  const list = [...found.values()];
  const scopeIds = [...new Set(posts.filter((r) => r.role === 'town-cadre' || r.role === 'county-admin').map((r) => r.unitId))];
  const townIds = [...new Set(list.map((h) => h.path[1]).filter((id): id is string => Boolean(id)))];
  const unitIds = [...new Set([...townIds, ...scopeIds])];
  const named = unitIds.length
    ? ((await db.collection(COLLECTIONS.orgUnits.name).where({ _id: _.in(unitIds) }).field({ _id: true, name: true }).limit(1000).get()).data as Pick<OrgUnitRecord, '_id' | 'name'>[])
    : [];
  const nameOf = new Map(named.map((u) => [u._id, u.name]));
  const items = list
    .map((h) => {
      const townId = h.path[1] ?? null;
      return { id: h._id, name: h.name, unitName: h.unitName, townId, townName: townId ? (nameOf.get(townId) ?? null) : null };
    })
    .sort((a, b) => (a.townId ?? '').localeCompare(b.townId ?? '') || a.id.localeCompare(b.id));
  return { items, scopes: scopeIds.map((unitId) => ({ unitId, unitName: nameOf.get(unitId) ?? unitId })) };
}

export async function workbench(input: In<'workbench'>, ctx: MemberContext): Promise<Out<'workbench'>> {
  const { db, caller } = ctx;
  const _ = db.command;
  const home = await resolveHome(db, caller, input.homeId);
  mustOversee(caller, home.path);
  const today = chinaDate(clock.now());
  const date = input.date ?? today;

  const [slotsRes, bookingsRes, servicesRes, visitsRes, sessionsRes] = await Promise.all([
    db.collection(COLLECTIONS.policeSlots.name).where({ homeId: home._id, date }).orderBy('startAt', 'asc').limit(200).get(),
    db.collection(COLLECTIONS.policeBookings.name).where({ homeId: home._id, date, status: _.in(['booked', 'attended', 'noShow']) }).limit(1000).get(),
    db.collection(COLLECTIONS.policeServices.name).where({ homeId: home._id }).limit(100).get(),
    db.collection(COLLECTIONS.policeHomeVisits.name).where({ homeId: home._id, status: _.in(['requested', 'scheduled']) }).limit(200).get(),
    db.collection(COLLECTIONS.policeSessions.name).where({ homeId: home._id, status: 'open', date: _.gte(date) }).orderBy('startAt', 'asc').limit(10).get(),
  ]);
  const serviceName = new Map((servicesRes.data as PoliceServiceRecord[]).map((s) => [s._id, s.name]));
  const bookings = bookingsRes.data as BookingRecord[];
  const now = clock.now();
  const slots = (slotsRes.data as SlotRecord[])
    .map((s) => ({
      // On the officer's day view a slot counts as bookable until it starts.
      ...slotView(s, Date.parse(s.startAt) > now.getTime(), false),
      serviceName: serviceName.get(s.serviceId) ?? '',
      bookings: bookings.filter((b) => b.slotId === s._id).map((b) => bookingView(b, caller)),
    }))
    .filter((s) => s.bookings.length > 0 || s.remaining > 0);

  const sessions = sessionsRes.data as GroupSessionRecord[];
  const sessionViews = [];
  for (const s of sessions) {
    // Names only for the day's sessions, where the officer marks attendance.
    const signups = s.date === date ? ((await db.collection(COLLECTIONS.policeSignups.name).where({ sessionId: s._id, status: _.in(['confirmed', 'attended', 'absent']) }).limit(500).get()).data as SignupRecord[]) : [];
    sessionViews.push({ ...sessionView(s, null, caller), signups: signups.map((sg) => signupView(sg, s, moderationViewer(s.path, caller))) });
  }

  return {
    homeId: home._id,
    homeName: home.name,
    date,
    slots,
    queue: queueViewOf(home, await queueDay(db, home._id, today), today, caller),
    visits: (visitsRes.data as HomeVisitRecord[]).sort(compareHomeVisits).map((v) => visitView(v, caller)),
    sessions: sessionViews,
  };
}

/**
 * Services given in a month, per duty and per mode. What counts: appointments booked or attended,
 * group-session places taken or attended, home visits not declined or withdrawn, walk-in numbers
 * called or waiting. A record tagged with several duties counts once under each of them.
 */
export async function monthlyCounts(input: In<'monthlyCounts'>, ctx: MemberContext): Promise<Out<'monthlyCounts'>> {
  const { db, caller } = ctx;
  const _ = db.command;
  let scope: { unitId: string; unitName: string; where: Record<string, unknown> };
  if (input.unitId && !input.homeId) {
    const unit = await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, input.unitId);
    if (!unit) throw notFound('找不到这个地方');
    mustOversee(caller, unit.path);
    // Every record carries the path of its place, so "under this unit" is one array-contains match.
    scope = { unitId: unit._id, unitName: unit.name, where: { path: unit._id, month: input.month } };
  } else {
    const home = await resolveHome(db, caller, input.homeId);
    mustOversee(caller, home.path);
    scope = { unitId: home.unitId, unitName: home.name, where: { homeId: home._id, month: input.month } };
  }
  const where = scope.where;
  const perDuty = Object.fromEntries(DUTIES.map((d) => [d, 0])) as Record<Duty, number>;
  const perMode = Object.fromEntries(SERVICE_MODES.map((m) => [m, 0])) as Record<ServiceMode, number>;
  let total = 0;
  const add = (mode: ServiceMode, duties: readonly Duty[], n = 1) => {
    perMode[mode] += n;
    total += n;
    for (const d of duties) perDuty[d] += n;
  };
  const [bookings, signups, visits, queues] = await Promise.all([
    readAll<Pick<BookingRecord, 'duties'>>(db, COLLECTIONS.policeBookings.name, { ...where, status: _.in(['booked', 'attended']) }, ['duties']),
    readAll<Pick<SignupRecord, 'duties'>>(db, COLLECTIONS.policeSignups.name, { ...where, status: _.in(['confirmed', 'attended']) }, ['duties']),
    readAll<Pick<HomeVisitRecord, 'duties'>>(db, COLLECTIONS.policeHomeVisits.name, { ...where, status: _.in(['requested', 'scheduled', 'completed']) }, ['duties']),
    readAll<Pick<QueueDayRecord, 'duties' | 'tickets'>>(db, COLLECTIONS.policeQueues.name, where, ['duties', 'tickets']),
  ]);
  for (const b of bookings) add('appointment', b.duties);
  for (const s of signups) add('groupSession', s.duties);
  for (const v of visits) add('homeVisit', v.duties);
  for (const q of queues) add('walkIn', q.duties, q.tickets.filter((t) => t.status !== 'skipped').length);
  return { unitId: scope.unitId, unitName: scope.unitName, month: input.month, total, perDuty, perMode };
}

/**
 * Services given under a unit (a town, the county, a village) in each of several months, per mode:
 * four aggregates grouped by month (path + month index), whatever the number of homes or records. The
 * same counting rules as monthlyCounts; the caller has authorised the unit (the dashboard's leaders).
 */
export async function servedByMonth(db: MemberContext['db'], unitId: string, months: string[]): Promise<Map<string, { total: number; perMode: Record<ServiceMode, number> }>> {
  const _ = db.command;
  const $ = _.aggregate;
  const where = { path: unitId, month: _.in(months) };
  const byMonth = (col: string, status: string[]) =>
    db.collection(col).aggregate().match({ ...where, status: _.in(status) }).group({ _id: '$month', n: $.sum(1) }).limit(months.length).end();
  const [bookings, signups, visits, tickets] = await Promise.all([
    byMonth(COLLECTIONS.policeBookings.name, ['booked', 'attended']),
    byMonth(COLLECTIONS.policeSignups.name, ['confirmed', 'attended']),
    byMonth(COLLECTIONS.policeHomeVisits.name, ['requested', 'scheduled', 'completed']),
    db.collection(COLLECTIONS.policeQueues.name).aggregate().match(where).unwind('$tickets').match({ 'tickets.status': _.neq('skipped') }).group({ _id: '$month', n: $.sum(1) }).limit(months.length).end(),
  ]);
  const out = new Map(months.map((m) => [m, { total: 0, perMode: Object.fromEntries(SERVICE_MODES.map((x) => [x, 0])) as Record<ServiceMode, number> }]));
  const add = (mode: ServiceMode, res: { data: unknown[] }) => {
    for (const r of res.data as { _id: string; n: number }[]) {
      const m = out.get(r._id);
      if (!m) continue;
      m.perMode[mode] += r.n;
      m.total += r.n;
    }
  };
  add('appointment', bookings);
  add('groupSession', signups);
  add('homeVisit', visits);
  add('walkIn', tickets);
  return out;
}

export async function mine(_input: In<'mine'>, ctx: MemberContext): Promise<Out<'mine'>> {
  const { db, caller } = ctx;
  const _ = db.command;
  const since = new Date(clock.now().getTime() - 30 * 86_400_000).toISOString();
  const [bookings, signups, asked, about] = await Promise.all([
    db.collection(COLLECTIONS.policeBookings.name).where({ userId: caller._id, startAt: _.gte(since) }).orderBy('startAt', 'desc').limit(50).get(),
    // Each sign-up with its session, in one aggregate.
    db
      .collection(COLLECTIONS.policeSignups.name)
      .aggregate()
      .match({ userId: caller._id, startAt: _.gte(since) })
      .sort({ startAt: -1 })
      .limit(50)
      .lookup({ from: COLLECTIONS.policeSessions.name, localField: 'sessionId', foreignField: '_id', as: 'sessions' })
      .end(),
    db.collection(COLLECTIONS.policeHomeVisits.name).where({ requesterId: caller._id }).orderBy('createdAt', 'desc').limit(20).get(),
    db.collection(COLLECTIONS.policeHomeVisits.name).where({ subjectId: caller._id }).orderBy('createdAt', 'desc').limit(20).get(),
  ]);
  const joined = signups.data as (SignupRecord & { sessions?: GroupSessionRecord[] })[];
  const signupRows: SignupRecord[] = joined.map(({ sessions: _s, ...signup }) => signup);
  const byId = new Map(joined.flatMap((j) => j.sessions ?? []).map((s) => [s._id, s]));
  const visits = new Map([...(asked.data as HomeVisitRecord[]), ...(about.data as HomeVisitRecord[])].map((v) => [v._id, v]));
  return {
    bookings: (bookings.data as BookingRecord[]).map((b) => bookingView(b, caller)),
    signups: signupRows.filter((s) => byId.has(s.sessionId)).map((s) => signupView(s, byId.get(s.sessionId)!, moderationViewer(s.path, caller))),
    visits: [...visits.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((v) => visitView(v, caller)),
    needsConfirmation: await bookerNeedsConfirmation(db, caller._id),
  };
}
