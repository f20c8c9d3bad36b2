import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import CaseDetail from '../../../../miniprogram/src/packages/cases/detail';

jest.mock('@tarojs/taro', () => {
  const actual = jest.requireActual('../../support/taro');
  return { __esModule: true, ...actual, default: actual.default, useRouter: () => ({ params: { id: 'c1' } }) };
});
jest.mock('../../../../miniprogram/src/components/ConfirmDialog', () => ({ ConfirmDialog: () => null }));

const fetchMock = jest.fn();
const answer = (data: unknown) => fetchMock.mockResolvedValueOnce({ status: 200, json: () => Promise.resolve({ ok: true, data }) });
const sent = () => fetchMock.mock.calls.map(([, init]) => JSON.parse((init as RequestInit).body as string) as { action: string; data: object });

const agreed = (over: object = {}) => ({
  id: 'c1', type: 'neighbourhood', typeLabel: '邻里关系', status: 'agreed', level: 'village', urgency: 'normal', risk: 'low',
  unitName: '冯坊村', gridName: '第一网格', partyNames: ['赵', '钱'], brief: '排水沟', reporterName: '张桂芳',
  deadlineAt: null, deadlineText: null, overdue: false, createdAt: '2026-11-20T02:00:00.000Z',
  description: '两家为排水沟起了争执', amountFen: 0, parties: [{ name: '赵', phoneMasked: null, phone: null }], repeat: false, escalations: 0, nextSheet: 'followUp',
  screening: { at: '2026-11-20T02:00:00.000Z', byName: '张桂芳', onBehalfOf: null, place: null },
  assessment: null, sessions: [], outcomes: [],
  followUpDueAt: '2026-12-06T02:00:00.000Z', followUpDue: false, followUps: [], timeline: [],
  allowed: ['followUp'],
  ...over,
});

beforeEach(() => {
  fetchMock.mockReset();
  global.fetch = fetchMock as unknown as typeof fetch;
});

describe('case detail: 回访 before it is due', () => {
  it('says the visit is an interim contact and sends no early close unless one is chosen with a reason', async () => {
    answer(agreed());
    render(<CaseDetail />);
    fireEvent.click(await screen.findByText('履行良好'));
    fireEvent.click(screen.getByText('满意'));
    expect(screen.getByText(/还没到回访时间（12月6日 周日 10:00）：这次记为过程联系/)).toBeTruthy();
    answer(agreed({ followUps: [{ at: '2026-11-22T02:00:00.000Z', byName: '网格长', held: true, satisfaction: 'satisfied', note: null, kind: 'interim', earlyReason: null }] }));
    fireEvent.click(screen.getByText('记录过程联系'));
    await waitFor(() => expect(sent()[1]).toEqual({ action: 'followUp', data: { caseId: 'c1', held: true, satisfaction: 'satisfied' } }));
    expect(await screen.findByText(/过程联系：协议履行良好/)).toBeTruthy();
  });

  it('closes early only with a reason written', async () => {
    answer(agreed());
    render(<CaseDetail />);
    fireEvent.click(await screen.findByText('履行良好'));
    fireEvent.click(screen.getByText('满意'));
    fireEvent.click(screen.getByText('提前结案'));
    expect(screen.getByText('提前结案', { selector: 'taro-button-core' }).getAttribute('disabled')).not.toBeNull();
  });
});
