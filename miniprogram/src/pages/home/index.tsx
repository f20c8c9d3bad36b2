import { useEffect } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { PageShell } from '../../components/PageShell';
import { Tile } from '../../components/Tile';
import { useSignedInUser } from '../../hooks/use-session';
import { refreshUnread, useUnread } from '../../hooks/use-inbox';
import { hasRole, isCadre } from '../../services/session';
import { PERSONA_LABELS } from '../../services/labels';
import './index.scss';

const go = (url: string) => () => void Taro.navigateTo({ url });
const tab = (url: string) => () => void Taro.switchTab({ url });

export default function Home() {
  const { user, loading } = useSignedInUser();
  const unread = useUnread();

  const userId = user?.id;
  useEffect(() => {
    if (userId) void refreshUnread();
  }, [userId]);
  useDidShow(() => {
    if (userId) void refreshUnread();
  });

  if (loading || !user) return <PageShell><View className='qy-muted'>正在加载…</View></PageShell>;

  const unit = user.residence?.unitName ?? user.roles[0]?.unitName ?? '';
  return (
    <PageShell>
      <View className='qy-title'>{user.name}，您好</View>
      <View className='qy-muted home__unit'>
        {PERSONA_LABELS[user.persona]}
        {unit ? ` · ${unit}` : ''}
        {user.residence?.gridName ? ` · ${user.residence.gridName}` : ''}
      </View>

      <View className='home__tiles'>
        <Tile label='许个心愿' hint='有困难，说出来，党员来帮忙' onTap={go('/packages/wish/submit/index')} />
        <Tile label='心愿墙' hint='看看村里的心愿' onTap={tab('/pages/wishes/index')} />
        <Tile label='我的心愿' hint='我提交的心愿办得怎么样' onTap={go('/packages/wish/mine/index')} />
        {hasRole(user, 'party-member') && (
          <Tile label='我认领的' hint='我认领的心愿，完成后记得填写' onTap={go('/packages/wish/claimed/index')} />
        )}
        {isCadre(user) && <Tile label='待审核' hint='群众提交的心愿等您审核' onTap={go('/packages/wish/review/index')} />}
        <Tile label='消息' hint='通知和提醒' badge={unread} onTap={tab('/pages/inbox/index')} />
      </View>
    </PageShell>
  );
}
