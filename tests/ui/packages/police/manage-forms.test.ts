import {
  exceptionInput,
  hasChanges,
  keptText,
  nextPeriod,
  serviceChanges,
  serviceDraftOf,
  sessionChanges,
  sessionDraftOf,
  weekLabel,
  type ManageService,
  type ManageSession,
} from '../../../../miniprogram/src/packages/police/workbench/manage-forms';

const walkIn: ManageService = { id: 'sv1', name: '户籍咨询', description: '直接来', mode: 'walkIn', duties: ['jointWork'], active: true, schedule: null };
const session: ManageSession = {
  id: 'ss1', serviceId: 'sv2', title: '防诈骗讲座', description: '', place: '村委会', date: '2099-12-11',
  startAt: '2099-12-11T07:00:00.000Z', endAt: '2099-12-11T08:30:00.000Z', duties: ['safetyBuilding'], capacity: 30, confirmed: 10, waiting: 0, mine: null,
};

describe('管理本站 forms', () => {
  it('reads a week as days and periods in order', () => {
    expect(weekLabel([{ weekday: 6, start: '09:00', end: '12:00' }, { weekday: 1, start: '14:30', end: '17:30' }, { weekday: 1, start: '09:00', end: '12:00' }])).toBe('周一 09:00–12:00、14:30–17:30；周六 09:00–12:00');
    expect(weekLabel([])).toBe('没有开放时间');
  });

  it('adds the next period on the next day with the same hours, so a week takes a few taps', () => {
    expect(nextPeriod([{ weekday: 7, start: '09:00', end: '12:00' }], true)).toEqual({ weekday: 1, start: '09:00', end: '12:00' });
    expect(nextPeriod([], false)).toEqual({ start: '09:00', end: '12:00' });
  });

  it('says which booked slots a change kept, or nothing when none', () => {
    expect(keptText([])).toBeNull();
    expect(keptText([{ id: 'sl1', date: '2099-12-08', start: '09:00', end: '09:30', booked: 2, label: '12月8日 周二 09:00–09:30，已约 2 人' }])).toBe(
      '以下 1 个时段已有人预约，已为预约的居民保留，不再接受新的预约：12月8日 周二 09:00–09:30，已约 2 人',
    );
  });

  it('sends a closed day without periods and an open one with them', () => {
    expect(exceptionInput({ date: '2099-12-08', closed: true, periods: [{ start: '09:00', end: '12:00' }], reason: '放假' })).toEqual({ date: '2099-12-08', closed: true, reason: '放假' });
    expect(exceptionInput({ date: '2099-12-08', closed: false, periods: [{ start: '10:00', end: '12:00' }], reason: '晚开门' }).periods).toEqual([{ start: '10:00', end: '12:00' }]);
  });

  it('sends only what changed of a service, and a week when it becomes an appointment service', () => {
    expect(hasChanges(serviceChanges(walkIn, serviceDraftOf(walkIn)))).toBe(false);
    const draft = { ...serviceDraftOf(walkIn), name: '户籍证件咨询', mode: 'appointment' as const };
    expect(serviceChanges(walkIn, draft)).toEqual({ serviceId: 'sv1', name: '户籍证件咨询', mode: 'appointment', schedule: { weekly: [{ weekday: 2, start: '09:00', end: '11:30' }], slotMinutes: 30, capacity: 3 } });
  });

  it('starts a session’s form from its China date and time, and sends only what changed', () => {
    const before = sessionDraftOf(session, 'sv2', '2099-12-07');
    expect(before).toMatchObject({ date: '2099-12-11', start: '15:00', durationMinutes: 90, capacity: 30 });
    expect(sessionChanges(before, { ...before, capacity: 40, start: '16:00' }, 'ss1')).toEqual({ sessionId: 'ss1', start: '16:00', capacity: 40 });
  });
});
