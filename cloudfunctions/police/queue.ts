/**
 * 开门 walk-in queue: one document per home and day holds the day's tickets. Taking a number is two
 * atomic updates on it, never a transaction (a crowd at opening time would keep rewriting the same
 * document): an increment of `lastNumber` hands out the number, a conditional push adds the ticket.
 * Calling the next one is one conditional update of two tickets' statuses by their places, which the
 * pushes do not disturb.
 */
import type { Db } from '@cloudbase/database';
import type { PoliceHomeRecord, PoliceServiceRecord, QueueDayRecord } from '../../shared/domain/police-records';
import { chinaDate, chinaMonth } from '../../shared/domain/china-time';
import { openingStatus } from '../../shared/domain/police-hours';
import { canOverseeHome, nextWaiting, peopleAhead } from '../../shared/domain/police-rules';
import type { UserRecord } from '../../shared/domain/records';
import { clock } from '../_lib/clock';
import { findById, isDuplicateKey, type Tx } from '../_lib/db';
import { effectOf, pushEffects } from '../_lib/effects';
import { updatedCount } from '../_lib/seats';
import { conflict, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { homeIdFor, mustBeOfficer, mustLiveUnder, resolveHome } from './store';
import type { In, Out } from './types';
import { COLLECTIONS } from '../_lib/collections';

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

/** The home with its walk-in service and today's queue, in one aggregate. */
async function homeWithQueue(db: Db, caller: UserRecord, homeIdGiven: string | undefined, date: string): Promise<{ home: PoliceHomeRecord; q: QueueDayRecord | null; walkIn: PoliceServiceRecord | null }> {
  const $ = db.command.aggregate;
  const homeId = homeIdFor(caller, homeIdGiven);
  const res = await db
    .collection(COLLECTIONS.policeHomes.name)
    .aggregate()
    .match({ _id: homeId })
    .limit(1)
    .lookup({ from: COLLECTIONS.policeQueues.name, pipeline: $.pipeline().match({ _id: queueIdOf(homeId, date) }).limit(1).done(), as: 'queues' })
    .lookup({ from: COLLECTIONS.policeServices.name, pipeline: $.pipeline().match({ homeId, mode: 'walkIn', active: true }).limit(1).done(), as: 'walkIns' })
    .end();
  const row = (res.data as (PoliceHomeRecord & { queues?: QueueDayRecord[]; walkIns?: PoliceServiceRecord[] })[])[0];
  if (!row) throw notFound('找不到这个警民之家');
  const { queues, walkIns, ...home } = row;
  return { home, q: queues?.[0] ?? null, walkIn: walkIns?.[0] ?? null };
}

/** Today's queue document, written when it is the day's first ticket (two writing at once: one add wins). */
async function ensureQueueDay(db: Db, home: PoliceHomeRecord, date: string, service: PoliceServiceRecord | null): Promise<void> {
  const day: QueueDayRecord = {
    _id: queueIdOf(home._id, date),
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

/**
 * 取号: one aggregate (the home, today's queue, its walk-in service), the day's add when it is the first
 * ticket, an increment of `lastNumber` that answers the day as it stands, and a conditional push of the
 * ticket. The answer is built from those: the day as the increment left it, with this ticket.
 */
export async function takeNumber(input: In<'takeNumber'>, ctx: MemberContext): Promise<Out<'takeNumber'>> {
  const { db, caller } = ctx;
  const date = chinaDate(clock.now());
  const { home, q, walkIn } = await homeWithQueue(db, caller, input.homeId, date);
  mustLiveUnder(caller, home.unitId);
  const status = openingStatus(home.hours, clock.now());
  if (!status.open) throw conflict('现在不在开门时间，开门后再来取号');
  if (!q) await ensureQueueDay(db, home, date, walkIn);
  const id = queueIdOf(home._id, date);
  const queues = db.collection(COLLECTIONS.policeQueues.name);
  const _ = db.command;
  // One live ticket per person: tapping again shows the same number.
  if (q && q.tickets.some((t) => t.userId === caller._id && LIVE.includes(t.status))) return queueViewOf(home, q, date, caller);
  // A day written before `lastNumber` existed continues after its highest ticket.
  if (q && q.lastNumber === undefined) {
    await queues.where({ _id: id, lastNumber: _.exists(false) }).update({ lastNumber: q.tickets.reduce((m, t) => Math.max(m, t.number), 0) });
  }
  const now = clock.nowIso();
  const raised = (await queues.where({ _id: id }).updateAndReturn({ lastNumber: _.inc(1), updatedAt: now })) as { doc?: QueueDayRecord | null };
  const day = raised.doc;
  const number = day?.lastNumber;
  if (!day || typeof number !== 'number') throw new Error(`queue ${id} gave no number`);
  const mine = day.tickets.find((t) => t.userId === caller._id && LIVE.includes(t.status));
  if (mine) return queueViewOf(home, day, date, caller); // a tap of this person got in just before (this number stays unused)
  const ticket = { number, userId: caller._id, userName: caller.name, status: 'waiting' as const, takenAt: now, calledAt: null };
  // Two taps of one person at the same moment: only the first ticket is added (the other number stays unused).
  const pushed = await queues.where({ _id: id, tickets: _.not(_.elemMatch({ userId: caller._id, status: _.in([...LIVE]) })) }).update({ tickets: _.push([ticket]) });
  if (updatedCount(pushed) === 1) return queueViewOf(home, { ...day, tickets: [...day.tickets, ticket] }, date, caller);
  return queueViewOf(home, await queueDay(db, home._id, date), date, caller);
}

/**
 * The officer calls the next number; whoever was being served is done. One conditional update by the
 * tickets' places in the array (tickets are only ever appended, so a place never changes): it holds
 * while the next is still waiting and those being served still are, whatever was pushed meanwhile; a
 * miss reads the day again. The audit entry rides on the day (_lib/effects.ts).
 */
export async function callNext(input: In<'callNext'>, ctx: MemberContext): Promise<Out<'callNext'>> {
  const { db, caller } = ctx;
  const date = chinaDate(clock.now());
  const found = await homeWithQueue(db, caller, input.homeId, date);
  const home = found.home;
  mustBeOfficer(caller, home.path);
  const id = queueIdOf(home._id, date);
  let q = found.q;
  for (let attempt = 0; attempt < 10; attempt++) {
    if (!q) throw conflict('现在没有人在排队');
    const next = nextWaiting(q.tickets);
    if (!next) throw conflict('现在没有人在排队');
    const now = clock.nowIso();
    const at = q.tickets.findIndex((t) => t.number === next.number);
    const serving = q.tickets.map((t, i) => (t.status === 'called' ? i : -1)).filter((i) => i >= 0);
    const where: Record<string, unknown> = { _id: id, [`tickets.${at}.number`]: next.number, [`tickets.${at}.status`]: 'waiting' };
    const change: Record<string, unknown> = { [`tickets.${at}.status`]: 'called', [`tickets.${at}.calledAt`]: now, updatedAt: now };
    for (const i of serving) {
      where[`tickets.${i}.status`] = 'called';
      change[`tickets.${i}.status`] = 'served';
    }
    const effect = effectOf(caller, ctx.requestId, { collection: COLLECTIONS.policeQueues.name, id, path: q.path }, now, {
      messages: [],
      audit: { action: 'police.callNext', before: null, after: { called: next.number } },
    });
    const res = await db.collection(COLLECTIONS.policeQueues.name).where(where).update({ ...change, ...pushEffects(db, [effect]) });
    if (updatedCount(res) === 1) {
      const tickets = q.tickets.map((t, i) => (i === at ? { ...t, status: 'called' as const, calledAt: now } : serving.includes(i) ? { ...t, status: 'served' as const } : t));
      return queueViewOf(home, { ...q, tickets, updatedAt: now }, date, caller);
    }
    q = await queueDay(db, home._id, date);
  }
  throw conflict('叫号的人太多了，请稍后再试');
}
