import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { authContract, type MyDataExport } from '@shared/contracts/auth';
import { call } from '../services/cloud';
import { plainError } from '../services/error-text';

/** Everything the product holds about the signed-in person (导出我的数据). */
export function useMyData() {
  const [data, setData] = useState<MyDataExport | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setData(await call(authContract, 'exportMyData', {}));
    } catch (e) {
      setError(plainError(e));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  /** The whole copy as JSON on the clipboard, only when the person taps for it. */
  const copy = useCallback(async () => {
    if (!data) return;
    await Taro.setClipboardData({ data: JSON.stringify(data, null, 2) });
  }, [data]);

  return { data, loading, error, reload: load, copy };
}
