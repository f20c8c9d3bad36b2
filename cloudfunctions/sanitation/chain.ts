import { randomUUID } from 'node:crypto';
import { chinaDate, instantOf } from '../../shared/domain/china-time';
import { canKeepFacility, collectionDueAt } from '../../shared/domain/sanitation-facility';
import type { CollectionRunRecord, FacilityRecord, SewageCheckRecord } from '../../shared/domain/sanitation-records';
import { recordAudit } from '../_lib/audit';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { findById, type Tx } from '../_lib/db';
import { conflict, forbidden, invalid } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { runTransaction } from '../_lib/transaction';
import { assertKeeper, isVillageUnit, loadFacility, loadUnit, loadVisibleFacility } from './store';
import type { In, Out } from './types';
import { facilityView } from './views';

/** Runs shown on a facility. */
export const RUNS_SHOWN = 30;

const CHAIN_KINDS: Record<CollectionRunRecord['kind'], readonly FacilityRecord['kind'][]> = {
  collection: ['collection-point'],
  transfer: ['transfer-station', 'treatment-plant'],
};

async function latestRuns(ctx: MemberContext, facilityId: string) {
  const res = await ctx.db.collection(COLLECTIONS.collectionRuns.name).where({ facilityId }).orderBy('date', 'desc').limit(RUNS_SHOWN).get();
  return (res.data as CollectionRunRecord[]).map((r) => ({ id: r._id, kind: r.kind, date: r.date, volume: r.volume, unit: r.unit, byName: r.byName }));
}

/** 村收集 at a collection point, 县转运 at a transfer station or plant: the point's next due time moves from the latest run. */
export async function logRun(input: In<'logRun'>, ctx: MemberContext): Promise<Out<'logRun'>> {
  const { db, caller } = ctx;
  const f0 = await loadVisibleFacility(db, input.facilityId, caller);
  assertKeeper(f0, caller);
  if (!CHAIN_KINDS[input.kind].includes(f0.kind)) throw invalid('这个设施不记这类清运', [{ path: 'kind', message: input.kind === 'collection' ? '村收集记在垃圾收集点上' : '转运记在转运站或处理场上' }]);
  if (input.date > chinaDate(clock.now())) throw invalid('日期不能晚于今天', [{ path: 'date', message: '日期不能晚于今天' }]);
  const now = clock.nowIso();
  const at = instantOf(input.date, '12:00').toISOString();
  const run: CollectionRunRecord = {
    _id: `cr${randomUUID().replace(/-/g, '')}`,
    facilityId: f0._id,
    kind: input.kind,
    villageId: f0.villageId,
    path: f0.path,
    date: input.date,
    volume: input.volume,
    unit: input.unit,
    byId: caller._id,
    byName: caller.name,
    createdAt: now,
  };
  await runTransaction(db, async (tx: Tx) => {
    const f = await loadFacility(tx, f0._id);
    if (f.status === 'retired') throw conflict('这个设施已经停用');
    await tx.collection(COLLECTIONS.collectionRuns.name).add(run);
    // Only a later run moves the clock (a late entry of an older run leaves it).
    if (!f.lastCollectedAt || at > f.lastCollectedAt) {
      const due = f.collectEveryDays ? collectionDueAt(at, f.collectEveryDays, at) : null;
      await tx.collection(COLLECTIONS.sanitationFacilities.name).doc(f._id).update({ lastCollectedAt: at, collectDueAt: due, updatedAt: now });
    }
  });
  return { facility: await facilityView(db, await loadFacility(db, f0._id), caller), runs: await latestRuns(ctx, f0._id) };
}

export async function listRuns(input: In<'runs'>, ctx: MemberContext): Promise<Out<'runs'>> {
  await loadVisibleFacility(ctx.db, input.facilityId, ctx.caller);
  return { items: await latestRuns(ctx, input.facilityId) };
}

/** Whether a village's sewage (without a treatment facility) is under control this month: one record per village and month. */
export async function checkSewage(input: In<'checkSewage'>, ctx: MemberContext): Promise<Out<'checkSewage'>> {
  const { db, caller } = ctx;
  const village = await loadUnit(db, input.villageId);
  if (!isVillageUnit(village)) throw invalid('请选择一个村（社区）', [{ path: 'villageId', message: '不是村（社区）' }]);
  if (!canKeepFacility(caller.roles, village.path)) throw forbidden('只有本村（社区）及以上干部可以登记');
  const id = `${village._id}_${input.month}`;
  const now = clock.nowIso();
  const check: SewageCheckRecord = {
    _id: id,
    villageId: village._id,
    townId: village.path[1] ?? village._id,
    countyId: village.path[0]!,
    path: village.path,
    month: input.month,
    controlled: input.controlled,
    note: input.note ?? null,
    byId: caller._id,
    byName: caller.name,
    createdAt: now,
  };
  await runTransaction(db, async (tx: Tx) => {
    const before = await findById<SewageCheckRecord>(tx, COLLECTIONS.sewageChecks.name, id);
    const { _id: _omit, ...rest } = check;
    if (before) await tx.collection(COLLECTIONS.sewageChecks.name).doc(id).set(rest);
    else await tx.collection(COLLECTIONS.sewageChecks.name).add(check);
    await recordAudit(tx, caller, ctx.requestId, {
      action: 'sanitation.checkSewage',
      target: { collection: COLLECTIONS.sewageChecks.name, id },
      before: before ? { controlled: before.controlled } : null,
      after: { controlled: check.controlled, note: check.note },
      path: village.path,
    });
  });
  return { villageId: village._id, month: input.month, controlled: input.controlled };
}
