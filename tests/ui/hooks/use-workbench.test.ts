import { act, renderHook, waitFor } from '@testing-library/react';
import { useWorkbench } from '../../../miniprogram/src/hooks/use-workbench';
import { ApiError } from '../../../miniprogram/src/client/cloud';
import { fakeGateway, refuse } from '../support/gateway';
import { monthlyCountsView, visitView } from '../support/police';

const gateway = fakeGateway();
const { sent, fetchMock } = gateway;
const refusals: Record<string, ReturnType<typeof refuse>> = {};

const kept = { id: 'sl1', date: '2099-12-08', start: '09:00', end: '09:30', booked: 2, label: '12月8日 周二 09:00–09:30，已约 2 人' };
const week = [{ weekday: 2, start: '09:00', end: '11:30' }];
const manageView = {
  homeId: 'ph-v-fengfang',
  homeName: '冯坊村新时代警民之家',
  canManage: true,
  weekly: [{ weekday: 1, start: '09:00', end: '12:00' }],
  exceptions: [{ date: '2099-12-08', closed: true, periods: [], reason: '民警外出培训' }],
  services: [{ id: 'sv1', name: '身份证办理', description: '', mode: 'appointment', duties: ['jointWork'], active: true, schedule: { weekly: week, slotMinutes: 30, capacity: 3 } }],
  sessions: [{ id: 'ss1', serviceId: 'sv2', title: '防诈骗讲座', description: '', place: '村委会', date: '2099-12-11', startAt: '2099-12-11T07:00:00.000Z', endAt: '2099-12-11T08:30:00.000Z', duties: ['safetyBuilding'], capacity: 30, confirmed: 10, waiting: 2, mine: null }],
};
const queue = { homeId: 'ph-v-fengfang', date: '2099-12-07', open: true, nowServing: 3, waiting: 2, mine: null, tickets: [] };
const board = { homeId: 'ph-v-fengfang', homeName: '冯坊村新时代警民之家', date: '2099-12-07', slots: [], queue, visits: [visitView()], sessions: [] };
const booking = {
  id: 'bk1', slotId: 'sl1', serviceId: 'sv1', serviceName: '户籍咨询', homeId: 'ph-v-fengfang', startAt: '2099-12-07T02:00:00.000Z', endAt: '2099-12-07T02:30:00.000Z',
  status: 'attended', userName: '张桂芳', phoneMasked: null, note: null, rescheduledFrom: null, rescheduledTo: null, canCancel: false,
};
const answers: Record<string, unknown> = {
  workbench: board,
  monthlyCounts: monthlyCountsView(),
  callNext: { ...queue, nowServing: 4, waiting: 1 },
  checkIn: booking,
  markNoShow: { ...booking, status: 'noShow' },
  decideVisit: visitView({ status: 'scheduled', scheduled: { date: '2099-12-09', half: 'am' }, officerName: '孙立新' }),
  recordVisit: visitView({ status: 'completed', outcome: '已检查线路' }),
  recordAttendance: { id: 'sg1', sessionId: 'ss1', title: '防诈骗讲座', startAt: '2099-12-11T07:00:00.000Z', status: 'attended', position: null, userName: '张桂芳' },
  addException: { date: '2099-12-08', closed: true, closedSlots: 2, affectedBookings: 1 },
  confirmResident: { userId: 'u1', needsConfirmation: false },
  release: { kind: 'visit', id: 'hv1', released: ['reason'] },
  manage: manageView,
  setHours: { weekly: manageView.weekly, kept: [], removed: 2, updated: 0, created: 0 },
  editException: { date: '2099-12-08', closedSlots: 1, affectedBookings: 0, reopenedSlots: 2 },
  removeException: { date: '2099-12-08', reopenedSlots: 3, created: 0 },
  addService: { ...manageView.services[0], id: 'ps-new' },
  editService: { service: manageView.services[0], kept: [], removed: 0, updated: 0, created: 0 },
  retireService: { service: { ...manageView.services[0], active: false }, kept: [kept], removed: 4, updated: 0, created: 0 },
  setSchedule: { service: manageView.services[0], kept: [], removed: 0, updated: 6, created: 2 },
  editSession: { ...manageView.sessions[0], capacity: 40 },
  cancelSession: { id: 'ss1', told: 12 },
};

beforeEach(() => {
  for (const k of Object.keys(refusals)) delete refusals[k];
  gateway.install((action) => refusals[action] ?? answers[action]);
});

async function openBench(homeId?: string) {
  const hook = renderHook(() => useWorkbench(homeId));
  await waitFor(() => expect(hook.result.current.data?.homeName).toBe('冯坊村新时代警民之家'));
  await waitFor(() => expect(hook.result.current.counts).not.toBeNull());
  fetchMock.mockClear();
  return hook;
}

const actionsSent = () => sent().map((s) => s.action);

describe('useWorkbench', () => {
  it('checks a booking in, then loads the board and this month’s counts again', async () => {
    const { result } = await openBench();
    await act(async () => {
      await result.current.checkIn('bk1');
    });
    expect(sent()[0]).toEqual({ action: 'checkIn', data: { bookingId: 'bk1' } });
    await waitFor(() => expect(actionsSent().sort()).toEqual(['checkIn', 'monthlyCounts', 'workbench']));
  });

  it('calls the next number at the home a cadre chose', async () => {
    const { result } = await openBench('ph-v-fengfang');
    await act(async () => {
      await result.current.callNext();
    });
    expect(sent()[0]).toEqual({ action: 'callNext', data: { homeId: 'ph-v-fengfang' } });
  });

  it('schedules a visit at the half-day the resident chose, and records its outcome', async () => {
    const { result } = await openBench();
    await act(async () => {
      await result.current.decideVisit({ visitId: 'hv1', decision: 'accept', date: '2099-12-09', half: 'am' });
      await result.current.recordVisit('hv1', '已检查线路');
    });
    expect(sent().filter((s) => s.action === 'decideVisit' || s.action === 'recordVisit')).toEqual([
      { action: 'decideVisit', data: { visitId: 'hv1', decision: 'accept', date: '2099-12-09', half: 'am' } },
      { action: 'recordVisit', data: { visitId: 'hv1', outcome: '已检查线路' } },
    ]);
  });

  it('marks a no-show and records who came to a session', async () => {
    const { result } = await openBench();
    await act(async () => {
      await result.current.markNoShow('bk1');
      await result.current.recordAttendance('sg1', false);
    });
    expect(sent().filter((s) => s.action !== 'workbench' && s.action !== 'monthlyCounts')).toEqual([
      { action: 'markNoShow', data: { bookingId: 'bk1' } },
      { action: 'recordAttendance', data: { signupId: 'sg1', attended: false } },
    ]);
  });

  it('adds a closed day and confirms a resident at the home it shows', async () => {
    const { result } = await openBench('ph-v-fengfang');
    await act(async () => {
      await result.current.addException({ date: '2099-12-08', closed: true, reason: '民警外出培训' });
      await result.current.confirmResident('u1');
    });
    expect(sent().filter((s) => s.action === 'addException' || s.action === 'confirmResident')).toEqual([
      { action: 'addException', data: { date: '2099-12-08', closed: true, reason: '民警外出培训', homeId: 'ph-v-fengfang' } },
      { action: 'confirmResident', data: { userId: 'u1', homeId: 'ph-v-fengfang' } },
    ]);
  });

  it('throws the server’s refusal for the page to word, and still loads the board again', async () => {
    const { result } = await openBench();
    refusals.release = refuse('CONFLICT', '这段内容已经放行过了');
    let thrown: unknown;
    await act(async () => {
      thrown = await result.current.release({ kind: 'visit', id: 'hv1' }).catch((e: unknown) => e);
    });
    expect(thrown).toBeInstanceOf(ApiError);
    expect((thrown as ApiError).code).toBe('CONFLICT');
    await waitFor(() => expect(actionsSent()).toEqual(['release', 'workbench']));
  });

  it('loads 管理本站 only once it is opened, for the home it shows', async () => {
    const { result } = await openBench('ph-v-fengfang');
    expect(result.current.manage).toBeNull();
    expect(actionsSent()).toEqual([]);
    act(() => result.current.openManage());
    await waitFor(() => expect(result.current.manage?.canManage).toBe(true));
    expect(sent()).toEqual([{ action: 'manage', data: { homeId: 'ph-v-fengfang' } }]);
  });

  it('sends the week, the exception changes and a service’s schedule with the home, then loads the board and 管理本站 again', async () => {
    const { result } = await openBench('ph-v-fengfang');
    act(() => result.current.openManage());
    await waitFor(() => expect(result.current.manage).not.toBeNull());
    fetchMock.mockClear();
    await act(async () => {
      await result.current.setHours([{ weekday: 1, start: '09:00', end: '12:00' }]);
    });
    expect(sent()[0]).toEqual({ action: 'setHours', data: { weekly: [{ weekday: 1, start: '09:00', end: '12:00' }], homeId: 'ph-v-fengfang' } });
    await waitFor(() => expect(actionsSent().sort()).toEqual(['manage', 'monthlyCounts', 'setHours', 'workbench']));
    fetchMock.mockClear();
    await act(async () => {
      await result.current.editException({ date: '2099-12-08', closed: false, periods: [{ start: '10:00', end: '12:00' }], reason: '上午十点开门' });
      await result.current.removeException('2099-12-08');
      await result.current.setSchedule('sv1', { weekly: week, slotMinutes: 30, capacity: 4 });
    });
    expect(sent().filter((s) => !['workbench', 'monthlyCounts', 'manage'].includes(s.action))).toEqual([
      { action: 'editException', data: { date: '2099-12-08', closed: false, periods: [{ start: '10:00', end: '12:00' }], reason: '上午十点开门', homeId: 'ph-v-fengfang' } },
      { action: 'removeException', data: { date: '2099-12-08', homeId: 'ph-v-fengfang' } },
      { action: 'setSchedule', data: { serviceId: 'sv1', schedule: { weekly: week, slotMinutes: 30, capacity: 4 } } },
    ]);
  });

  it('adds, edits and retires a service; retiring answers the booked slots it kept', async () => {
    const { result } = await openBench();
    let retired: unknown;
    await act(async () => {
      await result.current.addService({ name: '出具证明', mode: 'walkIn', duties: ['jointWork'], requestId: 'req-add-service-1' });
      await result.current.editService({ serviceId: 'sv1', name: '身份证办理与换领' });
      retired = await result.current.retireService('sv1');
    });
    expect(sent().filter((s) => ['addService', 'editService', 'retireService'].includes(s.action))).toEqual([
      { action: 'addService', data: { name: '出具证明', description: '', mode: 'walkIn', duties: ['jointWork'], requestId: 'req-add-service-1' } },
      { action: 'editService', data: { serviceId: 'sv1', name: '身份证办理与换领' } },
      { action: 'retireService', data: { serviceId: 'sv1' } },
    ]);
    expect((retired as { kept: unknown[] }).kept).toEqual([kept]);
  });

  it('edits a session and cancels it with the reason the residents are told', async () => {
    const { result } = await openBench();
    let cancelled: unknown;
    await act(async () => {
      await result.current.editSession({ sessionId: 'ss1', capacity: 40, place: '村文化广场' });
      cancelled = await result.current.cancelSession('ss1', '天气原因');
    });
    expect(sent().filter((s) => s.action === 'editSession' || s.action === 'cancelSession')).toEqual([
      { action: 'editSession', data: { sessionId: 'ss1', capacity: 40, place: '村文化广场' } },
      { action: 'cancelSession', data: { sessionId: 'ss1', reason: '天气原因' } },
    ]);
    expect(cancelled).toEqual({ id: 'ss1', told: 12 });
  });

  it('throws a schedule change refused for booked slots as CONFLICT with the server’s list, for the form to show', async () => {
    const { result } = await openBench();
    const text = '有 1 个时段已约人数超过新的容量 1 人，不能这样改：12月8日 周二 09:00–09:30，已约 2 人。';
    refusals.setSchedule = refuse('CONFLICT', text, [{ path: 'slots.0', message: kept.label }]);
    let thrown: unknown;
    await act(async () => {
      thrown = await result.current.setSchedule('sv1', { weekly: week, slotMinutes: 30, capacity: 1 }).catch((e: unknown) => e);
    });
    expect(thrown).toBeInstanceOf(ApiError);
    expect(thrown).toMatchObject({ code: 'CONFLICT', message: text, issues: [{ path: 'slots.0', message: kept.label }] });
  });

  it('refuses bad input in the client with the contract’s Chinese field messages, sending nothing', async () => {
    const { result } = await openBench();
    let thrown: unknown;
    await act(async () => {
      thrown = await result.current.setHours([{ weekday: 1, start: '12:00', end: '09:00' }]).catch((e: unknown) => e);
    });
    expect(thrown).toBeInstanceOf(ApiError);
    expect((thrown as ApiError).fieldError('weekly.0.end')).toBe('结束时间要晚于开始时间');
    expect(actionsSent().filter((a) => a === 'setHours')).toEqual([]);
  });
});
