import { useState } from 'react';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { useRouteParams } from '../../../client/navigate';
import { ROUTES } from '../../../routes';
import { useVolunteers, volunteersCall, volunteersErrorText } from '../../../hooks/use-volunteers';
import { skillsText } from '../format';
import './index.scss';

/** 服务清单: the community's standing services; its cadres add and retire them. */
export default function Services() {
  const params = useRouteParams(ROUTES.volunteers.services);
  const { data, error, reload } = useVolunteers('services', params.unitId ? { unitId: params.unitId } : {});
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  const run = async (work: () => Promise<unknown>) => {
    setMessage(null);
    try {
      await work();
      await reload();
    } catch (e) {
      setMessage(volunteersErrorText(e));
    }
  };

  return (
    <PageShell>
      <View className='qy-title'>{data ? `${data.unit.name}服务清单` : '服务清单'}</View>
      {error && <View className='qy-notice'>{error}</View>}
      {message && <View className='qy-error'>{message}</View>}
      {data?.items.map((s) => (
        <View key={s.id} className='qy-card'>
          <Text className='qy-label'>{s.name}{s.active ? '' : '（已停用）'}</Text>
          <View>{s.description}</View>
          {s.skills.length > 0 && <View className='qy-muted'>需要：{skillsText(s.skills)}</View>}
          {s.held && <View className='qy-notice'>内容正在复核，暂不对居民显示</View>}
          {data.canManage && s.active && (
            <Button className='qy-btn qy-btn--plain' onClick={() => void run(() => volunteersCall('retireService', { serviceId: s.id }))}>停用</Button>
          )}
        </View>
      ))}
      {data?.canManage && (
        <View className='qy-card'>
          <Text className='qy-label'>新增一项服务</Text>
          <View className='qy-field'>
            <Text className='qy-label'>名称</Text>
            <Input className='qy-input' value={name} maxlength={20} placeholder='例如 义务理发' onInput={(e) => setName(e.detail.value)} />
          </View>
          <View className='qy-field'>
            <Text className='qy-label'>说明</Text>
            <Textarea className='qy-textarea' value={description} maxlength={200} onInput={(e) => setDescription(e.detail.value)} />
          </View>
          <Button className='qy-btn' disabled={name.trim().length < 2 || description.trim().length < 2} onClick={() => void run(async () => {
            await volunteersCall('addService', { unitId: data.unit.id, name, description });
            setName('');
            setDescription('');
          })}>加入清单</Button>
        </View>
      )}
    </PageShell>
  );
}
