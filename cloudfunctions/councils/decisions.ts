import type { Db } from '@cloudbase/database';
import type { CouncilDecisionRecord, CouncilRatingRecord, CouncilRecord, DecisionStep } from '../../shared/domain/council-records';
import { householdIn, isOverdue, nextDueOf } from '../../shared/domain/council-rules';
import { chinaDate } from '../../shared/domain/china-time';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { isDuplicateKey, type Tx } from '../_lib/db';
import { conflict, forbidden, invalid, notFound } from '../_lib/errors';
import type { ActionContext, MemberContext } from '../_lib/handler';
import { enqueue } from '../_lib/outbox';
import { ContentionError, runTransaction } from '../_lib/transaction';
import { effectOf, pushEffects, withPushed, type EffectSpec } from '../_lib/effects';
import type { UserRecord } from '../../shared/domain/records';
import { bodyName, decisionLink, findCouncil, followersOf, homeVillageOf, loadDecision, loadVillage, managesCouncil, ratingIdOf, representativesOf, representsBody } from './store';
import type { In, Out } from './types';
import { decisionViewOf } from './views';

/** Decisions listed at once for a village, newest first. */
const DECISION_LIST_CAP = 50;

async function decisionOut(ctx: ActionContext, id: string): Promise<Out<'decision'>> {
  const d = await loadDecision(ctx.db, id);
  return decisionViewOf(ctx.db, d, await findCouncil(ctx.db, d.villageId), ctx.caller);
}

export async function listDecisions(input: In<'decisions'>, ctx: ActionContext): Promise<Out<'decisions'>> {
  const { db, caller } = ctx;
  const villageId = input.villageId ?? homeVillageOf(caller);
  if (!villageId) return { decisions: [] };
  const village = await loadVillage(db, villageId);
  const c = await findCouncil(db, village._id);
  const res = await db.collection(COLLECTIONS.councilDecisions.name).where({ villageId: village._id }).orderBy('decidedAt', 'desc').limit(DECISION_LIST_CAP).get();
  return { decisions: await Promise.all((res.data as CouncilDecisionRecord[]).map((d) => decisionViewOf(db, d, c, caller))) };
}

export async function getDecision(input: In<'decision'>, ctx: ActionContext): Promise<Out<'decision'>> {
  return decisionOut(ctx, input.decisionId);
}

/** A decision with its council and the viewer's household's rating, in one request. */
async function readDecisionFor(db: Db, id: string, viewer: UserRecord): Promise<{ d: CouncilDecisionRecord; c: CouncilRecord; mine: { stars: number } | null }> {
  const $ = db.command.aggregate;
  const mine = viewer.residence?.householdId ? ratingIdOf(id, viewer.residence.householdId) : null;
  let q = db.collection(COLLECTIONS.councilDecisions.name).aggregate().match({ _id: id }).limit(1).lookup({ from: COLLECTIONS.councils.name, localField: 'councilId', foreignField: '_id', as: 'council' });
  if (mine) q = q.lookup({ from: COLLECTIONS.councilRatings.name, pipeline: $.pipeline().match({ _id: mine }).limit(1).done(), as: 'rating' });
  type Joined = CouncilDecisionRecord & { council?: CouncilRecord[]; rating?: CouncilRatingRecord[] };
  const row = ((await q.end()).data as Joined[])[0];
  if (!row) throw notFound('这项决定不存在');
  const { council, rating, ...d } = row;
  if (!council?.[0]) throw notFound('本村（社区）还没有成立议事会');
  const r = rating?.[0];
  return { d, c: council[0], mine: r && householdIn(viewer, d.villageId) === r.householdId ? { stars: r.stars } : null };
}

/** The decision as read, unchanged since: each write on its steps bumps `rev` (records from before it have none). */
export function unchangedDecision(db: Db, d: Pick<CouncilDecisionRecord, '_id' | 'rev'>): Record<string, unknown> {
  return { _id: d._id, rev: d.rev ?? db.command.exists(false) };
}

/** Times a write on a decision's steps re-reads it after losing to another change. */
const STEP_ATTEMPTS = 5;

/**
 * One write on a decision's steps, conditioned on the decision as read (`rev`), carrying its notices and
 * audit entry; lost to another change, the decision is read again and the change planned again on it.
 * The answer is the decision as this write left it.
 */
async function writeDecision(
  ctx: MemberContext,
  read: { d: CouncilDecisionRecord; c: CouncilRecord; mine: { stars: number } | null },
  plan: (d: CouncilDecisionRecord) => { patch: Partial<CouncilDecisionRecord>; spec: EffectSpec },
): Promise<Out<'decision'>> {
  const { db, caller } = ctx;
  let d = read.d;
  for (let attempt = 1; ; attempt++) {
    const now = clock.nowIso();
    const { patch, spec } = plan(d);
    const effect = effectOf(caller, ctx.requestId, { collection: COLLECTIONS.councilDecisions.name, id: d._id, path: d.path }, now, spec);
    const full = { ...patch, updatedAt: now, rev: (d.rev ?? 0) + 1 };
    const res = await db.collection(COLLECTIONS.councilDecisions.name).where(unchangedDecision(db, d)).update({ ...full, ...pushEffects(db, [effect]) });
    if ((res as { updated?: number }).updated === 1) return decisionViewOf(db, withPushed({ ...d, ...full }, [effect]), read.c, caller, read.mine);
    if (attempt >= STEP_ATTEMPTS) throw new ContentionError(attempt);
    d = await loadDecision(db, d._id);
  }
}

/**
 * The chair body (or the party organisation) names who carries it out and the steps with their deadlines.
 * Requests: the caller, the decision with its council and the caller's rating (one aggregate), the write.
 */
export async function planDecision(input: In<'planDecision'>, ctx: MemberContext): Promise<Out<'planDecision'>> {
  const { db, caller } = ctx;
  const read = await readDecisionFor(db, input.decisionId, caller);
  const { d: d0, c } = read;
  if (!managesCouncil(caller, d0.path) && !(d0.chairKey && representsBody(caller, c, d0.chairKey))) throw forbidden('只有主持单位或本村（社区）党组织可以安排落实');
  if (!c.bodies.some((b) => b.key === input.responsibleKey)) throw invalid('请选择议事会的成员单位', [{ path: 'responsibleKey', message: '不是议事会的成员单位' }]);
  const today = chinaDate(clock.now());
  const late = input.steps.map((s, i) => ({ s, i })).filter(({ s }) => s.dueDate < today);
  if (late.length) throw invalid('步骤的期限不能早于今天', late.map(({ i }) => ({ path: `steps.${i}.dueDate`, message: '期限不能早于今天' })));
  return writeDecision(ctx, read, (d) => {
    if (d.status === 'done') throw conflict('这项决定已经落实完成');
    const old = new Map(d.steps.map((s) => [s.title, s]));
    const steps: DecisionStep[] = input.steps.map((s, i) => {
      const kept = old.get(s.title);
      return { id: `s${i + 1}`, title: s.title, dueDate: s.dueDate, progress: kept?.progress ?? 0, note: kept?.note ?? null, doneAt: kept?.doneAt ?? null, overdueAlertedAt: null };
    });
    return {
      patch: { responsibleKey: input.responsibleKey, responsibleName: bodyName(c, input.responsibleKey), steps, status: 'in-progress', nextDueDate: nextDueOf(steps) },
      spec: {
        messages: [
          {
            to: representativesOf(c, input.responsibleKey),
            message: { kind: 'council.stepAssigned', title: '议事决定交由您单位落实', body: `「${d.topicTitle}」共 ${steps.length} 步，第一步「${steps[0]!.title}」期限 ${steps[0]!.dueDate}。`, link: decisionLink(d._id) },
          },
        ],
        audit: {
          action: 'councils.planDecision',
          before: { responsibleKey: d.responsibleKey, steps: d.steps.map((s) => ({ title: s.title, dueDate: s.dueDate })) },
          after: { responsibleKey: input.responsibleKey, steps: steps.map((s) => ({ title: s.title, dueDate: s.dueDate })) },
        },
      },
    };
  });
}

/**
 * The responsible body reports progress; when every step is done the decision is done and followers are told.
 * Requests: the caller, the decision with its council and the caller's rating (one aggregate), the topic's followers, the write.
 */
export async function reportStep(input: In<'reportStep'>, ctx: MemberContext): Promise<Out<'reportStep'>> {
  const { db, caller } = ctx;
  const read = await readDecisionFor(db, input.decisionId, caller);
  const { d: d0, c } = read;
  if (!managesCouncil(caller, d0.path) && !(d0.responsibleKey && representsBody(caller, c, d0.responsibleKey))) throw forbidden('只有负责落实的单位或本村（社区）党组织可以报告进度');
  if (d0.status !== 'in-progress') throw conflict(d0.status === 'done' ? '这项决定已经落实完成' : '还没有安排落实步骤');
  if (!d0.steps.some((s) => s.id === input.stepId)) throw invalid('没有这个步骤', [{ path: 'stepId', message: '没有这个步骤' }]);
  const followers = await followersOf(db, d0.topicId);
  return writeDecision(ctx, read, (d) => {
    if (d.status !== 'in-progress') throw conflict(d.status === 'done' ? '这项决定已经落实完成' : '还没有安排落实步骤');
    const step = d.steps.find((s) => s.id === input.stepId);
    if (!step) throw invalid('没有这个步骤', [{ path: 'stepId', message: '没有这个步骤' }]);
    const now = clock.nowIso();
    const steps = d.steps.map((s) => (s.id === step.id ? { ...s, progress: input.progress, note: input.note, doneAt: input.progress === 100 ? (s.doneAt ?? now) : null } : s));
    const done = steps.every((s) => s.doneAt);
    return {
      patch: { steps, nextDueDate: nextDueOf(steps), status: done ? 'done' : 'in-progress', doneAt: done ? now : null },
      spec: {
        messages: [
          {
            to: followers,
            message: {
              kind: done ? 'council.decisionDone' : 'council.progress',
              title: done ? `「${d.topicTitle.slice(0, 12)}」已落实完成` : `「${d.topicTitle.slice(0, 12)}」有新进展`,
              body: done ? '议事决定已全部落实，欢迎为结果评价。' : `${step.title}：${input.progress}%${input.note ? `，${input.note}` : ''}`,
              link: decisionLink(d._id),
            },
          },
        ],
        audit: { action: 'councils.reportStep', before: { step: step.id, progress: step.progress }, after: { step: step.id, progress: input.progress, note: input.note, done } },
      },
    };
  });
}

/**
 * A household rates a decision carried out, once, without a transaction: the rating's row is added under
 * its id (the decision and the household), so a second is refused by the database; then the rows are
 * summed and `ratingCount`/`ratingSum` written where the count is lower (a later sum includes this row;
 * a call stopped between the two is finished by the household trying again, or by the next rating).
 * Requests: the caller, the decision with its council, the household's rating and the rows' sum (one
 * aggregate), the add, the sum, the write.
 */
export async function rateDecision(input: In<'rateDecision'>, ctx: MemberContext): Promise<Out<'rateDecision'>> {
  const { db, caller } = ctx;
  const _ = db.command;
  const $ = _.aggregate;
  const summed = () => $.pipeline().match({ decisionId: input.decisionId }).group({ _id: null, n: $.sum(1), s: $.sum('$stars') }).done();
  const mine = caller.residence?.householdId ? ratingIdOf(input.decisionId, caller.residence.householdId) : null;
  let q = db
    .collection(COLLECTIONS.councilDecisions.name)
    .aggregate()
    .match({ _id: input.decisionId })
    .limit(1)
    .lookup({ from: COLLECTIONS.councils.name, localField: 'councilId', foreignField: '_id', as: 'council' })
    .lookup({ from: COLLECTIONS.councilRatings.name, pipeline: summed(), as: 'sum' });
  if (mine) q = q.lookup({ from: COLLECTIONS.councilRatings.name, pipeline: $.pipeline().match({ _id: mine }).limit(1).done(), as: 'rating' });
  type Sum = { n: number; s: number };
  type Joined = CouncilDecisionRecord & { council?: CouncilRecord[]; sum?: Sum[]; rating?: unknown[] };
  const row = ((await q.end()).data as Joined[])[0];
  if (!row) throw notFound('这项决定不存在');
  const { council, sum, rating, ...d } = row;
  const household = householdIn(caller, d.villageId);
  if (!household) throw forbidden('只有本村（社区）已确认的住户可以评价，每户一次');
  const writeSum = async (t: Sum | undefined): Promise<CouncilDecisionRecord> => {
    if (!t || t.n <= d.ratingCount) return d;
    await db.collection(COLLECTIONS.councilDecisions.name).where({ _id: d._id, ratingCount: _.lt(t.n) }).update({ ratingCount: t.n, ratingSum: t.s });
    return { ...d, ratingCount: t.n, ratingSum: t.s };
  };
  const already = async () => {
    // An earlier call of this household may have stopped before its sum: finish it, then say so.
    await writeSum(sum?.[0]);
    return conflict('您家已经评价过了');
  };
  if (rating?.length) throw await already();
  if (d.status !== 'done') throw conflict('落实完成后才能评价');
  const ratingRow: CouncilRatingRecord = { _id: ratingIdOf(d._id, household), decisionId: d._id, householdId: household, userId: caller._id, stars: input.stars, at: clock.nowIso() };
  try {
    await db.collection(COLLECTIONS.councilRatings.name).add(ratingRow);
  } catch (err) {
    if (isDuplicateKey(err)) throw await already();
    throw err;
  }
  const after = ((await db.collection(COLLECTIONS.councilRatings.name).aggregate().match({ decisionId: d._id }).group({ _id: null, n: $.sum(1), s: $.sum('$stars') }).end()).data as Sum[])[0];
  const written = await writeSum(after);
  return decisionViewOf(db, written, council?.[0] ?? null, caller, { stars: input.stars });
}

/**
 * Steps past their deadline alert the chair body and the village party secretary, once per step. Each
 * decision is claimed in its own transaction (the alert stamp and the outbox rows together), so two
 * overlapping runs never alert twice.
 */
export async function alertOverdue(db: Db, limit = 100): Promise<number> {
  const _ = db.command;
  const today = chinaDate(clock.now());
  const due = await db.collection(COLLECTIONS.councilDecisions.name).where({ status: 'in-progress', nextDueDate: _.lt(today) }).orderBy('nextDueDate', 'asc').limit(limit).get();
  let alerted = 0;
  for (const row of due.data as CouncilDecisionRecord[]) {
    const c = await findCouncil(db, row.villageId);
    alerted += await runTransaction(db, async (tx: Tx) => {
      const d = await loadDecision(tx, row._id);
      const late = d.steps.filter((s) => isOverdue(s, today) && !s.overdueAlertedAt);
      if (d.status !== 'in-progress' || late.length === 0) return 0;
      const now = clock.nowIso();
      const steps = d.steps.map((s) => (late.some((l) => l.id === s.id) ? { ...s, overdueAlertedAt: now } : s));
      await tx.collection(COLLECTIONS.councilDecisions.name).doc(d._id).update({ steps, nextDueDate: nextDueOf(steps), rev: (d.rev ?? 0) + 1 });
      const to = [...(c ? representativesOf(c, d.chairKey) : []), ...(c ? [c.secretaryId] : [])];
      await enqueue(tx, to, {
        kind: 'council.stepOverdue',
        title: `议事决定落实超期：${d.topicTitle.slice(0, 12)}`,
        body: late.map((s) => `「${s.title}」期限 ${s.dueDate}，进度 ${s.progress}%`).join('；'),
        link: decisionLink(d._id),
      });
      return late.length;
    });
  }
  return alerted;
}
