import { randomBytes } from 'node:crypto';
import type { Db } from '@cloudbase/database';
import type { CouncilBallotRecord, CouncilHonouredRecord, CouncilMeetingRecord, CouncilNominationRecord, CouncilVoteRecord, CouncilVoterRecord } from '../../shared/domain/council-records';
import { honourWinners, outcomeOf, VOTE_CHOICES, VOTE_OUTCOME_LABELS, voterKeyOf, type Tally, type VoteOutcome } from '../../shared/domain/council-rules';
import type { UserRecord } from '../../shared/domain/records';
import { recordAudit } from '../_lib/audit';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { count, findById, isDuplicateKey, readAll, type Tx } from '../_lib/db';
import { enqueue, enqueueAudience } from '../_lib/outbox';
import { conflict, forbidden, invalid } from '../_lib/errors';
import type { ActionContext, MemberContext } from '../_lib/handler';
import { runTransaction } from '../_lib/transaction';
import { newDecision } from './meetings';
import { currentCovenant, findCouncil, followersOf, honouredIdOf, honourLink, loadCovenant, loadHonour, loadTopic, loadVote, managesCouncil, representsBody, SYSTEM_ACTOR, voterIdOf } from './store';
import { tellFollowers } from './topics';
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

/** The count of a closed vote from its ballots alone: one count per choice over `councilBallots`. */
export async function countBallots(db: Db, voteId: string): Promise<Tally> {
  const [agree, disagree, abstain] = await Promise.all(VOTE_CHOICES.map((choice) => count(db, COLLECTIONS.councilBallots.name, { voteId, choice })));
  return { agree: agree!, disagree: disagree!, abstain: abstain!, cast: agree! + disagree! + abstain! };
}

/** Ballots per candidate of an honour's vote, from the ballots alone. */
export async function countCandidates(db: Db, voteId: string, candidates: readonly string[]): Promise<Record<string, number>> {
  const counts = await Promise.all(candidates.map((choice) => count(db, COLLECTIONS.councilBallots.name, { voteId, choice })));
  return Object.fromEntries(candidates.map((c, i) => [c, counts[i]!]));
}

/**
 * Closes a vote, final: first the vote stops taking ballots (any ballot still in flight then conflicts
 * and is refused), then the ballots are counted and the result written once with what follows from it
 * (the topic decided or rejected, the covenant adopted, the honoured named) and its audit entry. A
 * second close (or an overlapping timer run) finds the result and changes nothing.
 */
export async function finaliseVote(db: Db, voteId: string, actor: Pick<UserRecord, '_id' | 'name'>, requestId: string): Promise<void> {
  await runTransaction(db, async (tx: Tx) => {
    const v = await loadVote(tx, voteId);
    if (v.status === 'open') await tx.collection(COLLECTIONS.councilVotes.name).doc(v._id).update({ status: 'closed' });
  });
  const v = await loadVote(db, voteId);
  if (v.result) return;
  const candidateCounts = v.subject.kind === 'honour' ? await countCandidates(db, voteId, v.candidates ?? []) : null;
  const tally = candidateCounts ? { agree: 0, disagree: 0, abstain: 0, cast: Object.values(candidateCounts).reduce((s, n) => s + n, 0) } : await countBallots(db, voteId);
  if (tally.cast !== v.cast) throw new Error(`vote ${voteId}: ${tally.cast} ballots but ${v.cast} counted`);
  const outcome = candidateCounts ? (tally.cast >= Math.ceil(v.quorum * v.electorateSize - 1e-9) && tally.cast > 0 ? 'adopted' : 'no-quorum') : outcomeOf(tally, v.electorateSize, v.quorum, v.majority);
  const settle = await settlerFor(db, v, tally, outcome, candidateCounts);
  await runTransaction(db, async (tx: Tx) => {
    const fresh = await loadVote(tx, voteId);
    if (fresh.result) return;
    const now = clock.nowIso();
    const result = { ...tally, outcome, closedAt: now, closedById: actor._id };
    await tx.collection(COLLECTIONS.councilVotes.name).doc(voteId).update(candidateCounts ? { result, candidateCounts } : { result });
    await settle(tx, fresh, now);
    await recordAudit(tx, actor, requestId, {
      action: 'councils.closeVote',
      target: { collection: COLLECTIONS.councilVotes.name, id: voteId },
      before: { status: 'open', cast: fresh.cast },
      after: { ...tally, ...(candidateCounts ? { candidateCounts } : {}), outcome, electorateSize: fresh.electorateSize, quorum: fresh.quorum, majority: fresh.majority },
      path: fresh.path,
    });
  });
}

type Settle = (tx: Tx, v: CouncilVoteRecord, now: string) => Promise<void>;

/** What a closed vote's result changes, read before its transaction and written inside it. */
async function settlerFor(db: Db, v: CouncilVoteRecord, tally: Tally, outcome: VoteOutcome, candidateCounts: Record<string, number> | null): Promise<Settle> {
  const words = `同意 ${tally.agree}、不同意 ${tally.disagree}、弃权 ${tally.abstain}，共 ${tally.cast} 票（应投 ${v.electorateSize}）：${VOTE_OUTCOME_LABELS[outcome]}。`;
  if (v.subject.kind === 'covenant') {
    const current = await currentCovenant(db, v.villageId);
    return async (tx, fresh, now) => {
      const c = await loadCovenant(tx, fresh.subject.id);
      if (outcome === 'adopted') {
        if (current && current._id !== c._id) await tx.collection(COLLECTIONS.councilCovenants.name).doc(current._id).update({ status: 'superseded' });
        await tx.collection(COLLECTIONS.councilCovenants.name).doc(c._id).update({ status: 'adopted', adoptedAt: now });
        await enqueueAudience(tx, `fo-adopt-${c._id}`, { kind: 'village-households', villageId: c.villageId }, {
          kind: 'council.covenantAdopted',
          title: `居民公约第 ${c.version} 版通过`,
          body: `${words}请各户阅读并确认。`,
          link: { page: 'council-covenant', id: c.villageId },
        });
      } else {
        await tx.collection(COLLECTIONS.councilCovenants.name).doc(c._id).update({ status: 'rejected' });
      }
    };
  }
  if (v.subject.kind === 'honour') {
    const nominations = await readAll<CouncilNominationRecord>(db, COLLECTIONS.councilNominations.name, { honourId: v.subject.id });
    return async (tx, fresh, now) => {
      const h = await loadHonour(tx, fresh.subject.id);
      const standing = nominations.filter((n) => (fresh.candidates ?? []).includes(n._id));
      const winners = outcome === 'adopted' ? honourWinners(standing.map((n) => ({ id: n._id, votes: candidateCounts![n._id] ?? 0, nominatedAt: n.createdAt })), h.seats, h.tieRule) : [];
      await tx.collection(COLLECTIONS.councilHonours.name).doc(h._id).update({ status: 'done', winners, updatedAt: now });
      for (const id of winners) {
        const n = standing.find((x) => x._id === id)!;
        const row: CouncilHonouredRecord = { _id: honouredIdOf(h._id, n.nomineeId), honourId: h._id, userId: n.nomineeId, title: h.title, year: h.year, villageName: h.villageName, votes: candidateCounts![id] ?? 0, at: now };
        await tx.collection(COLLECTIONS.councilHonoured.name).add(row);
        await enqueue(tx, [n.nomineeId], { kind: 'council.honoured', title: `您被评为${h.year}年度${h.title}`, body: `${h.villageName}各户投票评出，共得 ${row.votes} 票。荣誉会显示在“我的”页面。`, link: honourLink(h._id) });
      }
    };
  }
  const followers = await followersOf(db, v.topicId!);
  return async (tx, fresh, now) => {
    const t = await loadTopic(tx, fresh.topicId!);
    if (outcome === 'adopted') {
      const meeting = fresh.meetingId ? await findById<CouncilMeetingRecord>(tx, COLLECTIONS.councilMeetings.name, fresh.meetingId) : null;
      const d = newDecision(t, meeting, fresh.question, fresh._id, now);
      await tx.collection(COLLECTIONS.councilDecisions.name).add(d);
      await tx.collection(COLLECTIONS.councilTopics.name).doc(t._id).update({ status: 'decided', decisionId: d._id, updatedAt: now });
      await tellFollowers(tx, followers, t, 'decided', words);
    } else {
      await tx.collection(COLLECTIONS.councilTopics.name).doc(t._id).update({ status: 'rejected', updatedAt: now });
      await tellFollowers(tx, followers, t, 'rejected', words);
    }
  };
}

/** The chair closes a representatives' vote; a household vote is closed only once its days have run out. */
export async function closeVote(input: In<'closeVote'>, ctx: MemberContext): Promise<Out<'closeVote'>> {
  const { db, caller } = ctx;
  const v = await loadVote(db, input.voteId);
  if (v.status === 'closed' && v.result) throw conflict('这次表决已经结束，结果不能再改变');
  const c = await findCouncil(db, v.villageId);
  const chairKey = await chairKeyOf(db, v);
  const chairs = !!c && !!chairKey && representsBody(caller, c, chairKey);
  if (v.kind === 'representatives' && !chairs) throw forbidden('只有本次会议的轮值主持单位可以结束表决');
  if (v.kind === 'households') {
    if (!chairs && !managesCouncil(caller, v.path)) throw forbidden('只有主持单位或本村（社区）党组织可以结束投票');
    if (clock.nowIso() < v.closesAt) throw conflict('户代表投票还没到截止时间，不能提前结束');
  }
  await finaliseVote(db, v._id, caller, ctx.requestId);
  return voteOut(ctx, v._id);
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
