import { useState } from 'react';
import { Input, Picker, Text, View } from '@tarojs/components';
import { chinaMonth } from '@shared/domain/china-time';
import { monthForPeople } from '@shared/domain/for-people';
import { VENUE_KINDS, VENUE_KIND_LABELS } from '@shared/domain/volunteer-records';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { go } from '../../../client/navigate';
import { ROUTES } from '../../../routes';
import { useVolunteers, volunteersCall, volunteersErrorText } from '../../../hooks/use-volunteers';
import './index.scss';

const HOURS = Array.from({ length: 17 }, (_, i) => i + 6);

/** 共享场地: the rooms and courts near the person; their owners list new ones and read this month's use. */
export default function Venues() {
  const { data, error, reload } = useVolunteers('venues', {});
  const month = chinaMonth(new Date());
  const manages = Boolean(data?.items.some((v) => v.manages) || data?.canList.length);
  const use = useVolunteers('venueUtilisation', manages ? { month } : null);
  const [owner, setOwner] = useState(0);
  const [kind, setKind] = useState(0);
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [open, setOpen] = useState(2);
  const [close, setClose] = useState(14);
  const [approval, setApproval] = useState<'owner' | 'automatic'>('owner');
  const [message, setMessage] = useState<string | null>(null);

  const add = async () => {
    setMessage(null);
    const o = data!.canList[owner]!;
    try {
      await volunteersCall('addVenue', { ownerKind: o.kind, ownerId: o.id, kind: VENUE_KINDS[kind]!, name, address, capacity: 30, weekdays: [1, 2, 3, 4, 5, 6, 7], openHour: HOURS[open]!, closeHour: HOURS[close]!, approval });
      setName('');
      await reload();
    } catch (e) {
      setMessage(volunteersErrorText(e));
    }
  };

  const rate = new Map(use.data?.items.map((u) => [u.venueId, u]) ?? []);
  return (
    <PageShell>
      <View className='qy-title'>共享场地</View>
      {error && <View className='qy-notice'>{error}</View>}
      {data && data.items.length === 0 && <View className='qy-muted'>附近还没有开放的场地。</View>}
      {data?.items.map((v) => (
        <View key={v.id} className='qy-card' onClick={go(ROUTES.volunteers.venue.url({ id: v.id }))}>
          <Text className='qy-label'>{v.name}{v.active ? '' : '（已停止开放）'}</Text>
          <View>{VENUE_KIND_LABELS[v.kind]} · {v.ownerName} · 可容纳 {v.capacity} 人</View>
          <View className='qy-muted'>{v.address}，每天 {v.openHour}:00–{v.closeHour}:00，{v.approval === 'owner' ? '预约需审批' : '预约即成功'}</View>
          {rate.get(v.id) && <View className='qy-notice'>{monthForPeople(month)}已约 {rate.get(v.id)!.bookedHours} 小时，使用率 {rate.get(v.id)!.percent}%</View>}
        </View>
      ))}
      {data && data.canList.length > 0 && (
        <View className='qy-card'>
          <Text className='qy-label'>开放一处场地</Text>
          <View className='qy-chips'>
            <Picker mode='selector' range={data.canList.map((o) => o.name)} value={owner} onChange={(e) => setOwner(Number(e.detail.value))}>
              <View className='qy-chip'>{data.canList[owner]?.name}</View>
            </Picker>
            <Picker mode='selector' range={VENUE_KINDS.map((k) => VENUE_KIND_LABELS[k])} value={kind} onChange={(e) => setKind(Number(e.detail.value))}>
              <View className='qy-chip'>{VENUE_KIND_LABELS[VENUE_KINDS[kind]!]}</View>
            </Picker>
          </View>
          <View className='qy-field'>
            <Text className='qy-label'>名称</Text>
            <Input className='qy-input' value={name} maxlength={30} onInput={(e) => setName(e.detail.value)} />
          </View>
          <View className='qy-field'>
            <Text className='qy-label'>位置</Text>
            <Input className='qy-input' value={address} maxlength={60} onInput={(e) => setAddress(e.detail.value)} />
          </View>
          <View className='qy-chips'>
            <Picker mode='selector' range={HOURS.map((h) => `${h}:00 开门`)} value={open} onChange={(e) => setOpen(Number(e.detail.value))}>
              <View className='qy-chip'>{HOURS[open]}:00 开门</View>
            </Picker>
            <Picker mode='selector' range={HOURS.map((h) => `${h}:00 关门`)} value={close} onChange={(e) => setClose(Number(e.detail.value))}>
              <View className='qy-chip'>{HOURS[close]}:00 关门</View>
            </Picker>
            <View className={`qy-chip ${approval === 'owner' ? 'qy-chip--on' : ''}`} onClick={() => setApproval(approval === 'owner' ? 'automatic' : 'owner')}>{approval === 'owner' ? '预约需审批' : '预约即成功'}</View>
          </View>
          {message && <View className='qy-error'>{message}</View>}
          <Button className='qy-btn' disabled={name.trim().length < 2 || address.trim().length < 2} onClick={() => void add()}>开放</Button>
        </View>
      )}
    </PageShell>
  );
}
