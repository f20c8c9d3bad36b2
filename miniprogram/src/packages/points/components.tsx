import { Text, View } from '@tarojs/components';
import type { PointsOut } from '../../hooks/use-points';
import { monthLabel } from '../../hooks/use-points';

type Tier = { code: 'A' | 'B' | 'C' | 'D'; name: string };

/** The tier as words in its colour: never colour alone. */
export function TierBadge({ tier }: { tier: Tier }) {
  return <Text className={`pt-tier pt-tier--${tier.code}`}>{tier.name}</Text>;
}

/** The monthly trend as plain bars: height is the month's points out of 100. */
export function TrendChart({ trend }: { trend: PointsOut<'mine'>['trend'] }) {
  if (!trend.length) return <View className='qy-muted'>还没有公示过的月份</View>;
  return (
    <View className='pt-chart' aria-label='每月积分走势'>
      {trend.map((p) => (
        <View key={p.month} className='pt-chart__col' aria-label={`${monthLabel(p.month)} ${p.points} 分 ${p.tier.name}`}>
          <Text className='pt-chart__value'>{p.points}</Text>
          <View className={`pt-chart__bar pt-chart__bar--${p.tier.code}`} style={{ height: `${Math.max(0, Math.min(100, p.points))}%` }} />
          <Text className='pt-chart__label'>{monthLabel(p.month)}</Text>
        </View>
      ))}
    </View>
  );
}
