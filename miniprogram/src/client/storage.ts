import Taro from '@tarojs/taro';

/** Every key the app keeps on the device, in one place so nothing collides. */
export const STORAGE_KEYS = {
  token: 'qy.token',
  largeText: 'qy.largeText',
  wishDraft: 'qy.draft.wish',
  /** Prefix of the 管理本站 form drafts: `qy.draft.police-manage.<home>.<form>`. */
  policeManageDraft: 'qy.draft.police-manage',
} as const;

export function readString(key: string): string | null {
  try {
    const value: unknown = Taro.getStorageSync(key);
    return typeof value === 'string' && value !== '' ? value : null;
  } catch {
    return null;
  }
}

export function writeString(key: string, value: string | null): void {
  try {
    if (value === null) Taro.removeStorageSync(key);
    else Taro.setStorageSync(key, value);
  } catch {
    // Storage full or unavailable: the app keeps working, it only forgets across restarts.
  }
}

export function readJson(key: string): unknown {
  const raw = readString(key);
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}

export function writeJson(key: string, value: unknown): void {
  writeString(key, value === null ? null : JSON.stringify(value));
}
