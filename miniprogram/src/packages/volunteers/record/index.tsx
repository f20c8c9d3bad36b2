import { Text, View } from '@tarojs/components';
import { dayForPeople } from '@shared/domain/for-people';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { go } from '../../../client/navigate';
import { ROUTES } from '../../../routes';
import { useVolunteers } from '../../../hooks/use-volunteers';
import { hoursText } from '../format';
import './index.scss';

/** My record: every confirmed hour and correction, and the code that lets anyone check it. */
export default function Record() {
  const { data, error } = useVolunteers('record', {});
  return (
    <PageShell>
      <View className='qy-title'>我的志愿服务记录</View>
      {error && <View className='qy-notice'>{error}</View>}
      {data && (
        <>
          <View className='qy-card'>
            <Text className='qy-label'>{data.name}（{data.unitName}）</Text>
            <View>参加活动 {data.activities} 次，累计</View>
            <View className='vol__figure'>{hoursText(data.totalMinutes)}</View>
            <View className='qy-muted'>证明核验码（别人凭它可以核对您的时长）</View>
            <View className='vol__code'>{data.certCode}</View>
            <Button className='qy-btn qy-btn--plain' onClick={go(ROUTES.volunteers.certificate.url({ code: data.certCode }))}>查看志愿服务证明</Button>
          </View>
          {data.entries.map((e) => (
            <View key={e.id} className='qy-card'>
              <Text className='qy-label'>{e.title}</Text>
              <View>{dayForPeople(e.date)} · {e.kind === 'correction' ? '更正' : '确认'} {e.minutes > 0 ? '+' : ''}{hoursText(e.minutes)}</View>
              {e.reason && <View className='qy-muted'>原因：{e.reason}</View>}
              <View className='qy-muted'>{e.byName}</View>
            </View>
          ))}
        </>
      )}
    </PageShell>
  );
}
