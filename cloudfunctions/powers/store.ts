import type { Db } from '@cloudbase/database';
import type { StepRole } from '../../shared/domain/power-catalogue';
import { canSeeMatter, type MatterActor } from '../../shared/domain/power-matter';
import type { MatterRecord, MatterTally, PowerItemRecord, PowerStatsRecord } from '../../shared/domain/power-records';
import { powerFieldLabel } from '../../shared/domain/power-moderation';
import type { OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import { usersWithRoleAt } from '../_lib/caller';
import { findById, type Tx } from '../_lib/db';
import { notFound } from '../_lib/errors';
import { enqueue, type Message } from '../_lib/outbox';
import type { HeldText } from '../../shared/domain/moderation';
import { COLLECTIONS } from '../_lib/collections';

export const itemIdOf = (unitId: string, code: string) => `${unitId}_${code}`;

export const versionIdOf = (itemId: string, version: number) => `${itemId}_v${version}`;

export const statsIdOf = (villageId: string, code: string) => `${villageId}_${code}`;

export function actorOf(user: UserRecord | null): MatterActor {
  return user ? { id: user._id, grants: user.roles } : { id: '', grants: [] };
}

export async function loadUnit(db: Db | Tx, unitId: string): Promise<OrgUnitRecord> {
  const unit = await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, unitId);
  if (!unit) throw notFound('找不到这个村（社区）');
  return unit;
}

/** The village (or community) a person belongs to: where they live, else where they serve. */
export function homeVillageOf(user: UserRecord | null): string | null {
  if (!user) return null;
  if (user.residence) return user.residence.unitId;
  const grant = user.roles.find((r) => r.role === 'village-cadre' || r.role === 'supervisor');
  return grant?.unitId ?? null;
}

export const isVillageUnit = (u: OrgUnitRecord) => u.kind === 'village' || u.kind === 'community';

/** The county's standard item and, where it still applies, the village's adjustment of it. */
export async function effectiveItem(db: Db, countyId: string, villageId: string | null, code: string): Promise<{ item: PowerItemRecord; standard: PowerItemRecord }> {
  // The standard and the village's adjustment in one read.
  const ids = villageId ? [itemIdOf(countyId, code), itemIdOf(villageId, code)] : [itemIdOf(countyId, code)];
  const found = (await db.collection(COLLECTIONS.powerItems.name).where({ _id: db.command.in(ids) }).limit(2).get()).data as PowerItemRecord[];
  const standard = found.find((i) => i._id === ids[0]);
  if (!standard || standard.status !== 'active') throw notFound('清单中没有这个事项');
  if (!villageId) return { item: standard, standard };
  const local = found.find((i) => i._id === ids[1]);
  return { item: local && isInForce(local, standard) ? local : standard, standard };
}

/** A village adjustment applies only to the county version it was made from. */
export function isInForce(local: PowerItemRecord, standard: PowerItemRecord): boolean {
  return local.status === 'active' && local.baseVersion === standard.version;
}

/** Anonymous counts by item code: one village, or summed over the county. */
/**
 * The matter tallies per item code for a village or a whole county, summed on the server: a county holds
 * one row per village per item (Qianyang: ~80 × 30), so the rows never come back, only one group per code
 * (a catalogue has at most STATS_CODE_CAP codes).
 */
/** `villageId` may be a list: the villages of a town summed in the same one aggregate. */
export async function statsByCode(db: Db, where: { villageId: string | string[] } | { countyId: string }): Promise<Map<string, PowerStatsRecord>> {
  const $ = db.command.aggregate;
  const res = await db
    .collection(COLLECTIONS.powerStats.name)
    .aggregate()
    .match('villageId' in where && Array.isArray(where.villageId) ? { villageId: db.command.in(where.villageId) } : where)
    .group({
      _id: '$code',
      inProgress: $.sum('$inProgress'),
      done: $.sum('$done'),
      doneDays: $.sum('$doneDays'),
      refused: $.sum('$refused'),
      withdrawn: $.sum('$withdrawn'),
      ratingSum: $.sum('$ratingSum'),
      ratingCount: $.sum('$ratingCount'),
    })
    .limit(STATS_CODE_CAP)
    .end();
  const out = new Map<string, PowerStatsRecord>();
  const scope = 'villageId' in where ? { villageId: Array.isArray(where.villageId) ? '' : where.villageId, countyId: '' } : { villageId: '', countyId: where.countyId };
  for (const g of res.data as (Omit<PowerStatsRecord, '_id' | 'code' | 'villageId' | 'countyId'> & { _id: string })[]) {
    out.set(g._id, { ...g, ...scope, code: g._id, _id: `${scope.villageId || scope.countyId}:${g._id}` });
  }
  return out;
}

/** Item codes in one county's catalogue, at most (a group per code comes back from statsByCode). */
export const STATS_CODE_CAP = 1000;

/** The people who act at a step of this matter: the holders of the step's role over its place. */
export async function holdersOf(db: Db, role: StepRole | null, m: Pick<MatterRecord, 'villageId' | 'townId' | 'countyId' | 'gridId' | 'applicantId'>): Promise<string[]> {
  if (!role) return [];
  if (role === 'applicant') return [m.applicantId];
  const unitId = scopeUnit(role, m);
  if (!unitId) return [];
  return (await usersWithRoleAt(db, role, unitId)).map((u) => u._id);
}

/** The unit at which a step role is held for a matter (a grid leader at the applicant's grid, and so on). */
export function scopeUnit(role: Exclude<StepRole, 'applicant'>, m: Pick<MatterRecord, 'villageId' | 'townId' | 'countyId' | 'gridId'>): string | null {
  switch (role) {
    case 'village-cadre':
    case 'supervisor':
      return m.villageId;
    case 'grid-leader':
      return m.gridId;
    case 'town-cadre':
      return m.townId;
    case 'county-admin':
      return m.countyId;
  }
}

/** The matter field a role's grant unit is compared with in queries. */
export const SCOPE_FIELD: Record<Exclude<StepRole, 'applicant'>, keyof MatterRecord> = {
  'village-cadre': 'villageId',
  supervisor: 'villageId',
  'grid-leader': 'gridId',
  'town-cadre': 'townId',
  'county-admin': 'countyId',
};

export async function supervisorsOf(db: Db, villageId: string): Promise<string[]> {
  return (await usersWithRoleAt(db, 'supervisor', villageId)).map((u) => u._id);
}

export function matterFacts(m: MatterRecord) {
  return { status: m.status, applicantId: m.applicantId, current: m.current, steps: m.steps, path: m.path };
}

export async function loadVisibleMatter(db: Db, matterId: string, caller: UserRecord): Promise<MatterRecord> {
  const m = await findById<MatterRecord>(db, COLLECTIONS.matters.name, matterId);
  if (!m || !canSeeMatter(matterFacts(m), actorOf(caller))) throw notFound('这个事项不存在');
  return m;
}

export const link = (m: Pick<MatterRecord, '_id'>) => ({ page: 'matter', id: m._id });

/** Adds to a village's anonymous counts inside the caller's transaction (creating the row the first time). */
export async function bumpStats(
  tx: Tx,
  db: Db,
  m: Pick<MatterRecord, 'villageId' | 'countyId' | 'itemCode'>,
  delta: Partial<Record<'inProgress' | 'done' | 'refused' | 'withdrawn' | 'doneDays' | 'ratingSum' | 'ratingCount', number>>,
): Promise<void> {
  const id = statsIdOf(m.villageId, m.itemCode);
  const current = await findById<PowerStatsRecord>(tx, COLLECTIONS.powerStats.name, id);
  if (!current) {
    const row: PowerStatsRecord = { _id: id, villageId: m.villageId, countyId: m.countyId, code: m.itemCode, inProgress: 0, done: 0, refused: 0, withdrawn: 0, doneDays: 0, ratingSum: 0, ratingCount: 0 };
    for (const [k, v] of Object.entries(delta)) (row as unknown as Record<string, number>)[k] = v ?? 0;
    await tx.collection(COLLECTIONS.powerStats.name).add(row);
    return;
  }
  const _ = db.command;
  await tx
    .collection(COLLECTIONS.powerStats.name)
    .doc(id)
    .update(Object.fromEntries(Object.entries(delta).map(([k, v]) => [k, _.inc(v ?? 0)])));
}

export const NO_TALLY: MatterTally = { inProgress: 0, done: 0, refused: 0, withdrawn: 0, doneDays: 0, ratingSum: 0, ratingCount: 0 };

/** What a matter in this state adds to its village's counts. */
export function tallyOf(m: Pick<MatterRecord, 'status' | 'workingDays' | 'rating'>): MatterTally {
  return {
    inProgress: m.status === 'in_progress' ? 1 : 0,
    done: m.status === 'done' ? 1 : 0,
    refused: m.status === 'refused' ? 1 : 0,
    withdrawn: m.status === 'withdrawn' ? 1 : 0,
    doneDays: m.status === 'done' ? m.workingDays ?? 0 : 0,
    ratingSum: m.rating?.stars ?? 0,
    ratingCount: m.rating ? 1 : 0,
  };
}

/**
 * The fields a change to a matter sets for the tally timer: pending, and (on a matter last written before
 * tallies were deferred, which the counts hold as it stood) what it counted for until this change.
 */
export function tallyFields(before: Pick<MatterRecord, 'status' | 'workingDays' | 'rating' | 'counted' | 'tallyPending'> | null): Pick<MatterRecord, 'counted' | 'tallyPending'> {
  if (!before) return { counted: NO_TALLY, tallyPending: true };
  return before.counted === undefined ? { counted: tallyOf(before), tallyPending: true } : { tallyPending: true };
}

/** Who reads held text until it is reviewed, as the author is told. */
export const MATTER_REVIEWERS = '村（社区）及以上干部、村务监督委员会';

export const SUPERVISORS = '村务监督委员会';

/** The author's notice that their text is held: why, and who can read it meanwhile (carried by the write that holds it). */
export function heldNotice(held: readonly HeldText[], reviewers: string, link: Message['link']): { to: string[]; message: Message }[] {
  if (held.length === 0) return [];
  const what = [...new Set(held.map((h) => powerFieldLabel(h.field)))].join('、');
  return [
    {
      to: [held[0]!.authorId],
      message: { kind: 'content.held', title: `您填写的${what}需要人工复核`, body: `原因：${[...new Set(held.map((h) => h.reason))].join('、')}。复核通过前，只有您和${reviewers}能看到。`, link },
    },
  ];
}

/** The author is told, in the transaction that holds the text, why and who can read it meanwhile. */
export async function tellAuthorHeld(tx: Tx, held: readonly HeldText[], reviewers: string, link: Message['link']): Promise<void> {
  if (held.length === 0) return;
  const what = [...new Set(held.map((h) => powerFieldLabel(h.field)))].join('、');
  await enqueue(tx, [held[0]!.authorId], {
    kind: 'content.held',
    title: `您填写的${what}需要人工复核`,
    body: `原因：${[...new Set(held.map((h) => h.reason))].join('、')}。复核通过前，只有您和${reviewers}能看到。`,
    link,
  });
}
