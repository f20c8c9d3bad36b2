/**
 * How a person is named where others can see them. Full names go only to those who handle the
 * matter (the person themself, the claimant, the village cadres); everyone else reads the
 * surname with 女士 / 先生, or 曾** where the gender is not known; and 不公开姓名 hides even that.
 */
export type Gender = 'female' | 'male';

/** Two-character surnames that must not be cut to their first character. */
const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '长孙', '宇文', '司徒', '夏侯', '轩辕', '端木', '独孤', '南宫', '西门', '百里'];

export function surnameOf(name: string): string {
  const n = name.trim();
  return COMPOUND_SURNAMES.find((s) => n.startsWith(s) && n.length > s.length) ?? n.slice(0, 1);
}

/** 曾丽娟 → 曾女士 (female), 曾先生 (male), 曾** (unknown). */
export function publicName(name: string, gender: Gender | null | undefined): string {
  const surname = surnameOf(name);
  if (!surname) return '居民';
  if (gender === 'female') return `${surname}女士`;
  if (gender === 'male') return `${surname}先生`;
  return `${surname}**`;
}

/** What a person not handling the matter reads: 匿名 when the person chose 不公开姓名. */
export function nameForPublic(name: string, gender: Gender | null | undefined, hidden: boolean): string {
  return hidden ? '不公开姓名' : publicName(name, gender);
}
