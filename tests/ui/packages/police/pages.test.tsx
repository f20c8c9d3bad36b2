import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import PoliceHome from '../../../../miniprogram/src/packages/police/home/index';
import MyPoliceServices from '../../../../miniprogram/src/packages/police/mine/index';
import GroupSessions from '../../../../miniprogram/src/packages/police/sessions/index';
import WalkInQueue from '../../../../miniprogram/src/packages/police/queue/index';
import RequestVisit from '../../../../miniprogram/src/packages/police/visit/index';
import Workbench from '../../../../miniprogram/src/packages/police/workbench/index';
import { fakeGateway } from '../../support/gateway';
import { monthlyCountsView, visitView } from '../../support/police';

jest.mock('../../../../miniprogram/src/components/ConfirmDialog', () => require('../../support/confirm-dialog').confirmingWith('已上门检查，线路正常'));

const gateway = fakeGateway();
const { sent } = gateway;
const answers: Record<string, unknown> = {};

const visit = visitView();
const session = {
  id: 'ss1',
  title: '防诈骗讲座',
  description: '讲真实案例',
  place: '村委会会议室',
  startAt: '2099-12-11T07:00:00.000Z',
  endAt: '2099-12-11T08:30:00.000Z',
  duties: ['safetyBuilding'],
  capacity: 30,
  confirmed: 30,
  waiting: 2,
  mine: null,
};
const queue = { homeId: 'ph-v-fengfang', date: '2099-12-07', open: true, nowServing: 3, waiting: 2, mine: null, tickets: null };

beforeAll(() => {
  Object.assign(answers, {
    home: {
      id: 'ph-v-fengfang',
      name: '冯坊村新时代警民之家',
      unitName: '冯坊村',
      address: '冯坊村委会院内',
      dutyPhone: '0917-4610000',
      officers: [{ name: '孙立新', title: '社区民警', phoneMasked: '150****6614' }],
      status: { open: false, closesAt: null, opensAt: '2099-12-07T01:00:00.000Z', todayNote: '民警到县局参加培训' },
      weekly: [],
      upcomingExceptions: [],
      services: [],
      canOversee: true,
    },
    mine: {
      bookings: [],
      signups: [{ id: 'sg1', sessionId: 'ss1', title: '防诈骗讲座', startAt: session.startAt, status: 'waitlisted', position: 2, userName: '张桂芳' }],
      visits: [],
      needsConfirmation: true,
    },
    sessions: { items: [session] },
    queue,
    takeNumber: { ...queue, waiting: 3, mine: { number: 6, status: 'waiting', ahead: 2 } },
    signUp: { id: 'sg2', sessionId: 'ss1', title: '防诈骗讲座', startAt: session.startAt, status: 'waitlisted', position: 3, userName: '张桂芳' },
    requestVisit: visit,
    workbench: { homeId: 'ph-v-fengfang', homeName: '冯坊村新时代警民之家', date: '2099-12-07', slots: [], queue: { ...queue, tickets: [] }, visits: [visit], sessions: [] },
    monthlyCounts: monthlyCountsView({
      total: 3,
      perDuty: { safetyBuilding: 2, jointPatrol: 0, disputeMediation: 1, jointWork: 0, problemSolving: 0, peopleCare: 0 },
      perMode: { walkIn: 1, homeVisit: 1, appointment: 1, groupSession: 0 },
    }),
    decideVisit: { ...visit, status: 'scheduled', scheduled: { date: '2099-12-09', half: 'am' }, officerName: '孙立新' },
  });
});

beforeEach(() => {
  Taro.clearStorageSync();
  gateway.install((action) => answers[action]);
});

describe('police pages', () => {
  it('home: says when the home opens, why today differs, and offers the four modes as tiles', async () => {
    render(<PoliceHome />);
    expect(await screen.findByText(/现在没开门/)).toBeTruthy();
    expect(screen.getByText('今天：民警到县局参加培训')).toBeTruthy();
    for (const label of ['开门服务', '预约服务', '上门服务', '集中服务']) expect(screen.getByText(label)).toBeTruthy();
    expect(screen.getByText('民警工作台')).toBeTruthy();
  });

  it('my services: explains the no-show rule and shows the waitlist place', async () => {
    render(<MyPoliceServices />);
    expect(await screen.findByText(/需要民警确认后才能在手机上预约/)).toBeTruthy();
    expect(screen.getByText(/排在第 2 位/)).toBeTruthy();
  });

  it('sessions: offers the waitlist when full and signs up with one tap', async () => {
    render(<GroupSessions />);
    fireEvent.click(await screen.findByText('名额满了，我要候补'));
    await waitFor(() => expect(sent().some((b) => b.action === 'signUp' && b.data.sessionId === 'ss1')).toBe(true));
  });

  it('queue: takes a number and shows how many are ahead', async () => {
    render(<WalkInQueue />);
    fireEvent.click(await screen.findByText('取一个号'));
    expect(await screen.findByText('6 号')).toBeTruthy();
    expect(screen.getByText('前面还有 2 人')).toBeTruthy();
  });

  it('home visit: asks for a reason and a time by taps only', async () => {
    render(<RequestVisit />);
    fireEvent.click(screen.getByText('提交申请'));
    expect(await screen.findByText('请点一个事由，或写几句需要帮什么')).toBeTruthy();
    fireEvent.click(screen.getByText('请民警上门检查用电用气安全'));
    fireEvent.click(screen.getAllByText(/上午$/)[0]!);
    fireEvent.click(screen.getByText('提交申请'));
    await waitFor(() => expect(sent().some((b) => b.action === 'requestVisit')).toBe(true));
    const body = sent().find((b) => b.action === 'requestVisit')!.data;
    expect(body).toMatchObject({ reason: '请民警上门检查用电用气安全', duties: ['safetyBuilding'], disabled: false });
    expect(body.preferred).toHaveLength(1);
  });

  it('workbench: lists a priority request and schedules it at the half-day the resident chose', async () => {
    render(<Workbench />);
    expect(await screen.findByText(/【优先】张桂芳/)).toBeTruthy();
    expect(screen.getByText('共 3 次')).toBeTruthy();
    fireEvent.click(screen.getByText(/上午$/));
    fireEvent.click(await screen.findByText('确定安排'));
    await waitFor(() => expect(sent().some((b) => b.action === 'decideVisit')).toBe(true));
    expect(sent().find((b) => b.action === 'decideVisit')!.data).toEqual({ visitId: 'hv1', decision: 'accept', date: '2099-12-09', half: 'am' });
  });
});
