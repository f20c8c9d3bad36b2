import { View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { usePowersPages, type MatterSummary } from '../../../hooks/use-powers';
import { MatterList } from '../components/MatterList';
import { ROUTES } from '../../../routes';
import { go } from '../../../client/navigate';

/** The matters I applied for, newest first; each opens on its flowchart. */
export default function MyMatters() {
  const { items, loading, error, hasMore, loadMore } = usePowersPages('matters', { scope: 'mine', limit: 20 });
  return (
    <PageShell>
      <View className='qy-title'>我办的事</View>
      <View className='qy-muted'>点开一件，可以看到办到了流程图的哪一步、谁办的、什么时候办的。</View>
      {error && <View className='qy-notice'>{error}</View>}
      {loading && items.length === 0 ? (
        <View className='qy-muted'>正在加载…</View>
      ) : (
        <MatterList items={items as MatterSummary[]} emptyText='您还没有办过事。可以先到清单里看看怎么办。' hasMore={hasMore} onMore={loadMore} />
      )}
      <Button className='qy-btn qy-btn--ghost' onClick={go(ROUTES.powers.list.url())}>看小微权力清单</Button>
    </PageShell>
  );
}
