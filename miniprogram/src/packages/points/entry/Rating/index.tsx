import Taro from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '../../../../components/Button';
import { formatDate } from '../../../../client/format';
import { wordedError } from '../../../../client/error-text';
import { pointsContract } from '@shared/contracts/points';
import { monthLabel } from '../../../../hooks/use-points';
import { useSubscribeAt } from '../../../../hooks/use-subscribe';
import type { Cell, PointsEntry, Sheet } from '../../../../hooks/use-points-entry';
import type { Ask } from '../ask';
import { missingIndicators, ratingProgress } from '@shared/domain/points-entry';
import { unitWordOfName } from '@shared/domain/labels-for-people';

const enterErrorText = wordedError(pointsContract, 'enter', { CONFLICT: '这个月已公示或定稿，不能再改分' });

/** Reasons the evaluation group uses most, one tap each. */
const QUICK_REASONS = ['经网格员核实', '多次提醒未整改', '群众反映属实', '已批评教育'];

/** The month's state, with 公示 and 定稿 when they are next. */
export function RatingStatus({ entry, ask }: { entry: PointsEntry; ask: Ask }) {
  const askSubscribe = useSubscribeAt('points.publish');
  const m = entry.data!.month;
  return (
    <View className='qy-card'>
      <View>
        {monthLabel(m.month, true)}：{m.statusLabel}，已评 {m.ratedCount} / {m.householdCount} 户
      </View>
      {m.publicityEndsAt && m.status === 'published' && <View className='qy-muted'>公示到 {formatDate(m.publicityEndsAt)}</View>}
      {m.openObjections > 0 && <View className='qy-error'>有 {m.openObjections} 条异议待处理</View>}
      <View className='qy-actions'>
        {m.status === 'draft' && (
          <Button
            className='qy-btn'
            disabled={m.ratedCount < m.householdCount || entry.rating.changed.length > 0}
            onClick={() =>
              ask(
                { title: '公示本月积分', message: `公示后各户可以看到自己的得分和全${unitWordOfName(m.villageName)}排名，${m.householdCount} 户都会收到通知；公示期间不能再改分。`, confirmText: '公示' },
                () => {
                  askSubscribe();
                  return entry.publish();
                },
                '已公示',
              )
            }
          >
            公示本月积分
          </Button>
        )}
        {m.status === 'draft' && (m.ratedCount < m.householdCount || entry.rating.changed.length > 0) && (
          <View className='qy-muted'>
            {entry.rating.changed.length > 0
              ? '有改过的分数还没保存，保存后才能公示'
              : `还有 ${m.householdCount - m.ratedCount} 户没评完（每户 ${m.indicators.length} 项都要有分），评完才能公示；没扣分的可以用下面的“其余按满分”`}
          </View>
        )}
        {m.status === 'published' && (
          <Button
            className='qy-btn'
            onClick={() => ask({ title: '定稿', message: '定稿后分数写入积分账本，不能再改；以后的更正只能走积分调整。', confirmText: '定稿' }, () => entry.finalise(), '已定稿')}
          >
            定稿
          </Button>
        )}
      </View>
    </View>
  );
}

function HouseholdCard(props: {
  row: Sheet['rows'][number];
  indicators: Sheet['month']['indicators'];
  edits: Record<string, Cell> | undefined;
  editable: boolean;
  open: boolean;
  problem: string | undefined;
  onToggle: () => void;
  onChange: (code: string, cell: Cell | null) => void;
  onFull: () => void;
}) {
  const { row, indicators, edits, editable, open, problem } = props;
  const cell = (code: string, max: number): Cell => edits?.[code] ?? { score: row.scores[code]?.score ?? max, reason: row.scores[code]?.reason ?? '' };
  const total = indicators.reduce((s, i) => s + cell(i.code, i.max).score, 0);
  const dirty = edits && Object.keys(edits).length > 0;
  const progress = ratingProgress(row.scores, indicators);
  const missing = missingIndicators(row.scores, indicators).filter((i) => !edits?.[i.code]);
  return (
    <View className='qy-card'>
      <View className='pt-line' onClick={props.onToggle}>
        <View className='pt-line__main'>
          {row.headName}户
          <View className='qy-muted'>
            {dirty ? '有改动，未保存' : progress === 'complete' ? '各项已评' : progress === 'unrated' ? '还没评' : `还没评完：缺${missing.map((i) => i.name).join('、')}`}
          </View>
        </View>
        <Text className='pt-score'>{progress === 'unrated' && !dirty ? '未评' : `${total} 分`}</Text>
        <Text>{open ? '收起' : '打分'}</Text>
      </View>
      {problem && <View className='qy-error'>{problem}</View>}
      {open && editable && (
        <View>
          {!row.complete && (
            <Button className='qy-btn qy-btn--ghost' onClick={props.onFull}>
              十项都是满分
            </Button>
          )}
          {indicators.map((i) => {
            const c = cell(i.code, i.max);
            return (
              <View key={i.code}>
                <View className='pt-line'>
                  <View className='pt-line__main'>
                    {i.name}
                    <View className='qy-muted'>满分 {i.max}</View>
                  </View>
                  <View className='pt-stepper'>
                    <View className='pt-stepper__btn' aria-label={`${i.name}减一分`} onClick={() => props.onChange(i.code, { ...c, score: Math.max(0, c.score - 1) })}>
                      −
                    </View>
                    <Text className='pt-stepper__value'>{c.score}</Text>
                    <View className='pt-stepper__btn' aria-label={`${i.name}加一分`} onClick={() => props.onChange(i.code, { ...c, score: Math.min(i.max, c.score + 1) })}>
                      +
                    </View>
                  </View>
                </View>
                {c.score < i.max && (
                  <View>
                    <View className='pt-reasons'>
                      {QUICK_REASONS.map((r) => (
                        <View key={r} className={`qy-chip ${c.reason === r ? 'qy-chip--on' : ''}`} onClick={() => props.onChange(i.code, { ...c, reason: r })}>
                          {r}
                        </View>
                      ))}
                    </View>
                    <Input className='qy-input' value={c.reason} placeholder={`${i.name}扣分原因（必填）`} maxlength={100} onInput={(e) => props.onChange(i.code, { ...c, reason: e.detail.value })} />
                  </View>
                )}
              </View>
            );
          })}
        </View>
      )}
    </View>
  );
}

/** Every household's card, one open at a time, and the button that saves the edited ones. */
export function RatingSheet({ entry, ask, open, onToggle }: { entry: PointsEntry; ask: Ask; open: string | null; onToggle: (householdId: string) => void }) {
  const data = entry.data!;
  const { rating } = entry;
  const editable = data.month.status === 'draft';

  const save = async () => {
    try {
      const outcome = await rating.save();
      if (outcome === 'saved') void Taro.showToast({ title: '已保存', icon: 'success' });
      else void Taro.showToast({ title: '有几处要改一下，请看红字', icon: 'none' });
    } catch (err) {
      void Taro.showToast({ title: enterErrorText(err), icon: 'none' });
    }
  };

  return (
    <>
      <View className='qy-section-title'>各户打分</View>
      {!editable && <View className='qy-notice'>本月已{data.month.statusLabel === '已定稿' ? '定稿' : '公示'}，分数只能查看。</View>}
      {editable && data.rows.some((r) => !r.complete) && (
        <Button
          className='qy-btn qy-btn--ghost'
          onClick={() => {
            const left = data.rows.reduce((n, r) => n + missingIndicators(r.scores, data.month.indicators).length, 0);
            const households = data.rows.filter((r) => !r.complete).length;
            ask(
              {
                title: '其余按满分',
                message: `还没评的 ${households} 户、共 ${left} 项都记满分，马上保存并留痕。${rating.changed.length ? '您改过还没保存的分数不受影响，请记得保存。' : ''}`,
                confirmText: '都记满分',
              },
              () => rating.fillRemainingFull(),
              '已按满分记好',
            );
          }}
        >
          其余按满分（没评的各项记满分）
        </Button>
      )}
      {data.rows.map((row) => (
        <HouseholdCard
          key={row.householdId}
          row={row}
          indicators={data.month.indicators}
          edits={rating.edits[row.householdId]}
          editable={editable}
          open={open === row.householdId}
          problem={rating.problems[row.householdId]}
          onToggle={() => onToggle(row.householdId)}
          onChange={(code, cell) => rating.change(row.householdId, code, cell)}
          onFull={() => rating.fullMarks(row.householdId)}
        />
      ))}
      {editable && rating.changed.length > 0 && (
        <View className='pt-sticky'>
          <Button className='qy-btn' loading={rating.saving} disabled={rating.saving} onClick={() => void save()}>
            保存 {rating.changed.length} 户的分数
          </Button>
        </View>
      )}
    </>
  );
}
