import type { MatterEvent } from '../../shared/domain/power-matter';
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '@cloudbase/database';
import { holdsRoleOver } from '../../shared/domain/jurisdiction';
import { STEP_ROLE_LABELS, type StepRole } from '../../shared/domain/power-catalogue';
import { checkStepAction, closeAt, completeStep, matterWorkingDays, MATTER_WATCH_ROLES, startSteps } from '../../shared/domain/power-matter';
import type { MatterRecord, MatterTimelineEntry, PowerComplaintRecord } from '../../shared/domain/power-records';
import type { UserRecord } from '../../shared/domain/records';
import { recordAudit } from '../_lib/audit';
import { clock } from '../_lib/clock';
import { findById, isDuplicateKey, pageByCreatedAt, type Tx } from '../_lib/db';
import { AppError, conflict, forbidden, invalid, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { enqueue, type Message } from '../_lib/outbox';
import { checkText } from '../_lib/content-check';
import type { HeldText, Moderated } from '../../shared/domain/moderation';
import { COMPLAINT_TEXT_FIELDS, MATTER_TEXT_FIELDS, quotedFor, stepNoteField, withHeld } from '../../shared/domain/power-moderation';
import { actorOf, effectiveItem, heldNotice, holdersOf, isVillageUnit, link, loadUnit, loadVisibleMatter, MATTER_REVIEWERS, matterFacts, SCOPE_FIELD, SUPERVISORS, supervisorsOf, tallyFields, tellAuthorHeld } from './store';
import { carrying, effectOf, pushEffects, withPushed, type EffectSpec } from '../_lib/effects';
import { complaintView, matterSummary, matterView, titleFor } from './views';
import type { In, Out } from './types';
import { COLLECTIONS } from '../_lib/collections';
import { runTransaction } from '../_lib/transaction';

const SUMMARY_FIELDS = ['title', 'itemCode', 'itemTitle', 'category', 'status', 'applicantName', 'unitName', 'current', 'steps', 'updatedAt', 'path', 'moderation', 'applicantId'] as const;

/** A retried apply with the same requestId lands on the same document id. */
function matterIdFor(userId: string, requestId: string | undefined): string {
  if (!requestId) return `m${randomBytes(12).toString('hex')}`;
  return `m${createHash('sha256').update(`${userId}:${requestId}`).digest('hex').slice(0, 31)}`;
}

/** The matter with its complaints in one aggregate, as the caller reads it. */
async function reload(db: Db, id: string, caller: UserRecord): Promise<Out<'matter'>> {
  const $ = db.command.aggregate;
  const res = await db
    .collection(COLLECTIONS.matters.name)
    .aggregate()
    .match({ _id: id })
    .limit(1)
    .lookup({ from: COLLECTIONS.powerComplaints.name, pipeline: $.pipeline().match({ matterId: id }).sort({ createdAt: -1 }).limit(50).done(), as: 'complaintsJoined' })
    .end();
  const row = (res.data as (MatterRecord & { complaintsJoined?: PowerComplaintRecord[] })[])[0];
  if (!row) throw notFound('这个事项不存在');
  const { complaintsJoined, ...m } = row;
  return matterView(db, m, caller, complaintsJoined ?? []);
}

function stepMessage(m: MatterRecord, role: StepRole | null, title: string | undefined, to: readonly string[]): Message {
  return {
    kind: 'matter.step',
    title: '有待您办理的小微权力事项',
    body: `${m.unitName}「${titleFor(m, to)}」（${m.applicantName}）已到「${title ?? ''}」，请${role ? STEP_ROLE_LABELS[role] : ''}按时限办理。`,
    link: link(m),
    aboutId: m.applicantId,
  };
}

/** Checks the texts a person writes on a matter for others, before the transaction (a network call in the cloud). */
async function check(ctx: MemberContext, texts: Record<string, string | undefined>): Promise<HeldText[]> {
  return (await checkText(ctx, texts)).held;
}

const moderated = (m: Moderated, held: HeldText[]): Moderated => (held.length ? { moderation: withHeld(m.moderation, held) } : {});

/** The effect of a change to a matter (its notices and audit entry), at the change's time. */
const matterEffect = (ctx: MemberContext, m: Pick<MatterRecord, '_id' | 'path'>, at: string, spec: EffectSpec) =>
  effectOf(ctx.caller, ctx.requestId, { collection: COLLECTIONS.matters.name, id: m._id, path: m.path }, at, spec);

/** A write that lost to another change this many times in a row answers CONFLICT (each retry reads afresh and asks the rules again). */
const WRITE_ATTEMPTS = 3;
const CHANGED_MEANWHILE = '这个事项刚被其他人办理过，请刷新后再试';

/**
 * One write of a matter as it was read (its status and current step), carrying the change's effects and
 * marking it for the tally timer; null when someone changed it first. Held text is pushed, so a release
 * written meanwhile is kept. Answers the matter as written.
 */
async function writeMatter(
  ctx: MemberContext,
  before: MatterRecord,
  patch: Partial<MatterRecord>,
  entry: MatterTimelineEntry,
  held: HeldText[],
  spec: EffectSpec,
  extraWhere: Record<string, unknown> = {},
): Promise<MatterRecord | null> {
  const { db } = ctx;
  const _ = db.command;
  const effect = matterEffect(ctx, before, entry.at, spec);
  const tally = tallyFields(before);
  const res = await db
    .collection(COLLECTIONS.matters.name)
    .where({ _id: before._id, status: before.status, current: before.current, ...extraWhere })
    .update({ ...patch, ...tally, timeline: _.push([entry]), ...(held.length ? { 'moderation.held': _.push(held) } : {}), ...pushEffects(db, [effect]) });
  if ((res as { updated?: number }).updated !== 1) return null;
  return withPushed({ ...before, ...patch, ...tally, timeline: [...before.timeline, entry], ...moderated(before, held) }, [effect]);
}

/** A resident applies under an item of their village; a village cadre starts a village matter. */
export async function applyMatter(input: In<'apply'>, ctx: MemberContext): Promise<Out<'apply'>> {
  const { db, caller } = ctx;
  // A retried apply (the same requestId) lands on the same id: its add finds the first one's document.
  const id = matterIdFor(caller._id, input.requestId);
  const villageId = input.villageId ?? caller.residence?.unitId ?? caller.roles.find((r) => r.role === 'village-cadre')?.unitId;
  if (!villageId) throw forbidden('请先登记您居住的村（社区）再办事');
  const village = await loadUnit(db, villageId);
  if (!isVillageUnit(village)) throw invalid('请选择一个村（社区）', [{ path: 'villageId', message: '不是村（社区）' }]);
  const countyId = village.path[0]!;
  const { item } = await effectiveItem(db, countyId, village._id, input.code);
  const byCadre = item.starter === 'cadre';
  if (item.starter === 'none') throw forbidden('这是主体责任清单中的事项，不需要申请');
  if (item.starter === 'resident' && caller.residence?.unitId !== village._id) throw forbidden('只能在自己居住的村（社区）申请办理');
  if (byCadre && !caller.roles.some((r) => r.role === 'village-cadre' && r.unitId === village._id)) {
    throw forbidden('这个事项由本村（社区）两委发起');
  }
  if (byCadre && !input.title) throw invalid('请填写事项名称', [{ path: 'title', message: '村级事项请写明名称，如“村道硬化项目”' }]);
  // Handlers and supervisors read the note, and the title is in every list: checked before anything is stored.
  const held = await check(ctx, { [MATTER_TEXT_FIELDS.title]: input.title, [MATTER_TEXT_FIELDS.applyNote]: input.note });
  const now = clock.nowIso();
  const path = !byCadre && caller.residence ? caller.residence.path : village.path;
  const noteField = MATTER_TEXT_FIELDS.applyNote;
  const { steps, current } = startSteps(item.steps, { at: now, applicantId: caller._id, applicantName: caller.name, note: input.note ?? null, noteField });
  const step = steps[current]!;
  const matter: MatterRecord = {
    _id: id,
    itemId: item._id,
    itemCode: item.code,
    itemTitle: item.title,
    kind: item.kind,
    category: item.category,
    starter: byCadre ? 'cadre' : 'resident',
    versionId: item.versionId,
    version: item.version,
    title: input.title ?? item.title,
    applicantId: caller._id,
    applicantName: caller.name,
    villageId: village._id,
    unitName: village.name,
    townId: village.path[1] ?? village._id,
    countyId,
    gridId: !byCadre ? caller.residence?.gridId ?? null : null,
    path,
    status: 'in_progress',
    current,
    currentRole: step.role,
    steps,
    flagDueAt: step.dueAt,
    timeline: [{ at: now, action: (byCadre ? 'start' : 'apply') satisfies MatterEvent, actorId: caller._id, actorName: caller.name, stepIndex: null, note: input.note ?? null, ...(input.note ? { noteField } : {}) }],
    rating: null,
    workingDays: null,
    requestId: input.requestId ?? null,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    ...(held.length ? { moderation: { held } } : {}),
  };
  const to = (await holdersOf(db, step.role, matter)).filter((u) => u !== caller._id);
  // One write: the add, carrying the handlers' notice, the held-text notice and (a cadre's start) the audit entry.
  const effect = matterEffect(ctx, matter, now, {
    messages: [{ to, message: stepMessage(matter, step.role, step.title, to) }, ...heldNotice(held, MATTER_REVIEWERS, link(matter))],
    audit: byCadre ? { action: 'powers.start', before: null, after: { itemCode: item.code, versionId: item.versionId, title: matter.title } } : null,
  });
  const stored: MatterRecord = { ...matter, ...tallyFields(null), ...carrying([effect]) };
  try {
    await db.collection(COLLECTIONS.matters.name).add(stored);
  } catch (err) {
    // A retry of one application (the same requestId): the document is already there.
    if (!(input.requestId && isDuplicateKey(err))) throw err;
    return reload(db, id, caller);
  }
  // A new matter has no complaints yet.
  return matterView(db, stored, caller, []);
}

const SKIP_TEXT = '只能办理当前步骤，不能跳过，也不能重复办理';

function assertStep(m: MatterRecord, stepIndex: number, actor: ReturnType<typeof actorOf>): void {
  const verdict = checkStepAction(matterFacts(m), stepIndex, actor);
  if (verdict === 'closed') throw conflict('这个事项已经办结或撤回');
  if (verdict === 'skip') throw conflict(`${SKIP_TEXT}：当前是第 ${(m.current ?? 0) + 1} 步「${m.steps[m.current ?? 0]?.title ?? ''}」`);
  const step = m.steps[stepIndex]!;
  if (verdict === 'forbidden') throw forbidden(`这一步应由${step.actorLabel}（${STEP_ROLE_LABELS[step.role]}）办理，您没有这个职责`);
}

/**
 * The current step is completed (or refused) by a holder of its role; the next one starts. One write of
 * the matter as read (its status and current step), carrying the applicant's and the next handlers'
 * notices and the audit entry; a write that lost reads the matter again and asks the rule again.
 */
export async function advanceMatter(input: In<'advance'>, ctx: MemberContext): Promise<Out<'advance'>> {
  const { db, caller } = ctx;
  const actor = actorOf(caller);
  let m = await loadVisibleMatter(db, input.matterId, caller);
  const refuse = input.decision === 'refuse';
  // Refused before the text is sent anywhere; asked again on every fresh read.
  assertStep(m, input.stepIndex, actor);
  const noteField = stepNoteField(input.stepIndex);
  const held = await check(ctx, { [noteField]: input.note });
  const now = clock.nowIso();
  for (let attempt = 1; ; attempt++) {
    const step = m.steps[input.stepIndex]!;
    const by = { id: caller._id, name: caller.name, at: now, note: input.note ?? null, noteField };
    const outcome = refuse ? closeAt(m.steps, input.stepIndex, 'refused', by) : completeStep(m.steps, input.stepIndex, by);
    const closed = outcome.status !== 'in_progress';
    const workingDays = closed ? matterWorkingDays(m.createdAt, now) : null;
    const next = outcome.current !== null ? outcome.steps[outcome.current]! : null;
    const nextHolders = next ? (await holdersOf(db, next.role, m)).filter((u) => u !== caller._id) : [];
    const entry: MatterTimelineEntry = {
      at: now,
      action: (refuse ? 'refuse' : 'complete') satisfies MatterEvent,
      actorId: caller._id,
      actorName: caller.name,
      stepIndex: input.stepIndex,
      note: input.note ?? null,
      ...(input.note ? { noteField } : {}),
    };
    const after = { ...m, ...moderated(m, held) };
    const messages: EffectSpec['messages'] = [];
    if (m.applicantId !== caller._id) {
      const to = [m.applicantId];
      const title = titleFor(after, to);
      const body =
        outcome.status === 'done'
          ? `「${title}」已全部办结，共用 ${workingDays} 个工作日。欢迎您评价。`
          : refuse
            ? `「${title}」在「${step.title}」未通过：${quotedFor(after.moderation, noteField, input.note ?? '', to)}`
            : `「${title}」已完成「${step.title}」，下一步：${next?.title ?? ''}（${next?.actorLabel ?? ''}）。`;
      messages.push({ to, message: { kind: `matter.${outcome.status === 'in_progress' ? 'advanced' : outcome.status}`, title: '您办理的事项有进展', body, link: link(m) } });
    }
    if (next) messages.push({ to: nextHolders, message: stepMessage(after, next.role, next.title, nextHolders) });
    messages.push(...heldNotice(held, MATTER_REVIEWERS, link(m)));
    const patch: Partial<MatterRecord> = {
      steps: outcome.steps,
      current: outcome.current,
      currentRole: next?.role ?? null,
      status: outcome.status,
      flagDueAt: next?.dueAt ?? null,
      updatedAt: now,
      ...(closed ? { closedAt: now, workingDays } : {}),
    };
    const written = await writeMatter(ctx, m, patch, entry, held, {
      messages,
      audit: {
        action: refuse ? 'powers.refuse' : 'powers.advance',
        before: { status: m.status, current: m.current },
        after: { status: outcome.status, current: outcome.current, stepIndex: input.stepIndex, note: input.note ?? null },
      },
    });
    if (written) return matterView(db, written, caller);
    if (attempt >= WRITE_ATTEMPTS) throw conflict(CHANGED_MEANWHILE);
    m = await loadVisibleMatter(db, input.matterId, caller);
    assertStep(m, input.stepIndex, actor);
  }
}

/** The applicant withdraws a matter in progress: one write carrying the handlers' notice (and, for a cadre's matter, the audit entry). */
export async function withdrawMatter(input: In<'withdraw'>, ctx: MemberContext): Promise<Out<'withdraw'>> {
  const { db, caller } = ctx;
  let m = await loadVisibleMatter(db, input.matterId, caller);
  if (m.applicantId !== caller._id) throw forbidden('只有申请人可以撤回');
  const closedText = '这个事项已经办结，不能撤回';
  if (m.status !== 'in_progress' || m.current === null) throw conflict(closedText);
  const now = clock.nowIso();
  const noteField = MATTER_TEXT_FIELDS.withdrawReason;
  const held = await check(ctx, { [noteField]: input.reason });
  for (let attempt = 1; ; attempt++) {
    const current = m.current!;
    const to = (await holdersOf(db, (m.currentRole as StepRole | null) ?? null, m)).filter((u) => u !== caller._id);
    const after = { ...m, ...moderated(m, held) };
    const outcome = closeAt(m.steps, current, 'withdrawn', { id: caller._id, name: caller.name, at: now, note: input.reason });
    const entry: MatterTimelineEntry = { at: now, action: 'withdraw' satisfies MatterEvent, actorId: caller._id, actorName: caller.name, stepIndex: current, note: input.reason, noteField };
    const written = await writeMatter(
      ctx,
      m,
      { steps: outcome.steps, current: null, currentRole: null, status: 'withdrawn', flagDueAt: null, closedAt: now, updatedAt: now },
      entry,
      held,
      {
        messages: [
          {
            to,
            message: {
              kind: 'matter.withdrawn',
              title: '申请人撤回了事项',
              body: `${m.applicantName}撤回了「${titleFor(after, to)}」：${quotedFor(after.moderation, noteField, input.reason, to)}`,
              link: link(m),
              aboutId: m.applicantId,
            },
          },
          ...heldNotice(held, MATTER_REVIEWERS, link(m)),
        ],
        audit: m.starter === 'cadre' ? { action: 'powers.withdraw', before: { status: m.status }, after: { status: 'withdrawn' } } : null,
      },
    );
    if (written) return matterView(db, written, caller);
    if (attempt >= WRITE_ATTEMPTS) throw conflict(CHANGED_MEANWHILE);
    m = await loadVisibleMatter(db, input.matterId, caller);
    if (m.status !== 'in_progress' || m.current === null) throw conflict(closedText);
  }
}

export async function getMatter(input: In<'matter'>, ctx: MemberContext): Promise<Out<'matter'>> {
  return matterView(ctx.db, await loadVisibleMatter(ctx.db, input.matterId, ctx.caller), ctx.caller);
}

type Grant = UserRecord['roles'][number];
export const stepRoleGrants = (roles: readonly Grant[], allowed: readonly string[]) =>
  roles.filter((r): r is Grant & { role: Exclude<StepRole, 'applicant'> } => allowed.includes(r.role) && r.role in SCOPE_FIELD);

export async function listMatters(input: In<'matters'>, ctx: MemberContext): Promise<Out<'matters'>> {
  const { db, caller } = ctx;
  const _ = db.command;
  let where: object;
  if (input.scope === 'mine') {
    where = { applicantId: caller._id, ...(input.status ? { status: input.status } : {}) };
  } else if (input.scope === 'queue') {
    const grants = stepRoleGrants(caller.roles, Object.keys(SCOPE_FIELD));
    if (grants.length === 0) throw forbidden('您没有待办理的职责');
    const ors = grants.map((g) => ({ status: 'in_progress', currentRole: g.role, [SCOPE_FIELD[g.role]]: g.unitId }));
    where = ors.length === 1 ? ors[0]! : _.or(ors);
  } else {
    const grants = stepRoleGrants(caller.roles, MATTER_WATCH_ROLES);
    if (grants.length === 0) throw forbidden('只有干部和村务监督委员会可以查看全部事项');
    const ors = grants.map((g) => ({ [SCOPE_FIELD[g.role]]: g.unitId, ...(input.status ? { status: input.status } : {}) }));
    where = ors.length === 1 ? ors[0]! : _.or(ors);
  }
  const page = await pageByCreatedAt<MatterRecord>(db, COLLECTIONS.matters.name, where, input.cursor, input.limit, SUMMARY_FIELDS);
  return { items: page.items.map((m) => matterSummary(m, caller)), nextCursor: page.nextCursor };
}

/** The applicant rates a closed matter once: one write, conditioned on no rating yet. */
export async function rateMatter(input: In<'rate'>, ctx: MemberContext): Promise<Out<'rate'>> {
  const { db, caller } = ctx;
  let m = await loadVisibleMatter(db, input.matterId, caller);
  if (m.applicantId !== caller._id) throw forbidden('只有申请人可以评价');
  const refusal = (x: MatterRecord) => ((x.status !== 'done' && x.status !== 'refused') || x.rating ? conflict(x.rating ? '您已经评价过了' : '事项办结后才能评价') : null);
  const refused = refusal(m);
  if (refused) throw refused;
  const now = clock.nowIso();
  const noteField = MATTER_TEXT_FIELDS.ratingComment;
  const held = await check(ctx, { [noteField]: input.comment });
  for (let attempt = 1; ; attempt++) {
    const rating = { stars: input.stars, comment: input.comment ?? null, at: now };
    const entry: MatterTimelineEntry = { at: now, action: 'rate' satisfies MatterEvent, actorId: caller._id, actorName: caller.name, stepIndex: null, note: input.comment ?? null, ...(input.comment ? { noteField } : {}) };
    const written = await writeMatter(ctx, m, { rating, updatedAt: now }, entry, held, { messages: heldNotice(held, MATTER_REVIEWERS, link(m)) }, { rating: null });
    if (written) return matterView(db, written, caller);
    if (attempt >= WRITE_ATTEMPTS) throw conflict(CHANGED_MEANWHILE);
    m = await loadVisibleMatter(db, input.matterId, caller);
    const again = refusal(m);
    if (again) throw again;
  }
}

/** The complaint goes to the village's supervisors; the timeline notes it without its words. */
export async function complainMatter(input: In<'complain'>, ctx: MemberContext): Promise<Out<'complain'>> {
  const { db, caller } = ctx;
  const m = await loadVisibleMatter(db, input.matterId, caller);
  if (m.applicantId !== caller._id) throw forbidden('只有申请人可以就这个事项投诉');
  const supervisors = await supervisorsOf(db, m.villageId);
  const held = await check(ctx, { [COMPLAINT_TEXT_FIELDS.text]: input.text });
  const now = clock.nowIso();
  const complaint: PowerComplaintRecord = {
    // From the request: the same invocation run twice lands on one document.
    _id: `pc${createHash('sha256').update(`${m._id}:${ctx.requestId}`).digest('hex').slice(0, 24)}`,
    matterId: m._id,
    matterTitle: m.title,
    itemTitle: m.itemTitle,
    villageId: m.villageId,
    path: m.path,
    complainantId: caller._id,
    complainantName: caller.name,
    text: input.text,
    status: 'open',
    reply: null,
    handledById: null,
    handledByName: null,
    handledAt: null,
    createdAt: now,
    ...(held.length ? { moderation: { held } } : {}),
  };
  // One add carrying the supervisors' notice and the held-text notice; then the timeline's note (an
  // independent push: a complaint whose note did not land is still the supervisors' to handle).
  const effect = effectOf(caller, ctx.requestId, { collection: COLLECTIONS.powerComplaints.name, id: complaint._id, path: complaint.path }, now, {
    messages: [
      {
        to: supervisors,
        message: {
          kind: 'matter.complaint',
          title: '群众对小微权力事项有投诉',
          body: `${caller.name}就「${titleFor(m, supervisors)}」反映：${quotedFor(complaint.moderation, COMPLAINT_TEXT_FIELDS.text, input.text, supervisors)}`,
          link: { page: 'power-complaint', id: complaint._id },
          aboutId: caller._id,
        },
      },
      ...heldNotice(held, SUPERVISORS, link(m)),
    ],
  });
  try {
    await db.collection(COLLECTIONS.powerComplaints.name).add({ ...complaint, ...carrying([effect]) });
  } catch (err) {
    // The same invocation run again (its id is the request's): the complaint is there already.
    if (!isDuplicateKey(err)) throw err;
    return reload(db, m._id, caller);
  }
  const entry: MatterTimelineEntry = { at: now, action: 'complain' satisfies MatterEvent, actorId: caller._id, actorName: caller.name, stepIndex: m.current, note: null };
  await db.collection(COLLECTIONS.matters.name).doc(m._id).update({ updatedAt: now, timeline: db.command.push([entry]) });
  // The matter as that push left it; its complaints read once (this one among them).
  return matterView(db, { ...m, updatedAt: now, timeline: [...m.timeline, entry] }, caller);
}

function supervisorUnits(caller: UserRecord): string[] {
  return caller.roles.filter((r) => r.role === 'supervisor').map((r) => r.unitId);
}

export async function listComplaints(input: In<'complaints'>, ctx: MemberContext): Promise<Out<'complaints'>> {
  const { db, caller } = ctx;
  const units = supervisorUnits(caller);
  if (units.length === 0) throw forbidden('只有村务监督委员会可以查看投诉');
  const where = { villageId: units.length === 1 ? units[0] : db.command.in(units), ...(input.status ? { status: input.status } : {}) };
  const page = await pageByCreatedAt<PowerComplaintRecord>(db, COLLECTIONS.powerComplaints.name, where, input.cursor, input.limit);
  return { items: page.items.map((c) => complaintView(c, caller)), nextCursor: page.nextCursor };
}

export async function handleComplaint(input: In<'handleComplaint'>, ctx: MemberContext): Promise<Out<'handleComplaint'>> {
  const { db, caller } = ctx;
  const found = await findById<PowerComplaintRecord>(db, COLLECTIONS.powerComplaints.name, input.complaintId);
  if (!found || !holdsRoleOver(caller.roles, ['supervisor'], found.path)) throw notFound('这条投诉不存在');
  if (found.status !== 'open') throw conflict('这条投诉已经处理过了');
  const field = COMPLAINT_TEXT_FIELDS.reply;
  const held = await check(ctx, { [field]: input.reply });
  const now = clock.nowIso();
  await runTransaction(db, async (tx: Tx) => {
    const c = await findById<PowerComplaintRecord>(tx, COLLECTIONS.powerComplaints.name, input.complaintId);
    if (!c || c.status !== 'open') throw conflict('这条投诉已经处理过了');
    const moderation = moderated(c, held);
    const patch = { status: 'handled' as const, reply: input.reply, handledById: caller._id, handledByName: caller.name, handledAt: now, ...moderation };
    await tx.collection(COLLECTIONS.powerComplaints.name).doc(c._id).update(patch);
    const to = [c.complainantId];
    await enqueue(tx, to, {
      kind: 'matter.complaint-handled',
      title: '您反映的问题有了答复',
      body: `村务监督委员会${caller.name}就「${c.matterTitle}」答复：${quotedFor(moderation.moderation, field, input.reply, to)}`,
      link: { page: 'matter', id: c.matterId },
      aboutId: caller._id,
    });
    await tellAuthorHeld(tx, held, SUPERVISORS, { page: 'power-complaint', id: c._id });
    await recordAudit(tx, caller, ctx.requestId, { action: 'powers.handleComplaint', target: { collection: COLLECTIONS.powerComplaints.name, id: c._id }, before: { status: c.status }, after: patch, path: c.path });
  });
  const c = await findById<PowerComplaintRecord>(db, COLLECTIONS.powerComplaints.name, input.complaintId);
  if (!c) throw new AppError('INTERNAL', '投诉记录丢失');
  return complaintView(c, caller);
}
