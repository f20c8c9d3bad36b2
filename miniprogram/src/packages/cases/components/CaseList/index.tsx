import { useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { useDidShow, useReachBottom } from '@tarojs/taro';
import { CASE_STATUS_LABELS, type CaseStatus } from '@shared/domain/case-state';
import { useCaseList, type CaseScope } from '../../../../hooks/use-cases';
import { CaseCard } from '../CaseCard';

interface Props {
  scope: CaseScope;
  filters?: readonly CaseStatus[];
  emptyText: string;
}

/** A scope of cases with status chips and 加载更多. */
export function CaseList({ scope, filters = [], emptyText }: Props) {
  const [status, setStatus] = useState<CaseStatus | undefined>(undefined);
  const list = useCaseList(scope, status);
  useReachBottom(() => list.loadMore());
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) void list.refresh();
    shown.current = true;
  });

  return (
    <View>
      {filters.length > 0 && (
        <View className='qy-chips' role='radiogroup' aria-label='按状态筛选'>
          <View role='radio' aria-checked={status === undefined} className={`qy-chip ${status === undefined ? 'qy-chip--on' : ''}`} onClick={() => setStatus(undefined)}>
            全部
          </View>
          {filters.map((s) => (
            <View key={s} role='radio' aria-checked={status === s} className={`qy-chip ${status === s ? 'qy-chip--on' : ''}`} onClick={() => setStatus(s)}>
              {CASE_STATUS_LABELS[s]}
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
      {list.items.map((c) => (
        <CaseCard key={c.id} item={c} />
      ))}
      {list.loaded && list.items.length === 0 && !list.error && <View className='qy-card qy-muted'>{emptyText}</View>}
      {list.loading && <View className='qy-muted'>正在加载…</View>}
      {list.hasMore && !list.loading && (
        <Button className='qy-btn qy-btn--plain' onClick={list.loadMore}>
          加载更多
        </Button>
      )}
    </View>
  );
}
