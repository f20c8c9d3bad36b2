import { useCallback } from 'react';
import Taro from '@tarojs/taro';
import { authContract } from '@shared/contracts/auth';
import { useAction } from './use-action';

/** Everything the product holds about the signed-in person (导出我的数据). */
export function useMyData() {
  const { data, loading, error, reload } = useAction(authContract, 'exportMyData', {});

  /** The whole copy as JSON on the clipboard, only when the person taps for it. */
  const copy = useCallback(async () => {
    if (!data) return;
    await Taro.setClipboardData({ data: JSON.stringify(data, null, 2) });
  }, [data]);

  return { data, loading, error, reload, copy };
}
