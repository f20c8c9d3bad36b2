import { useCallback, useEffect, useRef, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { servicesContract } from '@shared/contracts/services';
import type { ActionInput, ActionName, ActionOutput } from '@shared/contracts/envelope';
import { ApiError, call } from '../services/cloud';
import { plainError } from '../services/error-text';

type C = typeof servicesContract;
export type PoliceAction = ActionName<C>;
export type PoliceInput<K extends PoliceAction> = ActionInput<C, K>;
export type PoliceOutput<K extends PoliceAction> = ActionOutput<C, K>;

/** The 警民之家 answers CONFLICT / FORBIDDEN / NOT_FOUND in words a resident can act on; keep them. */
export function policeErrorText(e: unknown): string {
  if (e instanceof ApiError && ['CONFLICT', 'FORBIDDEN', 'NOT_FOUND'].includes(e.code)) return e.message;
  if (e instanceof ApiError && e.code === 'INVALID_INPUT' && e.issues[0]) return e.issues[0].message;
  return plainError(e);
}

/** One action of the 警民之家 function; throws ApiError. */
export function policeCall<K extends PoliceAction>(action: K, input: PoliceInput<K>): Promise<PoliceOutput<K>> {
  return call(servicesContract, action, input);
}

/**
 * Loads a read action and reloads it whenever the page shows again (after booking on another page)
 * or the input changes. `input === null` waits (e.g. until a service is chosen).
 */
export function usePolice<K extends PoliceAction>(action: K, input: PoliceInput<K> | null) {
  const [data, setData] = useState<PoliceOutput<K> | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const key = input === null ? null : JSON.stringify(input);
  const generation = useRef(0);

  const reload = useCallback(async () => {
    if (key === null) return;
    const gen = ++generation.current;
    setLoading(true);
    setError(null);
    try {
      const out = await policeCall(action, JSON.parse(key) as PoliceInput<K>);
      if (gen === generation.current) setData(out);
    } catch (e) {
      if (gen === generation.current) setError(policeErrorText(e));
    } finally {
      if (gen === generation.current) setLoading(false);
    }
  }, [action, key]);

  useEffect(() => {
    void reload();
  }, [reload]);
  useDidShow(() => {
    if (data) void reload();
  });

  return { data, loading, error, reload, setData };
}
