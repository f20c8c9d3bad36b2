import { useState } from 'react';
import { Input, View } from '@tarojs/components';
import { SIGNAL_OUTCOMES, SIGNAL_OUTCOME_LABELS, type SignalOutcome } from '@shared/domain/signal-rules';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { formatDate } from '../../../client/format';
import { go, useRouteParams } from '../../../client/navigate';
import { alertsCall, alertsErrorText, useAlerts, type AlertsOutput } from '../../../hooks/use-alerts';
import { useSignedInUser } from '../../../hooks/use-session';
import { hasRole } from '../../../client/session';
import { ROUTES } from '../../../routes';
import './index.scss';

type Signal = AlertsOutput<'signal'>;

function SignalCard({ initial }: { initial: Signal }) {
  const [s, setS] = useState(initial);
  const [outcome, setOutcome] = useState<SignalOutcome>('visit');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const close = async () => {
    setBusy(true);
    setError(null);
    try {
      setS(await alertsCall('closeSignal', { signalId: s.id, outcome, note: note.trim() }));
    } catch (e) {
      setError(alertsErrorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className='qy-card'>
      <View className='qy-section-title'>{`${s.villageName}：${s.ruleTitle}`}</View>
      <View>{s.explanation}</View>
      <View className='alert-line'>{`${formatDate(s.raisedAt)}提出 · 依据 ${s.eventCount} 件：`}</View>
      {s.events.map((e) => (
        <View key={e.id} className='alert-line'>{`· ${e.label}`}</View>
      ))}
      {s.status === 'closed' && s.outcome && <View className='qy-notice'>{`${SIGNAL_OUTCOME_LABELS[s.outcome]}（${s.closedByName ?? ''}）：${s.note ?? ''}`}</View>}
      {s.canClose && (
        <View>
          <View className='qy-chips'>
            {SIGNAL_OUTCOMES.map((o) => (
              <View key={o} className={`qy-chip ${o === outcome ? 'qy-chip--on' : ''}`} role='radio' aria-checked={o === outcome} onClick={() => setOutcome(o)}>
                {SIGNAL_OUTCOME_LABELS[o]}
              </View>
            ))}
          </View>
          <Input className='qy-input' value={note} maxlength={200} placeholder='做了什么、结果如何' onInput={(e) => setNote(e.detail.value)} />
          {error && <View className='qy-notice'>{error}</View>}
          <Button className='qy-btn' disabled={busy} onClick={() => void close()}>处置完成</Button>
        </View>
      )}
    </View>
  );
}

/** The handlers' inbox of 研判 signals: open ones to act on, closed ones for the record. */
export default function SignalsPage() {
  const params = useRouteParams(ROUTES.alerts.signals);
  const { user } = useSignedInUser();
  const [status, setStatus] = useState<'open' | 'closed'>('open');
  const one = useAlerts('signal', params.id ? { signalId: params.id } : null);
  const list = useAlerts('signals', params.id ? null : { status, limit: 50 });
  return (
    <PageShell>
      <View className='qy-title'>研判信号</View>
      <View className='qy-muted'>系统按研判规则，从纠纷、心愿和小微权力事项中发现的风险苗头，请核实后处置。</View>
      {user && hasRole(user, 'county-admin') && <Button className='qy-btn qy-btn--plain' onClick={go(ROUTES.alerts.signalRules.url())}>研判规则</Button>}
      {params.id ? (
        <View>
          {one.error && <View className='qy-notice'>{one.error}</View>}
          {one.data && <SignalCard key={one.data.id} initial={one.data} />}
          <Button className='qy-btn qy-btn--plain' onClick={go(ROUTES.alerts.signals.url())}>全部研判信号</Button>
        </View>
      ) : (
        <View>
          <View className='qy-chips'>
            {(['open', 'closed'] as const).map((k) => (
              <View key={k} className={`qy-chip ${k === status ? 'qy-chip--on' : ''}`} role='radio' aria-checked={k === status} onClick={() => setStatus(k)}>
                {k === 'open' ? '待处置' : '已处置'}
              </View>
            ))}
          </View>
          {list.error && <View className='qy-notice'>{list.error}</View>}
          {!list.loading && list.data?.items.length === 0 && <View className='qy-notice'>{status === 'open' ? '现在没有待处置的研判信号' : '还没有处置过的研判信号'}</View>}
          {list.data?.items.map((s) => <SignalCard key={`${s.id}-${s.status}`} initial={s} />)}
        </View>
      )}
    </PageShell>
  );
}
