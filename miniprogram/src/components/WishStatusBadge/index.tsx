import { Text } from '@tarojs/components';
import { WISH_STATUS_LABELS, type WishStatus } from '@shared/domain/wish-state';
import './index.scss';

/** h5: a React badge. The weapp build uses the native component instead (index.weapp.tsx). */
export function WishStatusBadge({ status }: { status: WishStatus }) {
  return <Text className={`qy-badge qy-badge--${status}`}>{WISH_STATUS_LABELS[status]}</Text>;
}
