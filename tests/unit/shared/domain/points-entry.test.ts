import { checkEntryRows, missingIndicators, ratingProgress } from '../../../../shared/domain/points-entry';
import { DEFAULT_INDICATORS } from '../../../../shared/domain/points-rules';

const where = { label: (i: number) => `第 ${i + 1} 行`, path: (i: number, f: string) => `rows.${i}.${f}` };
const known = (id: string) => id.startsWith('h-');

describe('checkEntryRows', () => {
  it('accepts full marks without a reason and a deduction with one, by code or by name', () => {
    const res = checkEntryRows(
      [{ householdId: 'h-1', scores: [{ code: 'lawAbiding', score: 10 }, { code: '环保卫生', score: 8, reason: '门前柴草乱堆' }] }],
      DEFAULT_INDICATORS,
      known,
      where,
    );
    expect(res.issues).toEqual([]);
    expect(res.rows[0]!.scores).toEqual([
      { code: 'lawAbiding', score: 10, reason: null },
      { code: 'sanitation', score: 8, reason: '门前柴草乱堆' },
    ]);
  });

  it('reports each problem with its row and field', () => {
    const res = checkEntryRows(
      [
        { householdId: 'h-1', scores: [{ code: 'lawAbiding', score: 11 }] },
        { householdId: 'x-unknown', scores: [{ code: 'lawAbiding', score: 10 }] },
        { householdId: 'h-2', scores: [{ code: 'honesty', score: 7, reason: '  ' }] },
        { householdId: 'h-3', scores: [{ code: '打麻将', score: 5 }] },
      ],
      DEFAULT_INDICATORS,
      known,
      where,
    );
    expect(res.issues.map((i) => i.path)).toEqual(['rows.0.score', 'rows.1.householdId', 'rows.2.reason', 'rows.3.code']);
    expect(res.issues[0]!.message).toContain('超过了满分 10');
    expect(res.issues[2]!.message).toContain('扣分原因');
  });

  it('refuses the same indicator twice for one household', () => {
    const res = checkEntryRows(
      [{ householdId: 'h-1', scores: [{ code: 'safety', score: 10 }] }, { householdId: 'h-1', scores: [{ code: '平安建设', score: 9, reason: '电线乱接' }] }],
      DEFAULT_INDICATORS,
      known,
      where,
    );
    expect(res.issues).toEqual([{ path: 'rows.1.code', message: expect.stringContaining('重复') }]);
  });
});

describe('missingIndicators and ratingProgress', () => {
  const indicators = [{ code: 'law', name: '遵纪守法' }, { code: 'filial', name: '孝老爱亲' }];
  it('calls a household with nothing saved 未评 (unrated), not 100 分', () => {
    expect(ratingProgress({}, indicators)).toBe('unrated');
  });
  it('names the indicators a partly rated household still lacks', () => {
    expect(missingIndicators({ law: { score: 10 } }, indicators).map((i) => i.name)).toEqual(['孝老爱亲']);
    expect(ratingProgress({ law: { score: 10 } }, indicators)).toBe('partial');
    expect(ratingProgress({ law: {}, filial: {} }, indicators)).toBe('complete');
  });
});
