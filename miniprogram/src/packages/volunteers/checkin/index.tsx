import { useEffect, useState } from 'react';
import { View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { QrCode } from '../../../components/QrCode';
import { useRouteParams } from '../../../client/navigate';
import { ROUTES } from '../../../routes';
import { useVolunteers } from '../../../hooks/use-volunteers';
import './index.scss';

/** The organiser's phone: a large rotating code, renewed every 10 seconds, and the live count. */
export default function CheckIn() {
  const { id } = useRouteParams(ROUTES.volunteers.checkin);
  const [mode, setMode] = useState<'in' | 'out'>('in');
  const { data, error, reload } = useVolunteers('checkInCode', id ? { activityId: id, mode } : null, '没有指定活动');
  useEffect(() => {
    const timer = setInterval(() => void reload(), 10_000);
    return () => clearInterval(timer);
  }, [reload]);

  return (
    <PageShell>
      <View className='qy-title vol__centre'>{mode === 'in' ? '请扫码签到' : '请扫码签退'}</View>
      {error && <View className='qy-notice'>{error}</View>}
      {data && (
        <>
          <QrCode text={data.token} />
          <View className='qy-muted vol__centre'>不能扫码的手机，在活动页面输入</View>
          <View className='vol__code'>{data.shortCode}</View>
          <View className='qy-card vol__centre'>
            <View className='vol__figure'>已签到 {data.checkedIn} / {data.confirmed} 人</View>
            <View>已签退 {data.checkedOut} 人</View>
            <View className='qy-muted'>二维码每半分钟更换，截图无效</View>
          </View>
        </>
      )}
      <View className='qy-actions'>
        <Button className='qy-btn qy-btn--plain' onClick={() => setMode(mode === 'in' ? 'out' : 'in')}>{mode === 'in' ? '切换到签退' : '切换到签到'}</Button>
      </View>
    </PageShell>
  );
}
