import { countForPeople, dayForPeople, moneyForPeople, monthForPeople, whenForPeople } from '../../../../shared/domain/for-people';

const NOW = '2026-12-02T04:00:00Z';

describe('dayForPeople', () => {
  it('writes a date as people say it, with the weekday: 12月2日 周三', () => {
    expect(dayForPeople('2026-12-02', NOW)).toBe('12月2日 周三');
  });
  it('reads an instant in China time (16:30 UTC is the next day in Qianyang)', () => {
    expect(dayForPeople('2026-12-01T16:30:00Z', NOW)).toBe('12月2日 周三');
  });
  it('adds the year only for another year', () => {
    expect(dayForPeople('2025-03-05', NOW)).toBe('2025年3月5日 周三');
  });
  it('gives nothing for a text that is not a date', () => {
    expect(dayForPeople('soon', NOW)).toBe('');
  });
});

describe('whenForPeople', () => {
  it('adds the China wall-clock time', () => {
    expect(whenForPeople('2026-12-02T06:08:00Z', NOW)).toBe('12月2日 周三 14:08');
  });
});

describe('monthForPeople, countForPeople, moneyForPeople', () => {
  it('writes 2026年12月, 1.23万 and 28.64万元', () => {
    expect(monthForPeople('2026-12')).toBe('2026年12月');
    expect(countForPeople(12_345)).toBe('1.23万');
    expect(countForPeople(845)).toBe('845');
    expect(moneyForPeople(28_640_000)).toBe('28.64万元');
  });
});
