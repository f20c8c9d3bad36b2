import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import type { AdminUnitView } from '@shared/contracts/admin';
import type { OrgKind } from '@shared/contracts/common';
import { ConfirmDialog, DialogError, type ConfirmSpec } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { adminError, useUnitTree } from '../../../hooks/use-admin';
import { go, useRouteParams } from '../../../client/navigate';
import { ROUTES } from '../../../routes';
import './index.scss';

const KIND_LABELS: Record<OrgKind, string> = { county: '县', town: '镇', village: '村', community: '社区', grid: '网格' };
const CHILD_KINDS: Partial<Record<OrgKind, OrgKind[]>> = { county: ['town'], town: ['village', 'community'], village: ['grid'], community: ['grid'] };

type Pending = { kind: 'rename' | 'retire'; unit: AdminUnitView } | null;

const DIALOGS = {
  rename: (u: AdminUnitView): ConfirmSpec => ({
    title: `修改「${u.name}」的名称`,
    message: '改名后，过去的记录显示新的名称。',
    confirmText: '改名',
    input: { label: '新名称', placeholder: '请输入新名称', required: true, maxLength: 30 },
  }),
  retire: (u: AdminUnitView): ConfirmSpec => ({
    title: `停用「${u.name}」`,
    message: '停用后不能再在这里注册、任命，过去的记录都会保留。',
    confirmText: '停用',
  }),
};

/** One unit of the org tree: its children, adding one, and renaming, retiring or moving a child. */
export default function UnitPage() {
  const params = useRouteParams(ROUTES.admin.unit);
  const tree = useUnitTree(params.id ?? null);
  const [pending, setPending] = useState<Pending>(null);
  const [newName, setNewName] = useState('');
  const [newKind, setNewKind] = useState<OrgKind | null>(null);
  const unit = tree.data?.unit;
  const kinds = unit ? (CHILD_KINDS[unit.kind] ?? []) : [];
  // A grid moves to another village or community of the same town: the village's siblings.
  const parent = useUnitTree(unit && (unit.kind === 'village' || unit.kind === 'community') ? unit.parentId : null);
  const targets = (parent.data?.children ?? []).filter((c) => (c.kind === 'village' || c.kind === 'community') && !c.retired && c.id !== unit?.id);
  const [moving, setMoving] = useState<AdminUnitView | null>(null);
  const [target, setTarget] = useState<AdminUnitView | null>(null);

  const move = async () => {
    if (!moving || !target) return;
    try {
      const out = await tree.moveGrid(moving.id, target.id);
      setMoving(null);
      setTarget(null);
      void Taro.showToast({ title: `已调到${target.name}，${out.movedHouseholds} 户随之调整`, icon: 'none' });
    } catch (e) {
      void Taro.showToast({ title: adminError(e), icon: 'none' });
    }
  };

  const add = async () => {
    if (!unit || !newKind) return;
    try {
      await tree.addUnit({ parentId: unit.id, kind: newKind, name: newName });
      setNewName('');
      void Taro.showToast({ title: '已添加', icon: 'none' });
    } catch (e) {
      void Taro.showToast({ title: adminError(e), icon: 'none' });
    }
  };

  const confirm = async (text: string) => {
    if (!pending) return;
    try {
      if (pending.kind === 'rename') await tree.renameUnit(pending.unit.id, text);
      if (pending.kind === 'retire') await tree.retireUnit(pending.unit.id);
    } catch (e) {
      if (e instanceof DialogError) throw e;
      throw new DialogError(adminError(e));
    }
  };

  return (
    <PageShell>
      {tree.error && <View className='qy-notice'>{tree.error}</View>}
      {unit && (
        <>
          <View className='qy-muted'>{tree.data!.path.map((p) => p.name).join(' › ')}</View>
          <View className='qy-title'>{unit.name}{unit.retired ? '（已停用）' : ''}</View>
          <View className='qy-actions'>
            <Button className='qy-btn' onClick={go(ROUTES.admin.appoint.url({ unitId: unit.id }))}>人员任命</Button>
          </View>
          {(tree.data!.children ?? []).map((c) => (
            <View key={c.id} className={`qy-card ${c.retired ? 'unit__retired' : ''}`}>
              <View className='unit__name' onClick={go(ROUTES.admin.unit.url({ id: c.id }))}>
                {c.name}
                <Text className='qy-muted'>{` ${KIND_LABELS[c.kind]}${c.retired ? ' · 已停用' : ''}`}</Text>
              </View>
              <View className='qy-actions'>
                <Button className='qy-btn qy-btn--ghost' onClick={go(ROUTES.admin.appoint.url({ unitId: c.id }))}>人员</Button>
                {c.allowed.includes('rename') && <Button className='qy-btn qy-btn--ghost' onClick={() => setPending({ kind: 'rename', unit: c })}>改名</Button>}
                {c.allowed.includes('move') && <Button className='qy-btn qy-btn--ghost' onClick={() => setMoving(c)}>调到别村</Button>}
                {c.allowed.includes('retire') && <Button className='qy-btn qy-btn--ghost' onClick={() => setPending({ kind: 'retire', unit: c })}>停用</Button>}
              </View>
            </View>
          ))}
          {moving && (
            <View className='qy-card'>
              <Text className='qy-label'>{`把「${moving.name}」调到：`}</Text>
              <View className='qy-muted'>网格里的户和居民会一起调过去；已有的心愿、纠纷等记录保留原来的村。</View>
              <View className='qy-chips'>
                {targets.map((v) => (
                  <View key={v.id} className={`qy-chip ${target?.id === v.id ? 'qy-chip--on' : ''}`} onClick={() => setTarget(v)}>
                    {v.name}
                  </View>
                ))}
              </View>
              <View className='qy-actions'>
                <Button className='qy-btn' disabled={!target} onClick={move}>确定调整</Button>
                <Button className='qy-btn qy-btn--ghost' onClick={() => setMoving(null)}>取消</Button>
              </View>
            </View>
          )}
          {unit.allowed.includes('add') && kinds.length > 0 && (
            <View className='qy-card'>
              <Text className='qy-label'>添加下级</Text>
              <View className='qy-chips'>
                {kinds.map((k) => (
                  <View key={k} className={`qy-chip ${newKind === k ? 'qy-chip--on' : ''}`} onClick={() => setNewKind(k)}>
                    {KIND_LABELS[k]}
                  </View>
                ))}
              </View>
              <Input className='qy-input' value={newName} maxlength={30} placeholder='名称，如：冯坊村、第一网格' onInput={(e) => setNewName(e.detail.value)} />
              <Button className='qy-btn' disabled={!newKind || newName.trim().length < 2} onClick={add}>添加</Button>
            </View>
          )}
        </>
      )}
      <ConfirmDialog spec={pending ? DIALOGS[pending.kind](pending.unit) : null} onConfirm={confirm} onClose={() => setPending(null)} />
    </PageShell>
  );
}
