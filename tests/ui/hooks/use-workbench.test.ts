import { act, renderHook, waitFor } from '@testing-library/react';
import { useWorkbench } from '../../../miniprogram/src/hooks/use-workbench';
import { ApiError } from '../../../miniprogram/src/client/cloud';
import { fakeGateway, refuse } from '../support/gateway';
import { monthlyCountsView, visitView } from '../support/police';

const gateway = fakeGateway();
const { sent, fetchMock } = gateway;
const refusals: Record<string, ReturnType<typeof refuse>> = {};

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
});
