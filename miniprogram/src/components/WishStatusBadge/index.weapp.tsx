import type { WishStatus } from '@shared/domain/wish-state';

/**
 * weapp: the native custom component at components/native/wish-status-badge, which every page
 * that shows a badge declares in `usingComponents`.
 */
export function WishStatusBadge({ status }: { status: WishStatus }) {
  return <wish-status-badge status={status} />;
}
