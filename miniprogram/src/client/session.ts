import type { Role, UserView } from '@shared/contracts/auth';
import { authContract } from '@shared/contracts/auth';
import { call, getToken, setToken } from './cloud';
import { plainError } from './error-text';
import { createStore } from './store';

export type SessionState =
  | { status: 'idle' | 'loading'; user: UserView | null; error: null }
  | { status: 'ready'; user: UserView | null; error: null }
  | { status: 'error'; user: UserView | null; error: string };

export const sessionStore = createStore<SessionState>({ status: 'idle', user: null, error: null });

let inflight: Promise<void> | null = null;

/** Asks the server who the caller is; on h5 without a token nobody is signed in. */
export function loadSession(force = false): Promise<void> {
  const current = sessionStore.get();
  if (!force && current.status === 'ready') return Promise.resolve();
  if (inflight) return inflight;
  if (process.env.TARO_ENV !== 'weapp' && !getToken()) {
    sessionStore.set({ status: 'ready', user: null, error: null });
    return Promise.resolve();
  }
  sessionStore.set({ status: 'loading', user: current.user, error: null });
  inflight = call(authContract, 'me', {})
    .then(({ user }) => sessionStore.set({ status: 'ready', user, error: null }))
    .catch((e: unknown) => sessionStore.set({ status: 'error', user: null, error: plainError(e) }))
    .finally(() => {
      inflight = null;
    });
  return inflight;
}

export function setSessionUser(user: UserView | null): void {
  sessionStore.set({ status: 'ready', user, error: null });
}

export function signIn(token: string, user: UserView | null): void {
  setToken(token);
  setSessionUser(user);
}

export function signOut(): void {
  setToken(null);
  setSessionUser(null);
}

export function hasRole(user: UserView | null, role: Role): boolean {
  return user?.roles.some((r) => r.role === role) ?? false;
}

export function isCadre(user: UserView | null): boolean {
  return hasRole(user, 'village-cadre') || hasRole(user, 'town-cadre') || hasRole(user, 'county-admin');
}
