import { View } from '@tarojs/components';
import { PageShell } from '../../../components/PageShell';
import { Tile } from '../../../components/Tile';
import { useAdminOverview } from '../../../hooks/use-admin';
import { go } from '../../../client/navigate';
import { ROUTES } from '../../../routes';
import './index.scss';

/** 管理: the units the caller administers, and 双报到. */
export default function AdminHome() {
  const overview = useAdminOverview();
  const units = overview.data?.units ?? [];
  const admins = units.filter((u) => u.kind === 'county' || u.kind === 'town');
  const communities = units.filter((u) => u.kind === 'village' || u.kind === 'community');
  const pending = overview.data?.pendingPartyRegistrations ?? 0;
  return (
    <PageShell>
      <View className='qy-title'>管理</View>
      {overview.error && <View className='qy-notice'>{overview.error}</View>}
      <View className='admin-home__tiles'>
        {admins.map((u) => (
          <Tile key={u.id} label={u.name} hint={`${u.roleLabel}：组织架构、人员任命和邀请`} onTap={go(ROUTES.admin.unit.url({ id: u.id }))} />
        ))}
        {units.some((u) => u.kind === 'county') && (
          <Tile label='单位党组织' hint='登记机关、企事业单位党组织和书记（双报到）' onTap={go(ROUTES.admin.partyOrgs.url())} />
        )}
        {communities.map((u) => (
          <Tile
            key={`pr-${u.id}`}
            label={`${u.name}党员报到`}
            hint={pending ? `有 ${pending} 位党员申请报到，等您确认` : '在本社区报到的党员和他们的服务'}
            onTap={go(ROUTES.admin.partyRegistrations.url({ unitId: u.id }))}
          />
        ))}
      </View>
    </PageShell>
  );
}
