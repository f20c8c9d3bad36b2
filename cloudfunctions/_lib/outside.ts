/**
 * Told when a call's answer depends on something besides its input, its caller and the database: the
 * time, or the function's environment. The local runtime's read cache listens so that it never replays
 * such an answer; nothing listens in the cloud.
 */
let listener: ((what: string) => void) | null = null;

export function onOutsideRead(fn: ((what: string) => void) | null): void {
  listener = fn;
}

export function readsOutside(what: string): void {
  listener?.(what);
}
