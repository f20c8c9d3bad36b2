import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { policeContract } from '@shared/contracts/police';
import type { UserView } from '@shared/contracts/auth';
import type { ActionInput, ActionName, ActionOutput } from '@shared/contracts/envelope';
import { call } from '../client/cloud';
import { serverWordedError } from '../client/error-text';
import { hasRole, loadSession, sessionStore } from '../client/session';
import { useAction } from './use-action';
import { useStore } from './use-store';

type C = typeof policeContract;
export type PoliceAction = ActionName<C>;
export type PoliceInput<K extends PoliceAction> = ActionInput<C, K>;
export type PoliceOutput<K extends PoliceAction> = ActionOutput<C, K>;

/** The 警民之家 answers CONFLICT / FORBIDDEN / NOT_FOUND in words a resident can act on; keep them. */
export const policeErrorText = serverWordedError;

/** One action of the 警民之家 function; throws ApiError. */
export function policeCall<K extends PoliceAction>(action: K, input: PoliceInput<K>): Promise<PoliceOutput<K>> {
  return call(policeContract, action, input);
}

/** Loads a read action, again whenever the page shows (after booking on another page); `null` waits. */
export function usePolice<K extends PoliceAction>(action: K, input: PoliceInput<K> | null) {
  return useAction(policeContract, action, input, { errorText: serverWordedError, reloadOnShow: true });
}

/**
 * The signed-in person. A police page may be the first page opened (a reload, a shared link), so
 * the session is loaded here when nobody has yet; `usePoliceViewer().known` tells a page to wait,
 * since a town cadre taken for a resident would be refused 「请先登记您居住的村（社区）」.
 */
export function useSessionUser(): UserView | null {
  return usePoliceViewer().user;
}

export function usePoliceViewer(): { user: UserView | null; known: boolean } {
  const state = useStore(sessionStore);
  useEffect(() => {
    if (sessionStore.get().status === 'idle') void loadSession();
  }, []);
  return { user: state.user, known: state.status === 'ready' || state.status === 'error' };
}

/** Town cadres and the county admin hold no home of their own: they pick one within their jurisdiction. */
export function picksHome(user: UserView | null): boolean {
  return !hasRole(user, 'police') && (hasRole(user, 'town-cadre') || hasRole(user, 'county-admin'));
}

/** Only officers act on the workbench (check-in, call the next number, visits); cadres look. */
export function actsOnWorkbench(user: UserView | null): boolean {
  return user === null || hasRole(user, 'police');
}

const chosenHomeKey = (userId: string) => `police.chosenHome.${userId}`;

/** The home a cadre chose for the workbench, remembered on this phone (per person) until they choose another. */
export function useChosenHome(userId: string | null) {
  const key = chosenHomeKey(userId ?? 'anyone');
  const [homeId, setHomeId] = useState<string | null>(() => {
    const saved = Taro.getStorageSync(key) as unknown;
    return typeof saved === 'string' && saved ? saved : null;
  });
  const choose = useCallback((id: string | null) => {
    setHomeId(id);
    if (id) Taro.setStorageSync(key, id);
    else Taro.removeStorageSync(key);
  }, [key]);
  return { homeId, choose };
}
