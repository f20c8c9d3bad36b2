import { useState } from 'react';
import { View } from '@tarojs/components';
import { CASE_STATUS_LABELS, type CaseStatus } from '@shared/domain/case-state';
import { CursorListView } from '../../../../components/CursorListView';
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
  return (
    <CursorListView
      list={list}
      filter={{ options: filters, labels: CASE_STATUS_LABELS, value: status, onChange: setStatus }}
      renderItem={(c) => <CaseCard item={c} />}
      empty={<View className='qy-card qy-muted'>{emptyText}</View>}
    />
  );
}
