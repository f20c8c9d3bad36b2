import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { useRouteParams } from '../../../client/navigate';
import { ROUTES } from '../../../routes';
import { useVolunteers, volunteersCall, volunteersErrorText } from '../../../hooks/use-volunteers';
import { availabilityText, skillsText } from '../format';
import './index.scss';

/** 志愿者确认: the community's cadre confirms who asked to join. */
export default function Manage() {
  const { unitId } = useRouteParams(ROUTES.volunteers.manage);
  const { data, error, reload } = useVolunteers('volunteers', unitId ? { unitId, status: 'pending' } : null, '没有指定村（社区）');
  const [message, setMessage] = useState<string | null>(null);
  const decide = async (volunteerId: string, decision: 'confirm' | 'decline') => {
    setMessage(null);
    try {
      await volunteersCall('decideVolunteer', { volunteerId, decision });
      await reload();
    } catch (e) {
      setMessage(volunteersErrorText(e));
    }
  };
  return (
    <PageShell>
      <View className='qy-title'>志愿者确认</View>
      {error && <View className='qy-notice'>{error}</View>}
      {message && <View className='qy-error'>{message}</View>}
      {data && data.items.length === 0 && <View className='qy-muted'>没有等待确认的志愿者。</View>}
      {data?.items.map((v) => (
        <View key={v.id} className='qy-card'>
          <Text className='qy-label'>{v.name}</Text>
          {v.phoneMasked && <View className='qy-muted'>电话 {v.phoneMasked}</View>}
          {v.skills.length > 0 && <View>会做：{skillsText(v.skills)}</View>}
          <View>有空：{availabilityText(v.availability)}</View>
          <View className='qy-row'>
            <Button className='qy-btn' onClick={() => void decide(v.id, 'confirm')}>确认</Button>
            <Button className='qy-btn qy-btn--plain' onClick={() => void decide(v.id, 'decline')}>不通过</Button>
          </View>
        </View>
      ))}
    </PageShell>
  );
}
