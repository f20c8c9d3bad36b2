import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { councilsCall, councilsErrorText, useCouncils } from '../../../hooks/use-councils';
import { formatDate } from '../../../client/format';
import { go } from '../../../client/navigate';
import { ROUTES } from '../../../routes';
import { meetingWhen, MEETING_STATUS_LABELS } from '../labels';
import './index.scss';

/** My village's council: its member bodies and representatives, whose turn it is to chair (轮席), who chaired each meeting. */
export default function CouncilHome() {
  const { data, loading, error, reload, setData } = useCouncils('council', {});
  const [passing, setPassing] = useState(false);
  if (loading && !data) return <PageShell><View className='qy-muted'>正在加载…</View></PageShell>;
  if (!data?.council) {
    return (
      <PageShell>
        <View className='qy-title'>议事会</View>
        <View className={error ? 'qy-notice' : 'qy-muted'}>{error ?? `${data?.villageName || '本村（社区）'}还没有成立议事会。议事会由村（社区）党组织牵头成立。`}</View>
      </PageShell>
    );
  }
  const c = data.council;
  const mineDue = c.due && c.mine.bodyKeys.includes(c.due.key);
  const next = c.meetings.find((m) => m.status === 'called');
  const pass = async (reason: string) => {
    try {
      const out = await councilsCall('passTurn', { villageId: c.villageId, bodyKey: c.due!.key, reason });
      setData({ ...data, council: out });
    } catch (e) {
      void reload();
      throw new Error(councilsErrorText(e));
    }
    setPassing(false);
    void Taro.showToast({ title: '已让出本次轮值', icon: 'none' });
  };
  return (
    <PageShell>
      <View className='qy-title'>{c.name}</View>
      <View className='qy-muted'>{`由${c.villageName}党组织牵头（${c.secretaryName}），各成员单位轮流主持议事。`}</View>

      <View className='qy-card council__due'>
        {c.due ? (
          <View>
            <Text className='council__due-label'>这次轮到</Text>
            <Text className='council__due-name'>{c.due.name}</Text>
            <Text>主持议事</Text>
          </View>
        ) : (
          <View>各成员单位都让出了本次轮值，由党组织协调。</View>
        )}
        {c.passedNow.length > 0 && <View className='qy-muted'>{`本次让出轮值：${c.passedNow.map((p) => p.name).join('、')}（下次先由其主持）`}</View>}
      </View>
      {mineDue && (
        <View className='qy-actions'>
          <Button className='qy-btn' onClick={go(ROUTES.council.call.url())}>召集议事会议</Button>
          <Button className='qy-btn qy-btn--ghost' onClick={() => setPassing(true)}>这次主持不了，让出轮值</Button>
        </View>
      )}

      {next && (
        <View className='qy-card' role='button' onClick={go(ROUTES.council.meeting.url({ id: next.id }))}>
          <View className='qy-label'>下次会议</View>
          <View>{`${meetingWhen(next)}，${next.place}`}</View>
          <View className='qy-muted'>{`${next.chairName}主持 · ${next.topicCount} 个议题`}</View>
        </View>
      )}

      <View className='qy-actions'>
        <Button className='qy-btn' onClick={go(ROUTES.council.topics.url())}>议题：提出、支持、关注</Button>
        <Button className='qy-btn qy-btn--ghost' onClick={go(ROUTES.council.decisions.url())}>议事决定和落实进度</Button>
        <Button className='qy-btn qy-btn--ghost' onClick={go(ROUTES.council.covenant.url())}>居民公约</Button>
        <Button className='qy-btn qy-btn--ghost' onClick={go(ROUTES.council.honours.url())}>评选表彰（最美社区人）</Button>
        <Button className='qy-btn qy-btn--plain' onClick={go(ROUTES.council.agenda.url())}>议事事项清单</Button>
      </View>

      <View className='qy-section-title'>轮席顺序</View>
      {c.upcoming.map((u, i) => (
        <View key={u.key} className='council__turn'>
          {`${i + 1}. ${u.name}${i === 0 ? '（本次）' : ''}${u.owed ? '（曾让出，保留轮次）' : ''}`}
        </View>
      ))}

      <View className='qy-section-title'>成员单位和代表</View>
      {c.bodies.map((b) => (
        <View key={b.key} className='qy-card'>
          <View className='qy-label'>{`${b.name}（${b.kindLabel}）`}</View>
          <View>{b.representatives.map((r) => r.name).join('、')}</View>
        </View>
      ))}

      <View className='qy-section-title'>历次主持</View>
      {c.turns.length === 0 && <View className='qy-muted'>还没有开过会。</View>}
      {c.turns.map((t) => (
        <View key={t.seq} className='council__history' role={t.meetingId ? 'button' : undefined} onClick={t.meetingId ? go(ROUTES.council.meeting.url({ id: t.meetingId })) : undefined}>
          <Text>{`第 ${t.seq} 次轮值：${t.bodyName}${t.kind === 'chaired' ? '主持会议' : '让出'}`}</Text>
          {t.reason && <Text className='qy-muted'>{`（${t.reason}）`}</Text>}
          <View className='qy-muted'>{formatDate(t.at)}</View>
        </View>
      ))}
      {c.meetings.filter((m) => m.status === 'held').map((m) => (
        <View key={m.id} className='council__history' role='button' onClick={go(ROUTES.council.meeting.url({ id: m.id }))}>
          {`${meetingWhen(m)} ${m.chairName}主持 · ${MEETING_STATUS_LABELS[m.status]}，看纪要`}
        </View>
      ))}

      <ConfirmDialog
        spec={passing ? { title: '让出本次轮值', message: '让出后由下一个成员单位主持，您单位下次仍先主持。让出的理由会公开。', confirmText: '确认让出', input: { label: '理由', placeholder: '如：农忙，代表都在外面', required: true, maxLength: 100 } } : null}
        onConfirm={pass}
        onClose={() => setPassing(false)}
      />
    </PageShell>
  );
}
