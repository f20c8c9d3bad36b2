import { useState } from 'react';
import { View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { alertsCall, alertsErrorText, useAlerts, type AlertSummary } from '../../../hooks/use-alerts';
import { useSignedInUser } from '../../../hooks/use-session';
import { hasRole } from '../../../client/session';
import { go } from '../../../client/navigate';
import { formatDate } from '../../../client/format';
import { ROUTES } from '../../../routes';
import { ALERT_STATUS_LABELS, SEVERITY_CLASS, alertHeadline } from '../labels';
import './index.scss';

function AlertCard({ a }: { a: AlertSummary }) {
  const live = a.status === 'active';
  return (
    <View className='qy-card'>
      <View className={`alert-band alert-band--${live ? SEVERITY_CLASS[a.severity] : 'off'}`}>{`${alertHeadline(a)}${live ? '' : ` · ${ALERT_STATUS_LABELS[a.status]}`}`}</View>
      <View className='qy-section-title'>{a.title}</View>
      <View>{a.instruction}</View>
      <View className='alert-line'>{`范围：${a.areaNames.join('、')} · ${formatDate(a.issuedAt)}发布`}</View>
      {a.canSeeStatus && <View className='alert-line'>{`已通知到户：${a.ackedGrids} / ${a.gridCount} 个网格`}</View>}
      <View className='qy-actions'>
        <Button className='qy-btn' onClick={go(ROUTES.alerts.detail.url({ id: a.id }))}>查看预警</Button>
        {a.canAcknowledge && live && <Button className='qy-btn qy-btn--ghost' onClick={go(ROUTES.alerts.ack.url({ id: a.id }))}>确认已通知到户</Button>}
        {a.canSeeStatus && <Button className='qy-btn qy-btn--plain' onClick={go(ROUTES.alerts.status.url({ id: a.id }))}>通知到户情况</Button>}
      </View>
    </View>
  );
}

/** Alerts in force where the person lives or serves; for town and county cadres also every alert issued, newest first. */
export default function AlertsPage() {
  const { user } = useSignedInUser();
  const issuer = Boolean(user && (hasRole(user, 'town-cadre') || hasRole(user, 'county-admin')));
  const current = useAlerts('current', user ? {} : null);
  const history = useAlerts('issued', issuer ? { limit: 20 } : null);
  const [more, setMore] = useState<AlertSummary[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const next = cursor === undefined ? history.data?.nextCursor ?? null : cursor;

  const loadMore = async () => {
    if (!next) return;
    try {
      const page = await alertsCall('issued', { limit: 20, cursor: next });
      setMore([...more, ...page.items]);
      setCursor(page.nextCursor);
    } catch (e) {
      setError(alertsErrorText(e));
    }
  };

  const items = current.data?.items ?? [];
  return (
    <PageShell>
      <View className='qy-title'>风险预警</View>
      {issuer && <Button className='qy-btn' onClick={go(ROUTES.alerts.issue.url())}>发布预警</Button>}
      {current.error && <View className='qy-notice'>{current.error}</View>}
      {!current.loading && items.length === 0 && <View className='qy-notice'>现在没有发给您所在地方的预警</View>}
      {items.map((a) => <AlertCard key={a.id} a={a} />)}
      {issuer && (
        <View>
          <View className='qy-section-title'>发布过的预警</View>
          {history.error && <View className='qy-notice'>{history.error}</View>}
          {[...(history.data?.items ?? []), ...more].map((a) => <AlertCard key={`h-${a.id}`} a={a} />)}
          {error && <View className='qy-notice'>{error}</View>}
          {next && <Button className='qy-btn qy-btn--plain' onClick={() => void loadMore()}>加载更多</Button>}
        </View>
      )}
    </PageShell>
  );
}
