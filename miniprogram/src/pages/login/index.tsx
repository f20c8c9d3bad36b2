import { useEffect } from 'react';
import { useDidShow } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { Button } from '../../components/Button';
import { PageShell } from '../../components/PageShell';
import { SignIn } from '../../components/SignIn';
import './index.scss';
import { useSession } from '../../hooks/use-session';
import { ROUTES } from '../../routes';
import { go, goTab, isCurrentPage } from '../../client/navigate';

const goHome = goTab(ROUTES.home);

export default function Login() {
  const session = useSession();
  const signedIn = session.status === 'ready' && !!session.user;
  // Only while sign-in is the page in view: a page opened from here (县管理员初始化) that signs the
  // person in keeps its own next step instead of being replaced by the home page.
  useEffect(() => {
    if (signedIn && isCurrentPage(ROUTES.login)) goHome();
  }, [signedIn]);
  useDidShow(() => {
    if (signedIn) goHome();
  });

  return (
    <PageShell>
      <View className='qy-title'>千阳智治</View>
      <View className='qy-muted login__lead'>党建引领 · 基层治理 · 有事好商量</View>
      <SignIn />
      {/* Only the county's very first admin needs this, once, with the code set at deploy time. */}
      <Button className='qy-btn qy-btn--plain login__bootstrap' onClick={go(ROUTES.admin.bootstrap.url())}>
        县管理员初始化
      </Button>
    </PageShell>
  );
}
