import { randomUUID } from 'node:crypto';
import { canKeepFacility, canMoveStatus, canReadLedger, FACILITY_KIND_LABELS, FACILITY_STATUS_LABELS, KEEPER_ROLES, modeProblem } from '../../shared/domain/sanitation-facility';
import type { FacilityRecord, InspectionRecord } from '../../shared/domain/sanitation-records';
import type { OrgUnitRecord } from '../../shared/domain/records';
import { recordAudit } from '../_lib/audit';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { checkText } from '../_lib/content-check';
import { findById, readAll, type Tx } from '../_lib/db';
import { conflict, forbidden, invalid, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { enqueue } from '../_lib/outbox';
import { runTransaction } from '../_lib/transaction';
import { assertKeeper, facilityIdOf, facilityLink, facilityRecordOf, isVillageUnit, loadFacility, loadUnit, loadVisibleFacility, villageCadres } from './store';
import type { In, Out } from './types';
import { facilitySummary, facilityView } from './views';

/** Facilities under one town or the county read back at most (Qianyang: about 100 villages × a handful). */
export const FACILITIES_CAP = 3000;

const LIST_FIELDS = ['code', 'kind', 'mode', 'name', 'unitName', 'villageId', 'place', 'status', 'openOrderId', 'path'] as const;

/** The unit whose facilities a caller reads by default: where they live, else where they keep or supervise. */
function defaultUnit(ctx: MemberContext): string | null {
  const { caller } = ctx;
  const grant = caller.roles.find((r) => (KEEPER_ROLES as readonly string[]).includes(r.role) || r.role === 'supervisor');
  return grant?.unitId ?? caller.residence?.unitId ?? null;
}

export async function listFacilities(input: In<'facilities'>, ctx: MemberContext): Promise<Out<'facilities'>> {
  const { db, caller } = ctx;
  const unitId = input.villageId ?? defaultUnit(ctx);
  if (!unitId) throw forbidden('请先登记您居住的村（社区）');
  const unit = await loadUnit(db, unitId);
  const reader = canReadLedger(caller.roles, unit.path);
  const resident = isVillageUnit(unit) && caller.residence?.unitId === unit._id;
  if (!reader && !resident) throw forbidden('只能查看本村（社区）的设施');
  const kind = input.kind ? { kind: input.kind } : {};
  // A village's own facilities, plus (for its residents and cadres) the shared ones its garbage goes to is left to the town/county view.
  const where = isVillageUnit(unit) ? { villageId: unit._id, ...kind } : { path: unit._id, ...kind };
  const rows = await readAll<FacilityRecord>(db, COLLECTIONS.sanitationFacilities.name, where, LIST_FIELDS);
  if (rows.length > FACILITIES_CAP) rows.length = FACILITIES_CAP;
  rows.sort((a, b) => a.kind.localeCompare(b.kind) || a.code.localeCompare(b.code));
  return { unitName: unit.name, items: rows.map(facilitySummary), canKeep: canKeepFacility(caller.roles, unit.path) };
}

export async function getFacility(input: In<'facility'>, ctx: MemberContext): Promise<Out<'facility'>> {
  const f = await loadVisibleFacility(ctx.db, input.facilityId, ctx.caller);
  return facilityView(ctx.db, f, ctx.caller);
}

async function reload(ctx: MemberContext, id: string): Promise<Out<'facility'>> {
  return facilityView(ctx.db, await loadFacility(ctx.db, id), ctx.caller);
}

/** A keeper over the village adds a facility with a new code, or corrects an existing one (its status and history stay). */
export async function saveFacility(input: In<'saveFacility'>, ctx: MemberContext): Promise<Out<'saveFacility'>> {
  const { db, caller } = ctx;
  const problem = modeProblem(input.facility.kind, input.facility.mode);
  if (problem) throw invalid(problem, [{ path: 'facility.mode', message: problem }]);
  const unit: OrgUnitRecord = await loadUnit(db, input.villageId);
  if (!isVillageUnit(unit)) throw invalid('请选择一个村（社区）', [{ path: 'villageId', message: '不是村（社区）' }]);
  if (!canKeepFacility(caller.roles, unit.path)) throw forbidden('只有本村（社区）及以上干部可以维护设施台账');
  const now = clock.nowIso();
  const id = input.facilityId ?? facilityIdOf(input.code!);
  await runTransaction(db, async (tx: Tx) => {
    const before = await findById<FacilityRecord>(tx, COLLECTIONS.sanitationFacilities.name, id);
    if (input.facilityId && !before) throw notFound('找不到这个设施');
    if (!input.facilityId && before) throw conflict(`编号「${input.code}」已经登记过了`);
    if (before && before.villageId !== unit._id) throw forbidden('不能把其他村（社区）的设施改到这里');
    if (before?.status === 'retired') throw conflict('这个设施已经停用，不能再修改');
    const record = facilityRecordOf({ id, code: before?.code ?? input.code!, unit, fields: input.facility, status: 'in-service', at: now, by: { id: caller._id, name: caller.name }, before });
    if (before) {
      const { _id: _omit, ...rest } = record;
      await tx.collection(COLLECTIONS.sanitationFacilities.name).doc(id).set(rest);
    } else {
      await tx.collection(COLLECTIONS.sanitationFacilities.name).add(record);
    }
    await recordAudit(tx, caller, ctx.requestId, {
      action: before ? 'sanitation.editFacility' : 'sanitation.addFacility',
      target: { collection: COLLECTIONS.sanitationFacilities.name, id },
      before: before ? { name: before.name, kind: before.kind, mode: before.mode, place: before.place, responsible: before.responsible } : null,
      after: { name: record.name, kind: record.kind, mode: record.mode, place: record.place, responsible: record.responsible },
      path: unit.path,
    });
  });
  return reload(ctx, id);
}

/** A keeper moves the status along the allowed steps; a fault tells the village cadres. */
export async function setFacilityStatus(input: In<'setFacilityStatus'>, ctx: MemberContext): Promise<Out<'setFacilityStatus'>> {
  const { db, caller } = ctx;
  const before = await loadVisibleFacility(db, input.facilityId, caller);
  assertKeeper(before, caller);
  const cadres = input.status === 'faulty' ? (await villageCadres(db, before.villageId)).filter((id) => id !== caller._id) : [];
  const now = clock.nowIso();
  await runTransaction(db, async (tx: Tx) => {
    const f = await loadFacility(tx, input.facilityId);
    if (!canMoveStatus(f.status, input.status)) {
      throw conflict(`设施现在是「${FACILITY_STATUS_LABELS[f.status]}」，不能改为「${FACILITY_STATUS_LABELS[input.status]}」`);
    }
    await tx
      .collection(COLLECTIONS.sanitationFacilities.name)
      .doc(f._id)
      .update({ status: input.status, updatedAt: now, history: db.command.push([{ status: input.status, at: now, byId: caller._id, byName: caller.name, note: input.note ?? null }]) });
    if (input.status === 'faulty') {
      await enqueue(tx, cadres, {
        kind: 'sanitation.facilityFaulty',
        title: '有设施出现故障',
        body: `${f.unitName}「${f.name}」（${FACILITY_KIND_LABELS[f.kind]}）被标记为故障${input.note ? `：${input.note}` : ''}，请安排维修。`,
        link: facilityLink(f),
      });
    }
    await recordAudit(tx, caller, ctx.requestId, {
      action: 'sanitation.setFacilityStatus',
      target: { collection: COLLECTIONS.sanitationFacilities.name, id: f._id },
      before: { status: f.status },
      after: { status: input.status, note: input.note ?? null },
      path: f.path,
    });
  });
  return reload(ctx, input.facilityId);
}

/** An inspection: who, when, findings. A failed inspection of a running facility marks it faulty in the same transaction. */
export async function inspectFacility(input: In<'inspect'>, ctx: MemberContext): Promise<Out<'inspect'>> {
  const { db, caller } = ctx;
  const f0 = await loadVisibleFacility(db, input.facilityId, caller);
  assertKeeper(f0, caller);
  // Residents read the findings on the facility's page: checked before anything is stored.
  const { held } = await checkText(ctx, { findings: input.findings });
  const cadres = !input.ok ? (await villageCadres(db, f0.villageId)).filter((id) => id !== caller._id) : [];
  const now = clock.nowIso();
  const inspection: InspectionRecord = {
    _id: `si${randomUUID().replace(/-/g, '')}`,
    facilityId: f0._id,
    villageId: f0.villageId,
    path: f0.path,
    inspectorId: caller._id,
    inspectorName: caller.name,
    date: input.date,
    ok: input.ok,
    findings: input.findings,
    createdAt: now,
    ...(held.length ? { moderation: { held } } : {}),
  };
  await runTransaction(db, async (tx: Tx) => {
    const f = await loadFacility(tx, input.facilityId);
    if (f.status === 'retired') throw conflict('这个设施已经停用');
    await tx.collection(COLLECTIONS.sanitationInspections.name).add(inspection);
    const turnsFaulty = !input.ok && f.status === 'in-service';
    await tx
      .collection(COLLECTIONS.sanitationFacilities.name)
      .doc(f._id)
      .update({
        lastInspectedAt: now,
        updatedAt: now,
        ...(turnsFaulty ? { status: 'faulty', history: db.command.push([{ status: 'faulty', at: now, byId: caller._id, byName: caller.name, note: '巡查发现问题' }]) } : {}),
      });
    if (turnsFaulty) {
      await enqueue(tx, cadres, {
        kind: 'sanitation.facilityFaulty',
        title: '有设施出现故障',
        body: `${f.unitName}「${f.name}」巡查未通过，已标记为故障，请安排维修。`,
        link: facilityLink(f),
      });
    }
    await recordAudit(tx, caller, ctx.requestId, {
      action: 'sanitation.inspect',
      target: { collection: COLLECTIONS.sanitationFacilities.name, id: f._id },
      before: { status: f.status },
      after: { inspectionId: inspection._id, ok: input.ok, date: input.date },
      path: f.path,
    });
  });
  return reload(ctx, input.facilityId);
}
