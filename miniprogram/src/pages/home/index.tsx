import { useEffect } from 'react';
import { useDidShow } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { PageShell } from '../../components/PageShell';
import { Tile } from '../../components/Tile';
import { PointsTile } from '../../components/PointsTile';
import { useSignedInUser } from '../../hooks/use-session';
import { refreshUnread, useUnread } from '../../hooks/use-inbox';
import { hasRole, isCadre } from '../../client/session';
import { PERSONA_LABELS } from '../../client/labels';
import './index.scss';
import { ROUTES } from '../../routes';
import { go, goTab } from '../../client/navigate';


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
        <Tile label='许个心愿' hint='有困难，说出来，党员来帮忙' onTap={go(ROUTES.wish.submit.url())} />
        <Tile label='心愿墙' hint='看看村里的心愿' onTap={goTab(ROUTES.wishes)} />
        <Tile label='我的心愿' hint='我提交的心愿办得怎么样' onTap={go(ROUTES.wish.mine.url())} />
        {hasRole(user, 'party-member') && (
          <Tile label='我认领的' hint='我认领的心愿，完成后记得填写' onTap={go(ROUTES.wish.claimed.url())} />
        )}
        {isCadre(user) && <Tile label='待审核' hint='群众提交的心愿等您审核' onTap={go(ROUTES.wish.review.url())} />}
        {hasRole(user, 'village-cadre') && (
          <Tile label='居民确认' hint='新注册的居民等您核实户籍' onTap={go(ROUTES.admin.residents.url())} />
        )}
        {hasRole(user, 'grid-leader') || hasRole(user, 'mediator') || isCadre(user) ? (
          <Tile label='矛盾纠纷' hint='六类四单：待办纠纷、登记排查、统计图表' onTap={go(ROUTES.cases.handling.url())} />
        ) : (
          <Tile label='矛盾纠纷' hint='邻里有矛盾，登记后村里来调解' onTap={go(ROUTES.cases.mine.url())} />
        )}
        {(() => {
          // Officers and the town/county cadres who oversee several homes work from the workbench.
          const oversees = hasRole(user, 'police') || hasRole(user, 'town-cadre') || hasRole(user, 'county-admin');
          return (
            <Tile
              label='警民之家'
              hint={oversees ? '今天的预约、排队和上门申请' : '办证件、预约民警、请民警上门'}
              onTap={go((oversees ? ROUTES.police.workbench : ROUTES.police.home).url())}
            />
          );
        })()}
        {user.residence?.householdId && user.residence.householdConfirmed && <PointsTile />}
        {hasRole(user, 'village-cadre') && <Tile label='积分评议' hint='每月打分、公示、定稿和分红' onTap={go(ROUTES.points.entry.url())} />}
        <Tile label='小微权力' hint='看图办事：清单、流程图，我办的事办到哪一步' onTap={go(ROUTES.powers.list.url())} />
        <Tile label='消息' hint='通知和提醒' badge={unread} onTap={goTab(ROUTES.inbox)} />
        {(hasRole(user, 'supervisor') || hasRole(user, 'county-admin')) && (
          <Tile label='操作记录' hint='干部每一次操作的留痕：谁、何时、改了什么' onTap={go(ROUTES.admin.audit.url())} />
        )}
        {hasRole(user, 'county-admin') && (
          <Tile label='纠纷分级规则' hint='小事不出村、大事不出镇：改规则前先用上个月的纠纷试一试' onTap={go(ROUTES.cases.routing.url())} />
        )}
        {hasRole(user, 'county-admin') && (
          <Tile label='发送失败的通知' hint='服务通知多次没发出去，可重新发送' onTap={go(ROUTES.admin.deadLetters.url())} />
        )}
      </View>
    </PageShell>
  );
}
