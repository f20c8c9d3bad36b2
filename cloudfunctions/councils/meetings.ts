import type { Db } from '@cloudbase/database';
import type { CouncilDecisionRecord, CouncilMeetingRecord, CouncilRecord, CouncilSettingsRecord, CouncilTopicRecord, CouncilTurnRecord, CouncilVoteRecord, MinuteEntry } from '../../shared/domain/council-records';
import { SCHEDULABLE, TOPIC_STATUS_LABELS } from '../../shared/domain/council-rules';
import { dueBody, takeChair } from '../../shared/domain/council-rotation';
import { DAY_MS } from '../_lib/clock';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { readByIds, type Tx } from '../_lib/db';
import { conflict, forbidden, invalid, notFound } from '../_lib/errors';
import { carrying, effectOf, pushEffects, withPushed, type EffectSpec } from '../_lib/effects';
import type { PendingEffect } from '../../shared/domain/records';
import type { ActionContext, MemberContext } from '../_lib/handler';
import { enqueueAudience } from '../_lib/outbox';
import { ContentionError, runTransaction } from '../_lib/transaction';
import {
  allRepresentatives,
  bodyName,
  councilIdOf,
  decisionIdOf,
  FOLLOWER_CAP,
  loadCouncil,
  loadMeeting,
  meetingLink,
  once,
  representsBody,
  requestIdOf,
  requireChair,
  turnIdOf,
  voteIdOf,
  voteLink,
} from './store';
import { progressMessage } from './topics';
import type { In, Out } from './types';
import { meetingViewOf } from './views';

async function meetingOut(ctx: ActionContext, id: string): Promise<Out<'meeting'>> {
  const m = await loadMeeting(ctx.db, id);
  return meetingViewOf(ctx.db, m, await loadCouncil(ctx.db, m.villageId), ctx.caller);
}

/**
 * The body whose turn it is calls the meeting. The meeting, the turn taken (recorded publicly) and the
 * rotation change together, in one transaction; the meeting's add carries the notices (every
 * representative and the secretary; each topic's followers) and the audit entry. The topics are then
 * scheduled by one update of them all, conditioned on their being still on the agenda: a retry of the
 * same request finds the meeting and finishes it; a topic merged away meanwhile is dropped from it.
 * A chair's duty, counted in the cadre budget (the chair acts as the council's officer).
 * Requests: the caller, the council with the meeting, the topics and their followers (one aggregate), the
 * transaction (start, the council, the meeting, the turn, the rotation, commit), the topics' update, the
 * answer's names.
 */
export async function callMeeting(input: In<'callMeeting'>, ctx: MemberContext): Promise<Out<'callMeeting'>> {
  const { db, caller } = ctx;
  const id = requestIdOf('cm', caller._id, input.requestId);
  const topicIds = [...new Set(input.topicIds)];
  const read = await readForCall(db, input.villageId, id, topicIds);
  if (!representsBody(caller, read.council, input.bodyKey)) throw forbidden('只有轮值主持单位的代表可以召集会议');
  if (read.existing) return scheduleTopics(ctx, read.existing, read.council, read.topics);
  const issues: { path: string; message: string }[] = [];
  const topics: CouncilTopicRecord[] = [];
  for (const [i, tid] of topicIds.entries()) {
    const t = read.topics.find((x) => x._id === tid);
    if (!t || t.villageId !== read.council.villageId) issues.push({ path: `topicIds.${i}`, message: '不是本议事会的议题' });
    else if (!SCHEDULABLE.includes(t.status)) issues.push({ path: `topicIds.${i}`, message: `「${t.title}」${TOPIC_STATUS_LABELS[t.status]}，不能列入会议` });
    else topics.push(t);
  }
  if (issues.length) throw invalid('有的议题不能列入这次会议', issues);
  const { meeting, council } = await runTransaction(db, async (tx: Tx) => {
    const c = await loadCouncil(tx, input.villageId);
    const next = takeChair(c.order, c.rotation, input.bodyKey);
    if (next === 'not-due') throw conflict(`这次轮到${bodyName(c, dueBody(c.order, c.rotation))}主持，请由其召集；不能主持的单位可以让出轮值`);
    if (next === 'nobody-due') throw conflict('各成员单位都已让出本次轮值，请党组织协调');
    const now = clock.nowIso();
    const seq = c.turnSeq + 1;
    const chairName = bodyName(c, input.bodyKey);
    const m: CouncilMeetingRecord = {
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
    const effect = effectOf(caller, ctx.requestId, { collection: COLLECTIONS.councilMeetings.name, id, path: c.path }, now, {
      messages: [
        ...topics.map((t) => ({
          to: read.followers.get(t._id) ?? [],
          message: progressMessage(t, 'scheduled', `议题将在 ${input.date} ${input.time} 于${input.place}召开的议事会议上协商，由${chairName}主持。`),
        })),
        {
          to: [...allRepresentatives(c), c.secretaryId],
          message: { kind: 'council.meetingCalled', title: `${chairName}召集议事会议`, body: `${input.date} ${input.time}，${input.place}。议题 ${topics.length} 个：${topics.map((t) => t.title).join('、').slice(0, 60)}`, link: meetingLink(id) },
        },
      ],
      audit: { action: 'councils.callMeeting', before: { rotation: c.rotation }, after: { chair: input.bodyKey, date: input.date, place: input.place, topicIds, rotation: next } },
    });
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
    await tx.collection(COLLECTIONS.councilMeetings.name).add({ ...m, ...carrying([effect]) });
    await tx.collection(COLLECTIONS.councilTurns.name).add(turn);
    await tx.collection(COLLECTIONS.councils.name).doc(c._id).update({ rotation: next, turnSeq: seq, updatedAt: now });
    return { meeting: withPushed(m, [effect]), council: { ...c, rotation: next, turnSeq: seq, updatedAt: now } };
  });
  return scheduleTopics(ctx, meeting, council, topics);
}

/**
 * Schedules a called meeting's topics in one update, where they are still on the agenda (a retry finds
 * them scheduled already). One that is neither (merged away between the call's read and this update) is
 * dropped from the meeting. Answers with the meeting.
 */
async function scheduleTopics(ctx: MemberContext, m0: CouncilMeetingRecord, c: CouncilRecord, read: CouncilTopicRecord[]): Promise<Out<'meeting'>> {
  const { db } = ctx;
  const _ = db.command;
  let m = m0;
  const waiting = read.filter((t) => m.topicIds.includes(t._id) && t.meetingId !== m._id);
  const now = clock.nowIso();
  const res = waiting.length
    ? await db.collection(COLLECTIONS.councilTopics.name).where({ _id: _.in(waiting.map((t) => t._id)), status: _.in([...SCHEDULABLE]) }).update({ status: 'scheduled', meetingId: m._id, updatedAt: now })
    : { updated: 0 };
  let topics = read.map((t) => (waiting.includes(t) ? { ...t, status: 'scheduled' as const, meetingId: m._id, updatedAt: now } : t));
  if (((res as { updated?: number }).updated ?? 0) < waiting.length) {
    const fresh = await readByIds<CouncilTopicRecord>(db, COLLECTIONS.councilTopics.name, m.topicIds);
    const lost = m.topicIds.filter((id) => fresh.find((t) => t._id === id)?.meetingId !== m._id);
    if (lost.length) await db.collection(COLLECTIONS.councilMeetings.name).doc(m._id).update({ topicIds: _.pull(_.in(lost)), updatedAt: now });
    m = { ...m, topicIds: m.topicIds.filter((id) => !lost.includes(id)) };
    topics = fresh;
  }
  return meetingViewOf(db, m, c, ctx.caller, topics);
}

/**
 * What calling a meeting reads first, in one request: the council, the meeting if this request made it
 * already, the topics asked for and their followers (at most FOLLOWER_CAP for each topic asked for, in all).
 */
async function readForCall(db: Db, villageId: string, meetingId: string, topicIds: string[]): Promise<{ council: CouncilRecord; existing: CouncilMeetingRecord | null; topics: CouncilTopicRecord[]; followers: Map<string, string[]> }> {
  const _ = db.command;
  const $ = _.aggregate;
  const res = await db
    .collection(COLLECTIONS.councils.name)
    .aggregate()
    .match({ _id: councilIdOf(villageId) })
    .limit(1)
    .lookup({ from: COLLECTIONS.councilMeetings.name, pipeline: $.pipeline().match({ _id: meetingId }).limit(1).done(), as: 'existing' })
    .lookup({ from: COLLECTIONS.councilTopics.name, pipeline: $.pipeline().match({ _id: _.in(topicIds) }).limit(topicIds.length).done(), as: 'topics' })
    .lookup({
      from: COLLECTIONS.councilFollows.name,
      pipeline: $.pipeline().match({ topicId: _.in(topicIds) }).limit(FOLLOWER_CAP * topicIds.length).project({ topicId: 1, userId: 1 }).done(),
      as: 'follows',
    })
    .end();
  type Joined = CouncilRecord & { existing?: CouncilMeetingRecord[]; topics?: CouncilTopicRecord[]; follows?: { topicId: string; userId: string }[] };
  const row = (res.data as Joined[])[0];
  if (!row) throw notFound('本村（社区）还没有成立议事会');
  const { existing, topics = [], follows = [], ...council } = row;
  const followers = new Map<string, string[]>();
  for (const f of follows) followers.set(f.topicId, [...(followers.get(f.topicId) ?? []), f.userId]);
  return { council, existing: existing?.[0] ?? null, topics, followers };
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
 * confirmed household of the village for N days (the county's default), each household told. No
 * transaction: the decision (or the vote) is added first under its id from the topic, so a second cannot
 * be stored; then the topic moves on by one write conditioned on its being still scheduled at this
 * meeting, carrying the followers' notices (and the representatives') and the audit entry. A call that
 * stopped between the two is finished by the chair deciding again (the add finds the first).
 * A chair's duty, counted in the cadre budget (the chair acts as the council's officer).
 * Requests: the caller, the meeting with its council, the topic with its followers, the county's settings
 * and the village's households (one aggregate), the add (+ a household vote's fan-out), the topic's
 * write, the answer's topics and names.
 */
export async function decide(input: In<'decide'>, ctx: MemberContext): Promise<Out<'decide'>> {
  const { db, caller } = ctx;
  const { m, c } = await readMeeting(db, input.meetingId);
  requireChair(caller, c, m.chairKey);
  if (!m.topicIds.includes(input.topicId)) throw invalid('这个议题不在本次会议上', [{ path: 'topicId', message: '请选择本次会议的议题' }]);
  const { topic: t, followers, settings, households } = await readForDecide(db, input.topicId, m);
  if (t.rule !== 'households' && input.days !== undefined) throw invalid('只有户代表投票需要填写投票天数', [{ path: 'days', message: '这个议题不是户代表投票' }]);
  if (t.rule === 'consensus' && input.secret) throw invalid('协商一致不需要投票', [{ path: 'secret', message: '这个议题按协商一致决定' }]);
  if (t.status !== 'scheduled' || t.meetingId !== m._id) throw conflict(`这个议题${TOPIC_STATUS_LABELS[t.status]}，不能再作决定`);
  const now = clock.nowIso();
  if (t.rule === 'consensus') {
    const d = newDecision(t, m, input.text, null, now);
    const effect = effectOf(caller, ctx.requestId, { collection: COLLECTIONS.councilDecisions.name, id: d._id, path: t.path }, now, {
      messages: [{ to: followers, message: progressMessage(t, 'decided', `议事会协商一致：${input.text.slice(0, 60)}`) }],
      audit: { action: 'councils.decide', before: { status: t.status }, after: { rule: 'consensus', text: input.text, meetingId: m._id } },
    });
    await once(() => db.collection(COLLECTIONS.councilDecisions.name).add({ ...d, ...carrying([effect]) }));
    return moveTopic(ctx, m, c, t, { status: 'decided', decisionId: d._id, updatedAt: now }, []);
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
  await once(() => db.collection(COLLECTIONS.councilVotes.name).add(vote));
  const message = { kind: 'council.voteOpened' as const, title: reps ? '议事会代表表决' : '请为本村议题投票（每户一票）', body: `${t.title}：${input.text.slice(0, 60)}`, link: voteLink(vote._id) };
  // The households are told through a fan-out (a whole village); its id from the vote's, so a retry adds it once.
  if (!reps) await once(() => enqueueAudience(db, `fo-${vote._id}`, { kind: 'village-households', villageId: t.villageId }, message));
  // The audit entry is the vote's, carried by the topic's write.
  const effect = effectOf(caller, ctx.requestId, { collection: COLLECTIONS.councilVotes.name, id: vote._id, path: t.path }, now, {
    messages: [
      { to: followers, message: progressMessage(t, 'voting', reps ? '议事会代表正在表决。' : `请各户在 ${days} 天内投票，每户一票。`) },
      { to: electorateIds, message },
    ],
    audit: {
      action: 'councils.openVote',
      before: null,
      after: { kind: vote.kind, question: vote.question, secret: vote.secret, electorateSize: vote.electorateSize, quorum: vote.quorum, majority: vote.majority, closesAt: vote.closesAt },
    },
  });
  return moveTopic(ctx, m, c, t, { status: 'voting', voteId: vote._id, updatedAt: now }, [effect]);
}

/**
 * The topic moves on from being scheduled at this meeting, by one write conditioned on it, carrying what
 * the change owes; another call that moved it first (the same decision twice at once) makes it a conflict.
 */
async function moveTopic(ctx: MemberContext, m: CouncilMeetingRecord, c: CouncilRecord, t: CouncilTopicRecord, patch: Partial<CouncilTopicRecord>, effects: PendingEffect[]): Promise<Out<'decide'>> {
  const { db } = ctx;
  const res = await db
    .collection(COLLECTIONS.councilTopics.name)
    .where({ _id: t._id, status: 'scheduled', meetingId: m._id })
    .update({ ...patch, ...pushEffects(db, effects) });
  if ((res as { updated?: number }).updated !== 1) throw conflict('这个议题刚刚已经作了决定，请刷新后查看');
  return meetingViewOf(db, m, c, ctx.caller);
}

/**
 * What deciding a topic reads, in one request: the topic, its followers (at most FOLLOWER_CAP), the
 * county's settings and the number of the village's households (a household vote's electorate).
 */
async function readForDecide(db: Db, topicId: string, m: CouncilMeetingRecord): Promise<{ topic: CouncilTopicRecord; followers: string[]; settings: CouncilSettingsRecord; households: number }> {
  const $ = db.command.aggregate;
  const res = await db
    .collection(COLLECTIONS.councilTopics.name)
    .aggregate()
    .match({ _id: topicId })
    .limit(1)
    .lookup({ from: COLLECTIONS.councilFollows.name, pipeline: $.pipeline().match({ topicId }).limit(FOLLOWER_CAP).project({ userId: 1 }).done(), as: 'follows' })
    .lookup({ from: COLLECTIONS.councilSettings.name, pipeline: $.pipeline().match({ _id: m.path[0]! }).limit(1).done(), as: 'settings' })
    .lookup({ from: COLLECTIONS.households.name, pipeline: $.pipeline().match({ unitId: m.villageId }).project({ _id: 1 }).count('n').done(), as: 'households' })
    .end();
  type Joined = CouncilTopicRecord & { follows?: { userId: string }[]; settings?: CouncilSettingsRecord[]; households?: { n: number }[] };
  const row = (res.data as Joined[])[0];
  if (!row) throw notFound('这个议题不存在');
  const { follows = [], settings, households, ...topic } = row;
  if (!settings?.[0]) throw notFound('县里还没有设置议事规则');
  return { topic, followers: follows.map((f) => f.userId), settings: settings[0], households: households?.[0]?.n ?? 0 };
}
