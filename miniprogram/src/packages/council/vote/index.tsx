import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { VOTE_CHOICE_LABELS, VOTE_CHOICES, type VoteChoice } from '@shared/domain/council-rules';
import { Button } from '../../../components/Button';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { councilsCall, councilsErrorText, useCouncils } from '../../../hooks/use-councils';
import { formatDate } from '../../../client/format';
import { go, useRouteParams } from '../../../client/navigate';
import { ROUTES } from '../../../routes';
import './index.scss';

/** The residents' (or representatives') vote: one large button per choice, one tap, then a confirmation. */
export default function Vote() {
  const params = useRouteParams(ROUTES.council.vote);
  const { data: v, loading, error, reload, setData } = useCouncils('vote', params.id ? { voteId: params.id } : null, '没有找到这次投票');
  const [choice, setChoice] = useState<{ choice: VoteChoice } | { candidateId: string; name: string } | null>(null);
  const [closing, setClosing] = useState(false);
  if (!v) return <PageShell><View className={error ? 'qy-notice' : 'qy-muted'}>{loading ? '正在加载…' : error}</View></PageShell>;
  const households = v.kind === 'households';
  const honour = v.subject.kind === 'honour';
  const labelOf = (c: string) => (honour ? (v.candidates.find((x) => x.id === c)?.name ?? '候选人') : VOTE_CHOICE_LABELS[c as VoteChoice]);
  const picked = choice ? ('choice' in choice ? VOTE_CHOICE_LABELS[choice.choice] : choice.name) : '';
  const cast = async () => {
    try {
      setData(await councilsCall('castVote', { voteId: v.id, ...choice! }));
    } catch (e) {
      void reload();
      throw new Error(councilsErrorText(e));
    }
    setChoice(null);
    void Taro.showToast({ title: '投票成功', icon: 'none' });
  };
  const close = async () => {
    try {
      setData(await councilsCall('closeVote', { voteId: v.id }));
    } catch (e) {
      void reload();
      throw new Error(councilsErrorText(e));
    }
    setClosing(false);
  };
  return (
    <PageShell>
      <View className='qy-title'>{honour ? '评选投票' : households ? '户代表投票' : '议事会代表表决'}</View>
      <View className='qy-card vote__question'>{v.question}</View>
      <View className='qy-muted'>
        {households ? `每户一票，${formatDate(v.closesAt)}截止。` : '每位代表一票。'}
        {v.secret ? '不记名投票：谁投了什么，任何人都看不到。' : ''}
      </View>
      <View>{`已投 ${v.cast} 票，应投 ${v.electorateSize} 票`}</View>

      {v.canVote && honour && (
        <View className='vote__choices'>
          {v.candidates.map((c) => (
            <Button key={c.id} className='qy-btn vote__choice vote__candidate' onClick={() => setChoice({ candidateId: c.id, name: c.name })}>
              {c.name}
            </Button>
          ))}
        </View>
      )}
      {honour && !v.canVote && v.candidates.map((c) => (
        <View key={c.id} className='qy-card'>
          <View className='qy-label'>{`${c.name}${c.honoured ? '（当选）' : ''}${c.votes !== null ? `：${c.votes} 票` : ''}`}</View>
          <View className='qy-muted'>{c.reason}</View>
        </View>
      ))}
      {v.canVote && !honour && (
        <View className='vote__choices'>
          {VOTE_CHOICES.map((c) => (
            <Button key={c} className={`qy-btn vote__choice vote__choice--${c}`} onClick={() => setChoice({ choice: c })}>
              {VOTE_CHOICE_LABELS[c]}
            </Button>
          ))}
        </View>
      )}
      {v.voted && <View className='qy-card vote__done'>{v.myChoice ? `您${households ? '家' : ''}已投票：${labelOf(v.myChoice)}` : `您${households ? '家' : ''}已经投过票了`}</View>}
      {!v.canVote && !v.voted && v.status === 'open' && <View className='qy-muted'>{households ? '本村（社区）已确认的住户每户可以投一票。' : '只有议事会代表参加表决。'}</View>}

      {v.result && !honour && (
        <View className='qy-card vote__result'>
          <View className='qy-label'>{`结果：${v.result.outcomeLabel}`}</View>
          <View>{`同意 ${v.result.agree} 票，不同意 ${v.result.disagree} 票，弃权 ${v.result.abstain} 票，共 ${v.result.cast} 票`}</View>
          <View className='qy-muted'>{`${formatDate(v.result.closedAt)}结束，结果不能再更改。`}</View>
        </View>
      )}
      {v.voters.length > 0 && (
        <View className='qy-card'>
          <View className='qy-label'>已投票的代表</View>
          <View>{v.voters.map((p) => (p.choice ? `${p.name}（${labelOf(p.choice)}）` : p.name)).join('、')}</View>
        </View>
      )}
      {v.mayClose && <Button className='qy-btn qy-btn--ghost' onClick={() => setClosing(true)}>结束表决，公布结果</Button>}
      {v.topicId && <Button className='qy-btn qy-btn--plain' onClick={go(ROUTES.council.topic.url({ id: v.topicId }))}>看议题</Button>}
      {v.subject.kind === 'covenant' && <Button className='qy-btn qy-btn--plain' onClick={go(ROUTES.council.covenant.url())}>看居民公约</Button>}
      {honour && <Button className='qy-btn qy-btn--plain' onClick={go(ROUTES.council.honour.url({ id: v.subject.id }))}>看评选</Button>}

      <ConfirmDialog
        spec={choice ? { title: `您选择了：${picked}`, message: `确认投「${picked}」吗？投出后不能更改。`, confirmText: `确认投${picked}` } : null}
        onConfirm={cast}
        onClose={() => setChoice(null)}
      />
      <ConfirmDialog
        spec={closing ? { title: '结束表决', message: '结束后不能再投票，结果马上公布，并且不能再更改。', confirmText: '结束并公布' } : null}
        onConfirm={close}
        onClose={() => setClosing(false)}
      />
    </PageShell>
  );
}
