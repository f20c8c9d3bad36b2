/**
 * A household's toilet and garbage sorting as pure rules: the three toilet modes chosen by terrain
 * (粪尿分集式、三格化粪池式、集中下水道收集式), what makes a toilet sanitary (无害化卫生厕所), and the one
 * rule that turns a month's sorting check into the points indicator 环保卫生 — the indicator's own
 * maximum comes from the county's points settings, never a number copied here.
 */

export const TOILET_MODES = ['dry-separating', 'three-compartment', 'sewer'] as const;
export type ToiletMode = (typeof TOILET_MODES)[number];

export const TOILET_MODE_LABELS: Record<ToiletMode, string> = {
  'dry-separating': '粪尿分集式',
  'three-compartment': '三格化粪池式',
  sewer: '集中下水道收集式',
};

export const TOILET_WORKS = ['built', 'converted'] as const;
export type ToiletWork = (typeof TOILET_WORKS)[number];
export const TOILET_WORK_LABELS: Record<ToiletWork, string> = { built: '新建', converted: '改造' };

export const ACCEPTANCE = ['passed', 'failed', 'pending'] as const;
export type Acceptance = (typeof ACCEPTANCE)[number];
export const ACCEPTANCE_LABELS: Record<Acceptance, string> = { passed: '验收合格', failed: '验收不合格', pending: '待验收' };

export const SATISFACTION = ['satisfied', 'neutral', 'dissatisfied'] as const;
export type Satisfaction = (typeof SATISFACTION)[number];
export const SATISFACTION_LABELS: Record<Satisfaction, string> = { satisfied: '满意', neutral: '一般', dissatisfied: '不满意' };

export interface ToiletFacts {
  mode: ToiletMode;
  acceptance: Acceptance;
}

/** 无害化卫生厕所: one of the three modes, and the acceptance check passed ("改一户成一户"). */
export function isSanitaryToilet(t: ToiletFacts | null | undefined): boolean {
  return !!t && (TOILET_MODES as readonly string[]).includes(t.mode) && t.acceptance === 'passed';
}

export const SORTING_RESULTS = ['good', 'fair', 'poor'] as const;
export type SortingResult = (typeof SORTING_RESULTS)[number];
export const SORTING_RESULT_LABELS: Record<SortingResult, string> = { good: '分类到位', fair: '基本到位', poor: '没有分类' };

/** The share of the indicator's maximum each result earns. */
const SORTING_SHARE: Record<SortingResult, number> = { good: 1, fair: 0.6, poor: 0 };

/**
 * The ONE rule from a month's sorting check to the 环保卫生 indicator: the share of the indicator's
 * maximum (from the county's points settings), rounded to a whole point. The points rating reads it
 * as the suggested score for the month; the cadre still rates.
 */
export function sortingPoints(result: SortingResult, indicatorMax: number): number {
  return Math.round(SORTING_SHARE[result] * indicatorMax);
}

/** The points indicator the sorting check feeds (its code in the county's points settings). */
export const SORTING_INDICATOR = 'sanitation';
