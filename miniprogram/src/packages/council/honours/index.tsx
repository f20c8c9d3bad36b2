import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, View } from '@tarojs/components';
import { chinaYear } from '@shared/domain/china-time';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { councilsCall, councilsErrorText, useCouncils } from '../../../hooks/use-councils';
import { newRequestId } from '../../../client/request-id';
import { go } from '../../../client/navigate';
import { ROUTES } from '../../../routes';

/** 评选: the village's rounds (最美社区人 and others), who was honoured; the party organisation opens a round. */
export default function Honours() {
  const { data, loading, error } = useCouncils('honours', {});
  const [title, setTitle] = useState('最美社区人');
  const [seats, setSeats] = useState('3');
  const [requestId] = useState(newRequestId);
  const [problem, setProblem] = useState<string | null>(null);
  if (!data) return <PageShell><View className={error ? 'qy-notice' : 'qy-muted'}>{loading ? '正在加载…' : error}</View></PageShell>;
  const open = async () => {
    setProblem(null);
    try {
      const h = await councilsCall('openHonour', { villageId: data.villageId!, title: title.trim(), year: chinaYear(new Date()), seats: Number(seats) || 1, requestId });
      void Taro.navigateTo({ url: ROUTES.council.honour.url({ id: h.id }) });
    } catch (e) {
      setProblem(councilsErrorText(e));
    }
  };
  return (
    <PageShell>
      <View className='qy-title'>评选表彰</View>
      <View className='qy-muted'>大家提名、公示、各户投票，评出身边的好人好事。</View>
      {data.honours.length === 0 && <View className='qy-muted'>还没有评选。</View>}
      {data.honours.map((h) => (
        <View key={h.id} className='qy-card' role='button' onClick={go(ROUTES.council.honour.url({ id: h.id }))}>
          <View className='qy-label'>{`${h.year}年度${h.title}`}</View>
          <View>{`${h.statusLabel} · 评 ${h.seats} 名`}</View>
          {h.winners.length > 0 && <View>{`当选：${h.winners.join('、')}`}</View>}
        </View>
      ))}
      {data.mayOpen && (
        <View className='qy-card'>
          <View className='qy-label'>发起评选</View>
          <Input className='qy-input' value={title} maxlength={20} onInput={(e) => setTitle(e.detail.value)} />
          <Input className='qy-input' type='number' value={seats} maxlength={2} onInput={(e) => setSeats(e.detail.value)} />
          {problem && <View className='qy-notice'>{problem}</View>}
          <Button className='qy-btn' onClick={() => void open()}>发起评选，开始提名</Button>
        </View>
      )}
    </PageShell>
  );
}
