import { useState } from 'react';
import { useCouncils } from '../../../hooks/use-councils';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { ConfirmDialog, type ConfirmSpec } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { ApiError } from '../../../client/cloud';
import { plainError, wordedError } from '../../../client/error-text';
import { pointsContract } from '@shared/contracts/points';
import { formatDate } from '../../../client/format';
import { newRequestId } from '../../../client/request-id';
import { monthLabel, pointsCall, usePoints } from '../../../hooks/use-points';
import { useSession } from '../../../hooks/use-session';
import { HeldAdjustment, HeldReason, RELEASE_ADJUSTMENT, RELEASE_OBJECTION, TierBadge } from '../components';
import '../points.scss';
import { useSubscribeAt } from '../../../hooks/use-subscribe';
import { useRouteParams } from '../../../client/navigate';
import { ROUTES } from '../../../routes';
import { unitWordOf } from '../../../client/labels';

const objectErrorText = wordedError(pointsContract, 'object', { CONFLICT: '公示期已过或已经提过异议了' });
const releaseObjectionErrorText = wordedError(pointsContract, 'releaseObjection', { CONFLICT: '这条异议理由已经放行过了' });
const releaseAdjustmentErrorText = wordedError(pointsContract, 'releaseAdjustment', { CONFLICT: '这条调整说明已经放行过了' });

export default function PointsDetail() {
  const params = useRouteParams(ROUTES.points.detail);
  const input = params.householdId && params.month ? { householdId: params.householdId, month: params.month } : null;
  const { data, loading, error, reload } = usePoints('detail', input);
  const { user } = useSession();
  const askSubscribe = useSubscribeAt('points.object');
  const [code, setCode] = useState<string | null>(null);
  const [spec, setSpec] = useState<ConfirmSpec | null>(null);
  const [adjustCode, setAdjustCode] = useState<string | null>(null);
  const [delta, setDelta] = useState(-1);
  const [adjustSpec, setAdjustSpec] = useState<ConfirmSpec | null>(null);
  const [releasing, setReleasing] = useState(false);
  const [releasingEntry, setReleasingEntry] = useState<string | null>(null);
  // One id per correction the cadre is making, so a retry on a weak network records it once.
  const [requestId, setRequestId] = useState(newRequestId);
  // A deduction may name the 居民公约 clause it is for (the village's covenant in force).
  const [clauseNo, setClauseNo] = useState<number | null>(null);
  const { data: covenant } = useCouncils('covenant', data?.canAdjust ? { villageId: data.month.villageId } : null);

  if (loading && !data) return <PageShell><View className='qy-muted'>正在加载…</View></PageShell>;
  if (!data) return <PageShell><View className='qy-notice'>{error ?? '没有找到积分'}</View></PageShell>;

  const object = async (reason: string) => {
    askSubscribe();
    try {
      await pointsCall('object', { month: data.month.month, reason, ...(code ? { code: code as never } : {}) });
    } catch (e) {
      throw new Error(e instanceof ApiError && e.code === 'INVALID_INPUT' ? e.issues[0]?.message ?? plainError(e) : objectErrorText(e));
    }
    setSpec(null);
    void Taro.showToast({ title: '异议已提交', icon: 'none' });
    void reload();
  };

  const release = async () => {
    if (!data.objection) return;
    try {
      await pointsCall('releaseObjection', { objectionId: data.objection.id });
    } catch (e) {
      void reload();
      throw new Error(releaseObjectionErrorText(e));
    }
    setReleasing(false);
    void Taro.showToast({ title: '已放行', icon: 'none' });
    void reload();
  };

  const releaseEntry = async () => {
    if (!releasingEntry) return;
    try {
      await pointsCall('releaseAdjustment', { entryId: releasingEntry });
    } catch (e) {
      void reload();
      throw new Error(releaseAdjustmentErrorText(e));
    }
    setReleasingEntry(null);
    void Taro.showToast({ title: '已放行', icon: 'none' });
    void reload();
  };

  const adjust = async (reason: string) => {
    if (!adjustCode) throw new Error('请先选择要调整的指标');
    try {
      const clause = delta < 0 && clauseNo !== null && covenant?.current ? { clause: { covenantId: covenant.current.id, no: clauseNo } } : {};
      await pointsCall('adjust', { householdId: data.householdId, month: data.month.month, code: adjustCode as never, delta, reason, requestId, ...clause });
    } catch (e) {
      throw new Error(e instanceof ApiError && e.code === 'INVALID_INPUT' ? e.message : plainError(e));
    }
    setAdjustSpec(null);
    setAdjustCode(null);
    setClauseNo(null);
    setRequestId(newRequestId());
    void Taro.showToast({ title: '调整已记入账本', icon: 'none' });
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
          <HeldReason objection={data.objection} onRelease={() => setReleasing(true)} />
          <View>{user?.residence?.householdId === data.householdId ? '我家的异议' : '这户的异议'}（{data.objection.statusLabel}）：{data.objection.reason}</View>
          {data.objection.decisionReason && <View className='qy-muted'>{`${unitWordOf(user)}里的答复：${data.objection.decisionReason}`}</View>}
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
                  {e.clause && <View className='qy-muted'>{`依据：${e.clause.label}`}</View>}
                  <HeldAdjustment entry={e} onRelease={() => setReleasingEntry(e.id)} />
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
      {data.canAdjust && (
        <>
          <View className='qy-section-title'>积分调整（定稿后的更正）</View>
          <View className='qy-muted'>调整不会改动原来的分数，而是在账本里另记一笔，写明原因和批准人。</View>
          <View className='qy-chips'>
            {data.scores.map((s) => (
              <View key={s.code} className={`qy-chip ${adjustCode === s.code ? 'qy-chip--on' : ''}`} onClick={() => setAdjustCode(s.code)}>
                {s.name}
              </View>
            ))}
          </View>
          <View className='pt-line'>
            <View className='pt-line__main'>调整分值</View>
            <View className='pt-stepper'>
              <View className='pt-stepper__btn' aria-label='减一分' onClick={() => setDelta(delta - 1 === 0 ? -1 : Math.max(-10, delta - 1))}>
                −
              </View>
              <Text className='pt-stepper__value'>{delta > 0 ? `+${delta}` : delta}</Text>
              <View className='pt-stepper__btn' aria-label='加一分' onClick={() => setDelta(delta + 1 === 0 ? 1 : Math.min(10, delta + 1))}>
                +
              </View>
            </View>
          </View>
          {delta < 0 && covenant?.current && (
            <View className='qy-field'>
              <Text className='qy-label'>依据居民公约哪一条（可以不选）</Text>
              {covenant.current.clauses.map((c) => (
                <View key={c.no} className={`qy-chip ${clauseNo === c.no ? 'qy-chip--on' : ''}`} role='radio' aria-checked={clauseNo === c.no} onClick={() => setClauseNo(clauseNo === c.no ? null : c.no)}>
                  {`第 ${c.no} 条 ${c.text}`}
                </View>
              ))}
            </View>
          )}
          <Button
            className='qy-btn qy-btn--ghost'
            disabled={!adjustCode}
            onClick={() =>
              setAdjustSpec({
                title: '确认积分调整',
                message: `${data.scores.find((s) => s.code === adjustCode)?.name ?? ''} ${delta > 0 ? `+${delta}` : delta} 分，您是批准人。`,
                confirmText: '记入账本',
                input: { label: '调整原因', placeholder: '请写明为什么调整', required: true, maxLength: 300 },
              })
            }
          >
            记一笔调整
          </Button>
        </>
      )}
      <ConfirmDialog spec={spec} onConfirm={object} onClose={() => setSpec(null)} />
      <ConfirmDialog spec={adjustSpec} onConfirm={adjust} onClose={() => setAdjustSpec(null)} />
      <ConfirmDialog spec={releasing ? RELEASE_OBJECTION : null} onConfirm={release} onClose={() => setReleasing(false)} />
      <ConfirmDialog spec={releasingEntry ? RELEASE_ADJUSTMENT : null} onConfirm={releaseEntry} onClose={() => setReleasingEntry(null)} />
    </PageShell>
  );
}
