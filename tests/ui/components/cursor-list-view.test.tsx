import { useState } from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { View } from '@tarojs/components';
import { CursorListView } from '../../../miniprogram/src/components/CursorListView';
import { useCursorList, type CursorPage } from '../../../miniprogram/src/hooks/use-cursor-list';
import { ApiError } from '../../../miniprogram/src/client/cloud';

type Item = { id: string; name: string };
type Status = 'open' | 'done';
const LABELS: Record<Status, string> = { open: '进行中', done: '已办结' };

const fetchPage = jest.fn<Promise<CursorPage<Item>>, [string | undefined, Status | undefined]>();
const page = (names: string[], nextCursor: string | null) =>
  fetchPage.mockResolvedValueOnce({ items: names.map((name) => ({ id: name, name })), nextCursor });

/** The list as a feature wires it: its own hook, its own card and its own empty words. */
function Harness({ filters = [] }: { filters?: readonly Status[] }) {
  const [status, setStatus] = useState<Status | undefined>(undefined);
  const list = useCursorList<Item>(status ?? '', (cursor) => fetchPage(cursor, status));
  return (
    <CursorListView
      list={list}
      filter={{ options: filters, labels: LABELS, value: status, onChange: setStatus }}
      renderItem={(item) => <View className='item'>{item.name}</View>}
      empty={<View>这里还没有记录</View>}
    />
  );
}

beforeEach(() => fetchPage.mockReset());

describe('CursorListView', () => {
  it('shows its empty words once the first page comes back with nothing, not while it loads', async () => {
    let answer: (p: CursorPage<Item>) => void = () => undefined;
    fetchPage.mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
    render(<Harness />);
    expect(screen.getByText('正在加载…')).toBeTruthy();
    expect(screen.queryByText('这里还没有记录')).toBeNull();

    answer({ items: [], nextCursor: null });
    expect(await screen.findByText('这里还没有记录')).toBeTruthy();
    expect(screen.queryByText('正在加载…')).toBeNull();
    expect(screen.queryByText('加载更多')).toBeNull();
  });

  it('shows a failure in plain words with 重新加载 instead of the empty words, and loads again when it is tapped', async () => {
    page([], null);
    render(<Harness filters={['open']} />);
    expect(await screen.findByText('这里还没有记录')).toBeTruthy();

    fetchPage.mockRejectedValueOnce(new ApiError('NETWORK', 'offline'));
    fireEvent.click(screen.getByText('进行中'));
    expect(await screen.findByText('网络不太好，请稍后再试')).toBeTruthy();
    expect(screen.queryByText('这里还没有记录')).toBeNull();

    page(['张家的心愿'], null);
    fireEvent.click(screen.getByText('重新加载'));
    expect(await screen.findByText('张家的心愿')).toBeTruthy();
    expect(screen.queryByText('网络不太好，请稍后再试')).toBeNull();
    expect(fetchPage.mock.calls).toEqual([[undefined, undefined], [undefined, 'open'], [undefined, 'open']]);
  });

  it('loads the next page with the cursor when 加载更多 is tapped and appends it', async () => {
    page(['一', '二'], 'c2');
    const { container } = render(<Harness />);
    expect(await screen.findByText('二')).toBeTruthy();

    page(['三'], null);
    fireEvent.click(screen.getByText('加载更多'));
    expect(await screen.findByText('三')).toBeTruthy();
    expect(Array.from(container.querySelectorAll('.item')).map((el) => el.textContent)).toEqual(['一', '二', '三']);
    expect(screen.queryByText('加载更多')).toBeNull();
    expect(fetchPage.mock.calls.map(([cursor]) => cursor)).toEqual([undefined, 'c2']);
  });

  it('offers 全部 and a chip per status, marks the chosen one, and starts over with it', async () => {
    page(['一'], null);
    render(<Harness filters={['open', 'done']} />);
    await screen.findByText('一');
    expect(screen.getByText('全部').getAttribute('aria-checked')).toBe('true');

    page([], null);
    fireEvent.click(screen.getByText('已办结'));
    expect(await screen.findByText('这里还没有记录')).toBeTruthy();
    expect(screen.queryByText('一')).toBeNull();
    expect(screen.getByText('已办结').getAttribute('aria-checked')).toBe('true');
    expect(screen.getByText('全部').getAttribute('aria-checked')).toBe('false');
    expect(fetchPage.mock.calls[1]).toEqual([undefined, 'done']);
  });

  it('has no chips when it is given no statuses', async () => {
    page(['一'], null);
    render(<Harness />);
    await screen.findByText('一');
    expect(screen.queryByRole('radiogroup')).toBeNull();
    expect(screen.queryByText('全部')).toBeNull();
  });
});
