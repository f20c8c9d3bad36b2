import { act, renderHook, waitFor } from '@testing-library/react';
import { useWish } from '../../../miniprogram/src/hooks/use-wish';

const fetchMock = jest.fn();
const answer = (data: unknown) => fetchMock.mockResolvedValueOnce({ status: 200, json: () => Promise.resolve({ ok: true, data }) });
const sent = () => fetchMock.mock.calls.map(([, init]) => JSON.parse((init as RequestInit).body as string) as { action: string; data: object });

const wish = (over: object = {}) => ({
  id: 'w1', title: '想请人帮忙买药', category: 'elder-care', status: 'open', unitName: '东风村', wisherName: '李奶奶',
  claimantName: null, priority: false, createdAt: '2025-03-05T06:08:00.000Z',
  content: '腿脚不便，想请人帮忙去镇上买降压药', reason: null, fulfilNote: null, thanks: null, timeline: [], allowed: ['claim'],
  ...over,
});

beforeEach(() => {
  fetchMock.mockReset();
  global.fetch = fetchMock as unknown as typeof fetch;
});

describe('useWish', () => {
  it('says the wish is not found, without asking the server, when the page was opened without an id', async () => {
    const { result } = renderHook(() => useWish(undefined));
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.error).toBe('没有找到这个心愿');
    expect(result.current.wish).toBeNull();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('shows the server’s answer to an action in place of the wish it loaded', async () => {
    answer(wish());
    const { result } = renderHook(() => useWish('w1'));
    await waitFor(() => expect(result.current.wish?.status).toBe('open'));

    answer(wish({ status: 'claimed', claimantName: '王党员', allowed: ['fulfil', 'release'] }));
    await act(async () => {
      await result.current.act('claim', {});
    });
    expect(result.current.wish).toMatchObject({ status: 'claimed', claimantName: '王党员' });
    expect(sent()).toEqual([
      { action: 'get', data: { wishId: 'w1' } },
      { action: 'claim', data: { wishId: 'w1' } },
    ]);
  });
});
