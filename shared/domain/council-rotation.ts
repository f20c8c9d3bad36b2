/**
 * 轮席: the chair of each meeting is the next member body in the council's order. A body that cannot
 * chair passes (with its reason, recorded publicly) and keeps its turn: it is owed the chair and comes
 * first next time. Only a body that passed is ever stepped over, so the rotation never skips silently.
 */

export interface Rotation {
  /** The body whose regular turn comes next in the order. */
  nextKey: string | null;
  /** Bodies that passed their turn and keep it, earliest first. */
  owed: string[];
  /** Bodies that passed for the meeting not yet called. */
  passedNow: string[];
}

export const emptyRotation = (order: readonly string[]): Rotation => ({ nextKey: order[0] ?? null, owed: [], passedNow: [] });

/** The rotation after the order changed: bodies no longer in it leave, a missing next key starts over. */
export function normaliseRotation(order: readonly string[], r: Rotation): Rotation {
  const known = new Set(order);
  return {
    nextKey: r.nextKey && known.has(r.nextKey) ? r.nextKey : (order[0] ?? null),
    owed: r.owed.filter((k) => known.has(k)),
    passedNow: r.passedNow.filter((k) => known.has(k)),
  };
}

/** Who may chair next, in turn: the owed bodies first, then the order from the next regular turn round. */
export function candidates(order: readonly string[], r: Rotation): string[] {
  const n = order.length;
  const start = r.nextKey ? Math.max(0, order.indexOf(r.nextKey)) : 0;
  const regular = Array.from({ length: n }, (_, i) => order[(start + i) % n]!);
  return [...new Set([...r.owed.filter((k) => order.includes(k)), ...regular])];
}

/** The body whose turn it is now (null when every body has passed for this meeting). */
export function dueBody(order: readonly string[], r: Rotation): string | null {
  return candidates(order, r).find((k) => !r.passedNow.includes(k)) ?? null;
}

export type TurnRefusal = 'not-due' | 'nobody-due';

/** The due body passes: it keeps its turn (owed) and the next candidate becomes due. */
export function passTurn(order: readonly string[], r: Rotation, key: string): Rotation | TurnRefusal {
  const due = dueBody(order, r);
  if (due === null) return 'nobody-due';
  if (due !== key) return 'not-due';
  return { nextKey: r.nextKey, owed: r.owed.includes(key) ? r.owed : [...r.owed, key], passedNow: [...r.passedNow, key] };
}

/** The due body takes the chair: an owed turn is paid, a regular turn moves the order on. */
export function takeChair(order: readonly string[], r: Rotation, key: string): Rotation | TurnRefusal {
  const due = dueBody(order, r);
  if (due === null) return 'nobody-due';
  if (due !== key) return 'not-due';
  if (r.owed.includes(key)) return { nextKey: r.nextKey, owed: r.owed.filter((k) => k !== key), passedNow: [] };
  const i = order.indexOf(key);
  return { nextKey: order[(i + 1) % order.length] ?? null, owed: r.owed, passedNow: [] };
}

/**
 * The coming turns as people read them (the council page): the body due now, then the queue as it
 * will stand once that body has chaired — owed turns first (a body that passed is next), then the order.
 */
export function upcoming(order: readonly string[], r: Rotation, count = order.length): string[] {
  const due = dueBody(order, r);
  if (due === null) return candidates(order, { ...r, passedNow: [] }).slice(0, count);
  const after = takeChair(order, r, due) as Rotation;
  return [...new Set([due, ...candidates(order, after)])].slice(0, count);
}
