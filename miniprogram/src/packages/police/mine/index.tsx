import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import type { BookingView, SignupView, VisitView } from '@shared/contracts/police';
import { BOOKING_STATUS_LABELS, SIGNUP_STATUS_LABELS, VISIT_STATUS_LABELS } from '@shared/domain/police-catalog';
import { ConfirmDialog, type ConfirmSpec } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { policeCall, policeErrorText, usePolice } from '../../../hooks/use-police';
import { HeldNotice } from '../components/HeldNotice';
import { halfDayLabel, whenLabel } from '../format';
import './index.scss';
import { ROUTES } from '../../../routes';

type Pending =
  | { kind: 'cancel'; booking: BookingView }
  | { kind: 'leave'; signup: SignupView }
  | { kind: 'withdraw'; visit: VisitView };

const SPECS: Record<Pending['kind'], (p: Pending) => ConfirmSpec> = {
  cancel: (p) => ({
    title: '取消这个预约？',
    message: p.kind === 'cancel' ? `${p.booking.serviceName}\n${whenLabel(p.booking.startAt)}` : '',
    confirmText: '确定取消',
    input: { label: '原因（可以不写）', placeholder: '比如：家里有事', required: false, maxLength: 200 },
  }),
  leave: (p) => ({ title: '不参加这个活动了？', message: p.kind === 'leave' ? p.signup.title : '', confirmText: '确定不参加' }),
  withdraw: () => ({ title: '撤回上门服务申请？', message: '撤回后民警就不上门了。', confirmText: '确定撤回' }),
};

export default function MyPoliceServices() {
  const { data, error, reload } = usePolice('mine', {});
  const [pending, setPending] = useState<Pending | null>(null);

  const confirm = async (text: string) => {
    if (!pending) return;
    try {
      if (pending.kind === 'cancel') await policeCall('cancel', text ? { bookingId: pending.booking.id, reason: text } : { bookingId: pending.booking.id });
      else if (pending.kind === 'leave') await policeCall('cancelSignup', { sessionId: pending.signup.sessionId });
      else await policeCall('withdrawVisit', { visitId: pending.visit.id });
    } catch (e) {
      void reload();
      throw new Error(policeErrorText(e));
    }
    setPending(null);
    void Taro.showToast({ title: '已办好', icon: 'none' });
    void reload();
  };

  const reschedule = (b: BookingView) => () =>
    void Taro.navigateTo({ url: ROUTES.police.slots.url({ serviceId: b.serviceId, reschedule: b.id }) });

  return (
    <PageShell>
      <View className='qy-title'>我的预约和申请</View>
      {error && <View className='qy-notice'>{error}</View>}
      {data?.needsConfirmation && (
        <View className='qy-notice'>您近90天内有3次预约没来，需要民警确认后才能在手机上预约。请到警民之家或打电话联系民警。</View>
      )}

      <View className='qy-section-title'>预约</View>
      {data && data.bookings.length === 0 && <View className='qy-muted'>还没有预约。</View>}
      {data?.bookings.map((b) => (
        <View key={b.id} className='qy-card'>
          <Text className='qy-label'>{b.serviceName}</Text>
          <View>{whenLabel(b.startAt)}</View>
          <View className='qy-muted'>{BOOKING_STATUS_LABELS[b.status]}</View>
          {b.note && <View className='qy-muted'>备注：{b.note}</View>}
          <HeldNotice held={b.held} />
          {b.canCancel && (
            <View className='police__buttons'>
              <Button className='qy-btn qy-btn--ghost' onClick={reschedule(b)}>改时间</Button>
              <Button className='qy-btn qy-btn--plain' onClick={() => setPending({ kind: 'cancel', booking: b })}>取消预约</Button>
            </View>
          )}
          {b.status === 'booked' && !b.canCancel && <View className='qy-muted'>快到时间了，不能来请打电话告诉民警。</View>}
        </View>
      ))}

      <View className='qy-section-title'>活动报名</View>
      {data && data.signups.length === 0 && <View className='qy-muted'>还没有报名活动。</View>}
      {data?.signups.map((s) => (
        <View key={s.id} className='qy-card'>
          <Text className='qy-label'>{s.title}</Text>
          <View>{whenLabel(s.startAt)}</View>
          <View className='qy-muted'>
            {SIGNUP_STATUS_LABELS[s.status]}
            {s.position ? `，排在第 ${s.position} 位，有人让出名额会自动补上并通知您` : ''}
          </View>
          {(s.status === 'confirmed' || s.status === 'waitlisted') && (
            <Button className='qy-btn qy-btn--plain' onClick={() => setPending({ kind: 'leave', signup: s })}>不参加了</Button>
          )}
        </View>
      ))}

      <View className='qy-section-title'>上门服务</View>
      {data && data.visits.length === 0 && <View className='qy-muted'>还没有申请上门服务。</View>}
      {data?.visits.map((v) => (
        <View key={v.id} className='qy-card'>
          <Text className='qy-label'>{v.reason}</Text>
          <View className='qy-muted'>
            {VISIT_STATUS_LABELS[v.status]}
            {v.subjectName !== v.requesterName ? `（${v.requesterName}为${v.subjectName}申请）` : ''}
          </View>
          {v.scheduled && <View>民警{v.officerName}将在 {halfDayLabel(v.scheduled)} 上门</View>}
          {v.declineReason && <View>未受理原因：{v.declineReason}</View>}
          {v.outcome && <View>上门结果：{v.outcome}</View>}
          <HeldNotice held={v.held} />
          {(v.status === 'requested' || v.status === 'scheduled') && (
            <Button className='qy-btn qy-btn--plain' onClick={() => setPending({ kind: 'withdraw', visit: v })}>撤回申请</Button>
          )}
        </View>
      ))}

      <ConfirmDialog spec={pending ? SPECS[pending.kind](pending) : null} onConfirm={confirm} onClose={() => setPending(null)} />
    </PageShell>
  );
}
