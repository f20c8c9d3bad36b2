import { type PropsWithChildren } from 'react';
import Taro, { useLaunch } from '@tarojs/taro';
import { installPrivacyAuthorization } from './client/privacy';
import './app.scss';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    if (process.env.TARO_ENV === 'weapp') {
      // Identity in the cloud comes from WeChat itself; the env id lives in an uncommitted .env file.
      Taro.cloud.init({ env: process.env.TARO_APP_CLOUD_ENV, traceUser: true });
      installPrivacyAuthorization();
    }
  });
  return children;
}

export default App;
