import type { Db } from '@cloudbase/database';
import type { ActionOutput, ParsedInput } from '../../shared/contracts/envelope';
import type { powersContract } from '../../shared/contracts/powers';
import type { PowerCategory, StepRole } from '../../shared/domain/power-catalogue';
import { totalLimitDays } from '../../shared/domain/power-catalogue';
import { averageDays, canSeeMatter, checkStepAction, type MatterActor } from '../../shared/domain/power-matter';
import type {
  MatterRecord,
  PowerComplaintRecord,
  PowerItemRecord,
  PowerItemVersionRecord,
  PowerStatsRecord,
} from '../../shared/domain/power-records';
import { isOverdue } from '../../shared/domain/power-workdays';
import { heldFor, isMatterReviewer, isSupervisorOver, MATTER_TEXT_FIELDS, powerFieldLabel, quotedFor, shownText, type PowerViewer } from '../../shared/domain/power-moderation';
import type { OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import { usersWithRoleAt } from '../_lib/caller';
import { clock } from '../_lib/clock';
import { findById, type Tx } from '../_lib/db';
import { notFound } from '../_lib/errors';
import { enqueue, type Message } from '../_lib/outbox';
import type { HeldText } from '../../shared/domain/moderation';

export type C = typeof powersContract;
export type In<K extends keyof C['actions'] & string> = ParsedInput<C, K>;
export type Out<K extends keyof C['actions'] & string> = ActionOutput<C, K>;

export const ITEMS = 'powerItems';
export const VERSIONS = 'powerItemVersions';
export const MATTERS = 'matters';
export const STATS = 'powerStats';
export const COMPLAINTS = 'powerComplaints';
export const TALKS = 'reminderTalks';
export const TALLIES = 'powerTallies';

export const itemIdOf = (unitId: string, code: string) => `${unitId}_${code}`;
export const versionIdOf = (itemId: string, version: number) => `${itemId}_v${version}`;
export const statsIdOf = (villageId: string, code: string) => `${villageId}_${code}`;

export function actorOf(user: UserRecord | null): MatterActor {
  return user ? { id: user._id, grants: user.roles } : { id: '', grants: [] };
}

export async function loadUnit(db: Db | Tx, unitId: string): Promise<OrgUnitRecord> {
  const unit = await findById<OrgUnitRecord>(db, 'orgUnits', unitId);
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
export async function effectiveItem(db: Db | Tx, countyId: string, villageId: string | null, code: string): Promise<{ item: PowerItemRecord; standard: PowerItemRecord }> {
  const standard = await findById<PowerItemRecord>(db, ITEMS, itemIdOf(countyId, code));
  if (!standard || standard.status !== 'active') throw notFound('清单中没有这个事项');
  if (!villageId) return { item: standard, standard };
  const local = await findById<PowerItemRecord>(db, ITEMS, itemIdOf(villageId, code));
  return { item: local && isInForce(local, standard) ? local : standard, standard };
}

/** A village adjustment applies only to the county version it was made from. */
export function isInForce(local: PowerItemRecord, standard: PowerItemRecord): boolean {
  return local.status === 'active' && local.baseVersion === standard.version;
}

export function countsOf(stats: PowerStatsRecord | undefined): Out<'catalogue'>['items'][number]['counts'] {
  if (!stats) return { inProgress: 0, done: 0, averageDays: null };
  return { inProgress: stats.inProgress, done: stats.done, averageDays: averageDays(stats.doneDays, stats.done) };
}

/** Anonymous counts by item code: one village, or summed over the county. */
export async function statsByCode(db: Db, where: { villageId: string } | { countyId: string }): Promise<Map<string, PowerStatsRecord>> {
  const res = await db.collection(STATS).where(where).limit(1000).get();
  const out = new Map<string, PowerStatsRecord>();
  for (const s of res.data as PowerStatsRecord[]) {
    const prev = out.get(s.code);
    out.set(
      s.code,
      prev
        ? { ...prev, inProgress: prev.inProgress + s.inProgress, done: prev.done + s.done, doneDays: prev.doneDays + s.doneDays, refused: prev.refused + s.refused, withdrawn: prev.withdrawn + s.withdrawn }
        : s,
    );
  }
  return out;
}

export function itemSummary(item: PowerItemRecord, stats: PowerStatsRecord | undefined): Out<'catalogue'>['items'][number] {
  return {
    code: item.code,
    kind: item.kind,
    category: item.category as PowerCategory,
    title: item.title,
    summary: item.summary,
    starter: item.starter,
    fees: item.fees,
    stepCount: item.steps.length,
    totalDays: totalLimitDays(item.steps),
    version: item.version,
    adjusted: item.scope === 'village',
    counts: countsOf(stats),
  };
}

export async function itemView(
  db: Db,
  item: PowerItemRecord,
  standard: PowerItemRecord,
  unitName: string,
  stats: PowerStatsRecord | undefined,
  canStart: boolean,
): Promise<Out<'item'>> {
  const ids = [standard._id, ...(item._id !== standard._id ? [item._id] : [])];
  const res = await db
    .collection(VERSIONS)
    .where({ itemId: db.command.in(ids) })
    .field({ versionId: true, version: true, scope: true, publishedAt: true, changeNote: true })
    .orderBy('publishedAt', 'desc')
    .limit(100)
    .get();
  const versions = (res.data as PowerItemVersionRecord[]).map((v) => ({
    versionId: v.versionId,
    version: v.version,
    scope: v.scope,
    publishedAt: v.publishedAt,
    changeNote: v.changeNote,
  }));
  return {
    ...itemSummary(item, stats),
    versionId: item.versionId,
    unitName,
    basis: item.basis,
    body: item.body,
    materials: item.materials,
    steps: item.steps.map((s) => ({ title: s.title, role: s.role, actorLabel: s.actorLabel, limitDays: s.limitDays, publicity: s.publicity, localAdded: Boolean(s.localAdded) })),
    risks: item.risks,
    riskCard: item.riskCard,
    guideCard: item.guideCard,
    localNote: item.localNote,
    standardVersion: standard.version,
    updatedAt: item.updatedAt,
    versions,
    canStart,
  };
}

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
  const m = await findById<MatterRecord>(db, MATTERS, matterId);
  if (!m || !canSeeMatter(matterFacts(m), actorOf(caller))) throw notFound('这个事项不存在');
  return m;
}

export const link = (m: Pick<MatterRecord, '_id'>) => ({ page: 'matter', id: m._id });

/** Held text on a matter: its author and the cadres and supervisors over it read it. */
export function matterViewer(m: Pick<MatterRecord, 'path'>, caller: UserRecord): PowerViewer {
  return { id: caller._id, isCadre: isMatterReviewer(caller.roles, m.path) };
}

/** Held text on a complaint or a talk: its author and the supervisors over it read it. */
export function supervisedViewer(r: { path: readonly string[] }, caller: UserRecord): PowerViewer {
  return { id: caller._id, isCadre: isSupervisorOver(caller.roles, r.path) };
}

export function complaintView(c: PowerComplaintRecord, caller: UserRecord): Out<'complaints'>['items'][number] {
  const viewer = supervisedViewer(c, caller);
  const held = heldFor(c.moderation, viewer);
  return {
    id: c._id,
    matterId: c.matterId,
    matterTitle: c.matterTitle,
    itemTitle: c.itemTitle,
    complainantName: c.complainantName,
    text: shownText(c.moderation, 'text', c.text, viewer),
    status: c.status,
    reply: shownText(c.moderation, 'reply', c.reply, viewer),
    handledByName: c.handledByName,
    handledAt: c.handledAt,
    createdAt: c.createdAt,
    ...(held ? { held } : {}),
    canRelease: viewer.isCadre && Boolean(c.moderation?.held.length),
  };
}

export function matterSummary(m: MatterRecord, caller: UserRecord): Out<'matters'>['items'][number] {
  const step = m.current !== null ? m.steps[m.current] : undefined;
  return {
    id: m._id,
    title: shownText(m.moderation, MATTER_TEXT_FIELDS.title, m.title, matterViewer(m, caller)),
    itemCode: m.itemCode,
    itemTitle: m.itemTitle,
    category: m.category,
    status: m.status,
    applicantName: m.applicantName,
    unitName: m.unitName,
    current: m.current,
    currentStepTitle: step?.title ?? null,
    currentRole: step?.role ?? null,
    dueAt: step?.dueAt ?? null,
    overdue: Boolean(step && (step.overdue || isOverdue(step.dueAt, clock.nowIso()))),
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
  };
}

export async function matterView(db: Db, m: MatterRecord, caller: UserRecord): Promise<Out<'matter'>> {
  const actor = actorOf(caller);
  const viewer = matterViewer(m, caller);
  const show = <T extends string | null>(field: string | undefined, value: T) => shownText(m.moderation, field, value, viewer);
  const isApplicant = caller._id === m.applicantId;
  const supervises = caller.roles.some((r) => r.role === 'supervisor' && m.path.includes(r.unitId));
  let complaints: PowerComplaintRecord[] = [];
  if (isApplicant || supervises) {
    const where: Record<string, unknown> = { matterId: m._id };
    if (!supervises) where.complainantId = caller._id;
    complaints = (await db.collection(COMPLAINTS).where(where).orderBy('createdAt', 'desc').limit(50).get()).data as PowerComplaintRecord[];
  }
  const allowed: Out<'matter'>['allowed'] = [];
  if (m.current !== null && checkStepAction(matterFacts(m), m.current, actor) === 'ok') allowed.push('advance', 'refuse');
  if (isApplicant && m.status === 'in_progress') allowed.push('withdraw');
  if (isApplicant && (m.status === 'done' || m.status === 'refused') && !m.rating) allowed.push('rate');
  if (isApplicant) allowed.push('complain');
  if (viewer.isCadre && m.moderation?.held.length) allowed.push('release');
  const held = heldFor(m.moderation, viewer);
  return {
    ...matterSummary(m, caller),
    itemId: m.itemId,
    versionId: m.versionId,
    version: m.version,
    steps: m.steps.map((s) => ({
      title: s.title,
      role: s.role,
      actorLabel: s.actorLabel,
      limitDays: s.limitDays,
      publicity: s.publicity,
      localAdded: Boolean(s.localAdded),
      status: s.status,
      startedAt: s.startedAt,
      dueAt: s.dueAt,
      doneAt: s.doneAt,
      actorName: s.actorName,
      note: show(s.noteField, s.note),
      overdue: s.overdue || (s.status === 'current' && isOverdue(s.dueAt, clock.nowIso())),
    })),
    timeline: m.timeline.map((e) => ({ at: e.at, action: e.action, actorName: e.actorName, stepIndex: e.stepIndex, note: show(e.noteField, e.note) })),
    rating: m.rating ? { ...m.rating, comment: show(MATTER_TEXT_FIELDS.ratingComment, m.rating.comment) } : null,
    workingDays: m.workingDays,
    complaints: complaints.map((c) => complaintView(c, caller)),
    allowed,
    ...(held ? { held } : {}),
  };
}

/** Adds to a village's anonymous counts inside the caller's transaction (creating the row the first time). */
export async function bumpStats(
  tx: Tx,
  db: Db,
  m: Pick<MatterRecord, 'villageId' | 'countyId' | 'itemCode'>,
  delta: Partial<Record<'inProgress' | 'done' | 'refused' | 'withdrawn' | 'doneDays' | 'ratingSum' | 'ratingCount', number>>,
): Promise<void> {
  const id = statsIdOf(m.villageId, m.itemCode);
  const current = await findById<PowerStatsRecord>(tx, STATS, id);
  if (!current) {
    const row: PowerStatsRecord = { _id: id, villageId: m.villageId, countyId: m.countyId, code: m.itemCode, inProgress: 0, done: 0, refused: 0, withdrawn: 0, doneDays: 0, ratingSum: 0, ratingCount: 0 };
    for (const [k, v] of Object.entries(delta)) (row as unknown as Record<string, number>)[k] = v ?? 0;
    await tx.collection(STATS).add(row);
    return;
  }
  const _ = db.command;
  await tx
    .collection(STATS)
    .doc(id)
    .update(Object.fromEntries(Object.entries(delta).map(([k, v]) => [k, _.inc(v ?? 0)])));
}

export function isTxConflict(err: unknown): boolean {
  return (err as { code?: string })?.code === 'DATABASE_TRANSACTION_CONFLICT';
}

/** Who reads held text until it is reviewed, as the author is told. */
export const MATTER_REVIEWERS = '村（社区）及以上干部、村务监督委员会';
export const SUPERVISORS = '村务监督委员会';

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

/** The matter's name as a message to these people may quote it (never held text to others). */
export function titleFor(m: Pick<MatterRecord, 'title' | 'moderation'>, to: readonly string[]): string {
  return quotedFor(m.moderation, MATTER_TEXT_FIELDS.title, m.title, to);
}
