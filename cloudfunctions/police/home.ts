import type { Db } from '@cloudbase/database';
import type { BookerRecord, PoliceHomeRecord, PoliceServiceRecord, SlotRecord } from '../../shared/domain/police-records';
import { addDays, chinaDate, instantOf } from '../../shared/domain/china-time';
import { generateSlots, openingStatus } from '../../shared/domain/police-hours';
import { bookingWindow, BOOKING_HORIZON_DAYS, canOverseeHome } from '../../shared/domain/police-rules';
import { exceptionField, shownText, withHeld } from '../../shared/domain/police-moderation';
import { recordAudit } from '../_lib/audit';
import { checkText } from '../_lib/content-check';
import { clock } from '../_lib/clock';
import { findById, isDuplicateKey, type Tx } from '../_lib/db';
import { invalid } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { loadService, mustBeOfficer, resolveHome, tellHeld, updatedCount } from './store';
import { moderationViewer, moderationFields } from './views';
import type { In, Out } from './types';
import { COLLECTIONS } from '../_lib/collections';
import { runTransaction } from '../_lib/transaction';

export function serviceSummary(s: PoliceServiceRecord): Out<'home'>['services'][number] {
  return { id: s._id, name: s.name, description: s.description, mode: s.mode, duties: s.duties };
}

export async function getHome(input: In<'home'>, ctx: MemberContext): Promise<Out<'home'>> {
  const { db, caller } = ctx;
  const home = await resolveHome(db, caller, input.homeId);
  const services = await db.collection(COLLECTIONS.policeServices.name).where({ homeId: home._id, active: true }).limit(100).get();
  const today = chinaDate(clock.now());
  // A held changed-hours reason reads as the placeholder to all but its author and those over the home.
  const viewer = moderationViewer(home.path, caller);
  const reasonOf = (date: string, reason: string) => shownText(home.moderation, exceptionField(date), reason, viewer);
  const status = openingStatus(home.hours, clock.now());
  return {
    id: home._id,
    name: home.name,
    unitName: home.unitName,
    address: home.address,
    dutyPhone: home.dutyPhone,
    officers: home.officers.map((o) => ({ name: o.name, title: o.title, phoneMasked: o.phoneMasked })),
    status: { ...status, todayNote: status.todayNote === null ? null : reasonOf(today, status.todayNote) },
    weekly: home.hours.weekly,
    upcomingExceptions: home.hours.exceptions
      .filter((e) => e.date >= today && e.date <= addDays(today, BOOKING_HORIZON_DAYS))
      .map((e) => ({ date: e.date, closed: e.closed, reason: reasonOf(e.date, e.reason) })),
    services: (services.data as PoliceServiceRecord[]).map(serviceSummary),
    canOversee: canOverseeHome(caller.roles, home.path),
    ...moderationFields(home.moderation, home.path, caller),
  };
}

/** A slot as residents and officers see it; `inWindow`: the booking rules allow booking it now. */
export function slotView(s: SlotRecord, inWindow: boolean, mine: boolean): Out<'slots'>['slots'][number] {
  return {
    id: s._id,
    date: s.date,
    startAt: s.startAt,
    endAt: s.endAt,
    capacity: s.capacity,
    remaining: Math.max(0, s.capacity - s.booked),
    bookable: inWindow && s.status === 'open' && s.booked < s.capacity,
    mine,
  };
}

export const slotIdOf = (serviceId: string, key: string) => `sl-${serviceId}-${key}`;

/**
 * Makes sure the slot documents of the next days exist. Ids are deterministic, so two runs (the
 * daily timer, a resident opening the picker) never create a slot twice; an existing slot is never
 * touched, so its `booked` count and a closure by the officer stay as they are.
 */
export async function ensureSlots(db: Db, service: PoliceServiceRecord, home: PoliceHomeRecord, from: string, days: number): Promise<number> {
  if (service.mode !== 'appointment' || !service.schedule) return 0;
  const generated = generateSlots(service.schedule, home.hours, from, days);
  if (!generated.length) return 0;
  const ids = generated.map((g) => slotIdOf(service._id, g.key));
  const existing = await db.collection(COLLECTIONS.policeSlots.name).where({ _id: db.command.in(ids) }).field({ _id: true }).limit(1000).get();
  const have = new Set((existing.data as { _id: string }[]).map((d) => d._id));
  let created = 0;
  for (const g of generated) {
    const id = slotIdOf(service._id, g.key);
    if (have.has(id)) continue;
    const slot: SlotRecord = {
      _id: id,
      serviceId: service._id,
      homeId: home._id,
      path: home.path,
      date: g.date,
      startAt: g.startAt,
      endAt: g.endAt,
      capacity: g.capacity,
      booked: 0,
      status: 'open',
      closedReason: null,
    };
    try {
      await db.collection(COLLECTIONS.policeSlots.name).add(slot);
      created++;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  return created;
}

export async function listSlots(input: In<'slots'>, ctx: MemberContext): Promise<Out<'slots'>> {
  const { db, caller } = ctx;
  const service = await loadService(db, input.serviceId);
  if (service.mode !== 'appointment') throw invalid('这项服务不用预约时段', [{ path: 'serviceId', message: '不是预约服务' }]);
  const home = await resolveHome(db, caller, service.homeId);
  const today = chinaDate(clock.now());
  const from = input.from && input.from > today ? input.from : today;
  const last = addDays(today, BOOKING_HORIZON_DAYS - 1);
  const days = Math.max(0, Math.min(input.days, Math.round((Date.parse(last) - Date.parse(from)) / 86_400_000) + 1));
  if (days > 0) await ensureSlots(db, service, home, from, days);
  const _ = db.command;
  const res = await db
    .collection(COLLECTIONS.policeSlots.name)
    .where({ serviceId: service._id, date: _.gte(from).and(_.lte(addDays(from, Math.max(days, 1) - 1))) })
    .orderBy('startAt', 'asc')
    .limit(1000)
    .get();
  const booker = await findById<BookerRecord>(db, COLLECTIONS.policeBookers.name, caller._id);
  const mine = new Set((booker?.held ?? []).map((h) => h.slotId));
  const now = clock.now();
  return {
    service: serviceSummary(service),
    slots: (res.data as SlotRecord[]).map((s) => slotView(s, bookingWindow(s, now) === 'ok', mine.has(s._id))),
  };
}

/**
 * A holiday or the officer away: the date's hours change for the door, the slot generator and the
 * queue. Slots already generated that day stop taking bookings; bookings already made stay and are
 * counted so the officer can call those residents.
 */
export async function addException(input: In<'addException'>, ctx: MemberContext): Promise<Out<'addException'>> {
  const { db, caller } = ctx;
  const home = await resolveHome(db, caller, input.homeId);
  mustBeOfficer(caller, home.path);
  if (input.date < chinaDate(clock.now())) throw invalid('不能修改已经过去的日期', [{ path: 'date', message: '日期已过' }]);
  // The reason is shown on the home page to everyone: checked before the transaction.
  const field = exceptionField(input.date);
  const { held } = await checkText(ctx, { [field]: input.reason });
  const exception = { date: input.date, closed: input.closed, ...(input.closed ? {} : { periods: input.periods ?? [] }), reason: input.reason };
  const exceptions = [...home.hours.exceptions.filter((e) => e.date !== input.date), exception].sort((a, b) => a.date.localeCompare(b.date));
  await runTransaction(db, async (tx: Tx) => {
    const cur = await findById<PoliceHomeRecord>(tx, COLLECTIONS.policeHomes.name, home._id);
    // The date's reason is written anew: an earlier held one for the same date goes with it.
    const kept = (cur?.moderation?.held ?? []).filter((h) => h.field !== field);
    const moderation = held.length || kept.length !== (cur?.moderation?.held ?? []).length ? { moderation: withHeld({ ...(cur?.moderation ?? {}), held: kept }, held) } : {};
    await tx.collection(COLLECTIONS.policeHomes.name).doc(home._id).update({ hours: { weekly: home.hours.weekly, exceptions }, ...moderation });
    await tellHeld(tx, held, `您写的${input.date}开放时间调整说明暂不对居民显示`, { page: 'police-workbench', id: home._id });
    await recordAudit(tx, caller, ctx.requestId, {
      action: 'police.addException',
      target: { collection: COLLECTIONS.policeHomes.name, id: home._id },
      before: home.hours.exceptions.find((e) => e.date === input.date) ?? null,
      after: exception,
    });
  });
  const slots = await db.collection(COLLECTIONS.policeSlots.name).where({ homeId: home._id, date: input.date, status: 'open' }).limit(1000).get();
  const periods = input.closed ? [] : input.periods ?? [];
  let closedSlots = 0;
  let affected = 0;
  for (const s of slots.data as SlotRecord[]) {
    const fits = periods.some(
      (p) => instantOf(input.date, p.start).getTime() <= Date.parse(s.startAt) && Date.parse(s.endAt) <= instantOf(input.date, p.end).getTime(),
    );
    if (fits) continue;
    const res = await db.collection(COLLECTIONS.policeSlots.name).where({ _id: s._id, status: 'open' }).update({ status: 'closed', closedReason: input.reason });
    if (updatedCount(res) === 1) {
      closedSlots++;
      affected += s.booked;
    }
  }
  return { date: input.date, closedSlots, affectedBookings: affected };
}
