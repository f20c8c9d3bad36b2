import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { CASE_LEVELS, LEVEL_LABELS, RISK_LABELS } from '@shared/domain/case-catalogue';
import { describeConditions } from '@shared/domain/case-routing';
import { PageShell } from '../../../components/PageShell';
import { useRoutingRules, type RoutingPreview, type RoutingRuleSet } from '../../../hooks/use-cases';
import { plainError } from '../../../client/error-text';
import { formatDate } from '../../../client/format';
import './index.scss';

type Rule = RoutingRuleSet['rules'][number];

/** County admin: the dispute routing rules (小事不出村、大事不出镇): change a rule's level or drop it, preview on last month's cases, save as a new version. */
export default function RoutingRules() {
  const { set, error, preview, save } = useRoutingRules();
  const [draft, setDraft] = useState<Rule[] | null>(null);
  const [result, setResult] = useState<RoutingPreview | null>(null);
  const [note, setNote] = useState('');

  useEffect(() => {
    if (set) setDraft(set.rules);
  }, [set]);

  if (!set || !draft) return <PageShell><View className={error ? 'qy-notice' : 'qy-muted'}>{error ?? '正在加载…'}</View></PageShell>;
  const typeLabel = (code: string) => set.types.find((t) => t.code === code)?.label ?? '其他类型';
  const change = (next: Rule[]) => {
    setDraft(next);
    setResult(null);
  };

  const runPreview = async () => {
    try {
      setResult(await preview(draft));
    } catch (e) {
      void Taro.showToast({ title: plainError(e), icon: 'none' });
    }
  };
  const runSave = async () => {
    try {
      await save(draft, note);
      setNote('');
      setResult(null);
      void Taro.showToast({ title: '已保存为新版本', icon: 'none' });
    } catch (e) {
      void Taro.showToast({ title: plainError(e), icon: 'none' });
    }
  };

  return (
    <PageShell>
      <View className='qy-title'>纠纷分级规则</View>
      <View className='qy-muted routing__line'>
        第 {set.version} 版{set.updatedAt ? `，${set.updatedByName ?? ''}于${formatDate(set.updatedAt)}修改` : '（初始规则）'}。命中多条时按最高层级办理，都不命中由村级调解。
      </View>
      {draft.map((r, i) => (
        <View key={r.id} className='qy-card'>
          <View className='routing__line'>{describeConditions({ ...r.when, minAmountFen: r.when.minAmountYuan !== undefined ? r.when.minAmountYuan * 100 : undefined }, typeLabel, (k) => RISK_LABELS[k])}</View>
          <View className='routing__line qy-muted'>{r.reason}</View>
          <View className='qy-chips' role='radiogroup' aria-label='由哪一级办理'>
            {CASE_LEVELS.map((l) => (
              <View key={l} role='radio' aria-checked={r.level === l} className={`qy-chip ${r.level === l ? 'qy-chip--on' : ''}`} onClick={() => change(draft.map((x, j) => (j === i ? { ...x, level: l } : x)))}>
                {LEVEL_LABELS[l]}
              </View>
            ))}
          </View>
          <Button className='qy-btn qy-btn--plain' onClick={() => change(draft.filter((_, j) => j !== i))}>
            删除这条规则
          </Button>
        </View>
      ))}
      <Button className='qy-btn qy-btn--ghost' onClick={() => void runPreview()}>
        用上个月的纠纷试一试
      </Button>
      {result && (
        <View className='qy-card'>
          <View className='routing__line'>
            {`上个月研判的 ${result.assessed} 件纠纷中，按修改后的规则有 ${result.changed} 件会改由其他层级办理`}
            {result.capped ? '（只统计了前 1000 件）' : ''}。
          </View>
          {result.examples.map((x) => (
            <View key={x.caseId} className='routing__line qy-muted'>
              {x.unitName} {x.typeLabel}：{LEVEL_LABELS[x.from]} → {LEVEL_LABELS[x.to]}
            </View>
          ))}
        </View>
      )}
      <Input className='qy-input' placeholder='修改说明（必填，如：提高镇级办理的金额门槛）' value={note} onInput={(e) => setNote(e.detail.value)} />
      <Button className='qy-btn' disabled={note.trim().length < 2} onClick={() => void runSave()}>
        保存为新版本
      </Button>
      {set.history.length > 0 && <View className='qy-muted routing__line'>历次修改：{set.history.map((h) => `第${h.version}版 ${h.byName}：${h.changeNote}`).join('；')}</View>}
    </PageShell>
  );
}
