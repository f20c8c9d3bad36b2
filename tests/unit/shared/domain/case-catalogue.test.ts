import { DEFAULT_CASE_TYPES, higherLevel, lastMonths, monthOf, nextLevel, partiesKey } from '../../../../shared/domain/case-catalogue';

describe('case catalogue', () => {
  it('ships the six common types plus 其他', () => {
    expect(DEFAULT_CASE_TYPES.filter((t) => t.common).map((t) => t.label)).toEqual(['婚姻家庭', '邻里关系', '土地权属', '劳资纠纷', '损害赔偿', '合同纠纷']);
    expect(DEFAULT_CASE_TYPES.filter((t) => !t.common).map((t) => t.label)).toEqual(['其他']);
  });

  it('goes village → town → county and stops there', () => {
    expect(nextLevel('village')).toBe('town');
    expect(nextLevel('town')).toBe('county');
    expect(nextLevel('county')).toBeNull();
    expect(higherLevel('town', 'village')).toBe('town');
  });

  it('counts months in China time', () => {
    expect(monthOf('2026-02-28T17:00:00.000Z')).toBe('2026-03');
    expect(monthOf('2026-02-28T15:00:00.000Z')).toBe('2026-02');
    expect(lastMonths('2026-02-10T00:00:00.000Z', 3)).toEqual(['2025-12', '2026-01', '2026-02']);
  });

  it('recognises the same parties in any order and spacing as a repeat', () => {
    expect(partiesKey('v-1', ['王德胜', '张 桂芳'])).toBe(partiesKey('v-1', ['张桂芳', '王德胜']));
    expect(partiesKey('v-1', ['王德胜', '张桂芳'])).not.toBe(partiesKey('v-2', ['王德胜', '张桂芳']));
  });
});
