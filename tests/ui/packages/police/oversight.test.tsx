import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { UserView } from '../../../../shared/contracts/auth';
import PoliceHome from '../../../../miniprogram/src/packages/police/home/index';
import RequestVisit from '../../../../miniprogram/src/packages/police/visit/index';
import Workbench from '../../../../miniprogram/src/packages/police/workbench/index';
import { setSessionUser } from '../../../../miniprogram/src/client/session';
import { fakeGateway } from '../../support/gateway';
import { visitView } from '../../support/police';
import { person } from '../../support/people';

// NutUI's Dialog needs the mini-program runtime; the workbench only mounts it (closed) here.
jest.mock('../../../../miniprogram/src/components/ConfirmDialog', () => ({ ConfirmDialog: () => null }));

const gateway = fakeGateway();
const { sent } = gateway;
const answers: Record<string, unknown> = {};

const personOf = (over: Partial<UserView>) => person({ id: 'u', name: '某人', ...over });
const gridLeader = personOf({
  id: 'grid-leader',
  name: '刘文华',
  persona: 'grid-leader',
  roles: [{ role: 'grid-leader', unitId: 'g-fengfang-1', unitName: '冯坊村第一网格' }],
  residence: { unitId: 'v-fengfang', unitName: '冯坊村', gridId: 'g-fengfang-1', gridName: '第一网格', householdId: 'h-fengfang-1-04', householdConfirmed: true },
});
const townCadre = personOf({ id: 'town-cadre', name: '周明', persona: 'town-cadre', roles: [{ role: 'town-cadre', unitId: 't-chengguan', unitName: '城关镇' }] });
const countyAdmin = personOf({ id: 'county-admin', name: '吴敏', persona: 'county-admin', roles: [{ role: 'county-admin', unitId: 'c-qianyang', unitName: '千阳县' }] });

const queue = { homeId: 'ph-v-xijie', date: '2099-12-07', open: true, nowServing: 3, waiting: 2, mine: null, tickets: [{ number: 4, userName: '王秀兰', status: 'waiting' }] };
const counts = (unitId: string, unitName: string, total: number) => ({
  unitId,
  unitName,
  month: '2099-12',
  total,
  perDuty: { safetyBuilding: total, jointPatrol: 0, disputeMediation: 0, jointWork: 0, problemSolving: 0, peopleCare: 0 },
  perMode: { walkIn: total, homeVisit: 0, appointment: 0, groupSession: 0 },
});

beforeAll(() => {
  Object.assign(answers, {
    neighbours: {
      items: [
        { userId: 'resident', name: '张桂芳', phoneMasked: '138****2461', reasons: ['60岁以上老人'] },
        { userId: 'r-fengfang-7', name: '王建平', phoneMasked: null, reasons: ['易地搬迁安置户'] },
      ],
    },
    requestVisit: visitView({ subjectAddress: null, phoneMasked: null, reason: '请民警上门检查用电用气安全', priority: 1, priorityReasons: ['60岁以上老人'] }),
    homes: {
      items: [
        { id: 'ph-v-fengfang', name: '冯坊村新时代警民之家', unitName: '冯坊村', townId: 't-chengguan', townName: '城关镇' },
        { id: 'ph-v-xijie', name: '西街社区新时代警民之家', unitName: '西街社区', townId: 't-chengguan', townName: '城关镇' },
      ],
      scopes: [{ unitId: 't-chengguan', unitName: '城关镇' }],
    },
    workbench: { homeId: 'ph-v-xijie', homeName: '西街社区新时代警民之家', date: '2099-12-07', slots: [], queue, visits: [], sessions: [] },
  });
});

beforeEach(() => {
  Taro.clearStorageSync();
  gateway.install((action, data) =>
    action === 'monthlyCounts' ? (data.unitId ? counts('t-chengguan', '城关镇', 40) : counts('v-xijie', '西街社区新时代警民之家', 7)) : answers[action],
  );
});
afterEach(() => setSessionUser(null));

describe('home-visit request by a grid leader', () => {
  it('lets the grid leader pick an elderly neighbour by tap and sends the request for them', async () => {
    setSessionUser(gridLeader);
    render(<RequestVisit />);
    expect(screen.getByText(/为本人申请/)).toBeTruthy();
    fireEvent.click(await screen.findByText(/张桂芳/));
    expect(screen.getByText(/易地搬迁安置户/)).toBeTruthy();
    fireEvent.click(screen.getByText('请民警上门检查用电用气安全'));
    fireEvent.click(screen.getAllByText(/上午$/)[0]!);
    fireEvent.click(screen.getByText('提交申请'));
    await waitFor(() => expect(sent().some((b) => b.action === 'requestVisit')).toBe(true));
    expect(sent().find((b) => b.action === 'requestVisit')!.data).toMatchObject({ forUserId: 'resident', reason: '请民警上门检查用电用气安全' });
  });

  it('asks for the grid leader themselves when 为本人申请 stays chosen', async () => {
    setSessionUser(gridLeader);
    render(<RequestVisit />);
    await screen.findByText(/张桂芳/);
    fireEvent.click(screen.getByText('请民警上门检查用电用气安全'));
    fireEvent.click(screen.getAllByText(/下午$/)[0]!);
    fireEvent.click(screen.getByText('提交申请'));
    await waitFor(() => expect(sent().some((b) => b.action === 'requestVisit')).toBe(true));
    expect(sent().find((b) => b.action === 'requestVisit')!.data).not.toHaveProperty('forUserId');
  });

  it('does not ask a resident who is not a grid leader for neighbours', async () => {
    setSessionUser(personOf({ id: 'resident', name: '张桂芳' }));
    render(<RequestVisit />);
    expect(screen.queryByText(/为本人申请/)).toBeNull();
    expect(sent().some((b) => b.action === 'neighbours')).toBe(false);
  });
});

describe('workbench for a town cadre', () => {
  it('picks a home of the town, shows it read-only, and counts the month of the home or the whole town', async () => {
    setSessionUser(townCadre);
    render(<Workbench />);
    expect(await screen.findByText('选择警民之家')).toBeTruthy();
    expect(await screen.findByText('城关镇本月服务统计')).toBeTruthy();
    fireEvent.click(screen.getByText('西街社区新时代警民之家'));
    expect(await screen.findByText('共 7 次')).toBeTruthy();
    expect(sent().find((b) => b.action === 'workbench')!.data).toEqual({ homeId: 'ph-v-xijie' });
    expect(screen.getByText('4 号 王秀兰')).toBeTruthy();
    expect(screen.queryByText('叫下一位')).toBeNull();
    fireEvent.click(await screen.findByText('全城关镇'));
    expect(await screen.findByText('共 40 次')).toBeTruthy();
    expect(sent().some((b) => b.action === 'monthlyCounts' && b.data.unitId === 't-chengguan')).toBe(true);
    fireEvent.click(screen.getByText('换一个警民之家'));
    expect(await screen.findByText('选择警民之家')).toBeTruthy();
  });
});

describe('service home for the county admin', () => {
  it('sends the county admin, who lives in no village here, to the homes of the county instead of failing', async () => {
    setSessionUser(countyAdmin);
    render(<PoliceHome />);
    expect(screen.getByText('查看辖区的警民之家')).toBeTruthy();
    expect(sent().some((b) => b.action === 'home')).toBe(false);
  });
});
