import type { In, Out } from './types';
import { CASE_LEVELS, SATISFACTIONS, type CaseLevel, type Satisfaction } from '../../shared/domain/case-catalogue';
import { lastMonths } from '../../shared/domain/china-time';
import { OPEN_STATUSES, SETTLED_STATUSES } from '../../shared/domain/case-state';
import { holdsRoleOver } from '../../shared/domain/jurisdiction';
import type { OrgUnitRecord } from '../../shared/domain/records';
import { clock } from '../_lib/clock';
import { findById, count } from '../_lib/db';
import { forbidden, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { loadConfig } from './store';
import { COLLECTIONS } from '../_lib/collections';

const FIGURE_ROLES = ['village-cadre', 'town-cadre', 'county-admin'];
const SCOPE_FIELD = { county: 'countyId', town: 'townId', village: 'villageId', community: 'villageId' } as const;
/** Aggregation answers are small (months × types at most); the cap keeps CloudBase's default from cutting them. */
const GROUP_CAP = 1000;

const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0);

/** The caller's widest unit for the figures: county over town over village. */
function defaultUnit(ctx: MemberContext): string | null {
  const rank = (role: string) => FIGURE_ROLES.indexOf(role);
  const best = ctx.caller.roles.filter((r) => rank(r.role) >= 0).sort((a, b) => rank(b.role) - rank(a.role))[0];
  return best?.unitId ?? null;
}

export async function caseFigures(input: In<'figures'>, ctx: MemberContext): Promise<Out<'figures'>> {
  const { db, caller } = ctx;
  const unitId = input.unitId ?? defaultUnit(ctx);
  if (!unitId) throw forbidden('只有村、镇、县干部可以查看矛盾纠纷统计');
  const unit = await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, unitId);
  if (!unit || unit.kind === 'grid') throw notFound('找不到这个单位');
  if (!holdsRoleOver(caller.roles, FIGURE_ROLES, unit.path)) throw forbidden('只能查看本辖区的矛盾纠纷统计');

  const now = clock.nowIso();
  const months = lastMonths(now, input.months);
  const config = await loadConfig(db, unit.path[0]!);
  const _ = db.command;
  const $ = _.aggregate;
  const scope = { [SCOPE_FIELD[unit.kind]]: unit._id };
  const inRange = { ...scope, month: _.in(months) };

  // A case closed by a follow-up before it was due is shown apart: the figures hold only agreements
  // that were checked after the agreed period (or are still in it).
  const checked = { closedEarly: _.neq(true) };
  const [byMonthType, settled, satisfaction, openNow, overdueNow, closedEarly] = await Promise.all([
    db.collection(COLLECTIONS.cases.name).aggregate().match(inRange).group({ _id: { month: '$month', type: '$type' }, n: $.sum(1) }).limit(GROUP_CAP).end(),
    db
      .collection(COLLECTIONS.cases.name)
      .aggregate()
      .match({ ...inRange, ...checked, status: _.in([...SETTLED_STATUSES]) })
      .group({ _id: '$resolvedLevel', n: $.sum(1), days: $.sum('$daysToResolve') })
      .limit(GROUP_CAP)
      .end(),
    db
      .collection(COLLECTIONS.cases.name)
      .aggregate()
      .match({ ...inRange, ...checked, satisfaction: _.in([...SATISFACTIONS]) })
      .group({ _id: '$satisfaction', n: $.sum(1) })
      .limit(GROUP_CAP)
      .end(),
    count(db, COLLECTIONS.cases.name, { ...scope, status: _.in([...OPEN_STATUSES]) }),
    count(db, COLLECTIONS.cases.name, { ...scope, status: _.in([...OPEN_STATUSES]), deadlineAt: _.lte(now) }),
    count(db, COLLECTIONS.cases.name, { ...inRange, closedEarly: true }),
  ]);

  const types = config.types.map((t) => ({ code: t.code, label: t.label, common: t.common }));
  const typeIndex = new Map(types.map((t, i) => [t.code, i]));
  const monthIndex = new Map(months.map((m, i) => [m, i]));
  const grid = months.map(() => types.map(() => 0));
  let total = 0;
  let commonTotal = 0;
  for (const row of byMonthType.data as { _id: { month: string; type: string }; n: number }[]) {
    const m = monthIndex.get(row._id.month);
    const t = typeIndex.get(row._id.type) ?? typeIndex.get('other');
    if (m === undefined || t === undefined) continue;
    grid[m]![t]! += row.n;
    total += row.n;
    if (types[t]!.common) commonTotal += row.n;
  }

  const resolvedAt: Record<CaseLevel, number> = { village: 0, town: 0, county: 0 };
  let days = 0;
  for (const row of settled.data as { _id: CaseLevel | null; n: number; days: number }[]) {
    if (row._id && (CASE_LEVELS as readonly string[]).includes(row._id)) resolvedAt[row._id] += row.n;
    days += row.days ?? 0;
  }
  const resolvedTotal = resolvedAt.village + resolvedAt.town + resolvedAt.county;

  const sat: Record<Satisfaction, number> = { satisfied: 0, basic: 0, unsatisfied: 0 };
  for (const row of satisfaction.data as { _id: Satisfaction; n: number }[]) sat[row._id] += row.n;
  const visits = sat.satisfied + sat.basic + sat.unsatisfied;

  return {
    scopeName: unit.name,
    months,
    types,
    byTypeMonth: grid,
    total,
    commonTotal,
    commonShare: share(commonTotal, total),
    resolvedAt,
    resolvedTotal,
    villageRate: share(resolvedAt.village, resolvedTotal),
    openNow,
    overdueNow,
    averageDaysToResolve: resolvedTotal > 0 ? Math.round((days / resolvedTotal) * 10) / 10 : null,
    satisfaction: sat,
    satisfactionRate: visits > 0 ? share(sat.satisfied + sat.basic, visits) : null,
    closedEarly,
  };
}
