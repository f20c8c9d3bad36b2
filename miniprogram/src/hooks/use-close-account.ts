import { useCallback } from 'react';
import Taro from '@tarojs/taro';
import { authContract } from '@shared/contracts/auth';
import { CLOSE_CONFIRM_WORD } from '@shared/domain/account-close';
import { call } from '../client/cloud';
import { serverWordedError } from '../client/error-text';
import { signOut } from '../client/session';
import { ROUTES } from '../routes';

/** 注销账号: closes the account on the server, then signs out here and goes back to sign-in. */
export function useCloseAccount() {
  return useCallback(async () => {
    try {
      await call(authContract, 'closeAccount', { confirm: CLOSE_CONFIRM_WORD });
    } catch (e) {
      // The server says what to finish first (a wish in hand, duties to hand over): show its words.
      throw new Error(serverWordedError(e));
    }
    signOut();
    await Promise.resolve(Taro.reLaunch({ url: ROUTES.login.url() })).catch(() => undefined);
  }, []);
}
