import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { ConfirmDialog, type ConfirmSpec } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { powersCall, powersErrorText, useMatter } from '../../../hooks/use-powers';
import { ApiError } from '../../../client/cloud';
import { formatDate } from '../../../client/format';
import { Flowchart } from '../components/Flowchart';
import { HeldNotice, MATTER_READERS, RELEASE_DIALOG, SUPERVISOR_READERS } from '../components/HeldNotice';
import { MATTER_STATUS_LABELS, shortDate } from '../labels';
import './index.scss';
import { useSubscribeAt } from '../../../hooks/use-subscribe';
import { ROUTES } from '../../../routes';
import { go, useRouteParams } from '../../../client/navigate';

type Step = 'advance' | 'refuse' | 'withdraw' | 'complain' | 'release' | { stars: number } | { complaintId: string };

function specOf(step: Step, stepTitle: string): ConfirmSpec {
  if (typeof step === 'object' && 'complaintId' in step) return RELEASE_DIALOG;
  if (typeof step === 'object') {
    return { title: `评价：${step.stars} 星`, message: '谢谢您的评价，村务监督委员会和干部都能看到。', confirmText: '提交评价', input: { label: '想说的话（可以不填）', placeholder: '办得怎么样', required: false, maxLength: 200 } };
  }
  switch (step) {
    case 'advance':
      return { title: `办结「${stepTitle}」`, message: '确认这一步已经按要求办完？办完后自动进入下一步，并通知下一步的办理人和申请人。', confirmText: '确认办结', input: { label: '办理情况（可以不填）', placeholder: '如：材料齐全，已受理', required: false, maxLength: 300 } };
    case 'refuse':
      return { title: `不予通过「${stepTitle}」`, message: '不予通过后事项结束，申请人会收到您写的理由。', confirmText: '不予通过', input: { label: '理由', placeholder: '请写清楚依据和原因', required: true, maxLength: 300 } };
    case 'withdraw':
      return { title: '撤回申请', message: '撤回后这件事就不再办理了，需要时可以重新申请。', confirmText: '确认撤回', input: { label: '撤回原因', placeholder: '如：不需要了', required: true, maxLength: 200 } };
    case 'release':
      return RELEASE_DIALOG;
    case 'complain':
      return { title: '向村务监督委员会反映', message: '您反映的问题只有村务监督委员会能看到，他们会调查并答复您。', confirmText: '提交', input: { label: '反映的问题', placeholder: '请写清楚遇到了什么问题（至少 5 个字）', required: true, maxLength: 500 } };
  }
}

/** The matter on its flowchart: where it stands, who did each step and when, and what I may do now. */
export default function MatterDetail() {
  const params = useRouteParams(ROUTES.powers.matter);
  const { matter, loading, error, reload, act } = useMatter(params.id);
  const [step, setStep] = useState<Step | null>(null);
  const askSubscribe = useSubscribeAt('matter.handle');

  if (loading && !matter) return <PageShell><View className='qy-muted'>正在加载…</View></PageShell>;
  if (!matter) {
    return (
      <PageShell>
        <View className='qy-notice'>{error ?? '没有找到这个事项'}</View>
        <Button className='qy-btn qy-btn--plain' onClick={() => void reload()}>重新加载</Button>
      </PageShell>
    );
  }

  const current = matter.current !== null ? matter.steps[matter.current] : null;
  const perform = async (s: Step, text: string) => {
    if (s === 'advance' || s === 'refuse') askSubscribe();
    try {
      if (typeof s === 'object' && 'complaintId' in s) {
        await powersCall('releaseComplaint', { complaintId: s.complaintId });
        void reload();
      } else if (typeof s === 'object') await act('rate', { stars: s.stars, ...(text ? { comment: text } : {}) });
      else if (s === 'release') await act('release', {});
      else if (s === 'advance') await act('advance', { stepIndex: matter.current ?? 0, decision: 'pass', ...(text ? { note: text } : {}) });
      else if (s === 'refuse') await act('advance', { stepIndex: matter.current ?? 0, decision: 'refuse', note: text });
      else if (s === 'withdraw') await act('withdraw', { reason: text });
      else await act('complain', { text });
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'CONFLICT' || e.code === 'FORBIDDEN')) void reload();
      throw new Error(powersErrorText(e));
    }
    setStep(null);
    void Taro.showToast({ title: s === 'release' || (typeof s === 'object' && 'complaintId' in s) ? '已放行' : '已提交', icon: 'none' });
  };

  const allowed = matter.allowed;
  return (
    <PageShell>
      <View className='qy-title'>{matter.title}</View>
      <View className='qy-muted'>{`${matter.applicantName} · ${matter.unitName} · ${formatDate(matter.createdAt)}`}</View>

      <HeldNotice held={matter.held} readers={MATTER_READERS} onRelease={allowed.includes('release') ? () => setStep('release') : undefined} />

      <View className={`qy-card matter__now matter__now--${matter.status}`}>
        <Text className='matter__status'>{MATTER_STATUS_LABELS[matter.status]}</Text>
        {current ? (
          <View>
            {`现在在第 ${(matter.current ?? 0) + 1} 步（共 ${matter.steps.length} 步）：${current.title}，由${current.actorLabel}办理`}
            {current.dueAt ? `，${shortDate(current.dueAt)}前办结` : ''}
            {matter.overdue && <Text className='matter__late'>。已超过时限，村务监督委员会已收到提醒。</Text>}
          </View>
        ) : (
          matter.workingDays !== null && <View>{`用时 ${matter.workingDays} 个工作日`}</View>
        )}
      </View>

      {(allowed.includes('advance') || allowed.includes('refuse')) && (
        <View className='qy-actions'>
          <Button className='qy-btn' onClick={() => setStep('advance')}>{`办结这一步：${current?.title ?? ''}`}</Button>
          <Button className='qy-btn qy-btn--ghost' onClick={() => setStep('refuse')}>不予通过</Button>
        </View>
      )}

      {allowed.includes('rate') && (
        <View className='qy-card matter__rate'>
          <View className='qy-label'>这件事办得怎么样？点星星评价</View>
          <View className='matter__stars'>
            {[1, 2, 3, 4, 5].map((n) => (
              <View key={n} className='matter__star' role='button' aria-label={`${n} 星`} onClick={() => setStep({ stars: n })}>
                {`${'★'.repeat(n)}`}
              </View>
            ))}
          </View>
        </View>
      )}
      {matter.rating && <View className='qy-card'>{`您的评价：${'★'.repeat(matter.rating.stars)}${matter.rating.comment ? ` ${matter.rating.comment}` : ''}`}</View>}

      <View className='qy-section-title'>流程图</View>
      <View className='qy-muted matter__version'>{`按第 ${matter.version} 版流程办理（开始办理时的版本）`}</View>
      <View className='qy-card'>
        <Flowchart steps={matter.steps} />
      </View>

      <View className='qy-section-title'>办理经过</View>
      <View className='matter__timeline'>
        {matter.timeline.map((e, i) => (
          <View key={`${e.at}-${i}`} className='matter__event'>
            <View className='matter__event-head'>
              <Text className='matter__event-action'>{e.action}</Text>
              <Text className='qy-muted'>{e.actorName}</Text>
            </View>
            <View className='qy-muted'>{formatDate(e.at)}</View>
            {e.note && <View>{e.note}</View>}
          </View>
        ))}
      </View>

      {matter.complaints.length > 0 && (
        <View>
          <View className='qy-section-title'>反映的问题</View>
          {matter.complaints.map((c) => (
            <View key={c.id} className='qy-card'>
              <HeldNotice held={c.held} readers={SUPERVISOR_READERS} onRelease={c.canRelease ? () => setStep({ complaintId: c.id }) : undefined} />
              <View>{c.text}</View>
              <View className='qy-muted'>{`${c.complainantName} · ${formatDate(c.createdAt)} · ${c.status === 'open' ? '等待答复' : '已答复'}`}</View>
              {c.reply && <View className='matter__reply'>{`答复（${c.handledByName ?? ''}）：${c.reply}`}</View>}
            </View>
          ))}
        </View>
      )}

      <View className='qy-actions'>
        {allowed.includes('complain') && <Button className='qy-btn qy-btn--plain' onClick={() => setStep('complain')}>向村务监督委员会反映问题</Button>}
        {allowed.includes('withdraw') && <Button className='qy-btn qy-btn--plain' onClick={() => setStep('withdraw')}>撤回申请</Button>}
        <Button className='qy-btn qy-btn--plain' onClick={go(ROUTES.powers.item.url({ code: matter.itemCode }))}>看这个事项的明白卡</Button>
      </View>

      <ConfirmDialog spec={step ? specOf(step, current?.title ?? '') : null} onConfirm={(text) => (step ? perform(step, text) : Promise.resolve())} onClose={() => setStep(null)} />
    </PageShell>
  );
}
