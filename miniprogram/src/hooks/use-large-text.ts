import { largeTextStore, setLargeText } from '../client/large-text';
import { useStore } from './use-store';

export function useLargeText(): [boolean, (on: boolean) => void] {
  return [useStore(largeTextStore), setLargeText];
}
