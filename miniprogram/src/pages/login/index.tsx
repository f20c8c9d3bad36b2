import { useEffect } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { PageShell } from '../../components/PageShell';
import { SignIn } from '../../components/SignIn';
import './index.scss';
import { useSession } from '../../hooks/use-session';

const goHome = () => void Taro.switchTab({ url: '/pages/home/index' });

export default function Login() {
  const session = useSession();
  useEffect(() => {
    if (session.status === 'ready' && session.user) goHome();
  }, [session.status, session.user]);

  return (
    <PageShell>
      <View className='qy-title'>千阳智治</View>
      <View className='qy-muted login__lead'>党建引领 · 基层治理 · 有事好商量</View>
      <SignIn />
    </PageShell>
  );
}
