import type { CloudFunction } from '../cloudfunctions/_lib/handler';

/**
 * Runs every function's timer triggers on their local interval, the way CloudBase's timer
 * triggers would. A run never overlaps itself here; the timers are written to be safe when
 * they do overlap in the cloud. Tests do not start this: they call `runTimer` with the clock moved.
 */
export function startTimers(functions: Record<string, CloudFunction>): () => void {
  const handles: NodeJS.Timeout[] = [];
  for (const fn of Object.values(functions)) {
    for (const [name, timer] of Object.entries(fn.timers)) {
      let running = false;
      const tick = () => {
        if (running) return;
        running = true;
        fn.runTimer(name)
          .catch(() => undefined) // already logged as JSON by the handler factory
          .finally(() => {
            running = false;
          });
      };
      const h = setInterval(tick, timer.localEveryMs);
      h.unref();
      handles.push(h);
    }
  }
  return () => handles.forEach(clearInterval);
}
