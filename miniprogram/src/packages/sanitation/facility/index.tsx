import { useState } from 'react';
import { View } from '@tarojs/components';
import { chinaDate } from '@shared/domain/china-time';
import { dayForPeople, whenForPeople } from '@shared/domain/for-people';
import { FACILITY_KIND_LABELS, FACILITY_STATUS_LABELS, SEWAGE_MODE_LABELS, type FacilityStatus } from '@shared/domain/sanitation-facility';
import { Button } from '../../../components/Button';
import { ConfirmDialog, DialogError, type ConfirmSpec } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { go, useRouteParams } from '../../../client/navigate';
import { sanitationCall, sanitationErrorText, useSanitation } from '../../../hooks/use-sanitation';
import { ROUTES } from '../../../routes';
import '../components/sanitation.scss';

type Pending = { kind: 'status'; status: FacilityStatus } | { kind: 'inspect'; ok: boolean } | { kind: 'run' };

function specOf(p: Pending): ConfirmSpec {
  if (p.kind === 'run') {
    return { title: '登记今天的清运', message: '登记后，超时未清运的提醒重新计时。', confirmText: '登记', input: { label: '清运量（桶或吨）', placeholder: '如：4', required: true, maxLength: 6 } };
  }
  if (p.kind === 'inspect') {
    return {
      title: p.ok ? '巡查：正常' : '巡查：发现问题',
      message: p.ok ? '记录今天巡查，设施运行正常。' : '记录今天巡查发现的问题；正常运行的设施会标为故障，并通知村干部。',
      confirmText: '记录巡查',
      input: { label: '巡查情况', placeholder: p.ok ? '如：桶内清洁，周边无垃圾' : '如：两个垃圾桶盖子坏了', required: true, maxLength: 200 },
    };
  }
  return {
    title: `改为「${FACILITY_STATUS_LABELS[p.status]}」`,
    message: p.status === 'faulty' ? '标为故障后，村干部会收到通知。' : '状态变化会记入设施的历史。',
    confirmText: '确认',
    input: { label: '说明（可以不填）', placeholder: '如：已联系维修', required: false, maxLength: 100 },
  };
}

/** One facility: where, who is responsible, its status history and inspections; keepers record here. */
export default function FacilityPage() {
  const params = useRouteParams(ROUTES.sanitation.facility);
  const { data: f, error, setData } = useSanitation('facility', params.id ? { facilityId: params.id } : null, '没有找到这个设施');
  const [pending, setPending] = useState<Pending | null>(null);
  if (!f) return <PageShell><View className={error ? 'qy-notice' : 'qy-muted'}>{error ?? '正在加载…'}</View></PageShell>;

  const confirm = async (text: string) => {
    if (!pending) return;
    try {
      if (pending.kind === 'run') {
        const volume = Number(text);
        if (!(volume > 0)) throw new DialogError('请填写清运量，如 4');
        const collection = f.kind === 'collection-point';
        const out = await sanitationCall('logRun', { facilityId: f.id, kind: collection ? 'collection' : 'transfer', date: chinaDate(new Date()), volume, unit: collection ? '桶' : '吨' });
        setData(out.facility);
        return;
      }
      const next =
        pending.kind === 'inspect'
          ? await sanitationCall('inspect', { facilityId: f.id, date: chinaDate(new Date()), ok: pending.ok, findings: text })
          : await sanitationCall('setFacilityStatus', { facilityId: f.id, status: pending.status, ...(text.trim() ? { note: text.trim() } : {}) });
      setData(next);
    } catch (e) {
      if (e instanceof DialogError) throw e;
      throw new DialogError(sanitationErrorText(e));
    }
  };

  return (
    <PageShell>
      <View className='qy-title'>{f.name}</View>
      <View className='qy-card'>
        <View className='qy-label'>
          {FACILITY_KIND_LABELS[f.kind]}
          {f.mode ? `（${SEWAGE_MODE_LABELS[f.mode]}）` : ''} · {FACILITY_STATUS_LABELS[f.status]}
        </View>
        <View>在哪里：{f.place.description}（{f.unitName}）</View>
        {f.capacity && <View>规模：{f.capacity.value} {f.capacity.unit}</View>}
        {f.householdsServed !== null && <View>服务：{f.householdsServed} 户</View>}
        {f.collectEveryDays !== null && <View>清运：至少每 {f.collectEveryDays} 天一次{f.lastCollectedAt ? `，上次 ${whenForPeople(f.lastCollectedAt)}` : ''}</View>}
        <View>
          负责：{f.responsible.unitName}
          {f.responsible.personName ? ` ${f.responsible.personName}` : ''}
          {f.responsible.phone ? ` ${f.responsible.phone}` : ''}
        </View>
      </View>
      {f.openOrderId ? (
        <Button className='qy-btn qy-btn--ghost' onClick={go(ROUTES.sanitation.order.url({ id: f.openOrderId }))}>
          已有人报告了问题，看处理进展
        </Button>
      ) : (
        f.status !== 'retired' && (
          <Button className='qy-btn' onClick={go(ROUTES.sanitation.report.url({ facilityId: f.id }))}>
            随手拍：报告这个设施的问题
          </Button>
        )
      )}

      {f.canKeep && f.status !== 'retired' && (
        <View className='qy-actions'>
          {(f.kind === 'collection-point' || f.kind === 'transfer-station' || f.kind === 'treatment-plant') && (
            <Button className='qy-btn' onClick={() => setPending({ kind: 'run' })}>登记今天的清运</Button>
          )}
          <Button className='qy-btn qy-btn--ghost' onClick={() => setPending({ kind: 'inspect', ok: true })}>巡查：正常</Button>
          <Button className='qy-btn qy-btn--ghost' onClick={() => setPending({ kind: 'inspect', ok: false })}>巡查：发现问题</Button>
          {f.nextStatuses.map((s) => (
            <Button key={s} className='qy-btn qy-btn--plain' onClick={() => setPending({ kind: 'status', status: s })}>
              改为{FACILITY_STATUS_LABELS[s]}
            </Button>
          ))}
        </View>
      )}

      <View className='qy-section-title'>状态记录</View>
      {[...f.history].reverse().map((h, i) => (
        <View key={i} className='qy-card'>
          <View className='qy-label'>{FACILITY_STATUS_LABELS[h.status]}</View>
          <View className='qy-muted'>
            {whenForPeople(h.at)} · {h.byName}
            {h.note ? ` · ${h.note}` : ''}
          </View>
        </View>
      ))}
      <View className='qy-section-title'>巡查记录</View>
      {f.inspections.length === 0 && <View className='qy-muted'>还没有巡查记录。</View>}
      {f.inspections.map((i) => (
        <View key={i.id} className='qy-card'>
          <View className='qy-label'>
            {dayForPeople(i.date)} · {i.ok ? '正常' : '发现问题'}
          </View>
          <View>{i.findings}</View>
          <View className='qy-muted'>巡查人：{i.inspectorName}</View>
        </View>
      ))}
      <ConfirmDialog spec={pending ? specOf(pending) : null} onConfirm={confirm} onClose={() => setPending(null)} />
    </PageShell>
  );
}
