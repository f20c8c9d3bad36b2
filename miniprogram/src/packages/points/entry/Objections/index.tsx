import { View } from '@tarojs/components';
import { Button } from '../../../../components/Button';
import type { PointsEntry } from '../../../../hooks/use-points-entry';
import { HeldReason, RELEASE_OBJECTION } from '../../components';
import type { Ask } from '../ask';

/** The month's open objections: uphold (the indicator back to full marks) or reject, each with a reason. */
export function Objections({ entry, ask }: { entry: PointsEntry; ask: Ask }) {
  const indicators = entry.data?.month.indicators ?? [];
  const open = entry.openObjections;
  return (
    <>
      {open.length > 0 && <View className='qy-section-title'>待处理的异议</View>}
      {open.map((o) => (
        <View key={o.id} className='qy-card'>
          <View>
            {o.headName}户{o.indicatorName ? ` · ${o.indicatorName}` : ''}
          </View>
          <View className='qy-muted'>{o.raisedByName}：{o.reason}</View>
          <HeldReason objection={o} onRelease={() => ask(RELEASE_OBJECTION, () => entry.releaseObjection(o.id), '已放行')} />
          <View className='qy-actions'>
            {o.code && (
              <Button
                className='qy-btn'
                onClick={() =>
                  ask(
                    { title: '采纳异议', message: `${o.indicatorName}恢复为满分，并告诉这户人家。`, confirmText: '采纳', input: { label: '处理说明', placeholder: '例如：经网格员核实属实', required: true, maxLength: 300 } },
                    (reason) => {
                      const max = indicators.find((i) => i.code === o.code)?.max ?? 10;
                      return entry.decideObjection({ objectionId: o.id, decision: 'uphold', reason, code: o.code!, score: max });
                    },
                    '已采纳',
                  )
                }
              >
                采纳，恢复满分
              </Button>
            )}
            <Button
              className='qy-btn qy-btn--plain'
              onClick={() =>
                ask(
                  { title: '不采纳', message: '分数不变，说明会发给这户人家。', confirmText: '不采纳', input: { label: '不采纳的理由', placeholder: '请写明理由', required: true, maxLength: 300 } },
                  (reason) => entry.decideObjection({ objectionId: o.id, decision: 'reject', reason }),
                  '已答复',
                )
              }
            >
              不采纳
            </Button>
          </View>
        </View>
      ))}
    </>
  );
}
