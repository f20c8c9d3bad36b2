import {
  bookingWindow,
  canCancel,
  canCheckIn,
  canOverseeHome,
  compareHomeVisits,
  countedNoShows,
  findOverlap,
  homeVisitPriority,
  isOfficerOf,
  mayRequestOnBehalf,
  needsOfficerConfirmation,
  onBehalfReasons,
  nextToPromote,
  placeForSignUp,
  nextWaiting,
  overlaps,
  peopleAhead,
  stillHeld,
  waitlistPosition,
} from '../../../../shared/domain/police-rules';

const at = (iso: string) => new Date(iso);
const slot = (start: string, end: string) => ({ startAt: start, endAt: end });

describe('overlaps and findOverlap', () => {
  it('treats back-to-back slots as not overlapping and any shared minute as overlapping', () => {
    expect(overlaps(slot('2026-12-08T01:00:00Z', '2026-12-08T01:30:00Z'), slot('2026-12-08T01:30:00Z', '2026-12-08T02:00:00Z'))).toBe(false);
    expect(overlaps(slot('2026-12-08T01:00:00Z', '2026-12-08T02:00:00Z'), slot('2026-12-08T01:30:00Z', '2026-12-08T02:30:00Z'))).toBe(true);
    expect(overlaps(slot('2026-12-08T01:00:00Z', '2026-12-08T03:00:00Z'), slot('2026-12-08T01:30:00Z', '2026-12-08T02:00:00Z'))).toBe(true);
  });

  it('ignores the booking being moved', () => {
    const held = [{ bookingId: 'a', ...slot('2026-12-08T01:00:00Z', '2026-12-08T01:30:00Z') }];
    expect(findOverlap(held, slot('2026-12-08T01:00:00Z', '2026-12-08T01:30:00Z'))?.bookingId).toBe('a');
    expect(findOverlap(held, slot('2026-12-08T01:00:00Z', '2026-12-08T01:30:00Z'), 'a')).toBeNull();
  });

  it('forgets held time that is over', () => {
    const held = [slot('2026-12-01T01:00:00Z', '2026-12-01T01:30:00Z'), slot('2026-12-08T01:00:00Z', '2026-12-08T01:30:00Z')];
    expect(stillHeld(held, at('2026-12-07T00:00:00Z'))).toEqual([held[1]]);
  });
});

describe('cut-offs', () => {
  const s = { ...slot('2026-12-08T01:00:00Z', '2026-12-08T01:30:00Z'), date: '2026-12-08' };

  it('lets a slot be booked until 15 minutes before it starts', () => {
    expect(bookingWindow(s, at('2026-12-08T00:45:00Z'))).toBe('ok');
    expect(bookingWindow(s, at('2026-12-08T00:46:00Z'))).toBe('closed');
    expect(bookingWindow(s, at('2026-12-08T01:00:00Z'))).toBe('past');
  });

  it('lets a booking be cancelled until 2 hours before it starts', () => {
    expect(canCancel(s, at('2026-12-07T23:00:00Z'))).toBe(true);
    expect(canCancel(s, at('2026-12-07T23:01:00Z'))).toBe(false);
  });

  it('lets the officer check in from an hour before, on the day only', () => {
    expect(canCheckIn(s, at('2026-12-07T23:59:00Z'), '2026-12-08')).toBe(false);
    expect(canCheckIn(s, at('2026-12-08T00:00:00Z'), '2026-12-08')).toBe(true);
    expect(canCheckIn(s, at('2026-12-08T05:00:00Z'), '2026-12-08')).toBe(true);
    expect(canCheckIn(s, at('2026-12-09T01:00:00Z'), '2026-12-09')).toBe(false);
  });
});

describe('the no-show rule', () => {
  const now = at('2026-12-07T00:00:00Z');
  const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString();

  it('asks for the officer after 3 no-shows within 90 days', () => {
    expect(needsOfficerConfirmation([daysAgo(80), daysAgo(40)], null, now)).toBe(false);
    expect(needsOfficerConfirmation([daysAgo(80), daysAgo(40), daysAgo(3)], null, now)).toBe(true);
  });

  it('does not count no-shows older than 90 days', () => {
    expect(countedNoShows([daysAgo(91), daysAgo(40), daysAgo(3)], null, now)).toBe(2);
  });

  it('starts counting again after the officer confirms', () => {
    const noShows = [daysAgo(80), daysAgo(40), daysAgo(3)];
    expect(needsOfficerConfirmation(noShows, daysAgo(1), now)).toBe(false);
    expect(countedNoShows([...noShows, daysAgo(0.5)], daysAgo(1), now)).toBe(1);
  });
});

describe('home-visit priority', () => {
  it('gives one step of priority for each of: over 60, disabled, resettled', () => {
    expect(homeVisitPriority({ age: 45, disabled: false, resettled: false })).toEqual({ priority: 0, reasons: [] });
    expect(homeVisitPriority({ age: 60, disabled: false, resettled: false })).toEqual({ priority: 1, reasons: ['elderly'] });
    expect(homeVisitPriority({ age: 72, disabled: true, resettled: true })).toEqual({ priority: 3, reasons: ['elderly', 'disabled', 'resettled'] });
    expect(homeVisitPriority({ age: null, disabled: false, resettled: true }).reasons).toEqual(['resettled']);
  });

  it('lets a grid leader ask only for neighbours 60 or older or resettled, with those reasons', () => {
    expect(onBehalfReasons({ age: 67, resettled: false })).toEqual(['elderly']);
    expect(onBehalfReasons({ age: 41, resettled: true })).toEqual(['resettled']);
    expect(onBehalfReasons({ age: 72, resettled: true })).toEqual(['elderly', 'resettled']);
    expect(mayRequestOnBehalf({ age: 59, resettled: false })).toBe(false);
    expect(mayRequestOnBehalf({ age: null, resettled: false })).toBe(false);
    expect(mayRequestOnBehalf({ age: 60, resettled: false })).toBe(true);
  });

  it('orders requests by priority, then by who asked first', () => {
    const rows = [
      { _id: 'a', priority: 0, createdAt: '2026-12-01' },
      { _id: 'b', priority: 2, createdAt: '2026-12-05' },
      { _id: 'c', priority: 2, createdAt: '2026-12-03' },
      { _id: 'd', priority: 1, createdAt: '2026-12-02' },
    ];
    expect([...rows].sort(compareHomeVisits).map((r) => r._id)).toEqual(['c', 'b', 'd', 'a']);
  });
});

describe('the waitlist', () => {
  it('gives places from 1 in arrival order', () => {
    const s = { capacity: 2, confirmed: 2, waitlist: ['x', 'y', 'z'] };
    expect(waitlistPosition(s, 'x')).toBe(1);
    expect(waitlistPosition(s, 'z')).toBe(3);
    expect(waitlistPosition(s, 'q')).toBeNull();
  });

  it('promotes the first waiting person only while a seat is free', () => {
    expect(nextToPromote({ capacity: 2, confirmed: 2, waitlist: ['x', 'y'] })).toBeNull();
    expect(nextToPromote({ capacity: 2, confirmed: 1, waitlist: ['x', 'y'] })).toBe('x');
    expect(nextToPromote({ capacity: 2, confirmed: 1, waitlist: [] })).toBeNull();
  });
});

describe('placeForSignUp', () => {
  it('seats a sign-up while a seat is free and nobody is waiting', () => {
    expect(placeForSignUp({ capacity: 2, confirmed: 1, waitlist: [] })).toBe('seat');
  });
  it('waitlists a sign-up when every seat is taken', () => {
    expect(placeForSignUp({ capacity: 2, confirmed: 2, waitlist: [] })).toBe('waitlist');
  });
  it('waitlists a sign-up behind those waiting even while a seat is momentarily free', () => {
    expect(placeForSignUp({ capacity: 2, confirmed: 1, waitlist: ['w1'] })).toBe('waitlist');
    expect(nextToPromote({ capacity: 2, confirmed: 1, waitlist: ['w1', 'newcomer'] })).toBe('w1');
  });
});

describe('the walk-in queue', () => {
  const tickets = [
    { number: 1, userId: 'a', status: 'served' as const },
    { number: 2, userId: 'b', status: 'called' as const },
    { number: 3, userId: 'c', status: 'waiting' as const },
    { number: 4, userId: 'd', status: 'skipped' as const },
    { number: 5, userId: 'e', status: 'waiting' as const },
  ];

  it('counts only people still waiting ahead', () => {
    expect(peopleAhead(tickets, 5)).toBe(1);
    expect(peopleAhead(tickets, 3)).toBe(0);
  });

  it('calls the lowest waiting number next', () => {
    expect(nextWaiting(tickets)?.number).toBe(3);
    expect(nextWaiting(tickets.filter((t) => t.status !== 'waiting'))).toBeNull();
  });
});

describe('who handles a home', () => {
  const path = ['qianyang', 't-chengguan', 'v-fengfang'];

  it('lets the officer posted in the village act, not an officer of another village', () => {
    expect(isOfficerOf([{ role: 'police', unitId: 'v-fengfang' }], path)).toBe(true);
    expect(isOfficerOf([{ role: 'police', unitId: 'v-xijie' }], path)).toBe(false);
    expect(isOfficerOf([{ role: 'village-cadre', unitId: 'v-fengfang' }], path)).toBe(false);
  });

  it('lets cadres over the village oversee, but not act as officers', () => {
    expect(canOverseeHome([{ role: 'town-cadre', unitId: 't-chengguan' }], path)).toBe(true);
    expect(canOverseeHome([{ role: 'party-member', unitId: 'v-fengfang' }], path)).toBe(false);
  });
});
