import { createHash } from 'node:crypto';
import type { Db } from '@cloudbase/database';
import type { In, Out } from './types';
import type { HouseholdRecord, OrgUnitRecord } from '../../shared/domain/records';
import type { PointsLedgerRecord } from '../../shared/domain/points-records';
import { monthsOfQuarter } from '../../shared/domain/china-time';
import { rankByPoints, yearTier, type Tier } from '../../shared/domain/points-rules';
import { holdsRoleOver } from '../../shared/domain/jurisdiction';
import { checkText } from '../_lib/content-check';
import { carrying, effectOf } from '../_lib/effects';
import { ADJUST_FIELD, type ModeratedLedger } from '../../shared/domain/points-moderation';
import type { CouncilCovenantRecord } from '../../shared/domain/council-records';
import { pointsViewer, pointsActorOf, isApprover, isOverseer, livesIn } from '../../shared/domain/points-access';
import { clock } from '../_lib/clock';
import { findById, isDuplicateKey, readAll } from '../_lib/db';
import { conflict, forbidden, invalid, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { cadreTextHeld, countyHintOf, readVillageMonth, readVillageYear, villageHouseholds } from './store';
import { ledgerView, tierView } from './publicity';
import { COLLECTIONS } from '../_lib/collections';

/** A retried adjustment with the same requestId lands on the same ledger id. */
function adjustmentId(approverId: string, requestId: string): string {
  return `pa-${createHash('sha256').update(`${approverId}:${requestId}`).digest('hex').slice(0, 32)}`;
}

/**
 * A correction after finalisation: a new signed entry in the append-only ledger (never an edit of
 * the month), carrying the reason and the approving cadre; the signature is a hash over its content.
 */
export async function adjustPoints(input: In<'adjust'>, ctx: MemberContext): Promise<Out<'adjust'>> {
  const { db, caller } = ctx;
  const actor = pointsActorOf(caller);
  const household = await findById<HouseholdRecord>(db, COLLECTIONS.households.name, input.householdId);
  if (!household) throw invalid('没有这个户号', [{ path: 'householdId', message: '本村没有这个家庭户' }]);
  const { village, month: m } = await readVillageMonth(db, household.unitId, input.month, countyHintOf(caller));
  if (!isApprover(actor, village)) throw forbidden('只有本村干部或镇干部可以批准积分调整');
  const id = adjustmentId(caller._id, input.requestId);
  const viewing = { viewer: pointsViewer(actor, village), village, actor };
  const again = await findById<ModeratedLedger>(db, COLLECTIONS.pointsLedger.name, id);
  if (again) return ledgerView(again, viewing);
  if (!m || m.status !== 'final') throw conflict('只有已定稿的月份需要调整；未定稿的月份请直接改分或处理异议');
  const indicator = m.indicators.find((i) => i.code === input.code)!;
  const entries = await readAll<PointsLedgerRecord>(db, COLLECTIONS.pointsLedger.name, { householdId: household._id, month: input.month });
  const monthly = entries.find((e) => e.kind === 'month');
  if (!monthly) throw conflict('这户在这个月没有定稿的积分');
  const current =
    (monthly.detail.find((d) => d.code === input.code)?.score ?? 0) +
    entries.filter((e) => e.kind === 'adjustment' && e.code === input.code).reduce((s, e) => s + e.delta, 0);
  const next = current + input.delta;
  if (next < 0 || next > indicator.max) {
    throw invalid(`${indicator.name}调整后是 ${next} 分，应在 0 到 ${indicator.max} 分之间`, [{ path: 'delta', message: `调整后超出 0–${indicator.max} 分` }]);
  }
  let clause: PointsLedgerRecord['clause'];
  if (input.clause) {
    if (input.delta > 0) throw invalid('只有扣分可以引用居民公约条款', [{ path: 'clause', message: '加分不引用公约条款' }]);
    const covenant = await findById<CouncilCovenantRecord>(db, COLLECTIONS.councilCovenants.name, input.clause.covenantId);
    if (!covenant || covenant.villageId !== village._id || covenant.status !== 'adopted') throw invalid('请引用本村现行的居民公约', [{ path: 'clause.covenantId', message: '不是本村现行的居民公约' }]);
    if (!covenant.clauses.some((c) => c.no === input.clause!.no)) throw invalid(`居民公约第 ${covenant.version} 版没有第 ${input.clause.no} 条`, [{ path: 'clause.no', message: '没有这一条' }]);
    clause = { covenantId: covenant._id, version: covenant.version, no: input.clause.no };
  }
  // The household reads the reason: checked before the transaction (a network call in the cloud).
  const { held } = await checkText(ctx, { [ADJUST_FIELD]: input.reason });
  const at = clock.nowIso();
  const body = {
    _id: id,
    kind: 'adjustment' as const,
    householdId: household._id,
    villageId: village._id,
    path: household.path,
    month: input.month,
    year: Number(input.month.slice(0, 4)),
    delta: input.delta,
    code: input.code,
    detail: [{ code: indicator.code, name: indicator.name, score: next, max: indicator.max, reason: input.reason }],
    reason: input.reason,
    enteredById: caller._id,
    enteredByName: caller.name,
    approverId: caller._id,
    approverName: caller.name,
    at,
    ...(clause ? { clause } : {}),
  };
  // A held reason is kept beside the signed body, not in it: releasing it never touches the signature.
  const entry: ModeratedLedger = {
    ...body,
    signature: createHash('sha256').update(JSON.stringify(body)).digest('hex'),
    ...(held.length ? { moderation: { held } } : {}),
  };
  // One add carrying the audit entry and a held reason's notice: a final month stays final, so nothing
  // else must change with it; a retry meets the entry its first attempt wrote and answers it.
  const effect = effectOf(caller, ctx.requestId, { collection: COLLECTIONS.pointsLedger.name, id, path: entry.path }, at, {
    messages: held.length ? [cadreTextHeld(caller._id, '积分调整说明', held, { page: 'points', id: input.month })] : [],
    audit: {
      action: 'points.adjust',
      before: { householdId: household._id, month: input.month, code: input.code, score: current },
      after: { score: next, delta: input.delta, reason: input.reason, held: held.map((h) => h.field) },
    },
  });
  const carried = { ...entry, ...carrying([effect]) };
  try {
    await db.collection(COLLECTIONS.pointsLedger.name).add(carried);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const first = await findById<ModeratedLedger>(db, COLLECTIONS.pointsLedger.name, id);
    if (!first) throw notFound('调整记录没有写入');
    return ledgerView(first, viewing);
  }
  return ledgerView(carried, viewing);
}

export interface YearTotals {
  householdId: string;
  points: number;
  months: number;
}

/**
 * Points per household over a set of months (or a year) in one aggregate query: the database sums
 * the ledger, so a 1,000-household year is one round trip instead of twelve thousand reads.
 */
export async function ledgerTotals(db: Db, villageId: string, filter: { year: number; months?: string[] }): Promise<Map<string, YearTotals>> {
  const _ = db.command;
  const $ = _.aggregate;
  const match: Record<string, unknown> = { villageId, year: filter.year };
  if (filter.months) match.month = _.in(filter.months);
  const res = await db
    .collection(COLLECTIONS.pointsLedger.name)
    .aggregate()
    .match(match)
    .group({ _id: '$householdId', points: $.sum('$delta'), months: $.addToSet('$month') })
    .limit(100_000)
    .end();
  const rows = (res as { data?: { _id: string; points: number; months: string[] }[] }).data ?? [];
  return new Map(rows.map((r) => [r._id, { householdId: r._id, points: r.points, months: r.months.length }]));
}

export async function getSummary(input: In<'summary'>, ctx: MemberContext): Promise<Out<'summary'>> {
  const { db, caller } = ctx;
  const actor = pointsActorOf(caller);
  // The caller, the village with its settings and finalised months, the totals, the households (4 requests).
  const { village, settings, finalMonths } = await readVillageYear(db, input.villageId, input.year, countyHintOf(caller));
  if (!isOverseer(actor, village) && !livesIn(actor, village)) throw forbidden('只能查看本村（社区）的积分汇总');
  const months = input.quarter ? monthsOfQuarter(input.year, input.quarter) : undefined;
  const [totals, households] = await Promise.all([ledgerTotals(db, village._id, { year: input.year, months }), villageHouseholds(db, village._id)]);
  const mine = actor.householdId;
  const rows = summaryRows(households, totals, settings.tiers);
  return {
    period: input.quarter ? `${input.year}年第${'一二三四'[input.quarter - 1]}季度` : `${input.year}年`,
    months: months ? finalMonths.filter((m) => months.includes(m)) : finalMonths,
    rows: rows.map((r) => ({ ...r, mine: r.householdId === mine })),
  };
}

export function summaryRows(households: readonly HouseholdRecord[], totals: Map<string, YearTotals>, tiers: readonly Tier[]) {
  const names = new Map(households.map((h) => [h._id, h.headName]));
  const items = households.map((h) => ({ id: h._id, points: totals.get(h._id)?.points ?? 0, months: totals.get(h._id)?.months ?? 0 }));
  return rankByPoints(items).map(({ item, rank }) => ({
    rank,
    householdId: item.id,
    headName: names.get(item.id) ?? '',
    points: item.points,
    months: item.months,
    tier: tierView(yearTier(item, tiers)),
    mine: false,
  }));
}

export async function finalisedMonths(db: Db, village: OrgUnitRecord, year: number): Promise<string[]> {
  const res = await db
    .collection(COLLECTIONS.pointsMonths.name)
    .where({ villageId: village._id, month: db.command.gte(`${year}-01`).and(db.command.lte(`${year}-12`)), status: 'final' })
    .field({ month: true })
    .orderBy('month', 'asc')
    .limit(12)
    .get();
  return (res.data as { month: string }[]).map((m) => m.month);
}
