import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { authContract, type HouseholdChoice } from '@shared/contracts/auth';
import { ConfirmDialog, type ConfirmSpec } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { useAction } from '../../../hooks/use-action';
import { call } from '../../../client/cloud';
import { serverWordedError } from '../../../client/error-text';
import { formatDate } from '../../../client/format';
import './index.scss';

/** Where a confirmed resident goes: the household they chose, one the cadre picks, or a new one they head. */
type Placement = { kind: 'chosen' } | { kind: 'existing'; household: HouseholdChoice } | { kind: 'new'; gridId: string; gridName: string; address: string };
type Decision = { userId: string; name: string; decision: 'confirm' | 'reject'; placement: Placement };

function confirmDialog(d: Decision): ConfirmSpec {
  const where =
    d.placement.kind === 'existing'
      ? `${d.placement.household.headName}户（${d.placement.household.address}）`
      : d.placement.kind === 'new'
        ? `新建的${d.name}户（${d.placement.gridName}，${d.placement.address}）`
        : '所选的户';
  return d.decision === 'confirm'
    ? { title: '确认户籍', message: `确认${d.name}属于${where}？确认后可以许心愿、查看自家积分。`, confirmText: '确定属实' }
    : { title: '户籍不属实', message: `${d.name}会收到通知，请他联系村（社区）核实后重新选择。`, confirmText: '确定不属实' };
}

/** Pick the household by 户主 name among the village's, or open a new one with the resident as head. */
function PlaceResident({ unitId, name, onPlaced }: { unitId: string; name: string; onPlaced: (p: Placement) => void }) {
  const [headName, setHeadName] = useState('');
  const [query, setQuery] = useState<{ unitId: string; headName?: string }>({ unitId });
  const households = useAction(authContract, 'villageHouseholds', query, { errorText: serverWordedError });
  const [grid, setGrid] = useState<{ id: string; name: string } | null>(null);
  const [address, setAddress] = useState('');
  const data = households.data;
  return (
    <View className='residents__place'>
      <Text className='qy-label'>在本村（社区）的户里找（输入户主姓名）</Text>
      <View className='qy-actions'>
        <Input className='qy-input' value={headName} maxlength={20} placeholder='户主姓名' onInput={(e) => setHeadName(e.detail.value)} />
        <Button className='qy-btn qy-btn--ghost' onClick={() => setQuery({ unitId, ...(headName.trim() ? { headName: headName.trim() } : {}) })}>
          查找
        </Button>
      </View>
      {households.error && <View className='qy-notice'>{households.error}</View>}
      {data && data.items.length === 0 && <View className='qy-muted'>没有找到这样的户。可以在下面为他新建一户。</View>}
      {data?.items.map((h) => (
        <View key={h.id} className='qy-card residents__household' role='button' onClick={() => onPlaced({ kind: 'existing', household: h })}>
          {`${h.headName}户 · ${h.address} · ${h.gridName}`}
        </View>
      ))}
      {data?.more && <View className='qy-muted'>只列出前 30 户，请输入户主姓名缩小范围。</View>}
      <Text className='qy-label'>{`新建一户（${name}为户主）：选网格`}</Text>
      <View className='qy-chips'>
        {data?.grids.map((g) => (
          <View key={g.id} className={`qy-chip${grid?.id === g.id ? ' qy-chip--on' : ''}`} role='button' onClick={() => setGrid(g)}>
            {g.name}
          </View>
        ))}
      </View>
      <Text className='qy-label'>门牌或住址</Text>
      <Input className='qy-input' value={address} maxlength={40} placeholder='例如：三组 8 号' onInput={(e) => setAddress(e.detail.value)} />
      <Button
        className='qy-btn'
        disabled={!grid || address.trim().length < 2}
        onClick={() => grid && onPlaced({ kind: 'new', gridId: grid.id, gridName: grid.name, address: address.trim() })}
      >
        新建一户并确认
      </Button>
    </View>
  );
}

/** A village cadre confirms that newly registered residents belong to a household, opening one where none fits. */
export default function Residents() {
  const pending = useAction(authContract, 'pendingResidents', {}, { errorText: serverWordedError, reloadOnShow: true });
  const [decision, setDecision] = useState<Decision | null>(null);
  const [placing, setPlacing] = useState<string | null>(null);
  const items = pending.data?.items ?? [];

  const decide = async () => {
    if (!decision) return;
    const p = decision.placement;
    try {
      await call(authContract, 'confirmResident', {
        userId: decision.userId,
        decision: decision.decision,
        ...(decision.decision === 'confirm' && p.kind === 'existing' ? { householdId: p.household.id } : {}),
        ...(decision.decision === 'confirm' && p.kind === 'new' ? { newHousehold: { gridId: p.gridId, address: p.address } } : {}),
      });
      void Taro.showToast({ title: decision.decision === 'confirm' ? '已确认' : '已告知居民', icon: 'none' });
      setPlacing(null);
      await pending.reload();
    } catch (e) {
      void Taro.showToast({ title: serverWordedError(e), icon: 'none' });
    }
  };

  return (
    <PageShell>
      <View className='qy-title'>居民确认</View>
      <View className='qy-muted residents__lead'>新注册的居民请核实后确认到户；户籍册里还没有的，可以为他新建一户。</View>
      {pending.error && <View className='qy-notice'>{pending.error}</View>}
      {!pending.loading && !pending.error && items.length === 0 && <View className='qy-card qy-muted'>没有等待确认的居民</View>}
      {items.map((r) => (
        <View key={r.userId} className='qy-card'>
          <View className='residents__name'>{r.name}</View>
          <View className='residents__line'>{r.unitName}</View>
          <View className='residents__line'>{r.householdName ?? '还没有选户'}</View>
          <View className='residents__line qy-muted'>注册于 {formatDate(r.registeredAt)}</View>
          <View className='qy-actions'>
            {r.householdId && (
              <Button className='qy-btn' onClick={() => setDecision({ userId: r.userId, name: r.name, decision: 'confirm', placement: { kind: 'chosen' } })}>
                确认属实
              </Button>
            )}
            <Button className='qy-btn qy-btn--ghost' onClick={() => setPlacing(placing === r.userId ? null : r.userId)}>
              {r.householdId ? '换一户' : '选户确认'}
            </Button>
            <Button
              className='qy-btn qy-btn--ghost'
              onClick={() => setDecision({ userId: r.userId, name: r.name, decision: 'reject', placement: { kind: 'chosen' } })}
            >
              不属实
            </Button>
          </View>
          {placing === r.userId && (
            <PlaceResident
              unitId={r.unitId}
              name={r.name}
              onPlaced={(placement) => setDecision({ userId: r.userId, name: r.name, decision: 'confirm', placement })}
            />
          )}
        </View>
      ))}
      <ConfirmDialog spec={decision ? confirmDialog(decision) : null} onConfirm={decide} onClose={() => setDecision(null)} />
    </PageShell>
  );
}
