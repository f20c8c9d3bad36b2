import type { Db } from '@cloudbase/database';
import type { CouncilDecisionRecord, CouncilMeetingRecord, CouncilRecord, CouncilTopicRecord, CouncilTurnRecord, CouncilVoteRecord, MinuteEntry } from '../../shared/domain/council-records';
import { SCHEDULABLE, TOPIC_STATUS_LABELS } from '../../shared/domain/council-rules';
import { dueBody, takeChair } from '../../shared/domain/council-rotation';
import { DAY_MS } from '../_lib/clock';
import { recordAudit } from '../_lib/audit';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { count, findById, type Tx } from '../_lib/db';
import { conflict, forbidden, invalid, notFound } from '../_lib/errors';
import { effectOf, pushEffects, withPushed, type EffectSpec } from '../_lib/effects';
import type { ActionContext, MemberContext } from '../_lib/handler';
import { enqueue, enqueueAudience } from '../_lib/outbox';
import { ContentionError, runTransaction } from '../_lib/transaction';
import {
  allRepresentatives,
  bodyName,
  decisionIdOf,
  followersOf,
  loadCouncil,
  loadMeeting,
  loadSettings,
  loadTopic,
  meetingLink,
  representsBody,
  requestIdOf,
  requireChair,
  turnIdOf,
  voteIdOf,
  voteLink,
} from './store';
import { tellFollowers } from './topics';
import type { In, Out } from './types';
import { meetingViewOf } from './views';

async function meetingOut(ctx: ActionContext, id: string): Promise<Out<'meeting'>> {
  const m = await loadMeeting(ctx.db, id);
  return meetingViewOf(ctx.db, m, await loadCouncil(ctx.db, m.villageId), ctx.caller);
}

/**
 * The body whose turn it is calls the meeting: the rotation moves on in the same transaction (a turn
 * taken is recorded publicly), the topics are scheduled and every representative is told.
 */
export async function callMeeting(input: In<'callMeeting'>, ctx: MemberContext): Promise<Out<'callMeeting'>> {
  const { db, caller } = ctx;
  const council = await loadCouncil(db, input.villageId);
  if (!representsBody(caller, council, input.bodyKey)) throw forbidden('只有轮值主持单位的代表可以召集会议');
  const id = requestIdOf('cm', caller._id, input.requestId);
  if (await findById(db, COLLECTIONS.councilMeetings.name, id)) return meetingOut(ctx, id);
  const topicIds = [...new Set(input.topicIds)];
  const followers = new Map<string, string[]>();
  for (const t of topicIds) followers.set(t, await followersOf(db, t));
  await runTransaction(db, async (tx: Tx) => {
    if (await findById(tx, COLLECTIONS.councilMeetings.name, id)) return;
    const c = await loadCouncil(tx, input.villageId);
    const next = takeChair(c.order, c.rotation, input.bodyKey);
    if (next === 'not-due') throw conflict(`这次轮到${bodyName(c, dueBody(c.order, c.rotation))}主持，请由其召集；不能主持的单位可以让出轮值`);
    if (next === 'nobody-due') throw conflict('各成员单位都已让出本次轮值，请党组织协调');
    const topics: CouncilTopicRecord[] = [];
    const issues: { path: string; message: string }[] = [];
    for (const [i, tid] of topicIds.entries()) {
      const t = await findById<CouncilTopicRecord>(tx, COLLECTIONS.councilTopics.name, tid);
      if (!t || t.villageId !== c.villageId) issues.push({ path: `topicIds.${i}`, message: '不是本议事会的议题' });
      else if (!SCHEDULABLE.includes(t.status)) issues.push({ path: `topicIds.${i}`, message: `「${t.title}」${TOPIC_STATUS_LABELS[t.status]}，不能列入会议` });
      else topics.push(t);
    }
    if (issues.length) throw invalid('有的议题不能列入这次会议', issues);
    const now = clock.nowIso();
    const seq = c.turnSeq + 1;
    const chairName = bodyName(c, input.bodyKey);
    const meeting: CouncilMeetingRecord = {
      _id: id,
      councilId: c._id,
      villageId: c.villageId,
      path: c.path,
      chairKey: input.bodyKey,
      chairName,
      turnSeq: seq,
      date: input.date,
      time: input.time,
      place: input.place,
      topicIds,
      status: 'called',
      attendance: null,
      minutes: [],
      calledById: caller._id,
      calledByName: caller.name,
      requestId: input.requestId,
      createdAt: now,
      updatedAt: now,
    };
    await tx.collection(COLLECTIONS.councilMeetings.name).add(meeting);
    const turn: CouncilTurnRecord = {
      _id: turnIdOf(c._id, seq),
      councilId: c._id,
      villageId: c.villageId,
      path: c.path,
      seq,
      bodyKey: input.bodyKey,
      bodyName: chairName,
      kind: 'chaired',
      meetingId: id,
      reason: null,
      byId: caller._id,
      byName: caller.name,
      at: now,
    };
    await tx.collection(COLLECTIONS.councilTurns.name).add(turn);
    await tx.collection(COLLECTIONS.councils.name).doc(c._id).update({ rotation: next, turnSeq: seq, updatedAt: now });
    for (const t of topics) {
      await tx.collection(COLLECTIONS.councilTopics.name).doc(t._id).update({ status: 'scheduled', meetingId: id, updatedAt: now });
      await tellFollowers(tx, followers.get(t._id) ?? [], t, 'scheduled', `议题将在 ${input.date} ${input.time} 于${input.place}召开的议事会议上协商，由${chairName}主持。`);
    }
    await enqueue(tx, [...allRepresentatives(c), c.secretaryId], {
      kind: 'council.meetingCalled',
      title: `${chairName}召集议事会议`,
      body: `${input.date} ${input.time}，${input.place}。议题 ${topics.length} 个：${topics.map((t) => t.title).join('、').slice(0, 60)}`,
      link: meetingLink(id),
    });
    await recordAudit(tx, caller, ctx.requestId, {
      action: 'councils.callMeeting',
      target: { collection: COLLECTIONS.councilMeetings.name, id },
      before: { rotation: c.rotation },
      after: { chair: input.bodyKey, date: input.date, place: input.place, topicIds, rotation: next },
      path: c.path,
    });
  });
  return meetingOut(ctx, id);
}

export async function getMeeting(input: In<'meeting'>, ctx: ActionContext): Promise<Out<'meeting'>> {
  return meetingOut(ctx, input.meetingId);
}

/** A meeting with its council, in one request. */
async function readMeeting(db: Db, id: string): Promise<{ m: CouncilMeetingRecord; c: CouncilRecord }> {
  const res = await db.collection(COLLECTIONS.councilMeetings.name).aggregate().match({ _id: id }).limit(1).lookup({ from: COLLECTIONS.councils.name, localField: 'councilId', foreignField: '_id', as: 'council' }).end();
  const row = (res.data as (CouncilMeetingRecord & { council?: CouncilRecord[] })[])[0];
  if (!row) throw notFound('这次会议不存在');
  const { council, ...m } = row;
  if (!council?.[0]) throw notFound('本村（社区）还没有成立议事会');
  return { m, c: council[0] };
}

/** Times the chair's write re-reads the meeting after losing to another change of its minutes. */
const MINUTES_ATTEMPTS = 5;

/**
 * One write of the chair's record of a meeting, conditioned on the meeting as read (`rev`, bumped by each
 * such write), carrying its audit entry; lost to another, the meeting is read again and the change made on it.
 * Requests: the write (+ a re-read per lost write); the answer reads the topics and the representatives' names.
 */
async function writeMeeting(ctx: MemberContext, m0: CouncilMeetingRecord, c: CouncilRecord, plan: (m: CouncilMeetingRecord) => { patch: Partial<CouncilMeetingRecord>; audit: EffectSpec['audit'] }): Promise<Out<'meeting'>> {
  const { db, caller } = ctx;
  let m = m0;
  for (let attempt = 1; ; attempt++) {
    const now = clock.nowIso();
    const { patch, audit } = plan(m);
    const effect = effectOf(caller, ctx.requestId, { collection: COLLECTIONS.councilMeetings.name, id: m._id, path: m.path }, now, { messages: [], audit });
    const full = { ...patch, status: 'held' as const, updatedAt: now, rev: (m.rev ?? 0) + 1 };
    const res = await db
      .collection(COLLECTIONS.councilMeetings.name)
      .where({ _id: m._id, rev: m.rev ?? db.command.exists(false) })
      .update({ ...full, ...pushEffects(db, [effect]) });
    if ((res as { updated?: number }).updated === 1) return meetingViewOf(db, withPushed({ ...m, ...full }, [effect]), c, caller);
    if (attempt >= MINUTES_ATTEMPTS) throw new ContentionError(attempt);
    m = await loadMeeting(db, m._id);
  }
}

/** The chair records who attended, by body. Requests: the caller, the meeting with its council, the write, the answer's topics and names. */
export async function recordAttendance(input: In<'recordAttendance'>, ctx: MemberContext): Promise<Out<'recordAttendance'>> {
  const { db, caller } = ctx;
  const { m, c } = await readMeeting(db, input.meetingId);
  requireChair(caller, c, m.chairKey);
  const present = new Set(input.present);
  const known = new Set(allRepresentatives(c));
  const strangers = input.present.map((id, i) => ({ id, i })).filter(({ id }) => !known.has(id));
  if (strangers.length) throw invalid('出席名单里有不是议事会代表的人', strangers.map(({ i }) => ({ path: `present.${i}`, message: '不是议事会代表' })));
  const attendance = Object.fromEntries(c.bodies.map((b) => [b.key, b.representativeIds.filter((id) => present.has(id))]));
  return writeMeeting(ctx, m, c, (fresh) => ({
    patch: { attendance },
    audit: { action: 'councils.recordAttendance', before: { attendance: fresh.attendance }, after: { attendance } },
  }));
}

/** The chair records the minutes of one topic: the options discussed and each body's opinion. Requests: as recordAttendance. */
export async function recordMinutes(input: In<'recordMinutes'>, ctx: MemberContext): Promise<Out<'recordMinutes'>> {
  const { db, caller } = ctx;
  const { m, c } = await readMeeting(db, input.meetingId);
  requireChair(caller, c, m.chairKey);
  if (!m.topicIds.includes(input.topicId)) throw invalid('这个议题不在本次会议上', [{ path: 'topicId', message: '请选择本次会议的议题' }]);
  const unknown = input.opinions.map((o, i) => ({ o, i })).filter(({ o }) => !c.bodies.some((b) => b.key === o.bodyKey));
  if (unknown.length) throw invalid('有的意见不属于议事会的成员单位', unknown.map(({ i }) => ({ path: `opinions.${i}.bodyKey`, message: '不是议事会的成员单位' })));
  const entry: MinuteEntry = {
    topicId: input.topicId,
    options: input.options,
    opinions: input.opinions.map((o) => ({ bodyKey: o.bodyKey, bodyName: bodyName(c, o.bodyKey), text: o.text })),
    summary: input.summary,
    recordedById: caller._id,
    recordedAt: clock.nowIso(),
  };
  return writeMeeting(ctx, m, c, (fresh) => ({
    patch: { minutes: [...fresh.minutes.filter((e) => e.topicId !== input.topicId), entry] },
    audit: {
      action: 'councils.recordMinutes',
      before: fresh.minutes.find((e) => e.topicId === input.topicId) ?? null,
      after: { topicId: entry.topicId, options: entry.options, opinions: entry.opinions.length },
    },
  }));
}

/** A new decision, in the transaction that makes it (consensus now, or a vote's result when adopted). */
export function newDecision(t: CouncilTopicRecord, m: { _id: string; chairKey: string } | null, text: string, voteId: string | null, now: string): CouncilDecisionRecord {
  return {
    _id: decisionIdOf(t._id),
    councilId: t.councilId,
    villageId: t.villageId,
    path: t.path,
    topicId: t._id,
    topicTitle: t.title,
    meetingId: m?._id ?? null,
    chairKey: m?.chairKey ?? null,
    rule: t.rule,
    voteId,
    text,
    responsibleKey: null,
    responsibleName: null,
    steps: [],
    status: 'planning',
    nextDueDate: null,
    ratingCount: 0,
    ratingSum: 0,
    decidedAt: now,
    doneAt: null,
    updatedAt: now,
  };
}

/**
 * The chair decides a topic by its rule: consensus is recorded as the decision; a representatives'
 * vote opens for the council's representatives (secret if asked); a household vote opens for every
 * confirmed household of the village for N days (the county's default), each household told.
 */
export async function decide(input: In<'decide'>, ctx: MemberContext): Promise<Out<'decide'>> {
  const { db, caller } = ctx;
  const m = await loadMeeting(db, input.meetingId);
  const c = await loadCouncil(db, m.villageId);
  requireChair(caller, c, m.chairKey);
  if (!m.topicIds.includes(input.topicId)) throw invalid('这个议题不在本次会议上', [{ path: 'topicId', message: '请选择本次会议的议题' }]);
  const t0 = await loadTopic(db, input.topicId);
  if (t0.rule !== 'households' && input.days !== undefined) throw invalid('只有户代表投票需要填写投票天数', [{ path: 'days', message: '这个议题不是户代表投票' }]);
  if (t0.rule === 'consensus' && input.secret) throw invalid('协商一致不需要投票', [{ path: 'secret', message: '这个议题按协商一致决定' }]);
  const settings = await loadSettings(db, t0.path[0]!);
  const followers = await followersOf(db, t0._id);
  const households = t0.rule === 'households' ? await count(db, COLLECTIONS.households.name, { unitId: t0.villageId }) : 0;
  await runTransaction(db, async (tx: Tx) => {
    const t = await loadTopic(tx, t0._id);
    if (t.status !== 'scheduled' || t.meetingId !== m._id) throw conflict(`这个议题${TOPIC_STATUS_LABELS[t.status]}，不能再作决定`);
    const now = clock.nowIso();
    if (t.rule === 'consensus') {
      const d = newDecision(t, m, input.text, null, now);
      await tx.collection(COLLECTIONS.councilDecisions.name).add(d);
      await tx.collection(COLLECTIONS.councilTopics.name).doc(t._id).update({ status: 'decided', decisionId: d._id, updatedAt: now });
      await tellFollowers(tx, followers, t, 'decided', `议事会协商一致：${input.text.slice(0, 60)}`);
      await recordAudit(tx, caller, ctx.requestId, {
        action: 'councils.decide',
        target: { collection: COLLECTIONS.councilDecisions.name, id: d._id },
        before: { status: t.status },
        after: { rule: 'consensus', text: input.text, meetingId: m._id },
        path: t.path,
      });
      return;
    }
    const reps = t.rule === 'representatives';
    const electorateIds = reps ? allRepresentatives(c) : [];
    const days = input.days ?? settings.householdVoteDays;
    const vote: CouncilVoteRecord = {
      _id: voteIdOf(t._id),
      kind: reps ? 'representatives' : 'households',
      councilId: c._id,
      villageId: t.villageId,
      path: t.path,
      subject: { kind: 'topic', id: t._id },
      topicId: t._id,
      meetingId: m._id,
      question: input.text,
      secret: input.secret,
      electorateIds,
      electorateSize: reps ? electorateIds.length : households,
      quorum: reps ? settings.repQuorum : settings.householdQuorum,
      majority: reps ? settings.repMajority : settings.householdMajority,
      opensAt: now,
      // A representatives' vote is closed by the chair in the meeting; a day later the timer closes it.
      closesAt: new Date(clock.now().getTime() + (reps ? 1 : days) * DAY_MS).toISOString(),
      status: 'open',
      cast: 0,
      result: null,
      openedById: caller._id,
      createdAt: now,
    };
    await tx.collection(COLLECTIONS.councilVotes.name).add(vote);
    await tx.collection(COLLECTIONS.councilTopics.name).doc(t._id).update({ status: 'voting', voteId: vote._id, updatedAt: now });
    await tellFollowers(tx, followers, t, 'voting', reps ? '议事会代表正在表决。' : `请各户在 ${days} 天内投票，每户一票。`);
    const message = { kind: 'council.voteOpened' as const, title: reps ? '议事会代表表决' : '请为本村议题投票（每户一票）', body: `${t.title}：${input.text.slice(0, 60)}`, link: voteLink(vote._id) };
    if (reps) await enqueue(tx, electorateIds, message);
    else await enqueueAudience(tx, `fo-${vote._id}`, { kind: 'village-households', villageId: t.villageId }, message);
    await recordAudit(tx, caller, ctx.requestId, {
      action: 'councils.openVote',
      target: { collection: COLLECTIONS.councilVotes.name, id: vote._id },
      before: null,
      after: { kind: vote.kind, question: vote.question, secret: vote.secret, electorateSize: vote.electorateSize, quorum: vote.quorum, majority: vote.majority, closesAt: vote.closesAt },
      path: t.path,
    });
  });
  return meetingOut(ctx, m._id);
}
