import { runTransaction } from '../_lib/transaction';
import { randomUUID } from 'node:crypto';
import type { Db } from '@cloudbase/database';
import { ROLE_LABELS, checkUnitChange, type AppointableRole } from '../../shared/domain/appointment-rules';
import { holdsRoleOver } from '../../shared/domain/jurisdiction';
import type { OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import { recordAudit } from '../_lib/audit';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { count, findById, readAll, type Tx } from '../_lib/db';
import { conflict, forbidden, invalid, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { actorOf, enforce, loadUnit, unitFacts } from './store';
import type { In, Out } from './types';
import { unitView } from './views';

const ADMIN_ROLES = ['county-admin', 'town-cadre'] as const;

/** A unit the caller administers (or one on the way down to it): FORBIDDEN otherwise. */
export function requireAdminOver(caller: UserRecord, unit: OrgUnitRecord): void {
  if (!holdsRoleOver(caller.roles, ADMIN_ROLES, unit.path)) throw forbidden('这个单位不在您的管辖范围内');
}

export async function overview(_input: In<'overview'>, ctx: MemberContext): Promise<Out<'overview'>> {
  const { db, caller } = ctx;
  const grants = caller.roles.filter((r) => (ADMIN_ROLES as readonly string[]).includes(r.role) || r.role === 'village-cadre');
  if (grants.length === 0) throw forbidden('只有县管理员、镇干部和村（社区）干部可以进入管理');
  const units = [];
  for (const g of grants) {
    const u = await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, g.unitId);
    if (u) units.push({ id: u._id, name: u.name, kind: u.kind, roleLabel: ROLE_LABELS[g.role as AppointableRole] });
  }
  const villages = grants.filter((g) => g.role === 'village-cadre').map((g) => g.unitId);
  const pending = villages.length
    ? await count(db, COLLECTIONS.partyRegistrations.name, { unitId: db.command.in(villages), status: 'pending' })
    : 0;
  return { units, pendingPartyRegistrations: pending };
}

export async function units(input: In<'units'>, ctx: MemberContext): Promise<Out<'units'>> {
  const { db, caller } = ctx;
  const unit = await loadUnit(db, input.unitId);
  requireAdminOver(caller, unit);
  const actor = actorOf(caller);
  const children = await readAll<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, { parentId: unit._id });
  const ancestors = await readAll<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, { _id: db.command.in(unit.path) }, ['name']);
  const names = new Map(ancestors.map((a) => [a._id, a.name]));
  return {
    unit: unitView(unit, actor),
    path: unit.path.map((id) => ({ id, name: names.get(id) ?? '' })),
    // Active units first, each group by name; retired ones stay listed, marked.
    children: children
      .sort((a, b) => Number(Boolean(a.retiredAt)) - Number(Boolean(b.retiredAt)) || a.name.localeCompare(b.name, 'zh'))
      .map((c) => unitView(c, actor)),
  };
}

const PREFIX: Record<string, string> = { town: 't', village: 'v', community: 'c', grid: 'g' };

async function refuseSameName(db: Db, parentId: string, name: string, except?: string): Promise<void> {
  const res = await db.collection(COLLECTIONS.orgUnits.name).where({ parentId, name }).limit(10).get();
  const same = (res.data as OrgUnitRecord[]).filter((u) => u._id !== except && !u.retiredAt);
  if (same.length > 0) throw conflict(`这里已经有「${name}」了`);
}

export async function addUnit(input: In<'addUnit'>, ctx: MemberContext): Promise<Out<'addUnit'>> {
  const { db, caller } = ctx;
  const parent = await loadUnit(db, input.parentId);
  enforce(checkUnitChange('add', unitFacts(parent), actorOf(caller), input.kind), {
    forbidden: '只能在自己管辖的范围内添加',
    invalid: '这里不能添加这一级单位（镇下设村或社区，村和社区下设网格）',
    conflict: `${parent.name}已经停用，不能再添加下级`,
  });
  if (input.resettlement && input.kind !== 'community') throw invalid('只有社区可以标为易地搬迁安置社区', [{ path: 'resettlement', message: '只有社区可以是安置社区' }]);
  await refuseSameName(db, parent._id, input.name);
  const id = `${PREFIX[input.kind]}-${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const unit: OrgUnitRecord = {
    _id: id,
    kind: input.kind,
    name: input.name,
    parentId: parent._id,
    path: [...parent.path, id],
    ...(input.kind === 'community' ? { resettlement: Boolean(input.resettlement) } : {}),
    ...(input.kind === 'grid' ? { partyGroupMemberIds: [] } : {}),
    retiredAt: null,
  };
  await runTransaction(db, async (tx: Tx) => {
    await tx.collection(COLLECTIONS.orgUnits.name).add(unit);
    await recordAudit(tx, caller, ctx.requestId, { action: 'admin.addUnit', target: { collection: COLLECTIONS.orgUnits.name, id }, before: null, after: unit, path: unit.path });
  });
  return { unit: unitView(unit, actorOf(caller)) };
}

export async function renameUnit(input: In<'renameUnit'>, ctx: MemberContext): Promise<Out<'renameUnit'>> {
  const { db, caller } = ctx;
  const unit = await loadUnit(db, input.unitId);
  enforce(checkUnitChange('rename', unitFacts(unit), actorOf(caller)), { forbidden: '只能修改自己管辖范围内的单位', conflict: '这个单位已经停用' });
  if (unit.name === input.name) return { unit: unitView(unit, actorOf(caller)) };
  if (unit.parentId) await refuseSameName(db, unit.parentId, input.name, unit._id);
  await runTransaction(db, async (tx: Tx) => {
    await tx.collection(COLLECTIONS.orgUnits.name).doc(unit._id).update({ name: input.name });
    await recordAudit(tx, caller, ctx.requestId, { action: 'admin.renameUnit', target: { collection: COLLECTIONS.orgUnits.name, id: unit._id }, before: { name: unit.name }, after: { name: input.name }, path: unit.path });
  });
  return { unit: unitView({ ...unit, name: input.name }, actorOf(caller)) };
}

/**
 * Retiring (撤并) keeps the unit and everything that points at it; it only leaves the pickers. It waits
 * until nothing active hangs under it and nobody holds a role there, so no work is left without a holder.
 */
export async function retireUnit(input: In<'retireUnit'>, ctx: MemberContext): Promise<Out<'retireUnit'>> {
  const { db, caller } = ctx;
  const unit = await loadUnit(db, input.unitId);
  enforce(checkUnitChange('retire', unitFacts(unit), actorOf(caller)), {
    forbidden: '只能停用自己管辖范围内的村、社区或网格',
    invalid: '县和镇不能在这里停用',
    conflict: '这个单位已经停用了',
  });
  const children = (await readAll<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, { parentId: unit._id }, ['name', 'retiredAt'])).filter((c) => !c.retiredAt);
  if (children.length > 0) throw conflict(`请先停用或移走它下面的：${children.map((c) => c.name).join('、')}`);
  const holders = await readAll<UserRecord>(db, COLLECTIONS.users.name, { 'roles.unitId': unit._id }, ['name', 'roles']);
  if (holders.length > 0) {
    const list = holders.map((h) => `${h.name}（${h.roles.filter((r) => r.unitId === unit._id).map((r) => ROLE_LABELS[r.role as AppointableRole] ?? r.role).join('、')}）`);
    throw conflict(`请先免去或调走这里的人员：${list.join('、')}`);
  }
  const now = clock.nowIso();
  await runTransaction(db, async (tx: Tx) => {
    const fresh = await findById<OrgUnitRecord>(tx, COLLECTIONS.orgUnits.name, unit._id);
    if (fresh?.retiredAt) throw conflict('这个单位已经停用了');
    await tx.collection(COLLECTIONS.orgUnits.name).doc(unit._id).update({ retiredAt: now });
    await recordAudit(tx, caller, ctx.requestId, { action: 'admin.retireUnit', target: { collection: COLLECTIONS.orgUnits.name, id: unit._id }, before: { retiredAt: null }, after: { retiredAt: now }, path: unit.path });
  });
  return { unit: unitView({ ...unit, retiredAt: now }, actorOf(caller)) };
}

/**
 * What moving a grid reads, in one aggregate on the grid: the village it goes to, and how many
 * households and residents it has (they stay in the grid, so the counts hold before and after the move).
 */
async function readForMove(db: Db, gridId: string, villageId: string) {
  const $ = db.command.aggregate;
  const res = await db
    .collection(COLLECTIONS.orgUnits.name)
    .aggregate()
    .match({ _id: gridId })
    .limit(1)
    .lookup({ from: COLLECTIONS.orgUnits.name, pipeline: $.pipeline().match({ _id: villageId }).limit(1).done(), as: 'targets' })
    // A household's path ends with its grid (the path index serves it).
    .lookup({ from: COLLECTIONS.households.name, pipeline: $.pipeline().match({ path: gridId }).project({ _id: 1 }).group({ _id: null, n: $.sum(1) }).done(), as: 'households' })
    .lookup({ from: COLLECTIONS.users.name, pipeline: $.pipeline().match({ 'residence.gridId': gridId }).project({ _id: 1 }).group({ _id: null, n: $.sum(1) }).done(), as: 'residents' })
    .end();
  type Row = OrgUnitRecord & { targets: OrgUnitRecord[]; households: { n: number }[]; residents: { n: number }[] };
  const row = (res.data as Row[])[0];
  if (!row) throw notFound('找不到这个单位');
  const { targets, households, residents, ...grid } = row;
  const target = targets?.[0];
  if (!target) throw notFound('找不到这个单位');
  return { grid: grid as OrgUnitRecord, target, households: households?.[0]?.n ?? 0, residents: residents?.[0]?.n ?? 0 };
}

/**
 * Moves a grid to another village or community. The grid and the households and residents in it
 * follow (their village and path) — one update for all the households and one for all the residents,
 * however many — while records written before (wishes, cases, matters) keep the place they had, which is
 * their history. Re-running after a failure finishes the residents' part.
 */
export async function moveGrid(input: In<'moveGrid'>, ctx: MemberContext): Promise<Out<'moveGrid'>> {
  const { db, caller } = ctx;
  const _ = db.command;
  const actor = actorOf(caller);
  const { grid, target, households, residents } = await readForMove(db, input.gridId, input.villageId);
  if (grid.kind !== 'grid') throw invalid('只有网格可以调整到别的村（社区）', [{ path: 'gridId', message: '不是网格' }]);
  enforce(checkUnitChange('move', unitFacts(grid), actor), { forbidden: '这个网格不在您的管辖范围内', conflict: '这个网格已经停用' });
  enforce(checkUnitChange('add', unitFacts(target), actor, 'grid'), {
    forbidden: '目标村（社区）不在您的管辖范围内',
    invalid: '网格只能调整到村或社区下',
    conflict: `${target.name}已经停用`,
  });
  const path = [...target.path, grid._id];
  if (grid.parentId !== target._id) {
    await refuseSameName(db, target._id, grid.name);
    await runTransaction(db, async (tx: Tx) => {
      const fresh = await findById<OrgUnitRecord>(tx, COLLECTIONS.orgUnits.name, grid._id);
      if (fresh?.parentId !== grid.parentId) throw conflict('这个网格刚被别人调整过，请刷新后再试');
      await tx.collection(COLLECTIONS.orgUnits.name).doc(grid._id).update({ parentId: target._id, path });
      await recordAudit(tx, caller, ctx.requestId, {
        action: 'admin.moveGrid',
        target: { collection: COLLECTIONS.orgUnits.name, id: grid._id },
        before: { parentId: grid.parentId, path: grid.path },
        after: { parentId: target._id, path },
        // The grid's new place: what the record holds once moved.
        path,
      });
    });
  }
  await db.collection(COLLECTIONS.households.name).where({ path: grid._id, unitId: _.neq(target._id) }).update({ unitId: target._id, path });
  // Field by field: the rest of a resident's residence (household, confirmation) is theirs to change meanwhile.
  await db.collection(COLLECTIONS.users.name).where({ 'residence.gridId': grid._id, 'residence.unitId': _.neq(target._id) }).update({ 'residence.unitId': target._id, 'residence.path': path });
  return { unit: unitView({ ...grid, parentId: target._id, path }, actor), movedHouseholds: households, movedResidents: residents };
}
