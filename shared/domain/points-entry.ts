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
      issues.push({ path: where.path(i, 'householdId'), message: `${at}：本村没有户号为「${row.householdId}」的农户` });
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

export const CSV_HEADER = ['户号', '指标', '得分', '扣分原因'] as const;

/** Splits CSV text (RFC 4180 quoting, comma separated) into lines of cells with 1-based line numbers. */
export function parseCsv(text: string): { line: number; cells: string[] }[] {
  const out: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  const src = text.replace(/^\uFEFF/, '');
  const endRow = () => {
    cells.push(cell);
    if (cells.some((c) => c.trim() !== '')) out.push({ line: startLine, cells: cells.map((c) => c.trim()) });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"') quoted = true;
    else if (ch === ',' || ch === '，') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endRow();
      line++;
      startLine = line;
    } else cell += ch;
  }
  if (cell !== '' || cells.length) endRow();
  return out;
}

/**
 * Reads the import file: a header `户号,指标,得分,扣分原因`, then one line per household and
 * indicator. Returns rows keyed by their CSV line, or the line-by-line problems.
 */
export function rowsFromCsv(text: string): { rows: (EntryRow & { line: number })[]; issues: EntryIssue[] } {
  const lines = parseCsv(text);
  const issues: EntryIssue[] = [];
  const header = lines[0];
  if (!header || CSV_HEADER.some((h, i) => header.cells[i] !== h)) {
    return { rows: [], issues: [{ path: 'csv.line1', message: `第 1 行应当是表头：${CSV_HEADER.join(',')}` }] };
  }
  const rows: (EntryRow & { line: number })[] = [];
  for (const { line, cells } of lines.slice(1)) {
    const [householdId = '', code = '', scoreText = '', reason = ''] = cells;
    if (!householdId) {
      issues.push({ path: `csv.line${line}.户号`, message: `第 ${line} 行：缺少户号` });
      continue;
    }
    if (!/^\d+$/.test(scoreText)) {
      issues.push({ path: `csv.line${line}.得分`, message: `第 ${line} 行：得分「${scoreText}」不是整数` });
      continue;
    }
    rows.push({ line, householdId, scores: [{ code, score: Number(scoreText), reason: reason || null }] });
  }
  return { rows, issues };
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
