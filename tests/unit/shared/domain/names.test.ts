import { nameForPublic, publicName, surnameOf } from '../../../../shared/domain/names';

describe('publicName', () => {
  it('shows a woman as 曾女士 and a man as 曾先生', () => {
    expect(publicName('曾丽娟', 'female')).toBe('曾女士');
    expect(publicName('曾国强', 'male')).toBe('曾先生');
  });
  it('shows only the surname and ** when the gender is not known', () => {
    expect(publicName('曾丽娟', null)).toBe('曾**');
  });
  it('keeps a two-character surname whole', () => {
    expect(surnameOf('欧阳明')).toBe('欧阳');
    expect(publicName('欧阳明', 'male')).toBe('欧阳先生');
  });
  it('hides even the surname when the person chose 不公开姓名', () => {
    expect(nameForPublic('曾丽娟', 'female', true)).toBe('不公开姓名');
    expect(nameForPublic('曾丽娟', 'female', false)).toBe('曾女士');
  });
});
