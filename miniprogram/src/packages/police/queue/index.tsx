import { useEffect, useState } from 'react';
import { View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { policeCall, policeErrorText, usePolice } from '../../../hooks/use-police';
import './index.scss';

const REFRESH_MS = 15_000;

export default function WalkInQueue() {
  const { data, error, reload, setData } = usePolice('queue', {});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // The number being served moves while the person waits in the hall.
  useEffect(() => {
    const timer = setInterval(() => void reload(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  const take = async () => {
    setBusy(true);
    setMessage(null);
    try {
      setData(await policeCall('takeNumber', {}));
    } catch (e) {
      setMessage(policeErrorText(e));
    } finally {
      setBusy(false);
    }
  };

  const mine = data?.mine ?? null;
  return (
    <PageShell>
      <View className='qy-title'>开门服务取号</View>
      {error && <View className='qy-notice'>{error}</View>}
      {message && <View className='qy-notice'>{message}</View>}
      {data && (
        <View className='qy-card'>
          <View className={`police__status ${data.open ? 'police__status--open' : 'police__status--closed'}`}>{data.open ? '正在开门' : '现在没开门'}</View>
          <View>正在办理：{data.nowServing ? `${data.nowServing} 号` : '还没开始叫号'}</View>
          <View>排队等候：{data.waiting} 人</View>
        </View>
      )}
      {mine ? (
        <View className='qy-card'>
          <View className='qy-muted'>您的号</View>
          <View className='police__big-number'>{mine.number} 号</View>
          <View className='police__status'>{mine.status === 'called' ? '轮到您了，请到窗口' : mine.ahead === 0 ? '下一个就是您' : `前面还有 ${mine.ahead} 人`}</View>
        </View>
      ) : (
        <View className='qy-actions'>
          <Button className='qy-btn' disabled={busy || !data?.open} onClick={() => void take()}>
            {data?.open ? '取一个号' : '开门后才能取号'}
          </Button>
        </View>
      )}
      <View className='qy-actions'>
        <Button className='qy-btn qy-btn--plain' onClick={() => void reload()}>刷新</Button>
      </View>
    </PageShell>
  );
}
