import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import ReportPage from '../../../../miniprogram/src/packages/sanitation/report';
import MyReports from '../../../../miniprogram/src/packages/sanitation/mine';
import { typeInto } from '../../support/type-into';

jest.mock('@tarojs/taro', () => {
  const actual = jest.requireActual('../../support/taro');
  return { __esModule: true, ...actual, default: actual.default, useRouter: () => ({ params: {} }) };
});
jest.mock('../../../../miniprogram/src/hooks/use-session', () => ({
  useSignedInUser: () => ({ user: { id: 'resident', roles: [] }, status: 'ready' }),
  useSession: () => ({ user: { id: 'resident', roles: [] }, status: 'ready' }),
}));
jest.mock('../../../../miniprogram/src/hooks/use-subscribe', () => ({ useSubscribeAt: () => () => undefined }));

const fetchMock = jest.fn();
const answer = (data: unknown) => fetchMock.mockResolvedValueOnce({ status: 200, json: () => Promise.resolve({ ok: true, data }) });
const sent = () => fetchMock.mock.calls.map(([, init]) => JSON.parse((init as RequestInit).body as string) as { action: string; data: Record<string, unknown> });

const facilities = {
  unitName: '冯坊村',
  canKeep: false,
  items: [{ id: 'sf-fengfang-CP-1', code: 'fengfang-CP-1', kind: 'collection-point', mode: null, name: '村委会垃圾收集点', unitName: '冯坊村', villageId: 'v-fengfang', place: { description: '村委会东侧', lat: null, lng: null }, status: 'in-service', hasOpenOrder: false }],
};
const receipt = (over: object = {}) => ({
  reportId: 'sr1', dispatched: false, orderId: null, merged: false, joining: false, category: 'overflow', facilityName: '村委会垃圾收集点', placeText: '村委会东侧',
  villageName: '冯坊村', level: 'village', deadlineHours: 24, routeReason: '垃圾满溢由村保洁员当天清运（村收集）', noteHeld: false, photoCount: 0, createdAt: new Date().toISOString(),
  ...over,
});

beforeEach(() => {
  jest.restoreAllMocks();
  fetchMock.mockReset();
  global.fetch = fetchMock as unknown as typeof fetch;
});

describe('随手拍: received, then dispatched', () => {
  it('shows the receipt (who handles it, within how many hours) instead of opening an order that does not exist yet', async () => {
    const redirect = jest.spyOn(Taro, 'redirectTo');
    const navigate = jest.spyOn(Taro, 'navigateTo');
    answer(facilities);
    render(<ReportPage />);
    fireEvent.click(await screen.findByText('垃圾满溢'));
    fireEvent.click(screen.getByText('村委会垃圾收集点（垃圾收集点）'));
    answer(receipt());
    fireEvent.click(screen.getByText('第三步：发送'));
    expect(await screen.findByText('已收到您的随手拍')).toBeTruthy();
    expect(screen.getByText('将交给村（社区）处理')).toBeTruthy();
    expect(screen.getByText('24 小时内处理')).toBeTruthy();
    expect(screen.getByText(/正在派单/)).toBeTruthy();
    expect(sent().map((s) => s.action)).toEqual(['facilities', 'report']);
    expect(sent()[1]!.data).toMatchObject({ category: 'overflow', facilityId: 'sf-fengfang-CP-1', photoIds: [] });
    expect(redirect).not.toHaveBeenCalled();
    fireEvent.click(screen.getByText('看我的随手拍'));
    expect(navigate).toHaveBeenCalledWith({ url: expect.stringContaining('packages/sanitation/mine/index') });
  });

  it('a report joining an open order says so, and 再拍一个 starts a new report with a new request id', async () => {
    answer(facilities);
    render(<ReportPage />);
    fireEvent.click(await screen.findByText('设施损坏'));
    fireEvent.click(screen.getByText('村委会垃圾收集点（垃圾收集点）'));
    answer(receipt({ category: 'broken', joining: true }));
    fireEvent.click(screen.getByText('第三步：发送'));
    expect(await screen.findByText('这里已有人报告过，您的随手拍会并入同一张工单，一起处理。')).toBeTruthy();
    expect(screen.queryByText('将交给村（社区）处理')).toBeNull();
    fireEvent.click(screen.getByText('再拍一个'));
    expect(await screen.findByText('第三步：发送')).toBeTruthy();
    fireEvent.click(screen.getByText('垃圾满溢'));
    typeInto(document.querySelector('taro-input-core')!, '二组路口');
    answer(receipt({ facilityName: null, placeText: '二组路口' }));
    fireEvent.click(screen.getByText('第三步：发送'));
    await screen.findByText('已收到您的随手拍');
    const reports = sent().filter((s) => s.action === 'report');
    expect(reports).toHaveLength(2);
    expect(reports[1]!.data.requestId).not.toBe(reports[0]!.data.requestId);
  });

  it('我的随手拍 lists a report not yet dispatched as 已受理，正在派单, and a dispatched one with its progress', async () => {
    const navigate = jest.spyOn(Taro, 'navigateTo');
    const at = new Date().toISOString();
    answer({
      items: [
        { id: 'sr2', orderId: null, dispatched: false, category: 'dumping', merged: false, facilityName: null, placeText: '二组路口', createdAt: at, order: null },
        {
          id: 'sr1', orderId: 'so1', dispatched: true, category: 'overflow', merged: false, facilityName: '村委会垃圾收集点', placeText: '村委会东侧', createdAt: at,
          order: { id: 'so1', category: 'overflow', facilityName: '村委会垃圾收集点', placeText: '村委会东侧', villageName: '冯坊村', status: 'accepted', level: 'village', deadlineAt: at, overdue: false, reportCount: 1, createdAt: at, updatedAt: at },
        },
      ],
      nextCursor: null,
    });
    render(<MyReports />);
    expect(await screen.findByText(/已受理，正在派单/)).toBeTruthy();
    expect(screen.getByText('乱倒乱扔：二组路口')).toBeTruthy();
    expect(screen.getByText('✓ 已接单')).toBeTruthy();
    fireEvent.click(screen.getByText('乱倒乱扔：二组路口'));
    expect(navigate).not.toHaveBeenCalled();
    fireEvent.click(screen.getByText('垃圾满溢：村委会垃圾收集点'));
    await waitFor(() => expect(navigate).toHaveBeenCalledWith({ url: expect.stringContaining('packages/sanitation/order/index') }));
  });
});
