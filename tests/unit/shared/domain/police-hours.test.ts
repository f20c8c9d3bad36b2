import { instantOf } from '../../../../shared/domain/china-time';
import { generateSlots, isValidDate, openingStatus, periodsOn, type OpeningHours } from '../../../../shared/domain/police-hours';

const HOURS: OpeningHours = {
  weekly: [
    ...([1, 2, 3, 4, 5] as const).flatMap((weekday) => [
      { weekday, start: '09:00', end: '12:00' },
      { weekday, start: '14:30', end: '17:30' },
    ]),
    { weekday: 6, start: '09:00', end: '12:00' },
  ],
  exceptions: [
    { date: '2026-12-09', closed: true, reason: '民警到县局参加培训' },
    { date: '2026-12-10', closed: false, periods: [{ start: '10:00', end: '11:00' }], reason: '上午晚开门' },
  ],
};

// 2026-12-07 is a Monday.
const china = (date: string, hhmm: string) => instantOf(date, hhmm);

describe('isValidDate', () => {
  it('accepts only real calendar dates', () => {
    expect(isValidDate('2026-02-28')).toBe(true);
    expect(isValidDate('2026-02-30')).toBe(false);
    expect(isValidDate('2026-2-3')).toBe(false);
  });
});

describe('periodsOn', () => {
  it('uses the weekly hours unless an exception replaces the day', () => {
    expect(periodsOn(HOURS, '2026-12-08')).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '14:30', end: '17:30' },
    ]);
    expect(periodsOn(HOURS, '2026-12-09')).toEqual([]);
    expect(periodsOn(HOURS, '2026-12-10')).toEqual([{ start: '10:00', end: '11:00' }]);
    expect(periodsOn(HOURS, '2026-12-13')).toEqual([]);
  });
});

describe('openingStatus', () => {
  it('says open, and until when, inside a period', () => {
    expect(openingStatus(HOURS, china('2026-12-07', '10:15'))).toEqual({
      open: true,
      closesAt: china('2026-12-07', '12:00').toISOString(),
      opensAt: null,
      todayNote: null,
    });
  });

  it('says when it opens again over the lunch break', () => {
    expect(openingStatus(HOURS, china('2026-12-07', '12:30'))).toMatchObject({ open: false, opensAt: china('2026-12-07', '14:30').toISOString() });
  });

  it('skips a closed day and tells why today is different', () => {
    const status = openingStatus(HOURS, china('2026-12-09', '10:00'));
    expect(status).toMatchObject({ open: false, opensAt: china('2026-12-10', '10:00').toISOString(), todayNote: '民警到县局参加培训' });
  });

  it('opens on Monday morning after Saturday afternoon and Sunday', () => {
    expect(openingStatus(HOURS, china('2026-12-12', '13:00')).opensAt).toBe(china('2026-12-14', '09:00').toISOString());
  });

  it('treats the end of a period as closed', () => {
    expect(openingStatus(HOURS, china('2026-12-07', '17:30')).open).toBe(false);
  });
});

describe('generateSlots', () => {
  const schedule = { weekly: [{ weekday: 2 as const, start: '09:00', end: '11:30' }, { weekday: 4 as const, start: '09:00', end: '11:30' }], slotMinutes: 30, capacity: 3 };

  it('cuts the weekly periods into whole slots with deterministic keys', () => {
    const slots = generateSlots(schedule, HOURS, '2026-12-07', 2);
    expect(slots.map((s) => s.key)).toEqual(['202612080900', '202612080930', '202612081000', '202612081030', '202612081100']);
    expect(slots[0]).toEqual({
      key: '202612080900',
      date: '2026-12-08',
      startAt: '2026-12-08T01:00:00.000Z',
      endAt: '2026-12-08T01:30:00.000Z',
      capacity: 3,
    });
  });

  it('offers nothing on a closed day and only what fits inside changed hours', () => {
    const wednesday = generateSlots({ ...schedule, weekly: [{ weekday: 3, start: '09:00', end: '11:00' }] }, HOURS, '2026-12-09', 1);
    expect(wednesday).toEqual([]);
    const thursday = generateSlots(schedule, HOURS, '2026-12-10', 1);
    expect(thursday.map((s) => s.key)).toEqual(['202612101000', '202612101030']);
  });

  it('drops a piece that does not fit whole', () => {
    const slots = generateSlots({ weekly: [{ weekday: 1, start: '09:00', end: '10:45' }], slotMinutes: 60, capacity: 1 }, HOURS, '2026-12-07', 1);
    expect(slots.map((s) => s.key)).toEqual(['202612070900']);
  });
});
