import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import DeadLetters from '../../../../miniprogram/src/packages/admin/dead-letters/index';
import { fakeGateway } from '../../support/gateway';

const gateway = fakeGateway();
const page = (localFailRate: number | null) => ({ items: [], nextCursor: null, total: 0, localFailRate });

beforeEach(() => Taro.clearStorageSync());

describe('the dead-letters page’s switch for the local stand-in sender', () => {
  it('appears in local mode and sets the failure rate by tap', async () => {
    gateway.install((action, data) => (action === 'setSenderFailRate' ? { rate: data.rate } : page(0)));
    render(<DeadLetters />);
    fireEvent.click(await screen.findByText('三成失败'));
    await waitFor(() => expect(gateway.sent().some((s) => s.action === 'setSenderFailRate')).toBe(true));
    expect(gateway.sent().find((s) => s.action === 'setSenderFailRate')!.data).toEqual({ rate: 0.3 });
    await waitFor(() => expect(screen.getByText('三成失败').getAttribute('aria-checked')).toBe('true'));
  });

  it('is not there in the cloud', async () => {
    gateway.install(() => page(null));
    render(<DeadLetters />);
    expect(await screen.findByText('没有发送失败的通知')).toBeTruthy();
    expect(screen.queryByText('本地演示：模拟微信发送失败')).toBeNull();
  });
});
