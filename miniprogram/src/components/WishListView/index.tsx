import { useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { useDidShow, useReachBottom } from '@tarojs/taro';
import { Empty } from '@nutui/nutui-react-taro';
import { WISH_STATUS_LABELS, type WishStatus } from '@shared/domain/wish-state';
import { useWishList, type WishScope } from '../../hooks/use-wish-list';
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
  useReachBottom(() => list.loadMore());
  // Back from a wish's page: its status may have changed there.
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) void list.refresh();
    shown.current = true;
  });

  return (
    <View>
      {filters.length > 0 && (
        <View className='qy-chips' role='radiogroup' aria-label='按状态筛选'>
          <View
            className={`qy-chip ${status === undefined ? 'qy-chip--on' : ''}`}
            aria-checked={status === undefined}
            role='radio'
            onClick={() => setStatus(undefined)}
          >
            全部
          </View>
          {filters.map((s) => (
            <View
              key={s}
              className={`qy-chip ${status === s ? 'qy-chip--on' : ''}`}
              aria-checked={status === s}
              role='radio'
              onClick={() => setStatus(s)}
            >
              {WISH_STATUS_LABELS[s]}
            </View>
          ))}
        </View>
      )}

      {list.error && (
        <View className='qy-notice'>
          <Text>{list.error}</Text>
          <Button className='qy-btn qy-btn--plain' onClick={() => void list.refresh()}>
            重新加载
          </Button>
        </View>
      )}

      {list.items.map((w) => (
        <WishCard key={w.id} wish={w} />
      ))}

      {list.loaded && list.items.length === 0 && !list.error && <Empty description={emptyText} />}

      {list.loading && <View className='qy-muted'>正在加载…</View>}
      {list.hasMore && !list.loading && (
        <Button className='qy-btn qy-btn--plain' onClick={list.loadMore}>
          加载更多
        </Button>
      )}
    </View>
  );
}
