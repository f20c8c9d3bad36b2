import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { WishSummary } from '@shared/contracts/wishes';
import { WISH_CATEGORY_LABELS } from '@shared/domain/wish-state';
import { formatDate } from '../../client/format';
import { WishStatusBadge } from '../WishStatusBadge';
import './index.scss';
import { ROUTES } from '../../routes';

export function openWish(id: string): void {
  void Taro.navigateTo({ url: ROUTES.wish.detail.url({ id }) });
}

export function WishCard({ wish }: { wish: WishSummary }) {
  return (
    <View className='qy-card wish-card' onClick={() => openWish(wish.id)}>
      <View className='wish-card__head'>
        <Text className='wish-card__title'>{wish.title}</Text>
        <WishStatusBadge status={wish.status} />
      </View>
      <View className='qy-muted'>
        {WISH_CATEGORY_LABELS[wish.category]} · {wish.unitName} · {wish.wisherName}
        {wish.priority ? ' · 优先' : ''}
      </View>
      <View className='qy-muted'>
        {formatDate(wish.createdAt)}
        {wish.claimantName ? ` · 认领人：${wish.claimantName}` : ''}
      </View>
    </View>
  );
}
