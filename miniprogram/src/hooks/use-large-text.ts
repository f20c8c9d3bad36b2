import { largeTextStore, setLargeText } from '../services/large-text';
import { useStore } from './use-store';

export function useLargeText(): [boolean, (on: boolean) => void] {
  return [useStore(largeTextStore), setLargeText];
}
