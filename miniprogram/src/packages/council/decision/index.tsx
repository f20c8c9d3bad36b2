import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Picker, Text, View } from '@tarojs/components';
import { addDays, chinaDate } from '@shared/domain/china-time';
import { Button } from '../../../components/Button';
import { ConfirmDialog, type ConfirmSpec } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { councilsCall, councilsErrorText, useCouncils, type DecisionView } from '../../../hooks/use-councils';
import { formatDay } from '../../../client/format';
import { go, useRouteParams } from '../../../client/navigate';
import { ROUTES } from '../../../routes';
import { percent } from '../labels';
import './index.scss';

type Ask = { report: DecisionView['steps'][number]; progress: number } | { stars: number };

/** The chair (or the party organisation) names the responsible body and the steps with their deadlines. */
function Plan({ d, onSaved }: { d: DecisionView; onSaved: (d: DecisionView) => void }) {
  const { data: home } = useCouncils('council', {});
  const [body, setBody] = useState<string | null>(null);
  const [steps, setSteps] = useState<{ title: string; dueDate: string }[]>(() => d.steps.length ? d.steps.map((s) => ({ title: s.title, dueDate: s.dueDate })) : [{ title: '', dueDate: addDays(chinaDate(new Date()), 14) }]);
  const [error, setError] = useState<string | null>(null);
  const bodies = home?.council?.bodies ?? [];
  const save = async () => {
    setError(null);
    try {
      onSaved(await councilsCall('planDecision', { decisionId: d.id, responsibleKey: body ?? '', steps: steps.map((s) => ({ title: s.title.trim(), dueDate: s.dueDate })) }));
      void Taro.showToast({ title: '已安排', icon: 'none' });
    } catch (e) {
      setError(councilsErrorText(e));
    }
  };
  return (
    <View className='qy-card'>
      <View className='qy-label'>安排落实</View>
      <Text className='qy-label'>负责落实的单位</Text>
      <View className='qy-chips'>
        {bodies.map((b) => (
          <View key={b.key} className={`qy-chip ${body === b.key ? 'qy-chip--on' : ''}`} role='radio' aria-checked={body === b.key} onClick={() => setBody(b.key)}>{b.name}</View>
        ))}
      </View>
      {steps.map((s, i) => (
        <View key={i} className='qy-field'>
          <Text className='qy-label'>{`第 ${i + 1} 步`}</Text>
          <Input className='qy-input' value={s.title} maxlength={60} placeholder='做什么' onInput={(e) => setSteps(steps.map((x, j) => (j === i ? { ...x, title: e.detail.value } : x)))} />
          <Picker mode='date' value={s.dueDate} onChange={(e) => setSteps(steps.map((x, j) => (j === i ? { ...x, dueDate: String(e.detail.value) } : x)))}>
            <View className='qy-chip qy-chip--on'>{`${formatDay(s.dueDate)}前完成`}</View>
          </Picker>
        </View>
      ))}
      <Button className='qy-btn qy-btn--plain' onClick={() => setSteps([...steps, { title: '', dueDate: steps[steps.length - 1]!.dueDate }])}>再加一步</Button>
      {error && <View className='qy-notice'>{error}</View>}
      <Button className='qy-btn' disabled={!body} onClick={() => void save()}>保存落实安排</Button>
    </View>
  );
}

/** A decision and how it is carried out: the responsible body, its steps with deadlines and progress, the households' rating. */
export default function Decision() {
  const params = useRouteParams(ROUTES.council.decision);
  const { data: d, loading, error, reload, setData } = useCouncils('decision', params.id ? { decisionId: params.id } : null, '没有找到这项决定');
  const [ask, setAsk] = useState<Ask | null>(null);
  if (!d) return <PageShell><View className={error ? 'qy-notice' : 'qy-muted'}>{loading ? '正在加载…' : error}</View></PageShell>;
  const spec: ConfirmSpec | null = !ask
    ? null
    : 'stars' in ask
      ? { title: `评价：${ask.stars} 星`, message: '每户评价一次，提交后不能更改。', confirmText: '提交评价' }
      : { title: `「${ask.report.title}」完成 ${percent(ask.progress)}`, message: ask.progress === 100 ? '确认这一步已经完成？' : '报告这一步的进度，关注的居民会收到通知。', confirmText: '报告进度', input: { label: '情况说明（可以不填）', placeholder: '如：材料已采购', required: false, maxLength: 200 } };
  const confirm = async (text: string) => {
    try {
      if (ask && 'stars' in ask) setData(await councilsCall('rateDecision', { decisionId: d.id, stars: ask.stars }));
      else if (ask) setData(await councilsCall('reportStep', { decisionId: d.id, stepId: ask.report.id, progress: ask.progress, note: text.trim().length >= 2 ? text.trim() : null }));
    } catch (e) {
      void reload();
      throw new Error(councilsErrorText(e));
    }
    setAsk(null);
  };
  return (
    <PageShell>
      <View className='qy-title'>{d.topicTitle}</View>
      <View className='qy-muted'>{`${formatDay(d.decidedAt)} · ${d.ruleLabel}`}</View>
      <View className='qy-card'>{d.text}</View>
      {d.voteId && <Button className='qy-btn qy-btn--plain' onClick={go(ROUTES.council.vote.url({ id: d.voteId }))}>看表决结果</Button>}
      <View className='qy-section-title'>{d.responsibleName ? `落实：${d.responsibleName}负责` : '落实：还没有安排'}</View>
      <View className='decision__bar'>
        <View className='decision__fill' style={{ width: percent(d.progress) }} />
      </View>
      <View>{`总进度 ${percent(d.progress)}${d.status === 'done' ? '，已全部落实' : ''}`}</View>
      {d.steps.map((s) => (
        <View key={s.id} className='decision__step'>
          <View className='qy-label'>{`${s.done ? '✔' : '○'} ${s.title}`}</View>
          <View>
            <Text>{`${formatDay(s.dueDate)}前 · 完成 ${percent(s.progress)}`}</Text>
            {s.overdue && <Text className='decision__late'> · 已超期</Text>}
          </View>
          {s.note && <View className='qy-muted'>{s.note}</View>}
          {d.mayReport && !s.done && (
            <View className='qy-chips'>
              {[25, 50, 75, 100].filter((p) => p > s.progress).map((p) => (
                <View key={p} className='qy-chip' role='button' onClick={() => setAsk({ report: s, progress: p })}>{p === 100 ? '已完成' : `完成 ${p}%`}</View>
              ))}
            </View>
          )}
        </View>
      ))}
      {d.mayPlan && d.status === 'planning' && <Plan d={d} onSaved={setData} />}
      {d.status === 'done' && (
        <View className='qy-card'>
          <View className='qy-label'>{d.rating.count ? `${d.rating.count} 户评价，平均 ${d.rating.average} 星` : '还没有人评价'}</View>
          {d.rating.mine && <View>{`您家的评价：${'★'.repeat(d.rating.mine)}`}</View>}
          {d.rating.canRate && (
            <View className='decision__stars'>
              {[1, 2, 3, 4, 5].map((n) => (
                <View key={n} className='decision__star' role='button' aria-label={`${n} 星`} onClick={() => setAsk({ stars: n })}>{'★'.repeat(n)}</View>
              ))}
            </View>
          )}
        </View>
      )}
      <ConfirmDialog spec={spec} onConfirm={confirm} onClose={() => setAsk(null)} />
    </PageShell>
  );
}
