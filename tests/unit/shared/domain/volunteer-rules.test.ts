import {
  attendedMinutes,
  attendedSpan,
  canManageCommunity,
  canOverseeCommunity,
  canRunActivity,
  hoursText,
  mergeIntervals,
  scanOpen,
  tokenWindow,
  uncreditedMinutes,
  volunteerPlacement,
  windowAccepted,
  canLogGridVisits,
  daysSince,
  visitDue,
  venueHoursProblem,
  openHoursInMonth,
  utilisationPercent,
} from '../../../../shared/domain/volunteer-rules';

const span = { startAt: '2026-12-08T01:00:00.000Z', endAt: '2026-12-08T03:00:00.000Z' };
const path = ['qianyang', 't-chengguan', 'v-fengfang'];

describe('volunteer placement', () => {
  it('puts a confirmed 双报到 member in the community they reported to, confirmed at once', () => {
    expect(volunteerPlacement('c-dongguan', { unitId: 'v-fengfang', status: 'confirmed' })).toEqual({ unitId: 'v-fengfang', status: 'confirmed', source: 'party' });
  });
  it('puts anyone else (a pending 双报到 too) in the community they live in, pending', () => {
    expect(volunteerPlacement('c-dongguan', { unitId: 'v-fengfang', status: 'pending' })).toEqual({ unitId: 'c-dongguan', status: 'pending', source: 'self' });
    expect(volunteerPlacement('v-fengfang', null)).toEqual({ unitId: 'v-fengfang', status: 'pending', source: 'self' });
  });
  it('has no place for someone who lives nowhere known', () => {
    expect(volunteerPlacement(null, null)).toBeNull();
  });
});

describe('who may do what', () => {
  it('lets the village cadre manage, the cadres above oversee, and the organiser run an activity', () => {
    expect(canManageCommunity([{ role: 'village-cadre', unitId: 'v-fengfang' }], path)).toBe(true);
    expect(canManageCommunity([{ role: 'town-cadre', unitId: 't-chengguan' }], path)).toBe(false);
    expect(canManageCommunity([{ role: 'village-cadre', unitId: 'c-dongguan' }], path)).toBe(false);
    expect(canOverseeCommunity([{ role: 'town-cadre', unitId: 't-chengguan' }], path)).toBe(true);
    expect(canOverseeCommunity([{ role: 'grid-leader', unitId: 'g-fengfang-1' }], path)).toBe(false);
    expect(canRunActivity([], { path, organiserId: 'u1' }, 'u1')).toBe(true);
    expect(canRunActivity([], { path, organiserId: 'u1' }, 'u2')).toBe(false);
  });
});

describe('attended minutes', () => {
  it('is checked-out minus checked-in, both held inside the activity', () => {
    expect(attendedMinutes('2026-12-08T00:30:00.000Z', '2026-12-08T04:00:00.000Z', span)).toBe(120);
    expect(attendedMinutes('2026-12-08T01:30:00.000Z', '2026-12-08T02:15:30.000Z', span)).toBe(45);
    expect(attendedSpan('2026-12-08T00:30:00.000Z', '2026-12-08T02:00:00.000Z', span)).toEqual({ startAt: span.startAt, endAt: '2026-12-08T02:00:00.000Z' });
  });
  it('is 0 without a check-out, or when the time lies outside the activity', () => {
    expect(attendedMinutes('2026-12-08T01:30:00.000Z', null, span)).toBe(0);
    expect(attendedMinutes('2026-12-08T04:00:00.000Z', '2026-12-08T05:00:00.000Z', span)).toBe(0);
    expect(attendedSpan(null, '2026-12-08T05:00:00.000Z', span)).toBeNull();
  });
});

describe('credit for overlapping activities', () => {
  it('merges overlapping and touching spans', () => {
    expect(
      mergeIntervals([
        { startAt: '2026-12-08T03:00:00.000Z', endAt: '2026-12-08T04:00:00.000Z' },
        { startAt: '2026-12-08T01:00:00.000Z', endAt: '2026-12-08T02:00:00.000Z' },
        { startAt: '2026-12-08T02:00:00.000Z', endAt: '2026-12-08T03:30:00.000Z' },
      ]),
    ).toEqual([{ startAt: '2026-12-08T01:00:00.000Z', endAt: '2026-12-08T04:00:00.000Z' }]);
  });
  it('counts only the minutes not already credited', () => {
    const credited = [{ startAt: '2026-12-08T00:00:00.000Z', endAt: '2026-12-08T02:00:00.000Z' }];
    expect(uncreditedMinutes(span, credited)).toBe(60);
    expect(uncreditedMinutes(span, [])).toBe(120);
    expect(uncreditedMinutes(span, [{ startAt: '2026-12-08T00:00:00.000Z', endAt: '2026-12-08T05:00:00.000Z' }])).toBe(0);
    // Two credited spans overlapping each other inside the activity are not subtracted twice.
    expect(uncreditedMinutes(span, [...credited, { startAt: '2026-12-08T01:30:00.000Z', endAt: '2026-12-08T02:30:00.000Z' }])).toBe(30);
  });
});

describe('the rotating check-in code', () => {
  it('is accepted in its own 30-second window and the one after, never later or earlier', () => {
    const t0 = Date.parse('2026-12-08T01:00:05.000Z');
    const w = tokenWindow(t0);
    expect(windowAccepted(w, t0)).toBe(true);
    expect(windowAccepted(w, t0 + 30_000)).toBe(true);
    expect(windowAccepted(w, t0 + 60_000)).toBe(false);
    expect(windowAccepted(w + 1, t0)).toBe(false);
    expect(windowAccepted(tokenWindow(t0 - 86_400_000), t0)).toBe(false);
  });
  it('can be scanned from an hour before the start to two hours after the end', () => {
    expect(scanOpen(span, Date.parse('2026-12-08T00:00:00.000Z'))).toBe(true);
    expect(scanOpen(span, Date.parse('2026-12-07T23:59:00.000Z'))).toBe(false);
    expect(scanOpen(span, Date.parse('2026-12-08T05:00:00.000Z'))).toBe(true);
    expect(scanOpen(span, Date.parse('2026-12-08T05:01:00.000Z'))).toBe(false);
  });
});

it('writes hours for people', () => {
  expect(hoursText(90)).toBe('1.5 小时');
  expect(hoursText(120)).toBe('2 小时');
});

describe('visits due', () => {
  it('counts days in China dates and is due at the county\'s number of days, or when never visited', () => {
    expect(daysSince('2026-11-10', '2026-12-10')).toBe(30);
    expect(daysSince(null, '2026-12-10')).toBeNull();
    expect(visitDue('2026-11-10', '2026-12-10', 30)).toBe(true);
    expect(visitDue('2026-11-11', '2026-12-10', 30)).toBe(false);
    expect(visitDue(null, '2026-12-10', 30)).toBe(true);
  });
  it('lets the grid leaders and the village cadres log visits of their grid only', () => {
    const grid = ['qianyang', 't-chengguan', 'v-fengfang', 'g-fengfang-1'];
    expect(canLogGridVisits([{ role: 'grid-leader', unitId: 'g-fengfang-1' }], grid)).toBe(true);
    expect(canLogGridVisits([{ role: 'grid-leader', unitId: 'g-fengfang-2' }], grid)).toBe(false);
    expect(canLogGridVisits([{ role: 'village-cadre', unitId: 'v-fengfang' }], grid)).toBe(true);
    expect(canLogGridVisits([{ role: 'party-member', unitId: 'v-fengfang' }], grid)).toBe(false);
  });
});

describe('venue hours', () => {
  const venue = { weekdays: [1, 2, 3, 4, 5], openHour: 8, closeHour: 18 };
  it('refuses a day it is closed and hours outside its opening', () => {
    expect(venueHoursProblem(venue, 6, 9, 1)).toBe('这一天不开放');
    expect(venueHoursProblem(venue, 1, 7, 2)).toMatch(/开放时间/);
    expect(venueHoursProblem(venue, 1, 17, 2)).toMatch(/开放时间/);
    expect(venueHoursProblem(venue, 1, 17, 1)).toBeNull();
  });
  it('counts a month\'s open hours from its weekdays, and the use as a percent', () => {
    // December 2026 has 23 weekdays (Mon–Fri).
    expect(openHoursInMonth(venue, '2026-12')).toBe(23 * 10);
    expect(openHoursInMonth({ ...venue, weekdays: [1, 2, 3, 4, 5, 6, 7] }, '2026-02')).toBe(28 * 10);
    expect(utilisationPercent(23, 230)).toBe(10);
    expect(utilisationPercent(5, 0)).toBe(0);
  });
});
