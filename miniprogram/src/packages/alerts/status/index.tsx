import { useState } from 'react';
import { View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { useRouteParams } from '../../../client/navigate';
import { formatDate } from '../../../client/format';
import { alertsCall, alertsErrorText, useAlerts, type AlertsOutput } from '../../../hooks/use-alerts';
import { ROUTES } from '../../../routes';
import { alertHeadline, careKindsLabel } from '../labels';
import './index.scss';

type Row = AlertsOutput<'status'>['grids'][number];
type People = AlertsOutput<'gridStatus'>['notReached'];

const ESCALATED = ['', ' · 已提醒村干部', ' · 已报镇上'];

function GridRow({ alertId, row }: { alertId: string; row: Row }) {
  const [people, setPeople] = useState<People | null>(null);
  const [error, setError] = useState<string | null>(null);
  const open = async () => {
    try {
      setPeople((await alertsCall('gridStatus', { alertId, gridId: row.gridId })).notReached);
    } catch (e) {
      setError(alertsErrorText(e));
    }
  };
  return (
    <View className={`qy-card ${row.acked ? 'alert-grid--done' : 'alert-grid--open'}`}>
      <View className='qy-section-title'>{`${row.villageName}${row.gridName}：${row.acked ? '已通知到户' : '还没确认'}${ESCALATED[row.escalated] ?? ''}`}</View>
      <View>{`通知到 ${row.householdsReached} / ${row.households} 户 · 关爱对象当面通知 ${row.careReached} / ${row.careTotal} 人`}</View>
      {row.firstAckAt && <View className='alert-line'>{`首次确认：${formatDate(row.firstAckAt)}`}</View>}
      {row.careReached < row.careTotal && !people && <Button className='qy-btn qy-btn--plain' onClick={() => void open()}>看看还有谁没通知到</Button>}
      {error && <View className='qy-notice'>{error}</View>}
      {people && people.length === 0 && <View className='qy-muted'>关爱对象都已当面通知到</View>}
      {people?.map((p) => (
        <View key={p.id} className='alert-person'>{`${p.name}（${careKindsLabel(p.kinds)}）${p.address}${p.phoneMasked ? ` · ${p.phoneMasked}` : ''}${p.contactName ? ` · 联系人：${p.contactName}` : ''}`}</View>
      ))}
    </View>
  );
}

/** The issuer's live list: grids not yet acknowledged first, with the care-register people not yet reached. */
export default function AlertStatusPage() {
  const params = useRouteParams(ROUTES.alerts.status);
  const { data, error, reload } = useAlerts('status', params.id ? { alertId: params.id } : null, '没有找到这条预警');
  if (!data) return <PageShell><View className={error ? 'qy-notice' : 'qy-muted'}>{error ?? '正在加载…'}</View></PageShell>;
  const { alert: a, totals } = data;
  return (
    <PageShell>
      <View className='qy-title'>通知到户情况</View>
      <View className='qy-section-title'>{`${alertHeadline(a)}：${a.title}`}</View>
      <View className='qy-card'>
        <View>{`网格：已确认 ${totals.acked} / ${totals.grids} 个`}</View>
        <View>{`住户：通知到 ${totals.householdsReached} / ${totals.households} 户`}</View>
        <View>{`关爱对象：当面通知 ${totals.careReached} / ${totals.careTotal} 人`}</View>
        <View className='alert-line'>{`确认时限：${formatDate(a.ackDueAt)}`}</View>
      </View>
      <Button className='qy-btn qy-btn--plain' onClick={() => void reload()}>刷新</Button>
      {data.grids.map((r) => <GridRow key={r.gridId} alertId={a.id} row={r} />)}
    </PageShell>
  );
}
