import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { AUDIT_ACTION_LABELS, auditActionLabel, auditChanges, canReadAuditEntry } from '../../../../shared/domain/audit-log';
import { maskNumbersInText } from '../../../../shared/domain/masking';
import type { CaseAction } from '../../../../shared/domain/case-access';

const ROOT = path.resolve(__dirname, '../../../../cloudfunctions');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : full.endsWith('.ts') ? [full] : [];
  });
}

const FUNCTIONS = readdirSync(ROOT).filter((n) => !n.startsWith('_') && statSync(path.join(ROOT, n)).isDirectory());
const code = sources(ROOT).map((f) => readFileSync(f, 'utf8')).join('\n');

/** Every `'<function>.<name>'` on a line that names an audited action (`action: '…'`, or the audit name handed to publishVersion). */
function auditedNames(): string[] {
  const literal = new RegExp(`'((?:${FUNCTIONS.join('|')})\\.[A-Za-z]+(?:\\.[A-Za-z]+)?)'`, 'g');
  const names = new Set<string>();
  for (const line of code.split('\n')) {
    if (!/\baction: |publishVersion\(/.test(line)) continue;
    for (const m of line.matchAll(literal)) names.add(m[1]!);
  }
  return [...names];
}

/** Audited names built from a template, with what they expand to. */
const TEMPLATES: Record<string, string[]> = {
  'cases.${action}': ['assess', 'recordSession', 'conclude', 'followUp'] satisfies CaseAction[],
  'wishes.${t.action}': ['review', 'confirm'],
  'auth.confirmResident.${input.decision}': ['confirm', 'reject'],
  'admin.partyRegistration.${input.decision}': ['confirm', 'decline'],
};

describe('the audit action labels', () => {
  it('name every audited action written as a literal in the cloud functions', () => {
    const names = auditedNames();
    expect(names.length).toBeGreaterThan(30);
    expect(names.filter((n) => !(n in AUDIT_ACTION_LABELS))).toEqual([]);
  });

  it('name every expansion of an audited action built from a template, and know every such template', () => {
    const templates = [...code.matchAll(/action: `([a-z]+\.[^`]*\$\{[^`]+)`/g)].map((m) => m[1]!);
    expect(templates.sort()).toEqual(Object.keys(TEMPLATES).sort());
    for (const [template, values] of Object.entries(TEMPLATES)) {
      for (const v of values) expect(AUDIT_ACTION_LABELS).toHaveProperty([template.replace(/\$\{[^}]+\}/, v)]);
    }
  });

  it('are Chinese words, and an unknown code never reaches a person', () => {
    for (const label of Object.values(AUDIT_ACTION_LABELS)) expect(label).toMatch(/^[\u4e00-\u9fa5（）、]+$/);
    expect(auditActionLabel('wishes.release')).toBe('放行心愿中复核的内容');
    expect(auditActionLabel('something.new')).toBe('其他操作');
  });
});

describe('reading the audit log', () => {
  const path_ = ['qianyang', 't-chengguan', 'v-fengfang'];

  it('is for supervisors and county admins over the place only', () => {
    expect(canReadAuditEntry([{ role: 'supervisor', unitId: 'v-fengfang' }], path_)).toBe(true);
    expect(canReadAuditEntry([{ role: 'county-admin', unitId: 'qianyang' }], path_)).toBe(true);
    expect(canReadAuditEntry([{ role: 'supervisor', unitId: 'v-xijie' }], path_)).toBe(false);
    expect(canReadAuditEntry([{ role: 'village-cadre', unitId: 'v-fengfang' }], path_)).toBe(false);
  });

  it('shows before and after field by field, with phone and ID numbers masked', () => {
    expect(auditChanges({ status: 'pending_review' }, { status: 'rejected', reason: '请打13700001111', updatedAt: 'x' }, maskNumbersInText)).toEqual([
      { field: '状态', before: 'pending_review', after: 'rejected' },
      { field: '理由', before: null, after: '请打137****1111' },
    ]);
    expect(auditChanges(null, { held: [{ field: 'content', reason: '身份证61032819550101123X' }] }, maskNumbersInText)[0]!.after).not.toContain('61032819550101123X');
  });
});
