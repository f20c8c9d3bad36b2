import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

// recordAudit without a `path` reads the target again inside the transaction (one or two requests on
// an action whose budget is 6 or 12): every call site says where the entry is kept.
const ROOT = path.resolve(__dirname, '../../../cloudfunctions');

/** Call sites left as they were, each with its reason; an entry that no longer matches must go. */
const WITHOUT_PATH: Record<string, string> = {};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : full.endsWith('.ts') ? [full] : [];
  });
}

interface Site {
  where: string;
  key: string;
  path: boolean;
}

/** Every `recordAudit(…)` in the functions: where it is, its action as written, and whether its entry names `path`. */
function auditCalls(): Site[] {
  const sites: Site[] = [];
  for (const file of sources(ROOT)) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes('recordAudit(')) continue;
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2021, true, ts.ScriptKind.TS);
    const rel = path.relative(ROOT, file).split(path.sep).join('/');
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'recordAudit') {
        const entry = node.arguments[3];
        const props = entry && ts.isObjectLiteralExpression(entry) ? entry.properties : undefined;
        const named = (n: string) => props?.find((p) => (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && p.name.getText(sf) === n);
        const action = named('action');
        const actionText = action && ts.isPropertyAssignment(action) ? action.initializer.getText(sf) : action ? 'action' : '?';
        const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
        sites.push({ where: `cloudfunctions/${rel}:${line}`, key: `${rel} ${actionText}`, path: Boolean(named('path')) });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return sites;
}

const sites = auditCalls();

describe('every audited action says where its entry is kept', () => {
  it('finds the call sites (the scan itself works)', () => {
    // ~83 today, fewer as actions move their audit entries onto carried effects (_lib/effects.ts);
    // far fewer means the scan broke, not that the code changed.
    expect(sites.length).toBeGreaterThan(50);
    expect(sites.filter((s) => s.path).length).toBeGreaterThan(50);
    expect(sites.some((s) => s.where.startsWith('cloudfunctions/admin/units.ts:'))).toBe(true);
  });

  it('no recordAudit call leaves out `path` (it would read the target again)', () => {
    const missing = sites.filter((s) => !s.path && !(s.key in WITHOUT_PATH));
    const fix =
      'pass the target\'s place, which the action has at hand: `path: record.path`, a person\'s `path: user.residence?.path ?? []`, ' +
      'a unit-scoped record\'s `path: unit.path`; only where it is not at hand, `path: await auditPathOf(tx, target)` (cloudfunctions/_lib/audit.ts)';
    expect(missing.map((s) => `${s.where} (${s.key}): ${fix}`)).toEqual([]);
  });

  it('every exception still names a call site without a path', () => {
    const stale = Object.keys(WITHOUT_PATH).filter((k) => !sites.some((s) => s.key === k && !s.path));
    expect(stale).toEqual([]);
  });
});
