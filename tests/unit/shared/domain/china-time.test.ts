import {
  addDays,
  ageOn,
  chinaClock,
  chinaDate,
  chinaMonth,
  chinaParts,
  chinaYear,
  endOfChinaDay,
  instantOf,
  lastMonths,
  minutesOf,
  MONTH_PATTERN,
  monthsOfQuarter,
  previousMonth,
  quarterOf,
  startOfChinaDay,
  weekdayOf,
} from '../../../../shared/domain/china-time';

describe('chinaDate', () => {
  it('turns the date at 16:00 UTC, which is midnight in China', () => {
    expect(chinaDate('2026-11-26T15:59:59.999Z')).toBe('2026-11-26');
    expect(chinaDate('2026-11-26T16:00:00.000Z')).toBe('2026-11-27');
    expect(chinaDate('2026-11-26T23:30:00.000Z')).toBe('2026-11-27');
  });

  it('reads a Date as well as an ISO string', () => {
    expect(chinaDate(new Date('2026-12-06T16:30:00Z'))).toBe('2026-12-07');
    expect(chinaDate(new Date('2026-12-06T15:59:00Z'))).toBe('2026-12-06');
  });

  it('refuses a text that is no time', () => {
    expect(() => chinaDate('tomorrow')).toThrow(RangeError);
  });
});

describe('chinaMonth and chinaYear', () => {
  it('turn the month at midnight in China, not at midnight UTC', () => {
    expect(chinaMonth(new Date('2026-10-31T15:59:00Z'))).toBe('2026-10');
    expect(chinaMonth(new Date('2026-10-31T16:00:00Z'))).toBe('2026-11');
    expect(chinaMonth('2026-02-28T17:00:00.000Z')).toBe('2026-03');
    expect(chinaMonth('2026-02-28T15:00:00.000Z')).toBe('2026-02');
    expect(chinaMonth(new Date('2026-11-30T16:00:00Z'))).toBe('2026-12');
  });

  it('turn the year at midnight on New Year’s Eve in China', () => {
    expect(chinaYear('2026-12-31T15:59:59.999Z')).toBe(2026);
    expect(chinaYear('2026-12-31T16:00:00.000Z')).toBe(2027);
    expect(chinaMonth('2026-12-31T16:00:00.000Z')).toBe('2027-01');
  });
});

describe('chinaClock and chinaParts', () => {
  it('read the wall clock eight hours ahead of UTC', () => {
    expect(chinaClock('2026-12-06T16:30:00Z')).toBe('00:30');
    expect(chinaClock('2026-12-07T01:05:00Z')).toBe('09:05');
  });

  it('give the parts of the New Year’s first half hour, Friday 1 January 2027', () => {
    expect(chinaParts('2026-12-31T16:30:00.000Z')).toEqual({ year: 2027, month: 1, day: 1, hour: 0, minute: 30, weekday: 5 });
  });
});

describe('instantOf, startOfChinaDay and endOfChinaDay', () => {
  it('turns a posted wall-clock time into the UTC instant', () => {
    expect(instantOf('2026-12-07', '09:00').toISOString()).toBe('2026-12-07T01:00:00.000Z');
    expect(instantOf('2026-12-07').toISOString()).toBe('2026-12-06T16:00:00.000Z');
  });

  it('bounds a China day from 16:00 UTC the day before to the millisecond before the next', () => {
    expect(startOfChinaDay('2026-11-27').toISOString()).toBe('2026-11-26T16:00:00.000Z');
    expect(endOfChinaDay('2026-11-27')).toBe('2026-11-27T15:59:59.999Z');
  });

  it('reads a wall-clock time as minutes after midnight', () => {
    expect(minutesOf('14:30')).toBe(870);
    expect(minutesOf('00:00')).toBe(0);
  });
});

describe('addDays and weekdayOf', () => {
  it('numbers weekdays Monday 1 to Sunday 7 and adds days across months and years', () => {
    expect(weekdayOf('2026-12-07')).toBe(1);
    expect(weekdayOf('2026-12-13')).toBe(7);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});

describe('months and quarters', () => {
  it('steps back across a year boundary, and forward with a negative step', () => {
    expect(previousMonth('2025-01')).toBe('2024-12');
    expect(previousMonth('2025-03', 3)).toBe('2024-12');
    expect(previousMonth('2026-11', -2)).toBe('2027-01');
  });

  it('lists the last months up to the China month of now, oldest first', () => {
    expect(lastMonths('2026-02-10T00:00:00.000Z', 3)).toEqual(['2025-12', '2026-01', '2026-02']);
    expect(lastMonths('2026-01-31T16:00:00.000Z', 2)).toEqual(['2026-01', '2026-02']);
  });

  it('knows the quarter of a month and the months of a quarter', () => {
    expect(quarterOf('2025-06')).toBe(2);
    expect(quarterOf('2025-10')).toBe(4);
    expect(monthsOfQuarter(2025, 4)).toEqual(['2025-10', '2025-11', '2025-12']);
  });

  it('accepts only months 01 to 12', () => {
    expect(MONTH_PATTERN.test('2026-12')).toBe(true);
    expect(MONTH_PATTERN.test('2026-13')).toBe(false);
    expect(MONTH_PATTERN.test('2026-1')).toBe(false);
  });
});

describe('ageOn', () => {
  it('adds the year only on the birthday itself', () => {
    expect(ageOn('1966-03-10', '2026-03-09')).toBe(59);
    expect(ageOn('1966-03-10', '2026-03-10')).toBe(60);
    expect(ageOn('1966-03-10', '2026-12-31')).toBe(60);
  });

  it('counts a 29 February birthday from 1 March in other years', () => {
    expect(ageOn('2004-02-29', '2026-02-28')).toBe(21);
    expect(ageOn('2004-02-29', '2026-03-01')).toBe(22);
  });
});
