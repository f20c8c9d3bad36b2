/**
 * 考评在社区: each quarter the community's record of every 双报到 member — wishes fulfilled, volunteer
 * hours and activities, household visits — read by the member's unit party organisation (its
 * secretary, and the county admin). Every figure is counted on the server: one aggregate per
 * source for the whole organisation, bounded by its confirmed members.
 */
import type { Db } from '@cloudbase/database';
import type { PartyOrgRecord, PartyRegistrationRecord } from '../../shared/domain/admin-records';
import { instantOf, monthsOfQuarter } from '../../shared/domain/china-time';
import { COLLECTIONS } from '../_lib/collections';
import { findById, readAll } from '../_lib/db';
import { forbidden, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import type { In, Out } from './types';

/** A unit party organisation has at most a few hundred members: one aggregate answer each. */
const GROUP_CAP = 1000;

function quarterSpan(year: number, quarter: number) {
  const months = monthsOfQuarter(year, quarter);
  const first = `${months[0]}-01`;
  const nextQuarterMonth = quarter === 4 ? `${year + 1}-01` : monthsOfQuarter(year, quarter + 1)[0]!;
  const end = `${nextQuarterMonth}-01`;
  return { months, first, end, startIso: instantOf(first, '00:00').toISOString(), endIso: instantOf(end, '00:00').toISOString() };
}

async function counted(db: Db, collection: string, match: object, key: string, sum: string | null): Promise<Map<string, number>> {
  const $ = db.command.aggregate;
  const res = await db.collection(collection).aggregate().match(match).group({ _id: `$${key}`, n: sum ? $.sum(`$${sum}`) : $.sum(1) }).limit(GROUP_CAP).end();
  return new Map((res.data as { _id: string; n: number }[]).map((r) => [r._id, r.n]));
}

export async function reportOrgs(_input: In<'reportOrgs'>, ctx: MemberContext): Promise<Out<'reportOrgs'>> {
  const { db, caller } = ctx;
  const county = caller.roles.find((r) => r.role === 'county-admin')?.unitId;
  const rows = (await db.collection(COLLECTIONS.partyOrgs.name).where(county ? { countyId: county } : { secretaryId: caller._id }).limit(200).get()).data as PartyOrgRecord[];
  return { items: rows.sort((a, b) => a.name.localeCompare(b.name, 'zh')).map((o) => ({ id: o._id, name: o.name })) };
}

export async function partyReport(input: In<'partyReport'>, ctx: MemberContext): Promise<Out<'partyReport'>> {
  const { db, caller } = ctx;
  const org = await findById<PartyOrgRecord>(db, COLLECTIONS.partyOrgs.name, input.partyOrgId);
  if (!org) throw notFound('找不到这个党组织');
  if (org.secretaryId !== caller._id && !caller.roleKeys.includes(`county-admin@${org.countyId}`)) throw forbidden('只有本单位党组织书记和县管理员可以查看');
  const regs = await readAll<PartyRegistrationRecord>(db, COLLECTIONS.partyRegistrations.name, { partyOrgId: org._id, status: 'confirmed' });
  const ids = regs.map((r) => r.memberId);
  const span = quarterSpan(input.year, input.quarter);
  const _ = db.command;
  const [wishes, minutes, visits, activityRows] = ids.length
    ? await Promise.all([
        counted(db, COLLECTIONS.wishes.name, { claimantId: _.in(ids), status: 'completed', updatedAt: _.gte(span.startIso).and(_.lt(span.endIso)) }, 'claimantId', null),
        counted(db, COLLECTIONS.volunteerHours.name, { userId: _.in(ids), month: _.in(span.months) }, 'userId', 'minutes'),
        counted(db, COLLECTIONS.volunteerVisits.name, { visitorId: _.in(ids), visitedOn: _.gte(span.first).and(_.lt(span.end)) }, 'visitorId', null),
        db
          .collection(COLLECTIONS.volunteerHours.name)
          .aggregate()
          .match({ userId: _.in(ids), month: _.in(span.months), kind: 'confirmed' })
          .group({ _id: '$userId', activities: _.aggregate.addToSet('$activityId') })
          .limit(GROUP_CAP)
          .end(),
      ])
    : [new Map<string, number>(), new Map<string, number>(), new Map<string, number>(), { data: [] }];
  const activities = new Map((activityRows.data as { _id: string; activities: string[] }[]).map((r) => [r._id, r.activities.length]));
  const members = regs
    .map((r) => ({
      memberId: r.memberId,
      name: r.memberName,
      unitName: r.unitName,
      wishesFulfilled: wishes.get(r.memberId) ?? 0,
      volunteerMinutes: minutes.get(r.memberId) ?? 0,
      activities: activities.get(r.memberId) ?? 0,
      visits: visits.get(r.memberId) ?? 0,
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh'));
  const sum = (k: 'wishesFulfilled' | 'volunteerMinutes' | 'activities' | 'visits') => members.reduce((n, m) => n + m[k], 0);
  return {
    partyOrg: { id: org._id, name: org.name },
    year: input.year,
    quarter: input.quarter,
    members,
    totals: { members: members.length, wishesFulfilled: sum('wishesFulfilled'), volunteerMinutes: sum('volunteerMinutes'), activities: sum('activities'), visits: sum('visits') },
  };
}
