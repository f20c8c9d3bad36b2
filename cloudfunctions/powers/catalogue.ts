import type { Db } from '@cloudbase/database';
import { applyAdjustment, checkFlow, matchesSearch, type PowerItemDefinition } from '../../shared/domain/power-catalogue';
import type { PowerItemRecord, PowerItemVersionRecord, PowerStatsRecord } from '../../shared/domain/power-records';
import type { OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import { holdsRoleOver } from '../../shared/domain/jurisdiction';
import { recordAudit } from '../_lib/audit';
import { usersWithRoleAt } from '../_lib/caller';
import { enqueue, type Message } from '../_lib/outbox';
import { clock } from '../_lib/clock';
import { findById, type Tx, count } from '../_lib/db';
import { conflict, forbidden, invalid, notFound } from '../_lib/errors';
import type { ActionContext, MemberContext } from '../_lib/handler';
import { effectiveItem, homeVillageOf, isInForce, isVillageUnit, itemIdOf, loadUnit, statsByCode, statsIdOf, versionIdOf } from './store';
import { itemSummary, itemView } from './views';
import type { In, Out } from './types';
import { COLLECTIONS } from '../_lib/collections';
import { runTransaction } from '../_lib/transaction';

/** The unit whose list is shown: the one asked for, else the caller's village, else the county's standard. */
async function listUnit(db: Db, villageId: string | undefined, caller: UserRecord | null): Promise<{ unit: OrgUnitRecord; countyId: string; villageId: string | null }> {
  const id = villageId ?? homeVillageOf(caller);
  if (id) {
    const unit = await loadUnit(db, id);
    if (isVillageUnit(unit)) return { unit, countyId: unit.path[0]!, villageId: unit._id };
    if (unit.kind === 'county') return { unit, countyId: unit._id, villageId: null };
    if (villageId) throw notFound('请选择一个村（社区）查看清单');
  }
  const county = await db.collection(COLLECTIONS.orgUnits.name).where({ kind: 'county' }).limit(1).get();
  const unit = (county.data as OrgUnitRecord[])[0];
  if (!unit) throw notFound('还没有发布清单');
  return { unit, countyId: unit._id, villageId: null };
}

export async function listCatalogue(input: In<'catalogue'>, ctx: ActionContext): Promise<Out<'catalogue'>> {
  const { db } = ctx;
  const { unit, countyId, villageId } = await listUnit(db, input.villageId, ctx.caller);
  const _ = db.command;
  const res = await db
    .collection(COLLECTIONS.powerItems.name)
    .where({ unitId: villageId ? _.in([countyId, villageId]) : countyId, status: 'active' })
    .limit(1000)
    .get();
  const rows = res.data as PowerItemRecord[];
  const local = new Map(rows.filter((r) => r.scope === 'village').map((r) => [r.code, r]));
  const stats = await statsByCode(db, villageId ? { villageId } : { countyId });
  const items = rows
    .filter((r) => r.scope === 'county')
    .map((std) => {
      const mine = local.get(std.code);
      return mine && isInForce(mine, std) ? mine : std;
    })
    .filter((r) => (!input.kind || r.kind === input.kind) && (!input.category || r.category === input.category) && matchesSearch(r, input.q))
    .sort((a, b) => a.order - b.order)
    .map((r) => itemSummary(r, stats.get(r.code)));
  return { unitId: unit._id, unitName: unit.name, items };
}

function canStartHere(item: PowerItemRecord, villageId: string | null, caller: UserRecord | null): boolean {
  if (!caller || !villageId) return false;
  if (item.starter === 'resident') return caller.residence?.unitId === villageId;
  if (item.starter === 'cadre') return caller.roles.some((r) => r.role === 'village-cadre' && r.unitId === villageId);
  return false;
}

export async function getItem(input: In<'item'>, ctx: ActionContext): Promise<Out<'item'>> {
  const { db, caller } = ctx;
  const { unit, countyId, villageId } = await listUnit(db, input.villageId, caller);
  const { item: current, standard } = await effectiveItem(db, countyId, villageId, input.code);
  let item = current;
  if (input.versionId) {
    const v = await findById<PowerItemVersionRecord>(db, COLLECTIONS.powerItemVersions.name, input.versionId);
    if (!v || v.code !== input.code || (v.itemId !== standard._id && v.itemId !== itemIdOf(villageId ?? '-', input.code))) {
      throw notFound('没有这个版本');
    }
    item = { ...v, _id: v.itemId };
  }
  const stats = villageId
    ? (await findById<PowerStatsRecord>(db, COLLECTIONS.powerStats.name, statsIdOf(villageId, input.code))) ?? undefined
    : (await statsByCode(db, { countyId })).get(input.code);
  return itemView(db, item, standard, unit.name, stats, !input.versionId && canStartHere(current, villageId, caller));
}

async function publishVersion(
  db: Db,
  ctx: MemberContext,
  id: string,
  expectedVersion: number | null,
  record: Omit<PowerItemRecord, '_id'>,
  /** The path of the item's unit (`record.unitId`): where its audit entry is kept. */
  unitPath: readonly string[],
  audit: string,
  notice: { to: string[]; message: Message } | null = null,
): Promise<void> {
  const version: Omit<PowerItemVersionRecord, '_id'> & { _id: string } = { ...record, _id: record.versionId, itemId: id, publishedAt: record.updatedAt };
  await runTransaction(db, async (tx: Tx) => {
    const existing = await findById<PowerItemRecord>(tx, COLLECTIONS.powerItems.name, id);
    if ((existing?.version ?? null) !== expectedVersion) throw conflict('这个事项刚被别人修改过，请刷新后再改');
    await tx.collection(COLLECTIONS.powerItems.name).doc(id).set(record);
    await tx.collection(COLLECTIONS.powerItemVersions.name).add(version);
    if (notice) await enqueue(tx, notice.to, notice.message);
    await recordAudit(tx, ctx.caller, ctx.requestId, {
      action: audit,
      target: { collection: COLLECTIONS.powerItems.name, id },
      before: existing ? { version: existing.version, versionId: existing.versionId } : null,
      after: { version: record.version, versionId: record.versionId, changeNote: record.changeNote },
      path: unitPath,
    });
  });
}

/** The county publishes a standard item or a new version; matters already started keep theirs. */
export async function publishItem(input: In<'publish'>, ctx: MemberContext): Promise<Out<'publish'>> {
  const { db, caller } = ctx;
  const grant = caller.roles.find((r) => r.role === 'county-admin');
  if (!grant) throw forbidden('只有县委社会工作部可以发布标准清单');
  const county = await loadUnit(db, grant.unitId);
  if (county.kind !== 'county') throw forbidden('只有县级可以发布标准清单');
  const { changeNote, ...definition } = input;
  const issues = checkFlow(definition.steps, definition.starter);
  if (issues.length) throw invalid('流程图不符合要求，请检查', issues);
  const id = itemIdOf(county._id, input.code);
  const existing = await findById<PowerItemRecord>(db, COLLECTIONS.powerItems.name, id);
  let order = existing?.order;
  if (order === undefined) {
    order = (await count(db, COLLECTIONS.powerItems.name, { unitId: county._id })) + 1;
  }
  const version = (existing?.version ?? 0) + 1;
  const now = clock.nowIso();
  const record: Omit<PowerItemRecord, '_id'> = {
    ...(definition as PowerItemDefinition),
    steps: definition.steps.map((s) => ({ ...s })),
    scope: 'county',
    unitId: county._id,
    countyId: county._id,
    version,
    versionId: versionIdOf(id, version),
    baseVersion: null,
    localNote: null,
    status: 'active',
    order,
    changeNote,
    updatedAt: now,
    updatedById: caller._id,
    updatedByName: caller.name,
  };
  // Villages that adjusted the old version fall back to the new standard until they adjust again: tell their cadres.
  const adjusted = existing
    ? ((await db.collection(COLLECTIONS.powerItems.name).where({ code: input.code, scope: 'village', countyId: county._id }).field({ unitId: true }).limit(1000).get()).data as { unitId: string }[])
    : [];
  const cadres: string[] = [];
  for (const a of adjusted) cadres.push(...(await usersWithRoleAt(db, 'village-cadre', a.unitId)).map((u) => u._id));
  const notice = cadres.length
    ? {
        to: cadres,
        message: {
          kind: 'power.revised' as const,
          title: '县级标准清单有新版本',
          body: `「${input.title}」发布第 ${version} 版：${changeNote}。本村原来的细化已停用，现按县级新标准办理，如需细化请重新调整。`,
          link: { page: 'powerItem', id: input.code },
        },
      }
    : null;
  await publishVersion(db, ctx, id, existing?.version ?? null, record, county.path, existing ? 'powers.revise' : 'powers.publish', notice);
  return getItem({ code: input.code, villageId: county._id }, ctx);
}

/** A village adjusts a standard item within the county's limits; the result is a new village version. */
export async function adjustItem(input: In<'adjust'>, ctx: MemberContext): Promise<Out<'adjust'>> {
  const { db, caller } = ctx;
  const village = await loadUnit(db, input.villageId);
  if (!isVillageUnit(village) || !holdsRoleOver(caller.roles, ['village-cadre'], [village._id])) {
    throw forbidden('只有本村（社区）两委干部可以调整本村清单');
  }
  const countyId = village.path[0]!;
  const standard = await findById<PowerItemRecord>(db, COLLECTIONS.powerItems.name, itemIdOf(countyId, input.code));
  if (!standard || standard.status !== 'active') throw notFound('清单中没有这个事项');
  const { code: _code, villageId: _v, changeNote, localNote, ...adjustment } = input;
  const { item, issues } = applyAdjustment(standard, adjustment);
  if (issues.length) throw invalid('调整超出了县级标准允许的范围', issues);
  const id = itemIdOf(village._id, input.code);
  const existing = await findById<PowerItemRecord>(db, COLLECTIONS.powerItems.name, id);
  const version = (existing?.version ?? 0) + 1;
  const now = clock.nowIso();
  const definition: PowerItemDefinition = {
    code: item.code,
    kind: item.kind,
    category: item.category,
    title: item.title,
    summary: item.summary,
    basis: item.basis,
    body: item.body,
    materials: item.materials,
    fees: item.fees,
    starter: item.starter,
    steps: item.steps,
    risks: item.risks,
    riskCard: item.riskCard,
    guideCard: item.guideCard,
  };
  const record: Omit<PowerItemRecord, '_id'> = {
    ...definition,
    scope: 'village',
    unitId: village._id,
    countyId,
    version,
    versionId: versionIdOf(id, version),
    baseVersion: standard.version,
    localNote: localNote ?? null,
    status: 'active',
    order: standard.order,
    changeNote,
    updatedAt: now,
    updatedById: caller._id,
    updatedByName: caller.name,
  };
  await publishVersion(db, ctx, id, existing?.version ?? null, record, village.path, 'powers.adjust');
  return getItem({ code: input.code, villageId: village._id }, ctx);
}
