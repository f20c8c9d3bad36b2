/**
 * 开门 walk-in queue: one document per home and day holds the day's tickets. Taking a number is two
 * atomic updates on it, never a transaction (a crowd at opening time would keep rewriting the same
 * document): an increment of `lastNumber` hands out the number, a conditional push adds the ticket.
 * Calling the next one rewrites statuses in a transaction (one officer, retried past the pushes).
 */
import type { Db } from '@cloudbase/database';
import type { PoliceHomeRecord, PoliceServiceRecord, QueueDayRecord } from '../../shared/domain/police-records';
import { chinaDate, chinaMonth } from '../../shared/domain/china-time';
import { openingStatus } from '../../shared/domain/police-hours';
import { canOverseeHome, nextWaiting, peopleAhead } from '../../shared/domain/police-rules';
import type { UserRecord } from '../../shared/domain/records';
import { recordAudit } from '../_lib/audit';
import { clock } from '../_lib/clock';
import { findById, isDuplicateKey, type Tx } from '../_lib/db';
import { conflict } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { mustBeOfficer, mustLiveUnder, resolveHome } from './store';
import type { In, Out } from './types';
import { COLLECTIONS } from '../_lib/collections';
import { runTransaction } from '../_lib/transaction';

const LIVE: readonly QueueDayRecord['tickets'][number]['status'][] = ['waiting', 'called'];

export const queueIdOf = (homeId: string, date: string) => `pq-${homeId}-${date.replace(/-/g, '')}`;

export function queueViewOf(home: PoliceHomeRecord, q: QueueDayRecord | null, date: string, viewer: UserRecord): Out<'queue'> {
  const tickets = q?.tickets ?? [];
  const mine = [...tickets].reverse().find((t) => t.userId === viewer._id && (t.status === 'waiting' || t.status === 'called')) ?? null;
  const called = tickets.filter((t) => t.status === 'called').sort((a, b) => b.number - a.number)[0] ?? null;
  const oversee = canOverseeHome(viewer.roles, home.path);
  return {
    homeId: home._id,
    date,
    open: openingStatus(home.hours, clock.now()).open,
    nowServing: called?.number ?? null,
    waiting: tickets.filter((t) => t.status === 'waiting').length,
    mine: mine ? { number: mine.number, status: mine.status, ahead: peopleAhead(tickets, mine.number) } : null,
    tickets: oversee ? [...tickets].sort((a, b) => a.number - b.number).map((t) => ({ number: t.number, userName: t.userName, status: t.status })) : null,
  };
}

export async function queueDay(db: Db | Tx, homeId: string, date: string): Promise<QueueDayRecord | null> {
  return findById<QueueDayRecord>(db, COLLECTIONS.policeQueues.name, queueIdOf(homeId, date));
}

export async function getQueue(input: In<'queue'>, ctx: MemberContext): Promise<Out<'queue'>> {
  const { db, caller } = ctx;
  const home = await resolveHome(db, caller, input.homeId);
  const date = chinaDate(clock.now());
  return queueViewOf(home, await queueDay(db, home._id, date), date, caller);
}

async function ensureQueueDay(db: Db, home: PoliceHomeRecord, date: string): Promise<void> {
  const id = queueIdOf(home._id, date);
  if (await findById(db, COLLECTIONS.policeQueues.name, id)) return;
  const walkIn = await db.collection(COLLECTIONS.policeServices.name).where({ homeId: home._id, mode: 'walkIn', active: true }).limit(1).get();
  const service = (walkIn.data as PoliceServiceRecord[])[0];
  const day: QueueDayRecord = {
    _id: id,
    homeId: home._id,
    path: home.path,
    date,
    month: chinaMonth(clock.now()),
    duties: service?.duties ?? ['jointWork'],
    tickets: [],
    lastNumber: 0,
    updatedAt: clock.nowIso(),
  };
  try {
    await db.collection(COLLECTIONS.policeQueues.name).add(day);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}

export async function takeNumber(input: In<'takeNumber'>, ctx: MemberContext): Promise<Out<'takeNumber'>> {
  const { db, caller } = ctx;
  const home = await resolveHome(db, caller, input.homeId);
  mustLiveUnder(caller, home.unitId);
  const status = openingStatus(home.hours, clock.now());
  if (!status.open) throw conflict('现在不在开门时间，开门后再来取号');
  const date = chinaDate(clock.now());
  await ensureQueueDay(db, home, date);
  const id = queueIdOf(home._id, date);
  const queues = db.collection(COLLECTIONS.policeQueues.name);
  const _ = db.command;
  const q = await findById<QueueDayRecord>(db, COLLECTIONS.policeQueues.name, id);
  if (!q) throw new Error(`queue ${id} missing after ensureQueueDay`);
  // One live ticket per person: tapping again shows the same number.
  if (!q.tickets.some((t) => t.userId === caller._id && LIVE.includes(t.status))) {
    // A day written before `lastNumber` existed continues after its highest ticket.
    if (q.lastNumber === undefined) {
      await queues.where({ _id: id, lastNumber: _.exists(false) }).update({ lastNumber: q.tickets.reduce((m, t) => Math.max(m, t.number), 0) });
    }
    const now = clock.nowIso();
    const raised = (await queues.where({ _id: id }).updateAndReturn({ lastNumber: _.inc(1), updatedAt: now })) as { doc?: QueueDayRecord | null };
    const number = raised.doc?.lastNumber;
    if (typeof number !== 'number') throw new Error(`queue ${id} gave no number`);
    const ticket = { number, userId: caller._id, userName: caller.name, status: 'waiting' as const, takenAt: now, calledAt: null };
    // Two taps of one person at the same moment: only the first ticket is added (the other number stays unused).
    await queues
      .where({ _id: id, tickets: _.not(_.elemMatch({ userId: caller._id, status: _.in([...LIVE]) })) })
      .update({ tickets: _.push([ticket]) });
  }
  return queueViewOf(home, await queueDay(db, home._id, date), date, caller);
}

/** The officer calls the next number; whoever was being served is done. */
export async function callNext(input: In<'callNext'>, ctx: MemberContext): Promise<Out<'callNext'>> {
  const { db, caller } = ctx;
  const home = await resolveHome(db, caller, input.homeId);
  mustBeOfficer(caller, home.path);
  const date = chinaDate(clock.now());
  await ensureQueueDay(db, home, date);
  const id = queueIdOf(home._id, date);
  await runTransaction(db, async (tx: Tx) => {
    const q = await findById<QueueDayRecord>(tx, COLLECTIONS.policeQueues.name, id);
    if (!q) throw new Error(`queue ${id} missing after ensureQueueDay`);
    const next = nextWaiting(q.tickets);
    if (!next) throw conflict('现在没有人在排队');
    const now = clock.nowIso();
    const tickets = q.tickets.map((t) =>
      t.number === next.number ? { ...t, status: 'called' as const, calledAt: now } : t.status === 'called' ? { ...t, status: 'served' as const } : t,
    );
    await tx.collection(COLLECTIONS.policeQueues.name).doc(id).update({ tickets, updatedAt: now });
    await recordAudit(tx, caller, ctx.requestId, { action: 'police.callNext', target: { collection: COLLECTIONS.policeQueues.name, id }, before: null, after: { called: next.number }, path: q.path });
  });
  return queueViewOf(home, await queueDay(db, home._id, date), date, caller);
}
