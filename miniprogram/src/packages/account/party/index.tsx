import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { adminError, useMyPartyRegistration, usePartyOrgs } from '../../../hooks/use-admin';
import { useSignedInUser } from '../../../hooks/use-session';
import { go } from '../../../client/navigate';
import { ROUTES } from '../../../routes';

/** A party member of a unit party organisation registers at the community where they live (双报到). */
export default function PartyPage() {
  const { user } = useSignedInUser();
  const mine = useMyPartyRegistration();
  const orgs = usePartyOrgs();
  const [orgId, setOrgId] = useState<string | null>(null);
  const reg = mine.registration;
  const canApply = !reg || reg.status === 'declined' || reg.status === 'ended';

  const apply = async () => {
    if (!orgId) return;
    try {
      await mine.apply(orgId);
      void Taro.showToast({ title: '已提交，等社区确认', icon: 'none' });
    } catch (e) {
      void Taro.showToast({ title: adminError(e), icon: 'none' });
    }
  };

  return (
    <PageShell>
      <View className='qy-title'>党员双报到</View>
      {(orgs.data?.items ?? []).filter((o) => o.mine).map((o) => (
        <View key={o.id} className='qy-card' role='button' onClick={go(ROUTES.admin.partyOrg.url({ id: o.id }))}>
          <Text className='qy-label'>{`${o.name}（您是书记）`}</Text>
          <View className='qy-muted'>{`本单位 ${o.memberCount} 名党员已到社区报到：看他们在哪里报到、做了什么`}</View>
        </View>
      ))}
      {reg && (
        <View className='qy-card'>
          <Text className='qy-label'>{`${reg.unitName} · ${reg.statusLabel}`}</Text>
          <View className='qy-muted'>{`${reg.partyOrgName} · 完成微心愿 ${reg.completedWishes} 个`}</View>
        </View>
      )}
      {canApply && (
        <View className='qy-card'>
          <View className='qy-muted'>{`在${user?.residence?.unitName ?? '您居住的社区'}报到。请选您所在的单位党组织：`}</View>
          <View className='qy-chips'>
            {(orgs.data?.items ?? []).map((o) => (
              <View key={o.id} className={`qy-chip ${orgId === o.id ? 'qy-chip--on' : ''}`} onClick={() => setOrgId(o.id)}>
                {o.name}
              </View>
            ))}
          </View>
          {orgs.data && orgs.data.items.length === 0 && <View className='qy-muted'>县里还没有登记单位党组织</View>}
          <Button className='qy-btn' disabled={!orgId || !user?.residence} onClick={apply}>申请报到</Button>
        </View>
      )}
    </PageShell>
  );
}
