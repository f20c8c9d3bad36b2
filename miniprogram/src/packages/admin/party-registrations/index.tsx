import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import type { PartyRegistrationView } from '@shared/contracts/admin';
import { ConfirmDialog, DialogError, type ConfirmSpec } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { adminError, usePartyRegistrations } from '../../../hooks/use-admin';
import { useRouteParams } from '../../../client/navigate';
import { ROUTES } from '../../../routes';

type Decision = { registration: PartyRegistrationView; decision: 'confirm' | 'decline' };

const DIALOGS: Record<Decision['decision'], (r: PartyRegistrationView) => ConfirmSpec> = {
  confirm: (r) => ({ title: '确认报到', message: `确认${r.memberName}（${r.partyOrgName}）住在${r.unitName}并在这里报到？确认后可以认领本社区的微心愿。`, confirmText: '确认报到' }),
  decline: (r) => ({ title: '不予确认', message: `${r.memberName}会收到通知，请他与社区联系核实。`, confirmText: '不予确认' }),
};

/** A community's cadre: party members asking to register (双报到), and those registered with their service. */
export default function PartyRegistrationsPage() {
  const params = useRouteParams(ROUTES.admin.partyRegistrations);
  const regs = usePartyRegistrations(params.unitId ?? null);
  const [decision, setDecision] = useState<Decision | null>(null);

  const decide = async () => {
    if (!decision) return;
    try {
      if (decision.decision === 'confirm') await regs.confirm(decision.registration.id);
      else await regs.decline(decision.registration.id);
      void Taro.showToast({ title: decision.decision === 'confirm' ? '已确认报到' : '已告知本人', icon: 'none' });
    } catch (e) {
      throw new DialogError(adminError(e));
    }
  };

  return (
    <PageShell>
      <View className='qy-title'>党员报到</View>
      {regs.error && <View className='qy-notice'>{regs.error}</View>}
      <View className='qy-section-title'>等待确认</View>
      {!regs.loading && regs.pending.length === 0 && <View className='qy-card qy-muted'>没有等待确认的报到申请</View>}
      {regs.pending.map((r) => (
        <View key={r.id} className='qy-card'>
          <Text className='qy-label'>{r.memberName}</Text>
          <View className='qy-muted'>{`${r.partyOrgName} · ${r.phoneMasked ?? '未留电话'}`}</View>
          <View className='qy-actions'>
            <Button className='qy-btn' onClick={() => setDecision({ registration: r, decision: 'confirm' })}>确认报到</Button>
            <Button className='qy-btn qy-btn--ghost' onClick={() => setDecision({ registration: r, decision: 'decline' })}>不予确认</Button>
          </View>
        </View>
      ))}
      <View className='qy-section-title'>{`已报到党员（${regs.confirmed.length} 人）`}</View>
      {regs.confirmed.map((r) => (
        <View key={r.id} className='qy-card'>
          <Text className='qy-label'>{r.memberName}</Text>
          <View className='qy-muted'>{`${r.partyOrgName} · 完成微心愿 ${r.completedWishes} 个 · 正在帮忙 ${r.claimedWishes} 个`}</View>
        </View>
      ))}
      <ConfirmDialog spec={decision ? DIALOGS[decision.decision](decision.registration) : null} onConfirm={decide} onClose={() => setDecision(null)} />
    </PageShell>
  );
}
