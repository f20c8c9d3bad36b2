import type { Db } from '@cloudbase/database';
import { CLOSED_USER_NAME } from '../../shared/domain/account-close';
import { chinaMonth } from '../../shared/domain/china-time';
import { deadlineFrom, HANDLER_ROLE, HANDLING_LEVEL_LABELS, REPORT_CATEGORY_LABELS, UNFINISHED, type HandlingLevel } from '../../shared/domain/sanitation-report';
import type { FacilityRecord, OrderTimelineEntry, ReportRecord, WorkOrderRecord } from '../../shared/domain/sanitation-records';
import type { Audience } from '../../shared/domain/notifications-records';
import { usersWithRoleAt } from '../_lib/caller';
import { clock, DAY_MS } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { findById, type Tx } from '../_lib/db';
import { enqueue, enqueueAudience, fanOutRowId, outboxRow, type Message } from '../_lib/outbox';
import { attachPhotos, photosChecked } from '../_lib/storage';
import { runTransaction } from '../_lib/transaction';
import { describe, heldMessage, ORDER_PHOTOS_CAP } from './orders';
import { facilityLink, handlersAudience, orderIdOf, orderLink } from './store';

/** Orders looked at per run; the next run takes the rest. */
export const OVERDUE_BATCH = 200;
/** A run stops after this much wall-clock time, well inside the function's timeout. */
export const TIMER_BUDGET_MS = 15_000;

/** Where an overdue order is escalated: a village's to its town, a town's to the county, a county's stays at the county. */
function escalationTarget(o: WorkOrderRecord): { level: HandlingLevel; unitId: string } {
  if (o.level === 'village') return { level: 'town', unitId: o.townId };
  return { level: 'county', unitId: o.countyId };
}

/**
 * Overdue orders are told to the level above, once per deadline. Safe when runs overlap: each order is
 * claimed in a transaction that re-reads `escalatedAt`, so of two runs only one writes and tells.
 */
export async function escalateOverdue(ctx: { db: Db }): Promise<{ escalated: number }> {
  const { db } = ctx;
  const _ = db.command;
  const started = Date.now();
  const now = clock.nowIso();
  const res = await db
    .collection(COLLECTIONS.sanitationOrders.name)
    .where({ status: _.in([...UNFINISHED]), deadlineAt: _.lt(now), escalatedAt: null })
    .orderBy('deadlineAt', 'asc')
    .limit(OVERDUE_BATCH)
    .get();
  let escalated = 0;
  for (const candidate of res.data as WorkOrderRecord[]) {
    if (Date.now() - started > TIMER_BUDGET_MS) break;
    const target = escalationTarget(candidate);
    const to = (await usersWithRoleAt(db, HANDLER_ROLE[target.level], target.unitId)).map((u) => u._id);
    const wrote = await runTransaction(db, async (tx: Tx) => {
      const o = await findById<WorkOrderRecord>(tx, COLLECTIONS.sanitationOrders.name, candidate._id);
      if (!o || o.escalatedAt !== null || !UNFINISHED.includes(o.status) || o.deadlineAt >= now) return false;
      const entry: OrderTimelineEntry = { at: now, action: 'escalate', actorId: '', actorName: '系统', note: `超过时限未处理，已报${HANDLING_LEVEL_LABELS[target.level]}督办` };
      await tx.collection(COLLECTIONS.sanitationOrders.name).doc(o._id).update({ escalatedAt: now, updatedAt: now, timeline: _.push([entry]) });
      await enqueue(tx, to, {
        kind: 'sanitation.overdue',
        title: '随手拍超期未处理',
        body: `${o.villageName}「${o.facilityName ?? o.placeText}」${REPORT_CATEGORY_LABELS[o.category]}（${o.status === 'open' ? '无人接单' : `${o.handlerName ?? ''}处理中`}）已超过时限，请督办。`,
        link: orderLink(o),
      });
      // The reporters hear every step, this one too.
      await enqueue(tx, o.reporterIds, {
        kind: 'sanitation.progress',
        title: '您的随手拍已报上级督办',
        body: `${o.villageName}「${o.facilityName ?? o.placeText}」超过时限还没处理好，已报${HANDLING_LEVEL_LABELS[target.level]}督办。`,
        link: orderLink(o),
      });
      return true;
    });
    if (wrote) escalated++;
  }
  return { escalated };
}

/** Collection points looked at per run. */
export const COLLECTION_BATCH = 200;

/**
 * A collection point not collected within its interval tells its responsible unit (the village's
 * cadres; a town's point its town cadres), once per missed interval. Safe when runs overlap: the claim
 * is moving `collectDueAt` on by one interval in a transaction that re-reads it.
 */
export async function alertUncollected(ctx: { db: Db }): Promise<{ alerted: number }> {
  const { db } = ctx;
  const _ = db.command;
  const started = Date.now();
  const now = clock.nowIso();
  const res = await db
    .collection(COLLECTIONS.sanitationFacilities.name)
    .where({ kind: 'collection-point', collectDueAt: _.lt(now) })
    .orderBy('collectDueAt', 'asc')
    .limit(COLLECTION_BATCH)
    .get();
  let alerted = 0;
  for (const candidate of res.data as FacilityRecord[]) {
    if (Date.now() - started > TIMER_BUDGET_MS) break;
    if (candidate.status === 'retired' || !candidate.collectEveryDays) continue;
    const role = candidate.villageId ? 'village-cadre' : 'town-cadre';
    const to = (await usersWithRoleAt(db, role, candidate.villageId ?? candidate.townId ?? candidate.countyId)).map((u) => u._id);
    const wrote = await runTransaction(db, async (tx: Tx) => {
      const f = await findById<FacilityRecord>(tx, COLLECTIONS.sanitationFacilities.name, candidate._id);
      if (!f || !f.collectDueAt || f.collectDueAt >= now || !f.collectEveryDays) return false;
      const next = new Date(Math.max(Date.parse(f.collectDueAt) + f.collectEveryDays * DAY_MS, Date.parse(now) + 3600_000)).toISOString();
      await tx.collection(COLLECTIONS.sanitationFacilities.name).doc(f._id).update({ collectDueAt: next });
      await enqueue(tx, to, {
        kind: 'sanitation.collectionDue',
        title: '垃圾收集点超时未清运',
        body: `${f.unitName}「${f.name}」（${f.place.description}）超过 ${f.collectEveryDays} 天没有清运记录，请安排清运并登记。`,
        link: facilityLink(f),
      });
      return true;
    });
    if (wrote) alerted++;
  }
  return { alerted };
}

/**
 * How the dispatch timer pages: mutable so a test can shrink the pages and the budget of the real
 * timer (runTimer('dispatch')). Sanitation's timeout is 20 s; a run stops well inside it.
 */
export const DISPATCH_RUN = { pageSize: 50, budgetMs: 8_000 };

/** The fan-out that tells an order's handlers of one report (the dispatcher expands it in bounded pages). */
const fanOutIdOf = (reportId: string) => `fo-${reportId}`;
/** Its outbox rows' id prefix: 28 characters, so that a row id with a registered user's (34) stays within the 64 of an id. */
const rowPrefixOf = (reportId: string) => `sn${reportId.slice(2, 28)}`;

/**
 * Tells of one report inside its dispatch: the handlers through one fan-out (an order with a handler:
 * that handler directly), the reporter (and the author of held text) in outbox rows. The reporter's row
 * takes the id the fan-out would give them, so a handler who reports a problem is told once, as its reporter.
 */
async function tellOfReport(tx: Tx, r: ReportRecord, handlers: { audience: Audience } | { ids: string[] }, toHandlers: Message, toReporter: Message): Promise<void> {
  const rowPrefix = rowPrefixOf(r._id);
  const held = r.moderation?.held ?? [];
  if ('audience' in handlers) await enqueueAudience(tx, fanOutIdOf(r._id), handlers.audience, toHandlers, rowPrefix);
  else await enqueue(tx, handlers.ids.filter((id) => id !== r.reporterId), toHandlers);
  // A reporter who closed the account since (the erasure renamed the report) is told nothing more.
  if (r.reporterName === CLOSED_USER_NAME) return;
  await tx.collection(COLLECTIONS.notifications.name).add(outboxRow(fanOutRowId(rowPrefix, r.reporterId), r.reporterId, toReporter));
  if (held.length) await tx.collection(COLLECTIONS.notifications.name).add(outboxRow(`${rowPrefix}-held`, held[0]!.authorId, heldMessage(held, toReporter.link)));
}

/** The order a report opens (`f`: its facility as the dispatch read it), routed as it was when received. */
function orderOf(r: ReportRecord, f: FacilityRecord | null, now: string): WorkOrderRecord {
  const held = r.moderation?.held ?? [];
  return {
    _id: orderIdOf(r._id),
    category: r.category,
    facilityId: f?._id ?? r.facilityId,
    facilityName: f?.name ?? r.facilityName,
    placeText: r.placeText,
    villageId: r.villageId,
    villageName: r.villageName,
    townId: r.villagePath[1] ?? r.villageId,
    countyId: r.villagePath[0]!,
    path: r.villagePath,
    level: r.route.level,
    handlerUnitId: r.route.handlerUnitId,
    ruleId: r.route.ruleId,
    routeReason: r.route.reason,
    deadlineHours: r.route.deadlineHours,
    status: 'open',
    handlerId: null,
    handlerName: null,
    reporterIds: [r.reporterId],
    public: held.length === 0,
    note: r.note,
    firstReporterId: r.reporterId,
    reportCount: 1,
    // The reporter's clock started when it was received (受理), not when it was dispatched.
    deadlineAt: deadlineFrom(r.createdAt, r.route.deadlineHours),
    escalatedAt: null,
    fixNote: null,
    fixedAt: null,
    fixedOnTime: null,
    reopenCount: 0,
    closedAt: null,
    month: chinaMonth(new Date(r.createdAt)),
    timeline: [{ at: r.createdAt, action: 'submit', actorId: r.reporterId, actorName: r.reporterName, note: r.note, ...(r.note ? { field: 'note' } : {}) }],
    photos: [],
    photosChecked: true,
    createdAt: r.createdAt,
    updatedAt: now,
    ...(held.length ? { moderation: { held } } : {}),
  };
}

/**
 * 派单 of one report, in its own transaction: it joins its facility's unfinished order or opens one,
 * its photos go to that order (one gone or used elsewhere since is left out), the handlers and the
 * reporter are told, and the report is marked dispatched. The transaction re-reads the report, so of
 * two runs at once only one dispatches it; ids are deterministic, so a rerun makes no second order or notice.
 */
export async function dispatchReport(db: Db, reportId: string): Promise<'opened' | 'joined' | null> {
  const _ = db.command;
  const now = clock.nowIso();
  return runTransaction(db, async (tx: Tx) => {
    const r = await findById<ReportRecord>(tx, COLLECTIONS.sanitationReports.name, reportId);
    if (!r || r.dispatched) return null;
    const f = r.facilityId ? await findById<FacilityRecord>(tx, COLLECTIONS.sanitationFacilities.name, r.facilityId) : null;
    const open = f?.openOrderId ? await findById<WorkOrderRecord>(tx, COLLECTIONS.sanitationOrders.name, f.openOrderId) : null;
    if (open && open.status !== 'closed') {
      // Merged: the order is fixed once; this report is kept as its own record, and its reporter follows the order.
      const added = await attachPhotos(tx, r.photoIds, r.reporterId, { collection: COLLECTIONS.sanitationOrders.name, id: open._id }, 'before', { dropInvalid: true });
      const photos = [...open.photos, ...added].slice(0, ORDER_PHOTOS_CAP);
      const entry: OrderTimelineEntry = { at: r.createdAt, action: 'merge', actorId: r.reporterId, actorName: r.reporterName, note: null };
      const known = open.reporterIds.includes(r.reporterId);
      await tx
        .collection(COLLECTIONS.sanitationOrders.name)
        .doc(open._id)
        .update({
          reportCount: _.inc(1),
          updatedAt: now,
          timeline: _.push([entry]),
          ...(known ? {} : { reporterIds: _.push([r.reporterId]) }),
          ...(added.length ? { photos, photosChecked: photosChecked(photos) } : {}),
        });
      await tellOfReport(
        tx,
        r,
        open.handlerId ? { ids: [open.handlerId] } : { audience: handlersAudience(open) },
        { kind: 'sanitation.reported', title: '又有人报告了同一个问题', body: `${describe(open)}：已有 ${open.reportCount + 1} 人报告，请尽快处理。`, link: orderLink(open) },
        {
          kind: 'sanitation.progress',
          title: '您的随手拍已派单',
          body: `${describe(open)}已有人报告过，已并入同一张工单（${open.status === 'open' ? '待接单' : '处理中'}），处理进展会一并告诉您。`,
          link: orderLink(open),
        },
      );
      await tx.collection(COLLECTIONS.sanitationReports.name).doc(r._id).update({ orderId: open._id, merged: true, dispatched: true, dispatchedAt: now });
      return 'joined';
    }
    const order = orderOf(r, f, now);
    order.photos = await attachPhotos(tx, r.photoIds, r.reporterId, { collection: COLLECTIONS.sanitationOrders.name, id: order._id }, 'before', { dropInvalid: true });
    order.photosChecked = photosChecked(order.photos);
    await tx.collection(COLLECTIONS.sanitationOrders.name).add(order);
    if (f) await tx.collection(COLLECTIONS.sanitationFacilities.name).doc(f._id).update({ openOrderId: order._id, updatedAt: now });
    const level = HANDLING_LEVEL_LABELS[order.level];
    await tellOfReport(
      tx,
      r,
      { audience: handlersAudience(order) },
      { kind: 'sanitation.reported', title: '有新的随手拍待处理', body: `${describe(order)}，请在${order.deadlineHours}小时内处理（${order.routeReason}）。`, link: orderLink(order) },
      { kind: 'sanitation.progress', title: '您的随手拍已派单', body: `${describe(order)}：已派给${level}负责，${order.deadlineHours}小时内处理，进展会随时告诉您。`, link: orderLink(order) },
    );
    await tx.collection(COLLECTIONS.sanitationReports.name).doc(r._id).update({ orderId: order._id, merged: false, dispatched: true, dispatchedAt: now });
    return 'opened';
  });
}

/**
 * The dispatch timer (派单): reports received and not yet dispatched, oldest first, in pages, each in its
 * own transaction (dispatchReport). A run stops after its wall-clock budget — but only once it has
 * tried one, so every run gets further — and the next run resumes with what is left (the queue is
 * the index on `dispatched`, `createdAt`). A report that fails is logged and left for the next run;
 * the page goes on. Safe when runs overlap: see dispatchReport.
 */
export async function dispatchReports(ctx: { db: Db }): Promise<{ dispatched: number; failed: number; more: boolean }> {
  const { db } = ctx;
  const _ = db.command;
  const { pageSize, budgetMs } = DISPATCH_RUN;
  const stopAt = Date.now() + budgetMs;
  let dispatched = 0;
  let failed = 0;
  let tried = 0;
  // Keyset by createdAt within a run (≥ the last page's newest, skipping what this run tried), so a
  // report that keeps failing never holds up the ones behind it.
  let from: string | null = null;
  const seen = new Set<string>();
  for (;;) {
    const res = await db
      .collection(COLLECTIONS.sanitationReports.name)
      .where(from ? { dispatched: false, createdAt: _.gte(from) } : { dispatched: false })
      .orderBy('createdAt', 'asc')
      .limit(pageSize)
      .field({ _id: true, createdAt: true })
      .get();
    const page = res.data as Pick<ReportRecord, '_id' | 'createdAt'>[];
    const fresh = page.filter((r) => !seen.has(r._id));
    for (const r of fresh) {
      if (tried > 0 && Date.now() >= stopAt) return { dispatched, failed, more: true };
      tried++;
      seen.add(r._id);
      try {
        if (await dispatchReport(db, r._id)) dispatched++;
      } catch (err) {
        failed++;
        console.error(JSON.stringify({ level: 'error', fn: 'sanitation', timer: 'dispatch', reportId: r._id, message: String((err as Error)?.stack ?? err) }));
      }
    }
    if (page.length < pageSize || !fresh.length) return { dispatched, failed, more: false };
    from = page[page.length - 1]!.createdAt;
  }
}
