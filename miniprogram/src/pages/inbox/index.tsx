import { Text, View } from '@tarojs/components';
import { Button } from '../../components/Button';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Empty } from '@nutui/nutui-react-taro';
import type { NotificationView } from '@shared/contracts/notifications';
import { CursorListView } from '../../components/CursorListView';
import { PageShell } from '../../components/PageShell';
import { linkRoute } from '../../client/links';
import { useInbox } from '../../hooks/use-inbox';
import { useSignedInUser } from '../../hooks/use-session';
import { plainError } from '../../client/error-text';
import { formatDate } from '../../client/format';
import './index.scss';

export default function Inbox() {
  const { user } = useSignedInUser();
  const inbox = useInbox(user?.id ?? null);
  usePullDownRefresh(() => {
    void inbox.list.refresh().finally(() => Taro.stopPullDownRefresh());
  });

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
      <CursorListView
        list={inbox.list}
        empty={<Empty description='还没有消息' />}
        renderItem={(n) => (
          <View className={`qy-card inbox__item ${n.read ? '' : 'inbox__item--unread'}`} onClick={() => open(n)}>
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
        )}
      />
    </PageShell>
  );
}
