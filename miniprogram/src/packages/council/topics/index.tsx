import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { TopicStatus } from '@shared/domain/council-rules';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { useCouncils } from '../../../hooks/use-councils';
import { formatDay } from '../../../client/format';
import { go } from '../../../client/navigate';
import { ROUTES } from '../../../routes';

const FILTERS: { key: TopicStatus | 'all' | 'mine'; label: string }[] = [
  { key: 'all', label: '全部' },
  { key: 'gathering', label: '征集支持中' },
  { key: 'agenda', label: '已列入议事' },
  { key: 'decided', label: '已形成决定' },
  { key: 'mine', label: '我提的' },
];

/** The village's topics: raise one, support one for your household, follow where each one is. */
export default function Topics() {
  const [filter, setFilter] = useState<(typeof FILTERS)[number]['key']>('all');
  const input = filter === 'mine' ? { mine: true } : filter === 'all' ? {} : { status: filter };
  const { data, loading, error } = useCouncils('topics', input);
  return (
    <PageShell>
      <View className='qy-title'>议题</View>
      <View className='qy-muted'>大家的事大家议：议题得到足够多户的支持，就列入议事会的议事清单。每户支持一次。</View>
      <Button className='qy-btn' onClick={go(ROUTES.council.raise.url())}>提出议题</Button>
      <View className='qy-chips'>
        {FILTERS.map((f) => (
          <View key={f.key} className={`qy-chip ${filter === f.key ? 'qy-chip--on' : ''}`} role='button' onClick={() => setFilter(f.key)}>
            {f.label}
          </View>
        ))}
      </View>
      {error && <View className='qy-notice'>{error}</View>}
      {loading && !data && <View className='qy-muted'>正在加载…</View>}
      {data && data.topics.length === 0 && <View className='qy-muted'>这里还没有议题。</View>}
      {data?.topics.map((t) => (
        <View key={t.id} className='qy-card' role='button' onClick={go(ROUTES.council.topic.url({ id: t.id }))}>
          <View className='qy-label'>{t.title}</View>
          <View>
            <Text>{t.statusLabel}</Text>
            {t.status === 'gathering' && <Text>{` · 已有 ${t.supports} 户支持，还差 ${Math.max(0, t.threshold - t.supports)} 户`}</Text>}
          </View>
          <View className='qy-muted'>{`${t.itemTitle} · ${t.raisedByName}提出 · ${formatDay(t.createdAt)}`}</View>
        </View>
      ))}
    </PageShell>
  );
}
