import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { authContract } from '@shared/contracts/auth';
import { ConfirmDialog, type ConfirmSpec } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { useAction } from '../../../hooks/use-action';
import { call } from '../../../client/cloud';
import { serverWordedError } from '../../../client/error-text';
import { formatDate } from '../../../client/format';
import './index.scss';

type Decision = { userId: string; name: string; decision: 'confirm' | 'reject' };

const DIALOGS: Record<Decision['decision'], (name: string) => ConfirmSpec> = {
  confirm: (name) => ({ title: '确认户籍', message: `确认${name}属于所选的户？确认后可以许心愿、查看自家积分。`, confirmText: '确定属实' }),
  reject: (name) => ({ title: '户籍不属实', message: `${name}会收到通知，请他联系村（社区）核实后重新选择。`, confirmText: '确定不属实' }),
};

/** A village cadre confirms that newly registered residents belong to the household they chose. */
export default function Residents() {
  const pending = useAction(authContract, 'pendingResidents', {}, { errorText: serverWordedError, reloadOnShow: true });
  const [decision, setDecision] = useState<Decision | null>(null);
  const items = pending.data?.items ?? [];

  const decide = async () => {
    if (!decision) return;
    try {
      await call(authContract, 'confirmResident', { userId: decision.userId, decision: decision.decision });
      void Taro.showToast({ title: decision.decision === 'confirm' ? '已确认' : '已告知居民', icon: 'none' });
      await pending.reload();
    } catch (e) {
      void Taro.showToast({ title: serverWordedError(e), icon: 'none' });
    }
  };

  return (
    <PageShell>
      <View className='qy-title'>居民确认</View>
      <View className='qy-muted residents__lead'>新注册的居民选了自己的户，请核实后确认。</View>
      {pending.error && <View className='qy-notice'>{pending.error}</View>}
      {!pending.loading && !pending.error && items.length === 0 && <View className='qy-card qy-muted'>没有等待确认的居民</View>}
      {items.map((r) => (
        <View key={r.userId} className='qy-card'>
          <View className='residents__name'>{r.name}</View>
          <View className='residents__line'>{r.unitName}</View>
          <View className='residents__line'>{r.householdName ?? '没有选择户：请联系本人核实后重新选择'}</View>
          <View className='residents__line qy-muted'>注册于 {formatDate(r.registeredAt)}</View>
          <View className='qy-actions'>
            {r.householdId && (
              <Button className='qy-btn' onClick={() => setDecision({ userId: r.userId, name: r.name, decision: 'confirm' })}>
                确认属实
              </Button>
            )}
            <Button className='qy-btn qy-btn--ghost' onClick={() => setDecision({ userId: r.userId, name: r.name, decision: 'reject' })}>
              不属实
            </Button>
          </View>
        </View>
      ))}
      <ConfirmDialog
        spec={decision ? DIALOGS[decision.decision](decision.name) : null}
        onConfirm={decide}
        onClose={() => setDecision(null)}
      />
    </PageShell>
  );
}
