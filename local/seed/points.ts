import type { Db } from '@cloudbase/database';
import type { HouseholdRecord } from '../../shared/domain/records';
import type { PointsMonthRecord, PointsObjectionRecord, PointsRatingRecord, ScoreEntry } from '../../shared/domain/points-records';
import { chinaMonth, chinaYear, previousMonth } from '../../shared/domain/china-time';
import { DEFAULT_INDICATORS, DEFAULT_TIERS, rankByPoints, tierOf, type IndicatorCode } from '../../shared/domain/points-rules';
import { clock, DAY_MS } from '../../cloudfunctions/_lib/clock';
import { boardId, dividendId, monthId, objectionId, ratingId } from '../../cloudfunctions/points/store';
import { computeDividends } from '../../cloudfunctions/points/dividends';
import { monthEntry } from '../../cloudfunctions/points/rating';
import { COUNTY, DEMO_TOWN, DEMO_VILLAGE } from './geography';
import { COLLECTIONS } from '../../cloudfunctions/_lib/collections';

/** Plain reasons the evaluation group writes for a deduction, per indicator. */
const DEDUCTIONS: Record<IndicatorCode, string[]> = {
  lawAbiding: ['在村口路边打牌赌钱，经劝阻后改正', '酒后与人争执，派出所调解'],
  honesty: ['拖欠村集体水费两个月', '借用农机具未按约归还'],
  filialPiety: ['老人独居无人照看，网格员多次提醒', '与老人分灶后很少探望'],
  customReform: ['孩子满月宴请超过规定桌数', '办丧事请了锣鼓队连吹三天'],
  sanitation: ['门前柴草乱堆，占用巷道', '生活污水倒在路边', '垃圾未分类，随手丢在沟渠'],
  neighbourliness: ['因宅基地边界与邻居争吵', '放养的鸡进邻居菜地，发生口角'],
  industriousness: ['承包地撂荒半年', '享受帮扶后不愿参加技能培训'],
  publicService: ['村里义务植树未参加', '河道清理日没有出工'],
  education: ['孩子无故缺课三天', '未按时送孩子参加暑期安全教育'],
  safety: ['院内电线私拉乱接', '秋收时在地里焚烧秸秆', '液化气罐放在灶台旁未整改'],
};

/** A small deterministic generator, so the demo is the same on every machine. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const RATER = { _id: 'village-cadre', name: '陈建军' };

function ratingFor(h: HouseholdRecord, hi: number, month: string, at: string): PointsRatingRecord {
  const rand = rng(hi * 7919 + Number(month.replace('-', '')));
  // Some households are steadily good, a few struggle: the spread makes all four tiers appear.
  const care = hi % 9 === 4 ? 0.55 : hi % 5 === 2 ? 0.2 : 0.08;
  const scores: Partial<Record<IndicatorCode, ScoreEntry>> = {};
  for (const ind of DEFAULT_INDICATORS) {
    const lose = rand() < care ? 1 + Math.floor(rand() * (hi % 9 === 4 ? 5 : 3)) : 0;
    const reasons = DEDUCTIONS[ind.code];
    scores[ind.code] = {
      score: ind.max - lose,
      reason: lose ? reasons[Math.floor(rand() * reasons.length)]! : null,
      byId: RATER._id,
      byName: RATER.name,
      at,
    };
  }
  return {
    _id: ratingId(h._id, month),
    householdId: h._id,
    headName: h.headName,
    villageId: DEMO_VILLAGE,
    gridId: h.gridId,
    path: h.path,
    month,
    scores,
    total: Object.values(scores).reduce((s, e) => s + (e?.score ?? 0), 0),
    complete: true,
    changes: [],
    updatedAt: at,
  };
}

/**
 * 冯坊村's points: every month of last year finalised with its ledger and ranking and the year's
 * dividends paid; this year finalised up to two months ago, last month in publicity (with one open
 * objection), and the current month left for the evaluation group to enter.
 */
export async function seedPoints(db: Db): Promise<void> {
  const now = clock.now();
  const current = chinaMonth(now);
  const lastYear = chinaYear(now) - 1;
  const path = [COUNTY.id, DEMO_TOWN, DEMO_VILLAGE];
  const village = { _id: DEMO_VILLAGE, name: '冯坊村', path };
  const households = ((await db.collection(COLLECTIONS.households.name).where({ unitId: DEMO_VILLAGE }).limit(1000).get()).data as HouseholdRecord[]).sort((a, b) =>
    a._id.localeCompare(b._id),
  );
  const months: string[] = [];
  for (let m = `${lastYear}-01`; m < current; m = previousMonth(m, -1)) months.push(m);
  const published = previousMonth(current);

  const monthDocs: PointsMonthRecord[] = [];
  const ratings: PointsRatingRecord[] = [];
  const ledger: ReturnType<typeof monthEntry>[] = [];
  const boards: object[] = [];
  for (const month of months) {
    const start = Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1);
    const at = (days: number) => new Date(start + days * DAY_MS + 9 * 3600_000).toISOString();
    const isFinal = month !== published;
    const publishedAt = isFinal ? at(2) : new Date(now.getTime() - 2 * DAY_MS).toISOString();
    const m: PointsMonthRecord = {
      _id: monthId(DEMO_VILLAGE, month),
      villageId: DEMO_VILLAGE,
      villageName: village.name,
      path,
      month,
      status: isFinal ? 'final' : 'published',
      indicators: DEFAULT_INDICATORS.map((i) => ({ ...i })),
      tiers: DEFAULT_TIERS.map((t) => ({ ...t })),
      publicityDays: 7,
      publishedAt,
      publishedBy: RATER._id,
      publicityEndsAt: new Date(new Date(publishedAt).getTime() + 7 * DAY_MS).toISOString(),
      finalisingBy: isFinal ? RATER._id : null,
      finalisingAt: isFinal ? at(10) : null,
      finalisedAt: isFinal ? at(10) : null,
      finalisedBy: isFinal ? RATER._id : null,
      createdAt: at(0),
    };
    monthDocs.push(m);
    const monthRatings = households.map((h, hi) => ratingFor(h, hi, month, at(1)));
    ratings.push(...monthRatings);
    if (!isFinal) continue;
    ledger.push(...monthRatings.map((r) => monthEntry(m, r, RATER, at(10))));
    boards.push({
      _id: boardId(DEMO_VILLAGE, month),
      villageId: DEMO_VILLAGE,
      month,
      rows: rankByPoints(monthRatings.map((r) => ({ id: r.householdId, points: r.total }))).map(({ item, rank }) => ({
        householdId: item.id,
        headName: households.find((h) => h._id === item.id)!.headName,
        points: item.points,
        rank,
        tier: tierOf(item.points).code,
      })),
      at: at(10),
    });
  }

  // A resident of the second grid disputes last month's sanitation score; the cadre has yet to decide.
  const objector = households.find((h) => h._id === 'h-fengfang-2-04')!;
  const objection: PointsObjectionRecord = {
    _id: objectionId(objector._id, published),
    householdId: objector._id,
    headName: objector.headName,
    villageId: DEMO_VILLAGE,
    path: objector.path,
    month: published,
    code: 'sanitation',
    reason: '门口的柴草是邻居家堆的，不是我家的，当天已经拍照发给网格员了。',
    raisedById: 'r-fengfang-2',
    raisedByName: '',
    raisedAt: new Date(now.getTime() - DAY_MS).toISOString(),
    status: 'open',
    decisionReason: null,
    decidedById: null,
    decidedByName: null,
    decidedAt: null,
    adjustment: null,
  };
  const objectorUser = (await db.collection(COLLECTIONS.users.name).doc('r-fengfang-2').get()).data as { name: string }[];
  objection.raisedByName = objectorUser[0]?.name ?? objector.headName;

  const totals = new Map<string, { points: number; months: number }>();
  for (const e of ledger) {
    if (e.year !== lastYear) continue;
    const t = totals.get(e.householdId) ?? { points: 0, months: 0 };
    totals.set(e.householdId, { points: t.points + e.delta, months: t.months + 1 });
  }
  const dividends = computeDividends({
    id: dividendId(DEMO_VILLAGE, lastYear),
    village,
    year: lastYear,
    incomeFen: 28_640_000,
    rule: 'points',
    tiers: DEFAULT_TIERS.map((t) => ({ ...t })),
    households: households.map((h) => ({ householdId: h._id, headName: h.headName, points: totals.get(h._id)?.points ?? 0, months: totals.get(h._id)?.months ?? 0 })),
    by: RATER,
    at: new Date(Date.UTC(lastYear + 1, 0, 20, 9)).toISOString(),
  });

  const batch = async (collection: string, docs: object[]) => {
    for (let i = 0; i < docs.length; i += 500) await db.collection(collection).add(docs.slice(i, i + 500));
  };
  await batch(COLLECTIONS.pointsMonths.name, monthDocs);
  await batch(COLLECTIONS.pointsRatings.name, ratings);
  await batch(COLLECTIONS.pointsLedger.name, ledger);
  await batch(COLLECTIONS.pointsBoards.name, boards);
  await batch(COLLECTIONS.pointsObjections.name, [objection]);
  await batch(COLLECTIONS.pointsDividends.name, [dividends]);
}
