import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import type { SessionView } from '@shared/contracts/police';
import { SIGNUP_STATUS_LABELS } from '@shared/domain/police-catalog';
import { PageShell } from '../../../components/PageShell';
import { policeCall, policeErrorText, usePolice } from '../../../hooks/use-police';
import { timeOf, whenLabel } from '../format';
import './index.scss';

export default function GroupSessions() {
  const { data, error, reload } = usePolice('sessions', {});
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const act = async (s: SessionView, join: boolean) => {
    setBusy(s.id);
    setMessage(null);
    try {
      const out = join ? await policeCall('signUp', { sessionId: s.id }) : await policeCall('cancelSignup', { sessionId: s.id });
      const text =
        out.status === 'confirmed' ? '报上名了，请按时参加' : out.status === 'waitlisted' ? `名额满了，您在候补第 ${out.position ?? ''} 位` : '已取消报名';
      void Taro.showToast({ title: text, icon: 'none' });
    } catch (e) {
      setMessage(policeErrorText(e));
    } finally {
      setBusy(null);
      void reload();
    }
  };

  return (
    <PageShell>
      <View className='qy-title'>集中服务活动</View>
      {error && <View className='qy-notice'>{error}</View>}
      {message && <View className='qy-notice'>{message}</View>}
      {data && data.items.length === 0 && <View className='qy-muted'>最近没有活动，有了会在这里通知大家。</View>}
      {data?.items.map((s) => {
        const mine = s.mine && ['confirmed', 'waitlisted', 'pending'].includes(s.mine.status) ? s.mine : null;
        return (
          <View key={s.id} className='qy-card'>
            <Text className='qy-label'>{s.title}</Text>
            <View>{whenLabel(s.startAt)}–{timeOf(s.endAt)}</View>
            <View>地点：{s.place}</View>
            {s.description && <View className='qy-muted'>{s.description}</View>}
            <View className='qy-muted'>
              已报名 {s.confirmed}/{s.capacity} 人{s.waiting ? `，候补 ${s.waiting} 人` : ''}
            </View>
            {mine && (
              <View className='police__status police__status--open'>
                {SIGNUP_STATUS_LABELS[mine.status]}
                {mine.position ? `，第 ${mine.position} 位` : ''}
              </View>
            )}
            {mine ? (
              <Button className='qy-btn qy-btn--plain' disabled={busy === s.id} onClick={() => void act(s, false)}>不参加了</Button>
            ) : (
              <Button className='qy-btn' disabled={busy === s.id} onClick={() => void act(s, true)}>
                {s.confirmed < s.capacity ? '我要参加' : '名额满了，我要候补'}
              </Button>
            )}
          </View>
        );
      })}
    </PageShell>
  );
}
