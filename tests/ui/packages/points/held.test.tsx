import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import PointsDetail from '../../../../miniprogram/src/packages/points/detail';

jest.mock('@tarojs/taro', () => {
  const actual = jest.requireActual('../../support/taro');
  return { __esModule: true, ...actual, default: actual.default, useRouter: () => ({ params: { householdId: 'h-fengfang-1-01', month: '2026-09' } }) };
});
jest.mock('../../../../miniprogram/src/components/ConfirmDialog', () => ({
  ConfirmDialog: ({ spec, onConfirm }: { spec: { confirmText: string } | null; onConfirm: (t: string) => Promise<void> }) =>
    spec ? <button onClick={() => void onConfirm('').catch(() => undefined)}>{spec.confirmText}</button> : null,
}));

const fetchMock = jest.fn();
const sent = () => fetchMock.mock.calls.map(([, init]) => JSON.parse((init as RequestInit).body as string) as { action: string; data: Record<string, unknown> });

const entry = {
  id: 'pa-1', kind: 'adjustment', month: '2026-09', delta: -1, code: 'safety', indicatorName: '平安建设',
  detail: [{ code: 'safety', name: '平安建设', score: 9, max: 10, reason: '参与赌博被派出所处理' }],
  reason: '参与赌博被派出所处理', enteredByName: '陈建军', approverName: '陈建军', signature: 'a'.repeat(64), at: '2026-11-10T02:00:00.000Z',
  held: [{ field: 'reason', reason: '疑似违法犯罪内容' }], canRelease: true,
};
const detail = {
  householdId: 'h-fengfang-1-01', headName: '张桂芳',
  month: { villageId: 'v-fengfang', villageName: '冯坊村', month: '2026-09', status: 'final', statusLabel: '已定稿', indicators: [], publishedAt: null, publicityEndsAt: null, finalisedAt: null, householdCount: 24, ratedCount: 24, openObjections: 0 },
  scores: [], points: 99, tier: { code: 'A', name: '优秀户' }, objection: null, changes: [], ledger: [entry], canObject: false, canAdjust: false,
};

beforeEach(() => {
  fetchMock.mockReset();
  fetchMock.mockImplementation((_url: string, init: RequestInit) => {
    const { action } = JSON.parse(init.body as string) as { action: string };
    const data = action === 'detail' ? detail : action === 'releaseAdjustment' ? { ...entry, held: undefined, canRelease: undefined } : null;
    return Promise.resolve({ status: 200, json: () => Promise.resolve(data ? { ok: true, data } : { ok: false, error: { code: 'UNAUTHENTICATED', message: '请先登录' } }) });
  });
  global.fetch = fetchMock as unknown as typeof fetch;
});

describe('points detail: a held correction reason', () => {
  it('says why it waits and lets a cadre who may release it do so after confirming', async () => {
    render(<PointsDetail />);
    expect(await screen.findByText(/调整说明正在复核（原因：疑似违法犯罪内容）/)).toBeTruthy();
    fireEvent.click(screen.getByText('复核放行'));
    fireEvent.click(await screen.findByText('确定放行'));
    await waitFor(() => expect(sent().some((b) => b.action === 'releaseAdjustment')).toBe(true));
    expect(sent().find((b) => b.action === 'releaseAdjustment')!.data).toEqual({ entryId: 'pa-1' });
  });
});
