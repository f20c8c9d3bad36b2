import { useState } from 'react';
import { Input, Picker, Text, View } from '@tarojs/components';
import { addDays, chinaDate } from '@shared/domain/china-time';
import { dayForPeople } from '@shared/domain/for-people';
import { VOLUNTEER_SIGNUP_LABELS } from '@shared/domain/volunteer-records';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { go, useRouteParams } from '../../../client/navigate';
import { ROUTES } from '../../../routes';
import { useVolunteers, volunteersCall, volunteersErrorText } from '../../../hooks/use-volunteers';
import { skillsText, spanText } from '../format';
import './index.scss';

const DURATIONS = [60, 90, 120, 180, 240];
const DURATION_LABELS = DURATIONS.map((m) => `${m / 60} 小时`);

/** The community's dated activities; its cadres publish new ones here. */
export default function Activities() {
  const params = useRouteParams(ROUTES.volunteers.activities);
  const { data, error, reload } = useVolunteers('activities', params.unitId ? { unitId: params.unitId } : {});
  const services = useVolunteers('services', data?.canManage ? (params.unitId ? { unitId: params.unitId } : {}) : null);
  const [title, setTitle] = useState('');
  const [place, setPlace] = useState('');
  const [date, setDate] = useState(addDays(chinaDate(new Date()), 3));
  const [start, setStart] = useState('09:00');
  const [duration, setDuration] = useState(1);
  const [capacity, setCapacity] = useState(10);
  const [serviceIndex, setServiceIndex] = useState(0);
  const [message, setMessage] = useState<string | null>(null);

  const list = services.data?.items.filter((s) => s.active) ?? [];
  const create = async () => {
    setMessage(null);
    try {
      const service = list[serviceIndex - 1] ?? null;
      await volunteersCall('createActivity', { unitId: services.data!.unit.id, serviceId: service?.id ?? null, title, place, date, start, durationMinutes: DURATIONS[duration]!, capacity });
      setTitle('');
      await reload();
    } catch (e) {
      setMessage(volunteersErrorText(e));
    }
  };

  return (
    <PageShell>
      <View className='qy-title'>志愿活动</View>
      {error && <View className='qy-notice'>{error}</View>}
      {data && data.items.length === 0 && <View className='qy-muted'>最近没有志愿活动，有了会在这里看到。</View>}
      {data?.items.map((a) => (
        <View key={a.id} className='qy-card' onClick={go(ROUTES.volunteers.activity.url({ id: a.id }))}>
          <Text className='qy-label'>{a.title}</Text>
          <View>{spanText(a)}</View>
          <View>地点：{a.place}</View>
          {a.skills.length > 0 && <View className='qy-muted'>需要：{skillsText(a.skills)}</View>}
          <View className='qy-muted'>已报名 {a.confirmed}/{a.capacity} 人{a.waiting ? `，候补 ${a.waiting} 人` : ''}</View>
          {a.mine && a.mine.status !== 'cancelled' && <View className='qy-notice'>{VOLUNTEER_SIGNUP_LABELS[a.mine.status]}{a.mine.waitingPlace ? `，第 ${a.mine.waitingPlace} 位` : ''}</View>}
        </View>
      ))}
      {data?.canManage && services.data && (
        <View className='qy-card'>
          <Text className='qy-label'>发布志愿活动</Text>
          <Picker mode='selector' range={['不属于清单', ...list.map((s) => s.name)]} value={serviceIndex} onChange={(e) => setServiceIndex(Number(e.detail.value))}>
            <View className='qy-chip'>服务项目：{serviceIndex ? list[serviceIndex - 1]?.name : '不属于清单'}</View>
          </Picker>
          <View className='qy-field'>
            <Text className='qy-label'>活动名称</Text>
            <Input className='qy-input' value={title} maxlength={30} onInput={(e) => setTitle(e.detail.value)} />
          </View>
          <View className='qy-field'>
            <Text className='qy-label'>地点</Text>
            <Input className='qy-input' value={place} maxlength={40} onInput={(e) => setPlace(e.detail.value)} />
          </View>
          <View className='qy-chips'>
            <Picker mode='date' value={date} onChange={(e) => setDate(String(e.detail.value))}>
              <View className='qy-chip'>{dayForPeople(date)}</View>
            </Picker>
            <Picker mode='time' value={start} onChange={(e) => setStart(String(e.detail.value))}>
              <View className='qy-chip'>{start} 开始</View>
            </Picker>
            <Picker mode='selector' range={DURATION_LABELS} value={duration} onChange={(e) => setDuration(Number(e.detail.value))}>
              <View className='qy-chip'>{DURATION_LABELS[duration]}</View>
            </Picker>
          </View>
          <View className='qy-row'>
            <Button className='qy-btn qy-btn--plain' disabled={capacity <= 1} onClick={() => setCapacity(capacity - 1)}>−</Button>
            <View className='vol__figure'>{capacity} 人</View>
            <Button className='qy-btn qy-btn--plain' onClick={() => setCapacity(capacity + 1)}>＋</Button>
          </View>
          {message && <View className='qy-error'>{message}</View>}
          <Button className='qy-btn' disabled={title.trim().length < 2 || place.trim().length < 2} onClick={() => void create()}>发布</Button>
        </View>
      )}
    </PageShell>
  );
}
