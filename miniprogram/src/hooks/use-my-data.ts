import { useCallback, useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { assembleMyData, authContract, MY_DATA_PARTS, type MyDataExport } from '@shared/contracts/auth';
import { call } from '../client/cloud';
import { plainError } from '../client/error-text';

/**
 * Everything the product holds about the signed-in person (导出我的数据). The server hands it out in
 * parts, each one small call (MY_DATA_PARTS); they are read together and put into one copy, so a
 * missing part is an error, never a shorter copy.
 */
export function useMyData() {
  const [data, setData] = useState<MyDataExport | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);

  const reload = useCallback(async () => {
    const gen = ++generation.current;
    setLoading(true);
    setError(null);
    try {
      const parts = await Promise.all(MY_DATA_PARTS.map((part) => call(authContract, 'exportMyData', { part })));
      if (gen === generation.current) setData(assembleMyData(parts));
    } catch (e) {
      if (gen === generation.current) setError(plainError(e));
    } finally {
      if (gen === generation.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  /** The whole copy as JSON on the clipboard, only when the person taps for it. */
  const copy = useCallback(async () => {
    if (!data) return;
    await Taro.setClipboardData({ data: JSON.stringify(data, null, 2) });
  }, [data]);

  return { data, loading, error, reload, copy };
}
