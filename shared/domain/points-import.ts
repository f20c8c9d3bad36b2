/**
 * Reading a points import file exactly as the cadre wrote it. The rule the cadre is told
 * (IMPORT_RULE): columns are separated by the ASCII comma or by a tab; a reason may contain
 * full-width commas (，), which never separate columns; a cell holding an ASCII comma or a line
 * break is wrapped in ASCII double quotes, as every spreadsheet does when it saves CSV. A line with
 * more or fewer columns than the header is refused with its line number — nothing is ever cut.
 *
 * `parseTable` is the one place the text is split into cells, with a maintained CSV parser
 * (papaparse); an Excel file is read into the same rows on the server (`cloudfunctions/points/xlsx.ts`).
 */
import Papa from 'papaparse';
import type { EntryIssue, EntryRow } from './points-entry';
import type { Indicator } from './points-rules';

import { CODE_COLUMNS, IMPORT_COLUMNS } from './points-import-file';

export { CODE_COLUMNS, IMPORT_COLUMNS, IMPORT_RULE, XLSX_MAX_BASE64, XLSX_MAX_BYTES } from './points-import-file';

export interface TableLine {
  /** 1-based line of the file where the row starts. */
  line: number;
  cells: string[];
  /** The row's double quotes do not pair up, so where its cells end cannot be told. */
  badQuotes?: true;
}

/**
 * Splits delimited text into rows of cells with papaparse (RFC 4180 quoting: `"a,b"`, `""` inside
 * quotes, quoted line breaks), with the separator taken from the header line: a tab if the header
 * has tabs and no ASCII comma (a sheet copied and pasted), else the ASCII comma. Blank lines are
 * skipped; cells are trimmed. Full-width commas are ordinary text. A row whose quotes do not pair
 * up is marked `badQuotes` (the parser then reads the rest of the file into it), never cut quietly.
 */
export function parseTable(text: string): TableLine[] {
  // One kind of line break, so a file mixing CRLF and LF is read line by line (papaparse guesses one).
  const src = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const firstLine = src.split('\n', 1)[0] ?? '';
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  const out: TableLine[] = [];
  let start = 0;
  let line = 1;
  Papa.parse<string[]>(src, {
    delimiter,
    newline: '\n',
    quoteChar: '"',
    escapeChar: '"',
    step: (res) => {
      const cells = res.data.map((c) => c.trim());
      const startLine = line;
      const end = res.meta.cursor;
      for (let i = start; i < end; i++) if (src[i] === '\n') line++;
      start = end;
      if (cells.some((c) => c !== '')) out.push({ line: startLine, cells, ...(res.errors.length ? { badQuotes: true } : {}) });
    },
  });
  return out;
}

export type HouseholdKey = { id: string } | { headName: string; door: string };

export interface ImportLine {
  line: number;
  household: HouseholdKey;
  indicator: string;
  scoreText: string;
  reason: string;
}

const lineIssue = (line: number, field: string, message: string): EntryIssue => ({ path: `csv.line${line}.${field}`, message: `第 ${line} 行：${message}` });

/** The file's lines as written, or the problems of each line; the header decides which form it is. */
export function readImportLines(text: string): { lines: ImportLine[]; issues: EntryIssue[] } {
  return readImportTable(parseTable(text));
}

/** The same, from rows already split into cells (a CSV by `parseTable`, an Excel sheet on the server). */
export function readImportTable(table: readonly TableLine[]): { lines: ImportLine[]; issues: EntryIssue[] } {
  const header = table[0];
  const byName = !!header && IMPORT_COLUMNS.every((h, i) => header.cells[i] === h) && header.cells.length === IMPORT_COLUMNS.length;
  const byCode = !!header && CODE_COLUMNS.every((h, i) => header.cells[i] === h) && header.cells.length === CODE_COLUMNS.length;
  if (!header || (!byName && !byCode)) {
    return { lines: [], issues: [{ path: 'csv.line1', message: `第 1 行应当是表头：${IMPORT_COLUMNS.join(',')}` }] };
  }
  const width = header.cells.length;
  const lines: ImportLine[] = [];
  const issues: EntryIssue[] = [];
  for (const { line, cells, badQuotes } of table.slice(1)) {
    if (badQuotes) {
      issues.push(lineIssue(line, 'columns', '这一行的英文双引号没有配对，从这里起分不清各列。整格加引号时，开头和结尾各一个；格子里的引号写两个（""）'));
      continue;
    }
    if (cells.length !== width) {
      issues.push(
        lineIssue(line, 'columns', `有 ${cells.length} 列，表头是 ${width} 列。列之间用英文逗号或 Tab 分开；内容里的英文逗号请改成中文逗号“，”，或给整格加英文双引号`),
      );
      continue;
    }
    const [a = '', b = '', c = '', d = '', e = ''] = cells;
    const row: ImportLine = byName
      ? { line, household: { headName: a, door: b }, indicator: c, scoreText: d, reason: e }
      : { line, household: { id: a }, indicator: b, scoreText: c, reason: d };
    const missing = 'id' in row.household ? (!row.household.id ? '户号' : null) : !row.household.headName ? '户主' : !row.household.door ? '门牌' : null;
    if (missing) {
      issues.push(lineIssue(line, missing, `缺少${missing}`));
      continue;
    }
    if (!/^\d+$/.test(row.scoreText)) {
      issues.push(lineIssue(line, '得分', `得分「${row.scoreText}」不是整数`));
      continue;
    }
    lines.push(row);
  }
  return { lines, issues };
}

export interface ImportHousehold {
  _id: string;
  headName: string;
  address: string;
}

/** How a household is named to a person: its head and door plate. */
export function householdLabel(h: Pick<ImportHousehold, 'headName' | 'address'>): string {
  return `${h.headName}（${h.address}）`;
}

/** Finds each line's household in the village; a name and door that match none or several is that line's problem. */
export function resolveImportLines(
  lines: readonly ImportLine[],
  households: readonly ImportHousehold[],
): { rows: (EntryRow & { line: number; householdLabel: string })[]; issues: EntryIssue[] } {
  const byId = new Map(households.map((h) => [h._id, h]));
  const byNameDoor = new Map<string, ImportHousehold[]>();
  for (const h of households) {
    const key = `${h.headName}|${h.address}`;
    byNameDoor.set(key, [...(byNameDoor.get(key) ?? []), h]);
  }
  const rows: (EntryRow & { line: number; householdLabel: string })[] = [];
  const issues: EntryIssue[] = [];
  for (const l of lines) {
    let h: ImportHousehold | undefined;
    if ('id' in l.household) {
      h = byId.get(l.household.id);
      // An unknown code is left to the entry check, which words it for the household code.
      if (!h) {
        rows.push({ line: l.line, householdId: l.household.id, householdLabel: l.household.id, scores: [{ code: l.indicator, score: Number(l.scoreText), reason: l.reason || null }] });
        continue;
      }
    } else {
      const found = byNameDoor.get(`${l.household.headName}|${l.household.door}`) ?? [];
      if (found.length !== 1) {
        issues.push(
          lineIssue(l.line, '户主', found.length ? `本村（社区）有 ${found.length} 户都是「${l.household.headName}，${l.household.door}」，请联系县里核对户籍` : `本村（社区）没有户主为「${l.household.headName}」、门牌为「${l.household.door}」的农户`),
        );
        continue;
      }
      h = found[0]!;
    }
    rows.push({ line: l.line, householdId: h._id, householdLabel: householdLabel(h), scores: [{ code: l.indicator, score: Number(l.scoreText), reason: l.reason || null }] });
  }
  return { rows, issues };
}

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * The downloadable template: every household of the village on every indicator at full marks, so the
 * cadre only lowers a score and writes its reason. A byte-order mark lets Excel open it as UTF-8.
 */
export function importTemplate(households: readonly ImportHousehold[], indicators: readonly Pick<Indicator, 'name' | 'max'>[]): string {
  const lines = [IMPORT_COLUMNS.join(',')];
  for (const h of households) for (const i of indicators) lines.push([h.headName, h.address, i.name, String(i.max), ''].map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The line an issue path (`csv.line7.得分`) belongs to, or null for the whole file. */
export function lineOfIssue(path: string): number | null {
  const m = /^csv\.line(\d+)\b/.exec(path);
  return m ? Number(m[1]) : null;
}
