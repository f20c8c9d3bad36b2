import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { dayForPeople, whenForPeople } from '@shared/domain/for-people';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { useRouteParams } from '../../../client/navigate';
import { ROUTES } from '../../../routes';
import { useVolunteers } from '../../../hooks/use-volunteers';
import { hoursText } from '../format';
import './index.scss';

/** 志愿服务证明: anyone with the code reads the record as it stands now (not a copy). */
export default function Certificate() {
  const params = useRouteParams(ROUTES.volunteers.certificate);
  const [typed, setTyped] = useState('');
  const [code, setCode] = useState(params.code ?? '');
  const { data, error } = useVolunteers('certificate', code ? { code } : null);
  return (
    <PageShell>
      <View className='qy-title'>志愿服务证明</View>
      <View className='qy-field'>
        <Text className='qy-label'>核验码</Text>
        <Input className='qy-input' value={typed} maxlength={16} placeholder='输入证明上的核验码' onInput={(e) => setTyped(e.detail.value)} />
        <Button className='qy-btn qy-btn--plain' disabled={typed.trim().length < 8} onClick={() => setCode(typed.trim())}>核验</Button>
      </View>
      {code && error && <View className='qy-notice'>{error}</View>}
      {data && (
        <View className='qy-card'>
          <Text className='qy-label'>{data.name}</Text>
          <View>{data.unitName}志愿者，{dayForPeople(data.since)}加入</View>
          <View>参加志愿活动 {data.activities} 次，累计服务</View>
          <View className='vol__figure'>{hoursText(data.totalMinutes)}</View>
          {data.entries.map((e) => (
            <View key={e.id} className='qy-muted'>{dayForPeople(e.date)} {e.title} {e.kind === 'correction' ? '更正 ' : ''}{hoursText(e.minutes)}</View>
          ))}
          <View className='qy-muted'>以上为{whenForPeople(data.checkedAt)}核验时的记录</View>
        </View>
      )}
    </PageShell>
  );
}
