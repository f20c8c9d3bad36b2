/**
 * Age as the rules read it. A person gives only a year of birth, so an age is the China year of
 * now minus that year. From 60 a person is elderly (老年人权益保障法 第二条): their home visits and
 * wishes go first, and a cadre or grid leader may act for them.
 */
import { chinaYear } from './china-time';

export const ELDERLY_AGE = 60;

/** Age in whole years as the year of birth gives it, or null when the year is not known. */
export function ageOf(person: { birthYear: number | null }, now: string | Date): number | null {
  return person.birthYear ? chinaYear(now) - person.birthYear : null;
}

export function isElderly(age: number | null): boolean {
  return age !== null && age >= ELDERLY_AGE;
}
