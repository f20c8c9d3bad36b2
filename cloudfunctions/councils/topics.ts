import type { CouncilFollowRecord, CouncilSupportRecord, CouncilTopicRecord } from '../../shared/domain/council-records';
import { afterSupport, householdIn, intakeOf, MERGE_TARGETS, MERGEABLE, SUPPORTABLE, TOPIC_STATUS_LABELS } from '../../shared/domain/council-rules';
import type { UserRecord } from '../../shared/domain/records';
import { recordAudit } from '../_lib/audit';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { checkText } from '../_lib/content-check';
import { findById, isDuplicateKey, readAll, type Tx } from '../_lib/db';
import { conflict, forbidden, invalid, notFound } from '../_lib/errors';
import type { ActionContext, MemberContext } from '../_lib/handler';
import { enqueue } from '../_lib/outbox';
import { releaseHeld } from '../_lib/release';
import { runTransaction } from '../_lib/transaction';
import {
  bodyName,
  effectiveItem,
  followersOf,
  followIdOf,
  homeVillageOf,
  isHeld,
  loadCouncil,
  loadSettings,
  loadTopic,
  loadVillage,
  managesCouncil,
  MERGE_BATCH,
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

/** A resident (for their household) or a member body raises a topic under an item of the list. */
export async function raiseTopic(input: In<'raiseTopic'>, ctx: MemberContext): Promise<Out<'raiseTopic'>> {
  const { db, caller } = ctx;
  const village = await loadVillage(db, input.villageId);
  const council = await loadCouncil(db, village._id);
  const byBody = input.bodyKey !== undefined;
  if (byBody) {
    if (!representsBody(caller, council, input.bodyKey!)) throw forbidden('只有该成员单位的代表可以以单位名义提出议题');
  } else if (!householdIn(caller, village._id)) {
    throw forbidden('只有本村（社区）已确认的住户可以提出议题');
  }
  const id = requestIdOf('ct', caller._id, input.requestId);
  const existing = await findById<CouncilTopicRecord>(db, COLLECTIONS.councilTopics.name, id);
  if (existing) return topicViewOf(db, existing, caller);
  const countyId = village.path[0]!;
  const [item, settings] = await Promise.all([effectiveItem(db, countyId, village._id, input.itemCode), loadSettings(db, countyId)]);
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
  try {
    await runTransaction(db, async (tx: Tx) => {
      if (await findById(tx, COLLECTIONS.councilTopics.name, id)) return;
      await tx.collection(COLLECTIONS.councilTopics.name).add(topic);
      const follow: CouncilFollowRecord = { _id: followIdOf(id, caller._id), topicId: id, userId: caller._id, at: now };
      await tx.collection(COLLECTIONS.councilFollows.name).doc(follow._id).set({ topicId: id, userId: caller._id, at: now });
      if (intake.kind !== 'accept') {
        await enqueue(tx, [caller._id], {
          kind: intake.kind === 'forward' ? 'council.topicForwarded' : 'council.topicRefused',
          title: intake.kind === 'forward' ? `您的议题已转交${intake.to}` : '您的议题不在议事范围内',
          body: intake.reason,
          link: topicLink(id),
        });
      }
      if (held.length) {
        await enqueue(tx, [caller._id], {
          kind: 'content.held',
          title: `您填写的${[...new Set(held.map((h) => FIELD_LABELS[h.field] ?? h.field))].join('、')}需要人工复核`,
          body: `原因：${[...new Set(held.map((h) => h.reason))].join('、')}。复核通过前，只有您和村（社区）干部能看到。`,
          link: topicLink(id),
        });
      }
      await recordAudit(tx, caller, ctx.requestId, {
        action: 'councils.raiseTopic',
        target: { collection: COLLECTIONS.councilTopics.name, id },
        before: null,
        after: { title: topic.title, itemCode: topic.itemCode, status: topic.status, byBody: topic.raisedBy.bodyName },
        path: topic.path,
      });
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  return topicViewOf(db, await loadTopic(db, id), caller);
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
  return topicViewOf(ctx.db, await visibleTopic(ctx, input.topicId), ctx.caller);
}

/** Tells a topic's followers where it is now, inside the change's transaction. */
export async function tellFollowers(tx: Tx, followers: readonly string[], t: Pick<CouncilTopicRecord, '_id' | 'title'>, status: CouncilTopicRecord['status'], extra = ''): Promise<void> {
  await enqueue(tx, followers, {
    kind: 'council.topicProgress',
    title: `议题「${t.title.slice(0, 12)}」${TOPIC_STATUS_LABELS[status]}`,
    body: extra || `您关注的议题现在：${TOPIC_STATUS_LABELS[status]}。`,
    link: topicLink(t._id),
  });
}

/** One support per household, counted once: the support's id is the topic and the household. */
export async function support(input: In<'support'>, ctx: MemberContext): Promise<Out<'support'>> {
  const { db, caller } = ctx;
  const t0 = await visibleTopic(ctx, input.topicId);
  const household = householdIn(caller, t0.villageId);
  if (!household) throw forbidden('只有本村（社区）已确认的住户可以支持议题，每户一次');
  if (isHeld(t0)) throw conflict('这个议题正在复核，复核通过后才能支持');
  const followers = await followersOf(db, t0._id);
  const id = supportIdOf(t0._id, household);
  try {
    await runTransaction(db, async (tx: Tx) => {
      const t = await loadTopic(tx, t0._id);
      if (!SUPPORTABLE.includes(t.status)) throw conflict(`这个议题${TOPIC_STATUS_LABELS[t.status]}，不再征集支持`);
      if (await findById(tx, COLLECTIONS.councilSupports.name, id)) throw conflict('您家已经支持过这个议题了，每户只能支持一次');
      const now = clock.nowIso();
      const row: CouncilSupportRecord = { _id: id, topicId: t._id, householdId: household, userId: caller._id, fromTopicId: null, at: now };
      await tx.collection(COLLECTIONS.councilSupports.name).add(row);
      const supports = t.supports + 1;
      const status = afterSupport(t.status, supports, t.threshold);
      await tx.collection(COLLECTIONS.councilTopics.name).doc(t._id).update({ supports: db.command.inc(1), status, updatedAt: now });
      if (status !== t.status) await tellFollowers(tx, followers, t, status, `已有 ${supports} 户支持，达到 ${t.threshold} 户，议题已列入议事会的议事清单。`);
    });
  } catch (err) {
    if (isDuplicateKey(err)) throw conflict('您家已经支持过这个议题了，每户只能支持一次');
    throw err;
  }
  return topicViewOf(db, await loadTopic(db, t0._id), caller);
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
 * A duplicate is merged into another topic of the same village: it stops taking supports, then its
 * households' supports are carried over in batches, each household counted once (a household that
 * supports both keeps one support). Re-running the same merge resumes where it stopped.
 */
export async function mergeTopic(input: In<'mergeTopic'>, ctx: MemberContext): Promise<Out<'mergeTopic'>> {
  const { db, caller } = ctx;
  if (input.topicId === input.intoId) throw invalid('不能合并到自身', [{ path: 'intoId', message: '请选择另一个议题' }]);
  const [from, into] = await Promise.all([loadTopic(db, input.topicId), loadTopic(db, input.intoId)]);
  if (from.villageId !== into.villageId) throw invalid('只能合并同一村（社区）的议题', [{ path: 'intoId', message: '请选择本村（社区）的议题' }]);
  if (!managesCouncil(caller, from.path)) throw forbidden('只有本村（社区）党组织可以合并重复的议题');
  const resuming = from.status === 'merged' && from.mergedInto === into._id;
  if (!resuming && !MERGEABLE.includes(from.status)) throw conflict(`这个议题${TOPIC_STATUS_LABELS[from.status]}，不能再合并`);
  if (!MERGE_TARGETS.includes(into.status)) throw conflict(`要并入的议题${TOPIC_STATUS_LABELS[into.status]}，不能并入`);
  const followers = await followersOf(db, from._id);
  if (!resuming) {
    await runTransaction(db, async (tx: Tx) => {
      const f = await loadTopic(tx, from._id);
      if (!MERGEABLE.includes(f.status)) throw conflict('这个议题刚刚有了变化，请刷新后再合并');
      await tx.collection(COLLECTIONS.councilTopics.name).doc(f._id).update({ status: 'merged', mergedInto: into._id, updatedAt: clock.nowIso() });
      await tellFollowers(tx, followers, f, 'merged', `您关注的议题与「${into.title}」重复，已合并，支持已一并计入。`);
    });
  }
  const supports = await readAll<CouncilSupportRecord>(db, COLLECTIONS.councilSupports.name, { topicId: from._id });
  let carried = 0;
  for (let i = 0; i < supports.length; i += MERGE_BATCH) {
    const batch = supports.slice(i, i + MERGE_BATCH);
    carried += await runTransaction(db, async (tx: Tx) => {
      const t = await loadTopic(tx, into._id);
      let added = 0;
      for (const s of batch) {
        const id = supportIdOf(into._id, s.householdId);
        if (await findById(tx, COLLECTIONS.councilSupports.name, id)) continue;
        const row: CouncilSupportRecord = { _id: id, topicId: into._id, householdId: s.householdId, userId: s.userId, fromTopicId: from._id, at: s.at };
        await tx.collection(COLLECTIONS.councilSupports.name).add(row);
        added++;
      }
      if (added) {
        const status = afterSupport(t.status, t.supports + added, t.threshold);
        await tx.collection(COLLECTIONS.councilTopics.name).doc(t._id).update({ supports: db.command.inc(added), status, updatedAt: clock.nowIso() });
      }
      return added;
    });
  }
  await runTransaction(db, async (tx: Tx) => {
    const t = await loadTopic(tx, into._id);
    for (const userId of followers) {
      await tx.collection(COLLECTIONS.councilFollows.name).doc(followIdOf(into._id, userId)).set({ topicId: into._id, userId, at: clock.nowIso() });
    }
    await recordAudit(tx, caller, ctx.requestId, {
      action: 'councils.mergeTopic',
      target: { collection: COLLECTIONS.councilTopics.name, id: from._id },
      before: { status: from.status, supports: from.supports },
      after: { mergedInto: into._id, carried, intoSupports: t.supports },
      path: from.path,
    });
  });
  return topicViewOf(db, await loadTopic(db, into._id), caller);
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
