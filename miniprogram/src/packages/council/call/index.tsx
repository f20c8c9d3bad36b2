import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Picker, Text, View } from '@tarojs/components';
import { addDays, chinaDate } from '@shared/domain/china-time';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { councilsCall, councilsErrorText, useCouncils } from '../../../hooks/use-councils';
import { formatDay } from '../../../client/format';
import { newRequestId } from '../../../client/request-id';
import { ROUTES } from '../../../routes';

/** The chair body of the turn calls a meeting: the date, the place, the topics on the agenda. */
export default function CallMeeting() {
  const { data: home, error: homeError } = useCouncils('council', {});
  const { data: list } = useCouncils('topics', { status: 'agenda' });
  const [date, setDate] = useState(() => addDays(chinaDate(new Date()), 7));
  const [time, setTime] = useState('19:30');
  const [place, setPlace] = useState('村委会议室');
  const [picked, setPicked] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [requestId] = useState(newRequestId);
  if (!home) return <PageShell><View className={homeError ? 'qy-notice' : 'qy-muted'}>{homeError ?? '正在加载…'}</View></PageShell>;
  const c = home.council;
  if (!c || !c.due || !c.mine.bodyKeys.includes(c.due.key)) {
    return <PageShell><View className='qy-notice'>{c?.due ? `这次轮到${c.due.name}主持，由其代表召集会议。` : '现在没有轮到您的单位主持。'}</View></PageShell>;
  }
  const due = c.due;
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const m = await councilsCall('callMeeting', { villageId: c.villageId, bodyKey: due.key, date, time, place: place.trim(), topicIds: picked, requestId });
      void Taro.redirectTo({ url: ROUTES.council.meeting.url({ id: m.id }) });
    } catch (e) {
      setError(councilsErrorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <PageShell>
      <View className='qy-title'>召集议事会议</View>
      <View className='qy-muted'>{`由${due.name}主持。召集后，各成员单位的代表都会收到通知。`}</View>
      <View className='qy-field'>
        <Text className='qy-label'>日期和时间</Text>
        <View className='qy-chips'>
          <Picker mode='date' value={date} onChange={(e) => setDate(String(e.detail.value))}>
            <View className='qy-chip qy-chip--on'>{formatDay(date)}</View>
          </Picker>
          <Picker mode='time' value={time} onChange={(e) => setTime(String(e.detail.value))}>
            <View className='qy-chip qy-chip--on'>{time}</View>
          </Picker>
        </View>
      </View>
      <View className='qy-field'>
        <Text className='qy-label'>地点</Text>
        <Input className='qy-input' value={place} maxlength={40} onInput={(e) => setPlace(e.detail.value)} />
      </View>
      <View className='qy-field'>
        <Text className='qy-label'>议题（点一下选中）</Text>
        {list && list.topics.length === 0 && <View className='qy-muted'>现在没有列入议事清单的议题。</View>}
        {list?.topics.map((t) => {
          const on = picked.includes(t.id);
          return (
            <View key={t.id} className='qy-card' role='checkbox' aria-checked={on} onClick={() => setPicked(on ? picked.filter((x) => x !== t.id) : [...picked, t.id])}>
              {`${on ? '☑' : '☐'} ${t.title}（${t.raisedByName}提出，${t.supports} 户支持）`}
            </View>
          );
        })}
      </View>
      {error && <View className='qy-notice'>{error}</View>}
      <Button className='qy-btn' disabled={busy || picked.length === 0} onClick={() => void submit()}>{busy ? '正在召集…' : `召集会议（${picked.length} 个议题）`}</Button>
    </PageShell>
  );
}
