/**
 * Scoring rules of the points system (积分制): the indicators, the four tiers, rankings and the
 * dividend weights. Pure, so the cloud function, the seed, the bench and the pages share them.
 */
import { splitByLargestRemainder, type Split } from './points-money';

export const INDICATOR_CODES = [
  'lawAbiding',
  'honesty',
  'filialPiety',
  'customReform',
  'sanitation',
  'neighbourliness',
  'industriousness',
  'publicService',
  'education',
  'safety',
] as const;
export type IndicatorCode = (typeof INDICATOR_CODES)[number];

export interface Indicator {
  code: IndicatorCode;
  name: string;
  max: number;
  description: string;
}

/** The county's default: ten indicators of 10 points each, described in plain words. */
export const DEFAULT_INDICATORS: readonly Indicator[] = [
  { code: 'lawAbiding', name: '遵纪守法', max: 10, description: '遵守法律和村规民约，不参与赌博、打架斗殴，不信谣传谣。' },
  { code: 'honesty', name: '诚实守信', max: 10, description: '说话算数，借钱按时还，做买卖不缺斤短两，不拖欠水电费。' },
  { code: 'filialPiety', name: '孝老爱亲', max: 10, description: '赡养照顾好老人，关爱孩子，夫妻和睦，家里不吵闹。' },
  { code: 'customReform', name: '移风易俗', max: 10, description: '红白喜事简办，不大操大办、不高价彩礼，不搞封建迷信。' },
  { code: 'sanitation', name: '环保卫生', max: 10, description: '房前屋后干净整洁，垃圾分类入桶，不乱堆柴草、不乱倒污水。' },
  { code: 'neighbourliness', name: '邻里和睦', max: 10, description: '和邻居互相帮忙，有矛盾好好商量，不骂街、不占别人地界。' },
  { code: 'industriousness', name: '勤劳致富', max: 10, description: '勤快肯干，发展产业或外出务工，不等不靠。' },
  { code: 'publicService', name: '热心公益', max: 10, description: '参加义务劳动和志愿服务，帮扶困难户。' },
  { code: 'education', name: '崇学重教', max: 10, description: '送孩子按时上学，不让孩子辍学，大人也爱学习新本领。' },
  { code: 'safety', name: '平安建设', max: 10, description: '注意防火防电、安全用气，参与治安巡逻，发现隐患及时报告。' },
];

export const FULL_SCALE = 100;

/** A village's indicators are valid when there are exactly ten distinct ones whose maxima sum to 100. */
export function checkIndicators(indicators: readonly Pick<Indicator, 'code' | 'max'>[]): string | null {
  if (indicators.length !== INDICATOR_CODES.length) return `指标必须是 ${INDICATOR_CODES.length} 项`;
  if (new Set(indicators.map((i) => i.code)).size !== indicators.length) return '指标不能重复';
  const sum = indicators.reduce((s, i) => s + i.max, 0);
  if (sum !== FULL_SCALE) return `各项满分之和必须是 ${FULL_SCALE} 分，现在是 ${sum} 分`;
  return null;
}

export interface Tier {
  code: 'A' | 'B' | 'C' | 'D';
  name: string;
  /** Lowest monthly score (on the 100-point scale) that reaches this tier. */
  min: number;
  /** Dividend coefficient in percent under the tier rule (100 = 1.0). */
  coefficient: number;
}

/** The four tiers, highest first, kept as data so a county can change them. */
export const DEFAULT_TIERS: readonly Tier[] = [
  { code: 'A', name: '优秀户', min: 90, coefficient: 150 },
  { code: 'B', name: '良好户', min: 80, coefficient: 120 },
  { code: 'C', name: '合格户', min: 60, coefficient: 100 },
  { code: 'D', name: '待提升户', min: 0, coefficient: 0 },
];

/** The tier a score on the 100-point scale falls in. */
export function tierOf(points: number, tiers: readonly Tier[] = DEFAULT_TIERS): Tier {
  const sorted = [...tiers].sort((a, b) => b.min - a.min);
  return sorted.find((t) => points >= t.min) ?? sorted[sorted.length - 1]!;
}

export interface Ranked<T> {
  item: T;
  rank: number;
}

/**
 * Standard competition ranking ("1224"): equal points share a rank and the next rank skips.
 * Equal points are listed by id so the order is the same every time.
 */
export function rankByPoints<T extends { id: string; points: number }>(items: readonly T[]): Ranked<T>[] {
  const sorted = [...items].sort((a, b) => b.points - a.points || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out: Ranked<T>[] = [];
  sorted.forEach((item, i) => {
    const prev = out[i - 1];
    out.push({ item, rank: prev && prev.item.points === item.points ? prev.rank : i + 1 });
  });
  return out;
}

export const DIVIDEND_RULES = ['points', 'tier'] as const;
export type DividendRule = (typeof DIVIDEND_RULES)[number];

export interface YearPoints {
  householdId: string;
  /** Sum of the year's monthly scores and adjustments. */
  points: number;
  /** Months finalised in the year, for the average that decides the tier. */
  months: number;
}

/** The yearly tier is the tier of the average month. */
export function yearTier(y: Pick<YearPoints, 'points' | 'months'>, tiers: readonly Tier[] = DEFAULT_TIERS): Tier {
  return tierOf(y.months > 0 ? y.points / y.months : 0, tiers);
}

/**
 * The weight a household's dividend is proportional to: its yearly points, or under the tier
 * rule its points × its tier's coefficient (so a tier with coefficient 0 gets nothing).
 */
export function dividendWeight(y: YearPoints, rule: DividendRule, tiers: readonly Tier[] = DEFAULT_TIERS): number {
  const points = Math.max(0, y.points);
  if (rule === 'points') return points;
  return points * yearTier(y, tiers).coefficient;
}

/** Pays the dividend pool to households by the village's rule, exactly to the fen. */
export function splitDividends(
  poolFen: number,
  households: readonly YearPoints[],
  rule: DividendRule,
  tiers: readonly Tier[] = DEFAULT_TIERS,
): Split {
  return splitByLargestRemainder(
    poolFen,
    households.map((h) => ({ id: h.householdId, weight: dividendWeight(h, rule, tiers) })),
  );
}

export const PUBLICITY_DAYS = 7;
