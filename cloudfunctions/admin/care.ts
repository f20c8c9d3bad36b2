import { randomUUID } from 'node:crypto';
import type { Db } from '@cloudbase/database';
import type { CareRecipientView } from '../../shared/contracts/admin';
import type { CareRecipientRecord } from '../../shared/domain/admin-records';
import { canKeepCareRegister, canReadCareRegister, careKindsLabel } from '../../shared/domain/care';
import { unitsWithRole } from '../../shared/domain/jurisdiction';
import { maskPhone } from '../../shared/domain/masking';
import type { HouseholdRecord, OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import { recordAudit } from '../_lib/audit';
import { careRecipientById, careRecipientsOfGrids } from '../_lib/care';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { findById, readByIds, type Tx } from '../_lib/db';
import { forbidden, invalid, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { runTransaction } from '../_lib/transaction';
import { loadUnit } from './store';
import type { In, Out } from './types';

const NOT_YOURS = '只有本网格的网格长和村（社区）、镇、县干部可以查看关爱对象';

async function loadGrid(db: Db, gridId: string): Promise<OrgUnitRecord> {
  const grid = await loadUnit(db, gridId);
  if (grid.kind !== 'grid') throw invalid('请选择一个网格', [{ path: 'gridId', message: '不是网格' }]);
  return grid;
}

/** The entry, if the caller may read it; NOT_FOUND for everyone else (the register's existence is private too). */
async function loadReadable(db: Db, caller: UserRecord, id: string): Promise<CareRecipientRecord> {
  const rec = await careRecipientById(db, id);
  if (!rec || !canReadCareRegister(caller.roles, rec.path)) throw notFound('找不到这位关爱对象');
  return rec;
}

function view(rec: CareRecipientRecord, gridName: string, caller: UserRecord): CareRecipientView {
  return {
    id: rec._id,
    gridId: rec.gridId,
    gridName,
    householdId: rec.householdId,
    name: rec.name,
    kinds: rec.kinds,
    kindsLabel: careKindsLabel(rec.kinds),
    address: rec.address,
    phoneMasked: maskPhone(rec.phone),
    contactName: rec.contactName,
    contactPhoneMasked: maskPhone(rec.contactPhone),
    note: rec.note,
    canEdit: canKeepCareRegister(caller.roles, rec.path),
  };
}

/** A household named for the entry must be one of the grid's. */
async function checkHousehold(db: Db, householdId: string | null | undefined, grid: OrgUnitRecord): Promise<string | null> {
  if (!householdId) return null;
  const h = await findById<HouseholdRecord>(db, COLLECTIONS.households.name, householdId);
  if (!h || h.gridId !== grid._id) throw invalid('这户不在本网格', [{ path: 'householdId', message: '不是本网格的户' }]);
  return h._id;
}

type Fields = Omit<In<'careAdd'>, 'gridId'>;

function fieldsOf(input: Fields) {
  return {
    name: input.name,
    kinds: [...new Set(input.kinds)],
    address: input.address,
    phone: input.phone ?? null,
    contactName: input.contactName ?? null,
    contactPhone: input.contactPhone ?? null,
    note: input.note ?? '',
  };
}

/** What the audit log keeps of an entry: numbers masked, like everything a reader of the log sees. */
const audited = (r: Pick<CareRecipientRecord, 'name' | 'kinds' | 'address' | 'phone' | 'contactName' | 'contactPhone' | 'note' | 'active'>) => ({
  name: r.name,
  kinds: careKindsLabel(r.kinds),
  address: r.address,
  phone: maskPhone(r.phone),
  contactName: r.contactName,
  contactPhone: maskPhone(r.contactPhone),
  note: r.note,
  active: r.active,
});

/** A village has a few dozen grids at most; a grid leader leads one or two. */
const GRIDS_CAP = 200;

export async function careGrids(_input: In<'careGrids'>, ctx: MemberContext): Promise<Out<'careGrids'>> {
  const { db, caller } = ctx;
  const _ = db.command;
  const led = unitsWithRole(caller.roles, 'grid-leader');
  const villages = unitsWithRole(caller.roles, 'village-cadre');
  const ors = [...(led.length ? [{ _id: _.in(led) }] : []), ...(villages.length ? [{ parentId: _.in(villages) }] : [])];
  if (ors.length === 0) return { items: [] };
  const grids = ((await db.collection(COLLECTIONS.orgUnits.name).where(_.and([{ kind: 'grid' }, _.or(ors)])).limit(GRIDS_CAP).get()).data as OrgUnitRecord[]).filter((g) => !g.retiredAt);
  if (grids.length === 0) return { items: [] };
  const parents = await readByIds<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, [...new Set(grids.map((g) => g.parentId!).filter(Boolean))]);
  const counts = await db
    .collection(COLLECTIONS.careRecipients.name)
    .aggregate()
    .match({ gridId: _.in(grids.map((g) => g._id)), active: true })
    .group({ _id: '$gridId', n: _.aggregate.sum(1) })
    .limit(GRIDS_CAP)
    .end();
  const n = new Map((counts.data as { _id: string; n: number }[]).map((r) => [r._id, r.n]));
  const villageName = new Map(parents.map((p) => [p._id, p.name]));
  return {
    items: grids
      .map((g) => ({ gridId: g._id, gridName: g.name, villageName: villageName.get(g.parentId ?? '') ?? '', count: n.get(g._id) ?? 0 }))
      .sort((a, b) => a.villageName.localeCompare(b.villageName, 'zh') || a.gridName.localeCompare(b.gridName, 'zh')),
  };
}

export async function careList(input: In<'careList'>, ctx: MemberContext): Promise<Out<'careList'>> {
  const { db, caller } = ctx;
  const grid = await loadGrid(db, input.gridId);
  if (!canReadCareRegister(caller.roles, grid.path)) throw forbidden(NOT_YOURS);
  const items = (await careRecipientsOfGrids(db, [grid._id])).sort((a, b) => a.name.localeCompare(b.name, 'zh'));
  return { gridName: grid.name, canEdit: canKeepCareRegister(caller.roles, grid.path), items: items.map((r) => view(r, grid.name, caller)) };
}

export async function careAdd(input: In<'careAdd'>, ctx: MemberContext): Promise<Out<'careAdd'>> {
  const { db, caller } = ctx;
  const grid = await loadGrid(db, input.gridId);
  if (!canKeepCareRegister(caller.roles, grid.path)) throw forbidden('只有本网格的网格长和村（社区）干部可以登记关爱对象');
  const householdId = await checkHousehold(db, input.householdId, grid);
  const now = clock.nowIso();
  const [countyId, townId, villageId] = grid.path;
  const rec: CareRecipientRecord = {
    _id: `care-${randomUUID().replace(/-/g, '').slice(0, 16)}`,
    countyId: countyId!,
    townId: townId!,
    villageId: villageId!,
    gridId: grid._id,
    path: grid.path,
    householdId,
    userId: null,
    ...fieldsOf(input),
    active: true,
    createdAt: now,
    updatedAt: now,
    createdById: caller._id,
  };
  if (householdId) {
    const resident = await db.collection(COLLECTIONS.users.name).where({ 'residence.householdId': householdId, name: rec.name }).limit(1).get();
    rec.userId = ((resident.data as UserRecord[])[0]?._id as string | undefined) ?? null;
  }
  await runTransaction(db, async (tx: Tx) => {
    await tx.collection(COLLECTIONS.careRecipients.name).add(rec);
    await recordAudit(tx, caller, ctx.requestId, { action: 'admin.care.add', target: { collection: COLLECTIONS.careRecipients.name, id: rec._id }, before: null, after: audited(rec), path: grid.path });
  });
  return { item: view(rec, grid.name, caller) };
}

export async function careUpdate(input: In<'careUpdate'>, ctx: MemberContext): Promise<Out<'careUpdate'>> {
  const { db, caller } = ctx;
  const rec = await loadReadable(db, caller, input.id);
  if (!canKeepCareRegister(caller.roles, rec.path)) throw forbidden('只有本网格的网格长和村（社区）干部可以修改关爱对象');
  if (!rec.active) throw notFound('这位关爱对象已经移出名单');
  const grid = await loadGrid(db, rec.gridId);
  const householdId = input.householdId === undefined ? rec.householdId : await checkHousehold(db, input.householdId, grid);
  const changes = { ...fieldsOf(input), householdId, updatedAt: clock.nowIso() };
  await runTransaction(db, async (tx: Tx) => {
    await tx.collection(COLLECTIONS.careRecipients.name).doc(rec._id).update(changes);
    await recordAudit(tx, caller, ctx.requestId, { action: 'admin.care.update', target: { collection: COLLECTIONS.careRecipients.name, id: rec._id }, before: audited(rec), after: audited({ ...rec, ...changes }), path: rec.path });
  });
  return { item: view({ ...rec, ...changes }, grid.name, caller) };
}

export async function careRemove(input: In<'careRemove'>, ctx: MemberContext): Promise<Out<'careRemove'>> {
  const { db, caller } = ctx;
  const rec = await loadReadable(db, caller, input.id);
  if (!canKeepCareRegister(caller.roles, rec.path)) throw forbidden('只有本网格的网格长和村（社区）干部可以把人移出关爱名单');
  if (!rec.active) return { removed: false };
  let removed = false;
  await runTransaction(db, async (tx: Tx) => {
    removed = false;
    // Conditional: two taps at once end the entry once and write one audit entry.
    const fresh = await careRecipientById(tx, rec._id);
    if (!fresh?.active) return;
    removed = true;
    await tx.collection(COLLECTIONS.careRecipients.name).doc(rec._id).update({ active: false, updatedAt: clock.nowIso() });
    await recordAudit(tx, caller, ctx.requestId, { action: 'admin.care.remove', target: { collection: COLLECTIONS.careRecipients.name, id: rec._id }, before: { active: true }, after: { active: false, reason: input.reason }, path: rec.path });
  });
  return { removed };
}

export async function careContact(input: In<'careContact'>, ctx: MemberContext): Promise<Out<'careContact'>> {
  const { db, caller } = ctx;
  const rec = await loadReadable(db, caller, input.id);
  if (!rec.phone && !rec.contactPhone) throw notFound(`${rec.name}和家属都没有留电话`);
  await runTransaction(db, async (tx: Tx) => {
    await recordAudit(tx, caller, ctx.requestId, { action: 'admin.care.contact', target: { collection: COLLECTIONS.careRecipients.name, id: rec._id }, before: null, after: { of: rec.name }, path: rec.path });
  });
  return { name: rec.name, phone: rec.phone, contactName: rec.contactName, contactPhone: rec.contactPhone };
}
