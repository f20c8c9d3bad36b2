import { View } from '@tarojs/components';
import { useSession } from '../../hooks/use-session';
import { setSessionUser } from '../../client/session';
import { RegisterForm } from '../RegisterForm';

/** weapp: WeChat already knows who this is; a person the server has not met registers once. */
/** Registering sets the session; the sign-in page moves on when it sees a user. */
export function SignIn() {
  const session = useSession();
  if (session.loading) return <View className='qy-muted'>正在确认您的身份…</View>;
  if (session.status === 'error') return <View className='qy-notice'>{session.error}</View>;
  return (
    <RegisterForm onRegistered={setSessionUser} />
  );
}
