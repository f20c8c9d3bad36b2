import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { adminError, redeemInvitation } from '../../../hooks/use-admin';
import { loadSession } from '../../../client/session';
import { useRouteParams } from '../../../client/navigate';
import { ROUTES } from '../../../routes';

/** A registered person enters the invitation code a cadre gave them: the role is theirs. */
export default function InvitationPage() {
  const params = useRouteParams(ROUTES.account.invitation);
  const [code, setCode] = useState(params.code ?? '');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const submit = async () => {
    setError(null);
    try {
      const out = await redeemInvitation(code);
      await loadSession(true);
      setDone(`您已成为${out.unitName}${out.roleLabel}`);
    } catch (e) {
      setError(adminError(e));
    }
  };

  return (
    <PageShell>
      <View className='qy-title'>输入邀请码</View>
      {done ? (
        <View className='qy-notice'>{done}</View>
      ) : (
        <>
          <View className='qy-field'>
            <Text className='qy-label'>邀请码（8 位）</Text>
            <Input className='qy-input' value={code} maxlength={12} placeholder='例如 7KQ2 M9XH' onInput={(e) => setCode(e.detail.value)} />
          </View>
          {error && <View className='qy-error'>{error}</View>}
          <Button className='qy-btn' disabled={code.replace(/\s/g, '').length < 6} onClick={submit}>确定</Button>
        </>
      )}
    </PageShell>
  );
}
