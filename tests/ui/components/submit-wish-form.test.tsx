import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { SubmitWishForm } from '../../../miniprogram/src/components/SubmitWishForm';
import { loadWishDraft } from '../../../miniprogram/src/client/wish-draft';
import Taro from '@tarojs/taro';
import { typeInto } from '../support/type-into';

const fetchMock = jest.fn();

function fill(container: HTMLElement) {
  typeInto(container.querySelector('taro-input-core')!, '想请人修院门');
  typeInto(container.querySelector('taro-textarea-core')!, '院门坏了，关不上，晚上不安全');
  fireEvent.click(screen.getByText('生活小事'));
}

function sentBodies(): { action: string; data: Record<string, unknown> }[] {
  return fetchMock.mock.calls.map(([, init]) => JSON.parse((init as RequestInit).body as string));
}

beforeEach(() => {
  Taro.clearStorageSync();
  fetchMock.mockReset();
  global.fetch = fetchMock as unknown as typeof fetch;
});

describe('SubmitWishForm', () => {
  it('keeps what was typed as a draft and restores it when the page is opened again', () => {
    const first = render(<SubmitWishForm onSubmitted={jest.fn()} />);
    fill(first.container);
    first.unmount();

    expect(loadWishDraft()).toMatchObject({ title: '想请人修院门', category: 'daily-life' });

    const again = render(<SubmitWishForm onSubmitted={jest.fn()} />);
    const title = again.container.querySelector('taro-input-core') as unknown as { value: string };
    expect(title.value).toBe('想请人修院门');
    expect(screen.getByText('生活小事').getAttribute('aria-checked')).toBe('true');
  });

  it('keeps the draft when submission fails and reuses the same request id on retry', async () => {
    const onSubmitted = jest.fn();
    render(<SubmitWishForm onSubmitted={onSubmitted} />);
    fill(document.body);

    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    fireEvent.click(screen.getByText('提交心愿'));
    await screen.findByText(/网络不太好.*您填写的内容已保存/);

    expect(loadWishDraft()).toMatchObject({ title: '想请人修院门', content: '院门坏了，关不上，晚上不安全' });
    const firstId = loadWishDraft().requestId;
    expect(firstId).toEqual(expect.any(String));

    fetchMock.mockResolvedValueOnce({
      status: 200,
      json: () =>
        Promise.resolve({
          ok: true,
          data: {
            id: 'w9', title: '想请人修院门', category: 'daily-life', status: 'pending_review', unitName: '东风村',
            wisherName: '王大妈', claimantName: null, priority: false, createdAt: '2025-03-05T06:08:00.000Z',
            content: '院门坏了，关不上，晚上不安全', reason: null, fulfilNote: null, thanks: null, timeline: [], allowed: ['cancel'],
          },
        }),
    });
    fireEvent.click(screen.getByText('提交心愿'));
    await waitFor(() => expect(onSubmitted).toHaveBeenCalledTimes(1));

    const [first, retry] = sentBodies();
    expect(first.data.requestId).toBe(firstId);
    expect(retry.data.requestId).toBe(firstId);
    expect(loadWishDraft().title).toBe('');
    expect(loadWishDraft().requestId).toBeNull();
  });

  it('shows the contract\'s field errors without sending anything', async () => {
    const { container } = render(<SubmitWishForm onSubmitted={jest.fn()} />);
    typeInto(container.querySelector('taro-input-core')!, '修');
    typeInto(container.querySelector('taro-textarea-core')!, '院门坏了');
    fireEvent.click(screen.getByText('看病就医'));
    fireEvent.click(screen.getByText('提交心愿'));

    expect(await screen.findByText('标题：至少 2 个字')).toBeTruthy();
    expect(screen.getByText('内容：至少 5 个字')).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('shows every error of an empty form at once, each naming its field', () => {
    render(<SubmitWishForm onSubmitted={jest.fn()} />);
    fireEvent.click(screen.getByText('提交心愿'));
    expect(screen.getByText('标题：至少 2 个字')).toBeTruthy();
    expect(screen.getByText('内容：至少 5 个字')).toBeTruthy();
    expect(screen.getByText('类别：请选一项')).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('counts the title against the contract’s limit instead of cutting it silently', () => {
    const { container } = render(<SubmitWishForm onSubmitted={jest.fn()} />);
    expect(screen.getByText('0/40 字')).toBeTruthy();
    typeInto(container.querySelector('taro-input-core')!, '想请人帮忙修一下院门');
    expect(screen.getByText('10/40 字')).toBeTruthy();
  });

  it('offers 不公开姓名 for a health wish only', () => {
    render(<SubmitWishForm onSubmitted={jest.fn()} />);
    fireEvent.click(screen.getByText('生活小事'));
    expect(screen.queryByText('不公开姓名')).toBeNull();
    fireEvent.click(screen.getByText('看病就医'));
    expect(screen.getByText('不公开姓名')).toBeTruthy();
  });
});
