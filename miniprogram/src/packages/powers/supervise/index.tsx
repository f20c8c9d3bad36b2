import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Picker, Text, Textarea, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import type { TalkStage } from '@shared/domain/power-talks';
import { chinaDate } from '@shared/domain/china-time';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { powersCall, powersErrorText, usePowersPages, type PowersOutput } from '../../../hooks/use-powers';
import { ApiError } from '../../../client/cloud';
import { formatDate, formatDay } from '../../../client/format';
import { HeldNotice, RELEASE_DIALOG, SUPERVISOR_READERS } from '../components/HeldNotice';
import { TALK_STAGE_LABELS, TALK_STAGES } from '../labels';
import './index.scss';
import { ROUTES } from '../../../routes';
import { go } from '../../../client/navigate';

type Complaint = PowersOutput<'complaints'>['items'][number];
type Talk = PowersOutput<'talks'>['items'][number];

const today = () => chinaDate(new Date());

/** The 村务监督委员会's page: complaints to answer, and the 三提醒 talks they record. */
export default function SupervisePage() {
  const [tab, setTab] = useState<'complaints' | 'talks'>('complaints');
  const [status, setStatus] = useState<'open' | 'handled'>('open');
  const complaints = usePowersPages('complaints', tab === 'complaints' ? { status, limit: 20 } : null);
  const talks = usePowersPages('talks', tab === 'talks' ? { scope: 'village', limit: 20 } : null);
  const [answering, setAnswering] = useState<Complaint | null>(null);
  const [releasing, setReleasing] = useState<{ complaintId: string } | { talkId: string } | null>(null);

  const [cadreId, setCadreId] = useState<string | null>(null);
  const [stage, setStage] = useState<TalkStage>('before');
  const [date, setDate] = useState(today);
  const [topic, setTopic] = useState('');
  const [followUp, setFollowUp] = useState('');
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  const cadres = talks.first?.cadres ?? [];

  const answer = async (text: string) => {
    if (!answering) return;
    try {
      await powersCall('handleComplaint', { complaintId: answering.id, reply: text });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONFLICT') void complaints.refresh();
      throw new Error(powersErrorText(e));
    }
    setAnswering(null);
    void complaints.refresh();
    void Taro.showToast({ title: '已答复', icon: 'none' });
  };

  const release = async () => {
    if (!releasing) return;
    const refresh = 'complaintId' in releasing ? complaints.refresh : talks.refresh;
    try {
      if ('complaintId' in releasing) await powersCall('releaseComplaint', releasing);
      else await powersCall('releaseTalk', releasing);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONFLICT') void refresh();
      throw new Error(powersErrorText(e));
    }
    void refresh();
    setReleasing(null);
    void Taro.showToast({ title: '已放行', icon: 'none' });
  };

  const record = async () => {
    if (!cadreId) {
      setFormError('请先点选谈话的干部');
      return;
    }
    setBusy(true);
    setFormError(null);
    try {
      await powersCall('recordTalk', { cadreId, stage, date, topic: topic.trim(), followUp: followUp.trim() });
      setTopic('');
      setFollowUp('');
      void talks.refresh();
      void Taro.showToast({ title: '已记录', icon: 'none' });
    } catch (e) {
      setFormError(powersErrorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageShell>
      <View className='qy-title'>村务监督</View>
      <View className='qy-chips' role='tablist'>
        <View className={`qy-chip ${tab === 'complaints' ? 'qy-chip--on' : ''}`} role='tab' aria-selected={tab === 'complaints'} onClick={() => setTab('complaints')}>群众投诉</View>
        <View className={`qy-chip ${tab === 'talks' ? 'qy-chip--on' : ''}`} role='tab' aria-selected={tab === 'talks'} onClick={() => setTab('talks')}>三提醒谈话</View>
      </View>

      {tab === 'complaints' && (
        <View>
          <View className='qy-chips'>
            <View className={`qy-chip ${status === 'open' ? 'qy-chip--on' : ''}`} onClick={() => setStatus('open')}>待答复</View>
            <View className={`qy-chip ${status === 'handled' ? 'qy-chip--on' : ''}`} onClick={() => setStatus('handled')}>已答复</View>
          </View>
          {complaints.error && <View className='qy-notice'>{complaints.error}</View>}
          {!complaints.loading && complaints.items.length === 0 && <View className='qy-notice'>{status === 'open' ? '没有待答复的投诉' : '还没有答复过投诉'}</View>}
          {(complaints.items as Complaint[]).map((c) => (
            <View key={c.id} className='qy-card'>
              <View className='supervise__what'>{`${c.complainantName} 反映「${c.matterTitle}」`}</View>
              <HeldNotice held={c.held} readers={SUPERVISOR_READERS} onRelease={c.canRelease ? () => setReleasing({ complaintId: c.id }) : undefined} />
              <View className='supervise__text'>{c.text}</View>
              <View className='qy-muted'>{formatDate(c.createdAt)}</View>
              {c.reply && <View className='supervise__reply'>{`答复：${c.reply}（${c.handledByName ?? ''}）`}</View>}
              <View className='qy-actions'>
                <Button className='qy-btn qy-btn--plain' onClick={go(ROUTES.powers.matter.url({ id: c.matterId }))}>看这件事的办理经过</Button>
                {c.status === 'open' && <Button className='qy-btn' onClick={() => setAnswering(c)}>答复</Button>}
              </View>
            </View>
          ))}
          {complaints.hasMore && <Button className='qy-btn qy-btn--plain' onClick={complaints.loadMore}>加载更多</Button>}
        </View>
      )}

      {tab === 'talks' && (
        <View>
          <View className='qy-card'>
            <View className='qy-section-title'>记录一次提醒谈话</View>
            <Text className='qy-label'>谈话的干部</Text>
            <View className='qy-chips'>
              {cadres.map((c) => (
                <View key={c.id} className={`qy-chip ${cadreId === c.id ? 'qy-chip--on' : ''}`} onClick={() => setCadreId(c.id)}>{c.name}</View>
              ))}
            </View>
            <Text className='qy-label'>哪一种提醒</Text>
            <View className='qy-chips'>
              {TALK_STAGES.map((s) => (
                <View key={s} className={`qy-chip ${stage === s ? 'qy-chip--on' : ''}`} onClick={() => setStage(s)}>{TALK_STAGE_LABELS[s]}</View>
              ))}
            </View>
            <View className='qy-field'>
              <Text className='qy-label'>谈话日期</Text>
              <Picker mode='date' value={date} end={today()} onChange={(e) => setDate(String(e.detail.value))}>
                <View className='qy-input supervise__date'>{formatDay(date)}</View>
              </Picker>
            </View>
            <View className='qy-field'>
              <Text className='qy-label'>谈话内容</Text>
              <Input className='qy-input' value={topic} maxlength={100} placeholder='如：集体资产出租前的廉洁提醒' onInput={(e) => setTopic(e.detail.value)} />
            </View>
            <View className='qy-field'>
              <Text className='qy-label'>整改和落实要求</Text>
              <Textarea className='qy-textarea' value={followUp} maxlength={300} placeholder='如：公开招租，亲属回避，一个月内书面报告' onInput={(e) => setFollowUp(e.detail.value)} />
            </View>
            {formError && <View className='qy-error'>{formError}</View>}
            <Button className='qy-btn' disabled={busy} onClick={() => void record()}>{busy ? '正在保存…' : '保存谈话记录'}</Button>
          </View>

          <View className='qy-section-title'>本村（社区）的提醒谈话</View>
          {talks.error && <View className='qy-notice'>{talks.error}</View>}
          {(talks.items as Talk[]).map((t) => (
            <View key={t.id} className='qy-card'>
              <View className='supervise__what'>{`${formatDay(t.date)} · ${t.cadreName} · ${TALK_STAGE_LABELS[t.stage]}`}</View>
              <HeldNotice held={t.held} readers={SUPERVISOR_READERS} onRelease={t.canRelease ? () => setReleasing({ talkId: t.id }) : undefined} />
              <View>{t.topic}</View>
              <View className='qy-muted'>{`要求：${t.followUp}`}</View>
            </View>
          ))}
          {talks.hasMore && <Button className='qy-btn qy-btn--plain' onClick={talks.loadMore}>加载更多</Button>}
        </View>
      )}

      <ConfirmDialog
        spec={answering ? { title: '答复群众', message: `答复会发给${answering.complainantName}。`, confirmText: '发送答复', input: { label: '答复内容', placeholder: '调查情况和处理结果', required: true, maxLength: 300 } } : null}
        onConfirm={answer}
        onClose={() => setAnswering(null)}
      />
      <ConfirmDialog spec={releasing ? RELEASE_DIALOG : null} onConfirm={release} onClose={() => setReleasing(null)} />
    </PageShell>
  );
}
