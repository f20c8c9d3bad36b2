import { Text, View } from '@tarojs/components';
import { Button } from '../../components/Button';
import type { ConfirmSpec } from '../../components/ConfirmDialog';
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
  // The bar stands in a track of its own, so its height is its share of 100 points whatever the value
  // and label above and below take; the label is the month's number only (the axis says 月), which
  // fits a column at 360 px in large text without wrapping.
  return (
    <View>
      <View className='pt-chart' aria-label='每月积分走势'>
        {trend.map((p) => (
          <View key={p.month} className='pt-chart__col' aria-label={`${monthLabel(p.month)} ${p.points} 分 ${p.tier.name}`}>
            <Text className='pt-chart__value'>{p.points}</Text>
            <View className='pt-chart__track'>
              <View className={`pt-chart__bar pt-chart__bar--${p.tier.code}`} style={{ height: `${Math.max(0, Math.min(100, p.points))}%` }} />
            </View>
            <Text className='pt-chart__label'>{Number(p.month.slice(5, 7))}</Text>
          </View>
        ))}
      </View>
      <View className='qy-muted pt-chart__axis'>{`横向是月份（${monthLabel(trend[0]!.month, true)}到${monthLabel(trend[trend.length - 1]!.month, true)}），竖向是当月积分`}</View>
    </View>
  );
}

/**
 * An objection reason content security holds: why, and that only the household and the village
 * cadres read it until a village cadre releases it (the button, for those allowed).
 */
export function HeldReason({ objection, onRelease }: { objection: Pick<PointsOut<'object'>, 'held' | 'canRelease'>; onRelease?: () => void }) {
  if (!objection.held?.length) return null;
  return (
    <View className='qy-notice' role='status'>
      {objection.held.some((h) => h.field !== 'decisionReason') && (
        <View>{`异议理由正在复核（原因：${objection.held.filter((h) => h.field !== 'decisionReason').map((h) => h.reason).join('、')}）。`}</View>
      )}
      {objection.held.some((h) => h.field === 'decisionReason') && (
        <View>{`对异议的答复正在复核（原因：${objection.held.filter((h) => h.field === 'decisionReason').map((h) => h.reason).join('、')}），这户人家暂时看到的是“正在复核”。`}</View>
      )}
      <View>复核通过前，只有填写的人和村干部能看到，其他人看到的是“正在复核”。</View>
      {objection.canRelease && onRelease && (
        <Button className='qy-btn' onClick={onRelease}>
          复核放行
        </Button>
      )}
    </View>
  );
}

/** A correction's reason content security holds: why, and 复核放行 for a village or town cadre who did not write it. */
export function HeldAdjustment({ entry, onRelease }: { entry: { held?: { field: string; reason: string }[]; canRelease?: boolean }; onRelease?: () => void }) {
  if (!entry.held?.length) return null;
  return (
    <View className='qy-notice' role='status'>
      <View>{`调整说明正在复核（原因：${entry.held.map((h) => h.reason).join('、')}）。复核通过前，这户人家看到的是“正在复核”。`}</View>
      {entry.canRelease && onRelease && (
        <Button className='qy-btn' onClick={onRelease}>
          复核放行
        </Button>
      )}
    </View>
  );
}

export const RELEASE_ADJUSTMENT: ConfirmSpec = {
  title: '复核放行',
  message: '这条调整说明被内容安全检查暂时挡住了。您读过后认为没有问题，放行后这户人家就能看到，写说明的干部会收到通知。',
  confirmText: '确定放行',
};

export const RELEASE_OBJECTION: ConfirmSpec = {
  title: '复核放行',
  message: '这条异议理由被内容安全检查暂时挡住了。您读过后认为没有问题，放行后镇、县干部也能看到，这户人家会收到通知。',
  confirmText: '确定放行',
};
