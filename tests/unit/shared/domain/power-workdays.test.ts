import type { HolidayCalendar } from '../../../../shared/domain/power-holidays';
import {
  addWorkingDaysToDate,
  dueAfterWorkingDays,
  isOverdue,
  isWorkingDay,
  workingDaysBetween,
} from '../../../../shared/domain/power-workdays';

const plain: HolidayCalendar = { holidays: [], workdays: [] };

describe('isWorkingDay', () => {
  it('skips weekends', () => {
    expect(isWorkingDay('2026-11-27', plain)).toBe(true); // Friday
    expect(isWorkingDay('2026-11-28', plain)).toBe(false);
    expect(isWorkingDay('2026-11-29', plain)).toBe(false);
  });

  it('follows the holiday list: the National Day week is off and the make-up Saturday is worked', () => {
    expect(isWorkingDay('2026-10-01')).toBe(false);
    expect(isWorkingDay('2026-10-07')).toBe(false);
    expect(isWorkingDay('2026-10-10')).toBe(true); // Saturday, 调休上班
    expect(isWorkingDay('2026-02-16')).toBe(false); // Spring Festival Monday
  });
});

describe('addWorkingDaysToDate', () => {
  it('does not count the start day: Monday plus 2 is Wednesday, Friday plus 1 is Monday', () => {
    expect(addWorkingDaysToDate('2026-11-23', 2, plain)).toBe('2026-11-25');
    expect(addWorkingDaysToDate('2026-11-27', 1, plain)).toBe('2026-11-30');
  });

  it('counts from the next working day when the start is a weekend', () => {
    expect(addWorkingDaysToDate('2026-11-28', 1, plain)).toBe('2026-11-30');
  });

  it('jumps over a holiday week and counts a make-up working Saturday', () => {
    // 30 Sep 2026 (Wed) + 1: 1–7 Oct off, 8 Oct (Thu) is the first working day.
    expect(addWorkingDaysToDate('2026-09-30', 1)).toBe('2026-10-08');
    // + 3: 8 Oct, 9 Oct, then Saturday 10 Oct (调休上班).
    expect(addWorkingDaysToDate('2026-09-30', 3)).toBe('2026-10-10');
  });

  it('returns the same date for 0 and refuses negative or huge limits', () => {
    expect(addWorkingDaysToDate('2026-11-27', 0, plain)).toBe('2026-11-27');
    expect(() => addWorkingDaysToDate('2026-11-27', -1, plain)).toThrow(RangeError);
    expect(() => addWorkingDaysToDate('2026-11-27', 10_000, plain)).toThrow(RangeError);
  });
});

describe('dueAfterWorkingDays', () => {
  it('is due at the last instant of the n-th working day, China time', () => {
    // Started Friday 27 Nov 2026 10:00 China time, 1 working day: end of Monday 30 Nov (China).
    expect(dueAfterWorkingDays('2026-11-27T02:00:00.000Z', 1, plain)).toBe('2026-11-30T15:59:59.999Z');
  });
});

describe('workingDaysBetween', () => {
  it('is 0 on the same day and counts only working days after the start', () => {
    expect(workingDaysBetween('2026-11-23T01:00:00Z', '2026-11-23T09:00:00Z', plain)).toBe(0);
    expect(workingDaysBetween('2026-11-20T01:00:00Z', '2026-11-27T01:00:00Z', plain)).toBe(5); // Fri → Fri
    expect(workingDaysBetween('2026-09-30T01:00:00Z', '2026-10-09T01:00:00Z')).toBe(2);
  });

  it('agrees with addWorkingDaysToDate for any limit', () => {
    for (let n = 0; n < 40; n++) {
      const end = addWorkingDaysToDate('2026-09-25', n);
      expect(workingDaysBetween('2026-09-25T02:00:00Z', `${end}T02:00:00Z`)).toBe(n);
    }
  });
});

describe('isOverdue', () => {
  it('is overdue only after the due instant', () => {
    expect(isOverdue('2026-11-30T15:59:59.999Z', '2026-11-30T15:59:59.999Z')).toBe(false);
    expect(isOverdue('2026-11-30T15:59:59.999Z', '2026-11-30T16:00:00.000Z')).toBe(true);
    expect(isOverdue(null, '2026-11-30T16:00:00.000Z')).toBe(false);
  });
});
