import type { In, Out } from './types';
import type { PointsDividendRecord, PointsMonthRecord } from '../../shared/domain/points-records';
import { fenToYuan, yuanText } from '../../shared/domain/money';
import { splitIncome4321 } from '../../shared/domain/points-money';
import { dividendWeight, splitDividends, yearTier, type Tier } from '../../shared/domain/points-rules';
import { recordAudit } from '../_lib/audit';
import { clock } from '../_lib/clock';
import { findById, isDuplicateKey, type Tx, readAll } from '../_lib/db';
import { conflict, forbidden, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { dividendId, loadSettings, loadVillage, requireOverseer, requireRater, villageHouseholds } from './store';
import { isOverseer, pointsActorOf, livesIn } from '../../shared/domain/points-access';
import { ledgerTotals } from './ledger';
import { tierView } from './publicity';
import { COLLECTIONS } from '../_lib/collections';
import { runTransaction } from '../_lib/transaction';

/** In plain words, how a household's amount came about. */
function why(d: PointsDividendRecord, r: PointsDividendRecord['rows'][number], tier: Tier): string {
  const pool = `分红池 ${yuanText(d.split.dividends)}（集体收入 ${yuanText(d.incomeFen)} 的 20%）`;
  if (r.weight === 0) {
    return d.rule === 'points'
      ? `全年积分 ${r.points} 分，没有积分所以不参与分红。${pool}。`
      : `全年积分 ${r.points} 分，平均每月为「${tier.name}」，该档分红系数为 0，不参与分红。${pool}。`;
  }
  const share = `${d.rule === 'points' ? `全年积分 ${r.points} 分` : `全年积分 ${r.points} 分 ×「${tier.name}」系数 ${(tier.coefficient / 100).toFixed(1)}`}，占全村合计 ${d.rule === 'points' ? d.totalWeight : (d.totalWeight / 100).toFixed(0)} 的 ${((r.weight / d.totalWeight) * 100).toFixed(2)}%`;
  const rounding = r.gotRemainder ? '，按最大余数法补足 1 分钱' : '';
  return `${share}；${pool}按比例分得 ${yuanText(r.amountFen)}${rounding}。`;
}

function view(d: PointsDividendRecord, only: string | null): Out<'dividends'> {
  const rows = d.rows.filter((r) => only === null || r.householdId === only);
  const tierOf = (code: Tier['code']) => d.tiers.find((t) => t.code === code)!;
  return {
    villageId: d.villageId,
    villageName: d.villageName,
    year: d.year,
    incomeFen: d.incomeFen,
    split: d.split,
    rule: d.rule,
    totalWeight: d.totalWeight,
    undistributedFen: d.undistributedFen,
    rows: rows.map((r) => ({
      householdId: r.householdId,
      headName: r.headName,
      points: r.points,
      months: r.months,
      tier: tierView(tierOf(r.tier)),
      weight: r.weight,
      amountFen: r.amountFen,
      why: why(d, r, tierOf(r.tier)),
    })),
    at: d.at,
  };
}

/**
 * The year's 4321 split and dividend table, computed once from the finalised ledger and written
 * with a deterministic id, so a second cadre distributing the same year gets CONFLICT.
 */
export async function distributeDividends(input: In<'distribute'>, ctx: MemberContext): Promise<Out<'distribute'>> {
  const { db, caller } = ctx;
  const village = await loadVillage(db, input.villageId);
  requireRater(caller, village);
  const id = dividendId(village._id, input.year);
  if (await findById(db, COLLECTIONS.pointsDividends.name, id)) throw conflict(`${input.year} 年的分红已经分配过了`);
  const months = await readAll<PointsMonthRecord>(
    db,
    COLLECTIONS.pointsMonths.name,
    { villageId: village._id, month: db.command.gte(`${input.year}-01`).and(db.command.lte(`${input.year}-12`)) },
    ['month', 'status'],
  );
  const unfinished = months.filter((m) => m.status !== 'final');
  if (unfinished.length) throw conflict(`${unfinished.map((m) => m.month).join('、')} 还没有定稿，定稿后才能分红`);
  if (!months.length) throw conflict(`${input.year} 年还没有定稿的积分`);
  const [settings, households, totals] = await Promise.all([
    loadSettings(db, village),
    villageHouseholds(db, village._id),
    ledgerTotals(db, village._id, { year: input.year }),
  ]);
  const record = computeDividends({
    id,
    village,
    year: input.year,
    incomeFen: input.incomeFen,
    rule: settings.dividendRule,
    tiers: settings.tiers,
    households: households.map((h) => ({ householdId: h._id, headName: h.headName, points: totals.get(h._id)?.points ?? 0, months: totals.get(h._id)?.months ?? 0 })),
    by: caller,
    at: clock.nowIso(),
  });
  try {
    await runTransaction(db, async (tx: Tx) => {
      await tx.collection(COLLECTIONS.pointsDividends.name).add(record);
      await recordAudit(tx, caller, ctx.requestId, {
        action: 'points.distribute',
        target: { collection: COLLECTIONS.pointsDividends.name, id },
        before: null,
        after: { incomeFen: record.incomeFen, split: record.split, rule: record.rule, households: record.rows.length },
        path: record.path,
      });
    });
  } catch (err) {
    if (isDuplicateKey(err)) throw conflict(`${input.year} 年的分红已经分配过了`);
    throw err;
  }
  return view(record, null);
}

export function computeDividends(a: {
  id: string;
  village: { _id: string; name: string; path: string[] };
  year: number;
  incomeFen: number;
  rule: PointsDividendRecord['rule'];
  tiers: Tier[];
  households: { householdId: string; headName: string; points: number; months: number }[];
  by: { _id: string; name: string };
  at: string;
}): PointsDividendRecord {
  const split = splitIncome4321(a.incomeFen);
  const paid = splitDividends(split.dividends, a.households, a.rule, a.tiers);
  const byId = new Map(paid.shares.map((s) => [s.id, s]));
  return {
    _id: a.id,
    villageId: a.village._id,
    villageName: a.village.name,
    path: a.village.path,
    year: a.year,
    incomeFen: a.incomeFen,
    split,
    rule: a.rule,
    tiers: a.tiers,
    totalWeight: a.households.reduce((s, h) => s + dividendWeight(h, a.rule, a.tiers), 0),
    undistributedFen: paid.undistributedFen,
    rows: a.households.map((h) => {
      const s = byId.get(h.householdId)!;
      return { ...h, tier: yearTier(h, a.tiers).code, weight: s.weight, amountFen: s.amountFen, gotRemainder: s.gotRemainder };
    }),
    byId: a.by._id,
    byName: a.by.name,
    at: a.at,
  };
}

export async function getDividends(input: In<'dividends'>, ctx: MemberContext): Promise<Out<'dividends'>> {
  const { db, caller } = ctx;
  const actor = pointsActorOf(caller);
  const village = await loadVillage(db, input.villageId);
  const overseer = isOverseer(actor, village);
  const own = actor.householdId;
  if (!overseer && !livesIn(actor, village)) throw forbidden('只能查看本村（社区）的分红');
  const d = await findById<PointsDividendRecord>(db, COLLECTIONS.pointsDividends.name, dividendId(village._id, input.year));
  if (!d) throw notFound(`${input.year} 年的分红还没有分配`);
  return view(d, overseer ? null : own ?? '');
}

const csvCell = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

export async function exportDividends(input: In<'exportDividends'>, ctx: MemberContext): Promise<Out<'exportDividends'>> {
  const { db, caller } = ctx;
  const village = await loadVillage(db, input.villageId);
  requireOverseer(caller, village);
  const d = await findById<PointsDividendRecord>(db, COLLECTIONS.pointsDividends.name, dividendId(village._id, input.year));
  if (!d) throw notFound(`${input.year} 年的分红还没有分配`);
  const v = view(d, null);
  const lines = [
    ['村（社区）', d.villageName, '年度', d.year],
    ['集体收入（元）', fenToYuan(d.incomeFen), '发展产业40%', fenToYuan(d.split.industry), '公益事业30%', fenToYuan(d.split.welfare), '积分分红20%', fenToYuan(d.split.dividends), '风险防范10%', fenToYuan(d.split.risk)],
    [],
    ['户号', '户主', '全年积分', '定稿月数', '档次', '分红权重', '分红金额（元）', '说明'],
    ...v.rows.map((r) => [r.householdId, r.headName, r.points, r.months, r.tier.name, r.weight, fenToYuan(r.amountFen), r.why]),
    ['合计', '', '', '', '', v.totalWeight, fenToYuan(v.rows.reduce((s, r) => s + r.amountFen, 0)), ''],
  ];
  return { filename: `${d.villageName}${d.year}年积分分红.csv`, csv: `\uFEFF${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n` };
}
