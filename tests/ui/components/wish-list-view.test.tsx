import { fireEvent, render, screen } from '@testing-library/react';
import { WishListView } from '../../../miniprogram/src/components/WishListView';

const fetchMock = jest.fn();

const summary = (id: string, title: string) => ({
  id, title, category: 'elder-care', status: 'open', unitName: '东风村', wisherName: '李奶奶',
  claimantName: null, priority: false, createdAt: '2025-03-05T06:08:00.000Z',
});

function page(items: ReturnType<typeof summary>[], nextCursor: string | null) {
  fetchMock.mockResolvedValueOnce({ status: 200, json: () => Promise.resolve({ ok: true, data: { items, nextCursor } }) });
}

const sent = () => fetchMock.mock.calls.map(([, init]) => JSON.parse((init as RequestInit).body as string).data);

beforeEach(() => {
  fetchMock.mockReset();
  global.fetch = fetchMock as unknown as typeof fetch;
});

describe('WishListView', () => {
  it('loads the next page with the cursor when 加载更多 is tapped and appends it', async () => {
    page([summary('w1', '买药'), summary('w2', '理发')], 'c2');
    render(<WishListView scope='village' emptyText='没有心愿' />);
    expect(await screen.findByText('理发')).toBeTruthy();

    page([summary('w3', '修水管')], null);
    fireEvent.click(screen.getByText('加载更多'));

    expect(await screen.findByText('修水管')).toBeTruthy();
    expect(screen.getByText('买药')).toBeTruthy();
    expect(screen.queryByText('加载更多')).toBeNull();
    expect(sent()).toEqual([
      { scope: 'village', limit: 20 },
      { scope: 'village', cursor: 'c2', limit: 20 },
    ]);
  });

  it('starts over with the chosen status when a filter chip is tapped', async () => {
    page([summary('w1', '买药')], null);
    render(<WishListView scope='village' filters={['open', 'completed']} emptyText='没有心愿' />);
    await screen.findByText('买药');

    page([], null);
    fireEvent.click(screen.getByText('已完成'));

    expect(await screen.findByText('没有心愿')).toBeTruthy();
    expect(screen.queryByText('买药')).toBeNull();
    expect(sent()[1]).toEqual({ scope: 'village', status: 'completed', limit: 20 });
  });

  it('shows each status as words, not colour alone', async () => {
    page([summary('w1', '买药')], null);
    render(<WishListView scope='village' emptyText='没有心愿' />);
    expect(await screen.findByText('待认领')).toBeTruthy();
  });
});
