/**
 * 管理本站: the officer of a 警民之家 (and the village cadre of its village) changes its weekly hours,
 * its services and each appointment service's week and capacity per slot, from the workbench.
 *
 * A change meets the slots already generated in one transaction that reads every not-yet-started
 * slot of the service and writes the ones that change. A booking takes its seat by a conditional
 * update on the slot (`capacity` as it read it, `booked < capacity`), so a booking that lands
 * while the change runs either changes a slot the transaction read — the transaction is retried
 * and sees it — or finds the capacity changed and is refused: a slot never holds more bookings
 * than its capacity. Booked slots the new week no longer offers are kept, closed to new bookings.
 */
import type { Db } from '@cloudbase/database';
import type { GroupSessionRecord, PoliceHomeRecord, PoliceServiceRecord, SlotRecord } from '../../shared/domain/police-records';
import type { AffectedSlotView, ManageServiceView } from '../../shared/contracts/police';
import { addDays, chinaClock, chinaDate } from '../../shared/domain/china-time';
import { generateSlots, type OpeningHours, type WeeklyPeriod } from '../../shared/domain/police-hours';
import { BOOKING_HORIZON_DAYS } from '../../shared/domain/police-rules';
import { canManageHome, capacityConflictText, planSlotChanges, slotLabel, type ExistingSlot } from '../../shared/domain/police-manage';
import { exceptionField, shownText } from '../../shared/domain/police-moderation';
import { recordAudit } from '../_lib/audit';
import { checkText } from '../_lib/content-check';
import { clock } from '../_lib/clock';
import { findById, isDuplicateKey, type Tx } from '../_lib/db';
import { AppError, conflict, invalid } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { COLLECTIONS } from '../_lib/collections';
import { runTransaction } from '../_lib/transaction';
import { ensureSlots, serviceSummary } from './home';
import { idFor, loadAnyService, mustManage, mustOversee, resolveHome } from './store';
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

async function futureSlotIds(db: Db, serviceId: string): Promise<string[]> {
  const res = await db
    .collection(COLLECTIONS.policeSlots.name)
    .where({ serviceId, startAt: db.command.gt(clock.nowIso()) })
    .field({ _id: true })
    .limit(1000)
    .get();
  return (res.data as { _id: string }[]).map((d) => d._id);
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
}

/**
 * Inside the caller's transaction: re-plans every listed slot from what the transaction reads and
 * refuses the whole change (CONFLICT with the slots) when one would hold more bookings than its
 * new capacity; otherwise writes it. A slot is wanted when the week offers it on the weekly hours
 * or on the exception of its day, so a closure by an exception is left as the exception made it.
 */
async function applySlotChanges(tx: Tx, changes: readonly SlotChange[], hours: OpeningHours, idsOf: Map<string, string[]>): Promise<Totals> {
  const now = clock.now();
  const today = chinaDate(now);
  const plans = [];
  for (const c of changes) {
    const existing: SlotRecord[] = [];
    for (const id of idsOf.get(c.service._id) ?? []) {
      const s = await findById<SlotRecord>(tx, COLLECTIONS.policeSlots.name, id);
      if (s && Date.parse(s.startAt) > now.getTime()) existing.push(s);
    }
    const last = existing.reduce((d, s) => (s.date > d ? s.date : d), addDays(today, BOOKING_HORIZON_DAYS - 1));
    const days = Math.round((Date.parse(last) - Date.parse(today)) / 86_400_000) + 1;
    const wanted = c.schedule
      ? [...generateSlots(c.schedule, hours, today, days), ...generateSlots(c.schedule, { weekly: hours.weekly, exceptions: [] }, today, days)]
          .filter((g, i, all) => Date.parse(g.startAt) > now.getTime() && all.findIndex((x) => x.key === g.key) === i)
      : [];
    plans.push(planSlotChanges(existing, wanted, { reopenClosedBecause: KEPT_REASON }));
  }
  const conflicts = plans.flatMap((p) => p.conflicts);
  if (conflicts.length) {
    throw new AppError('CONFLICT', capacityConflictText(conflicts), conflicts.map((s, i) => ({ path: `slots.${i}`, message: slotLabel(s) })));
  }
  const slots = tx.collection(COLLECTIONS.policeSlots.name);
  const totals: Totals = { kept: [], removed: 0, updated: 0 };
  for (const p of plans) {
    for (const u of p.update) await slots.doc(u.id).update({ capacity: u.capacity, endAt: u.endAt });
    for (const id of p.reopen) await slots.doc(id).update({ status: 'open', closedReason: null });
    for (const id of p.remove) await slots.doc(id).remove();
    for (const k of p.keep) if (k.status === 'open') await slots.doc(k._id).update({ status: 'closed', closedReason: KEPT_REASON });
    totals.kept.push(...p.keep);
    totals.removed += p.remove.length;
    totals.updated += p.update.length + p.reopen.length;
  }
  return totals;
}

/**
 * Runs `write` (the record's own change and its audit) and the slot changes in one transaction,
 * then generates the slots the new week adds. A slot generated meanwhile from the old week (a
 * resident opening the picker) is caught by a second pass.
 */
export async function changeSlots(
  db: Db,
  changes: readonly SlotChange[],
  hours: OpeningHours,
  write: (tx: Tx) => Promise<void>,
): Promise<{ kept: AffectedSlotView[]; removed: number; updated: number; created: number }> {
  const idsOf = new Map<string, string[]>();
  for (const c of changes) idsOf.set(c.service._id, await futureSlotIds(db, c.service._id));
  const totals = await runTransaction(db, async (tx: Tx) => {
    await write(tx);
    return applySlotChanges(tx, changes, hours, idsOf);
  });
  const late = new Map<string, string[]>();
  for (const c of changes) {
    const seen = new Set(idsOf.get(c.service._id));
    const fresh = (await futureSlotIds(db, c.service._id)).filter((id) => !seen.has(id));
    if (fresh.length) late.set(c.service._id, fresh);
  }
  if (late.size) {
    const again = await runTransaction(db, (tx: Tx) => applySlotChanges(tx, changes.filter((c) => late.has(c.service._id)), hours, late));
    totals.kept.push(...again.kept);
    totals.removed += again.removed;
    totals.updated += again.updated;
  }
  // The home as committed (new hours included): the generator and the openSlots timer read the same.
  let created = 0;
  const today = chinaDate(clock.now());
  for (const c of changes) {
    if (!c.schedule) continue;
    const home = await findById<PoliceHomeRecord>(db, COLLECTIONS.policeHomes.name, c.service.homeId);
    if (home) created += await ensureSlots(db, { ...c.service, mode: 'appointment', schedule: c.schedule, active: true }, home, today, BOOKING_HORIZON_DAYS);
  }
  return { kept: totals.kept.map(affected), removed: totals.removed, updated: totals.updated, created };
}

async function loadHomeOf(db: Db, service: PoliceServiceRecord): Promise<PoliceHomeRecord> {
  const home = await findById<PoliceHomeRecord>(db, COLLECTIONS.policeHomes.name, service.homeId);
  if (!home) throw invalid('这项服务所属的警民之家不存在', [{ path: 'serviceId', message: '警民之家不存在' }]);
  return home;
}

async function activeAppointmentServices(db: Db, homeId: string): Promise<PoliceServiceRecord[]> {
  const res = await db.collection(COLLECTIONS.policeServices.name).where({ homeId, mode: 'appointment', active: true }).limit(100).get();
  return res.data as PoliceServiceRecord[];
}

export async function setHours(input: In<'setHours'>, ctx: MemberContext): Promise<Out<'setHours'>> {
  const { db, caller } = ctx;
  const home = await resolveHome(db, caller, input.homeId);
  mustManage(caller, home.path);
  const weekly = [...(input.weekly as WeeklyPeriod[])].sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start));
  const hours: OpeningHours = { weekly, exceptions: home.hours.exceptions };
  const services = await activeAppointmentServices(db, home._id);
  const out = await changeSlots(
    db,
    services.map((s) => ({ service: s, schedule: s.schedule })),
    hours,
    async (tx) => {
      const cur = await findById<PoliceHomeRecord>(tx, COLLECTIONS.policeHomes.name, home._id);
      await tx.collection(COLLECTIONS.policeHomes.name).doc(home._id).update({ hours: { weekly, exceptions: cur?.hours.exceptions ?? [] } });
      await recordAudit(tx, caller, ctx.requestId, {
        action: 'police.setHours',
        target: { collection: COLLECTIONS.policeHomes.name, id: home._id },
        before: { weekly: cur?.hours.weekly ?? home.hours.weekly },
        after: { weekly },
        path: cur?.path ?? home.path,
      });
    },
  );
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
  if (stored.mode === 'appointment') await ensureSlots(db, stored, home, chinaDate(clock.now()), BOOKING_HORIZON_DAYS);
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
  const { db, caller } = ctx;
  const service = await loadAnyService(db, input.serviceId);
  mustManageActive(service, ctx);
  const mode = input.mode ?? service.mode;
  const schedule: Schedule | null =
    mode !== 'appointment' ? null : input.schedule ? { ...input.schedule, weekly: input.schedule.weekly as WeeklyPeriod[] } : service.schedule;
  if (mode === 'appointment' && !schedule) throw invalid('改成预约服务时，请设置每周可预约的时间', [{ path: 'schedule', message: '请设置每周可预约的时间' }]);
  if (service.mode === 'groupSession' && mode !== 'groupSession') await mustHaveNoOpenSessions(db, service, '改服务方式');
  await checkServiceText(ctx, { name: input.name, description: input.description });
  const home = await loadHomeOf(db, service);
  const after: PoliceServiceRecord = {
    ...service,
    name: input.name ?? service.name,
    description: input.description ?? service.description,
    duties: input.duties ? [...new Set(input.duties)] : service.duties,
    mode,
    schedule,
  };
  const changes = service.mode === 'appointment' || mode === 'appointment' ? [{ service: after, schedule: mode === 'appointment' ? schedule : null }] : [];
  const out = await changeSlots(db, changes, home.hours, async (tx) => {
    const cur = await findById<PoliceServiceRecord>(tx, COLLECTIONS.policeServices.name, service._id);
    if (!cur?.active) throw conflict('这项服务已经停办了');
    await tx.collection(COLLECTIONS.policeServices.name).doc(service._id).update({ name: after.name, description: after.description, duties: after.duties, mode: after.mode, schedule: after.schedule });
    await recordAudit(tx, caller, ctx.requestId, {
      action: 'police.editService',
      target: { collection: COLLECTIONS.policeServices.name, id: service._id },
      before: { name: cur.name, description: cur.description, duties: cur.duties, mode: cur.mode, schedule: cur.schedule },
      after: { name: after.name, description: after.description, duties: after.duties, mode: after.mode, schedule: after.schedule },
      path: cur.path,
    });
  });
  return { service: manageServiceView(after), ...out };
}

export async function retireService(input: In<'retireService'>, ctx: MemberContext): Promise<Out<'retireService'>> {
  const { db, caller } = ctx;
  const service = await loadAnyService(db, input.serviceId);
  mustManageActive(service, ctx);
  if (service.mode === 'groupSession') await mustHaveNoOpenSessions(db, service, '停办');
  const home = await loadHomeOf(db, service);
  const changes = service.mode === 'appointment' ? [{ service, schedule: null }] : [];
  const out = await changeSlots(db, changes, home.hours, async (tx) => {
    const cur = await findById<PoliceServiceRecord>(tx, COLLECTIONS.policeServices.name, service._id);
    if (!cur?.active) throw conflict('这项服务已经停办了');
    await tx.collection(COLLECTIONS.policeServices.name).doc(service._id).update({ active: false });
    await recordAudit(tx, caller, ctx.requestId, {
      action: 'police.retireService',
      target: { collection: COLLECTIONS.policeServices.name, id: service._id },
      before: { active: true },
      after: { active: false },
      path: cur.path,
    });
  });
  return { service: manageServiceView({ ...service, active: false }), ...out };
}

export async function setSchedule(input: In<'setSchedule'>, ctx: MemberContext): Promise<Out<'setSchedule'>> {
  const { db, caller } = ctx;
  const service = await loadAnyService(db, input.serviceId);
  mustManageActive(service, ctx);
  if (service.mode !== 'appointment') throw invalid('只有预约服务有预约时间表', [{ path: 'serviceId', message: '不是预约服务' }]);
  const home = await loadHomeOf(db, service);
  const schedule: Schedule = {
    weekly: [...(input.schedule.weekly as WeeklyPeriod[])].sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start)),
    slotMinutes: input.schedule.slotMinutes,
    capacity: input.schedule.capacity,
  };
  const after = { ...service, schedule };
  const out = await changeSlots(db, [{ service: after, schedule }], home.hours, async (tx) => {
    const cur = await findById<PoliceServiceRecord>(tx, COLLECTIONS.policeServices.name, service._id);
    if (!cur?.active) throw conflict('这项服务已经停办了');
    await tx.collection(COLLECTIONS.policeServices.name).doc(service._id).update({ schedule });
    await recordAudit(tx, caller, ctx.requestId, {
      action: 'police.setSchedule',
      target: { collection: COLLECTIONS.policeServices.name, id: service._id },
      before: cur.schedule,
      after: schedule,
      path: cur.path,
    });
  });
  return { service: manageServiceView(after), ...out };
}
