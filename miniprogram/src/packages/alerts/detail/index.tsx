import { View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { useAlerts } from '../../../hooks/use-alerts';
import { useSubscribeAt } from '../../../hooks/use-subscribe';
import { go, useRouteParams } from '../../../client/navigate';
import { formatDate } from '../../../client/format';
import { ROUTES } from '../../../routes';
import { ALERT_SEVERITY_LABELS, ALERT_STATUS_LABELS, ALERT_URGENCY_LABELS, SEVERITY_CLASS, alertHeadline } from '../labels';
import './index.scss';

/** The alert as a resident reads it: the colour band, then what to do, large; the rest below. */
export default function AlertDetailPage() {
  const params = useRouteParams(ROUTES.alerts.detail);
  const { data: a, error } = useAlerts('alert', params.id ? { alertId: params.id } : null, '没有找到这条预警');
  const follow = useSubscribeAt('alert.follow');
  if (!a) return <PageShell><View className={error ? 'qy-notice' : 'qy-muted'}>{error ?? '正在加载…'}</View></PageShell>;
  const live = a.status === 'active';
  return (
    <PageShell>
      <View className={`alert-band alert-band--${live ? SEVERITY_CLASS[a.severity] : 'off'}`}>{alertHeadline(a)}</View>
      {!live && <View className='qy-notice'>{a.status === 'ended' ? `预警已解除（${formatDate(a.endedAt ?? a.updatedAt)}）：${a.endNote ?? ''}` : '这条预警已过期'}</View>}
      <View className='qy-title'>{a.title}</View>
      <View className='qy-section-title'>{live ? `${ALERT_URGENCY_LABELS[a.urgency]}，请这样做：` : '当时请大家这样做：'}</View>
      <View className='alert-todo'>{a.instruction}</View>
      {a.description && <View>{a.description}</View>}
      <View className='alert-line'>{`范围：${a.areaNames.join('、')}`}</View>
      <View className='alert-line'>{`${a.issuerUnitName}${a.issuerName}发布于 ${formatDate(a.issuedAt)}，有效到 ${formatDate(a.expiresAt)}`}</View>
      {a.updates.length > 0 && (
        <View className='qy-card'>
          <View className='qy-section-title'>更新记录</View>
          {[...a.updates].reverse().map((u) => (
            <View key={u.version} className='alert-line'>{`${formatDate(u.at)} · ${ALERT_SEVERITY_LABELS[u.severity]}：${u.note}`}</View>
          ))}
        </View>
      )}
      <View className='qy-actions'>
        {live && <Button className='qy-btn qy-btn--ghost' onClick={follow}>以后的预警也通知我</Button>}
        {a.canAcknowledge && live && <Button className='qy-btn' onClick={go(ROUTES.alerts.ack.url({ id: a.id }))}>确认已通知到户</Button>}
        {a.canSeeStatus && <Button className='qy-btn qy-btn--plain' onClick={go(ROUTES.alerts.status.url({ id: a.id }))}>通知到户情况</Button>}
        {a.canManage && <Button className='qy-btn qy-btn--plain' onClick={go(ROUTES.alerts.issue.url({ id: a.id }))}>更新或解除预警</Button>}
      </View>
    </PageShell>
  );
}
