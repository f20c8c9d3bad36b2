import { View } from '@tarojs/components';
import { ORDER_STEP_LABELS, ORDER_STEPS } from '@shared/domain/sanitation-report';

/** 已上报 → 已接单 → 已修好 → 已确认, the reached steps marked. */
export function Progress({ step }: { step: number }) {
  return (
    <View className='qy-san-steps' role='list'>
      {ORDER_STEPS.map((s, i) => (
        <View key={s} role='listitem' className={`qy-san-step${i <= step ? ' qy-san-step--done' : ''}`}>
          {i <= step ? '✓ ' : ''}
          {ORDER_STEP_LABELS[s]}
        </View>
      ))}
    </View>
  );
}
