import { useState } from 'react';
import { View } from '@tarojs/components';
import { ORDER_STATUS_LABELS, type OrderStatus } from '@shared/domain/sanitation-report';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { useRouteParams } from '../../../client/navigate';
import { useSanitation } from '../../../hooks/use-sanitation';
import { useSubscribeAt } from '../../../hooks/use-subscribe';
import { ROUTES } from '../../../routes';
import { OrderList } from '../components/OrderList';
import '../components/sanitation.scss';

const FILTERS: (OrderStatus | null)[] = [null, 'open', 'accepted', 'fixed', 'closed'];

/** Work orders: the handler's (at their village, town or county), or a village's public list of checked reports. */
export default function OrdersPage() {
  const params = useRouteParams(ROUTES.sanitation.orders);
  const scope = params.scope === 'village' ? 'village' : 'handling';
  const [status, setStatus] = useState<OrderStatus | null>(scope === 'handling' ? 'open' : null);
  const { data, loading, error } = useSanitation('orders', { scope, limit: 50, ...(status ? { status } : {}) });
  useSubscribeAt('sanitation.handle');
  return (
    <PageShell>
      <View className='qy-title'>{scope === 'handling' ? '随手拍待办' : '本村（社区）的随手拍'}</View>
      <View className='qy-muted'>{scope === 'handling' ? '接单后尽快处理，修好后拍一张照片，报告人确认后办结。' : '审核通过的随手拍，报告人只显示姓氏。'}</View>
      <View className='qy-chips'>
        {FILTERS.map((s) => (
          <Button key={s ?? 'all'} className={`qy-chip${status === s ? ' qy-chip--on' : ''}`} onClick={() => setStatus(s)}>
            {s ? ORDER_STATUS_LABELS[s] : '全部'}
          </Button>
        ))}
      </View>
      {error && <View className='qy-notice'>{error}</View>}
      {loading && !data ? <View className='qy-muted'>正在加载…</View> : <OrderList items={data?.items ?? []} emptyText='这里暂时没有随手拍。' />}
    </PageShell>
  );
}
