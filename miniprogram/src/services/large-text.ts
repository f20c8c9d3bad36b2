import { STORAGE_KEYS, readString, writeString } from './storage';
import { createStore } from './store';

/** 大字模式: kept on the device only; every page root reads it (see components/PageShell). */
export const largeTextStore = createStore<boolean>(readString(STORAGE_KEYS.largeText) === '1');

export function setLargeText(on: boolean): void {
  writeString(STORAGE_KEYS.largeText, on ? '1' : null);
  largeTextStore.set(on);
}
