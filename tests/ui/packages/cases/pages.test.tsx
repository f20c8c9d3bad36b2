import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { loadCaseDraft } from '../../../../miniprogram/src/hooks/use-cases-report';
import { CaseList } from '../../../../miniprogram/src/packages/cases/components/CaseList';
import CaseFigures from '../../../../miniprogram/src/packages/cases/figures';
import ReportCase from '../../../../miniprogram/src/packages/cases/report';
import { ROUTES } from '../../../../miniprogram/src/routes';
import { typeInto } from '../../support/type-into';

const fetchMock = jest.fn();
const answer = (data: unknown) => fetchMock.mockResolvedValueOnce({ status: 200, json: () => Promise.resolve({ ok: true, data }) });
const sent = () => fetchMock.mock.calls.map(([url, init]) => ({ url, ...JSON.parse((init as RequestInit).body as string) }));

const summary = (id: string, over: object = {}) => ({
  id, type: 'neighbourhood', typeLabel: '邻里关系', status: 'mediating', level: 'village', urgency: 'urgent', risk: 'low',
  unitName: '冯坊村', gridName: '第一网格', partyNames: ['张桂芳', '王老五'], brief: '排水管接到院墙根', reporterName: '张桂芳',
  deadlineAt: '2026-03-08T02:00:00.000Z', deadlineText: '已超期2天', overdue: true, createdAt: '2026-03-01T02:00:00.000Z', ...over,
});

beforeEach(() => {
  Taro.clearStorageSync();
  fetchMock.mockReset();
  global.fetch = fetchMock as unknown as typeof fetch;
});

describe('CaseList', () => {
  it('shows status, level and the deadline in words, and starts over with a status filter', async () => {
    answer({ items: [summary('c1')], nextCursor: null });
    render(<CaseList scope='handling' filters={['screened', 'mediating']} emptyText='没有纠纷' />);
    expect(await screen.findByText('已超期2天')).toBeTruthy();
    expect(screen.getAllByText('调解中').length).toBeGreaterThan(0);
    expect(screen.getByText('当事人：张桂芳、王老五')).toBeTruthy();

    answer({ items: [], nextCursor: null });
    fireEvent.click(screen.getByText('待研判'));
    expect(await screen.findByText('没有纠纷')).toBeTruthy();
    expect(sent().map((s) => s.data)).toEqual([
      { scope: 'handling', limit: 20 },
      { scope: 'handling', status: 'screened', limit: 20 },
    ]);
  });
});

describe('case figures page', () => {
  it('draws the shares as plain bars with widths in per cent', async () => {
    answer({ types: [], deadlineDays: { village: 7, town: 15, county: 30 }, followUpDays: 15, places: [], figuresUnits: [{ unitId: 'qianyang', name: '千阳县' }], handler: true, mediator: false, overseer: true });
    answer({
      scopeName: '千阳县', months: ['2026-02', '2026-03'],
      types: [{ code: 'neighbourhood', label: '邻里关系', common: true }, { code: 'other', label: '其他', common: false }],
      byTypeMonth: [[6, 2], [3, 1]], total: 12, commonTotal: 9, commonShare: 0.75,
      resolvedAt: { village: 8, town: 2, county: 0 }, resolvedTotal: 10, villageRate: 0.8, openNow: 2, overdueNow: 1,
      averageDaysToResolve: 4.5, satisfaction: { satisfied: 9, basic: 1, unsatisfied: 0 }, satisfactionRate: 1, closedEarly: 0,
    });
    const { container } = render(<CaseFigures />);
    expect(await screen.findByText('小事不出村（村级化解率）')).toBeTruthy();
    expect(screen.getByText('80.0%')).toBeTruthy();
    expect(screen.getByText('9 件 · 75.0%')).toBeTruthy();
    expect(screen.getByText('8 件 · 80.0%')).toBeTruthy();
    const widths = Array.from(container.querySelectorAll('.fig__bar-fill')).map((el) => (el as HTMLElement).style.width);
    expect(widths).toContain('75%');
    expect(widths).toContain('80%');
    // Month columns: the number alone (no 月 to wrap or clip at 360 px in large text), the axis said once, no ISO month.
    expect(Array.from(container.querySelectorAll('.fig__month-label')).map((el) => el.textContent)).toEqual(['2', '3']);
    expect(screen.getByText('横向是月份（2026年2月到2026年3月），竖向是当月登记件数')).toBeTruthy();
    expect(container.querySelector('[aria-label="2026年2月 共 8 件"]')).toBeTruthy();
  });
});

const CONFIG = {
  types: [{ code: 'neighbourhood', label: '邻里关系', common: true }, { code: 'other', label: '其他', common: false }],
  deadlineDays: { village: 7, town: 15, county: 30 }, followUpDays: 15,
  places: [{ gridId: 'g-fengfang-1', gridName: '第一网格', unitName: '冯坊村', isHome: true }],
  figuresUnits: [], handler: false, mediator: false, overseer: false,
};

describe('report a dispute page', () => {
  it('records a dispute from taps and a few words, keeping the draft and request id when the network fails', async () => {
    answer(CONFIG);
    const { container } = render(<ReportCase />);
    fireEvent.click(await screen.findByText('邻里关系'));
    const inputs = container.querySelectorAll('taro-input-core');
    typeInto(inputs[0]!, '张桂芳');
    typeInto(inputs[1]!, '13891702461');
    typeInto(inputs[2]!, '王老五');
    typeInto(container.querySelector('taro-textarea-core')!, '排水管接到我家院墙根，下雨就积水');
    fireEvent.click(screen.getByText('较急'));

    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    fireEvent.click(screen.getByText('提交排查单'));
    await screen.findByText(/网络不太好.*您填写的内容已保存/);
    const firstId = loadCaseDraft().requestId;
    expect(firstId).toEqual(expect.any(String));
    expect(loadCaseDraft()).toMatchObject({ type: 'neighbourhood', urgency: 'urgent', parties: [{ name: '张桂芳', phone: '13891702461' }, { name: '王老五', phone: '' }] });

    const redirect = jest.spyOn(Taro, 'redirectTo');
    answer({
      ...summary('cs1', { status: 'screened', deadlineText: '剩6天', overdue: false }),
      description: '排水管接到我家院墙根，下雨就积水', amountFen: 0,
      parties: [{ name: '张桂芳', phoneMasked: '138****2461', phone: null }, { name: '王老五', phoneMasked: null, phone: null }],
      repeat: false, escalations: 0, nextSheet: 'assessment',
      screening: { at: '2026-03-01T02:00:00.000Z', byName: '张桂芳', onBehalfOf: null, place: null },
      assessment: null, sessions: [], outcomes: [], followUpDueAt: null, followUpDue: false, followUps: [], timeline: [], allowed: [],
    });
    fireEvent.click(screen.getByText('提交排查单'));
    await act(async () => {
      await new Promise((r) => setTimeout(r, 50));
    });
    expect(redirect).toHaveBeenCalledWith({ url: ROUTES.cases.detail.url({ id: 'cs1' }) });
    expect(loadCaseDraft().requestId).toBeNull();
    const calls = sent().filter((c) => c.action === 'screen');
    expect(calls[0]!.data).toEqual({
      type: 'neighbourhood',
      parties: [{ name: '张桂芳', phone: '13891702461' }, { name: '王老五' }],
      gridId: 'g-fengfang-1',
      description: '排水管接到我家院墙根，下雨就积水',
      amountFen: 0,
      urgency: 'urgent',
      requestId: firstId,
    });
    expect(calls[1]!.data.requestId).toBe(firstId);
  });

  it('asks for a type before sending anything', async () => {
    answer(CONFIG);
    render(<ReportCase />);
    fireEvent.click(await screen.findByText('提交排查单'));
    expect(await screen.findByText('请选一种纠纷类型')).toBeTruthy();
    expect(sent().filter((c) => c.action === 'screen')).toHaveLength(0);
  });
});
