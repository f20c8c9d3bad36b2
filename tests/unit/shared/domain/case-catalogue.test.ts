import { DEFAULT_CASE_TYPES, higherLevel, nextLevel, partiesKey } from '../../../../shared/domain/case-catalogue';

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

  it('recognises the same parties in any order and spacing as a repeat', () => {
    expect(partiesKey('v-1', ['王德胜', '张 桂芳'])).toBe(partiesKey('v-1', ['张桂芳', '王德胜']));
    expect(partiesKey('v-1', ['王德胜', '张桂芳'])).not.toBe(partiesKey('v-2', ['王德胜', '张桂芳']));
  });
});
