import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import type { HolderView, InvitationView, PersonView } from '@shared/contracts/admin';
import type { AppointableRole } from '@shared/domain/appointment-rules';
import { ConfirmDialog, DialogError } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { adminError, useAppointments } from '../../../hooks/use-admin';
import { useRouteParams } from '../../../client/navigate';
import { ROUTES } from '../../../routes';
import { DONE, dialogFor, handOverNeeded, spacedCode, type AppointStep } from './actions';
import './index.scss';

/** Who holds which role at a unit: appoint a registered person found by name, invite by code, remove with hand-over. */
export default function AppointPage() {
  const params = useRouteParams(ROUTES.admin.appoint);
  const unitId = params.unitId ?? null;
  const a = useAppointments(unitId);
  const [role, setRole] = useState<AppointableRole | null>(null);
  const [name, setName] = useState('');
  const [people, setPeople] = useState<PersonView[] | null>(null);
  const [step, setStep] = useState<AppointStep | null>(null);
  const [handOver, setHandOver] = useState<{ holder: HolderView; work: string } | null>(null);
  const [inviteeName, setInviteeName] = useState('');
  const [fresh, setFresh] = useState<InvitationView | null>(null);
  const unitName = a.unit?.name ?? '';

  const search = async () => {
    try {
      setPeople(await a.findPeople(name.trim()));
    } catch (e) {
      void Taro.showToast({ title: adminError(e), icon: 'none' });
    }
  };

  const pick = (person: PersonView) => {
    if (handOver) setStep({ kind: 'handOver', holder: handOver.holder, successor: person, work: handOver.work });
    else if (role) setStep({ kind: 'appoint', person, role });
  };

  const run = async () => {
    if (!step) return;
    try {
      if (step.kind === 'appoint') await a.appoint(step.person.userId, step.role);
      if (step.kind === 'remove') await a.removeRole({ userId: step.holder.userId, role: step.holder.role });
      if (step.kind === 'handOver') {
        await a.removeRole({ userId: step.holder.userId, role: step.holder.role, successorId: step.successor.userId });
        setHandOver(null);
      }
      if (step.kind === 'revoke') await a.revokeInvitation(step.invitation.id);
      setPeople(null);
      void Taro.showToast({ title: DONE[step.kind], icon: 'none' });
    } catch (e) {
      const work = step.kind === 'remove' ? handOverNeeded(e) : null;
      if (work && step.kind === 'remove') {
        // Not an error to dismiss: the list stays and the page asks who takes it over.
        setHandOver({ holder: step.holder, work });
        setStep(null);
        return;
      }
      throw new DialogError(adminError(e));
    }
  };

  const invite = async () => {
    if (!role) return;
    try {
      setFresh(await a.invite(role, inviteeName.trim() || undefined));
    } catch (e) {
      void Taro.showToast({ title: adminError(e), icon: 'none' });
    }
  };

  return (
    <PageShell>
      <View className='qy-title'>{`${unitName}人员任命`}</View>
      {a.unit?.retired && <View className='qy-notice'>这个单位已经停用：可以免去人员，不能再任命。</View>}
      {a.error && <View className='qy-notice'>{a.error}</View>}

      <View className='qy-section-title'>在任人员</View>
      {!a.loading && a.holders.length === 0 && <View className='qy-card qy-muted'>这里还没有任命人员</View>}
      {a.holders.map((h) => (
        <View key={`${h.userId}-${h.role}`} className='qy-card appoint__row'>
          <View>
            <Text className='appoint__name'>{h.name}</Text>
            <Text className='qy-muted'>{` ${h.roleLabel} · ${h.phoneMasked ?? '未留电话'}`}</Text>
          </View>
          <Button className='qy-btn qy-btn--ghost' onClick={() => setStep({ kind: 'remove', holder: h })}>免去</Button>
        </View>
      ))}

      {handOver && (
        <View className='qy-notice'>
          <View>{handOver.work}</View>
          <View>请在下面按姓名找到接替的人，点他的名字即可交接。</View>
          <Button className='qy-btn qy-btn--ghost' onClick={() => setHandOver(null)}>先不免去</Button>
        </View>
      )}

      {a.appointableRoles.length > 0 && (
        <View className='qy-card'>
          <Text className='qy-label'>{handOver ? '找接替的人' : '任命的职务'}</Text>
          {!handOver && (
            <View className='qy-chips'>
              {a.appointableRoles.map((r) => (
                <View key={r.role} className={`qy-chip ${role === r.role ? 'qy-chip--on' : ''}`} onClick={() => setRole(r.role)}>
                  {r.label}
                </View>
              ))}
            </View>
          )}
          <Input className='qy-input' value={name} maxlength={20} placeholder='输入姓名查找本地已注册的人' onInput={(e) => setName(e.detail.value)} />
          <Button className='qy-btn' disabled={name.trim().length === 0 || (!role && !handOver)} onClick={search}>查找</Button>
          {people && people.length === 0 && <View className='qy-muted'>没有找到已注册的人。可以发邀请码，请他注册时填写。</View>}
          {people?.map((p) => (
            <View key={p.userId} className='appoint__person' role='button' onClick={() => pick(p)}>
              <Text className='appoint__name'>{p.name}</Text>
              <Text className='qy-muted'>{` ${p.unitName} · ${p.phoneMasked ?? '未留电话'}`}</Text>
            </View>
          ))}
        </View>
      )}

      {a.appointableRoles.length > 0 && !handOver && (
        <View className='qy-card'>
          <Text className='qy-label'>还没注册的人：发邀请码</Text>
          <View className='qy-muted'>先在上面选好职务。对方注册时填写邀请码（或注册后在「我的」里输入），就成为这个职务。7 天内有效，只能用一次。</View>
          <Input className='qy-input' value={inviteeName} maxlength={20} placeholder='被邀请人的姓名（可不填）' onInput={(e) => setInviteeName(e.detail.value)} />
          <Button className='qy-btn' disabled={!role} onClick={invite}>生成邀请码</Button>
          {fresh && (
            <View className='appoint__code-card'>
              <View className='appoint__code' aria-label={`邀请码 ${fresh.code}`}>{spacedCode(fresh.code)}</View>
              <View className='qy-muted'>{`${fresh.unitName}${fresh.roleLabel} · ${fresh.expiresLabel}`}</View>
            </View>
          )}
        </View>
      )}

      {a.invitations.length > 0 && <View className='qy-section-title'>发出的邀请码</View>}
      {a.invitations.map((i) => (
        <View key={i.id} className='qy-card appoint__row'>
          <View>
            <Text className='appoint__name'>{spacedCode(i.code)}</Text>
            <Text className='qy-muted'>{` ${i.roleLabel}${i.inviteeName ? ` · ${i.inviteeName}` : ''} · ${i.statusLabel}${i.usedByName ? `（${i.usedByName}）` : ''} · ${i.expiresLabel}`}</Text>
          </View>
          {i.status === 'open' && <Button className='qy-btn qy-btn--ghost' onClick={() => setStep({ kind: 'revoke', invitation: i })}>作废</Button>}
        </View>
      ))}

      <ConfirmDialog spec={step ? dialogFor(step, unitName) : null} onConfirm={run} onClose={() => setStep(null)} />
    </PageShell>
  );
}
