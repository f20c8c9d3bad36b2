import { randomBytes } from 'node:crypto';
import type { Db } from '@cloudbase/database';
import type { CouncilBallotRecord, CouncilHonouredRecord, CouncilMeetingRecord, CouncilNominationRecord, CouncilRecord, CouncilTopicRecord, CouncilVoteRecord, CouncilVoterRecord } from '../../shared/domain/council-records';
import { honourWinners, outcomeOf, VOTE_CHOICES, VOTE_OUTCOME_LABELS, voterKeyOf, type Tally, type VoteOutcome } from '../../shared/domain/council-rules';
import type { UserRecord } from '../../shared/domain/records';
import { recordAudit } from '../_lib/audit';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { findById, isDuplicateKey, readAll, type Tx } from '../_lib/db';
import { enqueue, enqueueAudience } from '../_lib/outbox';
import { conflict, forbidden, invalid, notFound } from '../_lib/errors';
import { carrying, effectOf, pushEffects } from '../_lib/effects';
import type { ActionContext, MemberContext } from '../_lib/handler';
import { runTransaction } from '../_lib/transaction';
import { newDecision } from './meetings';
import { findCouncil, followersOf, honouredIdOf, honourLink, loadCovenant, loadHonour, loadTopic, loadVote, managesCouncil, once, representsBody, SYSTEM_ACTOR, voterIdOf } from './store';
import { progressMessage } from './topics';
import type { In, Out } from './types';
import { voteViewOf } from './views';

async function chairKeyOf(db: Db, v: CouncilVoteRecord): Promise<string | null> {
  if (!v.meetingId) return null;
  return (await findById<CouncilMeetingRecord>(db, COLLECTIONS.councilMeetings.name, v.meetingId))?.chairKey ?? null;
}

async function voteOut(ctx: ActionContext, id: string): Promise<Out<'vote'>> {
  const v = await loadVote(ctx.db, id);
  return voteViewOf(ctx.db, v, await findCouncil(ctx.db, v.villageId), ctx.caller, await chairKeyOf(ctx.db, v));
}

export async function getVote(input: In<'vote'>, ctx: ActionContext): Promise<Out<'vote'>> {
  return voteOut(ctx, input.voteId);
}

/**
 * One ballot per voter (a representative, or a household): the voter row's id is the vote and the voter,
 * so a second ballot cannot be stored; the choice goes into a separate ballot row with a random id, and
 * for a secret vote the voter row keeps no choice — nobody can tie a choice to a voter. The ballot's
 * transaction also counts it on the vote, so a vote closed meanwhile refuses it.
 */
export async function castVote(input: In<'castVote'>, ctx: MemberContext): Promise<Out<'castVote'>> {
  const { db, caller } = ctx;
  const v0 = await loadVote(db, input.voteId);
  const honour = v0.subject.kind === 'honour';
  if (honour ? !input.candidateId || !(v0.candidates ?? []).includes(input.candidateId) : !input.choice) {
    throw invalid(honour ? '请在候选人中选一位' : '请选择同意、不同意或弃权', [{ path: honour ? 'candidateId' : 'choice', message: honour ? '不是这次评选的候选人' : '请选择一项' }]);
  }
  const choice = (honour ? input.candidateId : input.choice)!;
  const voterKey = voterKeyOf(v0, caller);
  if (!voterKey) throw forbidden(v0.kind === 'representatives' ? '只有议事会代表可以参加这次表决' : '只有本村（社区）已确认的住户可以投票，每户一票');
  const voterId = voterIdOf(v0._id, voterKey);
  const already = v0.kind === 'households' ? '您家已经投过票了，每户只能投一票' : '您已经投过票了';
  try {
    await runTransaction(db, async (tx: Tx) => {
      const v = await loadVote(tx, v0._id);
      const now = clock.nowIso();
      if (v.status !== 'open' || now >= v.closesAt) throw conflict('投票已经结束，结果不能再改变');
      if (await findById(tx, COLLECTIONS.councilVoters.name, voterId)) throw conflict(already);
      const voter: CouncilVoterRecord = { _id: voterId, voteId: v._id, voterKey, userId: caller._id, choice: v.secret ? null : choice, at: now };
      const ballot: CouncilBallotRecord = { _id: `cb${randomBytes(12).toString('hex')}`, voteId: v._id, choice };
      await tx.collection(COLLECTIONS.councilVoters.name).add(voter);
      await tx.collection(COLLECTIONS.councilBallots.name).add(ballot);
      await tx.collection(COLLECTIONS.councilVotes.name).doc(v._id).update({ cast: db.command.inc(1) });
    });
  } catch (err) {
    if (isDuplicateKey(err)) throw conflict(already);
    throw err;
  }
  return voteOut(ctx, v0._id);
}

/**
 * A closed vote's ballots counted by choice on the server, in one request however many there are: the
 * choices of a topic's or a covenant's vote, or the candidates of an honour's.
 */
export async function ballotsByChoice(db: Db, voteId: string): Promise<Map<string, number>> {
  const $ = db.command.aggregate;
  const res = await db.collection(COLLECTIONS.councilBallots.name).aggregate().match({ voteId }).group({ _id: '$choice', n: $.sum(1) }).limit(BALLOT_CHOICE_CAP).end();
  return new Map((res.data as { _id: string; n: number }[]).map((g) => [g._id, g.n]));
}

/** Choices a vote's ballots hold at most: agree / disagree / abstain, or an honour's candidates. */
const BALLOT_CHOICE_CAP = 1000;

/** What closing a vote needs besides the vote, when the caller read it already (closeVote reads them with the vote). */
export interface VoteFacts {
  vote: CouncilVoteRecord;
  meeting: CouncilMeetingRecord | null;
  topic: CouncilTopicRecord | null;
}

/**
 * Closes a vote, final, without a transaction and in a number of requests that does not grow with its
 * ballots. First the vote stops taking ballots: one write conditioned on its being open (a ballot still in
 * flight then conflicts in its own transaction and is refused). Then the ballots are counted on the server
 * (one aggregate), what the result changes is settled by writes that each take effect once (the decision
 * added under its id from the topic, the topic moved on only from 投票中, the covenant only from its vote),
 * carrying the notices and the audit entry, and last the result is written where none is yet. A close
 * that stopped midway is finished by the next close or the councils timer (a closed vote without a result):
 * what was settled stays as it is, the rest is done.
 */
export async function finaliseVote(db: Db, voteId: string, actor: Pick<UserRecord, '_id' | 'name'>, requestId: string, known?: VoteFacts): Promise<CouncilVoteRecord> {
  const v = known?.vote ?? (await loadVote(db, voteId));
  if (v.result) return v;
  if (v.status === 'open') await db.collection(COLLECTIONS.councilVotes.name).where({ _id: v._id, status: 'open' }).update({ status: 'closed' });
  const counts = await ballotsByChoice(db, voteId);
  const candidateCounts = v.subject.kind === 'honour' ? Object.fromEntries((v.candidates ?? []).map((c) => [c, counts.get(c) ?? 0])) : null;
  const tally: Tally = candidateCounts
    ? { agree: 0, disagree: 0, abstain: 0, cast: Object.values(candidateCounts).reduce((s, n) => s + n, 0) }
    : { agree: counts.get('agree') ?? 0, disagree: counts.get('disagree') ?? 0, abstain: counts.get('abstain') ?? 0, cast: VOTE_CHOICES.reduce((s, c) => s + (counts.get(c) ?? 0), 0) };
  const outcome = candidateCounts ? (tally.cast >= Math.ceil(v.quorum * v.electorateSize - 1e-9) && tally.cast > 0 ? 'adopted' : 'no-quorum') : outcomeOf(tally, v.electorateSize, v.quorum, v.majority);
  const now = clock.nowIso();
  const result = { ...tally, outcome, closedAt: now, closedById: actor._id };
  const audit = {
    action: 'councils.closeVote',
    before: { status: 'open', cast: tally.cast },
    after: { ...tally, ...(candidateCounts ? { candidateCounts } : {}), outcome, electorateSize: v.electorateSize, quorum: v.quorum, majority: v.majority },
  };
  const closed = { ...v, status: 'closed' as const, cast: tally.cast };
  if (v.subject.kind === 'honour') await settleHonour(db, closed, result, candidateCounts!, actor, requestId, audit);
  else {
    if (v.subject.kind === 'covenant') await settleCovenant(db, closed, outcome, tally, actor, requestId, audit, now);
    else await settleTopic(db, closed, outcome, tally, actor, requestId, audit, now, known);
    await db.collection(COLLECTIONS.councilVotes.name).where({ _id: v._id, result: null }).update({ result });
  }
  return { ...closed, result, ...(candidateCounts ? { candidateCounts } : {}) };
}

type CloseAudit = { action: string; before: unknown; after: unknown };

const resultWords = (v: CouncilVoteRecord, tally: Tally, outcome: VoteOutcome) =>
  `同意 ${tally.agree}、不同意 ${tally.disagree}、弃权 ${tally.abstain}，共 ${tally.cast} 票（应投 ${v.electorateSize}）：${VOTE_OUTCOME_LABELS[outcome]}。`;

/**
 * A topic's vote settled: adopted, the decision is added under its id from the topic, carrying the
 * followers' notice and the close's audit entry, and the topic moves on from 投票中 to 已决定; not adopted,
 * the topic's own write (from 投票中) carries them. Requests: the followers, the add, the topic's write
 * (+ the topic and the meeting when the caller has not read them).
 */
async function settleTopic(db: Db, v: CouncilVoteRecord, outcome: VoteOutcome, tally: Tally, actor: Pick<UserRecord, '_id' | 'name'>, requestId: string, audit: CloseAudit, now: string, known?: VoteFacts): Promise<void> {
  const t = known?.topic ?? (await loadTopic(db, v.topicId!));
  const followers = await followersOf(db, t._id);
  const effect = effectOf(actor, requestId, { collection: COLLECTIONS.councilVotes.name, id: v._id, path: v.path }, now, {
    messages: [{ to: followers, message: progressMessage(t, outcome === 'adopted' ? 'decided' : 'rejected', resultWords(v, tally, outcome)) }],
    audit,
  });
  const topics = db.collection(COLLECTIONS.councilTopics.name).where({ _id: t._id, status: 'voting' });
  if (outcome !== 'adopted') {
    await topics.update({ status: 'rejected', updatedAt: now, ...pushEffects(db, [effect]) });
    return;
  }
  const meeting = known ? known.meeting : v.meetingId ? await findById<CouncilMeetingRecord>(db, COLLECTIONS.councilMeetings.name, v.meetingId) : null;
  const d = newDecision(t, meeting, v.question, v._id, now);
  await once(() => db.collection(COLLECTIONS.councilDecisions.name).add({ ...d, ...carrying([effect]) }));
  await topics.update({ status: 'decided', decisionId: d._id, updatedAt: now });
}

/**
 * A covenant's vote settled: adopted, the version in force is superseded and this one adopted, and the
 * village's households told (a fan-out under an id from the version); not adopted, it is marked so. Each
 * write changes only what is still as the vote left it; the audit entry's id is the vote's, so a close
 * finished later writes it once.
 */
async function settleCovenant(db: Db, v: CouncilVoteRecord, outcome: VoteOutcome, tally: Tally, actor: Pick<UserRecord, '_id' | 'name'>, requestId: string, audit: CloseAudit, now: string): Promise<void> {
  const _ = db.command;
  const c = await loadCovenant(db, v.subject.id);
  const covenants = db.collection(COLLECTIONS.councilCovenants.name);
  if (outcome === 'adopted') {
    await covenants.where({ villageId: c.villageId, status: 'adopted', _id: _.neq(c._id) }).update({ status: 'superseded' });
    await covenants.where({ _id: c._id, status: 'voting' }).update({ status: 'adopted', adoptedAt: now });
    await once(() =>
      enqueueAudience(db, `fo-adopt-${c._id}`, { kind: 'village-households', villageId: c.villageId }, {
        kind: 'council.covenantAdopted',
        title: `居民公约第 ${c.version} 版通过`,
        body: `${resultWords(v, tally, outcome)}请各户阅读并确认。`,
        link: { page: 'council-covenant', id: c.villageId },
      }),
    );
  } else {
    await covenants.where({ _id: c._id, status: 'voting' }).update({ status: 'rejected' });
  }
  await once(() => recordAudit(db, actor, requestId, { ...audit, id: `${v._id}-closed`, target: { collection: COLLECTIONS.councilVotes.name, id: v._id }, path: v.path }));
}

/**
 * An honour's vote settled in one transaction with its result: the round done with its winners, each
 * winner's honour recorded and told (the seats of a round: a few). A second close finds the result.
 */
async function settleHonour(db: Db, v: CouncilVoteRecord, result: NonNullable<CouncilVoteRecord['result']>, candidateCounts: Record<string, number>, actor: Pick<UserRecord, '_id' | 'name'>, requestId: string, audit: CloseAudit): Promise<void> {
  const nominations = await readAll<CouncilNominationRecord>(db, COLLECTIONS.councilNominations.name, { honourId: v.subject.id });
  await runTransaction(db, async (tx: Tx) => {
    const fresh = await loadVote(tx, v._id);
    if (fresh.result) return;
    const now = result.closedAt;
    await tx.collection(COLLECTIONS.councilVotes.name).doc(v._id).update({ result, candidateCounts });
    const h = await loadHonour(tx, fresh.subject.id);
    const standing = nominations.filter((n) => (fresh.candidates ?? []).includes(n._id));
    const winners = result.outcome === 'adopted' ? honourWinners(standing.map((n) => ({ id: n._id, votes: candidateCounts[n._id] ?? 0, nominatedAt: n.createdAt })), h.seats, h.tieRule) : [];
    await tx.collection(COLLECTIONS.councilHonours.name).doc(h._id).update({ status: 'done', winners, updatedAt: now });
    for (const id of winners) {
      const n = standing.find((x) => x._id === id)!;
      const row: CouncilHonouredRecord = { _id: honouredIdOf(h._id, n.nomineeId), honourId: h._id, userId: n.nomineeId, title: h.title, year: h.year, villageName: h.villageName, votes: candidateCounts[id] ?? 0, at: now };
      await tx.collection(COLLECTIONS.councilHonoured.name).add(row);
      await enqueue(tx, [n.nomineeId], { kind: 'council.honoured', title: `您被评为${h.year}年度${h.title}`, body: `${h.villageName}各户投票评出，共得 ${row.votes} 票。荣誉会显示在“我的”页面。`, link: honourLink(h._id) });
    }
    await recordAudit(tx, actor, requestId, { ...audit, target: { collection: COLLECTIONS.councilVotes.name, id: v._id }, path: fresh.path });
  });
}

/**
 * The chair closes a representatives' vote; a household vote is closed only once its days have run out.
 * A chair's duty, counted in the cadre budget (the chair acts as the council's officer).
 * Requests: the caller, the vote with its council, meeting and topic (one aggregate), the close
 * (`finaliseVote`: the write, the count, the followers, the settling writes, the result), the answer's
 * ballot of the caller (and a representatives' vote's voters with their names).
 */
export async function closeVote(input: In<'closeVote'>, ctx: MemberContext): Promise<Out<'closeVote'>> {
  const { db, caller } = ctx;
  const { vote: v, council: c, meeting, topic } = await readForClose(db, input.voteId);
  if (v.status === 'closed' && v.result) throw conflict('这次表决已经结束，结果不能再改变');
  const chairKey = meeting?.chairKey ?? null;
  const chairs = !!c && !!chairKey && representsBody(caller, c, chairKey);
  if (v.kind === 'representatives' && !chairs) throw forbidden('只有本次会议的轮值主持单位可以结束表决');
  if (v.kind === 'households') {
    if (!chairs && !managesCouncil(caller, v.path)) throw forbidden('只有主持单位或本村（社区）党组织可以结束投票');
    if (clock.nowIso() < v.closesAt) throw conflict('户代表投票还没到截止时间，不能提前结束');
  }
  const closed = await finaliseVote(db, v._id, caller, ctx.requestId, { vote: v, meeting, topic });
  return voteViewOf(db, closed, c, caller, chairKey);
}

/** A vote with its council, its meeting and its topic, in one request (each joined by its id). */
async function readForClose(db: Db, voteId: string): Promise<{ vote: CouncilVoteRecord; council: CouncilRecord | null; meeting: CouncilMeetingRecord | null; topic: CouncilTopicRecord | null }> {
  const res = await db
    .collection(COLLECTIONS.councilVotes.name)
    .aggregate()
    .match({ _id: voteId })
    .limit(1)
    .lookup({ from: COLLECTIONS.councils.name, localField: 'councilId', foreignField: '_id', as: 'council' })
    .lookup({ from: COLLECTIONS.councilMeetings.name, localField: 'meetingId', foreignField: '_id', as: 'meeting' })
    .lookup({ from: COLLECTIONS.councilTopics.name, localField: 'topicId', foreignField: '_id', as: 'topic' })
    .end();
  type Joined = CouncilVoteRecord & { council?: CouncilRecord[]; meeting?: CouncilMeetingRecord[]; topic?: CouncilTopicRecord[] };
  const row = (res.data as Joined[])[0];
  if (!row) throw notFound('这次表决不存在');
  const { council, meeting, topic, ...vote } = row;
  // A lookup by a null id finds nothing in the cloud; the local engine may match records without the field.
  return { vote, council: council?.[0] ?? null, meeting: vote.meetingId ? (meeting?.find((m) => m._id === vote.meetingId) ?? null) : null, topic: vote.topicId ? (topic?.find((t) => t._id === vote.topicId) ?? null) : null };
}

/** Household (and forgotten representatives') votes whose time ran out, closed by the timer. */
export async function closeDueVotes(db: Db, requestId: string, limit = 50): Promise<number> {
  const _ = db.command;
  const due = await db.collection(COLLECTIONS.councilVotes.name).where({ status: 'open', closesAt: _.lte(clock.nowIso()) }).orderBy('closesAt', 'asc').limit(limit).get();
  let closed = 0;
  for (const v of due.data as CouncilVoteRecord[]) {
    await finaliseVote(db, v._id, SYSTEM_ACTOR, requestId);
    closed++;
  }
  // A vote closed but not yet counted (a run stopped between the two steps) is finished here too.
  const half = await db.collection(COLLECTIONS.councilVotes.name).where({ status: 'closed', result: null }).limit(limit).get();
  for (const v of half.data as CouncilVoteRecord[]) await finaliseVote(db, v._id, SYSTEM_ACTOR, requestId);
  return closed;
}
