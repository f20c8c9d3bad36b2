import { useState } from 'react';
import { Empty } from '@nutui/nutui-react-taro';
import { WISH_STATUS_LABELS, type WishStatus } from '@shared/domain/wish-state';
import { useWishList, type WishScope } from '../../hooks/use-wish-list';
import { CursorListView } from '../CursorListView';
import { WishCard } from '../WishCard';

interface Props {
  scope: WishScope;
  /** Which statuses get a filter chip; none means no chips. */
  filters?: readonly WishStatus[];
  emptyText: string;
}

/** A scope of wishes with status chips and 加载更多; used by the tab page and the subpackage lists. */
export function WishListView({ scope, filters = [], emptyText }: Props) {
  const [status, setStatus] = useState<WishStatus | undefined>(undefined);
  const list = useWishList(scope, status);
  return (
    <CursorListView
      list={list}
      filter={{ options: filters, labels: WISH_STATUS_LABELS, value: status, onChange: setStatus }}
      renderItem={(w) => <WishCard wish={w} />}
      empty={<Empty description={emptyText} />}
    />
  );
}
