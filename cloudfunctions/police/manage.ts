/**
 * 管理本站: the officer of a 警民之家 (and the village cadre of its village) changes its weekly hours,
 * its services and each appointment service's week and capacity per slot, from the workbench.
 *
 * A change meets the slots already generated in a few requests whatever their number (changeSlots):
 * one read of the services' slots ahead, the rule's own conditional write carrying its audit entry,
 * one `_.in` write per kind of slot change, one read for slots generated meanwhile and one batch add.
 * A booking takes its seat by a conditional update on the slot (`capacity` as it read it, `booked <
 * capacity`) and a capacity is lowered only while `booked` fits under it, so a slot never holds more
 * bookings than its capacity. Booked slots the new week no longer offers are kept, closed to new
 * bookings.
 */
import type { Db } from '@cloudbase/database';
import type { GroupSessionRecord, PoliceHomeRecord, PoliceServiceRecord, SlotRecord } from '../../shared/domain/police-records';
import type { AffectedSlotView, ManageServiceView } from '../../shared/contracts/police';
import { addDays, chinaClock, chinaDate } from '../../shared/domain/china-time';
import { generateSlots, type OpeningHours, type WeeklyPeriod } from '../../shared/domain/police-hours';
import { BOOKING_HORIZON_DAYS } from '../../shared/domain/police-rules';
import { canManageHome, capacityConflictText, planSlotChanges, slotLabel, type ExistingSlot, type SlotPlan } from '../../shared/domain/police-manage';
import { exceptionField, shownText } from '../../shared/domain/police-moderation';
import { recordAudit } from '../_lib/audit';
import { checkText } from '../_lib/content-check';
import { clock } from '../_lib/clock';
import { findById, isDuplicateKey, readAll, readByIds, type Tx } from '../_lib/db';
import { AppError, conflict, invalid, notFound } from '../_lib/errors';
import { effectOf, pushEffects } from '../_lib/effects';
import type { MemberContext } from '../_lib/handler';
import { COLLECTIONS } from '../_lib/collections';
import { runTransaction } from '../_lib/transaction';
import { ensureSlots, serviceSummary } from './home';
import { idFor, mustManage, mustOversee, resolveHome, updatedCount } from './store';
import { moderationViewer, sessionView } from './views';
import type { In, Out } from './types';

/** Why a booked slot the new week no longer offers stops taking bookings; a later week that offers it again reopens it. */
export const KEPT_REASON = '预约时间已调整';

type Schedule = NonNullable<PoliceServiceRecord['schedule']>;

export function manageServiceView(s: PoliceServiceRecord): ManageServiceView {
  return { ...serviceSummary(s), active: s.active, schedule: s.schedule };
}

function affected(s: ExistingSlot): AffectedSlotView {
  return { id: s._id, date: s.date, start: chinaClock(s.startAt), end: chinaClock(s.endAt), booked: s.booked, label: slotLabel(s) };
}

export async function getManage(input: In<'manage'>, ctx: MemberContext): Promise<Out<'manage'>> {
  const { db, caller } = ctx;
  const _ = db.command;
  const home = await resolveHome(db, caller, input.homeId);
  mustOversee(caller, home.path);
  const today = chinaDate(clock.now());
  const [services, sessions] = await Promise.all([
    db.collection(COLLECTIONS.policeServices.name).where({ homeId: home._id }).limit(100).get(),
    db.collection(COLLECTIONS.policeSessions.name).where({ homeId: home._id, status: 'open', date: _.gte(today) }).orderBy('startAt', 'asc').limit(50).get(),
  ]);
  const viewer = moderationViewer(home.path, caller);
  return {
    homeId: home._id,
    homeName: home.name,
    canManage: canManageHome(caller.roles, home.path),
    weekly: home.hours.weekly,
    exceptions: home.hours.exceptions
      .filter((e) => e.date >= today)
      .map((e) => ({ date: e.date, closed: e.closed, periods: e.periods ?? [], reason: shownText(home.moderation, exceptionField(e.date), e.reason, viewer) })),
    services: (services.data as PoliceServiceRecord[])
      .sort((a, b) => Number(b.active) - Number(a.active) || a.createdAt.localeCompare(b.createdAt) || a._id.localeCompare(b._id))
      .map(manageServiceView),
    sessions: (sessions.data as GroupSessionRecord[]).map((s) => ({ ...sessionView(s, null, caller), serviceId: s.serviceId, place: s.place, date: s.date })),
  };
}

/**
 * The services' slots from today on, in one query (keyset pages of 1,000): a booking horizon's worth.
 * Today's started ones are not changed; they are read so the generator knows they exist.
 */
async function slotsFromToday(db: Db, serviceIds: readonly string[]): Promise<SlotRecord[]> {
  if (!serviceIds.length) return [];
  return readAll<SlotRecord>(db, COLLECTIONS.policeSlots.name, { serviceId: db.command.in([...serviceIds]), date: db.command.gte(chinaDate(clock.now())) });
}

/** What one service's slots become: its new week (null: it offers no slots any more). */
export interface SlotChange {
  service: PoliceServiceRecord;
  schedule: Schedule | null;
}

interface Totals {
  kept: ExistingSlot[];
  removed: number;
  updated: number;
  /** The slots removed, or meant to be (one booked meanwhile is kept). */
  gone: string[];
}

/**
 * Plans every listed slot against its service's new week. A slot is wanted when the week offers it on
 * the weekly hours or on the exception of its day, so a closure by an exception is left as the
 * exception made it.
 */
function planChanges(changes: readonly SlotChange[], hours: OpeningHours, slots: readonly SlotRecord[]): SlotPlan[] {
  const now = clock.now();
  const today = chinaDate(now);
  return changes.map((c) => {
    const existing = slots.filter((s) => s.serviceId === c.service._id && Date.parse(s.startAt) > now.getTime());
    const last = existing.reduce((d, s) => (s.date > d ? s.date : d), addDays(today, BOOKING_HORIZON_DAYS - 1));
    const days = Math.round((Date.parse(last) - Date.parse(today)) / 86_400_000) + 1;
    const wanted = c.schedule
      ? [...generateSlots(c.schedule, hours, today, days), ...generateSlots(c.schedule, { weekly: hours.weekly, exceptions: [] }, today, days)]
          .filter((g, i, all) => Date.parse(g.startAt) > now.getTime() && all.findIndex((x) => x.key === g.key) === i)
      : [];
    return planSlotChanges(existing, wanted, { reopenClosedBecause: KEPT_REASON });
  });
}

function refuseConflicts(plans: readonly SlotPlan[]): void {
  const conflicts = plans.flatMap((p) => p.conflicts);
  if (conflicts.length) {
    throw new AppError('CONFLICT', capacityConflictText(conflicts), conflicts.map((s, i) => ({ path: `slots.${i}`, message: slotLabel(s) })));
  }
}

/** A plan's capacity changes of slots that keep their shape (a reshaped slot is made anew instead). */
interface Resize {
  id: string;
  from: number;
  to: number;
}

/** Capacity changes of slots that keep their shape; a slot whose length changes is removed while empty and made anew (same start, same id). */
function splitUpdates(plans: readonly SlotPlan[], slots: readonly SlotRecord[]): { resizes: Resize[]; reshaped: string[] } {
  const byId = new Map(slots.map((s) => [s._id, s]));
  const updates = plans.flatMap((p) => p.update);
  return {
    resizes: updates.filter((u) => u.endAt === byId.get(u.id)?.endAt).map((u) => ({ id: u.id, from: byId.get(u.id)!.capacity, to: u.capacity })),
    reshaped: updates.filter((u) => u.endAt !== byId.get(u.id)?.endAt).map((u) => u.id),
  };
}

/**
 * Writes the new capacities, one `_.in` write per capacity, each only while `booked` fits under it (a
 * booking takes its seat only at the capacity it read, so no slot ever holds more than its capacity).
 * Answers the slots it missed: booked meanwhile past their new capacity.
 */
async function resize(db: Db, resizes: readonly Resize[]): Promise<(SlotRecord & { wanted: number })[]> {
  const _ = db.command;
  const missed: string[] = [];
  for (const to of new Set(resizes.map((r) => r.to))) {
    const ids = resizes.filter((r) => r.to === to).map((r) => r.id);
    if (updatedCount(await db.collection(COLLECTIONS.policeSlots.name).where({ _id: _.in(ids), booked: _.lte(to) }).update({ capacity: to })) < ids.length) missed.push(...ids);
  }
  if (!missed.length) return [];
  const wanted = new Map(resizes.map((r) => [r.id, r.to]));
  return (await readByIds<SlotRecord>(db, COLLECTIONS.policeSlots.name, missed)).filter((s) => s.capacity !== wanted.get(s._id)).map((s) => ({ ...s, wanted: wanted.get(s._id)! }));
}

/** Puts back the capacities `resize` wrote (a change refused after all), one `_.in` write per pair of capacities. */
async function unresize(db: Db, resizes: readonly Resize[]): Promise<void> {
  const _ = db.command;
  for (const pair of new Set(resizes.map((r) => `${r.from}/${r.to}`))) {
    const [from, to] = pair.split('/').map(Number) as [number, number];
    const ids = resizes.filter((r) => r.from === from && r.to === to).map((r) => r.id);
    await db.collection(COLLECTIONS.policeSlots.name).where({ _id: _.in(ids), capacity: to }).update({ capacity: from });
  }
}

const closeAsKept = (db: Db, ids: readonly string[]) =>
  db.collection(COLLECTIONS.policeSlots.name).where({ _id: db.command.in([...ids]), status: 'open' }).update({ status: 'closed', closedReason: KEPT_REASON });

/**
 * Writes the rest of the plans, one conditional `_.in` write per kind of change: empty slots the week
 * no longer offers (and reshaped ones) are removed while still empty — one booked meanwhile stays,
 * closed to new bookings and listed — booked ones are closed to new bookings, and slots a change had
 * closed that the week offers again reopen (after their capacities were written).
 */
async function applyPlans(db: Db, plans: readonly SlotPlan[], reshaped: readonly string[], missed: readonly ExistingSlot[]): Promise<Totals> {
  const _ = db.command;
  const coll = db.collection(COLLECTIONS.policeSlots.name);
  const remove = [...plans.flatMap((p) => p.remove), ...reshaped];
  const kept: ExistingSlot[] = [...plans.flatMap((p) => p.keep), ...missed];
  if (remove.length) {
    const res = (await coll.where({ _id: _.in(remove), booked: 0 }).remove()) as { deleted?: number };
    if ((res.deleted ?? 0) < remove.length) kept.push(...(await readByIds<SlotRecord>(db, COLLECTIONS.policeSlots.name, remove)));
  }
  const close = kept.filter((k) => k.status === 'open').map((k) => k._id);
  if (close.length) await closeAsKept(db, close);
  const reopen = plans.flatMap((p) => p.reopen).filter((id) => !reshaped.includes(id) && !kept.some((k) => k._id === id));
  if (reopen.length) await coll.where({ _id: _.in(reopen), status: 'closed', closedReason: KEPT_REASON }).update({ status: 'open', closedReason: null });
  return { kept, removed: plans.reduce((n, p) => n + p.remove.length, 0), updated: plans.reduce((n, p) => n + p.update.length + p.reopen.length, 0), gone: remove };
}

/**
 * A change of a week (or of the opening hours) meets the slots already generated, without a
 * transaction, in a few requests whatever their number: the services' slots ahead are read and
 * planned, and the change is refused (CONFLICT with the slots) when one would hold more bookings than
 * its new capacity — also when bookings pass it while the capacities are written, which are then put
 * back; then `write` stores the rule itself (one conditional write carrying its audit entry), the rest
 * of the plans is written, and the slots are read again: one generated meanwhile from the old week (a
 * resident opening the picker) was added before the rule changed — a picker that adds later sees the
 * new rule and takes its own back (home.ts ensureSlots) — and is planned and written the same way
 * (kept, and listed, where its bookings pass the new capacity). Last, the slots the new weeks add, in
 * one batch add.
 */
export async function changeSlots(
  db: Db,
  home: PoliceHomeRecord,
  changes: readonly SlotChange[],
  hours: OpeningHours,
  write: () => Promise<void>,
): Promise<{ kept: AffectedSlotView[]; removed: number; updated: number; created: number }> {
  const ids = changes.map((c) => c.service._id);
  const slots = await slotsFromToday(db, ids);
  const plans = planChanges(changes, hours, slots);
  refuseConflicts(plans);
  const { resizes, reshaped } = splitUpdates(plans, slots);
  const passed = await resize(db, resizes);
  if (passed.length) {
    await unresize(db, resizes);
    refuseConflicts([{ ...plans[0]!, conflicts: passed }]);
  }
  await write();
  const totals = await applyPlans(db, plans, reshaped, []);
  const seen = new Set(slots.map((s) => s._id));
  const late = ids.length ? (await slotsFromToday(db, ids)).filter((s) => !seen.has(s._id)) : [];
  if (late.length) {
    const again = planChanges(changes, hours, late);
    const split = splitUpdates(again, late);
    const more = await applyPlans(db, again, split.reshaped, [...again.flatMap((p) => p.conflicts), ...(await resize(db, split.resizes))]);
    totals.kept.push(...more.kept);
    totals.removed += more.removed;
    totals.updated += more.updated;
    totals.gone.push(...more.gone);
  }
  const gone = new Set(totals.gone);
  const known = new Set([...slots, ...late].map((s) => s._id).filter((id) => !gone.has(id)));
  const offered = changes.filter((c) => c.schedule).map((c) => ({ ...c.service, mode: 'appointment' as const, schedule: c.schedule, active: true }));
  const created = await ensureSlots(db, offered, { ...home, hours }, chinaDate(clock.now()), BOOKING_HORIZON_DAYS, true, known);
  return { kept: totals.kept.map(affected), removed: totals.removed, updated: totals.updated, created };
}

/** A service of any state (a retired one too) with its home, in one aggregate; NOT_FOUND without the service. */
async function serviceWithHome(db: Db, serviceId: string): Promise<{ service: PoliceServiceRecord; home: PoliceHomeRecord | null }> {
  const res = await db
    .collection(COLLECTIONS.policeServices.name)
    .aggregate()
    .match({ _id: serviceId })
    .limit(1)
    .lookup({ from: COLLECTIONS.policeHomes.name, localField: 'homeId', foreignField: '_id', as: 'homes' })
    .end();
  const row = (res.data as (PoliceServiceRecord & { homes?: PoliceHomeRecord[] })[])[0];
  if (!row) throw notFound('这项服务不存在');
  const { homes, ...service } = row;
  return { service, home: homes?.[0] ?? null };
}

function mustHaveHome(home: PoliceHomeRecord | null): PoliceHomeRecord {
  if (!home) throw invalid('这项服务所属的警民之家不存在', [{ path: 'serviceId', message: '警民之家不存在' }]);
  return home;
}

/** The update operators that carry a manager's change's audit entry on the record changed (_lib/effects.ts). */
function audited(ctx: MemberContext, collection: string, record: { _id: string; path: readonly string[] }, action: string, before: unknown, after: unknown): Record<string, unknown> {
  return pushEffects(ctx.db, [effectOf(ctx.caller, ctx.requestId, { collection, id: record._id, path: record.path }, clock.nowIso(), { messages: [], audit: { action, before, after } })]);
}

/** One conditional write of a service still offered, carrying its audit entry; CONFLICT when it was retired meanwhile. */
async function writeService(ctx: MemberContext, service: PoliceServiceRecord, fields: Partial<PoliceServiceRecord>, action: string, before: unknown, after: unknown): Promise<void> {
  const res = await ctx.db
    .collection(COLLECTIONS.policeServices.name)
    .where({ _id: service._id, active: true })
    .update({ ...fields, ...audited(ctx, COLLECTIONS.policeServices.name, service, action, before, after) });
  if (updatedCount(res) !== 1) throw conflict('这项服务已经停办了');
}

async function activeAppointmentServices(db: Db, homeId: string): Promise<PoliceServiceRecord[]> {
  const res = await db.collection(COLLECTIONS.policeServices.name).where({ homeId, mode: 'appointment', active: true }).limit(100).get();
  return res.data as PoliceServiceRecord[];
}

/** The weekly hours are one field, written whole (the later of two changes wins; each is audited with the week it replaced). */
export async function setHours(input: In<'setHours'>, ctx: MemberContext): Promise<Out<'setHours'>> {
  const { db, caller } = ctx;
  const home = await resolveHome(db, caller, input.homeId);
  mustManage(caller, home.path);
  const weekly = [...(input.weekly as WeeklyPeriod[])].sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start));
  const hours: OpeningHours = { weekly, exceptions: home.hours.exceptions };
  const services = await activeAppointmentServices(db, home._id);
  const out = await changeSlots(db, home, services.map((s) => ({ service: s, schedule: s.schedule })), hours, async () => {
    await db
      .collection(COLLECTIONS.policeHomes.name)
      .doc(home._id)
      .update({ 'hours.weekly': weekly, ...audited(ctx, COLLECTIONS.policeHomes.name, home, 'police.setHours', { weekly: home.hours.weekly }, { weekly }) });
  });
  return { weekly, ...out };
}

/** Service names and descriptions are shown to every resident: held text is refused, not published. */
async function checkServiceText(ctx: MemberContext, texts: { name?: string; description?: string }): Promise<void> {
  const { held } = await checkText(ctx, texts);
  if (held.length) {
    throw invalid('有文字没有通过内容安全检查，请换个说法', held.map((h) => ({ path: h.field, message: '请换个说法（内容安全检查未通过）' })));
  }
}

export async function addService(input: In<'addService'>, ctx: MemberContext): Promise<Out<'addService'>> {
  const { db, caller } = ctx;
  const home = await resolveHome(db, caller, input.homeId);
  mustManage(caller, home.path);
  const id = idFor('ps', home._id, input.requestId);
  const existing = await findById<PoliceServiceRecord>(db, COLLECTIONS.policeServices.name, id);
  if (existing) return manageServiceView(existing);
  await checkServiceText(ctx, { name: input.name, description: input.description });
  const record: PoliceServiceRecord = {
    _id: id,
    homeId: home._id,
    unitId: home.unitId,
    path: home.path,
    name: input.name,
    description: input.description,
    mode: input.mode,
    duties: [...new Set(input.duties)],
    schedule: input.mode === 'appointment' && input.schedule ? { ...input.schedule, weekly: input.schedule.weekly as WeeklyPeriod[] } : null,
    active: true,
    createdAt: clock.nowIso(),
  };
  try {
    await runTransaction(db, async (tx: Tx) => {
      await tx.collection(COLLECTIONS.policeServices.name).add(record);
      await recordAudit(tx, caller, ctx.requestId, { action: 'police.addService', target: { collection: COLLECTIONS.policeServices.name, id }, before: null, after: record, path: record.path });
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  const stored = (await findById<PoliceServiceRecord>(db, COLLECTIONS.policeServices.name, id)) ?? record;
  if (stored.mode === 'appointment') await ensureSlots(db, [stored], home, chinaDate(clock.now()), BOOKING_HORIZON_DAYS);
  return manageServiceView(stored);
}

async function openSessionsOf(db: Db, serviceId: string): Promise<GroupSessionRecord[]> {
  const res = await db
    .collection(COLLECTIONS.policeSessions.name)
    .where({ serviceId, status: 'open', startAt: db.command.gt(clock.nowIso()) })
    .orderBy('startAt', 'asc')
    .limit(100)
    .get();
  return res.data as GroupSessionRecord[];
}

/** A group-session service keeps its mode (or stays on) while sessions of it are still ahead. */
async function mustHaveNoOpenSessions(db: Db, service: PoliceServiceRecord, doing: string): Promise<void> {
  const open = await openSessionsOf(db, service._id);
  if (!open.length) return;
  const list = open.map((s) => `「${s.title}」（${chinaDate(s.startAt).slice(5).replace('-', '月')}日）`).join('、');
  throw new AppError('CONFLICT', `这项服务还有 ${open.length} 场活动没有举行：${list}。请先取消这些活动再${doing}。`, open.map((s, i) => ({ path: `sessions.${i}`, message: s.title })));
}

/** The service is this caller's to manage and still offered. */
function mustManageActive(service: PoliceServiceRecord, ctx: MemberContext): void {
  mustManage(ctx.caller, service.path);
  if (!service.active) throw conflict('这项服务已经停办了');
}

export async function editService(input: In<'editService'>, ctx: MemberContext): Promise<Out<'editService'>> {
  const { db } = ctx;
  const { service, home } = await serviceWithHome(db, input.serviceId);
  mustManageActive(service, ctx);
  const mode = input.mode ?? service.mode;
  const schedule: Schedule | null =
    mode !== 'appointment' ? null : input.schedule ? { ...input.schedule, weekly: input.schedule.weekly as WeeklyPeriod[] } : service.schedule;
  if (mode === 'appointment' && !schedule) throw invalid('改成预约服务时，请设置每周可预约的时间', [{ path: 'schedule', message: '请设置每周可预约的时间' }]);
  if (service.mode === 'groupSession' && mode !== 'groupSession') await mustHaveNoOpenSessions(db, service, '改服务方式');
  await checkServiceText(ctx, { name: input.name, description: input.description });
  const after: PoliceServiceRecord = {
    ...service,
    name: input.name ?? service.name,
    description: input.description ?? service.description,
    duties: input.duties ? [...new Set(input.duties)] : service.duties,
    mode,
    schedule,
  };
  const changes = service.mode === 'appointment' || mode === 'appointment' ? [{ service: after, schedule: mode === 'appointment' ? schedule : null }] : [];
  const fields = { name: after.name, description: after.description, duties: after.duties, mode: after.mode, schedule: after.schedule };
  const was = { name: service.name, description: service.description, duties: service.duties, mode: service.mode, schedule: service.schedule };
  const out = await changeSlots(db, mustHaveHome(home), changes, mustHaveHome(home).hours, () => writeService(ctx, service, fields, 'police.editService', was, fields));
  return { service: manageServiceView(after), ...out };
}

export async function retireService(input: In<'retireService'>, ctx: MemberContext): Promise<Out<'retireService'>> {
  const { db } = ctx;
  const { service, home: found } = await serviceWithHome(db, input.serviceId);
  mustManageActive(service, ctx);
  if (service.mode === 'groupSession') await mustHaveNoOpenSessions(db, service, '停办');
  const home = mustHaveHome(found);
  const changes = service.mode === 'appointment' ? [{ service, schedule: null }] : [];
  const out = await changeSlots(db, home, changes, home.hours, () => writeService(ctx, service, { active: false }, 'police.retireService', { active: true }, { active: false }));
  return { service: manageServiceView({ ...service, active: false }), ...out };
}

export async function setSchedule(input: In<'setSchedule'>, ctx: MemberContext): Promise<Out<'setSchedule'>> {
  const { db } = ctx;
  const { service, home: found } = await serviceWithHome(db, input.serviceId);
  mustManageActive(service, ctx);
  if (service.mode !== 'appointment') throw invalid('只有预约服务有预约时间表', [{ path: 'serviceId', message: '不是预约服务' }]);
  const home = mustHaveHome(found);
  const schedule: Schedule = {
    weekly: [...(input.schedule.weekly as WeeklyPeriod[])].sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start)),
    slotMinutes: input.schedule.slotMinutes,
    capacity: input.schedule.capacity,
  };
  const after = { ...service, schedule };
  const out = await changeSlots(db, home, [{ service: after, schedule }], home.hours, () => writeService(ctx, service, { schedule }, 'police.setSchedule', service.schedule, schedule));
  return { service: manageServiceView(after), ...out };
}
