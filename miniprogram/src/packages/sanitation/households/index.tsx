import { View } from '@tarojs/components';
import { SORTING_RESULT_LABELS } from '@shared/domain/sanitation-household';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { go } from '../../../client/navigate';
import { useSanitation } from '../../../hooks/use-sanitation';
import { ROUTES } from '../../../routes';
import '../components/sanitation.scss';

/** The village cadre's ledger of households: toilet, bins and this month's sorting check, each opening its form. */
export default function HouseholdsPage() {
  const { data, loading, error } = useSanitation('households', {});
  return (
    <PageShell>
      <View className='qy-title'>{data ? `${data.villageName}户厕和垃圾分类` : '户厕和垃圾分类'}</View>
      {error && <View className='qy-notice'>{error}</View>}
      {loading && !data && <View className='qy-muted'>正在加载…</View>}
      {data && (
        <View className='qy-muted'>
          卫生厕所 {data.items.filter((h) => h.sanitaryToilet).length} 户，已发分类桶 {data.items.filter((h) => h.hasBins).length} 户，共 {data.items.length} 户。
        </View>
      )}
      {data?.items.map((h) => (
        <Button key={h.householdId} className='qy-card qy-san-item' onClick={go(ROUTES.sanitation.household.url({ householdId: h.householdId }))}>
          <View className='qy-label'>{h.headName}</View>
          <View className='qy-muted'>
            {h.sanitaryToilet ? '卫生厕所' : h.hasToilet ? '厕所待验收' : '未登记厕所'} · {h.hasBins ? '有分类桶' : '无分类桶'} · 本月检查：{h.lastCheck ? SORTING_RESULT_LABELS[h.lastCheck] : '未查'}
          </View>
        </Button>
      ))}
    </PageShell>
  );
}
