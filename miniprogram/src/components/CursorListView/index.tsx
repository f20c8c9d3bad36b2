import { Fragment, useRef, type ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { Button } from '../Button';
import { Skeleton } from '../Skeleton';
import { useDidShow, useReachBottom } from '@tarojs/taro';
import type { CursorList } from '../../hooks/use-cursor-list';

/** Status chips above a list; the caller keeps the chosen status, since its list hook reads it. */
export interface StatusFilter<S extends string> {
  /** Which statuses get a chip besides 全部; none means no chips. */
  options: readonly S[];
  labels: Readonly<Record<S, string>>;
  value: S | undefined;
  onChange: (status: S | undefined) => void;
}

interface Props<T extends { id: string }, S extends string> {
  list: CursorList<T>;
  renderItem: (item: T) => ReactNode;
  /** Shown once the first page has come back with nothing in it (and without an error). */
  empty: ReactNode;
  filter?: StatusFilter<S>;
}

/**
 * A cursor-paged list (wishes, cases…) with status chips, a retry on failure, its empty words,
 * and 加载更多 at the foot or when the page is scrolled to the bottom.
 */
export function CursorListView<T extends { id: string }, S extends string>({ list, renderItem, empty, filter }: Props<T, S>) {
  useReachBottom(() => list.loadMore());
  // Back from an item's page: what was done there may have changed the list.
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) void list.refresh();
    shown.current = true;
  });

  return (
    <View>
      {filter && filter.options.length > 0 && (
        <View className='qy-chips' role='radiogroup' aria-label='按状态筛选'>
          {[undefined, ...filter.options].map((s) => (
            <View
              key={s ?? ''}
              className={`qy-chip ${filter.value === s ? 'qy-chip--on' : ''}`}
              aria-checked={filter.value === s}
              role='radio'
              onClick={() => filter.onChange(s)}
            >
              {s === undefined ? '全部' : filter.labels[s]}
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

      {list.items.map((item) => (
        <Fragment key={item.id}>{renderItem(item)}</Fragment>
      ))}

      {list.loaded && list.items.length === 0 && !list.error && empty}

      {list.loading && (list.items.length === 0 ? <Skeleton /> : <View className='qy-muted'>正在加载…</View>)}
      {list.hasMore && !list.loading && (
        <Button className='qy-btn qy-btn--plain' onClick={list.loadMore}>
          加载更多
        </Button>
      )}
    </View>
  );
}
