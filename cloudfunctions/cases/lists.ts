import type { In, Out } from './types';
import { CHAIN_ROLES } from '../../shared/domain/case-access';
import type { CaseLevel } from '../../shared/domain/case-catalogue';
import type { CaseStatus } from '../../shared/domain/case-state';
import type { OrgUnitRecord } from '../../shared/domain/records';
import { clock } from '../_lib/clock';
import { findById, pageByCreatedAt, readAll, readByIds } from '../_lib/db';
import { forbidden } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { loadConfig } from './store';
import { rowViewer, SUMMARY_FIELDS, toSummary, type SummaryRecord } from './views';
import { COLLECTIONS } from '../_lib/collections';

/** Work in hand: open cases and agreements awaiting their follow-up visit. */
export const HANDLING_STATUSES: CaseStatus[] = ['screened', 'mediating', 'agreed'];
const CADRE_LEVEL: Record<string, { field: 'villageId' | 'townId' | 'countyId'; level: CaseLevel }> = {
  'village-cadre': { field: 'villageId', level: 'village' },
  'town-cadre': { field: 'townId', level: 'town' },
  'county-admin': { field: 'countyId', level: 'county' },
};
const CHAIN_FIELD: Record<(typeof CHAIN_ROLES)[number], 'gridId' | 'villageId' | 'townId' | 'countyId'> = {
  'grid-leader': 'gridId',
  'village-cadre': 'villageId',
  'town-cadre': 'townId',
  'county-admin': 'countyId',
};
const HANDLING_CAP = 1000;

/** The cases a person handles: their level in each unit they are a cadre of, or their committee. */
export function handlingClauses(roles: readonly { role: string; unitId: string }[]): object[] {
  return roles.flatMap((r): object[] => {
    const c = CADRE_LEVEL[r.role];
    if (c) return [{ [c.field]: r.unitId, level: c.level }];
    if (r.role === 'mediator') return [{ committeeId: r.unitId }];
    return [];
  });
}

function anyOf(db: MemberContext['db'], clauses: object[]): object {
  return clauses.length === 1 ? clauses[0]! : db.command.or(clauses);
}

function encodeOffset(n: number): string {
  return Buffer.from(`o${n}`, 'utf8').toString('base64url');
}

function decodeOffset(cursor: string | undefined): number {
  if (!cursor) return 0;
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  const n = Number(raw.slice(1));
  return raw.startsWith('o') && Number.isInteger(n) && n >= 0 ? n : 0;
}

/** Most urgent first, then the nearest deadline (overdue ones are nearest), then the oldest. */
function byUrgencyAndDeadline(a: SummaryRecord & { urgencyRank: number; followUpDueAt?: string | null }, b: typeof a): number {
  if (a.urgencyRank !== b.urgencyRank) return b.urgencyRank - a.urgencyRank;
  const da = a.deadlineAt ?? a.followUpDueAt ?? '9999';
  const dbb = b.deadlineAt ?? b.followUpDueAt ?? '9999';
  if (da !== dbb) return da < dbb ? -1 : 1;
  return a.createdAt < b.createdAt ? -1 : 1;
}

export async function listCases(input: In<'list'>, ctx: MemberContext): Promise<Out<'list'>> {
  const { db, caller } = ctx;
  const _ = db.command;
  const now = clock.nowIso();
  const status = input.status ? { status: input.status } : {};
  const mediatorUnits = caller.roles.filter((r) => r.role === 'mediator').map((r) => r.unitId);
  const actor = { id: caller._id, grants: caller.roles };

  if (input.scope === 'handling') {
    const clauses = handlingClauses(caller.roles);
    if (clauses.length === 0) throw forbidden('只有承办矛盾纠纷的干部和调解员有待办案件');
    const where = _.and([anyOf(db, clauses), input.status ? status : { status: _.in(HANDLING_STATUSES) }]);
    const fields = Object.fromEntries(['_id', 'createdAt', 'followUpDueAt', ...SUMMARY_FIELDS].map((f) => [f, true]));
    const res = await db.collection(COLLECTIONS.cases.name).where(where).field(fields).limit(HANDLING_CAP).get();
    const rows = (res.data as (SummaryRecord & { urgencyRank: number; followUpDueAt: string | null })[]).sort(byUrgencyAndDeadline);
    const offset = decodeOffset(input.cursor);
    const items = rows.slice(offset, offset + input.limit);
    const next = offset + input.limit < rows.length ? encodeOffset(offset + input.limit) : null;
    return { items: items.map((r) => toSummary(r, now, rowViewer(r, actor))), nextCursor: next };
  }

  let where: object;
  switch (input.scope) {
    case 'mine':
      where = { reporterId: caller._id, ...status };
      break;
    case 'committee':
      if (mediatorUnits.length === 0) throw forbidden('只有人民调解员可以查看调委会的案件');
      where = { committeeId: mediatorUnits.length === 1 ? mediatorUnits[0] : _.in(mediatorUnits), ...status };
      break;
    case 'area': {
      const clauses = caller.roles
        .filter((r) => (CHAIN_ROLES as readonly string[]).includes(r.role))
        .map((r) => ({ [CHAIN_FIELD[r.role as (typeof CHAIN_ROLES)[number]]]: r.unitId }));
      if (clauses.length === 0) throw forbidden('只有网格长和干部可以查看辖区的案件');
      where = input.status ? _.and([anyOf(db, clauses), status]) : anyOf(db, clauses);
      break;
    }
  }
  const page = await pageByCreatedAt<SummaryRecord & { _id: string; createdAt: string }>(db, COLLECTIONS.cases.name, where, input.cursor, input.limit, SUMMARY_FIELDS);
  return { items: page.items.map((r) => toSummary(r, now, rowViewer(r, actor))), nextCursor: page.nextCursor };
}

/** The caller's county: the first unit of their residence, else of the unit of their first role. */
async function countyOf(db: MemberContext['db'], caller: MemberContext['caller']): Promise<string> {
  if (caller.residence?.path[0]) return caller.residence.path[0];
  const unitId = caller.roles[0]?.unitId;
  if (!unitId) return '';
  const unit = await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, unitId);
  return unit?.path[0] ?? unitId;
}

export async function caseConfig(_input: In<'config'>, ctx: MemberContext): Promise<Out<'config'>> {
  const { db, caller } = ctx;
  const _ = db.command;
  const chainUnits = caller.roles.filter((r) => (CHAIN_ROLES as readonly string[]).includes(r.role)).map((r) => r.unitId);
  const homeGrid = caller.residence?.gridId ?? null;
  // Only the grids the caller may report in: their home grid and those under the units they serve
  // (a county admin's county at most; keyset-paged, so a county of any size is read whole).
  const gridIds = [...new Set([...(homeGrid ? [homeGrid] : []), ...chainUnits])];
  const gridClauses: object[] = [...(gridIds.length ? [{ _id: _.in(gridIds) }] : []), ...(chainUnits.length ? [{ path: _.in(chainUnits) }] : [])];
  const [grids, config] = await Promise.all([
    gridClauses.length ? readAll<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, _.and([{ kind: 'grid' }, anyOf(db, gridClauses)]), ['name', 'parentId', 'path']) : Promise.resolve([]),
    countyOf(db, caller).then((countyId) => loadConfig(db, countyId)),
  ]);
  const figureRoles = ['village-cadre', 'town-cadre', 'county-admin'];
  const nameIds = [...new Set([...grids.map((g) => g.parentId ?? ''), ...caller.roles.filter((r) => figureRoles.includes(r.role)).map((r) => r.unitId)].filter(Boolean))];
  const names = new Map((await readByIds<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, nameIds)).map((u) => [u._id, u.name]));

  const places: Out<'config'>['places'] = [];
  for (const g of grids) {
    const isHome = g._id === homeGrid;
    // A retired grid keeps its cases but takes no new ones.
    if (g.retiredAt) continue;
    if (!isHome && !chainUnits.some((u) => g.path.includes(u))) continue;
    places.push({ gridId: g._id, gridName: g.name, unitName: names.get(g.parentId ?? '') ?? '', isHome });
  }
  places.sort((a, b) => Number(b.isHome) - Number(a.isHome));
  return {
    types: config.types,
    deadlineDays: config.deadlineDays,
    followUpDays: config.followUpDays,
    places,
    figuresUnits: caller.roles.filter((r) => figureRoles.includes(r.role)).map((r) => ({ unitId: r.unitId, name: names.get(r.unitId) ?? r.unitId })),
    handler: caller.roles.some((r) => r.role in CADRE_LEVEL || r.role === 'mediator'),
    mediator: caller.roles.some((r) => r.role === 'mediator'),
    overseer: chainUnits.length > 0,
  };
}
