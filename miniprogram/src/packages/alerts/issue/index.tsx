import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { ALERT_KINDS, ALERT_SEVERITIES, ALERT_URGENCIES, type AlertKind, type AlertSeverity, type AlertUrgency } from '@shared/domain/alert-rules';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { ApiError } from '../../../client/cloud';
import { newRequestId } from '../../../client/request-id';
import { useRouteParams } from '../../../client/navigate';
import { alertsCall, alertsErrorText, useAlerts, type AlertView } from '../../../hooks/use-alerts';
import { ROUTES } from '../../../routes';
import { ALERT_KIND_LABELS, ALERT_SEVERITY_LABELS, ALERT_URGENCY_LABELS } from '../labels';
import './index.scss';

const ACK_CHOICES = [30, 60, 120, 240] as const;
const EXPIRY_CHOICES = [6, 12, 24, 48, 72] as const;

function Chips<T extends string | number>({ options, value, label, onChange }: { options: readonly T[]; value: T; label: (v: T) => string; onChange: (v: T) => void }) {
  return (
    <View className='qy-chips'>
      {options.map((o) => (
        <View key={String(o)} className={`qy-chip ${o === value ? 'qy-chip--on' : ''}`} role='radio' aria-checked={o === value} onClick={() => onChange(o)}>
          {label(o)}
        </View>
      ))}
    </View>
  );
}

function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const run = async (work: () => Promise<AlertView>) => {
    setBusy(true);
    setError(null);
    setFields({});
    try {
      const a = await work();
      void Taro.redirectTo({ url: ROUTES.alerts.detail.url({ id: a.id }) });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'INVALID_INPUT') setFields(Object.fromEntries((e.issues ?? []).map((i) => [i.path, i.message])));
      setError(alertsErrorText(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, fields, run };
}

/** A new alert: kind, colour, urgency, what to do, the area, how long households have to be told. */
function IssueForm() {
  const places = useAlerts('places', {});
  const [kind, setKind] = useState<AlertKind>('rainstorm');
  const [severity, setSeverity] = useState<AlertSeverity>('severe');
  const [urgency, setUrgency] = useState<AlertUrgency>('expected');
  const [title, setTitle] = useState('');
  const [instruction, setInstruction] = useState('');
  const [description, setDescription] = useState('');
  const [area, setArea] = useState<string[]>([]);
  const [ack, setAck] = useState<number>(60);
  const [expiry, setExpiry] = useState<number>(24);
  const [requestId] = useState(newRequestId);
  const s = useSubmit();
  const units = places.data?.units ?? [];
  const toggle = (id: string) => setArea(area.includes(id) ? area.filter((x) => x !== id) : [...area, id]);

  const submit = () =>
    void s.run(() =>
      alertsCall('issue', { kind, severity, urgency, title: title.trim(), instruction: instruction.trim(), description: description.trim(), areaUnitIds: area, ackWithinMinutes: ack, expiresInHours: expiry, requestId }),
    );

  return (
    <PageShell>
      <View className='qy-title'>发布预警</View>
      <View className='qy-muted'>发布后，范围内每一位居民都会收到；每个网格的网格长要在时限内确认“已通知到户”，没确认的会提醒村（社区）干部和镇上。</View>
      <View className='qy-field'>
        <Text className='qy-label'>预警类型</Text>
        <Chips options={ALERT_KINDS} value={kind} label={(k) => ALERT_KIND_LABELS[k]} onChange={setKind} />
      </View>
      <View className='qy-field'>
        <Text className='qy-label'>预警级别</Text>
        <Chips options={ALERT_SEVERITIES} value={severity} label={(k) => ALERT_SEVERITY_LABELS[k]} onChange={setSeverity} />
      </View>
      <View className='qy-field'>
        <Text className='qy-label'>紧急程度</Text>
        <Chips options={ALERT_URGENCIES} value={urgency} label={(k) => ALERT_URGENCY_LABELS[k]} onChange={setUrgency} />
      </View>
      <View className='qy-field'>
        <Text className='qy-label'>标题</Text>
        <Input className='qy-input' value={title} maxlength={20} placeholder='如：今夜有大暴雨' onInput={(e) => setTitle(e.detail.value)} />
        {s.fields.title && <View className='qy-error'>{s.fields.title}</View>}
      </View>
      <View className='qy-field'>
        <Text className='qy-label'>请群众怎么做（会放大显示）</Text>
        <Textarea className='qy-textarea' value={instruction} maxlength={200} placeholder='如：不要去河边；低洼处的人家晚上八点前到村委会' onInput={(e) => setInstruction(e.detail.value)} />
        {s.fields.instruction && <View className='qy-error'>{s.fields.instruction}</View>}
      </View>
      <View className='qy-field'>
        <Text className='qy-label'>情况说明（可以不填）</Text>
        <Textarea className='qy-textarea' value={description} maxlength={500} onInput={(e) => setDescription(e.detail.value)} />
      </View>
      <View className='qy-field'>
        <Text className='qy-label'>预警范围（可以多选）</Text>
        {places.error && <View className='qy-notice'>{places.error}</View>}
        <View className='qy-chips'>
          {units.map((u) => (
            <View key={u.id} className={`qy-chip ${area.includes(u.id) ? 'qy-chip--on' : ''}`} role='checkbox' aria-checked={area.includes(u.id)} onClick={() => toggle(u.id)}>
              {u.kind === 'town' ? `${u.name}（全镇）` : u.name}
            </View>
          ))}
        </View>
        {s.fields.areaUnitIds && <View className='qy-error'>{s.fields.areaUnitIds}</View>}
      </View>
      <View className='qy-field'>
        <Text className='qy-label'>网格长要在多久内通知到户</Text>
        <Chips options={ACK_CHOICES} value={ack as (typeof ACK_CHOICES)[number]} label={(m) => (m < 60 ? `${m} 分钟` : `${m / 60} 小时`)} onChange={setAck} />
        {s.fields.ackWithinMinutes && <View className='qy-error'>{s.fields.ackWithinMinutes}</View>}
      </View>
      <View className='qy-field'>
        <Text className='qy-label'>预警有效期</Text>
        <Chips options={EXPIRY_CHOICES} value={expiry as (typeof EXPIRY_CHOICES)[number]} label={(h) => `${h} 小时`} onChange={setExpiry} />
      </View>
      {s.error && <View className='qy-notice'>{s.error}</View>}
      <Button className='qy-btn' disabled={s.busy} onClick={submit}>{s.busy ? '正在发布…' : '发布预警'}</Button>
    </PageShell>
  );
}

/** An alert in force: a new version (colour, what to do) or the all-clear. */
function ManageForm({ id }: { id: string }) {
  const { data: a, error } = useAlerts('alert', { alertId: id });
  const [severity, setSeverity] = useState<AlertSeverity | null>(null);
  const [urgency, setUrgency] = useState<AlertUrgency | null>(null);
  const [instruction, setInstruction] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [endNote, setEndNote] = useState('');
  const s = useSubmit();
  if (!a) return <PageShell><View className={error ? 'qy-notice' : 'qy-muted'}>{error ?? '正在加载…'}</View></PageShell>;
  if (!a.canManage) return <PageShell><View className='qy-notice'>这条预警已经解除、过期，或不在您的管辖范围内</View></PageShell>;
  const sev = severity ?? a.severity;
  const urg = urgency ?? a.urgency;
  const todo = instruction ?? a.instruction;
  return (
    <PageShell>
      <View className='qy-title'>{`更新预警：${a.title}`}</View>
      <View className='qy-field'>
        <Text className='qy-label'>预警级别</Text>
        <Chips options={ALERT_SEVERITIES} value={sev} label={(k) => ALERT_SEVERITY_LABELS[k]} onChange={setSeverity} />
      </View>
      <View className='qy-field'>
        <Text className='qy-label'>紧急程度</Text>
        <Chips options={ALERT_URGENCIES} value={urg} label={(k) => ALERT_URGENCY_LABELS[k]} onChange={setUrgency} />
      </View>
      <View className='qy-field'>
        <Text className='qy-label'>请群众怎么做</Text>
        <Textarea className='qy-textarea' value={todo} maxlength={200} onInput={(e) => setInstruction(e.detail.value)} />
        {s.fields.instruction && <View className='qy-error'>{s.fields.instruction}</View>}
      </View>
      <View className='qy-field'>
        <Text className='qy-label'>这次更新了什么</Text>
        <Input className='qy-input' value={note} maxlength={200} placeholder='如：雨势加大，升级为红色预警' onInput={(e) => setNote(e.detail.value)} />
        {s.fields.note && <View className='qy-error'>{s.fields.note}</View>}
      </View>
      <Button className='qy-btn' disabled={s.busy} onClick={() => void s.run(() => alertsCall('update', { alertId: id, severity: sev, urgency: urg, instruction: todo.trim(), note: note.trim() }))}>
        发布更新（范围内每人都会收到）
      </Button>
      <View className='qy-card'>
        <View className='qy-section-title'>解除预警</View>
        <Input className='qy-input' value={endNote} maxlength={200} placeholder='如：降雨已经结束，可以回家了' onInput={(e) => setEndNote(e.detail.value)} />
        <Button className='qy-btn qy-btn--ghost' disabled={s.busy} onClick={() => void s.run(() => alertsCall('end', { alertId: id, note: endNote.trim() }))}>
          解除预警
        </Button>
      </View>
      {s.error && <View className='qy-notice'>{s.error}</View>}
    </PageShell>
  );
}

export default function IssueAlertPage() {
  const params = useRouteParams(ROUTES.alerts.issue);
  return params.id ? <ManageForm id={params.id} /> : <IssueForm />;
}
