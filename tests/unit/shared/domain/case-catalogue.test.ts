import { DEFAULT_CASE_TYPES, higherLevel, levelBodyLabel, nextLevel, partiesKey } from '../../../../shared/domain/case-catalogue';

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

describe('levelBodyLabel', () => {
  it('names the village body for the case’s own village or community, never 村（社区） when the name tells', () => {
    expect(levelBodyLabel('village', '冯坊村')).toBe('村人民调解委员会');
    expect(levelBodyLabel('village', '东关社区')).toBe('社区人民调解委员会');
    expect(levelBodyLabel('village', null)).toBe('村（社区）人民调解委员会');
    expect(levelBodyLabel('town', '城关镇')).toBe('镇综治中心');
  });
});
