import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { CaseCard } from '../../../../miniprogram/src/packages/cases/components/CaseCard';
import CaseDetail from '../../../../miniprogram/src/packages/cases/detail';

jest.mock('@tarojs/taro', () => {
  const actual = jest.requireActual('../../support/taro');
  return { __esModule: true, ...actual, default: actual.default, useRouter: () => ({ params: { id: 'c1' } }) };
});
jest.mock('../../../../miniprogram/src/components/ConfirmDialog', () => ({
  ConfirmDialog: ({ spec, onConfirm }: { spec: { confirmText: string; message: string } | null; onConfirm: (t: string) => Promise<void> }) =>
    spec ? <button onClick={() => void onConfirm('').catch(() => undefined)}>{spec.confirmText}</button> : null,
}));

const fetchMock = jest.fn();
const answer = (data: unknown) => fetchMock.mockResolvedValueOnce({ status: 200, json: () => Promise.resolve({ ok: true, data }) });
const sent = () => fetchMock.mock.calls.map(([, init]) => JSON.parse((init as RequestInit).body as string) as { action: string; data: object });

const summary = {
  id: 'c1', type: 'neighbourhood', typeLabel: '邻里关系', status: 'mediating', level: 'village', urgency: 'normal', risk: 'low',
  unitName: '冯坊村', gridName: '第一网格', partyNames: ['赵', '钱'], brief: '（内容正在复核）', reporterName: '张桂芳',
  deadlineAt: null, deadlineText: null, overdue: false, createdAt: '2026-11-20T02:00:00.000Z',
};
const view = (over: object = {}) => ({
  ...summary,
  brief: '邻居在院里聚众赌博',
  description: '邻居在院里聚众赌博',
  amountFen: 0, parties: [{ name: '赵', phoneMasked: null, phone: null }], repeat: false, escalations: 0, nextSheet: 'mediation',
  screening: { at: '2026-11-20T02:00:00.000Z', byName: '张桂芳', onBehalfOf: null, place: null },
  assessment: null,
  sessions: [{ date: '2026-11-21', level: 'village', mediatorName: '王调解员', participants: ['赵', '钱'], summary: '说起六合彩欠款' }],
  outcomes: [], followUpDueAt: null, followUpDue: false, followUps: [], timeline: [],
  underReview: true,
  held: [{ field: 'description', reason: '疑似违法犯罪内容' }, { field: 'sessions.0.summary', reason: '疑似违法犯罪内容' }],
  allowed: ['release'],
  ...over,
});

beforeEach(() => {
  fetchMock.mockReset();
  global.fetch = fetchMock as unknown as typeof fetch;
});

describe('case detail: held text', () => {
  it('says under each held part why it waits and who can see it, and lets a handler release it after confirming', async () => {
    answer(view());
    render(<CaseDetail />);
    expect(await screen.findByText('复核放行')).toBeTruthy();
    expect(screen.getByText(/纠纷情况正在复核（原因：疑似违法犯罪内容）。复核通过前，只有您和承办人员能看到。/)).toBeTruthy();
    expect(screen.getByText(/第1次调解记录正在复核（原因：疑似违法犯罪内容）/)).toBeTruthy();

    answer(view({ held: undefined, underReview: undefined, allowed: [] }));
    fireEvent.click(screen.getByText('复核放行'));
    fireEvent.click(await screen.findByText('确定放行'));
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(screen.queryByText('复核放行')).toBeNull());
    expect(screen.queryByText(/正在复核（原因/)).toBeNull();
    expect(sent().map((s) => s.action)).toEqual(['get', 'release']);
    expect(sent()[1]!.data).toEqual({ caseId: 'c1' });
  });

  it('shows the author the notice without a release button', async () => {
    answer(view({ held: [{ field: 'description', reason: '疑似违法犯罪内容' }], allowed: [] }));
    render(<CaseDetail />);
    expect(await screen.findByText(/纠纷情况正在复核/)).toBeTruthy();
    expect(screen.queryByText('复核放行')).toBeNull();
  });
});

describe('case card', () => {
  it('marks a case with text under review in words', () => {
    render(<CaseCard item={{ ...summary, underReview: true } as never} />);
    expect(screen.getByText('内容复核中')).toBeTruthy();
  });

  it('has no mark when nothing is held', () => {
    render(<CaseCard item={{ ...summary, brief: '院墙边界' } as never} />);
    expect(screen.queryByText('内容复核中')).toBeNull();
  });
});
