import { useEffect, useMemo, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { SlotView } from '@shared/contracts/police';
import { ConfirmDialog, type ConfirmSpec } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { policeCall, policeErrorText, usePolice } from '../../../hooks/use-police';
import { ApiError } from '../../../client/cloud';
import { newRequestId } from '../../../client/request-id';
import { useSubscribeAt } from '../../../hooks/use-subscribe';
import { dayLabel, timeOf, whenLabel } from '../format';
import './index.scss';
import { ROUTES } from '../../../routes';
import { useRouteParams } from '../../../client/navigate';

/** Pick a service, a day and a time: three taps. With `reschedule=<bookingId>` it moves that booking. */
export default function SlotPicker() {
  const params = useRouteParams(ROUTES.police.slots);
  const moving = params.reschedule ?? null;
  const { data: home } = usePolice('home', {});
  const services = useMemo(() => home?.services.filter((s) => s.mode === 'appointment') ?? [], [home]);
  const [serviceId, setServiceId] = useState<string | null>(params.serviceId ?? null);
  useEffect(() => {
    if (!serviceId && services.length === 1) setServiceId(services[0]!.id);
  }, [serviceId, services]);

  const { data, loading, error, reload } = usePolice('slots', serviceId ? { serviceId, days: 14 } : null);
  const days = useMemo(() => [...new Set((data?.slots ?? []).map((s) => s.date))], [data]);
  const [day, setDay] = useState<string | null>(null);
  const shownDay = day && days.includes(day) ? day : days[0] ?? null;
  const [picked, setPicked] = useState<SlotView | null>(null);
  // One id per confirmation: pressing again after a network failure does not book twice.
  const requestId = useRef(newRequestId());
  const askSubscribe = useSubscribeAt('booking.create');

  const spec: ConfirmSpec | null = picked
    ? {
        title: moving ? '改到这个时间？' : '预约这个时间？',
        message: `${data?.service.name ?? ''}\n${whenLabel(picked.startAt)}\n请带好身份证或户口簿，按时到警民之家。`,
        confirmText: moving ? '确定改约' : '确定预约',
      }
    : null;

  const confirm = async () => {
    if (!picked) return;
    // Straight from the tap, before any wait: WeChat only asks for permission from a tap.
    askSubscribe();
    try {
      if (moving) await policeCall('reschedule', { bookingId: moving, slotId: picked.id, requestId: requestId.current });
      else await policeCall('book', { slotId: picked.id, requestId: requestId.current });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONFLICT') void reload();
      throw new Error(policeErrorText(e));
    }
    requestId.current = newRequestId();
    setPicked(null);
    void Taro.showToast({ title: moving ? '已改好时间' : '预约成功', icon: 'none' });
    void Taro.redirectTo({ url: ROUTES.police.mine.url() });
  };

  return (
    <PageShell>
      <View className='qy-title'>{moving ? '改个时间' : '预约服务'}</View>

      {!params.serviceId && services.length > 1 && (
        <>
          <View className='qy-section-title'>办什么事</View>
          <View className='qy-chips'>
            {services.map((s) => (
              <View key={s.id} className={`qy-chip ${s.id === serviceId ? 'qy-chip--on' : ''}`} onClick={() => setServiceId(s.id)}>
                {s.name}
              </View>
            ))}
          </View>
        </>
      )}
      {data && <View className='qy-muted'>{data.service.description}</View>}

      {serviceId && loading && !data && <View className='qy-muted'>正在加载…</View>}
      {error && <View className='qy-notice'>{error}</View>}

      {data && days.length === 0 && <View className='qy-notice'>最近两周没有可以预约的时间，请打电话问问警民之家。</View>}
      {days.length > 0 && (
        <>
          <View className='qy-section-title'>哪一天</View>
          <View className='qy-chips'>
            {days.map((d) => (
              <View key={d} className={`qy-chip ${d === shownDay ? 'qy-chip--on' : ''}`} onClick={() => setDay(d)}>
                {dayLabel(d)}
              </View>
            ))}
          </View>
          <View className='qy-section-title'>几点</View>
          <View className='police__slots'>
            {(data?.slots ?? [])
              .filter((s) => s.date === shownDay)
              .map((s) => {
                const state = s.mine ? '您已约' : s.bookable ? `还剩 ${s.remaining} 个` : s.remaining === 0 ? '已约满' : '不能约';
                return (
                  <View
                    key={s.id}
                    role='button'
                    aria-label={`${timeOf(s.startAt)} ${state}`}
                    className={`police__slot ${s.mine ? 'police__slot--mine' : ''} ${!s.bookable || s.mine ? 'police__slot--off' : ''}`}
                    onClick={() => s.bookable && !s.mine && setPicked(s)}
                  >
                    <Text className='police__slot-time'>{timeOf(s.startAt)}</Text>
                    <Text className='qy-muted'>{state}</Text>
                  </View>
                );
              })}
          </View>
        </>
      )}
      <ConfirmDialog spec={spec} onConfirm={confirm} onClose={() => setPicked(null)} />
    </PageShell>
  );
}
