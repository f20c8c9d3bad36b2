/**
 * The one capacity engine, shared by 警民之家 group sessions (police/sessions.ts), volunteer
 * activities (volunteers/activities.ts), 警民之家 appointment slots (police/booking.ts) and shared
 * venue hours (volunteers/venues.ts).
 *
 * Sessions with a waitlist, first come first served: a sign-up takes a seat by a conditional update
 * (`confirmed < capacity` and nobody waiting: placeForSignUp); otherwise it is appended to the
 * session's `waitlist` array by an atomic push, so the array order is the arrival order (the push
 * answers the session as it left it: the person's place, without a read after it). A freed seat goes
 * to the head of the waitlist by a compare-and-set on "a seat is free and this is still the head", so
 * each freed seat promotes exactly one person, the first waiting.
 *
 * Slots without a waitlist: `booked < capacity` by one conditional update, which cannot oversell
 * however many people press at once.
 */
import type { Db } from '@cloudbase/database';
import { nextToPromote, placeForSignUp, type SeatState } from '../../shared/domain/seat-rules';
import { findById, type Tx } from './db';
import { notFound } from './errors';
import { runTransaction } from './transaction';

/** `updated` of a where().update() answer. */
export function updatedCount(res: unknown): number {
  return (res as { updated?: number }).updated ?? 0;
}

/** A session document: seats, waitlist (sign-up ids in arrival order) and a revision. */
export interface SeatSession extends SeatState {
  _id: string;
  status: string;
  rev: number;
}

export interface WaitlistEngine<S extends SeatSession> {
  /** The sessions' collection name. */
  sessions: string;
  /** What a missing session is called to the person. */
  missing: string;
  /**
   * Inside a transaction: turns the waiting sign-up `signupId` into a confirmed one (and tells the
   * person); false when it is no longer waiting (cancelled meanwhile), so the seat goes round again.
   */
  promote(tx: Tx, signupId: string, session: S): Promise<boolean>;
  /**
   * The promotion changes the sign-up alone, by one conditional write that carries its notice
   * (_lib/effects.ts): `promote` is given the database handle itself, with no transaction around it.
   */
  promotesAlone?: boolean;
}

/** Runs the engine's promotion, in a transaction unless it is one write of the sign-up alone. */
function promote<S extends SeatSession>(db: Db, engine: WaitlistEngine<S>, head: string, s: S): Promise<boolean> {
  return engine.promotesAlone ? engine.promote(db, head, s) : runTransaction(db, (tx: Tx) => engine.promote(tx, head, s));
}

export async function loadSeatSession<S extends SeatSession>(db: Db | Tx, engine: Pick<WaitlistEngine<S>, 'sessions' | 'missing'>, id: string): Promise<S> {
  const s = await findById<S>(db, engine.sessions, id);
  if (!s) throw notFound(engine.missing);
  return s;
}

export async function giveSeatBack(db: Db, engine: Pick<WaitlistEngine<SeatSession>, 'sessions'>, sessionId: string): Promise<void> {
  const _ = db.command;
  await db.collection(engine.sessions).where({ _id: sessionId, confirmed: _.gt(0) }).update({ confirmed: _.inc(-1), rev: _.inc(1) });
}

/**
 * Fills free seats from the head of the waitlist, one compare-and-set per seat. Safe to run from
 * many places at once: a seat and a waitlist head are taken together or not at all, and sign-ups
 * pushed onto the end meanwhile do not disturb it.
 */
export async function fillFromWaitlist<S extends SeatSession>(db: Db, engine: WaitlistEngine<S>, sessionId: string): Promise<number> {
  const _ = db.command;
  let promoted = 0;
  for (let round = 0; round < 50; round++) {
    const s = await loadSeatSession<S>(db, engine, sessionId);
    const head = s.status === 'open' ? nextToPromote(s) : null;
    if (!head) return promoted;
    const res = await db
      .collection(engine.sessions)
      // At the capacity read: a cut meanwhile (written without a transaction) makes it miss, and it reads again.
      .where({ _id: s._id, status: 'open', capacity: s.capacity, confirmed: _.lt(s.capacity), 'waitlist.0': head })
      .update({ confirmed: _.inc(1), waitlist: _.pull(head), rev: _.inc(1) });
    if (updatedCount(res) !== 1) continue;
    const took = await promote(db, engine, head, s);
    if (took) promoted++;
    else await giveSeatBack(db, engine, s._id); // the head had cancelled meanwhile: the seat goes round again
  }
  return promoted;
}

/**
 * Places a written sign-up (status `pending`): a seat when one is free and nobody waits, checked
 * atomically together with the capacity that was read (a cut meanwhile sends the person to the
 * waitlist); otherwise the end of the waitlist. `confirm` flips the sign-up to confirmed (false when
 * it was cancelled while the seat was taken: the seat is handed on); `queued` records the place.
 */
export async function seatOrWaitlist<S extends SeatSession>(
  db: Db,
  engine: WaitlistEngine<S>,
  sessionId: string,
  signupId: string,
  /** `queued` is told the place and the session as it stood right after the push (its answer, when nobody is promoted). */
  steps: { confirm(): Promise<boolean>; queued(place: number | null, after: S): Promise<void> },
  /** The session as this request read it a moment ago (saves a read: the seat's update is conditional on it anyway). */
  known?: S,
): Promise<'seat' | 'waitlist'> {
  const _ = db.command;
  const fresh = known ?? (await loadSeatSession<S>(db, engine, sessionId));
  const seat =
    placeForSignUp(fresh) === 'seat'
      ? await db
          .collection(engine.sessions)
          .where({ _id: sessionId, status: 'open', capacity: fresh.capacity, confirmed: _.lt(fresh.capacity), waitlist: _.size(0) })
          .update({ confirmed: _.inc(1), rev: _.inc(1) })
      : null;
  if (seat && updatedCount(seat) === 1) {
    if (!(await steps.confirm())) {
      await giveSeatBack(db, engine, sessionId);
      await fillFromWaitlist(db, engine, sessionId);
    }
    return 'seat';
  }
  // One request joins the list and answers the session as it stands right after this push (the place
  // is this request's own, whoever pushed just before or after it).
  const joined = (await db.collection(engine.sessions).where({ _id: sessionId }).updateAndReturn({ waitlist: _.push([signupId]), rev: _.inc(1) })) as { doc?: S | null };
  const after = joined.doc;
  if (!after) throw notFound(engine.missing);
  const place = after.waitlist.indexOf(signupId) + 1;
  await steps.queued(place > 0 ? place : null, after);
  // A seat freed before the push belongs to the first person waiting (maybe this one).
  if (nextToPromote(after)) await fillFromWaitlist(db, engine, sessionId);
  return 'waitlist';
}

/**
 * After a cancellation committed: a confirmed place frees its seat for the first waiting; a waiting one
 * leaves the list. `known`, the session as read just before the cancellation: when someone waited
 * then, the seat is handed straight to the head of the list by one compare-and-set ("still open and
 * this is still the head"; `confirmed` stays, the seat changes hands) — otherwise, or when the head
 * left meanwhile, the seat is given back and the list filled as usual.
 */
export async function afterCancel<S extends SeatSession>(db: Db, engine: WaitlistEngine<S>, sessionId: string, signupId: string, was: string, known?: S): Promise<void> {
  const _ = db.command;
  if (was !== 'confirmed') {
    await db.collection(engine.sessions).doc(sessionId).update({ waitlist: _.pull(signupId), rev: _.inc(1) });
    return;
  }
  const head = known?.status === 'open' ? known.waitlist[0] : undefined;
  if (head) {
    const handed = await db.collection(engine.sessions).where({ _id: sessionId, status: 'open', 'waitlist.0': head }).update({ waitlist: _.pull(head), rev: _.inc(1) });
    // A head that had cancelled meanwhile has left the list all the same: the seat goes round again.
    if (updatedCount(handed) === 1 && (await promote(db, engine, head, known!))) return;
  }
  await giveSeatBack(db, engine, sessionId);
  await fillFromWaitlist(db, engine, sessionId);
}

/** A slot: `booked` of `capacity`, open or closed. */
export interface SeatSlot {
  _id: string;
  status: string;
  capacity: number;
  booked: number;
}

/**
 * Takes one seat of a slot, or says it is full (or closed meanwhile). The update holds only while
 * the capacity is still the one read: a capacity cut in between makes it miss, and the slot is read
 * again, so `booked` never passes the capacity in force.
 */
export async function takeSlotSeat(db: Db, collection: string, slot: SeatSlot): Promise<boolean> {
  const _ = db.command;
  let seen: SeatSlot | null = slot;
  for (let attempt = 0; seen && attempt < 3; attempt++) {
    if (seen.status !== 'open' || seen.booked >= seen.capacity) return false;
    const res = await db
      .collection(collection)
      .where({ _id: slot._id, status: 'open', capacity: seen.capacity, booked: _.lt(seen.capacity) })
      .update({ booked: _.inc(1) });
    if (updatedCount(res) === 1) return true;
    seen = await findById<SeatSlot>(db, collection, slot._id);
  }
  return false;
}

/** Gives back one seat; `holder`, when the seat may be named in `holders`, leaves the list with it. */
export async function releaseSlotSeat(db: Db, collection: string, slotId: string, holder?: string): Promise<void> {
  const _ = db.command;
  await db.collection(collection).where({ _id: slotId, booked: _.gt(0) }).update({ booked: _.inc(-1), ...(holder ? { holders: _.pull(holder) } : {}) });
}

/** A slot whose seats name their holders (police appointments): `holders` has one entry per seat taken. */
export interface HeldSlot extends SeatSlot {
  holders?: string[];
}

/**
 * Takes one seat of a slot for `holder` (a booking's deterministic id): at most one seat per holder, so
 * simultaneous retries of one request take one seat between them — 'held' says a sibling attempt holds
 * it. `holders` is bounded by the capacity. Otherwise as takeSlotSeat: a capacity cut in between makes
 * the update miss and the slot is read again.
 */
export async function takeSlotSeatFor(db: Db, collection: string, slot: HeldSlot, holder: string): Promise<'taken' | 'held' | 'full'> {
  const _ = db.command;
  let seen: HeldSlot | null = slot;
  for (let attempt = 0; seen && attempt < 3; attempt++) {
    if (seen.holders?.includes(holder)) return 'held';
    if (seen.status !== 'open' || seen.booked >= seen.capacity) return 'full';
    const res = await db
      .collection(collection)
      .where({ _id: slot._id, status: 'open', capacity: seen.capacity, booked: _.lt(seen.capacity), holders: _.nin([holder]) })
      .update({ booked: _.inc(1), holders: _.push([holder]) });
    if (updatedCount(res) === 1) return 'taken';
    seen = await findById<HeldSlot>(db, collection, slot._id);
  }
  return 'full';
}

/** Gives back the seat `holder` holds, once: a second call (or a holder that holds none) changes nothing. */
export async function releaseSlotSeatOf(db: Db, collection: string, slotId: string, holder: string): Promise<void> {
  const _ = db.command;
  await db.collection(collection).where({ _id: slotId, holders: holder, booked: _.gt(0) }).update({ booked: _.inc(-1), holders: _.pull(holder) });
}
