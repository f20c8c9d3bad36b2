import { View } from '@tarojs/components';
import { whenForPeople } from '@shared/domain/for-people';
import { ORDER_STATUS_LABELS, REPORT_CATEGORY_LABELS } from '@shared/domain/sanitation-report';
import { Button } from '../../../components/Button';
import { go } from '../../../client/navigate';
import type { OrderSummary } from '../../../hooks/use-sanitation';
import { ROUTES } from '../../../routes';

export function OrderList({ items, emptyText }: { items: readonly OrderSummary[]; emptyText: string }) {
  if (!items.length) return <View className='qy-muted'>{emptyText}</View>;
  return (
    <View>
      {items.map((o) => (
        <Button key={o.id} className='qy-card qy-san-item' onClick={go(ROUTES.sanitation.order.url({ id: o.id }))}>
          <View className='qy-label'>
            {REPORT_CATEGORY_LABELS[o.category]}：{o.facilityName ?? o.placeText}
          </View>
          <View className='qy-muted'>
            {ORDER_STATUS_LABELS[o.status]}
            {o.overdue ? '（已超期）' : ''} · {o.reportCount > 1 ? `${o.reportCount} 人报告 · ` : ''}
            {whenForPeople(o.createdAt)}
          </View>
        </Button>
      ))}
    </View>
  );
}
