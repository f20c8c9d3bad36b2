import { useState } from 'react';
import { Picker, Text, View } from '@tarojs/components';
import { chinaMonth, quarterOf } from '@shared/domain/china-time';
import { PageShell } from '../../../components/PageShell';
import { useVolunteers } from '../../../hooks/use-volunteers';
import { hoursText } from '../format';
import './index.scss';

/** 考评在社区: the unit party organisation reads each 双报到 member's quarter in the community. */
export default function Report() {
  const orgs = useVolunteers('reportOrgs', {});
  const month = chinaMonth(new Date());
  const thisYear = Number(month.slice(0, 4));
  const quarters = [0, 1, 2, 3].map((back) => {
    const q0 = quarterOf(month) - back;
    return q0 > 0 ? { year: thisYear, quarter: q0 } : { year: thisYear - 1, quarter: q0 + 4 };
  });
  const [orgIndex, setOrgIndex] = useState(0);
  const [qIndex, setQIndex] = useState(0);
  const org = orgs.data?.items[orgIndex];
  const q = quarters[qIndex]!;
  const { data, error } = useVolunteers('partyReport', org ? { partyOrgId: org.id, year: q.year, quarter: q.quarter } : null);
  const label = (x: { year: number; quarter: number }) => `${x.year}年第${x.quarter}季度`;
  return (
    <PageShell>
      <View className='qy-title'>党员社区考评</View>
      {orgs.error && <View className='qy-notice'>{orgs.error}</View>}
      {orgs.data && orgs.data.items.length === 0 && <View className='qy-muted'>您不是单位党组织书记，没有可查看的考评。</View>}
      {orgs.data && orgs.data.items.length > 0 && (
        <View className='qy-chips'>
          <Picker mode='selector' range={orgs.data.items.map((o) => o.name)} value={orgIndex} onChange={(e) => setOrgIndex(Number(e.detail.value))}>
            <View className='qy-chip'>{org?.name}</View>
          </Picker>
          <Picker mode='selector' range={quarters.map(label)} value={qIndex} onChange={(e) => setQIndex(Number(e.detail.value))}>
            <View className='qy-chip'>{label(q)}</View>
          </Picker>
        </View>
      )}
      {error && <View className='qy-notice'>{error}</View>}
      {data && (
        <>
          <View className='qy-card'>
            <Text className='qy-label'>合计（{data.totals.members} 名报到党员）</Text>
            <View>完成微心愿 {data.totals.wishesFulfilled} 个 · 志愿服务 {hoursText(data.totals.volunteerMinutes)}</View>
            <View>参加活动 {data.totals.activities} 次 · 入户走访 {data.totals.visits} 次</View>
          </View>
          {data.members.length === 0 && <View className='qy-muted'>本单位还没有党员在社区报到。</View>}
          {data.members.map((m) => (
            <View key={m.memberId} className='qy-card'>
              <Text className='qy-label'>{m.name}</Text>
              <View className='qy-muted'>报到社区：{m.unitName}</View>
              <View>完成微心愿 {m.wishesFulfilled} 个 · 志愿服务 {hoursText(m.volunteerMinutes)}</View>
              <View>参加活动 {m.activities} 次 · 入户走访 {m.visits} 次</View>
            </View>
          ))}
        </>
      )}
    </PageShell>
  );
}
