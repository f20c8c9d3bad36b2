import { Text, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { usePartyOrgMembers } from '../../../hooks/use-admin';
import { go, useRouteParams } from '../../../client/navigate';
import { ROUTES } from '../../../routes';

/** The unit's secretary: where each member registered and what they did there (考评在社区). */
export default function PartyOrgPage() {
  const params = useRouteParams(ROUTES.admin.partyOrg);
  const members = usePartyOrgMembers(params.id ?? null);
  const org = members.data?.partyOrg;
  return (
    <PageShell>
      {members.error && <View className='qy-notice'>{members.error}</View>}
      {org && <View className='qy-title'>{org.name}</View>}
      {org && <View className='qy-muted'>{`已到社区报到 ${org.memberCount} 人`}</View>}
      {org && <Button className='qy-btn qy-btn--plain' onClick={go(ROUTES.volunteers.report.url())}>季度社区考评（心愿、志愿时长、走访）</Button>}
      {(members.data?.items ?? []).map((m) => (
        <View key={m.id} className='qy-card'>
          <Text className='qy-label'>{m.memberName}</Text>
          <View>{`${m.unitName} · ${m.statusLabel}`}</View>
          <View className='qy-muted'>{`完成微心愿 ${m.completedWishes} 个 · 正在帮忙 ${m.claimedWishes} 个`}</View>
        </View>
      ))}
      {members.data && members.data.items.length === 0 && <View className='qy-card qy-muted'>本单位还没有党员到社区报到</View>}
    </PageShell>
  );
}
