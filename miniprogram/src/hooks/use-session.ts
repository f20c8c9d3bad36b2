import { useEffect } from 'react';
import Taro from '@tarojs/taro';
import { loadSession, sessionStore, signOut } from '../client/session';
import { useStore } from './use-store';
import { ROUTES } from '../routes';

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
      void Promise.resolve(Taro.reLaunch({ url: ROUTES.login.url() })).catch(() => undefined);
    }
  }, [session.status, session.user]);
  return session;
}
