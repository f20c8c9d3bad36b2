import { useState } from 'react';
import { View } from '@tarojs/components';
import { PageShell } from '../../../components/PageShell';
import { usePowersPages, type MatterSummary } from '../../../hooks/use-powers';
import { MatterList } from '../components/MatterList';

/** The cadre's queue: matters whose current step is theirs; or every matter of their village. */
export default function MatterQueue() {
  const [scope, setScope] = useState<'queue' | 'village'>('queue');
  const { items, loading, error, hasMore, loadMore } = usePowersPages('matters', { scope, limit: 20 });
  const list = items as MatterSummary[];
  const late = list.filter((m) => m.overdue).length;
  return (
    <PageShell>
      <View className='qy-title'>待我办理</View>
      <View className='qy-chips' role='tablist'>
        <View className={`qy-chip ${scope === 'queue' ? 'qy-chip--on' : ''}`} role='tab' aria-selected={scope === 'queue'} onClick={() => setScope('queue')}>轮到我办的</View>
        <View className={`qy-chip ${scope === 'village' ? 'qy-chip--on' : ''}`} role='tab' aria-selected={scope === 'village'} onClick={() => setScope('village')}>全部事项</View>
      </View>
      {scope === 'queue' && late > 0 && <View className='qy-notice'>{`有 ${late} 件已经超过时限，村务监督委员会已收到提醒，请尽快办理。`}</View>}
      {error && <View className='qy-notice'>{error}</View>}
      {loading && list.length === 0 ? (
        <View className='qy-muted'>正在加载…</View>
      ) : (
        <MatterList items={list} emptyText={scope === 'queue' ? '现在没有轮到您办的事项' : '还没有事项'} hasMore={hasMore} onMore={loadMore} />
      )}
    </PageShell>
  );
}
