import { fireEvent, render, screen } from '@testing-library/react';
import AlertDetailPage from '../../../../miniprogram/src/packages/alerts/detail';
import AckPage from '../../../../miniprogram/src/packages/alerts/ack';
import { linkRoute } from '../../../../miniprogram/src/client/links';
import { fakeGateway } from '../../support/gateway';

jest.mock('@tarojs/taro', () => {
  const actual = jest.requireActual('../../support/taro');
  return { __esModule: true, ...actual, default: actual.default, useRouter: () => ({ params: { id: 'al1' } }) };
});

const gateway = fakeGateway();
const alert = {
  id: 'al1',
  kind: 'rainstorm',
  severity: 'severe',
  urgency: 'immediate',
  title: '今夜有大暴雨',
  instruction: '低洼处的人家晚上八点前到村委会避雨',
  description: '',
  areaNames: ['冯坊村'],
  issuerName: '周明',
  issuerUnitName: '城关镇',
  status: 'active',
  version: 1,
  updates: [],
  issuedAt: '2026-12-07T01:00:00.000Z',
  updatedAt: '2026-12-07T01:00:00.000Z',
  expiresAt: '2026-12-08T01:00:00.000Z',
  ackDueAt: '2026-12-07T02:00:00.000Z',
  endedAt: null,
  endNote: null,
  gridCount: 3,
  ackedGrids: 0,
  canManage: false,
  canAcknowledge: false,
  canSeeStatus: false,
};

describe('the alert pages', () => {
  it('are where the alert notifications lead', () => {
    expect(linkRoute({ page: 'alert', id: 'al1' })).toBe('/packages/alerts/detail/index?id=al1');
    expect(linkRoute({ page: 'alert-ack', id: 'al1' })).toBe('/packages/alerts/ack/index?id=al1');
    expect(linkRoute({ page: 'alert-status', id: 'al1' })).toBe('/packages/alerts/status/index?id=al1');
  });

  it('shows a resident the colour, then what to do, and no cadre buttons', async () => {
    gateway.install(() => alert);
    render(<AlertDetailPage />);
    expect(await screen.findByText('暴雨 · 橙色预警（严重）')).toBeTruthy();
    expect(screen.getByText('请立即行动，请这样做：')).toBeTruthy();
    expect(screen.getByText(alert.instruction)).toBeTruthy();
    expect(screen.queryByText('确认已通知到户')).toBeNull();
    expect(screen.queryByText('更新或解除预警')).toBeNull();
  });

  it('says an ended alert is over, with the all-clear words', async () => {
    gateway.install(() => ({ ...alert, status: 'ended', endedAt: '2026-12-07T09:00:00.000Z', endNote: '降雨结束，可以回家了' }));
    render(<AlertDetailPage />);
    expect(await screen.findByText(/预警已解除.*降雨结束，可以回家了/)).toBeTruthy();
  });

  it('lets the grid leader tick off the care-register people and sends exactly those', async () => {
    const grid = {
      gridId: 'g1', gridName: '第一网格', villageName: '冯坊村', households: 8, householdsReached: 0,
      care: [
        { id: 'c1', name: '王秀英', kinds: ['living-alone-elderly'], address: '冯坊1组6号', reached: false },
        { id: 'c2', name: '李建国', kinds: ['disabled'], address: '冯坊1组7号', reached: false },
      ],
      mine: null, ackers: [],
    };
    gateway.install((action) => (action === 'ackSheet' ? { alert: { ...alert, canAcknowledge: true }, grids: [grid] } : { ...grid, householdsReached: 8, mine: { at: alert.issuedAt, householdsReached: 8, careReachedIds: ['c2'], note: '' } }));
    render(<AckPage />);
    fireEvent.click(await screen.findByText(/李建国（残疾人）/));
    fireEvent.click(screen.getByText('提交：已通知到户'));
    expect(await screen.findByText('已确认通知到户，谢谢！')).toBeTruthy();
    expect(gateway.sent()[1]).toEqual({ action: 'acknowledge', data: { alertId: 'al1', gridId: 'g1', householdsReached: 8, careReachedIds: ['c2'], note: '' } });
  });
});
