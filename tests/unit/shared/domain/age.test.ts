import { ageOf, ELDERLY_AGE, isElderly } from '../../../../shared/domain/age';

describe('ageOf', () => {
  it('subtracts the year of birth from the China year of now', () => {
    expect(ageOf({ birthYear: 1966 }, '2026-06-01T00:00:00.000Z')).toBe(60);
  });

  it('counts the new year from midnight in China, eight hours before UTC', () => {
    expect(ageOf({ birthYear: 1967 }, '2026-12-31T15:59:59.999Z')).toBe(59);
    expect(ageOf({ birthYear: 1967 }, '2026-12-31T16:00:00.000Z')).toBe(60);
  });

  it('knows no age without a year of birth', () => {
    expect(ageOf({ birthYear: null }, new Date('2026-06-01T00:00:00Z'))).toBeNull();
  });
});

describe('isElderly', () => {
  it('counts people from 60 as elderly', () => {
    expect(ELDERLY_AGE).toBe(60);
    expect(isElderly(60)).toBe(true);
    expect(isElderly(59)).toBe(false);
    expect(isElderly(null)).toBe(false);
  });
});
