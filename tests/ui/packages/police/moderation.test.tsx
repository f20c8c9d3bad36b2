import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import PoliceHome from '../../../../miniprogram/src/packages/police/home/index';
import MyPoliceServices from '../../../../miniprogram/src/packages/police/mine/index';
import Workbench from '../../../../miniprogram/src/packages/police/workbench/index';
import { fakeGateway } from '../../support/gateway';
import { monthlyCountsView, visitView } from '../../support/police';

jest.mock('../../../../miniprogram/src/components/ConfirmDialog', () => require('../../support/confirm-dialog').confirmingWith(''));

const gateway = fakeGateway();
const { sent } = gateway;
const answers: Record<string, unknown> = {};

const visit = visitView({
  reason: '老人被人拉去赌博欠了钱',
  duties: ['peopleCare'],
  priority: 1,
  priorityReasons: ['60岁以上老人'],
  held: [{ field: 'reason', reason: '疑似违法犯罪内容' }],
  canRelease: true,
});
const queue = { homeId: 'ph-v-fengfang', date: '2099-12-07', open: true, nowServing: null, waiting: 0, mine: null, tickets: [] };
const home = {
  id: 'ph-v-fengfang',
  name: '冯坊村新时代警民之家',
  unitName: '冯坊村',
  address: '冯坊村委会院内',
  dutyPhone: '0917-4610000',
  officers: [],
  status: { open: false, closesAt: null, opensAt: null, todayNote: '民警去处理赌博案件' },
  weekly: [],
  upcomingExceptions: [],
  services: [],
  canOversee: true,
  held: [{ field: 'exception:2099-12-07', reason: '疑似违法犯罪内容' }],
  canRelease: true,
};

beforeAll(() => {
  Object.assign(answers, {
    home,
    workbench: { homeId: home.id, homeName: home.name, date: '2099-12-07', slots: [], queue, visits: [visit], sessions: [] },
    monthlyCounts: monthlyCountsView({ unitName: home.name }),
    mine: {
      bookings: [],
      signups: [],
      visits: [{ ...visit, requesterName: '张桂芳', canRelease: undefined, reason: '想请民警上门', held: [{ field: 'outcome', reason: '疑似违法犯罪内容' }], status: 'completed', outcome: '（内容正在复核）' }],
      needsConfirmation: false,
    },
    release: { kind: 'visit', id: 'hv1', released: ['reason'] },
  });
});

beforeEach(() => {
  Taro.clearStorageSync();
  gateway.install((action) => answers[action]);
});

describe('police pages: held text', () => {
  it('workbench: says what is held and why, and releases the visit after a confirm', async () => {
    render(<Workbench />);
    expect(await screen.findByText('有内容正在复核：申请原因（原因：疑似违法犯罪内容）。')).toBeTruthy();
    fireEvent.click(screen.getByText('复核放行'));
    fireEvent.click(await screen.findByText('确定放行'));
    await waitFor(() => expect(sent().some((b) => b.action === 'release')).toBe(true));
    expect(sent().find((b) => b.action === 'release')!.data).toEqual({ kind: 'visit', id: 'hv1' });
  });

  it('home: a cadre over the home releases a held reason for changed hours', async () => {
    render(<PoliceHome />);
    expect(await screen.findByText(/的调整说明（原因：疑似违法犯罪内容）/)).toBeTruthy();
    fireEvent.click(screen.getByText('复核放行'));
    fireEvent.click(await screen.findByText('确定放行'));
    await waitFor(() => expect(sent().some((b) => b.action === 'release')).toBe(true));
    expect(sent().find((b) => b.action === 'release')!.data).toEqual({ kind: 'home', id: 'ph-v-fengfang' });
  });

  it('my services: the author is told what is held, with no release button', async () => {
    render(<MyPoliceServices />);
    expect(await screen.findByText('有内容正在复核：上门服务结果（原因：疑似违法犯罪内容）。')).toBeTruthy();
    expect(screen.queryByText('复核放行')).toBeNull();
  });
});
