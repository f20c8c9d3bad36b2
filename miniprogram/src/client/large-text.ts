import Taro from '@tarojs/taro';
import { STORAGE_KEYS, readString, writeString } from './storage';
import { createStore } from './store';

/**
 * WeChat's own font-size setting at or above this (px) is where its 适老化 guide expects a
 * large-text layout: +3 and above on a 375 screen, 「关怀模式」 everywhere.
 */
const LARGE_WECHAT_FONT_PX = 21;

/** The person's WeChat font size in px, or null where the platform does not tell (h5). */
function wechatFontSize(): number | null {
  if (process.env.TARO_ENV !== 'weapp') return null;
  try {
    const info = Taro.getAppBaseInfo() as { fontSizeSetting?: number };
    return typeof info.fontSizeSetting === 'number' ? info.fontSizeSetting : null;
  } catch {
    return null;
  }
}

/**
 * 大字模式: the switch on the me page wins once touched ('1' on, '0' off, kept on the device);
 * until then the page follows WeChat's font-size setting.
 */
function initialLargeText(): boolean {
  const chosen = readString(STORAGE_KEYS.largeText);
  if (chosen === '1' || chosen === '0') return chosen === '1';
  const px = wechatFontSize();
  return px !== null && px >= LARGE_WECHAT_FONT_PX;
}

/** Every page root reads it (see components/PageShell). */
export const largeTextStore = createStore<boolean>(initialLargeText());

/**
 * On h5 the tab bar, picker sheets and toasts are drawn outside every page root: a class on
 * <html> lets app.scss enlarge them too (on WeChat they follow the phone's own font setting).
 */
function markRoot(on: boolean): void {
  if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return;
  document.documentElement.classList.toggle('qy-large-root', on);
}
markRoot(largeTextStore.get());
largeTextStore.subscribe(() => markRoot(largeTextStore.get()));

/** Not chosen yet and not already on by WeChat's setting: offer 大字模式 once at first use. */
export function shouldOfferLargeText(): boolean {
  const chosen = readString(STORAGE_KEYS.largeText);
  return chosen !== '1' && chosen !== '0' && !largeTextStore.get();
}

export function setLargeText(on: boolean): void {
  writeString(STORAGE_KEYS.largeText, on ? '1' : '0');
  largeTextStore.set(on);
}
