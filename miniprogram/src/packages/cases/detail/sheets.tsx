import { useState } from 'react';
import { Text, Textarea, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { casesContract, type CaseView } from '@shared/contracts/cases';
import { chinaDate } from '@shared/domain/china-time';
import { CASE_LEVELS, LEVEL_LABELS, levelRank, nextLevel, RISK_LABELS, RISK_LEVELS, SATISFACTIONS, SATISFACTION_LABELS, type CaseLevel, type RiskLevel, type Satisfaction } from '@shared/domain/case-catalogue';
import type { CaseActionInput, CaseSheetAction } from '../../../hooks/use-cases';
import { ApiError } from '../../../client/cloud';
import { wordedError } from '../../../client/error-text';
import { formatDate } from '../../../client/format';
import { useSubscribeAt } from '../../../hooks/use-subscribe';

type Act = <A extends CaseSheetAction>(action: A, input: CaseActionInput<A>) => Promise<CaseView>;
type Proposal = { level: CaseLevel; explanation: string };

const SHEETS: readonly CaseSheetAction[] = ['assess', 'recordSession', 'conclude', 'followUp'];
const sheetErrorText = wordedError(casesContract, SHEETS, { CONFLICT: '案件刚被他人更新，已为您刷新，请再看一下' });

function failText(e: unknown): string {
  if (e instanceof ApiError && e.code === 'INVALID_INPUT' && e.issues[0]) return e.issues[0].message;
  return sheetErrorText(e);
}

function Chips<T extends string>({ options, value, label, onChange }: { options: readonly T[]; value: T | null; label: (v: T) => string; onChange: (v: T) => void }) {
  return (
    <View className='qy-chips' role='radiogroup'>
      {options.map((o) => (
        <View key={o} role='radio' aria-checked={value === o} className={`qy-chip ${value === o ? 'qy-chip--on' : ''}`} onClick={() => onChange(o)}>
          {label(o)}
        </View>
      ))}
    </View>
  );
}

/** Tap to pick several names; all start picked because most sessions have every party present. */
function NamePicker({ names, picked, onChange }: { names: string[]; picked: string[]; onChange: (v: string[]) => void }) {
  return (
    <View className='qy-chips' role='group'>
      {names.map((n) => {
        const on = picked.includes(n);
        return (
          <View key={n} role='checkbox' aria-checked={on} className={`qy-chip ${on ? 'qy-chip--on' : ''}`} onClick={() => onChange(on ? picked.filter((x) => x !== n) : [...picked, n])}>
            {on ? '✓ ' : ''}
            {n}
          </View>
        );
      })}
    </View>
  );
}

function useSubmit(run: () => Promise<unknown>, onFail: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await run();
    } catch (e) {
      setError(failText(e));
      if (e instanceof ApiError && e.code === 'CONFLICT') onFail();
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, submit };
}

/** 研判单: choose the risk, see what the rules propose and why, keep or raise the level. */
export function AssessForm({ act, propose, onConflict }: { act: Act; propose: (risk: RiskLevel) => Promise<Proposal>; onConflict: () => void }) {
  const [risk, setRisk] = useState<RiskLevel | null>(null);
  const [proposal, setProposal] = useState<Proposal | null>(null);
  const [level, setLevel] = useState<CaseLevel | null>(null);
  const [reason, setReason] = useState('');
  const pickRisk = async (r: RiskLevel) => {
    setRisk(r);
    setProposal(null);
    const p = await propose(r).catch(() => null);
    setProposal(p);
    setLevel(p?.level ?? 'village');
  };
  const lower = proposal && level ? levelRank(level) < levelRank(proposal.level) : false;
  // Accepting a case is when a handler asks for the alerts, deadlines and follow-ups that come next.
  const askSubscribe = useSubscribeAt('case.accept');
  const { busy, error, submit } = useSubmit(
    () => {
      askSubscribe();
      return act('assess', { risk: risk!, level: level!, ...(lower ? { lowerReason: reason } : {}) });
    },
    onConflict,
  );
  return (
    <View className='qy-card'>
      <Text className='qy-label'>风险等级</Text>
      <Chips options={RISK_LEVELS} value={risk} label={(r) => RISK_LABELS[r]} onChange={(r) => void pickRisk(r)} />
      {proposal && (
        <View className='qy-notice'>
          <Text>系统建议：{proposal.explanation}</Text>
        </View>
      )}
      {risk && level && (
        <View>
          <Text className='qy-label'>由哪一级办理</Text>
          <Chips options={CASE_LEVELS} value={level} label={(l) => LEVEL_LABELS[l]} onChange={setLevel} />
          {lower && (
            <View className='qy-field'>
              <Text className='qy-label'>低于建议层级的理由（会存档）</Text>
              <Textarea className='qy-textarea' value={reason} maxlength={200} placeholder='为什么由更低一级办理' onInput={(e) => setReason(e.detail.value)} />
            </View>
          )}
          {error && <View className='qy-error'>{error}</View>}
          <Button className='qy-btn' loading={busy} disabled={busy} onClick={() => void submit()}>
            提交研判单
          </Button>
        </View>
      )}
    </View>
  );
}

const today = () => chinaDate(new Date());

/** 调解单: one session; the date is today and every party is ticked unless changed. */
export function SessionForm({ kase, act, onConflict }: { kase: CaseView; act: Act; onConflict: () => void }) {
  const names = kase.parties.map((p) => p.name);
  const [picked, setPicked] = useState<string[]>(names);
  const [summary, setSummary] = useState('');
  const { busy, error, submit } = useSubmit(async () => {
    await act('recordSession', { date: today(), participants: picked, summary });
    setSummary('');
  }, onConflict);
  return (
    <View className='qy-card'>
      <Text className='qy-label'>今天参加调解的人</Text>
      <NamePicker names={names} picked={picked} onChange={setPicked} />
      <Text className='qy-label'>调解经过和商定的事</Text>
      <Textarea className='qy-textarea' value={summary} maxlength={1000} placeholder='双方说了什么，商定了什么' onInput={(e) => setSummary(e.detail.value)} />
      {error && <View className='qy-error'>{error}</View>}
      <Button className='qy-btn qy-btn--ghost' loading={busy} disabled={busy} onClick={() => void submit()}>
        记录这次调解
      </Button>
    </View>
  );
}

/** 调解结果: agreed (agreement and who signed) or failed (goes one level up with the history). */
export function ConcludeForm({ kase, act, onConflict }: { kase: CaseView; act: Act; onConflict: () => void }) {
  const names = kase.parties.map((p) => p.name);
  const [outcome, setOutcome] = useState<'agreed' | 'failed' | null>(null);
  const [text, setText] = useState('');
  const [signed, setSigned] = useState<string[]>(names);
  const up = nextLevel(kase.level);
  const { busy, error, submit } = useSubmit(
    () => (outcome === 'agreed' ? act('conclude', { outcome: 'agreed', agreement: text, signedBy: signed }) : act('conclude', { outcome: 'failed', reason: text })),
    onConflict,
  );
  return (
    <View className='qy-card'>
      <Text className='qy-label'>调解结果</Text>
      <Chips options={['agreed', 'failed'] as const} value={outcome} label={(o) => (o === 'agreed' ? '调解成功' : '调解未成')} onChange={setOutcome} />
      {outcome === 'agreed' && (
        <View>
          <Text className='qy-label'>协议内容</Text>
          <Textarea className='qy-textarea' value={text} maxlength={1000} placeholder='双方同意怎么办' onInput={(e) => setText(e.detail.value)} />
          <Text className='qy-label'>签字的当事人</Text>
          <NamePicker names={names} picked={signed} onChange={setSigned} />
        </View>
      )}
      {outcome === 'failed' && (
        <View>
          <View className='qy-notice'>{up ? `提交后，案件连同调解记录上交${LEVEL_LABELS[up]}办理。` : '县级调解未成，将引导当事人通过诉讼、仲裁等途径解决。'}</View>
          <Text className='qy-label'>没谈成的原因</Text>
          <Textarea className='qy-textarea' value={text} maxlength={500} placeholder='分歧在哪里' onInput={(e) => setText(e.detail.value)} />
        </View>
      )}
      {error && <View className='qy-error'>{error}</View>}
      {outcome && (
        <Button className='qy-btn' loading={busy} disabled={busy} onClick={() => void submit()}>
          提交调解结果
        </Button>
      )}
    </View>
  );
}

/**
 * 回访单: did the agreement hold, and how satisfied the parties are. Before the follow-up is due
 * (`due` false) a visit is recorded as an interim contact and the case stays open, unless the
 * handler closes it early with a reason.
 */
export function FollowUpForm({ act, onConflict, due = true, dueAt = null }: { act: Act; onConflict: () => void; due?: boolean; dueAt?: string | null }) {
  const [held, setHeld] = useState<'yes' | 'no' | null>(null);
  const [satisfaction, setSatisfaction] = useState<Satisfaction | null>(null);
  const [note, setNote] = useState('');
  const [closeEarly, setCloseEarly] = useState(false);
  const [earlyReason, setEarlyReason] = useState('');
  const early = !due && held === 'yes' && closeEarly;
  const { busy, error, submit } = useSubmit(
    () =>
      act('followUp', {
        held: held === 'yes',
        satisfaction: satisfaction!,
        ...(note.trim() ? { note } : {}),
        ...(early && earlyReason.trim() ? { earlyReason: earlyReason.trim() } : {}),
      }),
    onConflict,
  );
  return (
    <View className='qy-card'>
      <Text className='qy-label'>协议履行得好吗</Text>
      <Chips options={['yes', 'no'] as const} value={held} label={(v) => (v === 'yes' ? '履行良好' : '又闹起来了')} onChange={setHeld} />
      {held === 'no' && <View className='qy-notice'>提交后案件在本级重新调解。</View>}
      {!due && held === 'yes' && (
        <View>
          <View className='qy-notice'>{`还没到回访时间${dueAt ? `（${formatDate(dueAt)}）` : ''}：这次记为过程联系，案件到期回访后才结案。`}</View>
          <Chips options={['wait', 'close'] as const} value={closeEarly ? 'close' : 'wait'} label={(v) => (v === 'wait' ? '到期再回访' : '提前结案')} onChange={(v) => setCloseEarly(v === 'close')} />
          {closeEarly && (
            <Textarea className='qy-textarea' value={earlyReason} maxlength={200} placeholder='提前结案的原因（必填，如一方已搬离）' onInput={(e) => setEarlyReason(e.detail.value)} />
          )}
        </View>
      )}
      <Text className='qy-label'>当事人满意吗</Text>
      <Chips options={SATISFACTIONS} value={satisfaction} label={(s) => SATISFACTION_LABELS[s]} onChange={setSatisfaction} />
      <Textarea className='qy-textarea' value={note} maxlength={500} placeholder='回访情况（可不填）' onInput={(e) => setNote(e.detail.value)} />
      {error && <View className='qy-error'>{error}</View>}
      {held && satisfaction && (
        <Button className='qy-btn' loading={busy} disabled={busy || (early && earlyReason.trim().length < 4)} onClick={() => void submit()}>
          {!due && held === 'yes' ? (early ? '提前结案' : '记录过程联系') : '提交回访单'}
        </Button>
      )}
    </View>
  );
}
