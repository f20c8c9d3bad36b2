import { View } from '@tarojs/components';
import { getToken } from '../../client/cloud';
import { setSessionUser } from '../../client/session';
import { useSession } from '../../hooks/use-session';
import { PersonaPicker } from '../PersonaPicker';
import { RegisterForm } from '../RegisterForm';

/**
 * h5: the persona picker exists only in a local build (TARO_APP_LOCAL); elsewhere use WeChat. A local
 * sign-in as a new WeChat user (a token, nobody registered behind it) registers as in WeChat.
 */
export function SignIn() {
  const session = useSession();
  if (process.env.TARO_APP_LOCAL !== 'true') return <View className='qy-notice'>请在微信中搜索「千阳智治」小程序使用。</View>;
  if (session.status === 'ready' && !session.user && getToken()) return <RegisterForm onRegistered={setSessionUser} />;
  return <PersonaPicker />;
}
