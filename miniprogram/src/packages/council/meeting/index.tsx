import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { councilsCall, councilsErrorText, useCouncils, type MeetingView } from '../../../hooks/use-councils';
import { go, useRouteParams } from '../../../client/navigate';
import { ROUTES } from '../../../routes';
import { meetingWhen, MEETING_STATUS_LABELS } from '../labels';

type Topic = MeetingView['topics'][number];

/** The chair's minutes of one topic and its decision by the topic's rule. */
function TopicSheet({ m, t, onSaved }: { m: MeetingView; t: Topic; onSaved: (m: MeetingView) => void }) {
  const minute = m.minutes.find((e) => e.topicId === t.id);
  const [options, setOptions] = useState(minute?.options.join('\n') ?? '');
  const [opinions, setOpinions] = useState<Record<string, string>>(Object.fromEntries((minute?.opinions ?? []).map((o) => [o.bodyKey, o.text])));
  const [summary, setSummary] = useState(minute?.summary ?? '');
  const [text, setText] = useState('');
  const [secret, setSecret] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const open = t.status === 'scheduled';
  const run = async (work: () => Promise<MeetingView>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      onSaved(await work());
      void Taro.showToast({ title: done, icon: 'none' });
    } catch (e) {
      setError(councilsErrorText(e));
    } finally {
      setBusy(false);
    }
  };
  const saveMinutes = () =>
    run(
      () =>
        councilsCall('recordMinutes', {
          meetingId: m.id,
          topicId: t.id,
          options: options.split('\n').map((s) => s.trim()).filter(Boolean),
          opinions: Object.entries(opinions).filter(([, v]) => v.trim()).map(([bodyKey, v]) => ({ bodyKey, text: v.trim() })),
          summary: summary.trim() || null,
        }),
      '纪要已保存',
    );
  const decide = () => run(() => councilsCall('decide', { meetingId: m.id, topicId: t.id, text: text.trim(), secret }), t.rule === 'consensus' ? '决定已记录' : '表决已开始');
  return (
    <View className='qy-card'>
      <View className='qy-label'>{t.title}</View>
      <View className='qy-muted'>{`${t.statusLabel} · ${t.ruleLabel}`}</View>
      {minute && !m.chairs && (
        <View>
          <View>{`讨论的方案：${minute.options.join('；')}`}</View>
          {minute.opinions.map((o) => <View key={o.bodyKey}>{`${o.bodyName}：${o.text}`}</View>)}
          {minute.summary && <View>{`小结：${minute.summary}`}</View>}
        </View>
      )}
      {m.chairs && open && (
        <View>
          <Text className='qy-label'>讨论的方案（每行一个）</Text>
          <Textarea className='qy-textarea' value={options} maxlength={1000} onInput={(e) => setOptions(e.detail.value)} />
          {m.attendance.map((b) => (
            <View key={b.bodyKey} className='qy-field'>
              <Text className='qy-label'>{`${b.bodyName}的意见`}</Text>
              <Input className='qy-input' value={opinions[b.bodyKey] ?? ''} maxlength={300} onInput={(e) => setOpinions({ ...opinions, [b.bodyKey]: e.detail.value })} />
            </View>
          ))}
          <Text className='qy-label'>小结（可以不填）</Text>
          <Input className='qy-input' value={summary} maxlength={500} onInput={(e) => setSummary(e.detail.value)} />
          <Button className='qy-btn qy-btn--ghost' disabled={busy} onClick={() => void saveMinutes()}>保存纪要</Button>
          <Text className='qy-label'>{t.rule === 'consensus' ? '协商一致的决定' : '表决的问题'}</Text>
          <Textarea className='qy-textarea' value={text} maxlength={500} placeholder={t.rule === 'consensus' ? '大家一致同意怎么办' : '如：是否同意把垃圾收集点挪到村口'} onInput={(e) => setText(e.detail.value)} />
          {t.rule === 'representatives' && (
            <View className={`qy-chip ${secret ? 'qy-chip--on' : ''}`} role='checkbox' aria-checked={secret} onClick={() => setSecret(!secret)}>
              {`${secret ? '☑' : '☐'} 不记名投票（谁投了什么，任何人都看不到）`}
            </View>
          )}
          <Button className='qy-btn' disabled={busy} onClick={() => void decide()}>
            {t.rule === 'consensus' ? '记录决定' : t.rule === 'representatives' ? '开始代表表决' : '交全体户代表投票'}
          </Button>
        </View>
      )}
      {t.voteId && <Button className='qy-btn qy-btn--ghost' onClick={go(ROUTES.council.vote.url({ id: t.voteId }))}>看表决</Button>}
      {t.decisionId && <Button className='qy-btn qy-btn--ghost' onClick={go(ROUTES.council.decision.url({ id: t.decisionId }))}>看决定和落实</Button>}
      {error && <View className='qy-notice'>{error}</View>}
    </View>
  );
}

/** A meeting: its agenda, who attended, the minutes per topic and the decisions; the chair records them here. */
export default function Meeting() {
  const params = useRouteParams(ROUTES.council.meeting);
  const { data: m, loading, error, setData } = useCouncils('meeting', params.id ? { meetingId: params.id } : null, '没有找到这次会议');
  const [present, setPresent] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  if (!m) return <PageShell><View className={error ? 'qy-notice' : 'qy-muted'}>{loading ? '正在加载…' : error}</View></PageShell>;
  const here = present ?? m.attendance.flatMap((b) => b.members.filter((p) => p.present).map((p) => p.id));
  const saveAttendance = async () => {
    setBusy(true);
    try {
      setData(await councilsCall('recordAttendance', { meetingId: m.id, present: here }));
      setPresent(null);
      void Taro.showToast({ title: '出席已记录', icon: 'none' });
    } catch (e) {
      void Taro.showToast({ title: councilsErrorText(e), icon: 'none' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <PageShell>
      <View className='qy-title'>议事会议</View>
      <View>{`${meetingWhen(m)}，${m.place}`}</View>
      <View className='qy-muted'>{`${m.chairName}主持 · ${MEETING_STATUS_LABELS[m.status]}`}</View>

      <View className='qy-section-title'>出席</View>
      {m.attendance.map((b) => (
        <View key={b.bodyKey} className='qy-card'>
          <View className='qy-label'>{b.bodyName}</View>
          <View className='qy-chips'>
            {b.members.map((p) => {
              const on = here.includes(p.id);
              return m.chairs ? (
                <View key={p.id} className={`qy-chip ${on ? 'qy-chip--on' : ''}`} role='checkbox' aria-checked={on} onClick={() => setPresent(on ? here.filter((x) => x !== p.id) : [...here, p.id])}>
                  {`${on ? '☑' : '☐'} ${p.name}`}
                </View>
              ) : (
                <View key={p.id} className='qy-chip'>{`${p.name}${m.attendanceRecorded ? (p.present ? ' 出席' : ' 缺席') : ''}`}</View>
              );
            })}
          </View>
        </View>
      ))}
      {m.chairs && <Button className='qy-btn qy-btn--ghost' disabled={busy} onClick={() => void saveAttendance()}>保存出席名单</Button>}

      <View className='qy-section-title'>议题和纪要</View>
      {m.topics.map((t) => <TopicSheet key={`${t.id}-${t.status}`} m={m} t={t} onSaved={setData} />)}
    </PageShell>
  );
}
