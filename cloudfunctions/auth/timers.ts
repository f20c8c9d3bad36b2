/**
 * 注销账号's staged part (timer `erase`): each closed account's erasure job (close.ts writes it before
 * it empties the record) is worked off step by step, one bounded page a request round, as closing.ts
 * says for each collection. A run claims one job at a time with a lease, moves the job's step and
 * cursor only while it still holds the claim, and stops after its wall-clock budget; the next run
 * resumes where the last page ended (a run that died loses the job when its lease runs out). Every
 * page is idempotent (it re-reads what it changes and skips what is done), so a page repeated after
 * a crash changes nothing twice and tells nobody twice.
 */
import type { Db } from '@cloudbase/database';
import { CLOSED_USER_NAME, handoverRefusal } from '../../shared/domain/account-close';
import type { CareRecipientRecord, PartyRegistrationRecord } from '../../shared/domain/admin-records';
import type { AlertGridRecord } from '../../shared/domain/alert-records';
import { chinaClock, chinaDate } from '../../shared/domain/china-time';
import type { CouncilHonourRecord, CouncilNominationRecord, CouncilRecord } from '../../shared/domain/council-records';
import { publicName, surnameOf } from '../../shared/domain/names';
import type { OutboxRecord } from '../../shared/domain/notifications-records';
import type { PhotoRecord } from '../../shared/domain/photo-records';
import type { BookerRecord, BookingRecord, HomeVisitRecord, PoliceHomeRecord } from '../../shared/domain/police-records';
import type { AccountErasureRecord, UserRecord, WishRecord } from '../../shared/domain/records';
import type { ReportRecord, WorkOrderRecord } from '../../shared/domain/sanitation-records';
import type { VolunteerRecord } from '../../shared/domain/volunteer-records';
import { nextWishStatus } from '../../shared/domain/wish-state';
import { recordAudit } from '../_lib/audit';
import { usersWithRoleAt } from '../_lib/caller';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { findById, isDuplicateKey, readByIds, type Tx } from '../_lib/db';
import { drainEffects } from '../_lib/effects';
import { enqueue } from '../_lib/outbox';
import { currentFileStore, photosChecked } from '../_lib/storage';
import { runTransaction } from '../_lib/transaction';
import { officerIds } from '../police/store';
import { volunteerIdOf } from '../volunteers/store';
import { closeAuditIdOf, emptyRecord, readForClose } from './close';

export interface EraseOptions {
  /** Records a page reads and writes at most. */
  pageSize: number;
  /** Wall-clock time a run may spend before it leaves the rest to the next run (auth's timeout is 10 s). */
  budgetMs: number;
  /** How long a claim holds a job: longer than any run, so a live run never loses it. */
  leaseMs: number;
}

/** Mutable so a test can shrink the pages and the budget of the real timer (runTimer('erase')). */
export const ERASE_DEFAULTS: EraseOptions = { pageSize: 50, budgetMs: 4_000, leaseMs: 60_000 };

const CLOSE_REASON = '许愿人注销了账号';

interface Page {
  db: Db;
  job: AccountErasureRecord;
  cursor: string | null;
  size: number;
  requestId: string;
}

/** A step's answer: the cursor its next page starts from, `AGAIN` (the same query again: what it changed no longer matches), or null when the step is done. */
type Next = string | null;
const AGAIN = '';

/** The next page of a query whose matches stay matched (keyset by _id), and where the following page starts. */
async function keyset<T extends { _id: string }>(p: Page, collection: string, where: object): Promise<{ rows: T[]; next: Next }> {
  const _ = p.db.command;
  const res = await p.db
    .collection(collection)
    .where(p.cursor ? _.and([where, { _id: _.gt(p.cursor) }]) : where)
    .orderBy('_id', 'asc')
    .limit(p.size)
    .get();
  const rows = res.data as T[];
  return { rows, next: rows.length < p.size ? null : rows[rows.length - 1]!._id };
}

/** The next page of a query whose matches leave it once handled (re-read from the start until empty). */
async function draining<T>(p: Page, collection: string, where: object): Promise<{ rows: T[]; next: Next }> {
  const res = await p.db.collection(collection).where(where).limit(p.size).get();
  const rows = res.data as T[];
  return { rows, next: rows.length < p.size ? null : AGAIN };
}

/** One update over every matching record (a single request, however many): fields that only lose the name. */
function everywhere(collection: string, where: (id: string, db: Db) => object, patch: object) {
  return async (p: Page): Promise<Next> => {
    await p.db.collection(collection).where(where(p.job.userId, p.db)).update(patch);
    return null;
  };
}

function removeAll(collection: string, where: (id: string) => object) {
  return async (p: Page): Promise<Next> => {
    await p.db.collection(collection).where(where(p.job.userId)).remove();
    return null;
  };
}

/** The audit entry of what a page withdrew for the person (ids only), in the page's transaction. */
async function auditWithdrawn(tx: Tx, p: Page, after: Record<string, string[]>): Promise<void> {
  if (!Object.values(after).some((ids) => ids.length)) return;
  await recordAudit(tx, { _id: p.job.userId, name: CLOSED_USER_NAME }, p.requestId, {
    action: 'auth.closeAccount.withdraw',
    target: { collection: COLLECTIONS.users.name, id: p.job.userId },
    // Where the person lived, like the close's own entry, so the supervisors there read it.
    path: p.job.path ?? [],
    before: null,
    after,
  });
}

function when(b: BookingRecord): string {
  const date = chinaDate(b.startAt);
  return `${date.slice(5, 7)}月${date.slice(8, 10)}日 ${chinaClock(b.startAt)}`;
}

async function homesOf(db: Db, homeIds: string[]): Promise<Map<string, PoliceHomeRecord>> {
  const homes = await readByIds<PoliceHomeRecord>(db, COLLECTIONS.policeHomes.name, [...new Set(homeIds)]);
  return new Map(homes.map((h) => [h._id, h]));
}

/**
 * The close itself, from its job. A close that stopped between its job and the record (the job held
 * meanwhile, CLOSE_HOLD_MS, so this is never a close still under way) is finished now if the person
 * may still close, or its job withdrawn (nothing else of it was written, and a later close writes it
 * anew). Then the close's audit entry, once (its id is the account's), at the time the record was
 * emptied and with the close's request: ids only, what the person asked to delete stays out.
 */
async function closeRecord(p: Page): Promise<Next> {
  const { db, job } = p;
  const user = await findById<UserRecord>(db, COLLECTIONS.users.name, job.userId);
  let closedAt = user?.closedAt ?? null;
  if (user && !closedAt) {
    const read = await readForClose(db, job.userId, clock.now());
    const may = read !== null && !read.user.closedAt && !handoverRefusal(read.user.roles) && read.blockers.length === 0;
    if (may && (await emptyRecord(db, job.userId, job.createdAt))) closedAt = job.createdAt;
    else {
      await db.collection(COLLECTIONS.accountErasures.name).where({ _id: job._id, claim: job.claim }).remove();
      // Closed after all, by a retry of the close in the meantime: its job must stay, as it was.
      const now = await findById<UserRecord>(db, COLLECTIONS.users.name, job.userId);
      if (!now?.closedAt) return null;
      await db.collection(COLLECTIONS.accountErasures.name).add({ ...job, claim: null, leaseUntil: clock.nowIso() });
      return null;
    }
  }
  if (!job.requestId || !closedAt) return null;
  try {
    await recordAudit(db, { _id: job.userId, name: CLOSED_USER_NAME }, job.requestId, {
      id: closeAuditIdOf(job.userId),
      at: closedAt,
      action: 'auth.closeAccount',
      target: { collection: COLLECTIONS.users.name, id: job.userId },
      // Where the person lived, so the supervisors there see that the account closed (the record itself is emptied).
      path: job.path ?? [],
      before: null,
      after: { closedAt, erasureId: job._id },
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  return null;
}

/** Unclaimed wishes (awaiting review too) are withdrawn; every wish stays off the wall (close.ts did it, repeated here). */
async function wishes(p: Page): Promise<Next> {
  const { db, job } = p;
  const _ = db.command;
  if (p.cursor === null) await db.collection(COLLECTIONS.wishes.name).where({ wisherId: job.userId, wisherClosed: _.neq(true) }).update({ wisherClosed: true });
  const { rows, next } = await draining<WishRecord>(p, COLLECTIONS.wishes.name, { wisherId: job.userId, status: _.in(['pending_review', 'open']) });
  if (!rows.length) return null;
  const now = clock.nowIso();
  let changed = 0;
  await runTransaction(db, async (tx: Tx) => {
    const done: string[] = [];
    for (const row of rows) {
      const w = await findById<WishRecord>(tx, COLLECTIONS.wishes.name, row._id);
      const status = w ? nextWishStatus(w.status, 'cancel') : null;
      if (!w || !status) continue;
      const entry = { at: now, action: 'cancel', actorId: job.userId, actorName: CLOSED_USER_NAME, note: CLOSE_REASON };
      await tx.collection(COLLECTIONS.wishes.name).doc(w._id).update({ status, reason: CLOSE_REASON, updatedAt: now, timeline: _.push([entry]), wisherClosed: true });
      done.push(w._id);
    }
    await auditWithdrawn(tx, p, { cancelledWishIds: done });
    changed = done.length;
  });
  return changed ? next : null;
}

/** Bookings still ahead are cancelled and their seats freed (in the same transaction, so exactly once); the officers are told. */
async function bookings(p: Page): Promise<Next> {
  const { db, job } = p;
  const _ = db.command;
  const { rows, next } = await draining<BookingRecord>(p, COLLECTIONS.policeBookings.name, { userId: job.userId, status: 'booked', endAt: _.gt(clock.nowIso()) });
  if (!rows.length) return null;
  const homes = await homesOf(db, rows.map((b) => b.homeId));
  const now = clock.nowIso();
  let changed = 0;
  await runTransaction(db, async (tx: Tx) => {
    const done: string[] = [];
    for (const b of rows) {
      const cur = await findById<BookingRecord>(tx, COLLECTIONS.policeBookings.name, b._id);
      if (!cur || cur.status !== 'booked') continue;
      await tx.collection(COLLECTIONS.policeBookings.name).doc(b._id).update({ status: 'cancelled', updatedAt: now });
      await tx.collection(COLLECTIONS.policeSlots.name).doc(b.slotId).update({ booked: _.inc(-1) });
      const home = homes.get(b.homeId);
      await enqueue(tx, home ? officerIds(home) : [], {
        kind: 'police.cancelled',
        title: '预约已取消',
        body: `一位居民注销了账号，${when(b)}的「${b.serviceName}」预约已取消，名额已放出。`,
        link: { page: 'police-workbench', id: b.homeId },
      });
      done.push(b._id);
    }
    const booker = done.length ? await findById<BookerRecord>(tx, COLLECTIONS.policeBookers.name, job.userId) : null;
    if (booker) await tx.collection(COLLECTIONS.policeBookers.name).doc(job.userId).update({ held: booker.held.filter((h) => !done.includes(h.bookingId)), updatedAt: now });
    await auditWithdrawn(tx, p, { cancelledBookingIds: done });
    changed = done.length;
  });
  return changed ? next : null;
}

/** Home visits not yet made are withdrawn; the officers are told. */
async function visits(p: Page): Promise<Next> {
  const { db, job } = p;
  const { rows, next } = await draining<HomeVisitRecord>(p, COLLECTIONS.policeHomeVisits.name, { subjectId: job.userId, status: db.command.in(['requested', 'scheduled']) });
  if (!rows.length) return null;
  const homes = await homesOf(db, rows.map((v) => v.homeId));
  const now = clock.nowIso();
  let changed = 0;
  await runTransaction(db, async (tx: Tx) => {
    const done: string[] = [];
    for (const v of rows) {
      const cur = await findById<HomeVisitRecord>(tx, COLLECTIONS.policeHomeVisits.name, v._id);
      if (!cur || (cur.status !== 'requested' && cur.status !== 'scheduled')) continue;
      await tx.collection(COLLECTIONS.policeHomeVisits.name).doc(v._id).update({ status: 'withdrawn', updatedAt: now });
      const home = homes.get(v.homeId);
      await enqueue(tx, home ? officerIds(home) : [], {
        kind: 'police.visitWithdrawn',
        title: '上门服务申请已撤回',
        body: '一位居民注销了账号，为他（她）申请的上门服务已撤回。',
        link: { page: 'police-workbench', id: v.homeId },
      });
      done.push(v._id);
    }
    await auditWithdrawn(tx, p, { withdrawnVisitIds: done });
    changed = done.length;
  });
  return changed ? next : null;
}

/** Out of every grid's 网格党小组: alerts must stop going to a closed account. */
async function partyGroups(p: Page): Promise<Next> {
  const { db, job } = p;
  const { rows, next } = await draining<{ _id: string }>(p, COLLECTIONS.orgUnits.name, { partyGroupMemberIds: job.userId });
  for (const g of rows) await db.collection(COLLECTIONS.orgUnits.name).doc(g._id).update({ partyGroupMemberIds: db.command.pull(job.userId) });
  return rows.length ? next : null;
}

/** 议事会: out of every member body (read again in the transaction, so a save meanwhile is not overwritten). */
async function councils(p: Page): Promise<Next> {
  const { db, job } = p;
  const id = job.userId;
  const { rows, next } = await draining<CouncilRecord>(p, COLLECTIONS.councils.name, { 'bodies.representativeIds': id });
  if (!rows.length) return null;
  const now = clock.nowIso();
  let changed = 0;
  await runTransaction(db, async (tx: Tx) => {
    changed = 0;
    for (const row of rows) {
      const c = await findById<CouncilRecord>(tx, COLLECTIONS.councils.name, row._id);
      if (!c || !c.bodies.some((b) => b.representativeIds.includes(id))) continue;
      const bodies = c.bodies.map((b) => ({ ...b, representativeIds: b.representativeIds.filter((r) => r !== id) }));
      await tx.collection(COLLECTIONS.councils.name).doc(c._id).update({ bodies, updatedAt: now });
      changed++;
    }
  });
  return changed ? next : null;
}

/** A nominee still before the vote leaves the round (nobody is voted for as 已注销用户); in a vote or after it, the count stands. */
async function nominations(p: Page): Promise<Next> {
  const { db, job } = p;
  const { rows, next } = await keyset<CouncilNominationRecord>(p, COLLECTIONS.councilNominations.name, { nomineeId: job.userId });
  const todo = rows.filter((n) => n.nomineeName !== CLOSED_USER_NAME || n.status === 'standing');
  if (!todo.length) return next;
  await runTransaction(db, async (tx: Tx) => {
    for (const row of todo) {
      const nom = await findById<CouncilNominationRecord>(tx, COLLECTIONS.councilNominations.name, row._id);
      if (!nom) continue;
      const honour = nom.status === 'standing' ? await findById<CouncilHonourRecord>(tx, COLLECTIONS.councilHonours.name, nom.honourId) : null;
      const withdraw = honour !== null && (honour.status === 'nominating' || honour.status === 'publicity');
      if (nom.nomineeName === CLOSED_USER_NAME && !withdraw) continue;
      await tx
        .collection(COLLECTIONS.councilNominations.name)
        .doc(nom._id)
        .update({ nomineeName: CLOSED_USER_NAME, nomineeGender: null, ...(withdraw ? { status: 'withdrawn' as const, withdrawnReason: '被提名人注销了账号' } : {}) } satisfies Partial<CouncilNominationRecord>);
    }
  });
  return next;
}

/** 预警: the grid's acknowledgements keep their counts and time, not the grid leader's name. */
async function alertAcks(p: Page): Promise<Next> {
  const { db, job } = p;
  const id = job.userId;
  const { rows, next } = await keyset<AlertGridRecord>(p, COLLECTIONS.alertGrids.name, { 'acks.userId': id });
  const todo = rows.filter((g) => g.acks.some((a) => a.userId === id && a.name !== CLOSED_USER_NAME));
  if (!todo.length) return next;
  await runTransaction(db, async (tx: Tx) => {
    for (const row of todo) {
      const g = await findById<AlertGridRecord>(tx, COLLECTIONS.alertGrids.name, row._id);
      if (g) await tx.collection(COLLECTIONS.alertGrids.name).doc(g._id).update({ acks: g.acks.map((a) => (a.userId === id ? { ...a, name: CLOSED_USER_NAME } : a)) });
    }
  });
  return next;
}

/** The orders' side of 随手拍: the person's photos ('before') come off, their name leaves the timeline. */
async function scrubOrders(p: Page, orderIds: string[]): Promise<void> {
  const { db, job } = p;
  const id = job.userId;
  if (!orderIds.length) return;
  await runTransaction(db, async (tx: Tx) => {
    for (const orderId of new Set(orderIds)) {
      const o = await findById<WorkOrderRecord>(tx, COLLECTIONS.sanitationOrders.name, orderId);
      if (!o) continue;
      const gone = o.photos.filter((r) => r.ownerId === id && r.role === 'before');
      const named = o.timeline.some((e) => e.actorId === id && e.actorName !== CLOSED_USER_NAME);
      if (!gone.length && !named) continue;
      const photos = o.photos.filter((r) => !gone.includes(r));
      const timeline = o.timeline.map((e) => (e.actorId === id ? { ...e, actorName: CLOSED_USER_NAME } : e));
      await tx.collection(COLLECTIONS.sanitationOrders.name).doc(orderId).update({ photos, photosChecked: photosChecked(photos), timeline });
      for (const r of gone) await tx.collection(COLLECTIONS.photos.name).doc(r.photoId).update({ target: null });
    }
  });
}

async function reportOrders(p: Page): Promise<Next> {
  const { rows, next } = await keyset<ReportRecord>(p, COLLECTIONS.sanitationReports.name, { reporterId: p.job.userId });
  await scrubOrders(p, rows.flatMap((r) => (r.orderId ? [r.orderId] : [])));
  return next;
}

async function photoOrders(p: Page): Promise<Next> {
  const { rows, next } = await keyset<PhotoRecord>(p, COLLECTIONS.photos.name, { ownerId: p.job.userId, 'target.collection': COLLECTIONS.sanitationOrders.name });
  await scrubOrders(p, rows.flatMap((ph) => (ph.target ? [ph.target.id] : [])));
  return next;
}

/** The person's photos no record keeps (their 随手拍 photos, detached above, and any never attached): the files, then the records. */
async function photos(p: Page): Promise<Next> {
  const { db, job } = p;
  const { rows, next } = await draining<PhotoRecord>(p, COLLECTIONS.photos.name, { ownerId: job.userId, target: null });
  if (!rows.length) return null;
  // Files first: a repeated page finds the records again and removes what is left (removing a missing file is harmless).
  await currentFileStore().remove(rows.map((ph) => ph.fileId));
  await db.collection(COLLECTIONS.photos.name).where({ _id: db.command.in(rows.map((ph) => ph._id)) }).remove();
  return next;
}

/** 志愿者: the certificate still verifies (surname, community, code, hours); the rest goes, and the volunteer leaves the lists. */
async function volunteer(p: Page): Promise<Next> {
  const { db, job } = p;
  const v = await findById<VolunteerRecord>(db, COLLECTIONS.volunteers.name, volunteerIdOf(job.userId));
  if (v && !v.closedAt) {
    const now = clock.nowIso();
    await db.collection(COLLECTIONS.volunteers.name).doc(v._id).update({ name: surnameOf(v.name), skills: [], availability: [], closedAt: now, updatedAt: now } satisfies Partial<VolunteerRecord>);
  }
  return null;
}

/** 网格关爱: the grid keeps caring for the person offline; the entry no longer points at a closed account. */
async function care(p: Page): Promise<Next> {
  const { db, job } = p;
  const { rows, next } = await draining<CareRecipientRecord>(p, COLLECTIONS.careRecipients.name, { userId: job.userId });
  const now = clock.nowIso();
  for (const e of rows) await db.collection(COLLECTIONS.careRecipients.name).where({ _id: e._id, userId: job.userId }).update({ userId: null, updatedAt: now });
  return rows.length ? next : null;
}

/** 双报到: ends (kept for the party organisation's record, as an appointment ending does). */
async function partyRegistration(p: Page): Promise<Next> {
  const { db, job } = p;
  const _ = db.command;
  await db
    .collection(COLLECTIONS.partyRegistrations.name)
    .where({ _id: `pr-${job.userId}`, status: _.nin(['ended', 'declined']) })
    .update({ status: 'ended', decidedAt: clock.nowIso(), decidedById: job.userId } satisfies Partial<PartyRegistrationRecord>);
  return null;
}

/** The ways a notice may name the person: the full name and the public form (苏女士, 苏**). */
function namesOf(job: AccountErasureRecord): string[] {
  if (!job.name) return [];
  return [...new Set([job.name, publicName(job.name, job.gender), publicName(job.name, null)])].sort((a, b) => b.length - a.length);
}

const rewrite = (text: string, names: readonly string[]) => names.reduce((t, n) => t.split(n).join(CLOSED_USER_NAME), text);

/** Notices in others' inboxes about the person (aboutId): the name in them becomes 已注销用户. */
async function notices(p: Page): Promise<Next> {
  const { db, job } = p;
  const names = namesOf(job);
  if (!names.length) return null;
  const { rows, next } = await keyset<OutboxRecord>(p, COLLECTIONS.notifications.name, { aboutId: job.userId });
  for (const n of rows) {
    const title = rewrite(n.title, names);
    const body = rewrite(n.body, names);
    if (title !== n.title || body !== n.body) await db.collection(COLLECTIONS.notifications.name).doc(n._id).update({ title, body });
  }
  return next;
}

/**
 * Notices written before they recorded whom they are about (and any writer that still does not say):
 * those to the cadres of the person's village (a resident asking to join, to volunteer, to report for
 * 双报到), newer than the account, that carry the full name. Cursor: `<cadre index>|<last id>`.
 */
async function olderNotices(p: Page): Promise<Next> {
  const { db, job } = p;
  const _ = db.command;
  if (!job.name || !job.unitId) return null;
  const cadres = (await usersWithRoleAt(db, 'village-cadre', job.unitId)).map((u) => u._id).sort();
  const [at, last] = p.cursor ? [Number(p.cursor.split('|')[0]), p.cursor.split('|')[1] || null] : [0, null];
  const cadre = cadres[at];
  if (!cadre) return null;
  const where = { recipientId: cadre, createdAt: _.gte(job.registeredAt) };
  const res = await db
    .collection(COLLECTIONS.notifications.name)
    .where(last ? _.and([where, { _id: _.gt(last) }]) : where)
    .orderBy('_id', 'asc')
    .limit(p.size)
    .get();
  const rows = res.data as OutboxRecord[];
  for (const n of rows) {
    if (n.aboutId != null || !(n.title.includes(job.name) || n.body.includes(job.name))) continue;
    await db.collection(COLLECTIONS.notifications.name).doc(n._id).update({ title: rewrite(n.title, [job.name]), body: rewrite(n.body, [job.name]), aboutId: job.userId });
  }
  return rows.length < p.size ? `${at + 1}|` : `${at}|${rows[rows.length - 1]!._id}`;
}

/**
 * Changes' carried effects (`_lib/effects.ts`) written out before the inboxes and the audit log are
 * erased and rewritten: a change the person made just before closing (a topic raised) may still carry
 * its audit entry or notices naming them. One bounded drain (the dispatch timer drains every minute as
 * well, and the hold before erasure is days).
 */
async function pendingEffects(p: Page): Promise<Next> {
  await drainEffects(p.db);
  return null;
}

/**
 * The erasure, in order: the open items first (as the close promised), then each collection's rule in
 * closing.ts. A step is a page function; the job records which step and where in it the next page starts.
 */
export const ERASURE_STEPS: readonly { key: string; run: (p: Page) => Promise<Next> }[] = [
  { key: 'users', run: closeRecord },
  { key: 'wishes', run: wishes },
  { key: 'policeBookings', run: bookings },
  { key: 'policeHomeVisits', run: visits },
  { key: 'partyGroups', run: partyGroups },
  { key: 'councils', run: councils },
  // Topics the person raised and nominations they made stay (households supported them, votes counted them), without the name.
  { key: 'councilTopics', run: everywhere(COLLECTIONS.councilTopics.name, (id) => ({ 'raisedBy.userId': id }), { 'raisedBy.name': CLOSED_USER_NAME, 'raisedBy.gender': null }) },
  { key: 'councilTurns', run: everywhere(COLLECTIONS.councilTurns.name, (id) => ({ byId: id }), { byName: CLOSED_USER_NAME }) },
  { key: 'councilNominationsMade', run: everywhere(COLLECTIONS.councilNominations.name, (id) => ({ 'nominatedBy.userId': id }), { 'nominatedBy.name': CLOSED_USER_NAME }) },
  { key: 'councilNominations', run: nominations },
  { key: 'alertGrids', run: alertAcks },
  // 随手拍: the report keeps the problem and the place, not the reporter's name.
  { key: 'sanitationReports', run: everywhere(COLLECTIONS.sanitationReports.name, (id) => ({ reporterId: id }), { reporterName: CLOSED_USER_NAME, reporterGender: null }) },
  { key: 'sanitationOrders', run: reportOrders },
  { key: 'photoOrders', run: photoOrders },
  { key: 'photos', run: photos },
  { key: 'volunteers', run: volunteer },
  // Sign-ups keep the times the hours rest on; used venue bookings their time and purpose.
  { key: 'volunteerSignups', run: everywhere(COLLECTIONS.volunteerSignups.name, (id) => ({ userId: id }), { userName: CLOSED_USER_NAME }) },
  { key: 'venueBookings', run: everywhere(COLLECTIONS.venueBookings.name, (id) => ({ userId: id }), { userName: CLOSED_USER_NAME }) },
  { key: 'careRecipients', run: care },
  { key: 'partyRegistrations', run: partyRegistration },
  { key: 'effects', run: pendingEffects },
  { key: 'notifications', run: removeAll(COLLECTIONS.notifications.name, (id) => ({ recipientId: id })) },
  { key: 'subscriptions', run: removeAll(COLLECTIONS.subscriptions.name, (id) => ({ userId: id })) },
  { key: 'councilFollows', run: removeAll(COLLECTIONS.councilFollows.name, (id) => ({ userId: id })) },
  { key: 'councilHonoured', run: removeAll(COLLECTIONS.councilHonoured.name, (id) => ({ userId: id })) },
  // What the person did stays in the audit log under the account's id, not their name.
  { key: 'auditLog', run: everywhere(COLLECTIONS.auditLog.name, (id) => ({ actorId: id }), { actorName: CLOSED_USER_NAME }) },
  { key: 'notices', run: notices },
  { key: 'olderNotices', run: olderNotices },
];

/** Takes one pending job whose lease ran out (none held by a live run), or null. */
async function claimJob(db: Db, token: string, leaseMs: number): Promise<AccountErasureRecord | null> {
  const _ = db.command;
  const now = clock.now();
  const res = await db
    .collection(COLLECTIONS.accountErasures.name)
    .where({ status: 'pending', leaseUntil: _.lte(now.toISOString()) })
    .orderBy('leaseUntil', 'asc')
    .limit(5)
    .get();
  const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
  for (const job of res.data as AccountErasureRecord[]) {
    // Each job is compared and set on its own: of two runs that saw it, one takes it.
    const took = await db.collection(COLLECTIONS.accountErasures.name).where({ _id: job._id, status: 'pending', leaseUntil: job.leaseUntil }).update({ claim: token, leaseUntil });
    if ((took as { updated?: number }).updated === 1) return { ...job, claim: token, leaseUntil };
  }
  return null;
}

export interface EraseReport {
  pages: number;
  finished: number;
}

/**
 * The erase timer: works off pending erasure jobs page by page until its budget is spent, then hands
 * the job back (lease released) for the next run to resume.
 */
export async function eraseClosedAccounts(db: Db, requestId: string, options: Partial<EraseOptions> = {}): Promise<EraseReport> {
  const o = { ...ERASE_DEFAULTS, ...options };
  const started = Date.now();
  const within = () => Date.now() - started < o.budgetMs;
  const report: EraseReport = { pages: 0, finished: 0 };
  // Every run takes at least one job and does at least one page of it, however small its budget.
  for (let round = 0; round === 0 || within(); round++) {
    const token = `${requestId}#${round}`;
    const job = await claimJob(db, token, o.leaseMs);
    if (!job) break;
    const held = { _id: job._id, claim: token };
    let lost = false;
    for (let page = 0; job.step < ERASURE_STEPS.length && (page === 0 || within()); page++) {
      const next = await ERASURE_STEPS[job.step]!.run({ db, job, cursor: job.cursor, size: o.pageSize, requestId });
      report.pages++;
      const advance = next === null ? { step: job.step + 1, cursor: null } : { step: job.step, cursor: next };
      const moved = await db
        .collection(COLLECTIONS.accountErasures.name)
        .where(held)
        .update({ ...advance, pages: db.command.inc(1), leaseUntil: new Date(clock.now().getTime() + o.leaseMs).toISOString() });
      // Only the run that holds the claim moves the job on: overlapping runs never skip a page.
      if ((moved as { updated?: number }).updated !== 1) {
        lost = true;
        break;
      }
      Object.assign(job, advance);
    }
    if (lost) continue;
    if (job.step >= ERASURE_STEPS.length) {
      // Done: the name kept for finding notices goes too; the job keeps ids and times only.
      const done = await db
        .collection(COLLECTIONS.accountErasures.name)
        .where(held)
        .update({ status: 'done', doneAt: clock.nowIso(), name: null, gender: null, unitId: null, path: [], claim: null });
      if ((done as { updated?: number }).updated === 1) report.finished++;
    } else {
      // Out of time: the job goes back at once for the next run.
      await db.collection(COLLECTIONS.accountErasures.name).where(held).update({ claim: null, leaseUntil: clock.nowIso() });
    }
  }
  return report;
}
