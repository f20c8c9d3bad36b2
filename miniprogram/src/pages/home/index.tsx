import { useEffect } from 'react';
import { useDidShow } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { PageShell } from '../../components/PageShell';
import { Tile } from '../../components/Tile';
import { useSignedInUser } from '../../hooks/use-session';
import { refreshUnread, useUnread } from '../../hooks/use-inbox';
import { useTodo } from '../../hooks/use-todo';
import { PERSONA_LABELS } from '../../client/labels';
import { goUrl } from '../../client/navigate';
import { homeFor, type PlacedTile } from './tiles';
import './index.scss';

export default function Home() {
  const { user, loading } = useSignedInUser();
  const unread = useUnread();
  const todo = useTodo(Boolean(user));

  const userId = user?.id;
  useEffect(() => {
    if (userId) void refreshUnread();
  }, [userId]);
  useDidShow(() => {
    if (userId) void refreshUnread();
  });

  if (loading || !user) return <PageShell><View className='qy-muted'>正在加载…</View></PageShell>;

  const home = homeFor(user, todo.data);
  const open = (t: PlacedTile) => goUrl(t.url(user), t.tab === true);
  const unit = user.residence?.unitName ?? user.roles[0]?.unitName ?? '';
  return (
    <PageShell>
      <View className='qy-title'>{user.name}，您好</View>
      <View className='qy-muted home__unit'>
        {PERSONA_LABELS[user.persona]}
        {unit ? ` · ${unit}` : ''}
        {user.residence?.gridName ? ` · ${user.residence.gridName}` : ''}
      </View>

      {home.todo.length > 0 && (
        <>
          <View className='qy-section-title'>我的待办</View>
          <View className='home__todo'>
            {home.todo.map((t) => (
              <Tile key={t.id} label={t.label} hint={t.hint} icon={t.icon} todoText={t.todoText?.(t.count ?? 0) ?? `${t.count} 件待办`} onTap={open(t)} />
            ))}
          </View>
        </>
      )}

      <View className='qy-section-title'>{home.todo.length > 0 ? '更多服务' : '我能办的事'}</View>
      <View className='home__grid'>
        {home.grid.map((t) => (
          <Tile key={t.id} label={t.label} hint={t.hint} icon={t.icon} badge={t.id === 'inbox' ? unread : undefined} onTap={open(t)} />
        ))}
      </View>
    </PageShell>
  );
}
