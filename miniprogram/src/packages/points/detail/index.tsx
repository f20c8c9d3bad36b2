import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { ConfirmDialog, type ConfirmSpec } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { ApiError } from '../../../services/cloud';
import { plainError } from '../../../services/error-text';
import { formatDate } from '../../../services/format';
import { monthLabel, pointsCall, usePoints } from '../../../hooks/use-points';
import { TierBadge } from '../components';
import '../points.scss';

export default function PointsDetail() {
  const { params } = useRouter();
  const input = params.householdId && params.month ? { householdId: params.householdId, month: params.month } : null;
  const { data, loading, error, reload } = usePoints('detail', input);
  const [code, setCode] = useState<string | null>(null);
  const [spec, setSpec] = useState<ConfirmSpec | null>(null);

  if (loading && !data) return <PageShell><View className='qy-muted'>正在加载…</View></PageShell>;
  if (!data) return <PageShell><View className='qy-notice'>{error ?? '没有找到积分'}</View></PageShell>;

  const object = async (reason: string) => {
    try {
      await pointsCall('object', { month: data.month.month, reason, ...(code ? { code: code as never } : {}) });
    } catch (e) {
      throw new Error(e instanceof ApiError && e.code === 'INVALID_INPUT' ? e.issues[0]?.message ?? plainError(e) : plainError(e, { CONFLICT: '公示期已过或已经提过异议了' }));
    }
    setSpec(null);
    void Taro.showToast({ title: '异议已提交', icon: 'none' });
    void reload();
  };

  return (
    <PageShell>
      <View className='qy-title'>{data.headName}户 · {monthLabel(data.month.month, true)}</View>
      <View className='qy-card'>
        <View className='pt-big'>
          <View className='pt-big__value'>{data.points}</View>
          <View>分</View>
          <TierBadge tier={data.tier} />
        </View>
        <View className='qy-muted'>
          {data.month.statusLabel}
          {data.month.status === 'published' && data.month.publicityEndsAt ? `，公示到 ${formatDate(data.month.publicityEndsAt)}` : ''}
        </View>
      </View>

      <View className='qy-section-title'>十项指标</View>
      <View className='qy-card'>
        {data.scores.map((s) => (
          <View key={s.code} className='pt-line'>
            <View className='pt-line__main'>
              <View>{s.name}</View>
              <View className='qy-muted'>{s.reason ? `扣分原因：${s.reason}` : s.description}</View>
            </View>
            <Text className={`pt-score ${s.score !== null && s.score < s.max ? 'pt-score--lost' : ''}`}>
              {s.score ?? '—'} / {s.max}
            </Text>
          </View>
        ))}
      </View>

      {data.changes.length > 0 && (
        <>
          <View className='qy-section-title'>公示期间的改动</View>
          <View className='qy-card'>
            {data.changes.map((c) => (
              <View key={c.at + c.indicatorName} className='pt-line'>
                <View className='pt-line__main'>
                  {c.indicatorName}：{c.from} 分改为 {c.to} 分
                  <View className='qy-muted'>{c.byName}：{c.reason}</View>
                </View>
              </View>
            ))}
          </View>
        </>
      )}

      {data.objection && (
        <View className='qy-card'>
          <View>我家的异议（{data.objection.statusLabel}）：{data.objection.reason}</View>
          {data.objection.decisionReason && <View className='qy-muted'>村里的答复：{data.objection.decisionReason}</View>}
        </View>
      )}

      {data.ledger.length > 0 && (
        <>
          <View className='qy-section-title'>积分账本</View>
          <View className='qy-card'>
            {data.ledger.map((e) => (
              <View key={e.id} className='pt-line'>
                <View className='pt-line__main'>
                  {e.kind === 'month' ? '当月定稿' : `调整 ${e.indicatorName ?? ''}：${e.reason ?? ''}`}
                  <View className='qy-muted'>
                    {formatDate(e.at)} · 批准人 {e.approverName}
                  </View>
                </View>
                <Text className='pt-score'>{e.delta > 0 && e.kind === 'adjustment' ? `+${e.delta}` : e.delta}</Text>
              </View>
            ))}
          </View>
        </>
      )}

      {data.canObject && (
        <>
          <View className='qy-section-title'>对哪一项有异议？</View>
          <View className='qy-chips'>
            {data.scores.map((s) => (
              <View key={s.code} className={`qy-chip ${code === s.code ? 'qy-chip--on' : ''}`} onClick={() => setCode(code === s.code ? null : s.code)}>
                {s.name}
              </View>
            ))}
          </View>
          <Button
            className='qy-btn'
            onClick={() =>
              setSpec({
                title: '提出异议',
                message: '村评议小组会核实后答复您，结果会发到消息里。',
                confirmText: '提交异议',
                input: { label: '理由', placeholder: '请说明哪里不对', required: true, maxLength: 300 },
              })
            }
          >
            我有异议
          </Button>
        </>
      )}
      <ConfirmDialog spec={spec} onConfirm={object} onClose={() => setSpec(null)} />
    </PageShell>
  );
}
