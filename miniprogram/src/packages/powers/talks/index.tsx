import { Text, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { usePowers, usePowersPages, type PowersOutput } from '../../../hooks/use-powers';
import { useSignedInUser } from '../../../hooks/use-session';
import { hasRole } from '../../../client/session';
import { TALK_STAGE_LABELS } from '../labels';
import './index.scss';
import { formatDay } from '../../../client/format';

type Talk = PowersOutput<'talks'>['items'][number];
type Tally = PowersOutput<'talkCounts'>['total'];

const BARS: { key: keyof Tally; label: string }[] = [
  { key: 'cadres', label: '提醒干部（人）' },
  { key: 'before', label: TALK_STAGE_LABELS.before },
  { key: 'during', label: TALK_STAGE_LABELS.during },
  { key: 'after', label: TALK_STAGE_LABELS.after },
];

function Bars({ tally }: { tally: Tally }) {
  const max = Math.max(1, ...BARS.map((b) => tally[b.key]));
  return (
    <View>
      {BARS.map((b) => (
        <View key={b.key} className='talks__bar-row'>
          <View className='talks__bar-label'>{`${b.label}：${tally[b.key]}`}</View>
          <View className='talks__bar-track'>
            <View className='talks__bar' style={{ width: `${Math.round((tally[b.key] / max) * 100)}%` }} />
          </View>
        </View>
      ))}
    </View>
  );
}

/** County and town: counts only. A cadre: the talks the supervisors had with them. */
export default function TalksPage() {
  const { user } = useSignedInUser();
  const countsOnly = Boolean(user && (hasRole(user, 'county-admin') || hasRole(user, 'town-cadre')));
  const counts = usePowers('talkCounts', countsOnly ? {} : null);
  const mine = usePowersPages('talks', user && !countsOnly ? { scope: 'mine', limit: 20 } : null);

  if (countsOnly) {
    const data = counts.data;
    return (
      <PageShell>
        <View className='qy-title'>{data ? `${data.unitName}“三提醒”谈话` : '“三提醒”谈话'}</View>
        <View className='qy-muted'>事前普遍提醒、事中专项提醒、事后纠错提醒。这里只有统计数，谈话内容留在村务监督委员会。</View>
        {counts.error && <View className='qy-notice'>{counts.error}</View>}
        {data && (
          <View>
            <View className='qy-card'>
              <View className='qy-section-title'>合计</View>
              <Bars tally={data.total} />
              {data.ledger && <View className='qy-muted'>{`含${data.ledger.source}：提醒 ${data.ledger.cadres} 人，截至 ${formatDay(data.ledger.asOf)}`}</View>}
            </View>
            <View className='qy-section-title'>各镇在系统中记录的谈话</View>
            {data.byTown.map((t) => (
              <View key={t.townId} className='qy-card'>
                <Text className='talks__town'>{t.name}</Text>
                <View>{`提醒 ${t.cadres} 人 · 事前 ${t.before} · 事中 ${t.during} · 事后 ${t.after}`}</View>
              </View>
            ))}
          </View>
        )}
      </PageShell>
    );
  }

  return (
    <PageShell>
      <View className='qy-title'>我的提醒谈话</View>
      <View className='qy-muted'>村务监督委员会与您的谈话记录，请按要求落实。</View>
      {mine.error && <View className='qy-notice'>{mine.error}</View>}
      {!mine.loading && mine.items.length === 0 && <View className='qy-notice'>还没有与您的提醒谈话记录</View>}
      {(mine.items as Talk[]).map((t) => (
        <View key={t.id} className='qy-card'>
          <View className='talks__head'>{`${formatDay(t.date)} · ${TALK_STAGE_LABELS[t.stage]}`}</View>
          <View>{t.topic}</View>
          <View className='talks__follow'>{`落实要求：${t.followUp}`}</View>
          <View className='qy-muted'>{`记录人：${t.recordedByName}`}</View>
        </View>
      ))}
      {mine.hasMore && <Button className='qy-btn qy-btn--plain' onClick={mine.loadMore}>加载更多</Button>}
    </PageShell>
  );
}
