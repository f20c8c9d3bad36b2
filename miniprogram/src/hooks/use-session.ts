import { useEffect } from 'react';
import Taro from '@tarojs/taro';
import { SIGN_IN_PAGE } from '../client/cloud';
import { loadSession, sessionStore, signOut } from '../client/session';
import { useStore } from './use-store';

/** The signed-in person, fetched once with auth.me and shared by every page. */
export function useSession() {
  const state = useStore(sessionStore);
  useEffect(() => {
    if (sessionStore.get().status === 'idle') void loadSession();
  }, []);
  return {
    ...state,
    loading: state.status === 'idle' || state.status === 'loading',
    refresh: () => loadSession(true),
    signOut,
  };
}

/** For pages that need a signed-in person: sends everyone else to sign-in once the session is known. */
export function useSignedInUser() {
  const session = useSession();
  useEffect(() => {
    if (session.status === 'ready' && session.user === null) {
      void Promise.resolve(Taro.reLaunch({ url: SIGN_IN_PAGE })).catch(() => undefined);
    }
  }, [session.status, session.user]);
  return session;
}
