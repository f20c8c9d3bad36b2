import { Text, View } from '@tarojs/components';
import { Button } from '../../../../components/Button';
import type { MatterSummary } from '../../../../hooks/use-powers';
import { MATTER_STATUS_LABELS, shortDate } from '../../labels';
import './index.scss';
import { ROUTES } from '../../../../routes';
import { go } from '../../../../client/navigate';

interface Props {
  items: MatterSummary[];
  emptyText: string;
  hasMore: boolean;
  onMore: () => void;
}

/** Matters as cards: what, whose, where it stands now, due when, late or not (in words). */
export function MatterList({ items, emptyText, hasMore, onMore }: Props) {
  if (items.length === 0) return <View className='qy-notice'>{emptyText}</View>;
  return (
    <View>
      {items.map((m) => (
        <View key={m.id} className='qy-card matter-card' role='button' onClick={go(ROUTES.powers.matter.url({ id: m.id }))}>
          <View className='matter-card__head'>
            <Text className='matter-card__title'>{m.title}</Text>
            <Text className={`matter-card__status matter-card__status--${m.status}`}>{MATTER_STATUS_LABELS[m.status]}</Text>
          </View>
          <View className='qy-muted'>{`${m.applicantName} · ${m.unitName} · ${shortDate(m.createdAt)}申请`}</View>
          {m.currentStepTitle && (
            <View className='matter-card__now'>
              {`现在：第 ${(m.current ?? 0) + 1} 步 ${m.currentStepTitle}`}
              {m.dueAt ? `，${shortDate(m.dueAt)}前` : ''}
              {m.overdue && <Text className='matter-card__late'> 已超时</Text>}
            </View>
          )}
        </View>
      ))}
      {hasMore && <Button className='qy-btn qy-btn--plain' onClick={onMore}>加载更多</Button>}
    </View>
  );
}
