import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Textarea, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { HALF_DAYS, type Duty, type HalfDay } from '@shared/domain/police-catalog';
import { PageShell } from '../../../components/PageShell';
import { hasRole } from '../../../client/session';
import { policeCall, policeErrorText, usePolice, useSessionUser } from '../../../hooks/use-police';
import { newRequestId } from '../../../client/request-id';
import { addDays } from '@shared/domain/china-time';
import { chinaToday, halfDayLabel } from '../format';
import './index.scss';
import { ROUTES } from '../../../routes';

/** Reasons to tap instead of typing; each carries the duties it belongs to. */
const REASONS: { text: string; duties: Duty[] }[] = [
  { text: '请民警上门检查用电用气安全', duties: ['safetyBuilding'] },
  { text: '身份证、户口等证件上门帮办', duties: ['jointWork', 'peopleCare'] },
  { text: '家里或邻里有纠纷，想请民警调解', duties: ['disputeMediation'] },
  { text: '接到可疑电话，想请民警上门讲讲防诈骗', duties: ['safetyBuilding', 'jointPatrol'] },
];

const key = (p: { date: string; half: HalfDay }) => `${p.date}-${p.half}`;

export default function RequestVisit() {
  const user = useSessionUser();
  const gridLeader = hasRole(user, 'grid-leader');
  const neighbours = usePolice('neighbours', gridLeader ? {} : null);
  /** null: for myself; else the neighbour a grid leader asks for. */
  const [forUserId, setForUserId] = useState<string | null>(null);
  const [reason, setReason] = useState<number | null>(null);
  const [extra, setExtra] = useState('');
  const [disabled, setDisabled] = useState(false);
  const [picked, setPicked] = useState<{ date: string; half: HalfDay }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const requestId = useRef(newRequestId());
  const today = chinaToday();
  const options = Array.from({ length: 6 }, (_, i) => addDays(today, i + 1)).flatMap((date) => HALF_DAYS.map((half) => ({ date, half })));

  const toggle = (p: { date: string; half: HalfDay }) =>
    setPicked((cur) => (cur.some((c) => key(c) === key(p)) ? cur.filter((c) => key(c) !== key(p)) : cur.length < 6 ? [...cur, p] : cur));

  const submit = async () => {
    const chosen = reason === null ? null : REASONS[reason]!;
    const text = [chosen?.text, extra.trim()].filter(Boolean).join('。');
    if (text.length < 4) return setError('请点一个事由，或写几句需要帮什么');
    if (picked.length === 0) return setError('请至少点一个您方便的时间');
    setBusy(true);
    setError(null);
    try {
      await policeCall('requestVisit', {
        ...(forUserId ? { forUserId } : {}),
        reason: text,
        duties: chosen?.duties ?? ['peopleCare'],
        preferred: picked,
        disabled,
        requestId: requestId.current,
      });
      const forName = neighbours.data?.items.find((n) => n.userId === forUserId)?.name;
      void Taro.showToast({ title: forName ? `已为${forName}提交，民警会尽快联系` : '已提交，民警会尽快联系您', icon: 'none' });
      void Taro.redirectTo({ url: ROUTES.police.mine.url() });
    } catch (e) {
      setError(policeErrorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageShell>
      <View className='qy-title'>请民警上门</View>
      <View className='qy-muted'>60岁以上老人、残疾人和搬迁户优先安排。</View>

      {gridLeader && (
        <>
          <View className='qy-section-title'>为谁申请</View>
          <View className='qy-chips'>
            <View className={`qy-chip ${forUserId === null ? 'qy-chip--on' : ''}`} onClick={() => setForUserId(null)}>
              {forUserId === null ? '✓ ' : ''}为本人申请
            </View>
            {(neighbours.data?.items ?? []).map((n) => (
              <View key={n.userId} className={`qy-chip ${forUserId === n.userId ? 'qy-chip--on' : ''}`} onClick={() => setForUserId(forUserId === n.userId ? null : n.userId)}>
                {forUserId === n.userId ? '✓ ' : ''}
                {n.name}
                {n.phoneMasked ? ` ${n.phoneMasked}` : ''}（{n.reasons.join('、')}）
              </View>
            ))}
          </View>
          {neighbours.error && <View className='qy-muted'>{neighbours.error}</View>}
          {neighbours.data && neighbours.data.items.length === 0 && <View className='qy-muted'>本网格暂时没有60岁以上老人或搬迁户可以代为申请。</View>}
        </>
      )}

      <View className='qy-section-title'>需要帮什么</View>
      <View className='qy-chips'>
        {REASONS.map((r, i) => (
          <View key={r.text} className={`qy-chip ${reason === i ? 'qy-chip--on' : ''}`} onClick={() => setReason(reason === i ? null : i)}>
            {r.text}
          </View>
        ))}
      </View>
      <View className='qy-field'>
        <Textarea className='qy-textarea' value={extra} maxlength={200} placeholder='还想说的（可以不写）' onInput={(e) => setExtra(e.detail.value)} />
      </View>

      <View className='qy-chips'>
        <View className={`qy-chip ${disabled ? 'qy-chip--on' : ''}`} onClick={() => setDisabled(!disabled)}>
          {disabled ? '✓ ' : ''}家里有残疾或行动不便的人
        </View>
      </View>

      <View className='qy-section-title'>什么时候方便（可以点几个）</View>
      <View className='qy-chips'>
        {options.map((p) => (
          <View key={key(p)} className={`qy-chip ${picked.some((c) => key(c) === key(p)) ? 'qy-chip--on' : ''}`} onClick={() => toggle(p)}>
            {halfDayLabel(p)}
          </View>
        ))}
      </View>

      {error && <View className='qy-error'>{error}</View>}
      <View className='qy-actions'>
        <Button className='qy-btn' disabled={busy} onClick={() => void submit()}>
          {busy ? '正在提交…' : '提交申请'}
        </Button>
      </View>
    </PageShell>
  );
}
