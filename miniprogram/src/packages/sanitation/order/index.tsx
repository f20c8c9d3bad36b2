import { useState } from 'react';
import { View } from '@tarojs/components';
import { whenForPeople } from '@shared/domain/for-people';
import { HANDLING_LEVEL_LABELS, ORDER_STATUS_LABELS, REPORT_CATEGORY_LABELS } from '@shared/domain/sanitation-report';
import { Button } from '../../../components/Button';
import { ConfirmDialog, DialogError, type ConfirmSpec } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { useRouteParams } from '../../../client/navigate';
import { useSignedInUser } from '../../../hooks/use-session';
import { useSubscribeAt } from '../../../hooks/use-subscribe';
import { sanitationErrorText, takeSanitationPhoto, useOrder, type PhotoView } from '../../../hooks/use-sanitation';
import { ROUTES } from '../../../routes';
import { Photos } from '../components/Photos';
import { Progress } from '../components/Progress';
import '../components/sanitation.scss';

type Step = 'accept' | 'fix' | 'confirm' | 'reopen' | 'release';

const SPECS: Record<Step, ConfirmSpec> = {
  accept: { title: '接单', message: '接单后由您负责处理，报告人会收到通知。', confirmText: '接单' },
  fix: { title: '已经修好', message: '请写明怎么处理的，报告人会看到并确认。', confirmText: '提交', input: { label: '处理情况', placeholder: '如：已清运并消毒', required: true, maxLength: 200 } },
  confirm: { title: '确认修好了', message: '确认后工单办结。', confirmText: '确认修好了' },
  reopen: { title: '还没修好', message: '工单会退回处理人，并重新计算时限。', confirmText: '退回', input: { label: '哪里还没修好', placeholder: '如：旁边还堆着垃圾', required: true, maxLength: 200 } },
  release: { title: '放行复核的内容', message: '您看过内容没有问题，放行后本村（社区）的人都能看到。', confirmText: '放行' },
};

const TIMELINE_WORDS: Record<string, string> = { submit: '上报', merge: '又有人报告', accept: '接单', fix: '已修好', confirm: '确认修好', reopen: '还没修好', escalate: '超期督办' };

/** One 随手拍 work order: its steps, photos before and after, who reported (surnames to others) and what I may do now. */
export default function OrderPage() {
  const params = useRouteParams(ROUTES.sanitation.order);
  const { user } = useSignedInUser();
  const { order: o, error, act } = useOrder(params.id);
  const [step, setStep] = useState<Step | null>(null);
  const [after, setAfter] = useState<PhotoView[]>([]);
  const [photoError, setPhotoError] = useState<string | null>(null);
  const askSubscribe = useSubscribeAt('sanitation.handle');
  if (!o) return <PageShell><View className={error ? 'qy-notice' : 'qy-muted'}>{error ?? '正在加载…'}</View></PageShell>;

  const perform = async (text: string) => {
    if (!step) return;
    try {
      if (step === 'fix') {
        if (!after.length) throw new DialogError('请先拍一张修好后的照片');
        await act('fix', { note: text, photoIds: after.map((p) => p.id) });
        setAfter([]);
      } else if (step === 'reopen') await act('reopen', { note: text });
      else await act(step, {});
    } catch (e) {
      if (e instanceof DialogError) throw e;
      throw new DialogError(sanitationErrorText(e));
    }
  };
  const addAfter = async () => {
    if (!user) return;
    setPhotoError(null);
    try {
      const p = await takeSanitationPhoto(user.id);
      setAfter((list) => [...list, p.photo]);
    } catch (e) {
      setPhotoError(sanitationErrorText(e));
    }
  };

  return (
    <PageShell>
      <View className='qy-title'>
        {REPORT_CATEGORY_LABELS[o.category]}：{o.facilityName ?? o.placeText}
      </View>
      <Progress step={o.step} />
      <View className='qy-card'>
        <View className='qy-label'>
          {ORDER_STATUS_LABELS[o.status]}
          {o.overdue ? '（已超期）' : ''}
        </View>
        <View>
          {o.villageName} · {o.placeText}
        </View>
        <View className='qy-muted'>
          由{HANDLING_LEVEL_LABELS[o.level]}处理：{o.routeReason}
        </View>
        <View className='qy-muted'>处理时限：{whenForPeople(o.deadlineAt)}前</View>
        {o.handlerName && <View className='qy-muted'>处理人：{o.handlerName}</View>}
        {o.note && <View>说明：{o.note}</View>}
        {o.fixNote && <View>处理情况：{o.fixNote}</View>}
        {o.escalated && <View className='qy-notice'>超过时限，已报上级督办</View>}
      </View>
      <Photos title='现场照片' photos={o.photos.filter((p) => p.role === 'before')} />
      <Photos title='修好后的照片' photos={o.photos.filter((p) => p.role === 'after')} />

      {o.allowed.includes('fix') && (
        <View className='qy-card'>
          <View className='qy-label'>修好后拍一张照片</View>
          <Photos photos={after} />
          <Button className='qy-btn qy-btn--ghost' onClick={() => void addAfter()}>
            拍照
          </Button>
          {photoError && <View className='qy-notice'>{photoError}</View>}
        </View>
      )}
      <View className='qy-actions'>
        {o.allowed.map((a) => (
          <Button
            key={a}
            className={`qy-btn${a === 'reopen' || a === 'release' ? ' qy-btn--ghost' : ''}`}
            onClick={() => {
              if (a === 'accept' || a === 'fix') askSubscribe();
              setStep(a);
            }}
          >
            {SPECS[a].title}
          </Button>
        ))}
      </View>

      <View className='qy-section-title'>报告人（{o.reportCount} 人）</View>
      <View className='qy-muted'>{o.reporters.map((r) => r.name).join('、')}</View>
      <View className='qy-section-title'>经过</View>
      {[...o.timeline].reverse().map((e, i) => (
        <View key={i} className='qy-card'>
          <View className='qy-label'>
            {TIMELINE_WORDS[e.action] ?? '处理'} · {e.actorName}
          </View>
          <View className='qy-muted'>{whenForPeople(e.at)}</View>
          {e.note && <View>{e.note}</View>}
        </View>
      ))}
      <ConfirmDialog spec={step ? SPECS[step] : null} onConfirm={perform} onClose={() => setStep(null)} />
    </PageShell>
  );
}
