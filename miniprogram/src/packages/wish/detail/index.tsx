import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { WISH_CATEGORY_LABELS, WISH_EVENT_LABELS } from '@shared/domain/wish-state';
import { wishTextLabel } from '@shared/domain/wish-rules';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { WishStatusBadge } from '../../../components/WishStatusBadge';
import { useWish } from '../../../hooks/use-wish';
import { ApiError } from '../../../client/cloud';
import { formatDate } from '../../../client/format';
import { askToSubscribe, prepareSubscribe } from '../../../client/subscribe';
import { STEPS, stepErrorText, stepsFor, type WishStep } from './actions';
import { WisherContact } from './WisherContact';
import './index.scss';
import { useRouteParams } from '../../../client/navigate';
import { ROUTES } from '../../../routes';

function eventLabel(action: string): string {
  return (WISH_EVENT_LABELS as Record<string, string>)[action] ?? action;
}

export default function WishDetail() {
  const params = useRouteParams(ROUTES.wish.detail);
  const { wish, loading, error, reload, act } = useWish(params.id);
  const [step, setStep] = useState<WishStep | null>(null);

  useEffect(() => {
    void prepareSubscribe('wish.review');
    void prepareSubscribe('wish.claim');
  }, []);

  const perform = async (s: WishStep, text: string) => {
    // Straight from the confirm tap: cadres ask for the next wishes to review, party members for progress.
    if (s === 'approve' || s === 'reject') await askToSubscribe('wish.review');
    else if (s === 'claim') await askToSubscribe('wish.claim');
    try {
      if (s === 'approve') await act('review', { decision: 'approve' });
      else if (s === 'reject') await act('review', { decision: 'reject', reason: text });
      else if (s === 'claim') await act('claim', {});
      else if (s === 'fulfil') await act('fulfil', { note: text });
      else if (s === 'confirm') await act('confirm', text ? { thanks: text } : {});
      else if (s === 'release') await act('release', {});
      else await act('cancel', { reason: text });
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'CONFLICT' || e.code === 'FORBIDDEN')) void reload();
      const field = e instanceof ApiError ? e.issues[0]?.message : undefined;
      throw new Error(field && e instanceof ApiError && e.code === 'INVALID_INPUT' ? field : stepErrorText(s)(e));
    }
    setStep(null);
    void Taro.showToast({ title: STEPS[s].done, icon: 'none' });
  };

  if (loading && !wish) return <PageShell><View className='qy-muted'>正在加载…</View></PageShell>;
  if (!wish) {
    return (
      <PageShell>
        <View className='qy-notice'>{error ?? '没有找到这个心愿'}</View>
        <Button className='qy-btn qy-btn--plain' onClick={() => void reload()}>
          重新加载
        </Button>
      </PageShell>
    );
  }

  const steps = stepsFor(wish.allowed);
  return (
    <PageShell>
      <View className='detail__head'>
        <Text className='qy-title detail__title'>{wish.title}</Text>
        <WishStatusBadge status={wish.status} />
      </View>
      <View className='qy-muted'>
        {WISH_CATEGORY_LABELS[wish.category]} · {wish.unitName} · {wish.wisherName}
        {wish.priority ? ' · 优先办理' : ''}
      </View>

      {wish.held && wish.held.length > 0 && (
        <View className='qy-notice'>
          这个心愿有内容正在复核，暂时只有您和村（社区）干部能看到：
          {wish.held.map((h) => `${wishTextLabel(h.field)}（${h.reason}）`).join('；')}
        </View>
      )}

      <View className='qy-card wish__content'>{wish.content}</View>

      {wish.claimantName && <View className='wish__fact'>认领党员：{wish.claimantName}</View>}
      {wish.canContact && <WisherContact wishId={wish.id} />}
      {wish.reason && <View className='wish__fact'>原因：{wish.reason}</View>}
      {wish.fulfilNote && <View className='wish__fact'>完成情况：{wish.fulfilNote}</View>}
      {wish.thanks && <View className='wish__fact'>感谢的话：{wish.thanks}</View>}

      {steps.length > 0 && (
        <View className='qy-actions'>
          {steps.map((s) => (
            <Button
              key={s}
              className={STEPS[s].primary ? 'qy-btn' : 'qy-btn qy-btn--ghost'}
              onClick={() => setStep(s)}
            >
              {STEPS[s].button}
            </Button>
          ))}
        </View>
      )}

      <View className='qy-section-title'>办理经过</View>
      <View className='detail__timeline'>
        {wish.timeline.map((e, i) => (
          <View key={`${e.at}-${i}`} className='detail__event'>
            <View className='wish__event-head'>
              <Text className='detail__event-action'>{eventLabel(e.action)}</Text>
              <Text className='qy-muted'>{e.actorName}</Text>
            </View>
            <View className='qy-muted'>{formatDate(e.at)}</View>
            {e.note && <View>{e.note}</View>}
          </View>
        ))}
      </View>

      <ConfirmDialog
        spec={step ? STEPS[step].dialog : null}
        onConfirm={(text) => (step ? perform(step, text) : Promise.resolve())}
        onClose={() => setStep(null)}
      />
    </PageShell>
  );
}
