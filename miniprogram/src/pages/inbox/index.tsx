import { useEffect } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Empty } from '@nutui/nutui-react-taro';
import type { NotificationView } from '@shared/contracts/notifications';
import { PageShell } from '../../components/PageShell';
import { linkRoute } from '../../services/links';
import { useInbox } from '../../hooks/use-inbox';
import { useSignedInUser } from '../../hooks/use-session';
import { plainError } from '../../services/error-text';
import { formatDate } from '../../services/format';
import './index.scss';

export default function Inbox() {
  const { user } = useSignedInUser();
  const inbox = useInbox();

  const userId = user?.id;
  useEffect(() => {
    if (userId) void inbox.refresh();
  }, [userId]);
  // Coming back to the tab: show what arrived meanwhile.
  useDidShow(() => {
    if (userId && inbox.loaded) void inbox.refresh();
  });
  usePullDownRefresh(() => {
    void inbox.refresh().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => inbox.loadMore());

  const open = (n: NotificationView) => {
    inbox.markRead([n.id]).catch(() => undefined);
    const route = linkRoute(n.link);
    if (route) void Taro.navigateTo({ url: route });
  };

  const readAll = () => {
    inbox.markAllRead().catch((e: unknown) => void Taro.showToast({ title: plainError(e), icon: 'none' }));
  };

  return (
    <PageShell>
      <View className='qy-title'>消息</View>
      <View className='qy-row inbox__bar'>
        <Text>{inbox.unread > 0 ? `${inbox.unread} 条未读` : '没有未读消息'}</Text>
        {inbox.unread > 0 && (
          <Button className='qy-btn qy-btn--plain inbox__all' onClick={readAll}>
            全部已读
          </Button>
        )}
      </View>
      {inbox.error && <View className='qy-notice'>{inbox.error}</View>}
      {inbox.items.map((n) => (
        <View key={n.id} className={`qy-card inbox__item ${n.read ? '' : 'inbox__item--unread'}`} onClick={() => open(n)}>
          <View className='inbox__head'>
            <Text className='inbox__title'>{n.title}</Text>
            <Text className={n.read ? 'inbox__state' : 'inbox__state inbox__state--unread'}>{n.read ? '已读' : '未读'}</Text>
          </View>
          <View>{n.body}</View>
          <View className='qy-muted'>
            {formatDate(n.createdAt)}
            {linkRoute(n.link) ? ' · 点击查看' : ''}
          </View>
        </View>
      ))}
      {inbox.loaded && inbox.items.length === 0 && <Empty description='还没有消息' />}
      {inbox.loading && <View className='qy-muted'>正在加载…</View>}
      {inbox.hasMore && !inbox.loading && (
        <Button className='qy-btn qy-btn--plain' onClick={inbox.loadMore}>
          加载更多
        </Button>
      )}
    </PageShell>
  );
}
