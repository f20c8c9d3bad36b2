/**
 * 志愿服务 figures of a place (a village or community, a town, the county) over the last months:
 * volunteer hours from the ledger (corrections included), activities held, 上门入户 visits, and the
 * utilisation of the shared venues there. Counted on the server, one grouped aggregate per source,
 * each on a declared index (path + month; venues by path + active, bookings by venue + month + status).
 * The county dashboard reads these same figures.
 */
import type { Db } from '@cloudbase/database';
import { lastMonths } from '../../shared/domain/china-time';
import { holdsRoleOver } from '../../shared/domain/jurisdiction';
import type { OrgUnitRecord } from '../../shared/domain/records';
import type { VenueRecord } from '../../shared/domain/volunteer-records';
import { openHoursInMonth, utilisationPercent } from '../../shared/domain/volunteer-rules';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { findById, readAll } from '../_lib/db';
import { forbidden, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import type { In, Out } from './types';

const READERS = ['village-cadre', 'town-cadre', 'county-admin'] as const;
/** Months of a range at most (24) × a few values: the groups one aggregate returns. */
const GROUP_CAP = 1000;
/** Venues under one county read back at most (a community, town or party organisation has a few). */
const VENUES_CAP = 2000;

function widestUnit(ctx: MemberContext): string | null {
  const order = ['county-admin', 'town-cadre', 'village-cadre'];
  const grants = ctx.caller.roles.filter((r) => (READERS as readonly string[]).includes(r.role)).sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role));
  return grants[0]?.unitId ?? null;
}

async function byMonth(db: Db, collection: string, match: object, sum: string | null): Promise<Map<string, number>> {
  const $ = db.command.aggregate;
  const res = await db.collection(collection).aggregate().match(match).group({ _id: '$month', n: sum ? $.sum(`$${sum}`) : $.sum(1) }).limit(GROUP_CAP).end();
  return new Map((res.data as { _id: string; n: number }[]).map((r) => [r._id, r.n]));
}

export async function volunteerFigures(input: In<'figures'>, ctx: MemberContext): Promise<Out<'figures'>> {
  const { db, caller } = ctx;
  const unitId = input.unitId ?? widestUnit(ctx);
  if (!unitId) throw forbidden('只有村（社区）、镇（街道）干部和县级管理员可以查看志愿服务统计');
  const unit = await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, unitId);
  if (!unit || unit.kind === 'grid') throw notFound('找不到这个地方');
  if (!holdsRoleOver(caller.roles, READERS, unit.path)) throw forbidden('只能查看本辖区的志愿服务统计');
  const _ = db.command;
  const now = clock.nowIso();
  const months = lastMonths(now, input.months);
  const inRange = { path: unit._id, month: _.in(months) };
  const [minutes, activities, visits, venues] = await Promise.all([
    byMonth(db, COLLECTIONS.volunteerHours.name, inRange, 'minutes'),
    // Held: not cancelled, and already begun (an activity of next week is not yet a service).
    byMonth(db, COLLECTIONS.volunteerActivities.name, { ...inRange, status: 'open', startAt: _.lte(now) }, null),
    byMonth(db, COLLECTIONS.volunteerVisits.name, inRange, null),
    readAll<VenueRecord>(db, COLLECTIONS.venues.name, { path: unit._id, active: true }, ['weekdays', 'openHour', 'closeHour', 'path', 'active']),
  ]);
  if (venues.length > VENUES_CAP) venues.length = VENUES_CAP;
  const booked = new Map<string, number>();
  for (let i = 0; i < venues.length; i += 100) {
    const ids = venues.slice(i, i + 100).map((v) => v._id);
    const res = await db
      .collection(COLLECTIONS.venueBookings.name)
      .aggregate()
      .match({ venueId: _.in(ids), month: _.in(months), status: 'confirmed' })
      .group({ _id: '$month', hours: _.aggregate.sum('$hours') })
      .limit(GROUP_CAP)
      .end();
    for (const r of res.data as { _id: string; hours: number }[]) booked.set(r._id, (booked.get(r._id) ?? 0) + r.hours);
  }
  const rows = months.map((month) => {
    const openHours = venues.reduce((s, v) => s + openHoursInMonth(v, month), 0);
    const bookedHours = booked.get(month) ?? 0;
    return { month, minutes: minutes.get(month) ?? 0, activities: activities.get(month) ?? 0, visits: visits.get(month) ?? 0, bookedHours, openHours, percent: utilisationPercent(bookedHours, openHours) };
  });
  const sum = (k: 'minutes' | 'activities' | 'visits' | 'bookedHours' | 'openHours') => rows.reduce((s, r) => s + r[k], 0);
  return {
    unitName: unit.name,
    months: rows,
    total: {
      minutes: sum('minutes'),
      activities: sum('activities'),
      visits: sum('visits'),
      venues: venues.length,
      bookedHours: sum('bookedHours'),
      openHours: sum('openHours'),
      percent: utilisationPercent(sum('bookedHours'), sum('openHours')),
    },
  };
}
