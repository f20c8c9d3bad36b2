import { readsOutside } from './outside';

/**
 * The one clock. Deadlines, timers and timestamps read it; tests move it. In the cloud it is
 * the system clock.
 */
let offsetMs = 0;
let frozenAt: number | null = null;

export const clock = {
  now(): Date {
    readsOutside('clock');
    return new Date(frozenAt ?? Date.now() + offsetMs);
  },
  nowIso(): string {
    return clock.now().toISOString();
  },
  /** Tests only: stop the clock at `at`. */
  freeze(at: Date | string): void {
    frozenAt = new Date(at).getTime();
  },
  /** Tests only: move the clock forward (frozen or not). */
  advance(ms: number): void {
    if (frozenAt !== null) frozenAt += ms;
    else offsetMs += ms;
  },
  reset(): void {
    offsetMs = 0;
    frozenAt = null;
  },
};

export const DAY_MS = 24 * 60 * 60 * 1000;
