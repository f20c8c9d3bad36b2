import { View } from '@tarojs/components';
import { PersonaPicker } from '../PersonaPicker';

/** h5: the persona picker exists only in a local build (TARO_APP_LOCAL); elsewhere use WeChat. */
export function SignIn() {
  if (process.env.TARO_APP_LOCAL === 'true') return <PersonaPicker />;
  return <View className='qy-notice'>请在微信中搜索「千阳智治」小程序使用。</View>;
}
