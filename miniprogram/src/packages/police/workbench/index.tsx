import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import type { BookingView, SignupView, VisitView } from '@shared/contracts/police';
import type { HalfDay } from '@shared/domain/police-catalog';
import { BOOKING_STATUS_LABELS, DUTIES, DUTY_LABELS, MODE_LABELS, SERVICE_MODES, SIGNUP_STATUS_LABELS, VISIT_STATUS_LABELS } from '@shared/domain/police-catalog';
import { ConfirmDialog, type ConfirmSpec } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { actsOnWorkbench, picksHome, policeErrorText, useChosenHome, usePolice, usePoliceViewer } from '../../../hooks/use-police';
import { useWorkbench } from '../../../hooks/use-workbench';
import { HeldNotice, RELEASE_DIALOG } from '../components/HeldNotice';
import { ManageHome } from './Manage';
import { chinaMonth } from '@shared/domain/china-time';
import { halfDayLabel, timeOf, whenLabel } from '../format';
import './index.scss';
import { useSubscribeAt } from '../../../hooks/use-subscribe';

type Step =
  | { kind: 'accept'; visit: VisitView; at: { date: string; half: HalfDay } }
  | { kind: 'decline'; visit: VisitView }
  | { kind: 'outcome'; visit: VisitView }
  | { kind: 'release'; target: { kind: 'visit' | 'booking' | 'session'; id: string } };

const SPEC: Record<Step['kind'], (s: Step) => ConfirmSpec> = {
  accept: (s) => ({ title: '安排上门？', message: s.kind === 'accept' ? `${s.visit.subjectName}\n${halfDayLabel(s.at)}` : '', confirmText: '确定安排' }),
  decline: (s) => ({
    title: '不受理这个申请？',
    message: s.kind === 'decline' ? s.visit.subjectName : '',
    confirmText: '不受理',
    input: { label: '原因（会告诉申请人）', placeholder: '比如：此事请到派出所办理', required: true, maxLength: 200 },
  }),
  outcome: (s) => ({
    title: '登记上门结果',
    message: s.kind === 'outcome' ? s.visit.subjectName : '',
    confirmText: '登记',
    input: { label: '上门办了什么', placeholder: '比如：检查了电线，已请电工更换', required: true, maxLength: 500 },
  }),
  release: () => RELEASE_DIALOG,
};

function Bars({ counts, labels }: { counts: Record<string, number>; labels: Record<string, string> }) {
  const max = Math.max(1, ...Object.values(counts));
  return (
    <>
      {Object.entries(counts).map(([k, n]) => (
        <View key={k} className='police__bar-row'>
          <Text>{labels[k]}</Text>
          <View className='police__bar' style={{ width: `${(n / max) * 100}%` }} />
          <Text>{n}</Text>
        </View>
      ))}
    </>
  );
}

type Counts = NonNullable<ReturnType<typeof usePolice<'monthlyCounts'>>['data']>;

function MonthCounts({ counts, error }: { counts: Counts | null; error: string | null }) {
  if (!counts) return <View className='qy-muted'>{error ?? '正在统计…'}</View>;
  return (
    <View className='qy-card'>
      <View className='qy-muted'>{counts.unitName}</View>
      <View className='qy-label'>共 {counts.total} 次</View>
      <View className='qy-muted'>按服务方式</View>
      <Bars counts={counts.perMode} labels={Object.fromEntries(SERVICE_MODES.map((m) => [m, MODE_LABELS[m]]))} />
      <View className='qy-muted'>按六项职责</View>
      <Bars counts={counts.perDuty} labels={Object.fromEntries(DUTIES.map((d) => [d, DUTY_LABELS[d]]))} />
    </View>
  );
}

/** A town's or the county's month as a whole, for the cadre who oversees it. */
function ScopeCounts({ unitId, month }: { unitId: string; month: string }) {
  const counts = usePolice('monthlyCounts', { unitId, month });
  return <MonthCounts counts={counts.data} error={counts.error} />;
}

/** Town cadres and the county admin pick one 警民之家 of their jurisdiction, town by town. */
function HomePicker({ onPick }: { onPick: (homeId: string) => void }) {
  const { data, error, reload } = usePolice('homes', {});
  const [town, setTown] = useState<string | null>(null);
  const month = chinaMonth(new Date());
  if (!data) {
    return (
      <PageShell>
        {error ? <View className='qy-notice'>{error}</View> : <View className='qy-muted'>正在加载…</View>}
        {error && <Button className='qy-btn qy-btn--plain' onClick={() => void reload()}>重新加载</Button>}
      </PageShell>
    );
  }
  const towns = [...new Map(data.items.map((h) => [h.townId ?? '', h.townName ?? '其他'])).entries()];
  const shownTown = town ?? towns[0]?.[0] ?? '';
  return (
    <PageShell>
      <View className='qy-title'>选择警民之家</View>
      <View className='qy-muted'>点一个警民之家，查看它今天的预约、排队和上门申请。</View>
      {towns.length > 1 && (
        <View className='qy-chips'>
          {towns.map(([id, name]) => (
            <View key={id} className={`qy-chip ${shownTown === id ? 'qy-chip--on' : ''}`} onClick={() => setTown(id)}>
              {shownTown === id ? '✓ ' : ''}
              {name}
            </View>
          ))}
        </View>
      )}
      {data.items.length === 0 && <View className='qy-muted'>您的辖区还没有警民之家。</View>}
      {data.items
        .filter((h) => (h.townId ?? '') === shownTown)
        .map((h) => (
          <Button key={h.id} className='qy-btn qy-btn--plain' onClick={() => onPick(h.id)}>
            {h.name}
          </Button>
        ))}
      {data.scopes.map((sc) => (
        <View key={sc.unitId}>
          <View className='qy-section-title'>{sc.unitName}本月服务统计</View>
          <ScopeCounts unitId={sc.unitId} month={month} />
        </View>
      ))}
    </PageShell>
  );
}

/**
 * Officers open their own home's workbench; village cadres their village's. Town cadres and the
 * county admin have no home of their own: they pick one (remembered on the phone) and can change it.
 */
export default function Workbench() {
  const { user, known } = usePoliceViewer();
  const picking = picksHome(user);
  const { homeId, choose } = useChosenHome(user?.id ?? null);
  if (!known) return <PageShell><View className='qy-muted'>正在加载…</View></PageShell>;
  if (picking && !homeId) return <HomePicker onPick={choose} />;
  return <HomeWorkbench homeId={picking ? homeId! : undefined} canAct={actsOnWorkbench(user)} onChangeHome={picking ? () => choose(null) : undefined} />;
}

function HomeWorkbench({ homeId, canAct, onChangeHome }: { homeId?: string; canAct: boolean; onChangeHome?: () => void }) {
  const bench = useWorkbench(homeId, { picksHome: Boolean(onChangeHome) });
  const { data, error, scope, setScope } = bench;
  const [step, setStep] = useState<Step | null>(null);
  const askSubscribe = useSubscribeAt('police.handle');
  const [message, setMessage] = useState<string | null>(null);

  const run = async (work: () => Promise<unknown>, done: string) => {
    setMessage(null);
    try {
      await work();
      void Taro.showToast({ title: done, icon: 'none' });
    } catch (e) {
      setMessage(policeErrorText(e));
    }
  };

  const confirm = async (text: string) => {
    if (!step) return;
    if (step.kind === 'accept') askSubscribe();
    try {
      if (step.kind === 'accept') await bench.decideVisit({ visitId: step.visit.id, decision: 'accept', date: step.at.date, half: step.at.half });
      else if (step.kind === 'decline') await bench.decideVisit({ visitId: step.visit.id, decision: 'decline', reason: text });
      else if (step.kind === 'release') await bench.release(step.target);
      else await bench.recordVisit(step.visit.id, text);
    } catch (e) {
      throw new Error(policeErrorText(e));
    }
    setStep(null);
  };

  const release = (kind: 'visit' | 'booking' | 'session', id: string) => () => setStep({ kind: 'release', target: { kind, id } });

  const bookingRow = (b: BookingView) => (
    <View key={b.id} className='police__row'>
      <View>
        <Text>{b.userName}</Text>
        <View className='qy-muted'>
          {b.phoneMasked ?? ''} {BOOKING_STATUS_LABELS[b.status]}
        </View>
        {b.note && <View className='qy-muted'>备注：{b.note}</View>}
        <HeldNotice held={b.held} onRelease={b.canRelease ? release('booking', b.id) : undefined} />
      </View>
      {canAct && b.status === 'booked' && (
        <View className='police__buttons'>
          <Button className='qy-btn' onClick={() => void run(() => bench.checkIn(b.id), '已签到')}>到了</Button>
          <Button className='qy-btn qy-btn--plain' onClick={() => void run(() => bench.markNoShow(b.id), '已记为未到')}>没来</Button>
        </View>
      )}
    </View>
  );

  const signupRow = (s: SignupView) => (
    <View key={s.id} className='police__row'>
      <Text>{s.userName}（{SIGNUP_STATUS_LABELS[s.status]}）</Text>
      {canAct && (
        <View className='police__buttons'>
          <Button className='qy-btn' onClick={() => void run(() => bench.recordAttendance(s.id, true), '已登记')}>到了</Button>
          <Button className='qy-btn qy-btn--plain' onClick={() => void run(() => bench.recordAttendance(s.id, false), '已登记')}>没来</Button>
        </View>
      )}
    </View>
  );

  const changeHome = onChangeHome && (
    <Button className='qy-btn qy-btn--plain' onClick={onChangeHome}>
      换一个警民之家
    </Button>
  );

  if (!data) {
    return (
      <PageShell>
        {error ? <View className='qy-notice'>{error}</View> : <View className='qy-muted'>正在加载…</View>}
        {error && changeHome}
      </PageShell>
    );
  }

  return (
    <PageShell>
      <View className='qy-title'>{data.homeName}</View>
      {changeHome}
      {!canAct && <View className='qy-muted'>您可以查看这里的情况；签到、叫号和上门安排由驻村民警办理。</View>}
      {message && <View className='qy-notice'>{message}</View>}

      <View className='qy-section-title'>排队叫号</View>
      <View className='qy-card'>
        <View>正在办理：{data.queue.nowServing ? `${data.queue.nowServing} 号` : '还没叫号'}，等候 {data.queue.waiting} 人</View>
        {(data.queue.tickets ?? [])
          .filter((t) => t.status === 'waiting')
          .slice(0, 5)
          .map((t) => (
            <View key={t.number} className='qy-muted'>{t.number} 号 {t.userName}</View>
          ))}
        {canAct && (
          <Button className='qy-btn' disabled={data.queue.waiting === 0} onClick={() => void run(bench.callNext, '已叫下一位')}>
            叫下一位
          </Button>
        )}
      </View>

      <View className='qy-section-title'>今天的预约</View>
      {data.slots.filter((s) => s.bookings.length > 0).length === 0 && <View className='qy-muted'>今天没有预约。</View>}
      {data.slots
        .filter((s) => s.bookings.length > 0)
        .map((s) => (
          <View key={s.id} className='qy-card'>
            <Text className='qy-label'>
              {timeOf(s.startAt)} {s.serviceName}（{s.bookings.filter((b) => b.status !== 'noShow').length}/{s.capacity}）
            </Text>
            {s.bookings.map(bookingRow)}
          </View>
        ))}

      <View className='qy-section-title'>上门服务申请</View>
      {data.visits.length === 0 && <View className='qy-muted'>没有待办的上门申请。</View>}
      {data.visits.map((v) => (
        <View key={v.id} className='qy-card'>
          <Text className='qy-label'>
            {v.priority > 0 ? '【优先】' : ''}
            {v.subjectName}
            {v.subjectName !== v.requesterName ? `（${v.requesterName}代为申请）` : ''}
          </Text>
          <View>{v.reason}</View>
          {v.priorityReasons.length > 0 && <View className='qy-muted'>{v.priorityReasons.join('、')}</View>}
          <View className='qy-muted'>
            {/* Only the parts known: no separator left hanging when the address or phone is not given. */}
            {[v.subjectAddress, v.phoneMasked, VISIT_STATUS_LABELS[v.status]].filter(Boolean).join(' · ')}
          </View>
          {canAct && v.status === 'requested' && (
            <>
              <View className='qy-muted'>点一个时间安排上门：</View>
              <View className='qy-chips'>
                {v.preferred.map((p) => (
                  <View key={`${p.date}-${p.half}`} className='qy-chip' onClick={() => setStep({ kind: 'accept', visit: v, at: p })}>
                    {halfDayLabel(p)}
                  </View>
                ))}
              </View>
              <Button className='qy-btn qy-btn--plain' onClick={() => setStep({ kind: 'decline', visit: v })}>不受理</Button>
            </>
          )}
          {v.status === 'scheduled' && v.scheduled && <View>已安排：{halfDayLabel(v.scheduled)}</View>}
          {canAct && v.status === 'scheduled' && (
            <>
              <Button className='qy-btn' onClick={() => setStep({ kind: 'outcome', visit: v })}>登记上门结果</Button>
            </>
          )}
          <HeldNotice held={v.held} onRelease={v.canRelease ? release('visit', v.id) : undefined} />
        </View>
      ))}

      <View className='qy-section-title'>集中活动</View>
      {data.sessions.length === 0 && <View className='qy-muted'>近期没有活动。</View>}
      {data.sessions.map((s) => (
        <View key={s.id} className='qy-card'>
          <Text className='qy-label'>{s.title}</Text>
          <View className='qy-muted'>
            {whenLabel(s.startAt)} · 已报名 {s.confirmed}/{s.capacity}，候补 {s.waiting}
          </View>
          <HeldNotice held={s.held} hiddenFromResidents onRelease={s.canRelease ? release('session', s.id) : undefined} />
          {s.signups.map(signupRow)}
        </View>
      ))}

      <View className='qy-section-title'>管理本站</View>
      <ManageHome bench={bench} homeId={data.homeId} />

      <View className='qy-section-title'>本月服务统计</View>
      {bench.scopes.length > 0 && (
        <View className='qy-chips'>
          {[{ unitId: 'home', unitName: '这个警民之家' }, ...bench.scopes].map((sc) => (
            <View key={sc.unitId} className={`qy-chip ${scope === sc.unitId ? 'qy-chip--on' : ''}`} onClick={() => setScope(sc.unitId)}>
              {scope === sc.unitId ? '✓ ' : ''}
              {sc.unitId === 'home' ? sc.unitName : `全${sc.unitName}`}
            </View>
          ))}
        </View>
      )}
      <MonthCounts counts={bench.counts} error={bench.countsError} />

      <ConfirmDialog spec={step ? SPEC[step.kind](step) : null} onConfirm={confirm} onClose={() => setStep(null)} />
    </PageShell>
  );
}
