import { useState } from 'react';
import { Input, View } from '@tarojs/components';
import { SIGNAL_SOURCE_LABELS, falseAlarmRate } from '@shared/domain/signal-rules';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { alertsCall, alertsErrorText, useAlerts, type AlertsOutput } from '../../../hooks/use-alerts';
import { useSignedInUser } from '../../../hooks/use-session';
import { hasRole } from '../../../client/session';
import './index.scss';

type Rule = AlertsOutput<'signalRules'>['items'][number];

function RuleCard({ initial, editable }: { initial: Rule; editable: boolean }) {
  const [r, setR] = useState(initial);
  const [days, setDays] = useState(String(r.windowDays));
  const [threshold, setThreshold] = useState(String(r.threshold));
  const [msg, setMsg] = useState<string | null>(null);
  const rate = falseAlarmRate(r);
  const save = async (enabled: boolean) => {
    setMsg(null);
    try {
      setR(await alertsCall('updateSignalRule', { ruleId: r.id, title: r.title, enabled, windowDays: Number(days), threshold: Number(threshold), caseTypes: r.caseTypes }));
      setMsg('已保存');
    } catch (e) {
      setMsg(alertsErrorText(e));
    }
  };
  return (
    <View className='qy-card'>
      <View className='qy-section-title'>{`${r.title}${r.enabled ? '' : '（已停用）'}`}</View>
      <View className='alert-line'>{`来源：${SIGNAL_SOURCE_LABELS[r.source]} · ${r.windowDays} 天内 ≥ ${r.threshold} 件`}</View>
      <View>{`提出 ${r.raised} 条 · 已处置 ${r.closed} 条 · 误报 ${r.falseAlarms} 条${rate === null ? '' : `（误报率 ${Math.round(rate * 100)}%）`}`}</View>
      {editable && (
        <View>
          <View className='qy-row'>
            <Input className='qy-input' type='number' value={days} onInput={(e) => setDays(e.detail.value)} />
            <View>天内</View>
            <Input className='qy-input' type='number' value={threshold} onInput={(e) => setThreshold(e.detail.value)} />
            <View>件</View>
          </View>
          <Button className='qy-btn qy-btn--ghost' onClick={() => void save(r.enabled)}>保存</Button>
          <Button className='qy-btn qy-btn--plain' onClick={() => void save(!r.enabled)}>{r.enabled ? '停用这条规则' : '启用这条规则'}</Button>
        </View>
      )}
      {msg && <View className='qy-notice'>{msg}</View>}
    </View>
  );
}

/** The county's 研判 rules with how often each was right; the county admin edits them. */
export default function SignalRulesPage() {
  const { user } = useSignedInUser();
  const { data, error } = useAlerts('signalRules', user ? {} : null);
  const editable = Boolean(user && hasRole(user, 'county-admin'));
  return (
    <PageShell>
      <View className='qy-title'>研判规则</View>
      <View className='qy-muted'>每条规则说明从哪些事件、多长时间、多少件算一个风险苗头；误报多的规则可以调高门槛或停用。</View>
      {error && <View className='qy-notice'>{error}</View>}
      {data?.items.map((r) => <RuleCard key={r.id} initial={r} editable={editable} />)}
    </PageShell>
  );
}
