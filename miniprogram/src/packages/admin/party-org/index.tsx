import { Text, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { Skeleton } from '../../../components/Skeleton';
import { usePartyOrgMembers } from '../../../hooks/use-admin';
import { go, useRouteParams } from '../../../client/navigate';
import { ROUTES } from '../../../routes';

/** The unit's secretary: where each member registered and what they did there (考评在社区). */
export default function PartyOrgPage() {
  const params = useRouteParams(ROUTES.admin.partyOrg);
  const members = usePartyOrgMembers(params.id ?? null);
  const org = members.data?.partyOrg;
  // Opened without saying which organisation (a bad link, a reload that lost it): say so, never a blank page.
  if (!params.id) {
    return (
      <PageShell>
        <View className='qy-notice'>没有说明是哪个单位党组织，请从“单位党组织”列表里选一个</View>
        <Button className='qy-btn qy-btn--ghost' onClick={go(ROUTES.admin.partyOrgs.url())}>
          看单位党组织
        </Button>
      </PageShell>
    );
  }
  return (
    <PageShell>
      {members.loading && !members.data && <Skeleton />}
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
