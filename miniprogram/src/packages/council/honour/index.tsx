import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { councilsCall, councilsErrorText, useCouncils, type CouncilsOutput } from '../../../hooks/use-councils';
import { formatDate } from '../../../client/format';
import { go, useRouteParams } from '../../../client/navigate';
import { ROUTES } from '../../../routes';

type Honour = CouncilsOutput<'honour'>;
type Ask = { object: Honour['nominations'][number] } | { decide: Honour['objections'][number]; uphold: boolean } | { step: 'publicity' | 'vote' };

/** Nominate a person of the village: found by full name, shown by surname, with the reason. */
function Nominate({ h, onSaved }: { h: Honour; onSaved: (h: Honour) => void }) {
  const [name, setName] = useState('');
  const [people, setPeople] = useState<CouncilsOutput<'nominees'>['people'] | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const find = async () => {
    setError(null);
    try {
      setPeople((await councilsCall('nominees', { honourId: h.id, name: name.trim() })).people);
    } catch (e) {
      setError(councilsErrorText(e));
    }
  };
  const submit = async () => {
    setError(null);
    try {
      onSaved(await councilsCall('nominate', { honourId: h.id, nomineeId: picked!, reason: reason.trim() }));
      setPicked(null);
      setReason('');
      void Taro.showToast({ title: '已提名', icon: 'none' });
    } catch (e) {
      setError(councilsErrorText(e));
    }
  };
  return (
    <View className='qy-card'>
      <View className='qy-label'>提名本村（社区）的人</View>
      <Input className='qy-input' value={name} maxlength={20} placeholder='写全名，如：李秀英' onInput={(e) => setName(e.detail.value)} />
      <Button className='qy-btn qy-btn--ghost' onClick={() => void find()}>查找</Button>
      {people && people.length === 0 && <View className='qy-muted'>本村（社区）没有找到这个名字。</View>}
      {people?.map((p) => (
        <View key={p.id} className={`qy-chip ${picked === p.id ? 'qy-chip--on' : ''}`} role='radio' aria-checked={picked === p.id} onClick={() => setPicked(p.id)}>{`${p.name}（${p.place}）`}</View>
      ))}
      <Text className='qy-label'>推荐理由</Text>
      <Textarea className='qy-textarea' value={reason} maxlength={300} placeholder='他（她）做了哪些好事（至少 10 个字）' onInput={(e) => setReason(e.detail.value)} />
      {error && <View className='qy-notice'>{error}</View>}
      <Button className='qy-btn' disabled={!picked} onClick={() => void submit()}>提名</Button>
    </View>
  );
}

/** One 评选: nominations with reasons, publicity with objections, the household vote, the honoured. */
export default function HonourPage() {
  const params = useRouteParams(ROUTES.council.honour);
  const { data: h, loading, error, reload, setData } = useCouncils('honour', params.id ? { honourId: params.id } : null, '没有找到这次评选');
  const [ask, setAsk] = useState<Ask | null>(null);
  if (!h) return <PageShell><View className={error ? 'qy-notice' : 'qy-muted'}>{loading ? '正在加载…' : error}</View></PageShell>;
  const spec = !ask
    ? null
    : 'object' in ask
      ? { title: `对${ask.object.nomineeName}提出异议`, message: '您的异议只有村（社区）党组织能看到，核实后会答复您。每户对每位候选人提一次。', confirmText: '提交异议', input: { label: '异议理由', placeholder: '请写清楚事实', required: true, maxLength: 300 } }
      : 'decide' in ask
        ? { title: ask.uphold ? '异议成立' : '异议不成立', message: ask.uphold ? '异议成立后，这位候选人退出评选。' : '候选人继续参加评选。', confirmText: '答复', input: { label: '答复', placeholder: '核实的情况', required: true, maxLength: 200 } }
        : { title: ask.step === 'publicity' ? '结束提名，开始公示' : '开始投票', message: ask.step === 'publicity' ? '公示期间居民可以对候选人提出异议。' : '全体户代表每户投一票，不记名。', confirmText: '确认' };
  const confirm = async (text: string) => {
    try {
      if (!ask) return;
      if ('object' in ask) setData(await councilsCall('object', { nominationId: ask.object.id, reason: text.trim() }));
      else if ('decide' in ask) setData(await councilsCall('decideObjection', { objectionId: ask.decide.id, uphold: ask.uphold, answer: text.trim() }));
      else if (ask.step === 'publicity') setData(await councilsCall('startPublicity', { honourId: h.id }));
      else setData(await councilsCall('openHonourVote', { honourId: h.id }));
    } catch (e) {
      void reload();
      throw new Error(councilsErrorText(e));
    }
    setAsk(null);
  };
  return (
    <PageShell>
      <View className='qy-title'>{`${h.year}年度${h.title}`}</View>
      <View className='qy-muted'>{`${h.statusLabel} · 评 ${h.seats} 名 · ${h.tieRuleLabel}${h.publicityEndsAt && h.status === 'publicity' ? ` · 公示到${formatDate(h.publicityEndsAt)}` : ''}`}</View>
      {h.winners.length > 0 && <View className='qy-card qy-label'>{`当选：${h.winners.join('、')}`}</View>}
      {h.voteId && <Button className='qy-btn' onClick={go(ROUTES.council.vote.url({ id: h.voteId }))}>{h.status === 'voting' ? '去投票' : '看投票结果'}</Button>}
      <View className='qy-section-title'>候选人</View>
      {h.nominations.length === 0 && <View className='qy-muted'>还没有人被提名。</View>}
      {h.nominations.map((n) => (
        <View key={n.id} className='qy-card'>
          <View className='qy-label'>{`${n.nomineeName}${n.honoured ? '（当选）' : ''}${n.votes !== null ? ` ${n.votes} 票` : ''}${n.status === 'withdrawn' ? '（已退出评选）' : ''}`}</View>
          <View>{n.reason}</View>
          <View className='qy-muted'>{`${n.nominatedByName}提名${n.openObjections ? ` · ${n.openObjections} 条异议待答复` : ''}`}</View>
          {n.withdrawnReason && <View className='qy-muted'>{n.withdrawnReason}</View>}
          {n.objected && <View className='qy-muted'>您家已提出异议。</View>}
          {n.canObject && <Button className='qy-btn qy-btn--plain' onClick={() => setAsk({ object: n })}>提出异议</Button>}
        </View>
      ))}
      {h.canNominate && <Nominate h={h} onSaved={setData} />}
      {h.manages && h.objections.length > 0 && (
        <View>
          <View className='qy-section-title'>待答复的异议</View>
          {h.objections.map((o) => (
            <View key={o.id} className='qy-card'>
              <View className='qy-label'>{o.nomineeName}</View>
              <View>{o.reason}</View>
              <View className='qy-actions'>
                <Button className='qy-btn qy-btn--ghost' onClick={() => setAsk({ decide: o, uphold: true })}>异议成立</Button>
                <Button className='qy-btn qy-btn--ghost' onClick={() => setAsk({ decide: o, uphold: false })}>异议不成立</Button>
              </View>
            </View>
          ))}
        </View>
      )}
      {h.manages && h.status === 'nominating' && <Button className='qy-btn qy-btn--ghost' onClick={() => setAsk({ step: 'publicity' })}>结束提名，开始公示</Button>}
      {h.manages && h.status === 'publicity' && <Button className='qy-btn qy-btn--ghost' onClick={() => setAsk({ step: 'vote' })}>公示结束，开始投票</Button>}
      <ConfirmDialog spec={spec} onConfirm={confirm} onClose={() => setAsk(null)} />
    </PageShell>
  );
}
