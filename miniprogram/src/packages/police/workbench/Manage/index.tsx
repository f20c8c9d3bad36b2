import { useState, type ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { Input, Picker, Text, Textarea, View } from '@tarojs/components';
import { Button } from '../../../../components/Button';
import { DUTIES, DUTY_LABELS, MODE_LABELS, SERVICE_MODES, type Duty } from '@shared/domain/police-catalog';
import { SLOT_MINUTES, WEEKDAY_LABELS } from '@shared/domain/police-manage';
import { ApiError } from '../../../../client/cloud';
import { STORAGE_KEYS } from '../../../../client/storage';
import { newRequestId } from '../../../../client/request-id';
import { ConfirmDialog, type ConfirmSpec } from '../../../../components/ConfirmDialog';
import { policeErrorText } from '../../../../hooks/use-police';
import { useDraft } from '../../../../hooks/use-draft';
import type { Workbench } from '../../../../hooks/use-workbench';
import { chinaToday, dayLabel, whenLabel } from '../../format';
import {
  DURATIONS,
  EXCEPTION_REASONS,
  exceptionDraftOf,
  exceptionInput,
  hasChanges,
  keptText,
  nextPeriod,
  scheduleInput,
  serviceChanges,
  serviceDraftOf,
  sessionChanges,
  sessionDraftOf,
  weekLabel,
  type ManageService,
  type ManageSession,
  type PeriodRow,
  type ScheduleDraft,
} from '../manage-forms';

type Editing =
  | { kind: 'hours' }
  | { kind: 'exception'; date: string | null }
  | { kind: 'service'; id: string | null }
  | { kind: 'schedule'; id: string }
  | { kind: 'session'; id: string | null };

/** One form is open at a time; its key says which (`service:new`, `exception:2026-12-16`, `hours:`). */
function editKey(e: Editing): string {
  if (e.kind === 'hours') return 'hours:';
  if (e.kind === 'exception') return `exception:${e.date ?? 'new'}`;
  return `${e.kind}:${e.id ?? 'new'}`;
}

type Ask = { kind: 'retire'; service: ManageService } | { kind: 'removeException'; date: string } | { kind: 'cancelSession'; session: ManageSession };

const ASK: Record<Ask['kind'], (a: Ask) => ConfirmSpec> = {
  retire: (a) => ({
    title: '停办这项服务？',
    message: a.kind === 'retire' ? `「${a.service.name}」停办后居民看不到它，已有的预约照常保留。` : '',
    confirmText: '停办',
  }),
  removeException: (a) => ({ title: '删除这个特别安排？', message: a.kind === 'removeException' ? `${dayLabel(a.date)}恢复每周的开放时间。` : '', confirmText: '删除' }),
  cancelSession: (a) => ({
    title: '取消这场活动？',
    message: a.kind === 'cancelSession' ? `「${a.session.title}」已报名 ${a.session.confirmed} 人、候补 ${a.session.waiting} 人，都会收到通知。` : '',
    confirmText: '取消活动',
    input: { label: '取消原因（会告诉报名的居民）', placeholder: '比如：天气原因，改日再办', required: true, maxLength: 100 },
  }),
};

/** The form's error state: a sentence for the form, and the field messages by path. */
function useFormErrors() {
  const [error, setError] = useState<{ text: string; issues: ApiError['issues'] } | null>(null);
  return {
    text: error?.text ?? null,
    field: (path: string) => error?.issues.find((i) => i.path === path)?.message,
    fail: (e: unknown) => setError({ text: `${policeErrorText(e)}。填写的内容已保存。`, issues: e instanceof ApiError ? e.issues : [] }),
    reset: () => setError(null),
  };
}

const draftKey = (homeId: string, form: string) => `${STORAGE_KEYS.policeManageDraft}.${homeId}.${form}`;

function Chips<T extends string | number>({ options, label, on, onTap }: { options: readonly T[]; label: (o: T) => string; on: (o: T) => boolean; onTap: (o: T) => void }) {
  return (
    <View className='qy-chips'>
      {options.map((o) => (
        <View key={String(o)} role='checkbox' aria-checked={on(o)} className={`qy-chip ${on(o) ? 'qy-chip--on' : ''}`} onClick={() => onTap(o)}>
          {on(o) ? '✓ ' : ''}
          {label(o)}
        </View>
      ))}
    </View>
  );
}

function Field({ label, error, children }: { label: string; error?: string; children: ReactNode }) {
  return (
    <View className='qy-field'>
      <Text className='qy-label'>{label}</Text>
      {children}
      {error && <View className='qy-error'>{error}</View>}
    </View>
  );
}

function TimePicker({ label, value, onChange }: { label: string; value: string; onChange: (v: string) => void }) {
  return (
    <Picker mode='time' value={value} onChange={(e) => onChange(String(e.detail.value))}>
      <View className='qy-input police__picker' aria-label={label}>
        {label} {value}
      </View>
    </Picker>
  );
}

/** − n + with big buttons: a number is tapped, not typed. */
function Stepper({ label, value, min, max, step = 1, unit, onChange }: { label: string; value: number; min: number; max: number; step?: number; unit: string; onChange: (v: number) => void }) {
  return (
    <View className='police__stepper' aria-label={label}>
      <Button className='qy-btn qy-btn--plain' disabled={value <= min} onClick={() => onChange(Math.max(min, value - step))}>
        减少
      </Button>
      <Text className='police__stepper-value'>
        {value} {unit}
      </Text>
      <Button className='qy-btn qy-btn--plain' disabled={value >= max} onClick={() => onChange(Math.min(max, value + step))}>
        增加
      </Button>
    </View>
  );
}

/** Periods of a week (with the weekday) or of one day; errors by `<prefix>.<i>.<field>`. */
function PeriodsEditor({ rows, withWeekday, prefix, field, onChange }: { rows: PeriodRow[]; withWeekday: boolean; prefix: string; field: (path: string) => string | undefined; onChange: (rows: PeriodRow[]) => void }) {
  const set = (i: number, change: Partial<PeriodRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...change } : r)));
  return (
    <View>
      {rows.map((r, i) => (
        <View key={i} className='police__period'>
          {withWeekday && <Chips options={[1, 2, 3, 4, 5, 6, 7]} label={(d) => WEEKDAY_LABELS[d]!} on={(d) => r.weekday === d} onTap={(d) => set(i, { weekday: d })} />}
          <View className='police__buttons'>
            <TimePicker label='从' value={r.start} onChange={(start) => set(i, { start })} />
            <TimePicker label='到' value={r.end} onChange={(end) => set(i, { end })} />
            <Button className='qy-btn qy-btn--plain' onClick={() => onChange(rows.filter((_, j) => j !== i))}>
              删除这段
            </Button>
          </View>
          {[field(`${prefix}.${i}.start`), field(`${prefix}.${i}.end`), field(`${prefix}.${i}.weekday`)].filter(Boolean).map((m) => (
            <View key={m} className='qy-error'>
              {m}
            </View>
          ))}
        </View>
      ))}
      {field(prefix) && <View className='qy-error'>{field(prefix)}</View>}
      <Button className='qy-btn qy-btn--plain' onClick={() => onChange([...rows, nextPeriod(rows, withWeekday)])}>
        添加一段时间
      </Button>
    </View>
  );
}

function ScheduleFields({ value, prefix, field, onChange }: { value: ScheduleDraft; prefix: string; field: (p: string) => string | undefined; onChange: (v: ScheduleDraft) => void }) {
  return (
    <>
      <Field label='每周哪些时间可以预约'>
        <PeriodsEditor rows={value.weekly} withWeekday prefix={`${prefix}weekly`} field={field} onChange={(weekly) => onChange({ ...value, weekly })} />
      </Field>
      <Field label='每个时段多长' error={field(`${prefix}slotMinutes`)}>
        <Chips options={SLOT_MINUTES} label={(m) => `${m}分钟`} on={(m) => value.slotMinutes === m} onTap={(slotMinutes) => onChange({ ...value, slotMinutes })} />
      </Field>
      <Field label='每个时段能约几人' error={field(`${prefix}capacity`)}>
        <Stepper label='每个时段能约几人' value={value.capacity} min={1} max={50} unit='人' onChange={(capacity) => onChange({ ...value, capacity })} />
      </Field>
    </>
  );
}

function FormCard({ title, restored, error, busy, onSave, onCancel, children }: { title: string; restored: boolean; error: string | null; busy: boolean; onSave: () => void; onCancel: () => void; children: ReactNode }) {
  return (
    <View className='qy-card police__form'>
      <Text className='qy-label'>{title}</Text>
      {restored && <View className='qy-notice'>上次没有保存的内容已为您恢复。</View>}
      {children}
      {error && <View className='qy-notice'>{error}</View>}
      <View className='police__buttons'>
        <Button className='qy-btn' loading={busy} disabled={busy} onClick={onSave}>
          保存
        </Button>
        <Button className='qy-btn qy-btn--plain' onClick={onCancel}>
          先不改了
        </Button>
      </View>
    </View>
  );
}

interface FormProps {
  bench: Workbench;
  homeId: string;
  onDone: (text: string) => void;
  onCancel: () => void;
}

/** Runs a save: busy while it runs, the draft forgotten after a success, kept (with the reason) after a failure. */
function useSave(clear: () => void, errors: ReturnType<typeof useFormErrors>, onDone: (text: string) => void) {
  const [busy, setBusy] = useState(false);
  const save = async (work: () => Promise<string>) => {
    if (busy) return;
    setBusy(true);
    errors.reset();
    try {
      const text = await work();
      clear();
      onDone(text);
    } catch (e) {
      errors.fail(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, save };
}

const savedText = (kept: Parameters<typeof keptText>[0]) => keptText(kept) ?? '已保存';

function HoursForm({ bench, homeId, onDone, onCancel }: FormProps) {
  const draft = useDraft(draftKey(homeId, 'hours'), () => ({ weekly: (bench.manage?.weekly ?? []) as PeriodRow[] }));
  const errors = useFormErrors();
  const { busy, save } = useSave(draft.clear, errors, onDone);
  const submit = () =>
    save(async () => {
      const out = await bench.setHours(draft.value.weekly.map((p) => ({ weekday: p.weekday ?? 1, start: p.start, end: p.end })));
      return savedText(out.kept);
    });
  return (
    <FormCard title='修改每周开放时间' restored={draft.restored} error={errors.text} busy={busy} onSave={() => void submit()} onCancel={onCancel}>
      <View className='qy-muted'>只影响还没有人预约的时段；已有预约的时段会保留。</View>
      <PeriodsEditor rows={draft.value.weekly} withWeekday prefix='weekly' field={errors.field} onChange={(weekly) => draft.update({ weekly })} />
    </FormCard>
  );
}

function ExceptionForm({ bench, homeId, date, onDone, onCancel }: FormProps & { date: string | null }) {
  const existing = bench.manage?.exceptions.find((e) => e.date === date);
  const draft = useDraft(draftKey(homeId, `exception.${date ?? 'new'}`), () => exceptionDraftOf(existing, chinaToday()));
  const errors = useFormErrors();
  const { busy, save } = useSave(draft.clear, errors, onDone);
  const d = draft.value;
  const submit = () =>
    save(async () => {
      if (existing) {
        const out = await bench.editException(exceptionInput(d));
        return `已修改。${out.closedSlots ? `有 ${out.closedSlots} 个时段停止预约，涉及 ${out.affectedBookings} 个预约，请电话告知这些居民。` : ''}`;
      }
      const out = await bench.addException(exceptionInput(d));
      return `已添加。${out.closedSlots ? `有 ${out.closedSlots} 个时段停止预约，涉及 ${out.affectedBookings} 个预约，请电话告知这些居民。` : ''}`;
    });
  return (
    <FormCard title={existing ? `修改${dayLabel(existing.date)}的安排` : '添加特别安排'} restored={draft.restored} error={errors.text} busy={busy} onSave={() => void submit()} onCancel={onCancel}>
      {!existing && (
        <Field label='哪一天' error={errors.field('date')}>
          <Picker mode='date' value={d.date} start={chinaToday()} onChange={(e) => draft.update({ date: String(e.detail.value) })}>
            <View className='qy-input police__picker'>{dayLabel(d.date)}</View>
          </Picker>
        </Field>
      )}
      <Field label='这一天'>
        <Chips options={['closed', 'open'] as const} label={(o) => (o === 'closed' ? '全天不开门' : '只在这些时间开门')} on={(o) => d.closed === (o === 'closed')} onTap={(o) => draft.update({ closed: o === 'closed' })} />
      </Field>
      {!d.closed && <PeriodsEditor rows={d.periods} withWeekday={false} prefix='periods' field={errors.field} onChange={(periods) => draft.update({ periods })} />}
      <Field label='原因（居民能看到）' error={errors.field('reason')}>
        <Chips options={EXCEPTION_REASONS} label={(r) => r} on={(r) => d.reason === r} onTap={(reason) => draft.update({ reason })} />
        <Input className='qy-input' value={d.reason} maxlength={60} placeholder='也可以自己写' onInput={(e) => draft.update({ reason: e.detail.value })} />
      </Field>
    </FormCard>
  );
}

function ServiceForm({ bench, homeId, id, onDone, onCancel }: FormProps & { id: string | null }) {
  const before = bench.manage?.services.find((s) => s.id === id);
  const draft = useDraft(draftKey(homeId, `service.${id ?? 'new'}`), () => serviceDraftOf(before));
  const errors = useFormErrors();
  const { busy, save } = useSave(draft.clear, errors, onDone);
  const d = draft.value;
  const needsWeek = d.mode === 'appointment' && !before?.schedule;
  const toggleDuty = (duty: Duty) => draft.update({ duties: d.duties.includes(duty) ? d.duties.filter((x) => x !== duty) : [...d.duties, duty] });
  const submit = () =>
    save(async () => {
      if (before) {
        const input = serviceChanges(before, d);
        if (!hasChanges(input)) return '没有修改';
        const out = await bench.editService(input);
        return savedText(out.kept);
      }
      const requestId = d.requestId ?? newRequestId();
      draft.update({ requestId });
      try {
        await bench.addService({ name: d.name, description: d.description, mode: d.mode, duties: d.duties, ...(d.mode === 'appointment' ? { schedule: scheduleInput(d.schedule) } : {}), requestId });
      } catch (e) {
        // Refused input wrote nothing: the next attempt is a new request.
        if (e instanceof ApiError && e.code === 'INVALID_INPUT') draft.update({ requestId: null });
        throw e;
      }
      return '已添加服务';
    });
  return (
    <FormCard title={before ? `修改「${before.name}」` : '添加一项服务'} restored={draft.restored} error={errors.text} busy={busy} onSave={() => void submit()} onCancel={onCancel}>
      <Field label='服务名称' error={errors.field('name')}>
        <Input className='qy-input' value={d.name} maxlength={30} placeholder='比如：身份证办理' onInput={(e) => draft.update({ name: e.detail.value })} />
      </Field>
      <Field label='怎么提供' error={errors.field('mode')}>
        <Chips options={SERVICE_MODES} label={(m) => MODE_LABELS[m]} on={(m) => d.mode === m} onTap={(mode) => draft.update({ mode })} />
      </Field>
      <Field label='属于哪些职责（可多选）' error={errors.field('duties')}>
        <Chips options={DUTIES} label={(x) => DUTY_LABELS[x]} on={(x) => d.duties.includes(x)} onTap={toggleDuty} />
      </Field>
      <Field label='说明（居民能看到）' error={errors.field('description')}>
        <Textarea className='qy-textarea' value={d.description} maxlength={300} placeholder='要带什么材料、找谁办' onInput={(e) => draft.update({ description: e.detail.value })} />
      </Field>
      {needsWeek && <ScheduleFields value={d.schedule} prefix='schedule.' field={errors.field} onChange={(schedule) => draft.update({ schedule })} />}
      {errors.field('schedule') && <View className='qy-error'>{errors.field('schedule')}</View>}
    </FormCard>
  );
}

function ScheduleForm({ bench, homeId, id, onDone, onCancel }: FormProps & { id: string }) {
  const service = bench.manage?.services.find((s) => s.id === id);
  const draft = useDraft(draftKey(homeId, `schedule.${id}`), () => serviceDraftOf(service).schedule);
  const errors = useFormErrors();
  const { busy, save } = useSave(draft.clear, errors, onDone);
  const submit = () =>
    save(async () => {
      const out = await bench.setSchedule(id, scheduleInput(draft.value));
      return savedText(out.kept);
    });
  return (
    <FormCard title={`「${service?.name ?? ''}」的预约时间`} restored={draft.restored} error={errors.text} busy={busy} onSave={() => void submit()} onCancel={onCancel}>
      <View className='qy-muted'>改动只用于还没有人预约的时段；已约满的人数不会被减少。</View>
      <ScheduleFields value={draft.value} prefix='schedule.' field={errors.field} onChange={(v) => draft.update(v)} />
    </FormCard>
  );
}

function SessionForm({ bench, homeId, id, onDone, onCancel }: FormProps & { id: string | null }) {
  const session = bench.manage?.sessions.find((s) => s.id === id);
  const groupServices = (bench.manage?.services ?? []).filter((s) => s.active && s.mode === 'groupSession');
  const initial = sessionDraftOf(session, groupServices[0]?.id ?? '', chinaToday());
  const draft = useDraft(draftKey(homeId, `session.${id ?? 'new'}`), () => initial);
  const errors = useFormErrors();
  const { busy, save } = useSave(draft.clear, errors, onDone);
  const d = draft.value;
  const submit = () =>
    save(async () => {
      if (session) {
        const input = sessionChanges(initial, d, session.id);
        if (!hasChanges(input)) return '没有修改';
        await bench.editSession(input);
        return '已修改，报名的居民会收到通知';
      }
      await bench.createSession(d);
      return '活动已发布';
    });
  return (
    <FormCard title={session ? `修改「${session.title}」` : '发布一场活动'} restored={draft.restored} error={errors.text} busy={busy} onSave={() => void submit()} onCancel={onCancel}>
      {!session && groupServices.length > 1 && (
        <Field label='属于哪项服务' error={errors.field('serviceId')}>
          <Chips options={groupServices.map((s) => s.id)} label={(sid) => groupServices.find((s) => s.id === sid)?.name ?? ''} on={(sid) => d.serviceId === sid} onTap={(serviceId) => draft.update({ serviceId })} />
        </Field>
      )}
      <Field label='活动名称' error={errors.field('title')}>
        <Input className='qy-input' value={d.title} maxlength={40} placeholder='比如：防范电信诈骗讲座' onInput={(e) => draft.update({ title: e.detail.value })} />
      </Field>
      <Field label='地点' error={errors.field('place')}>
        <Input className='qy-input' value={d.place} maxlength={60} placeholder='比如：村委会二楼会议室' onInput={(e) => draft.update({ place: e.detail.value })} />
      </Field>
      <Field label='日期和开始时间' error={errors.field('date') ?? errors.field('start')}>
        <View className='police__buttons'>
          <Picker mode='date' value={d.date} start={chinaToday()} onChange={(e) => draft.update({ date: String(e.detail.value) })}>
            <View className='qy-input police__picker'>{dayLabel(d.date)}</View>
          </Picker>
          <TimePicker label='开始' value={d.start} onChange={(start) => draft.update({ start })} />
        </View>
      </Field>
      <Field label='多长时间' error={errors.field('durationMinutes')}>
        <Chips options={DURATIONS} label={(m) => (m < 60 ? `${m}分钟` : `${m / 60}小时`)} on={(m) => d.durationMinutes === m} onTap={(durationMinutes) => draft.update({ durationMinutes })} />
      </Field>
      <Field label={session ? `名额（已报名 ${session.confirmed} 人，不能少于这个数）` : '名额'} error={errors.field('capacity')}>
        <Stepper label='名额' value={d.capacity} min={Math.max(1, session?.confirmed ?? 1)} max={500} step={5} unit='人' onChange={(capacity) => draft.update({ capacity })} />
      </Field>
      <Field label='活动介绍' error={errors.field('description')}>
        <Textarea className='qy-textarea' value={d.description} maxlength={500} placeholder='讲什么、适合谁来' onInput={(e) => draft.update({ description: e.detail.value })} />
      </Field>
    </FormCard>
  );
}

/**
 * 管理本站: the officer's (and the village cadre's) forms for the home's hours and exceptions, its
 * services and their weeks, and its group sessions. Cadres above the village read the same lists.
 */
export function ManageHome({ bench, homeId }: { bench: Workbench; homeId: string }) {
  const [editing, setEditing] = useState<Editing | null>(null);
  const [ask, setAsk] = useState<Ask | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const view = bench.manage;

  if (!bench.managing) {
    return (
      <Button className='qy-btn qy-btn--plain' onClick={bench.openManage}>
        管理本站：开放时间、服务、活动
      </Button>
    );
  }
  if (!view) return <View className='qy-muted'>{bench.manageError ?? '正在加载…'}</View>;

  const can = view.canManage;
  const open = (e: Editing) => {
    setOutcome(null);
    setEditing(e);
  };
  const done = (text: string) => {
    setEditing(null);
    setOutcome(text);
    void Taro.showToast({ title: '已保存', icon: 'none' });
  };
  const form = { bench, homeId, onDone: done, onCancel: () => setEditing(null) };
  const is = (kind: Editing['kind'], id?: string | null) => editing !== null && editKey(editing) === `${kind}:${id === undefined ? '' : (id ?? 'new')}`;

  const confirm = async (text: string) => {
    if (!ask) return;
    try {
      if (ask.kind === 'retire') setOutcome(keptText((await bench.retireService(ask.service.id)).kept) ?? `「${ask.service.name}」已停办`);
      else if (ask.kind === 'removeException') {
        await bench.removeException(ask.date);
        setOutcome(`${dayLabel(ask.date)}已恢复每周的开放时间`);
      } else {
        const out = await bench.cancelSession(ask.session.id, text);
        setOutcome(`活动已取消，已通知 ${out.told} 人`);
      }
    } catch (e) {
      throw new Error(policeErrorText(e));
    }
    setAsk(null);
  };

  return (
    <View>
      {!can && <View className='qy-muted'>您可以查看本站的设置；修改由驻村民警和村（社区）干部办理。</View>}
      {outcome && <View className='qy-notice'>{outcome}</View>}

      <View className='qy-section-title'>每周开放时间</View>
      <View className='qy-card'>
        <View>{weekLabel(view.weekly)}</View>
        {can && !is('hours') && (
          <Button className='qy-btn qy-btn--plain' onClick={() => open({ kind: 'hours' })}>
            修改开放时间
          </Button>
        )}
      </View>
      {is('hours') && <HoursForm {...form} />}

      <View className='qy-section-title'>特别安排（放假、民警外出）</View>
      {view.exceptions.length === 0 && <View className='qy-muted'>近期没有特别安排。</View>}
      {view.exceptions.map((e) => (
        <View key={e.date} className='qy-card'>
          <Text className='qy-label'>{dayLabel(e.date)}</Text>
          <View>{e.closed ? '全天不开门' : `只在 ${e.periods.map((p) => `${p.start}–${p.end}`).join('、')} 开门`}</View>
          <View className='qy-muted'>{e.reason}</View>
          {can && (
            <View className='police__buttons'>
              <Button className='qy-btn qy-btn--plain' onClick={() => open({ kind: 'exception', date: e.date })}>修改</Button>
              <Button className='qy-btn qy-btn--plain' onClick={() => setAsk({ kind: 'removeException', date: e.date })}>删除</Button>
            </View>
          )}
          {is('exception', e.date) && <ExceptionForm {...form} date={e.date} />}
        </View>
      ))}
      {can && !is('exception', null) && (
        <Button className='qy-btn qy-btn--plain' onClick={() => open({ kind: 'exception', date: null })}>
          添加特别安排
        </Button>
      )}
      {is('exception', null) && <ExceptionForm {...form} date={null} />}

      <View className='qy-section-title'>服务项目</View>
      {view.services.map((s) => (
        <View key={s.id} className='qy-card'>
          <Text className='qy-label'>
            {s.name}
            {s.active ? '' : '（已停办）'}
          </Text>
          <View className='qy-muted'>
            {MODE_LABELS[s.mode]} · {s.duties.map((d) => DUTY_LABELS[d]).join('、')}
          </View>
          {s.schedule && (
            <View className='qy-muted'>
              {weekLabel(s.schedule.weekly)}，每 {s.schedule.slotMinutes} 分钟一个时段，每个时段 {s.schedule.capacity} 人
            </View>
          )}
          {can && s.active && (
            <View className='police__buttons'>
              <Button className='qy-btn qy-btn--plain' onClick={() => open({ kind: 'service', id: s.id })}>修改</Button>
              {s.mode === 'appointment' && (
                <Button className='qy-btn qy-btn--plain' onClick={() => open({ kind: 'schedule', id: s.id })}>预约时间和人数</Button>
              )}
              <Button className='qy-btn qy-btn--plain' onClick={() => setAsk({ kind: 'retire', service: s })}>停办</Button>
            </View>
          )}
          {is('service', s.id) && <ServiceForm {...form} id={s.id} />}
          {is('schedule', s.id) && <ScheduleForm {...form} id={s.id} />}
        </View>
      ))}
      {can && !is('service', null) && (
        <Button className='qy-btn qy-btn--plain' onClick={() => open({ kind: 'service', id: null })}>
          添加一项服务
        </Button>
      )}
      {is('service', null) && <ServiceForm {...form} id={null} />}

      <View className='qy-section-title'>集中活动</View>
      {view.sessions.length === 0 && <View className='qy-muted'>近期没有活动。</View>}
      {view.sessions.map((s) => (
        <View key={s.id} className='qy-card'>
          <Text className='qy-label'>{s.title}</Text>
          <View className='qy-muted'>
            {whenLabel(s.startAt)} · {s.place} · 已报名 {s.confirmed}/{s.capacity}，候补 {s.waiting}
          </View>
          {can && (
            <View className='police__buttons'>
              <Button className='qy-btn qy-btn--plain' onClick={() => open({ kind: 'session', id: s.id })}>修改</Button>
              <Button className='qy-btn qy-btn--plain' onClick={() => setAsk({ kind: 'cancelSession', session: s })}>取消活动</Button>
            </View>
          )}
          {is('session', s.id) && <SessionForm {...form} id={s.id} />}
        </View>
      ))}
      {can && view.services.some((s) => s.active && s.mode === 'groupSession') && !is('session', null) && (
        <Button className='qy-btn qy-btn--plain' onClick={() => open({ kind: 'session', id: null })}>
          发布一场活动
        </Button>
      )}
      {is('session', null) && <SessionForm {...form} id={null} />}

      <Button className='qy-btn qy-btn--plain' onClick={bench.closeManage}>
        收起管理本站
      </Button>
      <ConfirmDialog spec={ask ? ASK[ask.kind](ask) : null} onConfirm={confirm} onClose={() => setAsk(null)} />
    </View>
  );
}
