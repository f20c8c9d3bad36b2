/**
 * The slice of @tarojs/taro the app uses, over an in-memory storage. Tests spy on the
 * navigation functions (jest.spyOn(Taro, 'reLaunch')) to see where the app sends people.
 */
const storage = new Map<string, unknown>();

type Page = { route: string };
let pages: Page[] = [{ route: 'pages/home/index' }];

const noopHook = (_fn: (...args: unknown[]) => void): void => undefined;

const Taro = {
  getStorageSync: (key: string): unknown => (storage.has(key) ? storage.get(key) : ''),
  setStorageSync: (key: string, value: unknown): void => void storage.set(key, value),
  removeStorageSync: (key: string): void => void storage.delete(key),
  clearStorageSync: (): void => storage.clear(),
  getCurrentPages: (): Page[] => pages,
  reLaunch: (_opts: { url: string }): Promise<void> => Promise.resolve(),
  navigateTo: (_opts: { url: string }): Promise<void> => Promise.resolve(),
  redirectTo: (_opts: { url: string }): Promise<void> => Promise.resolve(),
  switchTab: (_opts: { url: string }): Promise<void> => Promise.resolve(),
  showToast: (_opts: { title: string }): Promise<void> => Promise.resolve(),
  stopPullDownRefresh: (): void => undefined,
  nextTick: (fn: () => void): void => void setTimeout(fn, 0),
  getEnv: (): string => 'WEB',
  ENV_TYPE: { WEAPP: 'WEAPP', WEB: 'WEB' },
  getSystemInfoSync: () => ({ windowWidth: 375, windowHeight: 812, pixelRatio: 2 }),
  getWindowInfo: () => ({ windowWidth: 375, windowHeight: 812, pixelRatio: 2 }),
  /** WeChat's font-size setting; tests change it with jest.spyOn(Taro, 'getAppBaseInfo'). */
  getAppBaseInfo: (): { fontSizeSetting: number; fontSizeScaleFactor: number } => ({ fontSizeSetting: 17, fontSizeScaleFactor: 1 }),
  pxTransform: (n: number): string => `${n / 40}rem`,
  cloud: {
    init: (): void => undefined,
    callFunction: (): Promise<{ result: unknown }> => Promise.reject(new Error('no cloud in h5 tests')),
  },
};

export function setCurrentPages(next: Page[]): void {
  pages = next;
}

export const {
  getStorageSync,
  setStorageSync,
  removeStorageSync,
  getCurrentPages,
  nextTick,
  getEnv,
  ENV_TYPE,
  getSystemInfoSync,
  pxTransform,
} = Taro;
export const useDidShow = noopHook;
export const useDidHide = noopHook;
export const useReachBottom = noopHook;
export const usePullDownRefresh = noopHook;
export const useLaunch = noopHook;
export const useReady = noopHook;
export const useRouter = () => ({ params: {} as Record<string, string> });
export const createSelectorQuery = () => ({
  select: () => ({ boundingClientRect: () => ({ exec: (cb: (r: unknown[]) => void) => cb([null]) }) }),
  selectAll: () => ({ boundingClientRect: () => ({ exec: (cb: (r: unknown[]) => void) => cb([[]]) }) }),
});
export default Taro;
