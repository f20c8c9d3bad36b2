import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { go } from '../../../client/navigate';
import { ROUTES } from '../../../routes';
import { useVolunteers, volunteersCall, volunteersErrorText } from '../../../hooks/use-volunteers';
import { spanText } from '../format';
import './index.scss';

const canScan = process.env.TARO_ENV === 'weapp';

/** 扫码签到签退: the camera on WeChat; elsewhere the six digits on the activity's page. */
export default function Scan() {
  const home = useVolunteers('home', {});
  const [message, setMessage] = useState<string | null>(null);

  const scan = async () => {
    setMessage(null);
    try {
      const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      const out = await volunteersCall('scan', { token: res.result });
      setMessage(`「${out.activity.title}」${out.mode === 'in' ? '签到' : '签退'}成功`);
      void home.reload();
    } catch (e) {
      setMessage(volunteersErrorText(e));
    }
  };

  const today = home.data?.upcoming.filter((a) => a.mine?.status === 'confirmed') ?? [];
  return (
    <PageShell>
      <View className='qy-title'>扫码签到签退</View>
      {message && <View className='qy-notice'>{message}</View>}
      {canScan ? (
        <Button className='qy-btn' onClick={() => void scan()}>扫组织者手机上的二维码</Button>
      ) : (
        <View className='qy-muted'>这台手机不能扫码：请打开您报名的活动，输入组织者屏幕上的六位数字。</View>
      )}
      {today.map((a) => (
        <View key={a.id} className='qy-card' onClick={go(ROUTES.volunteers.activity.url({ id: a.id }))}>
          <Text className='qy-label'>{a.title}</Text>
          <View>{spanText(a)}</View>
        </View>
      ))}
    </PageShell>
  );
}
