/**
 * Reads a county file and checks it against the schema. A bad file yields every problem at once,
 * each with its JSON path and the line it is on, so one edit fixes them all.
 */
import { readFileSync } from 'node:fs';
import { countyFileSchema, orgIdIssues, type CountyFile } from '../../shared/contracts/county';

export interface FileProblem {
  /** `towns.0.villages.3.grids.1.id`, or `(root)`. */
  path: string;
  /** 1-based line of the value at `path` (or of its nearest enclosing value that exists). */
  line: number | null;
  message: string;
}

export type CountyFileResult = { ok: true; county: CountyFile } | { ok: false; problems: FileProblem[] };

/**
 * The line of every value in a JSON text, by path (`a.0.b`). A small scanner of its own because
 * JSON.parse keeps no positions; it runs only on text JSON.parse has already accepted.
 */
export function lineIndex(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let i = 0;
  let line = 1;
  const skip = () => {
    while (i < text.length && /\s/.test(text[i]!)) {
      if (text[i] === '\n') line++;
      i++;
    }
  };
  const string = (): string => {
    const start = i;
    i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string) => {
    skip();
    lines.set(path, line);
    const c = text[i];
    if (c === '{') {
      i++;
      skip();
      if (text[i] === '}') return void i++;
      for (;;) {
        skip();
        const key = string();
        skip();
        i++; // :
        value(path ? `${path}.${key}` : key);
        skip();
        if (text[i++] === '}') return;
      }
    }
    if (c === '[') {
      i++;
      skip();
      if (text[i] === ']') return void i++;
      for (let k = 0; ; k++) {
        value(path ? `${path}.${k}` : String(k));
        skip();
        if (text[i++] === ']') return;
      }
    }
    if (c === '"') return void string();
    while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
  };
  value('');
  return lines;
}

function lineOf(lines: Map<string, number>, path: (string | number)[]): number | null {
  for (let n = path.length; n >= 0; n--) {
    const hit = lines.get(path.slice(0, n).join('.'));
    if (hit !== undefined) return hit;
  }
  return null;
}

function syntaxLine(text: string, message: string): number | null {
  const at = /position (\d+)/.exec(message);
  if (!at) return null;
  return text.slice(0, Number(at[1])).split('\n').length;
}

export function parseCountyFile(text: string): CountyFileResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    return { ok: false, problems: [{ path: '(root)', line: syntaxLine(text, message), message: `不是有效的 JSON：${message}` }] };
  }
  const parsed = countyFileSchema.safeParse(raw);
  if (parsed.success) return { ok: true, county: parsed.data };
  const lines = lineIndex(text);
  // The whole-file checks run in the schema only on a file that is otherwise valid: run them here too.
  const issues = [...parsed.error.issues, ...orgIdIssues(raw)];
  const seen = new Set<string>();
  const problems: FileProblem[] = [];
  for (const issue of issues) {
    const key = `${issue.path.join('.')}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ path: issue.path.join('.') || '(root)', line: lineOf(lines, issue.path), message: issue.message });
  }
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { ok: false, problems };
}

export function readCountyFile(file: string): CountyFileResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { ok: false, problems: [{ path: '(root)', line: null, message: `读不到县级配置文件 ${file}：${(err as Error).message}` }] };
  }
  return parseCountyFile(text);
}

export function formatProblems(file: string, problems: readonly FileProblem[]): string {
  return problems.map((p) => `${file}${p.line ? `:${p.line}` : ''}  ${p.path}  ${p.message}`).join('\n');
}
