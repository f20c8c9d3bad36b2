import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { MODE_LABELS } from '@shared/domain/police-catalog';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { Tile } from '../../../components/Tile';
import { picksHome, policeCall, policeErrorText, usePolice, usePoliceViewer } from '../../../hooks/use-police';
import { HeldNotice, RELEASE_DIALOG } from '../components/HeldNotice';
import { dayLabel, timeOf, whenLabel } from '../format';
import './index.scss';
import { ROUTES } from '../../../routes';
import { go } from '../../../client/navigate';


const MODE_TILES = [
  { mode: 'walkIn', hint: '开门时间直接来，手机上取号', route: ROUTES.police.queue },
  { mode: 'appointment', hint: '选个时间，到了不用等', route: ROUTES.police.slots },
  { mode: 'homeVisit', hint: '老人、残疾人、搬迁户优先', route: ROUTES.police.visit },
  { mode: 'groupSession', hint: '防诈骗讲座等活动报名', route: ROUTES.police.sessions },
] as const;

export default function PoliceHome() {
  const { user, known } = usePoliceViewer();
  // Town cadres and the county admin without a home of their own go to the homes of their jurisdiction.
  const noHomeOfMine = picksHome(user) && !user?.residence;
  const { data: home, error, reload } = usePolice('home', noHomeOfMine || !known ? null : {});
  const [releasing, setReleasing] = useState(false);

  const release = async () => {
    if (!home) return;
    try {
      await policeCall('release', { kind: 'home', id: home.id });
    } catch (e) {
      void reload();
      throw new Error(policeErrorText(e));
    }
    setReleasing(false);
    void Taro.showToast({ title: '已放行', icon: 'none' });
    void reload();
  };

  if (noHomeOfMine) {
    return (
      <PageShell>
        <View className='qy-title'>警民之家</View>
        <View className='qy-muted'>您负责的辖区里每个村（社区）都有警民之家，可以逐个查看今天的预约、排队、上门申请和本月统计。</View>
        <View className='qy-actions'>
          <Button className='qy-btn' onClick={go(ROUTES.police.workbench.url())}>查看辖区的警民之家</Button>
        </View>
      </PageShell>
    );
  }

  if (!home) {
    return (
      <PageShell>
        {error ? <View className='qy-notice'>{error}</View> : <View className='qy-muted'>正在加载…</View>}
        {error && <Button className='qy-btn qy-btn--plain' onClick={() => void reload()}>重新加载</Button>}
      </PageShell>
    );
  }

  const { status } = home;
  return (
    <PageShell>
      <View className='qy-title'>{home.name}</View>
      <View className={`police__status ${status.open ? 'police__status--open' : 'police__status--closed'}`}>
        {status.open
          ? `正在开门${status.closesAt ? `，${timeOf(status.closesAt)} 休息` : ''}`
          : `现在没开门${status.opensAt ? `，${whenLabel(status.opensAt)} 开门` : ''}`}
      </View>
      {status.todayNote && <View className='qy-notice'>今天：{status.todayNote}</View>}
      <View className='qy-muted'>地址：{home.address}</View>

      <View className='police__tiles'>
        {MODE_TILES.map((t) => (
          <Tile key={t.mode} label={MODE_LABELS[t.mode]} hint={t.hint} onTap={go(t.route.url())} />
        ))}
      </View>

      <View className='qy-actions'>
        <Button className='qy-btn' onClick={go(ROUTES.police.mine.url())}>我的预约和申请</Button>
        <Button className='qy-btn qy-btn--ghost' onClick={() => void Taro.makePhoneCall({ phoneNumber: home.dutyPhone }).catch(() => undefined)}>
          打电话给警民之家 {home.dutyPhone}
        </Button>
        {home.canOversee && (
          <Button className='qy-btn qy-btn--plain' onClick={go(ROUTES.police.workbench.url())}>民警工作台</Button>
        )}
      </View>

      <View className='qy-section-title'>驻村民警</View>
      {home.officers.map((o) => (
        <View key={o.name} className='qy-card'>
          <Text>{o.title} {o.name}</Text>
          {o.phoneMasked && <View className='qy-muted'>手机 {o.phoneMasked}（请打上面的值班电话）</View>}
        </View>
      ))}

      {home.upcomingExceptions.length > 0 && (
        <>
          <View className='qy-section-title'>近期调整</View>
          {home.upcomingExceptions.map((e) => (
            <View key={e.date} className='qy-muted'>
              {dayLabel(e.date)}：{e.closed ? '不开门' : '开门时间有调整'}（{e.reason}）
            </View>
          ))}
        </>
      )}
      <HeldNotice held={home.held} onRelease={home.canRelease ? () => setReleasing(true) : undefined} />

      <View className='qy-section-title'>能办的事</View>
      {home.services.map((s) => (
        <View key={s.id} className='qy-card'>
          <Text className='qy-label'>{s.name}（{MODE_LABELS[s.mode]}）</Text>
          <View className='qy-muted'>{s.description}</View>
        </View>
      ))}
      <ConfirmDialog spec={releasing ? RELEASE_DIALOG : null} onConfirm={release} onClose={() => setReleasing(false)} />
    </PageShell>
  );
}
