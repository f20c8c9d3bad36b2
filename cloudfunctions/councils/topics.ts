import type { CouncilSupportRecord, CouncilTopicRecord } from '../../shared/domain/council-records';
import { afterSupport, householdIn, intakeOf, MERGE_TARGETS, MERGEABLE, SUPPORTABLE, TOPIC_STATUS_LABELS } from '../../shared/domain/council-rules';
import type { UserRecord } from '../../shared/domain/records';
import { recordAudit } from '../_lib/audit';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { checkText } from '../_lib/content-check';
import type { Db } from '@cloudbase/database';
import { addEachOnce, count, isDuplicateKey } from '../_lib/db';
import { carrying, effectOf, pushEffects, withPushed, type EffectSpec } from '../_lib/effects';
import { conflict, forbidden, invalid, notFound } from '../_lib/errors';
import type { ActionContext, MemberContext } from '../_lib/handler';
import type { Message } from '../_lib/outbox';
import { releaseHeld } from '../_lib/release';
import { ContentionError } from '../_lib/transaction';
import {
  bodyName,
  followersOf,
  followIdOf,
  homeVillageOf,
  isHeld,
  loadTopic,
  loadVillage,
  managesCouncil,
  FOLLOWER_CAP,
  itemAndSettings,
  readForRaise,
  readTopicFor,
  representsBody,
  requestIdOf,
  seesHeldTopic,
  supportIdOf,
  TOPIC_LIST_CAP,
  topicLink,
} from './store';
import type { In, Out } from './types';
import { topicSummaryOf, topicViewOf } from './views';

const FIELD_LABELS: Record<string, string> = { title: '议题标题', content: '议题内容' };

/**
 * A resident (for their household) or a member body raises a topic under an item of the list: one write,
 * the add of the topic (its id from the request), carrying the raiser's notices (forwarded, refused, held
 * text) and the audit entry; then the raiser's follow (set by its id: a retry that finds the topic sets it
 * again, so a call stopped between the two is finished by its retry).
 * Requests: the caller, the village with its council, this topic and the village's item (one aggregate),
 * the county's settings with its item (one aggregate), the add, the follow.
 */
export async function raiseTopic(input: In<'raiseTopic'>, ctx: MemberContext): Promise<Out<'raiseTopic'>> {
  const { db, caller } = ctx;
  const id = requestIdOf('ct', caller._id, input.requestId);
  const { village, council, existing, own } = await readForRaise(db, input.villageId, id, input.itemCode);
  const byBody = input.bodyKey !== undefined;
  if (byBody) {
    if (!representsBody(caller, council, input.bodyKey!)) throw forbidden('只有该成员单位的代表可以以单位名义提出议题');
  } else if (!householdIn(caller, village._id)) {
    throw forbidden('只有本村（社区）已确认的住户可以提出议题');
  }
  const followRaiser = () => db.collection(COLLECTIONS.councilFollows.name).doc(followIdOf(id, caller._id)).set({ topicId: id, userId: caller._id, at: clock.nowIso() });
  const retried = async () => {
    await followRaiser();
    const read = await readTopicFor(db, id, caller);
    if (!read) throw notFound('这个议题不存在');
    return topicViewOf(db, read.topic, caller, read);
  };
  if (existing) return retried();
  const { item, settings } = await itemAndSettings(db, village.path[0]!, input.itemCode, own);
  const intake = intakeOf(item, byBody ? 'body' : 'resident');
  const { held } = await checkText(ctx, { title: input.title, content: input.content });
  const now = clock.nowIso();
  const topic: CouncilTopicRecord = {
    _id: id,
    councilId: council._id,
    villageId: village._id,
    path: village.path,
    itemCode: item.code,
    itemTitle: item.title,
    rule: item.rule,
    title: input.title,
    content: input.content,
    raisedBy: {
      kind: byBody ? 'body' : 'resident',
      userId: caller._id,
      name: caller.name,
      gender: caller.gender ?? null,
      bodyKey: byBody ? input.bodyKey! : null,
      bodyName: byBody ? bodyName(council, input.bodyKey!) : null,
    },
    status: intake.kind === 'accept' ? intake.status : intake.kind === 'forward' ? 'forwarded' : 'refused',
    supports: 0,
    threshold: settings.supportThreshold,
    refusal: intake.kind === 'accept' ? null : intake.reason,
    forwardTo: intake.kind === 'forward' ? intake.to : null,
    mergedInto: null,
    meetingId: null,
    voteId: null,
    decisionId: null,
    requestId: input.requestId,
    createdAt: now,
    updatedAt: now,
    ...(held.length ? { moderation: { held } } : {}),
  };
  const messages: EffectSpec['messages'] = [];
  if (intake.kind !== 'accept') {
    messages.push({
      to: [caller._id],
      message: {
        kind: intake.kind === 'forward' ? 'council.topicForwarded' : 'council.topicRefused',
        title: intake.kind === 'forward' ? `您的议题已转交${intake.to}` : '您的议题不在议事范围内',
        body: intake.reason,
        link: topicLink(id),
      },
    });
  }
  if (held.length) {
    messages.push({
      to: [caller._id],
      message: {
        kind: 'content.held',
        title: `您填写的${[...new Set(held.map((h) => FIELD_LABELS[h.field] ?? h.field))].join('、')}需要人工复核`,
        body: `原因：${[...new Set(held.map((h) => h.reason))].join('、')}。复核通过前，只有您和村（社区）干部能看到。`,
        link: topicLink(id),
      },
    });
  }
  const effect = effectOf(caller, ctx.requestId, { collection: COLLECTIONS.councilTopics.name, id, path: topic.path }, now, {
    messages,
    audit: { action: 'councils.raiseTopic', before: null, after: { title: topic.title, itemCode: topic.itemCode, status: topic.status, byBody: topic.raisedBy.bodyName } },
  });
  const stored = { ...topic, ...carrying([effect]) };
  try {
    await db.collection(COLLECTIONS.councilTopics.name).add(stored);
  } catch (err) {
    // Two retries of one request racing: the loser answers with the winner's topic.
    if (!isDuplicateKey(err)) throw err;
    return retried();
  }
  await followRaiser();
  return topicViewOf(db, stored, caller, { supported: false, following: true, meeting: null });
}

export async function listTopics(input: In<'topics'>, ctx: ActionContext): Promise<Out<'topics'>> {
  const { db, caller } = ctx;
  if (input.mine) {
    if (!caller) return { topics: [], villageId: null };
    const res = await db.collection(COLLECTIONS.councilTopics.name).where({ 'raisedBy.userId': caller._id }).orderBy('createdAt', 'desc').limit(TOPIC_LIST_CAP).get();
    return { topics: (res.data as CouncilTopicRecord[]).map((t) => topicSummaryOf(t, caller)), villageId: homeVillageOf(caller) };
  }
  const villageId = input.villageId ?? homeVillageOf(caller);
  if (!villageId) return { topics: [], villageId: null };
  const village = await loadVillage(db, villageId);
  const where = input.status ? { villageId: village._id, status: input.status } : { villageId: village._id };
  const res = await db.collection(COLLECTIONS.councilTopics.name).where(where).orderBy('createdAt', 'desc').limit(TOPIC_LIST_CAP).get();
  // Held text is public only once released: others do not see the topic meanwhile.
  const rows = (res.data as CouncilTopicRecord[]).filter((t) => !isHeld(t) || seesHeldTopic(caller, t));
  return { topics: rows.map((t) => topicSummaryOf(t, caller)), villageId: village._id };
}

async function visibleTopic(ctx: ActionContext, id: string): Promise<CouncilTopicRecord> {
  const t = await loadTopic(ctx.db, id);
  if (isHeld(t) && !seesHeldTopic(ctx.caller, t)) throw notFound('这个议题不存在或正在复核');
  return t;
}

export async function getTopic(input: In<'topic'>, ctx: ActionContext): Promise<Out<'topic'>> {
  const read = await readTopicFor(ctx.db, input.topicId, ctx.caller);
  if (!read || (isHeld(read.topic) && !seesHeldTopic(ctx.caller, read.topic))) throw notFound('这个议题不存在或正在复核');
  return topicViewOf(ctx.db, read.topic, ctx.caller, read);
}

/** The notice of a topic's new status to its followers. */
export function progressMessage(t: Pick<CouncilTopicRecord, '_id' | 'title'>, status: CouncilTopicRecord['status'], extra = ''): Message {
  return {
    kind: 'council.topicProgress',
    title: `议题「${t.title.slice(0, 12)}」${TOPIC_STATUS_LABELS[status]}`,
    body: extra || `您关注的议题现在：${TOPIC_STATUS_LABELS[status]}。`,
    link: topicLink(t._id),
  };
}

/** Times the count's write re-reads the topic after losing to another change of it. */
const COUNT_ATTEMPTS = 5;

/**
 * Writes a topic's support count from its rows: `supports` becomes `rows` only where it is lower (a
 * count written by a later call already includes this one's row), and the status the rule gives for
 * that count, conditioned on the status as read — so of several supports reaching the threshold at once
 * exactly one moves the topic onto the agenda, and that write carries the notice to its followers.
 * Requests: the write (+ the followers when it moves the topic; + a re-read per lost write).
 */
async function writeCount(ctx: MemberContext, t0: CouncilTopicRecord, rows: number): Promise<CouncilTopicRecord> {
  const { db } = ctx;
  const _ = db.command;
  let t = t0;
  for (let attempt = 1; ; attempt++) {
    if (t.supports >= rows) return t;
    const now = clock.nowIso();
    const status = afterSupport(t.status, rows, t.threshold);
    const effects =
      status === t.status
        ? []
        : [
            effectOf(ctx.caller, ctx.requestId, { collection: COLLECTIONS.councilTopics.name, id: t._id, path: t.path }, now, {
              messages: [{ to: await followersOf(db, t._id), message: progressMessage(t, status, `已有 ${rows} 户支持，达到 ${t.threshold} 户，议题已列入议事会的议事清单。`) }],
            }),
          ];
    const patch = { supports: rows, status, updatedAt: now };
    const res = await db
      .collection(COLLECTIONS.councilTopics.name)
      .where({ _id: t._id, status: t.status, supports: _.lt(rows) })
      .update({ ...patch, ...pushEffects(db, effects) });
    if ((res as { updated?: number }).updated === 1) return withPushed({ ...t, ...patch }, effects);
    if (attempt >= COUNT_ATTEMPTS) throw new ContentionError(attempt);
    t = await loadTopic(db, t._id);
  }
}

/**
 * One support per household, counted once, without a transaction: the support's row is added first under
 * its id (the topic and the household), so a second one from the household — another phone, the same
 * moment — is refused by the database; then the household's rows are counted and the count written
 * (`writeCount`). A call that stops between the two leaves a row not yet in `supports`: the next support
 * (or this household trying again) counts it. A support that passed its check while the topic was still
 * open counts even if the topic moved on meanwhile.
 * Requests: the caller, the topic with the household's support, the caller's follow, its meeting and its
 * rows (one aggregate), the add, the count, the write (+ the followers when it reaches the threshold).
 */
export async function support(input: In<'support'>, ctx: MemberContext): Promise<Out<'support'>> {
  const { db, caller } = ctx;
  const read = await readTopicFor(db, input.topicId, caller, { countSupports: true });
  if (!read || (isHeld(read.topic) && !seesHeldTopic(caller, read.topic))) throw notFound('这个议题不存在或正在复核');
  const t = read.topic;
  const household = householdIn(caller, t.villageId);
  if (!household) throw forbidden('只有本村（社区）已确认的住户可以支持议题，每户一次');
  if (isHeld(t)) throw conflict('这个议题正在复核，复核通过后才能支持');
  const already = async () => {
    // An earlier call of this household may have stopped before its count: finish it, then say so.
    if (read.supportRows! > t.supports) await writeCount(ctx, t, read.supportRows!);
    return conflict('您家已经支持过这个议题了，每户只能支持一次');
  };
  if (read.supported) throw await already();
  if (!SUPPORTABLE.includes(t.status)) throw conflict(`这个议题${TOPIC_STATUS_LABELS[t.status]}，不再征集支持`);
  const row: CouncilSupportRecord = { _id: supportIdOf(t._id, household), topicId: t._id, householdId: household, userId: caller._id, fromTopicId: null, at: clock.nowIso() };
  try {
    await db.collection(COLLECTIONS.councilSupports.name).add(row);
  } catch (err) {
    if (isDuplicateKey(err)) throw await already();
    throw err;
  }
  const rows = await count(db, COLLECTIONS.councilSupports.name, { topicId: t._id });
  const written = await writeCount(ctx, t, rows);
  return topicViewOf(db, written, caller, { supported: true, following: read.following, meeting: read.meeting });
}

export async function follow(input: In<'follow'>, ctx: MemberContext): Promise<Out<'follow'>> {
  const { db, caller } = ctx;
  const t = await visibleTopic(ctx, input.topicId);
  const id = followIdOf(t._id, caller._id);
  if (input.on) await db.collection(COLLECTIONS.councilFollows.name).doc(id).set({ topicId: t._id, userId: caller._id, at: clock.nowIso() });
  else await db.collection(COLLECTIONS.councilFollows.name).doc(id).remove();
  return topicViewOf(db, t, caller);
}

/**
 * A duplicate is merged into another topic of the same village, in a number of requests that does not grow
 * with its supports or followers: one conditional write stops it taking supports (carrying its followers'
 * notice); one aggregate finds its households that do not support the other topic yet, and one batch add
 * carries them over (ids by the topic and the household, so a household that supports both keeps one);
 * its followers who do not follow the other topic are added the same way; then the other topic's count
 * follows its rows, as a support's does, and the audit entry is written. Re-running the same merge resumes
 * where it stopped (a household carried already is no longer found).
 * Requests: the caller, both topics with their followers (one aggregate), the write, the supports to carry
 * (one aggregate per MERGE_PAGE households), their add, the followers' add, the count, its write (+ the
 * followers when it reaches the threshold), the audit entry, the answer (one aggregate).
 */
export async function mergeTopic(input: In<'mergeTopic'>, ctx: MemberContext): Promise<Out<'mergeTopic'>> {
  const { db, caller } = ctx;
  if (input.topicId === input.intoId) throw invalid('不能合并到自身', [{ path: 'intoId', message: '请选择另一个议题' }]);
  const { from, into, followers, toFollow } = await readForMerge(db, input.topicId, input.intoId);
  if (from.villageId !== into.villageId) throw invalid('只能合并同一村（社区）的议题', [{ path: 'intoId', message: '请选择本村（社区）的议题' }]);
  if (!managesCouncil(caller, from.path)) throw forbidden('只有本村（社区）党组织可以合并重复的议题');
  const resumingAsRead = from.status === 'merged' && from.mergedInto === into._id;
  if (!resumingAsRead && !MERGEABLE.includes(from.status)) throw conflict(`这个议题${TOPIC_STATUS_LABELS[from.status]}，不能再合并`);
  if (!MERGE_TARGETS.includes(into.status)) throw conflict(`要并入的议题${TOPIC_STATUS_LABELS[into.status]}，不能并入`);
  if (!resumingAsRead) await markMerged(ctx, from, into, followers);
  let carried = 0;
  for (;;) {
    const page = await supportsToCarry(db, from._id, into._id);
    const rows = page.map((s): CouncilSupportRecord => ({ _id: supportIdOf(into._id, s._id), topicId: into._id, householdId: s._id, userId: s.userId, fromTopicId: from._id, at: s.at }));
    carried += await addEachOnce(db, COLLECTIONS.councilSupports.name, rows);
    if (page.length < MERGE_PAGE) break;
  }
  const at = clock.nowIso();
  await addEachOnce(db, COLLECTIONS.councilFollows.name, toFollow.map((userId) => ({ _id: followIdOf(into._id, userId), topicId: into._id, userId, at })));
  // The count follows the rows, as a support's does (a support counting at the same time writes the same figure).
  const counted = await writeCount(ctx, into, await count(db, COLLECTIONS.councilSupports.name, { topicId: into._id }));
  await recordAudit(db, caller, ctx.requestId, {
    action: 'councils.mergeTopic',
    target: { collection: COLLECTIONS.councilTopics.name, id: from._id },
    before: { status: from.status, supports: from.supports },
    after: { mergedInto: into._id, carried, intoSupports: counted.supports },
    path: from.path,
  });
  const read = await readTopicFor(db, into._id, caller);
  if (!read) throw notFound('这个议题不存在');
  return topicViewOf(db, read.topic, caller, read);
}

/**
 * Stops the duplicate taking supports: one write conditioned on its status as read, carrying the notice to
 * its followers. Lost to another change, it is read again: merged into the same topic meanwhile (the same
 * merge running twice), the merge goes on; anything else is a conflict.
 */
async function markMerged(ctx: MemberContext, from: CouncilTopicRecord, into: CouncilTopicRecord, followers: readonly string[]): Promise<void> {
  const { db } = ctx;
  const now = clock.nowIso();
  const effect = effectOf(ctx.caller, ctx.requestId, { collection: COLLECTIONS.councilTopics.name, id: from._id, path: from.path }, now, {
    messages: [{ to: followers, message: progressMessage(from, 'merged', `您关注的议题与「${into.title}」重复，已合并，支持已一并计入。`) }],
  });
  const res = await db
    .collection(COLLECTIONS.councilTopics.name)
    .where({ _id: from._id, status: from.status })
    .update({ status: 'merged', mergedInto: into._id, updatedAt: now, ...pushEffects(db, [effect]) });
  if ((res as { updated?: number }).updated === 1) return;
  const fresh = await loadTopic(db, from._id);
  if (fresh.status !== 'merged' || fresh.mergedInto !== into._id) throw conflict('这个议题刚刚有了变化，请刷新后再合并');
}

/** Households carried over per aggregate and batch add when a duplicate is merged (the SDK's cap on one read). */
const MERGE_PAGE = 1000;

/**
 * The households that support the duplicate but not the topic it merges into, at most MERGE_PAGE: both
 * topics' support rows grouped by household, keeping those without a row of the other topic.
 */
async function supportsToCarry(db: Db, fromId: string, intoId: string): Promise<{ _id: string; userId: string; at: string }[]> {
  const _ = db.command;
  const $ = _.aggregate;
  const res = await db
    .collection(COLLECTIONS.councilSupports.name)
    .aggregate()
    .match({ topicId: _.in([fromId, intoId]) })
    .group({ _id: '$householdId', topics: $.addToSet('$topicId'), userId: $.first('$userId'), at: $.first('$at') })
    .match({ topics: _.nin([intoId]) })
    .limit(MERGE_PAGE)
    .end();
  return res.data as { _id: string; userId: string; at: string }[];
}

/**
 * Both topics of a merge in one request, with the duplicate's followers (told, at most FOLLOWER_CAP) and
 * those of them who do not follow the other topic yet (they follow it from now on).
 */
async function readForMerge(db: Db, fromId: string, intoId: string): Promise<{ from: CouncilTopicRecord; into: CouncilTopicRecord; followers: string[]; toFollow: string[] }> {
  const _ = db.command;
  const $ = _.aggregate;
  const res = await db
    .collection(COLLECTIONS.councilTopics.name)
    .aggregate()
    .match({ _id: fromId })
    .limit(1)
    .lookup({ from: COLLECTIONS.councilTopics.name, pipeline: $.pipeline().match({ _id: intoId }).limit(1).done(), as: 'into' })
    .lookup({
      from: COLLECTIONS.councilFollows.name,
      pipeline: $.pipeline()
        .match({ topicId: _.in([fromId, intoId]) })
        .group({ _id: '$userId', topics: $.addToSet('$topicId') })
        .match({ topics: fromId })
        .limit(FOLLOWER_CAP)
        .done(),
      as: 'followers',
    })
    .end();
  type Joined = CouncilTopicRecord & { into?: CouncilTopicRecord[]; followers?: { _id: string; topics: string[] }[] };
  const row = (res.data as Joined[])[0];
  const into = row?.into?.[0];
  if (!row || !into) throw notFound('这个议题不存在');
  const { into: _into, followers = [], ...from } = row;
  return { from, into, followers: followers.map((f) => f._id), toFollow: followers.filter((f) => !f.topics.includes(intoId)).map((f) => f._id) };
}

export async function releaseTopic(input: In<'releaseTopic'>, ctx: MemberContext): Promise<Out<'releaseTopic'>> {
  const { db, caller } = ctx;
  const t = await loadTopic(db, input.topicId);
  if (!managesCouncil(caller, t.path)) throw forbidden('只有本村（社区）及以上干部可以放行复核的内容');
  await releaseHeld<CouncilTopicRecord>(ctx, {
    action: 'councils.releaseTopic',
    collection: COLLECTIONS.councilTopics.name,
    id: t._id,
    missing: '这个议题不存在',
    describe: (r) => ({ name: `议题「${r.title}」`, link: topicLink(r._id) }),
    label: (f) => FIELD_LABELS[f] ?? f,
    touch: true,
  });
  return topicViewOf(db, await loadTopic(db, t._id), caller as UserRecord);
}
