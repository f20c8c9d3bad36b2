import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { AVAILABILITY, AVAILABILITY_LABELS, SKILLS, SKILL_LABELS, VOLUNTEER_STATUS_LABELS, VOLUNTEER_SIGNUP_LABELS, type Availability, type Skill } from '@shared/domain/volunteer-records';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { go } from '../../../client/navigate';
import { ROUTES } from '../../../routes';
import { useVolunteers, volunteersCall, volunteersErrorText } from '../../../hooks/use-volunteers';
import { hoursText, skillsText, spanText } from '../format';
import './index.scss';

function toggle<T>(list: T[], x: T): T[] {
  return list.includes(x) ? list.filter((y) => y !== x) : [...list, x];
}

/** 志愿服务: my hours and activities; joining the community's volunteers. */
export default function VolunteerHome() {
  const { data, error, reload } = useVolunteers('home', {});
  const [skills, setSkills] = useState<Skill[]>([]);
  const [free, setFree] = useState<Availability[]>(['weekend']);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const join = async () => {
    setBusy(true);
    setMessage(null);
    try {
      await volunteersCall('join', { skills, availability: free });
      await reload();
    } catch (e) {
      setMessage(volunteersErrorText(e));
    } finally {
      setBusy(false);
    }
  };

  const v = data?.volunteer ?? null;
  return (
    <PageShell>
      <View className='qy-title'>志愿服务</View>
      {error && <View className='qy-notice'>{error}</View>}
      {data && !v && (
        <View className='qy-card'>
          <Text className='qy-label'>加入{data.community?.name ?? '本村（社区）'}志愿者</Text>
          <View className='qy-muted'>选一选您会做的和有空的时间，村（社区）确认后就可以报名活动。</View>
          <View className='qy-section-title'>我会做</View>
          <View className='qy-chips'>
            {SKILLS.map((s) => (
              <View key={s} className={`qy-chip ${skills.includes(s) ? 'qy-chip--on' : ''}`} onClick={() => setSkills(toggle(skills, s))}>{SKILL_LABELS[s]}</View>
            ))}
          </View>
          <View className='qy-section-title'>有空的时间</View>
          <View className='qy-chips'>
            {AVAILABILITY.map((s) => (
              <View key={s} className={`qy-chip ${free.includes(s) ? 'qy-chip--on' : ''}`} onClick={() => setFree(toggle(free, s))}>{AVAILABILITY_LABELS[s]}</View>
            ))}
          </View>
          {message && <View className='qy-error'>{message}</View>}
          <Button className='qy-btn' disabled={busy || free.length === 0 || !data.community} onClick={() => void join()}>加入志愿者</Button>
        </View>
      )}
      {v && (
        <View className='qy-card'>
          <Text className='qy-label'>{v.unitName}志愿者</Text>
          <View>{VOLUNTEER_STATUS_LABELS[v.status]}{v.source === 'party' ? '（双报到党员）' : ''}</View>
          {v.skills.length > 0 && <View className='qy-muted'>会做：{skillsText(v.skills)}</View>}
          <View>累计志愿服务</View>
          <View className='vol__figure'>{hoursText(data?.totalMinutes ?? 0)}</View>
          <Button className='qy-btn qy-btn--plain' onClick={go(ROUTES.volunteers.record.url())}>我的服务记录和证明</Button>
        </View>
      )}
      <View className='qy-actions'>
        <Button className='qy-btn' onClick={go(ROUTES.volunteers.activities.url())}>志愿活动报名</Button>
        <Button className='qy-btn qy-btn--plain' onClick={go(ROUTES.volunteers.services.url())}>服务清单</Button>
        {v?.status === 'confirmed' && <Button className='qy-btn qy-btn--plain' onClick={go(ROUTES.volunteers.scan.url())}>扫码签到签退</Button>}
        {data?.canManage && data.community && <Button className='qy-btn qy-btn--plain' onClick={go(ROUTES.volunteers.manage.url({ unitId: data.community.id }))}>确认志愿者</Button>}
      </View>
      {data && data.upcoming.length > 0 && <View className='qy-section-title'>我报名的活动</View>}
      {data?.upcoming.map((a) => (
        <View key={a.id} className='qy-card' onClick={go(ROUTES.volunteers.activity.url({ id: a.id }))}>
          <Text className='qy-label'>{a.title}</Text>
          <View>{spanText(a)}</View>
          <View>地点：{a.place}</View>
          {a.mine && <View className='qy-muted'>{VOLUNTEER_SIGNUP_LABELS[a.mine.status]}{a.mine.waitingPlace ? `，候补第 ${a.mine.waitingPlace} 位` : ''}</View>}
        </View>
      ))}
    </PageShell>
  );
}
