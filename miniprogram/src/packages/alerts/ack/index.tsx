import { useState } from 'react';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { ApiError } from '../../../client/cloud';
import { useRouteParams } from '../../../client/navigate';
import { formatDate } from '../../../client/format';
import { useSubscribeAt } from '../../../hooks/use-subscribe';
import { alertsCall, alertsErrorText, useAlerts, type AlertsOutput } from '../../../hooks/use-alerts';
import { ROUTES } from '../../../routes';
import { alertHeadline, careKindsLabel } from '../labels';
import './index.scss';

type Grid = AlertsOutput<'ackSheet'>['grids'][number];

/** One grid: how many households were told, and the care-register people told in person, ticked off. */
function GridSheet({ alertId, grid, onDone }: { alertId: string; grid: Grid; onDone: (g: Grid) => void }) {
  const [households, setHouseholds] = useState(String(grid.mine?.householdsReached ?? grid.households));
  const [ticked, setTicked] = useState<string[]>(grid.mine?.careReachedIds ?? []);
  const [note, setNote] = useState(grid.mine?.note ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const ask = useSubscribeAt('alert.acknowledge');

  const submit = async () => {
    ask();
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const n = Number(households);
      const g = await alertsCall('acknowledge', { alertId, gridId: grid.gridId, householdsReached: Number.isInteger(n) ? n : -1, careReachedIds: ticked, note: note.trim() });
      setSaved('已确认通知到户，谢谢！');
      onDone(g);
    } catch (e) {
      setError(e instanceof ApiError && e.code === 'INVALID_INPUT' ? e.fieldError('householdsReached') ?? e.fieldError('careReachedIds') ?? alertsErrorText(e) : alertsErrorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='qy-card'>
      <View className='qy-section-title'>{`${grid.villageName}${grid.gridName}（共 ${grid.households} 户）`}</View>
      {grid.ackers.length > 0 && <View className='alert-line'>{`已确认：${grid.ackers.map((x) => `${x.name} ${formatDate(x.at)}`).join('；')}`}</View>}
      <View className='qy-field'>
        <Text className='qy-label'>通知到了多少户</Text>
        <Input className='qy-input' type='number' value={households} onInput={(e) => setHouseholds(e.detail.value)} />
      </View>
      <View className='qy-field'>
        <Text className='qy-label'>当面通知到的关爱对象（点一下打勾）</Text>
        {grid.care.length === 0 && <View className='qy-muted'>本网格还没有登记关爱对象</View>}
        {grid.care.map((c) => {
          const on = ticked.includes(c.id);
          return (
            <View key={c.id} className={`alert-person ${on ? 'alert-person--on' : ''}`} role='checkbox' aria-checked={on} onClick={() => setTicked(on ? ticked.filter((x) => x !== c.id) : [...ticked, c.id])}>
              {`${on ? '☑' : '☐'} ${c.name}（${careKindsLabel(c.kinds)}）${c.address}${c.reached && !on ? ' · 别的网格长已通知' : ''}`}
            </View>
          );
        })}
      </View>
      <View className='qy-field'>
        <Text className='qy-label'>情况说明（可以不填）</Text>
        <Textarea className='qy-textarea' value={note} maxlength={200} placeholder='如：3 组王大爷家没人，已托邻居转告' onInput={(e) => setNote(e.detail.value)} />
      </View>
      {error && <View className='qy-notice'>{error}</View>}
      {saved && <View className='qy-notice'>{saved}</View>}
      <Button className='qy-btn' disabled={busy} onClick={() => void submit()}>{grid.mine ? '更新确认' : '提交：已通知到户'}</Button>
    </View>
  );
}

/** The grid leader's page: each of their grids in the alert's area. */
export default function AckPage() {
  const params = useRouteParams(ROUTES.alerts.ack);
  const { data, error, setData } = useAlerts('ackSheet', params.id ? { alertId: params.id } : null, '没有找到这条预警');
  if (!data) return <PageShell><View className={error ? 'qy-notice' : 'qy-muted'}>{error ?? '正在加载…'}</View></PageShell>;
  const a = data.alert;
  return (
    <PageShell>
      <View className='qy-title'>确认已通知到户</View>
      <View className='qy-section-title'>{`${alertHeadline(a)}：${a.title}`}</View>
      <View>{a.instruction}</View>
      <View className='alert-line'>{`请在 ${formatDate(a.ackDueAt)} 前通知到每一户，独居老人、留守儿童等关爱对象要当面告知。`}</View>
      {data.grids.map((g) => (
        <GridSheet key={g.gridId} alertId={a.id} grid={g} onDone={(next) => setData({ ...data, grids: data.grids.map((x) => (x.gridId === next.gridId ? next : x)) })} />
      ))}
    </PageShell>
  );
}
