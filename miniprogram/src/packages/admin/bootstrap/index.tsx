import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { adminError, bootstrapCounty } from '../../../hooks/use-admin';
import { loadSession } from '../../../client/session';
import { go } from '../../../client/navigate';
import { ROUTES } from '../../../routes';

/** Once per county: the person with the deploy-time code becomes its first admin. */
export default function BootstrapPage() {
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const submit = async () => {
    setError(null);
    try {
      const out = await bootstrapCounty(code, name.trim() || undefined);
      await loadSession(true);
      setDone(out.countyName);
    } catch (e) {
      setError(adminError(e));
    }
  };

  if (done) {
    return (
      <PageShell>
        <View className='qy-title'>{`您已成为${done}管理员`}</View>
        <Button className='qy-btn' onClick={go(ROUTES.admin.home.url())}>进入管理</Button>
      </PageShell>
    );
  }
  return (
    <PageShell>
      <View className='qy-title'>县管理员初始化</View>
      <View className='qy-notice'>部署时设置的初始化口令只能用一次：第一位输入正确口令的人成为县管理员，之后由县管理员在「管理」里任命其他人。</View>
      <View className='qy-field'>
        <Text className='qy-label'>初始化口令</Text>
        <Input className='qy-input' value={code} maxlength={64} placeholder='请输入初始化口令' onInput={(e) => setCode(e.detail.value)} />
      </View>
      <View className='qy-field'>
        <Text className='qy-label'>您的姓名（还没注册时填写）</Text>
        <Input className='qy-input' value={name} maxlength={20} placeholder='请输入姓名' onInput={(e) => setName(e.detail.value)} />
      </View>
      {error && <View className='qy-error'>{error}</View>}
      <Button className='qy-btn' disabled={code.trim().length < 6} onClick={submit}>确定</Button>
    </PageShell>
  );
}
