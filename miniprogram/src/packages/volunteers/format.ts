import { chinaClock } from '@shared/domain/china-time';
import { whenForPeople } from '@shared/domain/for-people';
import { AVAILABILITY_LABELS, SKILL_LABELS, type Availability, type Skill } from '@shared/domain/volunteer-records';

export { hoursText } from '@shared/domain/volunteer-rules';

/** 12月8日 周二 09:00–11:00 */
export const spanText = (a: { startAt: string; endAt: string }) => `${whenForPeople(a.startAt)}–${chinaClock(a.endAt)}`;
export const skillsText = (skills: readonly Skill[]) => skills.map((s) => SKILL_LABELS[s]).join('、');
export const availabilityText = (list: readonly Availability[]) => list.map((s) => AVAILABILITY_LABELS[s]).join('、');
