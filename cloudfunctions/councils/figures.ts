/**
 * 议事协商 figures of a place (a village or community, a town, the county) over the last months:
 * topics raised, how many reached the agenda (议事清单: listed, put to a meeting or a vote, decided or
 * voted down), how many were decided; decisions made, carried out, and carried out on time (every
 * step done by the end of its due day, China time). Counted on the server: one grouped aggregate for
 * topics, and the range's decisions of the place with their steps only (a village decides a few a
 * month), each on a declared index (path + createdAt, path + decidedAt). The dashboard reads these.
 */
import { endOfChinaDay, lastMonths, startOfChinaDay } from '../../shared/domain/china-time';
import type { CouncilDecisionRecord } from '../../shared/domain/council-records';
import type { TopicStatus } from '../../shared/domain/council-rules';
import { holdsRoleOver } from '../../shared/domain/jurisdiction';
import type { OrgUnitRecord } from '../../shared/domain/records';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { findById, readAll } from '../_lib/db';
import { forbidden, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import type { In, Out } from './types';

const READERS = ['village-cadre', 'town-cadre', 'county-admin'] as const;
/** Topics that reached the agenda: listed, scheduled, put to the vote, and either outcome of it. */
export const REACHED_AGENDA: readonly TopicStatus[] = ['agenda', 'scheduled', 'voting', 'decided', 'rejected'];
const GROUP_CAP = 100;

function widestUnit(ctx: MemberContext): string | null {
  const order = ['county-admin', 'town-cadre', 'village-cadre'];
  const grants = ctx.caller.roles.filter((r) => (READERS as readonly string[]).includes(r.role)).sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role));
  return grants[0]?.unitId ?? null;
}

/** Done on time: done, and each step done no later than the end of its due day. */
export function doneOnTime(d: Pick<CouncilDecisionRecord, 'status' | 'steps'>): boolean {
  return d.status === 'done' && d.steps.every((s) => s.doneAt !== null && s.doneAt <= endOfChinaDay(s.dueDate));
}

export async function councilFigures(input: In<'figures'>, ctx: MemberContext): Promise<Out<'figures'>> {
  const { db, caller } = ctx;
  const unitId = input.unitId ?? widestUnit(ctx);
  if (!unitId) throw forbidden('只有村（社区）、镇（街道）干部和县级管理员可以查看议事协商统计');
  const unit = await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, unitId);
  if (!unit || unit.kind === 'grid') throw notFound('找不到这个地方');
  if (!holdsRoleOver(caller.roles, READERS, unit.path)) throw forbidden('只能查看本辖区的议事协商统计');
  const _ = db.command;
  const months = lastMonths(clock.nowIso(), input.months);
  const since = startOfChinaDay(`${months[0]}-01`).toISOString();
  const [topics, decisions] = await Promise.all([
    db.collection(COLLECTIONS.councilTopics.name).aggregate().match({ path: unit._id, createdAt: _.gte(since) }).group({ _id: '$status', n: _.aggregate.sum(1) }).limit(GROUP_CAP).end(),
    readAll<CouncilDecisionRecord>(db, COLLECTIONS.councilDecisions.name, { path: unit._id, decidedAt: _.gte(since) }, ['status', 'steps.dueDate', 'steps.doneAt', 'decidedAt']),
  ]);
  const byStatus = new Map((topics.data as { _id: TopicStatus; n: number }[]).map((r) => [r._id, r.n]));
  // A topic merged into another is that one: raised counts the topics left.
  const raised = [...byStatus.entries()].filter(([s]) => s !== 'merged').reduce((n, [, c]) => n + c, 0);
  return {
    unitName: unit.name,
    months,
    topicsRaised: raised,
    topicsOnAgenda: REACHED_AGENDA.reduce((n, s) => n + (byStatus.get(s) ?? 0), 0),
    topicsDecided: byStatus.get('decided') ?? 0,
    decisions: decisions.length,
    decisionsDone: decisions.filter((d) => d.status === 'done').length,
    decisionsDoneOnTime: decisions.filter(doneOnTime).length,
  };
}
