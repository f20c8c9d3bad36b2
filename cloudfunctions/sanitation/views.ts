import type { Db } from '@cloudbase/database';
import { maskPhone } from '../../shared/domain/masking';
import { visibleText } from '../../shared/domain/moderation';
import { publicName } from '../../shared/domain/names';
import { holdsRoleOver } from '../../shared/domain/jurisdiction';
import { canKeepFacility, nextStatuses } from '../../shared/domain/sanitation-facility';
import { allowedOrderActions, isHandler, stepIndexOf, UNFINISHED } from '../../shared/domain/sanitation-report';
import type { FacilityRecord, InspectionRecord, ReportRecord, WorkOrderRecord } from '../../shared/domain/sanitation-records';
import type { UserRecord } from '../../shared/domain/records';
import { clock } from '../_lib/clock';
import { photoViews } from '../_lib/storage';
import { COLLECTIONS } from '../_lib/collections';
import type { Out } from './types';

/** Inspections shown on a facility's page, newest first. */
export const INSPECTIONS_SHOWN = 20;
/** Reporters of one order read back at most (a facility reported by a whole village). */
export const REPORTERS_CAP = 500;

export const ORDER_SUMMARY_FIELDS = ['category', 'facilityName', 'placeText', 'villageName', 'status', 'level', 'deadlineAt', 'reportCount', 'createdAt', 'updatedAt'] as const;

export function facilitySummary(f: FacilityRecord): Out<'facilities'>['items'][number] {
  return {
    id: f._id,
    code: f.code,
    kind: f.kind,
    mode: f.mode,
    name: f.name,
    unitName: f.unitName,
    villageId: f.villageId,
    place: f.place,
    status: f.status,
    hasOpenOrder: f.openOrderId !== null,
  };
}

export async function facilityView(db: Db, f: FacilityRecord, caller: UserRecord): Promise<Out<'facility'>> {
  const keeper = canKeepFacility(caller.roles, f.path);
  const res = await db
    .collection(COLLECTIONS.sanitationInspections.name)
    .where({ facilityId: f._id })
    .orderBy('createdAt', 'desc')
    .limit(INSPECTIONS_SHOWN)
    .get();
  const inspections = (res.data as InspectionRecord[]).map((i) => ({
    id: i._id,
    date: i.date,
    // Residents read who inspected by surname; the findings passed the content check or wait for a cadre.
    inspectorName: keeper ? i.inspectorName : publicName(i.inspectorName, null),
    ok: i.ok,
    findings: String(visibleText(i.moderation, 'findings', i.findings, { id: caller._id, isCadre: keeper })),
  }));
  return {
    ...facilitySummary(f),
    capacity: f.capacity,
    householdsServed: f.householdsServed,
    collectEveryDays: f.collectEveryDays,
    responsible: { unitName: f.responsible.unitName, personName: f.responsible.personName, phone: keeper ? f.responsible.phone : maskPhone(f.responsible.phone) },
    history: f.history.map((h) => ({ status: h.status, at: h.at, byName: keeper ? h.byName : publicName(h.byName, null), note: h.note })),
    inspections,
    lastInspectedAt: f.lastInspectedAt,
    lastCollectedAt: f.lastCollectedAt,
    openOrderId: f.openOrderId,
    canKeep: keeper,
    nextStatuses: keeper ? [...nextStatuses(f.status)] : [],
  };
}

export function orderSummary(o: Pick<WorkOrderRecord, '_id' | (typeof ORDER_SUMMARY_FIELDS)[number]>): Out<'orders'>['items'][number] {
  return {
    id: o._id,
    category: o.category,
    facilityName: o.facilityName,
    placeText: o.placeText,
    villageName: o.villageName,
    status: o.status,
    level: o.level,
    deadlineAt: o.deadlineAt,
    overdue: UNFINISHED.includes(o.status) && Date.parse(o.deadlineAt) < clock.now().getTime(),
    reportCount: o.reportCount,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}

/** Those who read full names and held text on an order: its handlers and the cadres and supervisors over its place. */
export function isOrderCadre(o: WorkOrderRecord, caller: UserRecord): boolean {
  return isHandler(o, { id: caller._id, grants: caller.roles }) || holdsRoleOver(caller.roles, ['village-cadre', 'town-cadre', 'county-admin', 'supervisor'], o.path);
}

export async function orderView(db: Db, o: WorkOrderRecord, caller: UserRecord): Promise<Out<'order'>> {
  const cadre = isOrderCadre(o, caller);
  const found = (await db.collection(COLLECTIONS.sanitationReports.name).where({ orderId: o._id }).limit(REPORTERS_CAP).get()).data as ReportRecord[];
  const reports = [...found].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const viewer = { id: caller._id, isCadre: cadre };
  const actor = { id: caller._id, grants: caller.roles };
  const allowed: Out<'order'>['allowed'] = [...allowedOrderActions(o, actor)];
  if (cadre && (o.moderation?.held ?? []).some((h) => h.authorId !== caller._id)) allowed.push('release');
  const noteHeld = (o.moderation?.held ?? []).some((h) => h.field === 'note');
  return {
    ...orderSummary(o),
    facilityId: o.facilityId,
    routeReason: o.routeReason,
    note: o.note === null ? null : String(visibleText(o.moderation, 'note', o.note, viewer)),
    noteHeld,
    handlerName: o.handlerName === null ? null : cadre || o.reporterIds.includes(caller._id) ? o.handlerName : publicName(o.handlerName, null),
    // Reporters by surname only to everyone but the handling cadres; each person sees themself as 我.
    reporters: reports.map((r) => ({
      name: r.reporterId === caller._id ? '我' : cadre ? r.reporterName : publicName(r.reporterName, r.reporterGender),
      at: r.createdAt,
      isMe: r.reporterId === caller._id,
    })),
    fixNote: o.fixNote === null ? null : String(visibleText(o.moderation, 'fixNote', o.fixNote, viewer)),
    fixedAt: o.fixedAt,
    fixedOnTime: o.fixedOnTime,
    reopenCount: o.reopenCount,
    escalated: o.escalatedAt !== null,
    photos: await photoViews(o.photos, caller._id),
    step: stepIndexOf(o.status),
    timeline: o.timeline.map((e) => ({
      at: e.at,
      action: e.action,
      actorName: e.actorId === caller._id ? '我' : cadre || e.actorId === '' ? e.actorName : publicName(e.actorName, null),
      note: e.note === null || !e.field ? e.note : String(visibleText(o.moderation, e.field, e.note, viewer)),
    })),
    allowed,
  };
}
