import { View } from '@tarojs/components';
import { whenForPeople } from '@shared/domain/for-people';
import { REPORT_CATEGORY_LABELS, stepIndexOf } from '@shared/domain/sanitation-report';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { go } from '../../../client/navigate';
import { useSanitation } from '../../../hooks/use-sanitation';
import { ROUTES } from '../../../routes';
import { Progress } from '../components/Progress';
import '../components/sanitation.scss';

/** My 随手拍, newest first, each with its progress steps. */
export default function MyReports() {
  const { data, loading, error } = useSanitation('myReports', { limit: 30 });
  return (
    <PageShell>
      <View className='qy-title'>我的随手拍</View>
      {error && <View className='qy-notice'>{error}</View>}
      {loading && !data && <View className='qy-muted'>正在加载…</View>}
      {data && data.items.length === 0 && <View className='qy-muted'>您还没有报告过问题。</View>}
      {data?.items.map((r) =>
        r.order && r.orderId ? (
          <Button key={r.id} className='qy-card qy-san-item' onClick={go(ROUTES.sanitation.order.url({ id: r.orderId }))}>
            <View className='qy-label'>
              {REPORT_CATEGORY_LABELS[r.category]}：{r.order.facilityName ?? r.order.placeText}
            </View>
            <View className='qy-muted'>
              {whenForPeople(r.createdAt)}
              {r.merged ? ' · 已有人报告过，并入同一张工单' : ''}
              {r.order.overdue ? ' · 已超期，已报镇里督办' : ''}
            </View>
            <Progress step={stepIndexOf(r.order.status)} />
          </Button>
        ) : (
          // Received, its order not made yet (派单 follows within a minute or so): nothing to open yet.
          <View key={r.id} className='qy-card qy-san-item'>
            <View className='qy-label'>
              {REPORT_CATEGORY_LABELS[r.category]}：{r.facilityName ?? r.placeText}
            </View>
            <View className='qy-muted'>{whenForPeople(r.createdAt)} · 已受理，正在派单</View>
          </View>
        ),
      )}
      <Button className='qy-btn' onClick={go(ROUTES.sanitation.report.url())}>随手拍</Button>
      <Button className='qy-btn qy-btn--ghost' onClick={go(ROUTES.sanitation.orders.url({ scope: 'village' }))}>看看本村（社区）的随手拍</Button>
    </PageShell>
  );
}
