import type { Db } from '@cloudbase/database';
import type { z } from 'zod';
import type { councilView, decisionView, meetingSummary, meetingView, topicSummary, topicView, voteView } from '../../shared/contracts/councils';
import { chinaDate } from '../../shared/domain/china-time';
import type { CouncilDecisionRecord, CouncilMeetingRecord, CouncilRecord, CouncilTopicRecord, CouncilTurnRecord, CouncilVoteRecord, CouncilVoterRecord } from '../../shared/domain/council-records';
import { BODY_KIND_LABELS, DECISION_RULE_LABELS, householdIn, isOverdue, TOPIC_STATUS_LABELS, VOTE_OUTCOME_LABELS, voterKeyOf } from '../../shared/domain/council-rules';
import { upcoming } from '../../shared/domain/council-rotation';
import { dueBody } from '../../shared/domain/council-rotation';
import { HELD_PLACEHOLDER } from '../../shared/domain/moderation';
import { publicName } from '../../shared/domain/names';
import type { UserRecord } from '../../shared/domain/records';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { findById, readByIds } from '../_lib/db';
import {
  bodiesOf,
  bodyName,
  followIdOf,
  isHeld,
  managesCouncil,
  ratingIdOf,
  representsBody,
  seesHeldTopic,
  supportIdOf,
  voterIdOf,
} from './store';
import { SUPPORTABLE, MERGEABLE } from '../../shared/domain/council-rules';
import type { CouncilHonourRecord, CouncilNominationRecord, CouncilRatingRecord } from '../../shared/domain/council-records';

const isHeldNomination = (n: CouncilNominationRecord) => (n.moderation?.held.length ?? 0) > 0;

type View<S extends z.ZodTypeAny> = z.infer<S>;

/** Names of people as the public reads them: surname with 女士 / 先生. */
async function publicNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const users = await readByIds<UserRecord>(db, COLLECTIONS.users.name, [...new Set(ids)]);
  return new Map(users.map((u) => [u._id, publicName(u.name, u.gender)]));
}

export function meetingSummaryOf(m: CouncilMeetingRecord): View<typeof meetingSummary> {
  return { id: m._id, chairKey: m.chairKey, chairName: m.chairName, date: m.date, time: m.time, place: m.place, status: m.status, topicCount: m.topicIds.length };
}

export async function councilViewOf(db: Db, c: CouncilRecord, viewer: UserRecord | null): Promise<View<typeof councilView>> {
  const names = await publicNames(db, c.bodies.flatMap((b) => b.representativeIds));
  const [turns, meetings] = await Promise.all([
    db.collection(COLLECTIONS.councilTurns.name).where({ councilId: c._id }).orderBy('seq', 'desc').limit(30).get(),
    db.collection(COLLECTIONS.councilMeetings.name).where({ councilId: c._id }).orderBy('createdAt', 'desc').limit(10).get(),
  ]);
  const due = dueBody(c.order, c.rotation);
  return {
    id: c._id,
    villageId: c.villageId,
    villageName: c.villageName,
    name: c.name,
    secretaryName: publicName(c.secretaryName, null).replace('**', '书记'),
    bodies: c.bodies.map((b) => ({
      key: b.key,
      kind: b.kind,
      kindLabel: BODY_KIND_LABELS[b.kind],
      name: b.name,
      representatives: b.representativeIds.map((id) => ({ id, name: names.get(id) ?? '代表' })),
    })),
    order: c.order,
    due: due ? { key: due, name: bodyName(c, due) } : null,
    upcoming: upcoming(c.order, c.rotation).map((k) => ({ key: k, name: bodyName(c, k), owed: c.rotation.owed.includes(k) })),
    passedNow: c.rotation.passedNow.map((k) => ({ key: k, name: bodyName(c, k) })),
    turns: (turns.data as CouncilTurnRecord[]).map((t) => ({ seq: t.seq, bodyKey: t.bodyKey, bodyName: t.bodyName, kind: t.kind, meetingId: t.meetingId, reason: t.reason, at: t.at })),
    meetings: (meetings.data as CouncilMeetingRecord[]).map(meetingSummaryOf),
    mine: { bodyKeys: bodiesOf(viewer, c), manages: managesCouncil(viewer, c.path) },
  };
}

export function topicSummaryOf(t: CouncilTopicRecord, viewer: UserRecord | null): View<typeof topicSummary> {
  const hidden = isHeld(t) && !seesHeldTopic(viewer, t);
  return {
    id: t._id,
    title: hidden ? HELD_PLACEHOLDER : t.title,
    itemTitle: t.itemTitle,
    status: t.status,
    statusLabel: TOPIC_STATUS_LABELS[t.status],
    raisedByName: t.raisedBy.kind === 'body' ? (t.raisedBy.bodyName ?? '成员单位') : publicName(t.raisedBy.name, t.raisedBy.gender),
    byBody: t.raisedBy.kind === 'body',
    supports: t.supports,
    threshold: t.threshold,
    createdAt: t.createdAt,
  };
}

/** What a topic's view needs about its viewer: read with the topic (`readTopicFor`) or known from the write. */
export interface TopicFacts {
  supported: boolean;
  following: boolean;
  meeting: CouncilMeetingRecord | null;
}

export async function topicViewOf(db: Db, t: CouncilTopicRecord, viewer: UserRecord | null, known?: TopicFacts): Promise<View<typeof topicView>> {
  const household = viewer ? householdIn(viewer, t.villageId) : null;
  const [support, follow, meeting] = known
    ? [known.supported, known.following, known.meeting]
    : await Promise.all([
        household ? findById(db, COLLECTIONS.councilSupports.name, supportIdOf(t._id, household)) : null,
        viewer ? findById(db, COLLECTIONS.councilFollows.name, followIdOf(t._id, viewer._id)) : null,
        t.meetingId ? findById<CouncilMeetingRecord>(db, COLLECTIONS.councilMeetings.name, t.meetingId) : null,
      ]);
  const held = isHeld(t);
  const seesHeld = seesHeldTopic(viewer, t);
  return {
    ...topicSummaryOf(t, viewer),
    content: held && !seesHeld ? HELD_PLACEHOLDER : t.content,
    rule: t.rule,
    ruleLabel: DECISION_RULE_LABELS[t.rule],
    refusal: t.refusal,
    forwardTo: t.forwardTo,
    mergedInto: t.mergedInto,
    meeting: meeting ? meetingSummaryOf(meeting) : null,
    voteId: t.voteId,
    decisionId: t.decisionId,
    supported: !!support,
    canSupport: !!household && !support && !held && SUPPORTABLE.includes(t.status),
    following: !!follow,
    mayMerge: managesCouncil(viewer, t.path) && MERGEABLE.includes(t.status),
    mayRelease: held && managesCouncil(viewer, t.path) && t.moderation!.held.some((h) => h.authorId !== viewer!._id),
    ...(held && seesHeld ? { held: t.moderation!.held.map((h) => ({ field: h.field, reason: h.reason })) } : {}),
  };
}

/** `known`: the meeting's topics as the action wrote them, when it has them (not read again). */
export async function meetingViewOf(db: Db, m: CouncilMeetingRecord, c: CouncilRecord, viewer: UserRecord | null, known?: readonly CouncilTopicRecord[]): Promise<View<typeof meetingView>> {
  const topics = known ?? (await readByIds<CouncilTopicRecord>(db, COLLECTIONS.councilTopics.name, m.topicIds));
  const byId = new Map(topics.map((t) => [t._id, t]));
  const names = await publicNames(db, c.bodies.flatMap((b) => b.representativeIds));
  const chairs = !!viewer && representsBody(viewer, c, m.chairKey);
  return {
    ...meetingSummaryOf(m),
    villageId: m.villageId,
    topics: m.topicIds
      .map((id) => byId.get(id))
      .filter((t): t is CouncilTopicRecord => !!t)
      .map((t) => ({ ...topicSummaryOf(t, viewer), rule: t.rule, ruleLabel: DECISION_RULE_LABELS[t.rule], voteId: t.voteId, decisionId: t.decisionId })),
    attendance: c.bodies.map((b) => ({
      bodyKey: b.key,
      bodyName: b.name,
      members: b.representativeIds.map((id) => ({ id, name: names.get(id) ?? '代表', present: !!m.attendance?.[b.key]?.includes(id) })),
    })),
    attendanceRecorded: m.attendance !== null,
    minutes: m.minutes.map((e) => ({ topicId: e.topicId, options: e.options, opinions: e.opinions, summary: e.summary })),
    chairs,
  };
}

export async function voteViewOf(db: Db, v: CouncilVoteRecord, c: CouncilRecord | null, viewer: UserRecord | null, chairKey: string | null): Promise<View<typeof voteView>> {
  const key = viewer ? voterKeyOf(v, viewer) : null;
  const mine = key ? await findById<CouncilVoterRecord>(db, COLLECTIONS.councilVoters.name, voterIdOf(v._id, key)) : null;
  let voters: { name: string; choice: CouncilVoterRecord['choice'] }[] = [];
  if (v.kind === 'representatives') {
    const rows = (await db.collection(COLLECTIONS.councilVoters.name).where({ voteId: v._id }).orderBy('_id', 'asc').limit(600).get()).data as CouncilVoterRecord[];
    const names = await publicNames(db, rows.map((r) => r.userId));
    voters = rows.map((r) => ({ name: names.get(r.userId) ?? '代表', choice: v.secret ? null : r.choice }));
  }
  let candidates: { id: string; name: string; reason: string; votes: number | null; honoured: boolean }[] = [];
  if (v.subject.kind === 'honour') {
    const [noms, honour] = await Promise.all([
      readByIds<CouncilNominationRecord>(db, COLLECTIONS.councilNominations.name, v.candidates ?? []),
      findById<CouncilHonourRecord>(db, COLLECTIONS.councilHonours.name, v.subject.id),
    ]);
    const byId = new Map(noms.map((n) => [n._id, n]));
    candidates = (v.candidates ?? []).map((id) => {
      const n = byId.get(id);
      return { id, name: n ? publicName(n.nomineeName, n.nomineeGender) : '候选人', reason: n && !isHeldNomination(n) ? n.reason : HELD_PLACEHOLDER, votes: v.candidateCounts?.[id] ?? null, honoured: !!honour?.winners.includes(id) };
    });
  }
  const now = clock.nowIso();
  const mayClose =
    v.status === 'open' &&
    !!viewer &&
    ((v.kind === 'representatives' && !!c && !!chairKey && representsBody(viewer, c, chairKey)) ||
      (v.kind === 'households' && now >= v.closesAt && (managesCouncil(viewer, v.path) || (!!c && !!chairKey && representsBody(viewer, c, chairKey)))));
  return {
    id: v._id,
    kind: v.kind,
    subject: v.subject,
    topicId: v.topicId,
    question: v.question,
    secret: v.secret,
    status: v.status,
    electorateSize: v.electorateSize,
    cast: v.cast,
    quorum: v.quorum,
    majority: v.majority,
    closesAt: v.closesAt,
    canVote: !!key && v.status === 'open' && !mine && now < v.closesAt,
    voted: !!mine,
    myChoice: v.secret ? null : (mine?.choice ?? null),
    candidates,
    result: v.result
      ? { agree: v.result.agree, disagree: v.result.disagree, abstain: v.result.abstain, cast: v.result.cast, outcome: v.result.outcome, outcomeLabel: VOTE_OUTCOME_LABELS[v.result.outcome], closedAt: v.result.closedAt }
      : null,
    voters,
    mayClose,
  };
}

/** `mine`: the viewer's household's rating when the caller knows it (it has just been written). */
export async function decisionViewOf(db: Db, d: CouncilDecisionRecord, c: CouncilRecord | null, viewer: UserRecord | null, mine?: { stars: number } | null): Promise<View<typeof decisionView>> {
  const today = chinaDate(clock.now());
  const household = viewer ? householdIn(viewer, d.villageId) : null;
  if (mine === undefined) mine = household ? await findById<CouncilRatingRecord>(db, COLLECTIONS.councilRatings.name, ratingIdOf(d._id, household)) : null;
  const manages = managesCouncil(viewer, d.path);
  const progress = d.steps.length ? Math.round(d.steps.reduce((s, x) => s + x.progress, 0) / d.steps.length) : 0;
  return {
    id: d._id,
    topicId: d.topicId,
    topicTitle: d.topicTitle,
    rule: d.rule,
    ruleLabel: DECISION_RULE_LABELS[d.rule],
    text: d.text,
    voteId: d.voteId,
    responsibleName: d.responsibleName,
    steps: d.steps.map((s) => ({ id: s.id, title: s.title, dueDate: s.dueDate, progress: s.progress, note: s.note, done: !!s.doneAt, overdue: isOverdue(s, today) })),
    status: d.status,
    progress,
    decidedAt: d.decidedAt,
    rating: { count: d.ratingCount, average: d.ratingCount ? Math.round((d.ratingSum / d.ratingCount) * 10) / 10 : null, mine: mine?.stars ?? null, canRate: d.status === 'done' && !!household && !mine },
    mayPlan: d.status !== 'done' && !!viewer && (manages || (!!c && !!d.chairKey && representsBody(viewer, c, d.chairKey))),
    mayReport: d.status === 'in-progress' && !!viewer && (manages || (!!c && !!d.responsibleKey && representsBody(viewer, c, d.responsibleKey))),
  };
}
