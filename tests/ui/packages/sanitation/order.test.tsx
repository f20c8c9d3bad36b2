import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import OrderPage from '../../../../miniprogram/src/packages/sanitation/order';

jest.mock('@tarojs/taro', () => {
  const actual = jest.requireActual('../../support/taro');
  return { __esModule: true, ...actual, default: actual.default, useRouter: () => ({ params: { id: 'so1' } }) };
});
jest.mock('../../../../miniprogram/src/hooks/use-session', () => ({
  useSignedInUser: () => ({ user: { id: 'resident', roles: [] }, status: 'ready' }),
  useSession: () => ({ user: { id: 'resident', roles: [] }, status: 'ready' }),
}));
jest.mock('../../../../miniprogram/src/hooks/use-subscribe', () => ({ useSubscribeAt: () => () => undefined }));
jest.mock('../../../../miniprogram/src/components/ConfirmDialog', () => {
  class DialogError extends Error {}
  return {
    DialogError,
    ConfirmDialog: ({ spec, onConfirm }: { spec: { confirmText: string } | null; onConfirm: (t: string) => Promise<void> }) =>
      spec ? <button onClick={() => void onConfirm('还有一堆').catch((e: Error) => document.body.setAttribute('data-dialog-error', e.message))}>{`确定${spec.confirmText}`}</button> : null,
  };
});

const fetchMock = jest.fn();
const answer = (data: unknown) => fetchMock.mockResolvedValueOnce({ status: 200, json: () => Promise.resolve({ ok: true, data }) });
const sent = () => fetchMock.mock.calls.map(([, init]) => JSON.parse((init as RequestInit).body as string) as { action: string; data: object });

const view = (over: object = {}) => ({
  id: 'so1', category: 'dumping', facilityName: null, placeText: '村口河道边', villageName: '冯坊村', status: 'fixed', level: 'village',
  deadlineAt: '2026-11-22T02:00:00.000Z', overdue: false, reportCount: 2, createdAt: '2026-11-20T02:00:00.000Z', updatedAt: '2026-11-21T02:00:00.000Z',
  facilityId: null, routeReason: '乱倒乱扔由村（社区）组织清理', note: '有人倒了建筑垃圾', noteHeld: false, handlerName: '陈建军',
  reporters: [{ name: '我', at: '2026-11-20T02:00:00.000Z', isMe: true }, { name: '刘**', at: '2026-11-20T03:00:00.000Z', isMe: false }],
  fixNote: '已清运', fixedAt: '2026-11-21T02:00:00.000Z', fixedOnTime: true, reopenCount: 0, escalated: false,
  photos: [{ id: 'ph1', url: '/api/_storage/files/photos/sanitation/ph1.jpg?e=1&s=x', status: 'pending', mine: true, role: 'before' }],
  step: 2, timeline: [{ at: '2026-11-20T02:00:00.000Z', action: 'submit', actorName: '我', note: '有人倒了建筑垃圾' }],
  allowed: ['confirm', 'reopen'],
  ...over,
});

beforeEach(() => {
  fetchMock.mockReset();
  global.fetch = fetchMock as unknown as typeof fetch;
});

describe('随手拍 progress', () => {
  it('shows the steps reached, my photo waiting for its check, the other reporter by surname, and sends 还没修好 back', async () => {
    answer(view());
    render(<OrderPage />);
    expect(await screen.findByText('还没修好')).toBeTruthy();
    expect(screen.getByText('✓ 已修好')).toBeTruthy();
    expect(screen.getByText('已确认')).toBeTruthy();
    expect(screen.getByText('图片审核中，暂时只有您能看到')).toBeTruthy();
    expect(screen.getByText('我、刘**')).toBeTruthy();
    answer(view({ status: 'accepted', step: 1, allowed: [], reopenCount: 1 }));
    fireEvent.click(screen.getByText('还没修好'));
    fireEvent.click(await screen.findByText('确定退回'));
    await waitFor(() => expect(sent().map((s) => s.action)).toEqual(['order', 'reopen']));
    expect(sent()[1]!.data).toEqual({ orderId: 'so1', note: '还有一堆' });
    await waitFor(() => expect(screen.queryByText('还没修好')).toBeNull());
  });

  it('a handler cannot report it fixed without an after-photo', async () => {
    answer(view({ status: 'accepted', step: 1, allowed: ['fix'], photos: [] }));
    render(<OrderPage />);
    fireEvent.click(await screen.findByText('已经修好'));
    fireEvent.click(await screen.findByText('确定提交'));
    await waitFor(() => expect(document.body.getAttribute('data-dialog-error')).toBe('请先拍一张修好后的照片'));
    expect(sent().map((s) => s.action)).toEqual(['order']);
  });
});
