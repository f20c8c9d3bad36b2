import type { Db } from '@cloudbase/database';
import type { BookerRecord, PoliceHomeRecord, PoliceServiceRecord, SlotRecord } from '../../shared/domain/police-records';
import { addDays, chinaDate, instantOf } from '../../shared/domain/china-time';
import { generateSlots, openingStatus, periodsOn, type DateException, type Period } from '../../shared/domain/police-hours';
import { bookingWindow, BOOKING_HORIZON_DAYS, canOverseeHome } from '../../shared/domain/police-rules';
import { exceptionField, shownText, withHeld } from '../../shared/domain/police-moderation';
import { checkText } from '../_lib/content-check';
import { clock } from '../_lib/clock';
import { findById, isDuplicateKey, readAll, readByIds } from '../_lib/db';
import { invalid, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { heldNotice, mustManage, resolveHome, updatedCount } from './store';
import { effectOf, pushEffects, type EffectSpec } from '../_lib/effects';
import { moderationViewer, moderationFields } from './views';
import type { In, Out } from './types';
import { COLLECTIONS } from '../_lib/collections';
import { ContentionError } from '../_lib/transaction';

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
 * The missing slots in one batch add (the weeks a resident opens first cost one request, not one per
 * slot); when one exists already (two generating at once), one by one, skipping those. The ids added.
 */
async function addSlotsOnce(db: Db, slots: SlotRecord[]): Promise<string[]> {
  if (!slots.length) return [];
  const coll = db.collection(COLLECTIONS.policeSlots.name);
  try {
    await coll.add(slots);
    return slots.map((s) => s._id);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  const added: string[] = [];
  for (const slot of slots) {
    try {
      await coll.add(slot);
      added.push(slot._id);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  return added;
}

/** The home with the named services as stored now, in one aggregate. */
async function homeWithServices(db: Db, homeId: string, serviceIds: readonly string[]): Promise<{ home: PoliceHomeRecord | null; services: PoliceServiceRecord[] }> {
  const res = await db
    .collection(COLLECTIONS.policeHomes.name)
    .aggregate()
    .match({ _id: homeId })
    .limit(1)
    .lookup({ from: COLLECTIONS.policeServices.name, pipeline: db.command.aggregate.pipeline().match({ _id: db.command.in([...serviceIds]) }).limit(serviceIds.length).done(), as: 'services' })
    .end();
  const row = (res.data as (PoliceHomeRecord & { services?: PoliceServiceRecord[] })[])[0];
  if (!row) return { home: null, services: [] };
  const { services, ...home } = row;
  return { home, services: services ?? [] };
}

/**
 * Makes sure the slot documents of the next days exist for appointment services of one home: the
 * missing ones of all of them in one batch add. Ids are deterministic, so two runs (the daily timer, a
 * resident opening the picker, a change of the week) never create a slot twice; an existing slot is
 * never touched, so its `booked` count and a closure by the officer stay as they are. Slots made from a
 * week that changed meanwhile are taken back (see below). `known`: the ids of the services' slots on
 * those days, when the caller has just read them (saves the read).
 */
export async function ensureSlots(db: Db, services: readonly PoliceServiceRecord[], home: PoliceHomeRecord, from: string, days: number, again = true, known?: ReadonlySet<string>): Promise<number> {
  const offered = services.filter((s) => s.mode === 'appointment' && s.schedule);
  const generated = offered.flatMap((s) => generateSlots(s.schedule!, home.hours, from, days).map((g) => ({ service: s, g, id: slotIdOf(s._id, g.key) })));
  if (!generated.length) return 0;
  // A booking horizon's slots (14 days, a few a day per service), 1,000 ids a query.
  const have = known ?? new Set((await readByIds<SlotRecord>(db, COLLECTIONS.policeSlots.name, generated.map((x) => x.id))).map((d) => d._id));
  const missing: SlotRecord[] = generated
    .filter((x) => !have.has(x.id))
    .map(({ service, g, id }) => ({
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
    }));
  const added = await addSlotsOnce(db, missing);
  if (!added.length) return 0;
  // The weeks or the hours may have changed since they were read (管理本站, manage.ts): a change that
  // committed before this re-read did not see these slots, so they go (while empty) and the weeks as
  // now stored are generated instead. One that commits later sees them and reconciles them itself.
  const fresh = await homeWithServices(db, home._id, offered.map((s) => s._id));
  const unchanged = (s: PoliceServiceRecord) => fresh.services.some((f) => f._id === s._id && f.active && sameJson(f.schedule, s.schedule));
  if (fresh.home && sameJson(fresh.home.hours, home.hours) && offered.every(unchanged)) return added.length;
  await db.collection(COLLECTIONS.policeSlots.name).where({ _id: db.command.in(added), booked: 0 }).remove();
  const active = fresh.services.filter((s) => s.active);
  return fresh.home && active.length && again ? ensureSlots(db, active, fresh.home, from, days, false) : 0;
}

/** Equal as stored, whatever the key order. */
function sameJson(a: unknown, b: unknown): boolean {
  const canon = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canon) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => x.localeCompare(y)).map(([k, x]) => [k, canon(x)])) : v;
  return JSON.stringify(canon(a)) === JSON.stringify(canon(b));
}

export async function listSlots(input: In<'slots'>, ctx: MemberContext): Promise<Out<'slots'>> {
  const { db, caller } = ctx;
  // The service with its home, in one aggregate.
  const found = await db
    .collection(COLLECTIONS.policeServices.name)
    .aggregate()
    .match({ _id: input.serviceId })
    .limit(1)
    .lookup({ from: COLLECTIONS.policeHomes.name, localField: 'homeId', foreignField: '_id', as: 'homes' })
    .end();
  const row = (found.data as (PoliceServiceRecord & { homes?: PoliceHomeRecord[] })[])[0];
  if (!row || !row.active) throw notFound('这项服务不存在或已停办');
  const { homes, ...service } = row;
  if (service.mode !== 'appointment') throw invalid('这项服务不用预约时段', [{ path: 'serviceId', message: '不是预约服务' }]);
  const home = homes?.[0];
  if (!home) throw notFound('找不到这个警民之家');
  const today = chinaDate(clock.now());
  const from = input.from && input.from > today ? input.from : today;
  const last = addDays(today, BOOKING_HORIZON_DAYS - 1);
  const days = Math.max(0, Math.min(input.days, Math.round((Date.parse(last) - Date.parse(from)) / 86_400_000) + 1));
  const _ = db.command;
  // Every slot of the days, past the 1000 cap (15-minute slots round the clock for 14 days would pass it).
  const range = async () =>
    (await readAll<SlotRecord>(db, COLLECTIONS.policeSlots.name, { serviceId: service._id, date: _.gte(from).and(_.lte(addDays(from, Math.max(days, 1) - 1))) })).sort((a, b) =>
      a.startAt.localeCompare(b.startAt),
    );
  // The days' slots read once: the generator adds only what is missing from them, and they are read
  // again only when it added some.
  let slots = await range();
  if (days > 0 && (await ensureSlots(db, [service], home, from, days, true, new Set(slots.map((x) => x._id))))) slots = await range();
  const booker = await findById<BookerRecord>(db, COLLECTIONS.policeBookers.name, caller._id);
  const mine = new Set((booker?.held ?? []).map((h) => h.slotId));
  const now = clock.now();
  return {
    service: serviceSummary(service),
    slots: slots.map((s) => slotView(s, bookingWindow(s, now) === 'ok', mine.has(s._id))),
  };
}

/**
 * Applies a date's hours to the slots already generated that day, one conditional `_.in` write per
 * kind of change whatever their number: open slots outside the new periods stop taking bookings
 * (their bookings stay and are counted, so the officer can call those residents); slots the replaced
 * exception had closed (`oldReason`) take bookings again where they fit, else carry the new reason.
 * Answers the counts and the ids of the day's slots (those the generator need not add).
 */
async function applyDayToSlots(db: Db, homeId: string, date: string, periods: readonly Period[], reason: string, oldReason: string | null) {
  const _ = db.command;
  const slots = db.collection(COLLECTIONS.policeSlots.name);
  const day = await readAll<SlotRecord>(db, COLLECTIONS.policeSlots.name, { homeId, date });
  const fits = (s: SlotRecord) => periods.some((p) => instantOf(date, p.start).getTime() <= Date.parse(s.startAt) && Date.parse(s.endAt) <= instantOf(date, p.end).getTime());
  const ids = (list: SlotRecord[]) => _.in(list.map((s) => s._id));
  const closing = day.filter((s) => s.status === 'open' && !fits(s));
  const wasClosed = day.filter((s) => s.status === 'closed' && oldReason !== null && s.closedReason === oldReason);
  const out = { closedSlots: 0, affectedBookings: 0, reopenedSlots: 0, known: new Set(day.map((s) => s._id)) };
  if (closing.length) {
    out.closedSlots = updatedCount(await slots.where({ _id: ids(closing), status: 'open' }).update({ status: 'closed', closedReason: reason }));
    // Their bookings as read a moment ago: one made in between is not counted, and is kept as any other.
    out.affectedBookings = closing.reduce((n, s) => n + s.booked, 0);
  }
  const reopening = wasClosed.filter(fits);
  if (reopening.length) out.reopenedSlots = updatedCount(await slots.where({ _id: ids(reopening), status: 'closed', closedReason: oldReason }).update({ status: 'open', closedReason: null }));
  const renaming = wasClosed.filter((s) => !fits(s));
  if (renaming.length) await slots.where({ _id: ids(renaming), status: 'closed', closedReason: oldReason }).update({ closedReason: reason });
  return out;
}

/** What a change of one date's exception writes on the home, decided on the home as read. */
interface DayChange {
  exceptions: DateException[];
  moderation?: PoliceHomeRecord['moderation'];
  before: DateException | null;
  after: DateException | null;
  messages: EffectSpec['messages'];
}

/** Times a change of the exceptions reads the home again after losing its write to another change. */
const DAY_ATTEMPTS = 5;

/**
 * One conditional write of the home's exceptions (while they are as read, and the held texts as many),
 * carrying the change's audit entry and notices (_lib/effects.ts); someone else's change first means
 * the home is read again and `change` asked again. Answers the home as written and the exception replaced.
 */
async function writeExceptions(ctx: MemberContext, read: PoliceHomeRecord, action: string, change: (cur: PoliceHomeRecord) => DayChange): Promise<{ home: PoliceHomeRecord; before: DateException | null }> {
  const { db, caller } = ctx;
  const _ = db.command;
  let cur = read;
  for (let attempt = 1; ; attempt++) {
    const c = change(cur);
    const effect = effectOf(caller, ctx.requestId, { collection: COLLECTIONS.policeHomes.name, id: cur._id, path: cur.path }, clock.nowIso(), { messages: c.messages, audit: { action, before: c.before, after: c.after } });
    const unchanged = { _id: cur._id, 'hours.exceptions': cur.hours.exceptions, ...(cur.moderation ? { 'moderation.held': _.size(cur.moderation.held.length) } : {}) };
    const fields = { 'hours.exceptions': c.exceptions, ...(c.moderation ? { moderation: c.moderation } : {}) };
    const res = await db.collection(COLLECTIONS.policeHomes.name).where(unchanged).update({ ...fields, ...pushEffects(db, [effect]) });
    if (updatedCount(res) === 1) return { home: { ...cur, hours: { weekly: cur.hours.weekly, exceptions: c.exceptions }, ...(c.moderation ? { moderation: c.moderation } : {}) }, before: c.before };
    if (attempt >= DAY_ATTEMPTS) throw new ContentionError(attempt);
    const fresh = await findById<PoliceHomeRecord>(db, COLLECTIONS.policeHomes.name, cur._id);
    if (!fresh) throw notFound('找不到这个警民之家');
    cur = fresh;
  }
}

type ExceptionInput = In<'addException'>;

/** Writes one date's exception (new or replacing the one there), its held reason, the audit entry; then the day's slots. */
async function writeException(input: ExceptionInput, ctx: MemberContext, action: 'police.addException' | 'police.editException') {
  const { db, caller } = ctx;
  const read = await resolveHome(db, caller, input.homeId);
  mustManage(caller, read.path);
  if (input.date < chinaDate(clock.now())) throw invalid('不能修改已经过去的日期', [{ path: 'date', message: '日期已过' }]);
  if (action === 'police.editException' && !read.hours.exceptions.some((e) => e.date === input.date)) throw notFound('这一天没有设置过特别安排');
  // The reason is shown on the home page to everyone: checked before the write.
  const field = exceptionField(input.date);
  const { held } = await checkText(ctx, { [field]: input.reason });
  const exception: DateException = { date: input.date, closed: input.closed, ...(input.closed ? {} : { periods: input.periods ?? [] }), reason: input.reason };
  const { home, before } = await writeExceptions(ctx, read, action, (cur) => {
    const replaced = cur.hours.exceptions.find((e) => e.date === input.date) ?? null;
    if (action === 'police.editException' && !replaced) throw notFound('这一天没有设置过特别安排');
    // The date's reason is written anew: an earlier held one for the same date goes with it.
    const kept = (cur.moderation?.held ?? []).filter((h) => h.field !== field);
    const changesHeld = held.length > 0 || kept.length !== (cur.moderation?.held ?? []).length;
    return {
      exceptions: [...cur.hours.exceptions.filter((e) => e.date !== input.date), exception].sort((a, b) => a.date.localeCompare(b.date)),
      ...(changesHeld ? { moderation: withHeld({ ...(cur.moderation ?? {}), held: kept }, held) } : {}),
      before: replaced,
      after: exception,
      messages: heldNotice(held, `您写的${input.date}开放时间调整说明暂不对居民显示`, { page: 'police-workbench', id: cur._id }),
    };
  });
  const { known, ...counts } = await applyDayToSlots(db, home._id, input.date, input.closed ? [] : input.periods ?? [], input.reason, before?.reason ?? null);
  // Other hours that day may offer slots the weekly hours did not.
  if (!input.closed) await ensureDaySlots(db, home, input.date, known);
  return { date: input.date, ...counts };
}

/**
 * A holiday or the officer away: the date's hours change for the door, the slot generator and the
 * queue. Slots already generated that day stop taking bookings; bookings already made stay and are
 * counted so the officer can call those residents.
 */
export async function addException(input: In<'addException'>, ctx: MemberContext): Promise<Out<'addException'>> {
  const { date, closedSlots, affectedBookings } = await writeException(input, ctx, 'police.addException');
  return { date, closedSlots, affectedBookings };
}

export async function editException(input: In<'editException'>, ctx: MemberContext): Promise<Out<'editException'>> {
  return writeException(input, ctx, 'police.editException');
}

/** The date keeps its weekly hours again: what the exception closed reopens, and slots the week offers that day are generated. */
export async function removeException(input: In<'removeException'>, ctx: MemberContext): Promise<Out<'removeException'>> {
  const { db, caller } = ctx;
  const read = await resolveHome(db, caller, input.homeId);
  mustManage(caller, read.path);
  if (input.date < chinaDate(clock.now())) throw invalid('不能修改已经过去的日期', [{ path: 'date', message: '日期已过' }]);
  if (!read.hours.exceptions.some((e) => e.date === input.date)) throw notFound('这一天没有设置过特别安排');
  const field = exceptionField(input.date);
  const { home, before } = await writeExceptions(ctx, read, 'police.removeException', (cur) => {
    const removed = cur.hours.exceptions.find((e) => e.date === input.date) ?? null;
    if (!removed) throw notFound('这一天没有设置过特别安排');
    const held = cur.moderation?.held ?? [];
    return {
      exceptions: cur.hours.exceptions.filter((e) => e.date !== input.date),
      ...(held.some((h) => h.field === field) ? { moderation: { ...(cur.moderation ?? {}), held: held.filter((h) => h.field !== field) } } : {}),
      before: removed,
      after: null,
      messages: [],
    };
  });
  const weekly = periodsOn({ weekly: home.hours.weekly, exceptions: [] }, input.date);
  const { reopenedSlots, known } = await applyDayToSlots(db, home._id, input.date, weekly, '恢复每周开放时间', before?.reason ?? null);
  return { date: input.date, reopenedSlots, created: await ensureDaySlots(db, home, input.date, known) };
}

/** Generates one date's slots of every appointment service of the home, from the hours as just written (`known`: the day's slots). */
async function ensureDaySlots(db: Db, home: PoliceHomeRecord, date: string, known: ReadonlySet<string>): Promise<number> {
  const services = await db.collection(COLLECTIONS.policeServices.name).where({ homeId: home._id, mode: 'appointment', active: true }).limit(100).get();
  return ensureSlots(db, services.data as PoliceServiceRecord[], home, date, 1, true, known);
}
