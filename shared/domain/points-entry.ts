/**
 * Checking a batch of monthly scores before anything is written: every problem is reported with
 * its row and field, and one problem anywhere means nothing of the batch is stored.
 */
import type { Indicator, IndicatorCode } from './points-rules';

export interface EntryScore {
  code: string;
  score: number;
  reason?: string | null;
}

export interface EntryRow {
  householdId: string;
  scores: EntryScore[];
}

export interface EntryIssue {
  path: string;
  message: string;
}

export interface CheckedScore {
  code: IndicatorCode;
  score: number;
  reason: string | null;
}

export interface CheckedRow {
  householdId: string;
  scores: CheckedScore[];
}

/**
 * `label(i)` names row i for people ("第 3 行"); `path(i, field)` is the machine path the page
 * highlights. Scores are whole points from 0 to the indicator's maximum; a score below the maximum
 * is a deduction and needs its reason.
 */
export function checkEntryRows(
  rows: readonly EntryRow[],
  indicators: readonly Indicator[],
  knownHousehold: (id: string) => boolean,
  where: { label: (i: number) => string; path: (i: number, field: string) => string },
): { rows: CheckedRow[]; issues: EntryIssue[] } {
  const byCode = new Map(indicators.map((i) => [i.code as string, i]));
  const byName = new Map(indicators.map((i) => [i.name, i]));
  const issues: EntryIssue[] = [];
  const out: CheckedRow[] = [];
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const at = where.label(i);
    if (!knownHousehold(row.householdId)) {
      issues.push({ path: where.path(i, 'householdId'), message: `${at}：本村（社区）没有户号为「${row.householdId}」的农户` });
      return;
    }
    const scores: CheckedScore[] = [];
    row.scores.forEach((s, j) => {
      const field = (f: string) => where.path(i, row.scores.length > 1 ? `scores.${j}.${f}` : f);
      const ind = byCode.get(s.code) ?? byName.get(s.code);
      if (!ind) {
        issues.push({ path: field('code'), message: `${at}：没有「${s.code}」这个指标` });
        return;
      }
      const key = `${row.householdId}:${ind.code}`;
      if (seen.has(key)) {
        issues.push({ path: field('code'), message: `${at}：${ind.name}重复填写了` });
        return;
      }
      seen.add(key);
      if (!Number.isInteger(s.score) || s.score < 0) {
        issues.push({ path: field('score'), message: `${at}：${ind.name}的得分要填 0 到 ${ind.max} 的整数` });
        return;
      }
      if (s.score > ind.max) {
        issues.push({ path: field('score'), message: `${at}：${ind.name}的得分 ${s.score} 超过了满分 ${ind.max}` });
        return;
      }
      const reason = s.reason?.trim() || null;
      if (s.score < ind.max && !reason) {
        issues.push({ path: field('reason'), message: `${at}：${ind.name}扣了 ${ind.max - s.score} 分，请写明扣分原因` });
        return;
      }
      scores.push({ code: ind.code, score: s.score, reason: s.score < ind.max ? reason : null });
    });
    out.push({ householdId: row.householdId, scores });
  });
  return { rows: out, issues };
}

/** The indicators a household has no saved score for yet: why a card reads 还没评完. */
export function missingIndicators<I extends { code: string }>(scores: Readonly<Record<string, unknown>>, indicators: readonly I[]): I[] {
  return indicators.filter((i) => scores[i.code] === undefined);
}

/** 未评 (nothing saved), 还没评完 (some saved), or 已评 (every indicator saved). */
export function ratingProgress(scores: Readonly<Record<string, unknown>>, indicators: readonly { code: string }[]): 'unrated' | 'partial' | 'complete' {
  const missing = missingIndicators(scores, indicators).length;
  if (missing === 0) return 'complete';
  return missing === indicators.length ? 'unrated' : 'partial';
}
