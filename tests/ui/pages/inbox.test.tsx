import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import Inbox from '../../../miniprogram/src/pages/inbox/index';
import { setSessionUser } from '../../../miniprogram/src/client/session';
import { fakeGateway } from '../support/gateway';
import { person } from '../support/people';

const gateway = fakeGateway();
const resident = person();
const message = (id: string, read: boolean) => ({
  id,
  kind: 'wish.approved',
  title: '您的心愿已通过审核',
  body: `「想请人帮忙买药${id}」已发布到心愿墙。`,
  link: { page: 'wish', id: `w-${id}` },
  createdAt: '2026-11-27T02:00:00.000Z',
  read,
});

beforeEach(() => Taro.clearStorageSync());
afterEach(() => setSessionUser(null));

describe('inbox page', () => {
  it('asks nothing until the person is known, then shows the messages and the unread count', async () => {
    gateway.install(() => ({ items: [message('n1', false), message('n2', true)], nextCursor: null, unread: 1 }));
    render(<Inbox />);
    expect(gateway.sent()).toEqual([]);
    setSessionUser(resident);
    expect(await screen.findByText('「想请人帮忙买药n1」已发布到心愿墙。')).toBeTruthy();
    expect(screen.getByText('1 条未读')).toBeTruthy();
    expect(gateway.sent().map((c) => c.action)).toEqual(['list']);
  });

  it('marks a message read when it is tapped, and the count goes down', async () => {
    setSessionUser(resident);
    gateway.install((action) => (action === 'list' ? { items: [message('n1', false)], nextCursor: null, unread: 1 } : { updated: 1 }));
    render(<Inbox />);
    fireEvent.click(await screen.findByText('「想请人帮忙买药n1」已发布到心愿墙。'));
    await waitFor(() => expect(screen.getByText('没有未读消息')).toBeTruthy());
    expect(screen.getByText('已读')).toBeTruthy();
    expect(gateway.sent().find((c) => c.action === 'markRead')?.data).toEqual({ ids: ['n1'] });
  });

  it('offers 重新加载 when the messages could not be read, and shows them after the retry', async () => {
    setSessionUser(resident);
    let fail = true;
    gateway.install(() => {
      if (fail) throw new Error('network down');
      return { items: [message('n1', true)], nextCursor: null, unread: 0 };
    });
    render(<Inbox />);
    const retry = await screen.findByText('重新加载');
    expect(screen.queryByText('还没有消息')).toBeNull();
    fail = false;
    fireEvent.click(retry);
    expect(await screen.findByText('「想请人帮忙买药n1」已发布到心愿墙。')).toBeTruthy();
  });
});
