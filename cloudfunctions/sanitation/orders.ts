import type { Db } from '@cloudbase/database';
import { holdsRoleOver } from '../../shared/domain/jurisdiction';
import type { HeldText } from '../../shared/domain/moderation';
import { canSeeOrder, checkOrderAction, deadlineFrom, fixedOnTime, HANDLING_LEVEL_LABELS, REPORT_CATEGORY_LABELS, routeReport, type OrderAction, type SanitationRoutingRule } from '../../shared/domain/sanitation-report';
import type { FacilityRecord, OrderTimelineEntry, ReportRecord, WorkOrderRecord } from '../../shared/domain/sanitation-records';
import type { OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { checkText } from '../_lib/content-check';
import { findById, isDuplicateKey, pageByCreatedAt, readByIds, type Tx } from '../_lib/db';
import { AppError, conflict, forbidden, invalid, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { effectOf, pushEffects, withPushed } from '../_lib/effects';
import type { Message } from '../_lib/outbox';
import { acceptUpload, attachPhotos, checkPhotosAttachable, photosChecked, photoViews } from '../_lib/storage';
import { ContentionError, runTransaction } from '../_lib/transaction';
import { facilityWithVillage, handlersOf, handlerUnitOf, isVillageUnit, loadOrder, loadUnit, orderLink, reportIdOf, villageWithRules } from './store';
import type { In, Out } from './types';
import { isOrderCadre, ORDER_SUMMARY_FIELDS, orderSummary, orderView } from './views';

/** Who the reporter is, as the rules see them. */
const actorOf = (u: UserRecord) => ({ id: u._id, grants: u.roles });

const REPORTER_ROLES = ['grid-leader', 'village-cadre', 'town-cadre', 'county-admin'] as const;

/** A person reports in their own village, or where they serve (a grid leader's grid is in a village; cadres above it). */
function mayReportIn(caller: UserRecord, village: OrgUnitRecord): boolean {
  if (caller.residence?.unitId === village._id) return true;
  return caller.roles.some((r) => (REPORTER_ROLES as readonly string[]).includes(r.role) && (village.path.includes(r.unitId) || r.unitId.startsWith(`g-${village._id.slice(2)}-`)));
}

export function describe(o: Pick<WorkOrderRecord, 'category' | 'facilityName' | 'placeText' | 'villageName'>): string {
  return `${o.villageName}「${o.facilityName ?? o.placeText}」${REPORT_CATEGORY_LABELS[o.category]}`;
}

export function heldMessage(held: readonly HeldText[], link: Message['link']): Message {
  return {
    kind: 'content.held',
    title: '您写的说明需要人工复核',
    body: `原因：${[...new Set(held.map((h) => h.reason))].join('、')}。复核通过前，只有您和负责处理的干部能看到，这条随手拍也暂不在村里公开。`,
    link,
  };
}

/**
 * 随手拍, received (受理): everything that can be checked is checked here — the place, the facility in
 * service, that the reporter may report there, the photos (the caller's own uploads, not used already,
 * one read), the note's content check — and the county's rules say where it goes. One write: the report,
 * not yet dispatched, with its id from the request id (a retry finds it). The dispatch timer (派单,
 * timers.ts) opens or joins its order and tells the handlers and the reporter.
 */
export async function submitReport(input: In<'report'>, ctx: MemberContext): Promise<Out<'report'>> {
  const { db, caller } = ctx;
  const reportId = reportIdOf(caller._id, input.requestId);

  // A facility is read with its village and the county's rules (one request).
  let facility: FacilityRecord | null = null;
  let facilityPlace: { village: OrgUnitRecord; rules: SanitationRoutingRule[] } | null = null;
  if (input.facilityId) {
    const found = await facilityWithVillage(db, input.facilityId);
    if (!found) throw notFound('找不到这个设施，请在列表里重新选择');
    facility = found.facility;
    if (facility.status === 'retired') throw conflict('这个设施已经停用，请选择其他设施或写明地点');
    if (found.village) facilityPlace = { village: found.village, rules: found.rules };
  }
  // The village the report belongs to: the facility's, else the one named or the reporter's own.
  const villageId = facility?.villageId ?? input.villageId ?? caller.residence?.unitId ?? null;
  if (!villageId) throw forbidden('请先登记您居住的村（社区）');
  const { village, rules } = facilityPlace ?? (await villageWithRules(db, villageId));
  if (!isVillageUnit(village)) throw invalid('请选择一个村（社区）', [{ path: 'villageId', message: '不是村（社区）' }]);
  if (facility && input.villageId && input.villageId !== facility.villageId && facility.villageId !== null) {
    throw invalid('设施不在所选的村（社区）', [{ path: 'facilityId', message: '设施不在所选的村（社区）' }]);
  }
  // A shared plant (town / county) is reported from a village under it.
  if (facility && facility.villageId === null && !village.path.includes(facility.unitId)) throw forbidden('只能报告本村（社区）和本镇的设施');
  if (!mayReportIn(caller, village)) throw forbidden(facility ? '只能报告本村（社区）的设施' : '只能报告本村（社区）的问题');

  const photoIds = [...new Set(input.photoIds)];
  try {
    await checkPhotosAttachable(db, photoIds, caller._id);
  } catch (err) {
    // A retry whose report was dispatched finds its photos on the order: answered from the report.
    const stored = err instanceof AppError && err.code === 'CONFLICT' ? await findById<ReportRecord>(db, COLLECTIONS.sanitationReports.name, reportId) : null;
    if (stored) return receiptOf(stored);
    throw err;
  }
  const route = routeReport({ category: input.category, facilityKind: facility?.kind ?? null }, rules);
  const { held } = await checkText(ctx, { note: input.note });
  const report: ReportRecord = {
    _id: reportId,
    orderId: null,
    dispatched: false,
    dispatchedAt: null,
    reporterId: caller._id,
    reporterName: caller.name,
    reporterGender: caller.gender ?? null,
    category: input.category,
    facilityId: facility?._id ?? null,
    villageId: village._id,
    path: caller.residence?.unitId === village._id ? caller.residence.path : village.path,
    note: input.note ?? null,
    photoIds,
    merged: false,
    joining: facility?.openOrderId != null,
    placeText: facility ? facility.place.description : input.placeText!,
    facilityName: facility?.name ?? null,
    villageName: village.name,
    villagePath: village.path,
    route: { level: route.level, handlerUnitId: handlerUnitOf(route.level, village), ruleId: route.ruleId, reason: route.reason, deadlineHours: route.deadlineHours },
    requestId: input.requestId,
    createdAt: clock.nowIso(),
    ...(held.length ? { moderation: { held } } : {}),
  };
  try {
    await db.collection(COLLECTIONS.sanitationReports.name).add(report);
    return receiptOf(report);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  // A retried request: answered from what is stored, whatever was sent with it.
  const stored = await findById<ReportRecord>(db, COLLECTIONS.sanitationReports.name, reportId);
  if (!stored) throw new AppError('INTERNAL', '随手拍没有保存成功，请重试');
  return receiptOf(stored);
}

/** The receipt of a report (受理), from the record alone. */
function receiptOf(r: ReportRecord): Out<'report'> {
  return {
    reportId: r._id,
    dispatched: r.dispatched,
    orderId: r.orderId,
    merged: r.merged,
    joining: r.joining,
    category: r.category,
    facilityName: r.facilityName,
    placeText: r.placeText,
    villageName: r.villageName,
    level: r.route.level,
    deadlineHours: r.route.deadlineHours,
    routeReason: r.route.reason,
    noteHeld: (r.moderation?.held ?? []).some((h) => h.field === 'note'),
    photoCount: r.photoIds.length,
    createdAt: r.createdAt,
  };
}

export async function myReports(input: In<'myReports'>, ctx: MemberContext): Promise<Out<'myReports'>> {
  const { db, caller } = ctx;
  const page = await pageByCreatedAt<ReportRecord>(db, COLLECTIONS.sanitationReports.name, { reporterId: caller._id }, input.cursor, input.limit, ['orderId', 'dispatched', 'category', 'merged', 'facilityName', 'placeText']);
  const orderIds = [...new Set(page.items.flatMap((r) => (r.orderId ? [r.orderId] : [])))];
  const orders = new Map((orderIds.length ? await readByIds<WorkOrderRecord>(db, COLLECTIONS.sanitationOrders.name, orderIds) : []).map((o) => [o._id, o]));
  return {
    items: page.items.flatMap((r): Out<'myReports'>['items'] => {
      const base = { id: r._id, orderId: r.orderId, dispatched: r.dispatched, category: r.category, merged: r.merged, facilityName: r.facilityName, placeText: r.placeText, createdAt: r.createdAt };
      // Received, not yet dispatched: shown as 已受理，正在派单.
      if (!r.orderId) return [{ ...base, dispatched: false, order: null }];
      const o = orders.get(r.orderId);
      return o ? [{ ...base, dispatched: true, order: orderSummary(o) }] : [];
    }),
    nextCursor: page.nextCursor,
  };
}

/** The units at which the caller handles orders (a cadre's village, a town cadre's town, a county admin's county). */
function handlingUnits(caller: UserRecord): string[] {
  return caller.roles.filter((r) => r.role === 'village-cadre' || r.role === 'town-cadre' || r.role === 'county-admin').map((r) => r.unitId);
}

export async function listOrders(input: In<'orders'>, ctx: MemberContext): Promise<Out<'orders'>> {
  const { db, caller } = ctx;
  const status = input.status ? { status: input.status } : {};
  if (input.scope === 'handling') {
    const units = handlingUnits(caller);
    if (!units.length) throw forbidden('您没有处理随手拍的职责');
    const unitId = input.villageId && units.includes(input.villageId) ? input.villageId : units[0]!;
    const page = await pageByCreatedAt<WorkOrderRecord>(db, COLLECTIONS.sanitationOrders.name, { handlerUnitId: unitId, ...status }, input.cursor, input.limit, ORDER_SUMMARY_FIELDS);
    return { items: page.items.map(orderSummary), nextCursor: page.nextCursor };
  }
  const villageId = input.villageId ?? caller.residence?.unitId;
  if (!villageId) throw forbidden('请先登记您居住的村（社区）');
  const village = await loadUnit(db, villageId);
  const cadre = holdsRoleOver(caller.roles, ['village-cadre', 'town-cadre', 'county-admin', 'supervisor'], village.path);
  if (!cadre && caller.residence?.unitId !== village._id) throw forbidden('只能查看本村（社区）的随手拍');
  // Residents read what passed the checks; the village's cadres read everything.
  const where = cadre ? { villageId: village._id, ...status } : { villageId: village._id, public: true, photosChecked: true, ...status };
  const page = await pageByCreatedAt<WorkOrderRecord>(db, COLLECTIONS.sanitationOrders.name, where, input.cursor, input.limit, ORDER_SUMMARY_FIELDS);
  return { items: page.items.map(orderSummary), nextCursor: page.nextCursor };
}

function orderFacts(o: WorkOrderRecord) {
  return { status: o.status, level: o.level, handlerUnitId: o.handlerUnitId, handlerId: o.handlerId, reporterIds: o.reporterIds, path: o.path };
}

export async function loadVisibleOrder(db: Db | Tx, orderId: string, caller: UserRecord): Promise<WorkOrderRecord> {
  const o = await loadOrder(db, orderId);
  const actor = { ...actorOf(caller), villageId: caller.residence?.unitId ?? null };
  if (!canSeeOrder(o, actor, o.villageId, o.public && o.photosChecked)) throw notFound('找不到这条随手拍');
  return o;
}

export async function getOrder(input: In<'order'>, ctx: MemberContext): Promise<Out<'order'>> {
  return orderView(ctx.db, await loadVisibleOrder(ctx.db, input.orderId, ctx.caller), ctx.caller);
}

function assertAction(o: WorkOrderRecord, action: OrderAction, caller: UserRecord): void {
  const verdict = checkOrderAction(orderFacts(o), action, actorOf(caller));
  if (verdict === 'forbidden') {
    throw forbidden(action === 'confirm' || action === 'reopen' ? '只有报告这个问题的人可以确认' : `这张工单由${HANDLING_LEVEL_LABELS[o.level]}负责处理`);
  }
  if (verdict === 'state') {
    if (action === 'accept') throw conflict(o.handlerName ? `${o.handlerName}已经接单了` : '这张工单已经有人接了');
    if (action === 'fix') throw conflict(o.status === 'open' ? '请先接单' : '这张工单已经处理过了');
    throw conflict(o.status === 'closed' ? '这张工单已经办结' : '还没有修好，暂时不能确认');
  }
}

type Step = {
  action: OrderAction;
  /** Fields set besides the timeline entry, `updatedAt` and held text: plain values, the write is conditioned on the order as read. */
  patch: (o: WorkOrderRecord, now: string) => Partial<WorkOrderRecord>;
  note?: string;
  field?: string;
  /** Who hears of it and what they read. */
  tell: (o: WorkOrderRecord) => { to: string[]; message: Message }[];
  audit?: string;
};

/** Times a step reads the order again after losing its write to another change (a report joining it, an escalation). */
const STEP_ATTEMPTS = 5;

/**
 * What one step writes on the order as read: its fields, the timeline entry, held text (off the public
 * list until released), and the carried effect — the notices (never to the one acting) and the audit entry.
 */
function planStep(ctx: MemberContext, o: WorkOrderRecord, s: Step, held: HeldText[], now: string) {
  const { caller } = ctx;
  const entry: OrderTimelineEntry = { at: now, action: s.action, actorId: caller._id, actorName: caller.name, note: s.note ?? null, ...(s.note && s.field ? { field: s.field } : {}) };
  const moderation = held.length ? { moderation: { held: [...(o.moderation?.held ?? []), ...held], released: o.moderation?.released ?? [] }, public: false } : {};
  const fields: Partial<WorkOrderRecord> = { ...s.patch(o, now), ...moderation, updatedAt: now };
  const messages = s.tell(o).map(({ to, message }) => ({ to: to.filter((id) => id !== ctx.caller._id), message }));
  if (held.length) messages.push({ to: [held[0]!.authorId], message: heldMessage(held, orderLink(o)) });
  const effect = effectOf(caller, ctx.requestId, { collection: COLLECTIONS.sanitationOrders.name, id: o._id, path: o.path }, now, {
    messages,
    audit: s.audit ? { action: s.audit, before: { status: o.status }, after: { status: fields.status ?? o.status, note: s.note ?? null } } : null,
  });
  return { fields, entry, effect, written: withPushed({ ...o, ...fields, timeline: [...o.timeline, entry] }, [effect]) };
}

/**
 * The fields a step's verdict rests on, as read: its write lands only while they are unchanged. Every step
 * moves `status`; accepting sets `handlerId`; a report joining the order adds a reporter to tell
 * (`reportCount`); held text is appended to the held list as read.
 */
function unchanged(db: Db, o: WorkOrderRecord): Record<string, unknown> {
  return { _id: o._id, status: o.status, handlerId: o.handlerId, reportCount: o.reportCount, ...(o.moderation ? { 'moderation.held': db.command.size(o.moderation.held.length) } : {}) };
}

/**
 * One step, one write: the conditional update of the order (unchanged since it was read) that sets its
 * fields, appends the timeline entry and carries the notices and the audit entry, written out by the
 * notifications `dispatch` timer. When someone changed the order first the update matches nothing: it is
 * read again and the rule asked again (CONFLICT only when the rule now refuses). The answer is the order
 * as this write left it. Requests: the order, the update, and the reporters for the answer.
 */
async function step(ctx: MemberContext, read: WorkOrderRecord, s: Step, held: HeldText[] = []): Promise<Out<'order'>> {
  const { db, caller } = ctx;
  let o = read;
  for (let attempt = 1; ; attempt++) {
    assertAction(o, s.action, caller);
    const plan = planStep(ctx, o, s, held, clock.nowIso());
    const res = await db
      .collection(COLLECTIONS.sanitationOrders.name)
      .where(unchanged(db, o))
      .update({ ...plan.fields, timeline: db.command.push([plan.entry]), ...pushEffects(db, [plan.effect]) });
    if ((res as { updated?: number }).updated === 1) return orderView(db, plan.written, caller);
    if (attempt >= STEP_ATTEMPTS) throw new ContentionError(attempt);
    o = await loadOrder(db, o._id);
  }
}

export async function acceptOrder(input: In<'accept'>, ctx: MemberContext): Promise<Out<'accept'>> {
  const { caller } = ctx;
  const o = await loadVisibleOrder(ctx.db, input.orderId, caller);
  return step(ctx, o, {
    action: 'accept',
    audit: 'sanitation.accept',
    patch: () => ({ status: 'accepted', handlerId: caller._id, handlerName: caller.name }),
    tell: (x) => [{ to: x.reporterIds, message: { kind: 'sanitation.progress', title: '您的随手拍已接单', body: `${describe(x)}已由${caller.name}接单处理。`, link: orderLink(x), aboutId: caller._id } }],
  });
}

/**
 * A fix attaches its after-photos: the photos and the order showing them change together, so this step
 * is one transaction — the order read again, the photos claimed for it, and one update of the order that
 * also carries the notices and the audit entry. Requests: the order, the transaction (its read, two per
 * photo, the update), the reporters for the answer.
 */
export async function fixOrder(input: In<'fix'>, ctx: MemberContext): Promise<Out<'fix'>> {
  const { db, caller } = ctx;
  const o = await loadVisibleOrder(db, input.orderId, caller);
  assertAction(o, 'fix', caller);
  const { held } = await checkText(ctx, { fixNote: input.note });
  const s: Step = {
    action: 'fix',
    audit: 'sanitation.fix',
    note: input.note,
    field: 'fixNote',
    patch: (x, now) => ({ status: 'fixed', fixNote: input.note, fixedAt: now, fixedOnTime: fixedOnTime(now, x.deadlineAt), handlerId: x.handlerId ?? caller._id, handlerName: x.handlerName ?? caller.name }),
    tell: (x) => [{ to: x.reporterIds, message: { kind: 'sanitation.fixed', title: '您报告的问题已处理', body: `${describe(x)}：${held.length ? '已处理' : input.note}。请看看是否修好了，确认或点“还没修好”。`, link: orderLink(x) } }],
  };
  const written = await runTransaction(db, async (tx: Tx) => {
    const x = await loadOrder(tx, input.orderId);
    assertAction(x, 'fix', caller);
    const added = await attachPhotos(tx, input.photoIds, caller._id, { collection: COLLECTIONS.sanitationOrders.name, id: x._id }, 'after');
    const photos = [...x.photos.filter((p) => !added.some((a) => a.photoId === p.photoId)), ...added];
    const plan = planStep(ctx, x, s, held, clock.nowIso());
    const fields = { ...plan.fields, photos, photosChecked: photosChecked(photos) };
    await tx
      .collection(COLLECTIONS.sanitationOrders.name)
      .doc(x._id)
      .update({ ...fields, timeline: db.command.push([plan.entry]), ...pushEffects(db, [plan.effect]) });
    return { ...plan.written, ...fields };
  });
  return orderView(db, written, caller);
}

/**
 * Closing an order frees its facility for a new one, only while the facility still points at it (one
 * conditional update, after the order is closed: a facility left pointing at a closed order — the update
 * lost to a crash — is still reported, as dispatch opens a new order when the one it points at is closed).
 */
async function freeFacility(db: Db, o: WorkOrderRecord, now: string): Promise<void> {
  if (!o.facilityId) return;
  await db.collection(COLLECTIONS.sanitationFacilities.name).where({ _id: o.facilityId, openOrderId: o._id }).update({ openOrderId: null, updatedAt: now });
}

export async function confirmOrder(input: In<'confirm'>, ctx: MemberContext): Promise<Out<'confirm'>> {
  const o = await loadVisibleOrder(ctx.db, input.orderId, ctx.caller);
  const answer = await step(ctx, o, {
    action: 'confirm',
    patch: (_x, now) => ({ status: 'closed', closedAt: now }),
    tell: (x) => [
      { to: x.handlerId ? [x.handlerId] : [], message: { kind: 'sanitation.progress', title: '随手拍已确认修好', body: `${describe(x)}：报告人确认已经修好，工单办结。`, link: orderLink(x) } },
      { to: x.reporterIds, message: { kind: 'sanitation.progress', title: '随手拍已办结', body: `${describe(x)}：报告人确认已经修好，工单办结。`, link: orderLink(x) } },
    ],
  });
  await freeFacility(ctx.db, o, clock.nowIso());
  return answer;
}

export async function reopenOrder(input: In<'reopen'>, ctx: MemberContext): Promise<Out<'reopen'>> {
  const { db, caller } = ctx;
  const o = await loadVisibleOrder(db, input.orderId, caller);
  assertAction(o, 'reopen', caller);
  const field = `reopen-${o.reopenCount + 1}`;
  const { held } = await checkText(ctx, { [field]: input.note });
  const handlers = o.handlerId ? [o.handlerId] : await handlersOf(db, o);
  return step(
    ctx,
    o,
    {
      action: 'reopen',
      note: input.note,
      field,
      // Back to the handler who fixed it, with a fresh deadline; a new overdue escalates again.
      patch: (x, now) => ({ status: 'accepted', reopenCount: x.reopenCount + 1, fixedAt: null, fixedOnTime: null, deadlineAt: deadlineFrom(now, x.deadlineHours), escalatedAt: null }),
      tell: (x) => [
        { to: handlers, message: { kind: 'sanitation.reopened', title: '随手拍被退回：还没修好', body: `${describe(x)}：报告人说还没修好${held.length ? '' : `（${input.note}）`}，请重新处理。`, link: orderLink(x) } },
        { to: x.reporterIds, message: { kind: 'sanitation.progress', title: '随手拍已退回重新处理', body: `${describe(x)}：有报告人说还没修好，已退回处理人重新处理。`, link: orderLink(x) } },
      ],
    },
    held,
  );
}

/** Photos one order shows at most (a facility reported by many: the rest stay with each report). */
export const ORDER_PHOTOS_CAP = 12;

/** Takes a just-uploaded photo for a 随手拍 or a fix (see _lib/storage.ts). */
export async function takePhoto(input: In<'photo'>, ctx: MemberContext): Promise<Out<'photo'>> {
  const p = await acceptUpload(ctx, { fileId: input.fileId, purpose: 'sanitation' });
  const [view] = await photoViews([{ photoId: p._id, fileId: p.fileId, ownerId: p.ownerId, status: p.status, role: 'before' }], ctx.caller._id);
  return { photo: view!, width: p.width, height: p.height, bytes: p.bytes };
}

export { isOrderCadre };
