import { useCallback, useEffect, useState } from 'react';
import { readJson, writeJson } from '../client/storage';

/**
 * A form's state kept on the device as it is edited (weak rural networks, a call that interrupts):
 * reopening the same form brings back what was entered; `clear` after a success forgets it. A
 * stored draft is laid over `initial`, so a field added later never comes back undefined.
 */
export function useDraft<T extends object>(key: string, initial: () => T) {
  const [value, setValue] = useState<T>(() => {
    const saved = readJson(key);
    return typeof saved === 'object' && saved !== null && !Array.isArray(saved) ? { ...initial(), ...(saved as Partial<T>) } : initial();
  });
  const [touched, setTouched] = useState(false);
  const [restored] = useState(() => readJson(key) !== null);

  useEffect(() => {
    if (touched) writeJson(key, value);
  }, [key, value, touched]);

  const update = useCallback((change: Partial<T> | ((v: T) => T)) => {
    setTouched(true);
    setValue((v) => (typeof change === 'function' ? change(v) : { ...v, ...change }));
  }, []);

  const clear = useCallback(() => {
    setTouched(false);
    writeJson(key, null);
  }, [key]);

  return { value, update, clear, restored };
}
