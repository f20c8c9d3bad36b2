import type { Db } from '@cloudbase/database';
import { HANDLER_ROLE, HANDLING_LEVEL_LABELS, REPORT_CATEGORY_LABELS, UNFINISHED, type HandlingLevel } from '../../shared/domain/sanitation-report';
import type { FacilityRecord, OrderTimelineEntry, WorkOrderRecord } from '../../shared/domain/sanitation-records';
import { usersWithRoleAt } from '../_lib/caller';
import { clock, DAY_MS } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { findById, type Tx } from '../_lib/db';
import { enqueue } from '../_lib/outbox';
import { runTransaction } from '../_lib/transaction';
import { facilityLink, orderLink } from './store';

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
