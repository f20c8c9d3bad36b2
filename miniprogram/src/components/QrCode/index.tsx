import { useMemo } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import qrcode from 'qrcode-generator';
import './index.scss';

/**
 * A QR code drawn as rows of Views (no canvas: the same on weapp and h5). Each row is cut into runs
 * of one colour, so a 37-module code is a few hundred Views, not 1,369.
 */
/** As wide as the screen allows (inline sizes are device pixels on both weapp and h5), at most 520. */
function screenFit(): number {
  const width = Taro.getSystemInfoSync?.().windowWidth ?? 360;
  return Math.max(200, Math.min(width - 80, 520));
}

export function QrCode({ text, size }: { text: string; size?: number }) {
  const rows = useMemo(() => {
    const qr = qrcode(0, 'M');
    qr.addData(text);
    qr.make();
    const n = qr.getModuleCount();
    const out: { dark: boolean; span: number }[][] = [];
    for (let r = 0; r < n; r++) {
      const runs: { dark: boolean; span: number }[] = [];
      for (let c = 0; c < n; c++) {
        const dark = qr.isDark(r, c);
        const last = runs[runs.length - 1];
        if (last && last.dark === dark) last.span++;
        else runs.push({ dark, span: 1 });
      }
      out.push(runs);
    }
    return { n, out };
  }, [text]);
  // A quiet zone of two modules around the code, as scanners expect.
  const cell = Math.max(2, Math.floor((size ?? screenFit()) / (rows.n + 4)));
  return (
    <View className='qr' style={{ padding: `${cell * 2}px`, width: `${cell * rows.n}px` }} aria-label='签到二维码'>
      {rows.out.map((runs, r) => (
        <View key={r} className='qr__row' style={{ height: `${cell}px` }}>
          {runs.map((run, i) => (
            <View key={i} className={run.dark ? 'qr__dark' : 'qr__light'} style={{ width: `${run.span * cell}px`, height: `${cell}px` }} />
          ))}
        </View>
      ))}
    </View>
  );
}
