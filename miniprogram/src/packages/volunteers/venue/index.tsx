import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { dayForPeople } from '@shared/domain/for-people';
import { VENUE_BOOKING_LABELS, VENUE_KIND_LABELS } from '@shared/domain/volunteer-records';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { useRouteParams } from '../../../client/navigate';
import { ROUTES } from '../../../routes';
import { useVolunteers, volunteersCall, volunteersErrorText } from '../../../hooks/use-volunteers';
import './index.scss';

const newRequestId = () => `venue-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/** One venue: its days and hours (taken ones greyed), booking whole hours, my bookings, and the owner's approvals. */
export default function Venue() {
  const { id } = useRouteParams(ROUTES.volunteers.venue);
  const { data, error, reload } = useVolunteers('venue', id ? { venueId: id, days: 7 } : null, '没有指定场地');
  const [day, setDay] = useState(0);
  const [pick, setPick] = useState<number[]>([]);
  const [purpose, setPurpose] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [requestId, setRequestId] = useState(newRequestId);

  const run = async (work: () => Promise<unknown>, done: string) => {
    setMessage(null);
    try {
      await work();
      setMessage(done);
      await reload();
    } catch (e) {
      setMessage(volunteersErrorText(e));
    }
  };

  const v = data?.venue;
  const d = data?.days[day];
  const hours = v ? Array.from({ length: v.closeHour - v.openHour }, (_, i) => v.openHour + i) : [];
  const now = new Date();
  const sorted = [...pick].sort((a, b) => a - b);
  const consecutive = sorted.every((h, i) => i === 0 || h === sorted[i - 1]! + 1);
  const togglePick = (h: number) => setPick(pick.includes(h) ? pick.filter((x) => x !== h) : [...pick, h]);
  return (
    <PageShell>
      {error && <View className='qy-notice'>{error}</View>}
      {v && d && (
        <>
          <View className='qy-title'>{v.name}</View>
          <View className='qy-card'>
            <View>{VENUE_KIND_LABELS[v.kind]} · {v.ownerName} · 可容纳 {v.capacity} 人</View>
            <View>{v.address}</View>
            {v.rules && <View className='qy-muted'>使用须知：{v.rules}</View>}
            <View className='qy-muted'>{v.approval === 'owner' ? '预约后由管理方审批' : '预约即成功'}</View>
          </View>
          <View className='qy-chips'>
            {data.days.map((x, i) => (
              <View key={x.date} className={`qy-chip ${i === day ? 'qy-chip--on' : ''}`} onClick={() => { setDay(i); setPick([]); }}>{dayForPeople(x.date)}</View>
            ))}
          </View>
          {!d.open && <View className='qy-muted'>这一天不开放。</View>}
          {d.open && (
            <View className='vol__hours'>
              {hours.map((h) => {
                const taken = d.taken.includes(h) || new Date(`${d.date}T${String(h).padStart(2, '0')}:00:00+08:00`) <= now;
                return (
                  <View key={h} className={`vol__hour ${taken ? 'vol__hour--taken' : ''} ${pick.includes(h) ? 'vol__hour--on' : ''}`} onClick={() => !taken && togglePick(h)}>
                    {h}:00{d.taken.includes(h) ? ' 已约' : ''}
                  </View>
                );
              })}
            </View>
          )}
          {pick.length > 0 && (
            <View className='qy-card'>
              <View>{dayForPeople(d.date)} {sorted[0]}:00–{sorted[sorted.length - 1]! + 1}:00</View>
              {!consecutive && <View className='qy-error'>请选连在一起的时间</View>}
              <View className='qy-field'>
                <Text className='qy-label'>用途</Text>
                <Input className='qy-input' value={purpose} maxlength={100} placeholder='例如 业委会议事' onInput={(e) => setPurpose(e.detail.value)} />
              </View>
              <Button className='qy-btn' disabled={!consecutive || purpose.trim().length < 2} onClick={() => void run(async () => {
                const b = await volunteersCall('bookVenue', { venueId: v.id, date: d.date, startHour: sorted[0]!, hours: sorted.length, purpose, requestId });
                setPick([]);
                setPurpose('');
                setRequestId(newRequestId());
                return b;
              }, v.approval === 'owner' ? '已提交，等管理方审批' : '预约成功')}>预约</Button>
            </View>
          )}
          {message && <View className='qy-notice'>{message}</View>}
          {data.mine.length > 0 && <View className='qy-section-title'>我的预约</View>}
          {data.mine.map((b) => (
            <View key={b.id} className='qy-card'>
              <View>{dayForPeople(b.date)} {b.startHour}:00–{b.startHour + b.hours}:00 · {VENUE_BOOKING_LABELS[b.status]}</View>
              <View className='qy-muted'>{b.purpose}</View>
              {(b.status === 'pending' || b.status === 'confirmed') && <Button className='qy-btn qy-btn--plain' onClick={() => void run(() => volunteersCall('cancelVenueBooking', { bookingId: b.id }), '已取消，时间已空出')}>取消预约</Button>}
            </View>
          ))}
          {data.toApprove && data.toApprove.length > 0 && <View className='qy-section-title'>等待审批</View>}
          {data.toApprove?.map((b) => (
            <View key={b.id} className='qy-card'>
              <Text className='qy-label'>{b.userName}</Text>
              <View>{dayForPeople(b.date)} {b.startHour}:00–{b.startHour + b.hours}:00</View>
              <View className='qy-muted'>{b.purpose}</View>
              <View className='qy-row'>
                <Button className='qy-btn' onClick={() => void run(() => volunteersCall('decideVenueBooking', { bookingId: b.id, decision: 'confirm' }), '已同意')}>同意</Button>
                <Button className='qy-btn qy-btn--plain' onClick={() => void run(() => volunteersCall('decideVenueBooking', { bookingId: b.id, decision: 'decline' }), '已不同意，时间已空出')}>不同意</Button>
              </View>
            </View>
          ))}
        </>
      )}
    </PageShell>
  );
}
