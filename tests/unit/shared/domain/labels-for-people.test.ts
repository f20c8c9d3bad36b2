import { auditActionLabel, caseTypeTitle, unitWord } from '../../../../shared/domain/labels-for-people';

describe('auditActionLabel', () => {
  it('words an audit action for people: wishes.confirm → 微心愿：确认完成', () => {
    expect(auditActionLabel('wishes.confirm')).toBe('微心愿：确认完成');
    expect(auditActionLabel('auth.confirmResident.approve')).toBe('账号：确认居民（通过）');
  });
  it('never shows a code it does not know', () => {
    expect(auditActionLabel('sanitation.inspect')).toBe('办理了一项事务');
  });
});

describe('unitWord and caseTypeTitle', () => {
  it('says 社区 for a community and 村 for a village', () => {
    expect(unitWord('community')).toBe('社区');
    expect(unitWord('village')).toBe('村');
    expect(unitWord(undefined)).toBe('村（社区）');
  });
  it('never writes 纠纷纠纷', () => {
    expect(caseTypeTitle('劳资纠纷')).toBe('劳资纠纷');
    expect(caseTypeTitle('邻里关系')).toBe('邻里关系纠纷');
  });
});
