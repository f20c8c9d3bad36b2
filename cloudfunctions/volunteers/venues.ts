/**
 * Shared venues (场所开放共享): a community, a town or a unit party organisation opens a room or a
 * court with its hours, capacity, rules and whether bookings wait for its approval. A booking takes
 * whole hours; each hour of a venue is one slot of capacity 1 on the shared slot engine
 * (_lib/seats.ts, the 警民之家 appointments' own), so however many press at once, one hour of one
 * venue is held by one booking. A pending booking holds its hours; a decline or a cancellation
 * frees them exactly once. Utilisation per venue and month is counted on the server.
 */
import type { Db } from '@cloudbase/database';
import type { PartyOrgRecord } from '../../shared/domain/admin-records';
import { addDays, chinaDate, chinaMonth, instantOf, weekdayOf } from '../../shared/domain/china-time';
import type { OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import type { VenueBookingRecord, VenueRecord, VenueSlotRecord } from '../../shared/domain/volunteer-records';
import { openHoursInMonth, utilisationPercent, venueHoursProblem } from '../../shared/domain/volunteer-rules';
import { recordAudit } from '../_lib/audit';
import { checkText } from '../_lib/content-check';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { findById, isDuplicateKey, readAll, type Tx } from '../_lib/db';
import { conflict, forbidden, invalid, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { carrying, effectOf, pushEffects, withPushed, type EffectSpec } from '../_lib/effects';
import { releaseSlotSeat, takeSlotSeat, updatedCount } from '../_lib/seats';
import { ContentionError, runTransaction } from '../_lib/transaction';
import { idFor } from './store';
import type { In, Out } from './types';

const OWNER_ROLES = ['village-cadre', 'town-cadre', 'county-admin'];
/** Venues listed at once for one place (a town holds a few dozen at most). */
const VENUE_CAP = 200;
/** How far ahead a venue can be booked. */
const HORIZON_DAYS = 30;
const HELD: VenueBookingRecord['status'][] = ['pending', 'confirmed'];

const slotIdOf = (venueId: string, date: string, hour: number) => `vt-${venueId}-${date.replace(/-/g, '')}-${String(hour).padStart(2, '0')}`;

async function partyOrgsOf(db: Db, caller: UserRecord): Promise<PartyOrgRecord[]> {
  return (await db.collection(COLLECTIONS.partyOrgs.name).where({ secretaryId: caller._id }).limit(20).get()).data as PartyOrgRecord[];
}

function ownsUnit(caller: UserRecord, unitId: string): boolean {
  return caller.roles.some((r) => r.unitId === unitId && OWNER_ROLES.includes(r.role));
}

async function manages(db: Db | Tx, caller: UserRecord, venue: Pick<VenueRecord, 'ownerKind' | 'ownerId'>): Promise<boolean> {
  if (venue.ownerKind === 'unit') return ownsUnit(caller, venue.ownerId);
  const org = await findById<PartyOrgRecord>(db, COLLECTIONS.partyOrgs.name, venue.ownerId);
  return org?.secretaryId === caller._id;
}

function venueView(v: VenueRecord, manage: boolean) {
  const { _id, ownerName, kind, name, address, capacity, rules, weekdays, openHour, closeHour, approval, active } = v;
  return { id: _id, ownerName, kind, name, address, capacity, rules, weekdays, openHour, closeHour, approval, active, manages: manage };
}

function bookingView(b: VenueBookingRecord, caller: UserRecord) {
  const { _id, venueId, venueName, userName, date, startHour, hours, startAt, endAt, purpose, status } = b;
  return { id: _id, venueId, venueName, userName, date, startHour, hours, startAt, endAt, purpose, status, mine: b.userId === caller._id };
}

async function loadVenue(db: Db | Tx, id: string): Promise<VenueRecord> {
  const v = await findById<VenueRecord>(db, COLLECTIONS.venues.name, id);
  if (!v) throw notFound('这个场地不存在');
  return v;
}

/** Everyone of the county may book its venues: those who live there and those who hold a post in it. */
function mustBeOfCounty(caller: UserRecord, venue: VenueRecord): void {
  const county = venue.path[0];
  if (caller.residence?.path[0] === county || caller.roles.length > 0) return;
  throw forbidden('请先登记您居住的村（社区）再预约场地');
}

export async function listVenues(_input: In<'venues'>, ctx: MemberContext): Promise<Out<'venues'>> {
  const { db, caller } = ctx;
  // Where the caller is: their home, else the place of their first post (a town cadre, a county admin).
  const post = caller.residence ? null : caller.roles[0] ? await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, caller.roles[0].unitId) : null;
  const place = caller.residence?.path ?? post?.path ?? [];
  const townId = place[1] ?? null;
  const countyId = place[0] ?? null;
  const near = townId ? ((await db.collection(COLLECTIONS.venues.name).where({ path: townId, active: true }).limit(VENUE_CAP).get()).data as VenueRecord[]) : [];
  const ownUnits = caller.roles.filter((r) => OWNER_ROLES.includes(r.role)).map((r) => r.unitId);
  const owned = ownUnits.length ? ((await db.collection(COLLECTIONS.venues.name).where({ ownerId: db.command.in(ownUnits) }).limit(VENUE_CAP).get()).data as VenueRecord[]) : [];
  const orgVenues = (await db.collection(COLLECTIONS.venues.name).where({ ownerKind: 'partyOrg', active: true }).limit(VENUE_CAP).get()).data as VenueRecord[];
  const orgs = await partyOrgsOf(db, caller);
  const all = new Map<string, VenueRecord>();
  for (const v of [...near, ...owned, ...orgVenues.filter((v) => countyId !== null && v.path[0] === countyId)]) all.set(v._id, v);
  const units = ownUnits.length ? ((await db.collection(COLLECTIONS.orgUnits.name).where({ _id: db.command.in(ownUnits) }).limit(20).get()).data as OrgUnitRecord[]) : [];
  const items = [...all.values()]
    .filter((v) => v.active || ownsUnit(caller, v.ownerId) || orgs.some((o) => o._id === v.ownerId))
    .sort((a, b) => Number(b.path.includes(place[2] ?? '-')) - Number(a.path.includes(place[2] ?? '-')) || a.name.localeCompare(b.name, 'zh'));
  return {
    items: items.map((v) => venueView(v, v.ownerKind === 'unit' ? ownsUnit(caller, v.ownerId) : orgs.some((o) => o._id === v.ownerId))),
    canList: [...units.map((u) => ({ id: u._id, name: u.name, kind: 'unit' as const })), ...orgs.map((o) => ({ id: o._id, name: o.name, kind: 'partyOrg' as const }))],
  };
}

export async function getVenue(input: In<'venue'>, ctx: MemberContext): Promise<Out<'venue'>> {
  const { db, caller } = ctx;
  const v = await loadVenue(db, input.venueId);
  mustBeOfCounty(caller, v);
  const manage = await manages(db, caller, v);
  if (!v.active && !manage) throw notFound('这个场地已停止开放');
  const from = input.from ?? chinaDate(clock.now());
  const dates = Array.from({ length: input.days }, (_, i) => addDays(from, i));
  const slots = (await db.collection(COLLECTIONS.venueSlots.name).where({ venueId: v._id, date: db.command.in(dates), booked: db.command.gt(0) }).limit(1000).get()).data as VenueSlotRecord[];
  const mine = (
    await db.collection(COLLECTIONS.venueBookings.name).where({ userId: caller._id, startAt: db.command.gte(instantOf(from, '00:00').toISOString()) }).orderBy('startAt', 'desc').limit(50).get()
  ).data as VenueBookingRecord[];
  // This venue's requests, filtered by the database before the cap (an owner with many venues keeps them all).
  const toApprove = manage ? ((await db.collection(COLLECTIONS.venueBookings.name).where({ ownerId: v.ownerId, venueId: v._id, status: 'pending' }).limit(100).get()).data as VenueBookingRecord[]) : null;
  return {
    venue: venueView(v, manage),
    days: dates.map((date) => ({ date, open: v.weekdays.includes(weekdayOf(date)), taken: slots.filter((s) => s.date === date).map((s) => s.hour).sort((a, b) => a - b) })),
    mine: mine.filter((b) => b.venueId === v._id).sort((a, b) => a.startAt.localeCompare(b.startAt)).map((b) => bookingView(b, caller)),
    toApprove: toApprove ? toApprove.sort((a, b) => a.startAt.localeCompare(b.startAt)).map((b) => bookingView(b, caller)) : null,
  };
}

export async function addVenue(input: In<'addVenue'>, ctx: MemberContext): Promise<Out<'addVenue'>> {
  const { db, caller } = ctx;
  let owner: { name: string; path: string[] };
  if (input.ownerKind === 'unit') {
    const unit = await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, input.ownerId);
    if (!unit || unit.kind === 'grid') throw notFound('找不到这个单位');
    if (!ownsUnit(caller, unit._id)) throw forbidden('只有本村（社区）、本镇的干部可以开放这里的场地');
    owner = { name: unit.name, path: unit.path };
  } else {
    const org = await findById<PartyOrgRecord>(db, COLLECTIONS.partyOrgs.name, input.ownerId);
    if (!org) throw notFound('找不到这个党组织');
    if (org.secretaryId !== caller._id) throw forbidden('只有本单位党组织书记可以开放单位的场地');
    owner = { name: org.name, path: [org.countyId] };
  }
  const { held } = await checkText(ctx, { name: input.name, address: input.address, rules: input.rules });
  if (held.length) throw invalid('场地信息里有需要复核的内容，请换一种说法', held.map((h) => ({ path: h.field, message: h.reason })));
  const record: VenueRecord = {
    _id: idFor('ve', input.ownerId, input.name),
    ownerKind: input.ownerKind,
    ownerId: input.ownerId,
    ownerName: owner.name,
    path: owner.path,
    kind: input.kind,
    name: input.name,
    address: input.address,
    capacity: input.capacity,
    rules: input.rules,
    weekdays: [...new Set(input.weekdays)].sort(),
    openHour: input.openHour,
    closeHour: input.closeHour,
    approval: input.approval,
    active: true,
    createdBy: caller._id,
    createdAt: clock.nowIso(),
  };
  try {
    await runTransaction(db, async (tx: Tx) => {
      await tx.collection(COLLECTIONS.venues.name).add(record);
      await recordAudit(tx, caller, ctx.requestId, { action: 'volunteers.addVenue', target: { collection: COLLECTIONS.venues.name, id: record._id }, before: null, after: { name: record.name, approval: record.approval }, path: record.path });
    });
  } catch (err) {
    if (isDuplicateKey(err)) throw conflict('已经有同名的场地了');
    throw err;
  }
  return venueView(record, true);
}

export async function retireVenue(input: In<'retireVenue'>, ctx: MemberContext): Promise<Out<'retireVenue'>> {
  const { db, caller } = ctx;
  const v = await loadVenue(db, input.venueId);
  if (!(await manages(db, caller, v))) throw forbidden('只有场地的管理方可以停止开放');
  const res = await runTransaction(db, async (tx: Tx) => {
    const cur = await loadVenue(tx, v._id);
    if (!cur.active) throw conflict('这个场地已经停止开放了');
    await tx.collection(COLLECTIONS.venues.name).doc(v._id).update({ active: false });
    await recordAudit(tx, caller, ctx.requestId, { action: 'volunteers.retireVenue', target: { collection: COLLECTIONS.venues.name, id: v._id }, before: { active: true }, after: { active: false }, path: v.path });
    return { ...cur, active: false };
  });
  return venueView(res, true);
}

/**
 * Takes one hour of a venue. An hour nobody has booked yet has no slot: it is created already taken
 * (one add; of many pressing at once, one add wins). An hour with a slot goes through the slot engine's
 * conditional update (a guess that it is free: a miss re-reads it and answers full).
 */
async function takeHour(db: Db, venueId: string, date: string, hour: number): Promise<string | null> {
  const id = slotIdOf(venueId, date, hour);
  const fresh: VenueSlotRecord = { _id: id, venueId, date, hour, capacity: 1, booked: 1, status: 'open' };
  try {
    await db.collection(COLLECTIONS.venueSlots.name).add(fresh);
    return id;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  return (await takeSlotSeat(db, COLLECTIONS.venueSlots.name, { ...fresh, booked: 0 })) ? id : null;
}

async function releaseAll(db: Db, slotIds: readonly string[]): Promise<void> {
  for (const id of slotIds) await releaseSlotSeat(db, COLLECTIONS.venueSlots.name, id);
}

const dayText = (b: Pick<VenueBookingRecord, 'date' | 'startHour'>) => `${b.date.slice(5).replace('-', '月')}日 ${b.startHour}:00`;

/** The effect of a change to booking `b` at `at`: its notices and, when `audit` is given, its audit entry. */
function bookingEffect(ctx: MemberContext, b: Pick<VenueBookingRecord, '_id' | 'path'>, at: string, spec: EffectSpec) {
  return effectOf(ctx.caller, ctx.requestId, { collection: COLLECTIONS.venueBookings.name, id: b._id, path: b.path }, at, spec);
}

/**
 * Requests: the caller, the venue, one per hour (its slot created taken, or taken), the owner's people
 * (a booking that waits for them), and the add of the booking carrying their notice. A retry with the
 * same requestId finds its own hours taken and answers the booking it made.
 */
export async function bookVenue(input: In<'bookVenue'>, ctx: MemberContext): Promise<Out<'bookVenue'>> {
  const { db, caller } = ctx;
  const id = idFor('vb', caller._id, input.requestId);
  const v = await loadVenue(db, input.venueId);
  mustBeOfCounty(caller, v);
  if (!v.active) throw conflict('这个场地已停止开放');
  const now = clock.now();
  const today = chinaDate(now);
  if (input.date > addDays(today, HORIZON_DAYS)) throw invalid(`最多提前 ${HORIZON_DAYS} 天预约`, [{ path: 'date', message: '太远了' }]);
  const start = instantOf(input.date, `${String(input.startHour).padStart(2, '0')}:00`);
  if (start.getTime() <= now.getTime()) throw invalid('这个时间已经过去了', [{ path: 'startHour', message: '时间已过' }]);
  const problem = venueHoursProblem(v, weekdayOf(input.date), input.startHour, input.hours);
  if (problem) throw invalid(problem, [{ path: 'startHour', message: problem }]);
  const { held } = await checkText(ctx, { purpose: input.purpose });
  if (held.length) throw invalid('用途里有需要复核的内容，请换一种说法', [{ path: 'purpose', message: held[0]!.reason }]);

  const taken: string[] = [];
  for (let h = input.startHour; h < input.startHour + input.hours; h++) {
    const slot = await takeHour(db, v._id, input.date, h);
    if (!slot) {
      await releaseAll(db, taken);
      // A retry of a booking made: its own hours are the ones taken.
      const retried = await findById<VenueBookingRecord>(db, COLLECTIONS.venueBookings.name, id);
      if (retried) return bookingView(retried, caller);
      throw conflict(`${h}:00 这一小时已经被约了，请换个时间`);
    }
    taken.push(slot);
  }
  const at = now.toISOString();
  const pending = v.approval === 'owner';
  const base: VenueBookingRecord = {
    _id: id,
    venueId: v._id,
    venueName: v.name,
    ownerKind: v.ownerKind,
    ownerId: v.ownerId,
    path: v.path,
    userId: caller._id,
    userName: caller.name,
    date: input.date,
    month: chinaMonth(start),
    startHour: input.startHour,
    hours: input.hours,
    startAt: start.toISOString(),
    endAt: new Date(start.getTime() + input.hours * 3600_000).toISOString(),
    slotIds: taken,
    purpose: input.purpose,
    status: pending ? 'pending' : 'confirmed',
    requestId: input.requestId,
    decidedAt: pending ? null : at,
    decidedBy: null,
    createdAt: at,
    updatedAt: at,
  };
  const effects = pending
    ? [
        bookingEffect(ctx, base, at, {
          messages: [
            {
              to: await ownerPeople(db, v),
              message: {
                kind: 'venue.requested',
                title: '新的场地预约待审批',
                body: `${caller.name}预约${v.name} ${dayText(base)} 起 ${input.hours} 小时：${input.purpose}`,
                link: { page: 'venue', id: v._id },
                aboutId: caller._id,
              },
            },
          ],
        }),
      ]
    : [];
  const record: VenueBookingRecord = { ...base, ...carrying(effects) };
  try {
    await db.collection(COLLECTIONS.venueBookings.name).add(record);
  } catch (err) {
    await releaseAll(db, taken);
    if (isDuplicateKey(err)) {
      const retried = await findById<VenueBookingRecord>(db, COLLECTIONS.venueBookings.name, id);
      if (retried) return bookingView(retried, caller);
    }
    throw err;
  }
  return bookingView(record, caller);
}

/** Who answers for a venue: the cadres of its unit, or its party organisation's secretary (one read). */
async function ownerPeople(db: Db, v: Pick<VenueRecord, 'ownerKind' | 'ownerId'>): Promise<string[]> {
  if (v.ownerKind === 'partyOrg') {
    const org = await findById<PartyOrgRecord>(db, COLLECTIONS.partyOrgs.name, v.ownerId);
    return org ? [org.secretaryId] : [];
  }
  const keys = OWNER_ROLES.map((r) => `${r}@${v.ownerId}`);
  const users = (await db.collection(COLLECTIONS.users.name).where({ roleKeys: db.command.in(keys) }).limit(20).get()).data as UserRecord[];
  return users.map((u) => u._id);
}

/**
 * One conditional update of the booking from the status it was read in, carrying its effect; when it
 * misses (someone decided or cancelled first), the booking is read again and the rule asked again.
 * Answers the booking as written, or null when it was not (the rule refuses now).
 */
async function changeBooking(
  db: Db,
  read: VenueBookingRecord,
  allowed: (b: VenueBookingRecord) => boolean,
  change: (b: VenueBookingRecord) => { fields: Partial<VenueBookingRecord>; effect: ReturnType<typeof bookingEffect> },
): Promise<VenueBookingRecord | null> {
  let b: VenueBookingRecord | null = read;
  for (let attempt = 0; b && attempt < 3; attempt++) {
    if (!allowed(b)) return null;
    const { fields, effect } = change(b);
    const res = await db.collection(COLLECTIONS.venueBookings.name).where({ _id: b._id, status: b.status }).update({ ...fields, ...pushEffects(db, [effect]) });
    if (updatedCount(res) === 1) return withPushed({ ...b, ...fields }, [effect]);
    b = await findById<VenueBookingRecord>(db, COLLECTIONS.venueBookings.name, read._id);
  }
  if (b && allowed(b)) throw new ContentionError(3);
  return null;
}

/** Requests: the caller, the booking, whom to tell (or, for a party organisation's venue, its secretary), the update, one per hour freed. */
export async function cancelVenueBooking(input: In<'cancelVenueBooking'>, ctx: MemberContext): Promise<Out<'cancelVenueBooking'>> {
  const { db, caller } = ctx;
  const b = await findById<VenueBookingRecord>(db, COLLECTIONS.venueBookings.name, input.bookingId);
  if (!b) throw notFound('这个预约不存在');
  const own = b.userId === caller._id;
  const owner = !own && (await manages(db, caller, { ownerKind: b.ownerKind, ownerId: b.ownerId }));
  if (!own && !owner) throw notFound('这个预约不存在');
  if (!HELD.includes(b.status)) throw conflict('这个预约已经取消或未通过了');
  if (Date.parse(b.endAt) <= clock.now().getTime()) throw conflict('预约的时间已经过去了');
  const at = clock.nowIso();
  // The owner cancelling tells the person who booked; the person cancelling tells the owner's people.
  const to = owner ? [b.userId] : await ownerPeople(db, b);
  // Only the one cancellation that is written frees the hours.
  const done = await changeBooking(
    db,
    b,
    (cur) => HELD.includes(cur.status),
    (cur) => ({
      fields: { status: 'cancelled', updatedAt: at },
      effect: bookingEffect(ctx, cur, at, owner
        ? {
            messages: [{ to, message: { kind: 'venue.decided', title: '您的场地预约已被取消', body: `${b.venueName}的管理方取消了您 ${dayText(b)} 的预约，请与对方联系。`, link: { page: 'venue', id: b.venueId } } }],
            audit: { action: 'volunteers.cancelVenueBooking', before: { status: cur.status }, after: { status: 'cancelled' } },
          }
        : { messages: [{ to, message: { kind: 'venue.cancelled', title: '场地预约已取消', body: `${caller.name}取消了${b.venueName} ${dayText(b)} 的预约`, link: { page: 'venue', id: b.venueId }, aboutId: caller._id } }] }),
    }),
  );
  if (!done) throw conflict('这个预约已经取消或未通过了');
  await releaseAll(db, b.slotIds);
  return bookingView(done, caller);
}

/** Requests: the caller, the booking, whether the caller manages it, the update carrying the notice and the audit entry, one per hour freed by a decline. */
export async function decideVenueBooking(input: In<'decideVenueBooking'>, ctx: MemberContext): Promise<Out<'decideVenueBooking'>> {
  const { db, caller } = ctx;
  const b = await findById<VenueBookingRecord>(db, COLLECTIONS.venueBookings.name, input.bookingId);
  if (!b) throw notFound('这个预约不存在');
  if (!(await manages(db, caller, { ownerKind: b.ownerKind, ownerId: b.ownerId }))) throw forbidden('只有场地的管理方可以审批');
  const status = input.decision === 'confirm' ? 'confirmed' : 'declined';
  const at = clock.nowIso();
  const done = await changeBooking(
    db,
    b,
    (cur) => cur.status === 'pending',
    (cur) => ({
      fields: { status, decidedAt: at, decidedBy: caller._id, updatedAt: at },
      effect: bookingEffect(ctx, cur, at, {
        messages: [
          {
            to: [b.userId],
            message: {
              kind: 'venue.decided',
              title: status === 'confirmed' ? '场地预约已通过' : '场地预约未通过',
              body: `${b.venueName} ${dayText(b)} 起 ${b.hours} 小时${status === 'confirmed' ? '已为您留好' : '未能安排，请换个时间'}。`,
              link: { page: 'venue', id: b.venueId },
            },
          },
        ],
        audit: { action: input.decision === 'confirm' ? 'volunteers.confirmVenueBooking' : 'volunteers.declineVenueBooking', before: { status: 'pending' }, after: { status } },
      }),
    }),
  );
  if (!done) throw conflict('这个预约已经处理过了');
  if (status === 'declined') await releaseAll(db, b.slotIds);
  return bookingView(done, caller);
}

export async function venueUtilisation(input: In<'venueUtilisation'>, ctx: MemberContext): Promise<Out<'venueUtilisation'>> {
  const { db, caller } = ctx;
  const ownUnits = caller.roles.filter((r) => OWNER_ROLES.includes(r.role)).map((r) => r.unitId);
  const owners = [...ownUnits, ...(await partyOrgsOf(db, caller)).map((o) => o._id)];
  if (owners.length === 0) throw forbidden('只有场地的管理方可以查看使用情况');
  // The caller's own venues and, for a town or county cadre, those of the places under them.
  const own = await readAll<VenueRecord>(db, COLLECTIONS.venues.name, { ownerId: db.command.in(owners) });
  const under = ownUnits.length ? (await Promise.all(ownUnits.map((u) => db.collection(COLLECTIONS.venues.name).where({ path: u, active: true }).limit(VENUE_CAP).get()))).flatMap((r) => r.data as VenueRecord[]) : [];
  const venues = new Map([...own, ...under].map((v) => [v._id, v]));
  if (venues.size === 0) return { month: input.month, items: [] };
  const $ = db.command.aggregate;
  const res = await db
    .collection(COLLECTIONS.venueBookings.name)
    .aggregate()
    .match({ venueId: db.command.in([...venues.keys()]), month: input.month, status: 'confirmed' })
    .group({ _id: '$venueId', hours: $.sum('$hours'), n: $.sum(1) })
    .limit(VENUE_CAP)
    .end();
  const by = new Map((res.data as { _id: string; hours: number; n: number }[]).map((r) => [r._id, r]));
  return {
    month: input.month,
    items: [...venues.values()]
      .map((v) => {
        const booked = by.get(v._id)?.hours ?? 0;
        const open = openHoursInMonth(v, input.month);
        return { venueId: v._id, name: v.name, bookedHours: booked, openHours: open, percent: utilisationPercent(booked, open), bookings: by.get(v._id)?.n ?? 0 };
      })
      .sort((a, b) => b.percent - a.percent || a.name.localeCompare(b.name, 'zh')),
  };
}

