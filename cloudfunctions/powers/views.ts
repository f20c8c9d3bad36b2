import type { Db } from '@cloudbase/database';
import type { PowerCategory } from '../../shared/domain/power-catalogue';
import { totalLimitDays } from '../../shared/domain/power-catalogue';
import { averageDays, checkStepAction, matterEventLabel } from '../../shared/domain/power-matter';
import type {
  MatterRecord,
  PowerComplaintRecord,
  PowerItemRecord,
  PowerItemVersionRecord,
  PowerStatsRecord,
} from '../../shared/domain/power-records';
import { isOverdue } from '../../shared/domain/power-workdays';
import { heldFor, isMatterReviewer, isSupervisorOver, MATTER_TEXT_FIELDS, quotedFor, shownText, type PowerViewer } from '../../shared/domain/power-moderation';
import { releasableHeld } from '../../shared/domain/moderation';
import { textForReader } from '../../shared/domain/masking';
import type { UserRecord } from '../../shared/domain/records';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import type { Out } from './types';
import { actorOf, matterFacts } from './store';

export function countsOf(stats: PowerStatsRecord | undefined): Out<'catalogue'>['items'][number]['counts'] {
  if (!stats) return { inProgress: 0, done: 0, averageDays: null };
  return { inProgress: stats.inProgress, done: stats.done, averageDays: averageDays(stats.doneDays, stats.done) };
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
    .collection(COLLECTIONS.powerItemVersions.name)
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
    // The supervisors handle a complaint: others (but its author) read numbers in it masked.
    text: textForReader(shownText(c.moderation, 'text', c.text, viewer), c.complainantId, { id: viewer.id, handler: viewer.isCadre }),
    status: c.status,
    reply: textForReader(shownText(c.moderation, 'reply', c.reply, viewer), c.handledById ?? [], { id: viewer.id, handler: viewer.isCadre }),
    handledByName: c.handledByName,
    handledAt: c.handledAt,
    createdAt: c.createdAt,
    ...(held ? { held } : {}),
    canRelease: viewer.isCadre && releasableHeld(c.moderation?.held ?? [], viewer.id).length > 0,
  };
}

export function matterSummary(m: MatterRecord, caller: UserRecord): Out<'matters'>['items'][number] {
  const step = m.current !== null ? m.steps[m.current] : undefined;
  return {
    id: m._id,
    title: textForReader(shownText(m.moderation, MATTER_TEXT_FIELDS.title, m.title, matterViewer(m, caller)), m.applicantId, { id: caller._id, handler: matterViewer(m, caller).isCadre }),
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

/** `known`: the matter's complaints when the caller already holds them (a new matter has none). */
export async function matterView(db: Db, m: MatterRecord, caller: UserRecord, known?: PowerComplaintRecord[]): Promise<Out<'matter'>> {
  const actor = actorOf(caller);
  const viewer = matterViewer(m, caller);
  // The cadres and supervisors over the matter handle it; anyone else but the author reads numbers masked.
  const reader = { id: caller._id, handler: viewer.isCadre };
  const show = <T extends string | null>(field: string | undefined, value: T, authorIds: readonly string[]) =>
    textForReader(shownText(m.moderation, field, value, viewer), authorIds, reader);
  const authorsOf = (field: string | undefined) => (field ? m.timeline.filter((e) => e.noteField === field).map((e) => e.actorId) : []);
  const isApplicant = caller._id === m.applicantId;
  const supervises = caller.roles.some((r) => r.role === 'supervisor' && m.path.includes(r.unitId));
  let complaints: PowerComplaintRecord[] = [];
  if (known) complaints = isApplicant || supervises ? known.filter((c) => supervises || c.complainantId === caller._id) : [];
  else if (isApplicant || supervises) {
    const where: Record<string, unknown> = { matterId: m._id };
    if (!supervises) where.complainantId = caller._id;
    complaints = (await db.collection(COLLECTIONS.powerComplaints.name).where(where).orderBy('createdAt', 'desc').limit(50).get()).data as PowerComplaintRecord[];
  }
  const allowed: Out<'matter'>['allowed'] = [];
  if (m.current !== null && checkStepAction(matterFacts(m), m.current, actor) === 'ok') allowed.push('advance', 'refuse');
  if (isApplicant && m.status === 'in_progress') allowed.push('withdraw');
  if (isApplicant && (m.status === 'done' || m.status === 'refused') && !m.rating) allowed.push('rate');
  if (isApplicant) allowed.push('complain');
  if (viewer.isCadre && releasableHeld(m.moderation?.held ?? [], caller._id).length) allowed.push('release');
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
      note: show(s.noteField, s.note, authorsOf(s.noteField)),
      overdue: s.overdue || (s.status === 'current' && isOverdue(s.dueAt, clock.nowIso())),
    })),
    timeline: m.timeline.map((e) => ({ at: e.at, action: matterEventLabel(e, m), actorName: e.actorName, stepIndex: e.stepIndex, note: show(e.noteField, e.note, [e.actorId]) })),
    rating: m.rating ? { ...m.rating, comment: show(MATTER_TEXT_FIELDS.ratingComment, m.rating.comment, [m.applicantId]) } : null,
    workingDays: m.workingDays,
    complaints: complaints.map((c) => complaintView(c, caller)),
    allowed,
    ...(held ? { held } : {}),
  };
}

/** The matter's name as a message to these people may quote it (never held text to others). */
export function titleFor(m: Pick<MatterRecord, 'title' | 'moderation'>, to: readonly string[]): string {
  return quotedFor(m.moderation, MATTER_TEXT_FIELDS.title, m.title, to);
}
