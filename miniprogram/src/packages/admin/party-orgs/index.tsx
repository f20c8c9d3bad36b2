import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import type { PersonView } from '@shared/contracts/admin';
import { PageShell } from '../../../components/PageShell';
import { adminError, useAdminOverview, usePartyOrgs } from '../../../hooks/use-admin';
import { go } from '../../../client/navigate';
import { ROUTES } from '../../../routes';

/** The county registers its unit party organisations (双报到) with their secretaries. */
export default function PartyOrgsPage() {
  const orgs = usePartyOrgs();
  const overview = useAdminOverview();
  const county = overview.data?.units.find((u) => u.kind === 'county') ?? null;
  const [name, setName] = useState('');
  const [secretaryName, setSecretaryName] = useState('');
  const [people, setPeople] = useState<PersonView[] | null>(null);
  const [secretary, setSecretary] = useState<PersonView | null>(null);

  const search = async () => {
    if (!county) return;
    try {
      setPeople(await orgs.findSecretary(county.id, secretaryName.trim()));
    } catch (e) {
      void Taro.showToast({ title: adminError(e), icon: 'none' });
    }
  };

  const register = async () => {
    if (!secretary) return;
    try {
      await orgs.registerPartyOrg(name.trim(), secretary.userId);
      setName('');
      setSecretary(null);
      setPeople(null);
      void Taro.showToast({ title: '已登记，书记会收到通知', icon: 'none' });
    } catch (e) {
      void Taro.showToast({ title: adminError(e), icon: 'none' });
    }
  };

  return (
    <PageShell>
      <View className='qy-title'>单位党组织</View>
      {orgs.error && <View className='qy-notice'>{orgs.error}</View>}
      {(orgs.data?.items ?? []).map((o) => (
        <View key={o.id} className='qy-card' role='button' onClick={go(ROUTES.admin.partyOrg.url({ id: o.id }))}>
          <Text className='qy-label'>{o.name}</Text>
          <View className='qy-muted'>{`书记 ${o.secretaryName} · 已到社区报到 ${o.memberCount} 人`}</View>
        </View>
      ))}
      {county && (
        <View className='qy-card'>
          <Text className='qy-label'>登记一个单位党组织</Text>
          <Input className='qy-input' value={name} maxlength={40} placeholder='党组织名称，如：县财政局党支部' onInput={(e) => setName(e.detail.value)} />
          <Input className='qy-input' value={secretaryName} maxlength={20} placeholder='书记姓名（须已注册）' onInput={(e) => setSecretaryName(e.detail.value)} />
          <Button className='qy-btn qy-btn--ghost' disabled={!secretaryName.trim()} onClick={search}>查找书记</Button>
          {people?.map((p) => (
            <View key={p.userId} className={`qy-chip ${secretary?.userId === p.userId ? 'qy-chip--on' : ''}`} onClick={() => setSecretary(p)}>
              {`${p.name} · ${p.unitName} · ${p.phoneMasked ?? '未留电话'}`}
            </View>
          ))}
          {people && people.length === 0 && <View className='qy-muted'>没有找到，请书记先注册。</View>}
          <Button className='qy-btn' disabled={!secretary || name.trim().length < 2} onClick={register}>登记</Button>
        </View>
      )}
    </PageShell>
  );
}
