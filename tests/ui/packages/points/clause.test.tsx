import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import PointsDetail from '../../../../miniprogram/src/packages/points/detail';

jest.mock('@tarojs/taro', () => {
  const actual = jest.requireActual('../../support/taro');
  return { __esModule: true, ...actual, default: actual.default, useRouter: () => ({ params: { householdId: 'h-fengfang-1-01', month: '2026-09' } }) };
});
jest.mock('../../../../miniprogram/src/components/ConfirmDialog', () => ({
  ConfirmDialog: ({ spec, onConfirm }: { spec: { confirmText: string } | null; onConfirm: (t: string) => Promise<void> }) =>
    spec ? <button onClick={() => void onConfirm('门前柴草乱堆，占用巷道').catch(() => undefined)}>{spec.confirmText}</button> : null,
}));

const fetchMock = jest.fn();
const sent = () => fetchMock.mock.calls.map(([url, init]) => ({ url: String(url), ...(JSON.parse((init as RequestInit).body as string) as { action: string; data: Record<string, unknown> }) }));

const detail = {
  householdId: 'h-fengfang-1-01', headName: '张桂芳',
  month: { villageId: 'v-fengfang', villageName: '冯坊村', month: '2026-09', status: 'final', statusLabel: '已定稿', indicators: [], publishedAt: null, publicityEndsAt: null, finalisedAt: null, householdCount: 24, ratedCount: 24, openObjections: 0 },
  scores: [{ code: 'sanitation', name: '环境卫生', description: '', max: 10, score: 9, reason: null }], points: 99, tier: { code: 'A', name: '优秀户' }, objection: null, changes: [], ledger: [], canObject: false, canAdjust: true,
};
const covenant = {
  villageId: 'v-fengfang', villageName: '冯坊村', proposal: null, versions: [], acknowledged: false, canAcknowledge: false, mayPropose: false,
  current: { id: 'cc-v-fengfang-v1', version: 1, title: '冯坊村居民公约', clauses: [{ no: 4, text: '门前三包：房前屋后不乱堆柴草杂物。' }], note: '', status: 'adopted', statusLabel: '现行', voteId: null, adoptedAt: null, acks: 0 },
};

beforeEach(() => {
  fetchMock.mockReset();
  fetchMock.mockImplementation((url: string, init: RequestInit) => {
    const { action } = JSON.parse(init.body as string) as { action: string };
    const data = action === 'detail' ? detail : action === 'covenant' ? covenant : action === 'adjust' ? { id: 'pa-1' } : null;
    return Promise.resolve({ status: 200, json: () => Promise.resolve(data ? { ok: true, data } : { ok: false, error: { code: 'UNAUTHENTICATED', message: '请先登录' } }) });
  });
  global.fetch = fetchMock as unknown as typeof fetch;
});

describe('points detail: a deduction naming a 居民公约 clause', () => {
  it('offers the clauses of the covenant in force for a deduction and sends the chosen one as a reference', async () => {
    render(<PointsDetail />);
    fireEvent.click((await screen.findAllByText('环境卫生')).at(-1)!);
    fireEvent.click(await screen.findByText('第 4 条 门前三包：房前屋后不乱堆柴草杂物。'));
    fireEvent.click(screen.getByText('记一笔调整'));
    fireEvent.click(await screen.findByText('记入账本'));
    await waitFor(() => expect(sent().some((b) => b.action === 'adjust')).toBe(true));
    expect(sent().find((b) => b.action === 'adjust')!.data).toMatchObject({ code: 'sanitation', delta: -1, clause: { covenantId: 'cc-v-fengfang-v1', no: 4 } });
    expect(sent().find((b) => b.action === 'covenant')!.url).toContain('/api/councils');
  });
});
