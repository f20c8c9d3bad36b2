import { useEffect, useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '../Button';
import { authContract, type OrgUnitView, type UserView } from '@shared/contracts/auth';
import { ApiError, call } from '../../client/cloud';
import { plainError } from '../../client/error-text';

async function listUnits(parentId?: string): Promise<OrgUnitView[]> {
  const { items } = await call(authContract, 'orgUnits', parentId ? { parentId } : {});
  // Without a parent the server may answer with the county itself; its children are the towns.
  if (!parentId && items.length === 1 && items[0].kind === 'county') return listUnits(items[0].id);
  return items;
}

/** First visit inside WeChat: a name, then 镇 and 村/社区 picked by tapping. */
export function RegisterForm({ onRegistered }: { onRegistered: (user: UserView) => void }) {
  const [name, setName] = useState('');
  const [towns, setTowns] = useState<OrgUnitView[]>([]);
  const [town, setTown] = useState<OrgUnitView | null>(null);
  const [villages, setVillages] = useState<OrgUnitView[]>([]);
  const [village, setVillage] = useState<OrgUnitView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [invitationCode, setInvitationCode] = useState('');

  useEffect(() => {
    listUnits().then(setTowns).catch((e: unknown) => setError(plainError(e)));
  }, []);

  const pickTown = (t: OrgUnitView) => {
    setTown(t);
    setVillage(null);
    setVillages([]);
    listUnits(t.id).then(setVillages).catch((e: unknown) => setError(plainError(e)));
  };

  const register = async () => {
    if (!village) {
      setError('请选择您住的村或社区');
      return;
    }
    setBusy(true);
    setError(null);
    setNameError(null);
    try {
      const code = invitationCode.replace(/\s/g, '');
      const { user } = await call(authContract, 'register', { name, orgUnitId: village.id, ...(code ? { invitationCode: code } : {}) });
      onRegistered(user);
    } catch (e) {
      const field = e instanceof ApiError ? e.fieldError('name') : undefined;
      if (field) setNameError(`姓名${field}`);
      else if (e instanceof ApiError && e.declared && e.code !== 'INVALID_INPUT') setError(e.message);
      else setError(e instanceof ApiError ? e.fieldError('invitationCode') ?? plainError(e) : plainError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View>
      <View className='qy-notice'>第一次使用，请告诉我们您的姓名和住址。</View>
      <View className='qy-field'>
        <Text className='qy-label'>您的姓名</Text>
        <Input className='qy-input' value={name} maxlength={20} placeholder='请输入姓名' onInput={(e) => setName(e.detail.value)} />
        {nameError && <View className='qy-error'>{nameError}</View>}
      </View>
      <View className='qy-field'>
        <Text className='qy-label'>您住在哪个镇</Text>
        <View className='qy-chips'>
          {towns.map((t) => (
            <View key={t.id} className={`qy-chip ${town?.id === t.id ? 'qy-chip--on' : ''}`} onClick={() => pickTown(t)}>
              {t.name}
            </View>
          ))}
        </View>
      </View>
      {town && (
        <View className='qy-field'>
          <Text className='qy-label'>哪个村或社区</Text>
          <View className='qy-chips'>
            {villages.map((v) => (
              <View
                key={v.id}
                className={`qy-chip ${village?.id === v.id ? 'qy-chip--on' : ''}`}
                onClick={() => setVillage(v)}
              >
                {v.name}
                {v.resettlement ? '（安置社区）' : ''}
              </View>
            ))}
          </View>
        </View>
      )}
      <View className='qy-field'>
        <Text className='qy-label'>邀请码（干部给您的，没有可不填）</Text>
        <Input className='qy-input' value={invitationCode} maxlength={12} placeholder='没有可不填' onInput={(e) => setInvitationCode(e.detail.value)} />
      </View>
      {error && <View className='qy-error'>{error}</View>}
      <Button className='qy-btn' loading={busy} disabled={busy} onClick={() => void register()}>
        完成登记
      </Button>
    </View>
  );
}
