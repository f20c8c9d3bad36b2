import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { chinaClock } from '@shared/domain/china-time';
import { VOLUNTEER_SIGNUP_LABELS } from '@shared/domain/volunteer-records';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { go, useRouteParams } from '../../../client/navigate';
import { ROUTES } from '../../../routes';
import { useVolunteers, volunteersCall, volunteersErrorText } from '../../../hooks/use-volunteers';
import { hoursText, skillsText, spanText } from '../format';
import './index.scss';

/** One activity: sign up or cancel; for its organiser the roster, attendance and the hours. */
export default function Activity() {
  const { id } = useRouteParams(ROUTES.volunteers.activity);
  const { data, error, reload } = useVolunteers('activity', id ? { activityId: id } : null, '没有指定活动');
  const [message, setMessage] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    setMessage(null);
    try {
      await work();
      if (done) setMessage(done);
      await reload();
    } catch (e) {
      setMessage(volunteersErrorText(e));
    } finally {
      setBusy(false);
    }
  };

  const a = data?.activity;
  const mine = a?.mine && a.mine.status !== 'cancelled' ? a.mine : null;
  const started = a ? Date.parse(a.startAt) <= Date.now() : false;
  const ended = a ? Date.parse(a.endAt) <= Date.now() : false;
  return (
    <PageShell>
      {error && <View className='qy-notice'>{error}</View>}
      {a && (
        <>
          <View className='qy-title'>{a.title}</View>
          <View className='qy-card'>
            <View>{spanText(a)}</View>
            <View>地点：{a.place}</View>
            {a.description && <View className='qy-muted'>{a.description}</View>}
            {a.skills.length > 0 && <View className='qy-muted'>需要：{skillsText(a.skills)}</View>}
            <View className='qy-muted'>组织者：{a.organiserName}</View>
            <View>已报名 {a.confirmed}/{a.capacity} 人{a.waiting ? `，候补 ${a.waiting} 人` : ''}</View>
            {mine && <View className='qy-notice'>{VOLUNTEER_SIGNUP_LABELS[mine.status]}{mine.waitingPlace ? `，候补第 ${mine.waitingPlace} 位` : ''}</View>}
            {mine?.checkInAt && <View>签到 {chinaClock(mine.checkInAt)}{mine.checkOutAt ? `，签退 ${chinaClock(mine.checkOutAt)}` : ''}</View>}
            {mine?.creditedMinutes != null && <View>记入时长：{hoursText(mine.creditedMinutes)}</View>}
            {message && <View className='qy-error'>{message}</View>}
            {!started && !mine && a.status === 'open' && (
              <Button className='qy-btn' disabled={busy} onClick={() => void run(() => volunteersCall('signUp', { activityId: a.id }))}>
                {a.confirmed < a.capacity && a.waiting === 0 ? '我要报名' : '名额满了，我要候补'}
              </Button>
            )}
            {!started && mine && (
              <Button className='qy-btn qy-btn--plain' disabled={busy} onClick={() => void run(() => volunteersCall('cancelSignup', { activityId: a.id }), '已取消报名')}>不参加了</Button>
            )}
            {mine?.status === 'confirmed' && !a.hoursConfirmed && (
              <View className='qy-field'>
                <Text className='qy-label'>手机不能扫码？输入组织者屏幕上的六位数字</Text>
                <Input className='qy-input' type='number' value={code} maxlength={6} onInput={(e) => setCode(e.detail.value)} />
                <Button className='qy-btn qy-btn--plain' disabled={busy || code.length !== 6} onClick={() => void run(async () => {
                  const out = await volunteersCall('scan', { token: code, activityId: a.id });
                  setCode('');
                  setMessage(out.mode === 'in' ? '签到成功' : '签退成功');
                })}>签到 / 签退</Button>
              </View>
            )}
          </View>
          {a.canRun && (
            <View className='qy-actions'>
              <Button className='qy-btn' onClick={go(ROUTES.volunteers.checkin.url({ id: a.id }))}>打开签到二维码</Button>
              {ended && !a.hoursConfirmed && (
                <Button className='qy-btn qy-btn--plain' disabled={busy} onClick={() => void run(async () => {
                  const out = await volunteersCall('confirmHours', { activityId: a.id });
                  setMessage(`已确认 ${out.confirmed} 人，共 ${hoursText(out.minutes)}`);
                })}>确认服务时长</Button>
              )}
            </View>
          )}
          {data?.roster && <View className='qy-section-title'>报名名单</View>}
          {data?.roster?.map((r) => (
            <View key={r.signupId} className='qy-card'>
              <Text className='qy-label'>{r.name}</Text>
              <View>{VOLUNTEER_SIGNUP_LABELS[r.status]}{r.waitingPlace ? `，第 ${r.waitingPlace} 位` : ''}</View>
              {r.checkInAt && <View>签到 {chinaClock(r.checkInAt)}{r.checkOutAt ? `，签退 ${chinaClock(r.checkOutAt)}` : '，未签退'}</View>}
              {r.creditedMinutes != null ? <View>记入 {hoursText(r.creditedMinutes)}</View> : r.attendedMinutes > 0 && <View className='qy-muted'>按签到签退 {hoursText(r.attendedMinutes)}</View>}
              {r.status === 'confirmed' && started && !a.hoursConfirmed && (
                <Button className='qy-btn qy-btn--plain' disabled={busy} onClick={() => void run(() => volunteersCall('markAttendance', {
                  signupId: r.signupId,
                  checkInAt: r.checkInAt ?? a.startAt,
                  checkOutAt: ended ? (r.checkOutAt ?? a.endAt) : null,
                }), `已为${r.name}登记到场`)}>{ended ? '登记全程到场' : '登记已到场'}</Button>
              )}
            </View>
          ))}
        </>
      )}
    </PageShell>
  );
}
