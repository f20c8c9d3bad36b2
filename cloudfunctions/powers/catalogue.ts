import type { Db } from '@cloudbase/database';
import { applyAdjustment, checkFlow, matchesSearch, type PowerItemDefinition } from '../../shared/domain/power-catalogue';
import type { PowerItemRecord, PowerItemVersionRecord, PowerStatsRecord } from '../../shared/domain/power-records';
import type { OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import { holdsRoleOver } from '../../shared/domain/jurisdiction';
import { recordAudit } from '../_lib/audit';
import { roleKey } from '../_lib/caller';
import { enqueueAudience, type Message } from '../_lib/outbox';
import { clock } from '../_lib/clock';
import { findById, isDuplicateKey, type Tx } from '../_lib/db';
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

/**
 * Writes an item's new version: the item and its version record together, in one transaction that only
 * writes. The version's id holds its number, so of two editors starting from the same version the second
 * fails at its add (a conflict), as a re-read would have found. The notice (a fan-out to the cadres of the
 * villages named) and the audit entry are written in the same transaction.
 * Requests: start, the item, the version, (the fan-out,) the audit entry, commit.
 */
async function publishVersion(
  db: Db,
  ctx: MemberContext,
  id: string,
  existing: PowerItemRecord | null,
  record: Omit<PowerItemRecord, '_id'>,
  /** The path of the item's unit (`record.unitId`): where its audit entry is kept. */
  unitPath: readonly string[],
  audit: string,
  notice: { roleKeys: string[]; message: Message } | null = null,
): Promise<PowerItemRecord> {
  const version: Omit<PowerItemVersionRecord, '_id'> & { _id: string } = { ...record, _id: record.versionId, itemId: id, publishedAt: record.updatedAt };
  try {
    await runTransaction(db, async (tx: Tx) => {
      await tx.collection(COLLECTIONS.powerItems.name).doc(id).set(record);
      await tx.collection(COLLECTIONS.powerItemVersions.name).add(version);
      if (notice) await enqueueAudience(tx, `fo-${record.versionId}`, { kind: 'role-holders', roleKeys: notice.roleKeys }, notice.message);
      await recordAudit(tx, ctx.caller, ctx.requestId, {
        action: audit,
        target: { collection: COLLECTIONS.powerItems.name, id },
        before: existing ? { version: existing.version, versionId: existing.versionId } : null,
        after: { version: record.version, versionId: record.versionId, changeNote: record.changeNote },
        path: unitPath,
      });
    });
  } catch (err) {
    if (isDuplicateKey(err)) throw conflict('这个事项刚被别人修改过，请刷新后再改');
    throw err;
  }
  return { ...record, _id: id };
}

/**
 * What publishing a standard item reads, in one request: the county, its item of the code if published,
 * the number of its items (a new one goes last) and the villages that adjusted the item (at most
 * ADJUSTED_CAP: a county's villages).
 */
async function readForPublish(db: Db, countyId: string, code: string): Promise<{ county: OrgUnitRecord | null; existing: PowerItemRecord | null; items: number; adjusted: string[] }> {
  const $ = db.command.aggregate;
  const res = await db
    .collection(COLLECTIONS.orgUnits.name)
    .aggregate()
    .match({ _id: countyId })
    .limit(1)
    .lookup({ from: COLLECTIONS.powerItems.name, pipeline: $.pipeline().match({ _id: itemIdOf(countyId, code) }).limit(1).done(), as: 'existing' })
    .lookup({ from: COLLECTIONS.powerItems.name, pipeline: $.pipeline().match({ unitId: countyId }).project({ _id: 1 }).count('n').done(), as: 'items' })
    .lookup({ from: COLLECTIONS.powerItems.name, pipeline: $.pipeline().match({ countyId, code, scope: 'village' }).limit(ADJUSTED_CAP).project({ unitId: 1 }).done(), as: 'adjusted' })
    .end();
  type Joined = OrgUnitRecord & { existing?: PowerItemRecord[]; items?: { n: number }[]; adjusted?: { unitId: string }[] };
  const row = (res.data as Joined[])[0];
  if (!row) return { county: null, existing: null, items: 0, adjusted: [] };
  const { existing, items, adjusted, ...county } = row;
  return { county, existing: existing?.[0] ?? null, items: items?.[0]?.n ?? 0, adjusted: (adjusted ?? []).map((a) => a.unitId) };
}

/** Villages of a county that adjusted one item, at most (Qianyang has 80). */
const ADJUSTED_CAP = 1000;

/**
 * The county publishes a standard item or a new version; matters already started keep theirs.
 * Requests: the caller, the county with the item, the items' number and the villages that adjusted it
 * (one aggregate), the version's transaction (with a fan-out to those villages' cadres), the county's
 * counts and the versions for the answer.
 */
export async function publishItem(input: In<'publish'>, ctx: MemberContext): Promise<Out<'publish'>> {
  const { db, caller } = ctx;
  const grant = caller.roles.find((r) => r.role === 'county-admin');
  if (!grant) throw forbidden('只有县委社会工作部可以发布标准清单');
  const { county, existing, items, adjusted } = await readForPublish(db, grant.unitId, input.code);
  if (!county) throw notFound('找不到这个村（社区）');
  if (county.kind !== 'county') throw forbidden('只有县级可以发布标准清单');
  const { changeNote, ...definition } = input;
  const issues = checkFlow(definition.steps, definition.starter);
  if (issues.length) throw invalid('流程图不符合要求，请检查', issues);
  const id = itemIdOf(county._id, input.code);
  const order = existing?.order ?? items + 1;
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
  const notice =
    existing && adjusted.length
      ? {
          roleKeys: adjusted.map((v) => roleKey('village-cadre', v)),
          message: {
            kind: 'power.revised' as const,
            title: '县级标准清单有新版本',
            body: `「${input.title}」发布第 ${version} 版：${changeNote}。本村原来的细化已停用，现按县级新标准办理，如需细化请重新调整。`,
            link: { page: 'powerItem', id: input.code },
          },
        }
      : null;
  const item = await publishVersion(db, ctx, id, existing, record, county.path, existing ? 'powers.revise' : 'powers.publish', notice);
  const stats = await statsByCode(db, { countyId: county._id });
  return itemView(db, item, item, county.name, stats.get(input.code), false);
}

/**
 * A village adjusts a standard item within the county's limits; the result is a new village version.
 * Requests: the caller, the village, the standard and the village's item (one read), the version's
 * transaction, the village's counts and the versions for the answer.
 */
export async function adjustItem(input: In<'adjust'>, ctx: MemberContext): Promise<Out<'adjust'>> {
  const { db, caller } = ctx;
  const village = await loadUnit(db, input.villageId);
  if (!isVillageUnit(village) || !holdsRoleOver(caller.roles, ['village-cadre'], [village._id])) {
    throw forbidden('只有本村（社区）两委干部可以调整本村清单');
  }
  const countyId = village.path[0]!;
  const id = itemIdOf(village._id, input.code);
  const found = (await db.collection(COLLECTIONS.powerItems.name).where({ _id: db.command.in([itemIdOf(countyId, input.code), id]) }).limit(2).get()).data as PowerItemRecord[];
  const standard = found.find((i) => i._id === itemIdOf(countyId, input.code));
  if (!standard || standard.status !== 'active') throw notFound('清单中没有这个事项');
  const { code: _code, villageId: _v, changeNote, localNote, ...adjustment } = input;
  const { item, issues } = applyAdjustment(standard, adjustment);
  if (issues.length) throw invalid('调整超出了县级标准允许的范围', issues);
  const existing = found.find((i) => i._id === id) ?? null;
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
  const adjusted = await publishVersion(db, ctx, id, existing, record, village.path, 'powers.adjust');
  const stats = (await findById<PowerStatsRecord>(db, COLLECTIONS.powerStats.name, statsIdOf(village._id, input.code))) ?? undefined;
  return itemView(db, adjusted, standard, village.name, stats, canStartHere(adjusted, village._id, caller));
}
