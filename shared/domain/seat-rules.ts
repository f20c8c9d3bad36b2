/**
 * Seats and a waitlist, the pure half of the capacity engine (cloudfunctions/_lib/seats.ts): 警民之家
 * group sessions and volunteer activities place every sign-up by these rules.
 */
export interface SeatState {
  capacity: number;
  confirmed: number;
  /** Sign-up ids in arrival order. */
  waitlist: readonly string[];
}

/** 1-based place on the waitlist, or null when not on it. */
export function waitlistPosition(session: SeatState, signupId: string): number | null {
  const i = session.waitlist.indexOf(signupId);
  return i < 0 ? null : i + 1;
}

/**
 * Where a new sign-up goes: a seat only when one is free and nobody is waiting; otherwise the end of
 * the waitlist, even while a seat is momentarily free (someone just cancelled), because that seat
 * belongs to the first person waiting. The service's conditional update checks the same two facts
 * atomically (`confirmed < capacity` and an empty waitlist).
 */
export function placeForSignUp(session: SeatState): 'seat' | 'waitlist' {
  return session.confirmed < session.capacity && session.waitlist.length === 0 ? 'seat' : 'waitlist';
}

/** Whom a free seat goes to: the first on the waitlist, only while a seat is free. */
export function nextToPromote(session: SeatState): string | null {
  return session.confirmed < session.capacity ? (session.waitlist[0] ?? null) : null;
}

