import { useCallback, useEffect, useRef, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import type { ActionInput, ActionName, ActionOutput, Contract } from '@shared/contracts/envelope';
import { call } from '../client/cloud';
import { plainError } from '../client/error-text';

export interface UseActionOptions {
  /** Words for a failure; plain Chinese by error code unless a feature words its own. */
  errorText?: (e: unknown) => string;
  /** Load again whenever the page shows (after the person acted on another page). */
  reloadOnShow?: boolean;
  /**
   * Words for `input === null` when it means there is nothing to load (a page opened without an
   * id): shown as the error, not loading. Without them a null input waits.
   */
  missingText?: string;
}

/**
 * Loads one read action of a cloud function and again when its input changes; `input === null`
 * waits (e.g. until the session or a choice is known) unless `missingText` says it never comes.
 * A slower, older answer never overwrites a newer one.
 */
export function useAction<C extends Contract, K extends ActionName<C>>(
  contract: C,
  action: K,
  input: ActionInput<C, K> | null,
  options: UseActionOptions = {},
) {
  const [data, setData] = useState<ActionOutput<C, K> | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const key = input === null ? null : JSON.stringify(input);
  const generation = useRef(0);
  const errorText = options.errorText ?? plainError;
  const { missingText } = options;

  const reload = useCallback(async () => {
    if (key === null) {
      if (missingText === undefined) return;
      generation.current += 1;
      setLoading(false);
      setError(missingText);
      return;
    }
    const gen = ++generation.current;
    setLoading(true);
    setError(null);
    try {
      const out = await call(contract, action, JSON.parse(key) as ActionInput<C, K>);
      if (gen === generation.current) setData(out);
    } catch (e) {
      if (gen === generation.current) setError(errorText(e));
    } finally {
      if (gen === generation.current) setLoading(false);
    }
    // errorText is a module-level function in every caller.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [contract, action, key, missingText]);

  useEffect(() => {
    void reload();
  }, [reload]);
  useDidShow(() => {
    if (options.reloadOnShow && data) void reload();
  });

  return { data, loading, error, reload, setData };
}
