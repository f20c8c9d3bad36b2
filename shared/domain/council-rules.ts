/**
 * 议事协商's rules as pure functions: the kinds and states, who acts for a body, a topic against the
 * agenda list, supports and the threshold, and a vote's result from its ballots.
 */

export const BODY_KINDS = ['party', 'residents', 'unit', 'property', 'owners', 'merchants', 'worthies', 'other'] as const;
export type BodyKind = (typeof BODY_KINDS)[number];
export const BODY_KIND_LABELS: Record<BodyKind, string> = {
  party: '党支部',
  residents: '居民代表',
  unit: '驻区单位',
  property: '物业',
  owners: '业委会',
  merchants: '商户代表',
  worthies: '乡贤',
  other: '其他',
};

/** How a topic is decided: agreement in the meeting, the representatives' vote, or the households'. */
export const DECISION_RULES = ['consensus', 'representatives', 'households'] as const;
export type DecisionRule = (typeof DECISION_RULES)[number];
export const DECISION_RULE_LABELS: Record<DecisionRule, string> = {
  consensus: '协商一致',
  representatives: '代表表决',
  households: '户代表投票',
};

export const TOPIC_STATUSES = ['gathering', 'agenda', 'scheduled', 'voting', 'decided', 'rejected', 'refused', 'forwarded', 'merged'] as const;
export type TopicStatus = (typeof TOPIC_STATUSES)[number];
export const TOPIC_STATUS_LABELS: Record<TopicStatus, string> = {
  gathering: '征集支持中',
  agenda: '已列入议事',
  scheduled: '已安排会议',
  voting: '表决中',
  decided: '已形成决定',
  rejected: '未获通过',
  refused: '不属于议事范围',
  forwarded: '已转交办理',
  merged: '已合并',
};

export const VOTE_KINDS = ['representatives', 'households'] as const;
export type VoteKind = (typeof VOTE_KINDS)[number];
export const VOTE_CHOICES = ['agree', 'disagree', 'abstain'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];
export const VOTE_CHOICE_LABELS: Record<VoteChoice, string> = { agree: '同意', disagree: '不同意', abstain: '弃权' };
export type VoteOutcome = 'adopted' | 'rejected' | 'no-quorum';
export const VOTE_OUTCOME_LABELS: Record<VoteOutcome, string> = { adopted: '通过', rejected: '未通过', 'no-quorum': '投票人数不足，未形成决定' };

/** Where a topic raised under an agenda item goes. */
export type Intake =
  | { kind: 'accept'; status: 'gathering' | 'agenda' }
  | { kind: 'forward'; to: string; reason: string }
  | { kind: 'refuse'; reason: string };

/**
 * A topic against the list: an item inside it is accepted (a member body's topic goes straight on the
 * agenda, a resident's gathers supports first); an item outside it is forwarded or refused, with why.
 */
export function intakeOf(item: { title: string; forwardTo: string | null; refusal: string | null }, by: 'resident' | 'body'): Intake {
  if (item.forwardTo) return { kind: 'forward', to: item.forwardTo, reason: `「${item.title}」不在议事事项清单内，已转交${item.forwardTo}办理` };
  if (item.refusal) return { kind: 'refuse', reason: item.refusal };
  return { kind: 'accept', status: by === 'body' ? 'agenda' : 'gathering' };
}

/** After one more household's support: the status it moves to (a gathering topic reaching the threshold goes on the agenda). */
export function afterSupport(status: TopicStatus, supports: number, threshold: number): TopicStatus {
  return status === 'gathering' && supports >= threshold ? 'agenda' : status;
}

/** Supports are taken while the topic is still open to them. */
export const SUPPORTABLE: readonly TopicStatus[] = ['gathering', 'agenda', 'scheduled'];

/** A topic can be merged into another (its duplicate) only while neither is decided or closed. */
export const MERGEABLE: readonly TopicStatus[] = ['gathering', 'agenda'];
export const MERGE_TARGETS: readonly TopicStatus[] = ['gathering', 'agenda', 'scheduled'];

/** Topics a chair may put on a meeting. */
export const SCHEDULABLE: readonly TopicStatus[] = ['agenda'];

export interface Tally {
  agree: number;
  disagree: number;
  abstain: number;
  cast: number;
}

/** Counts ballots: the result is a function of the ballots alone (reproducible from them). */
export function tallyOf(choices: readonly VoteChoice[]): Tally {
  const t: Tally = { agree: 0, disagree: 0, abstain: 0, cast: 0 };
  for (const c of choices) {
    t[c]++;
    t.cast++;
  }
  return t;
}

/**
 * The outcome: without quorum (ballots cast, abstentions included, below `quorum` of the electorate)
 * nothing is decided; otherwise 同意 must be more than `majority` of the ballots cast.
 */
export function outcomeOf(t: Tally, electorate: number, quorum: number, majority: number): VoteOutcome {
  if (electorate <= 0 || t.cast < Math.ceil(quorum * electorate - 1e-9)) return 'no-quorum';
  return t.agree > majority * t.cast + 1e-9 ? 'adopted' : 'rejected';
}

/** Who may vote: a representative in the snapshot, or a confirmed household of the village. */
export function voterKeyOf(
  vote: { kind: VoteKind; villageId: string; electorateIds: readonly string[] },
  user: { _id: string; residence: { unitId: string; householdId: string | null; householdConfirmed: boolean } | null },
): string | null {
  if (vote.kind === 'representatives') return vote.electorateIds.includes(user._id) ? user._id : null;
  const r = user.residence;
  return r && r.householdConfirmed && r.householdId && r.unitId === vote.villageId ? r.householdId : null;
}

/** The household a person supports or rates for: their own confirmed household in that village. */
export function householdIn(user: { residence: { unitId: string; householdId: string | null; householdConfirmed: boolean } | null }, villageId: string): string | null {
  const r = user.residence;
  return r && r.householdConfirmed && r.householdId && r.unitId === villageId ? r.householdId : null;
}

/** Steps past their due date and not done, as of `today` (a China date). */
export function isOverdue(step: { dueDate: string; doneAt: string | null }, today: string): boolean {
  return !step.doneAt && step.dueDate < today;
}

/** The earliest due date still to watch: steps neither done nor already alerted. */
export function nextDueOf(steps: readonly { dueDate: string; doneAt: string | null; overdueAlertedAt: string | null }[]): string | null {
  const open = steps.filter((s) => !s.doneAt && !s.overdueAlertedAt).map((s) => s.dueDate).sort();
  return open[0] ?? null;
}

/**
 * How a tie at the last honoured place is settled (kept as data, county file `councils.settings`):
 * `share` honours every candidate tied at the cut-off; `earlier-nomination` honours the one nominated first.
 */
export const TIE_RULES = ['share', 'earlier-nomination'] as const;
export type TieRule = (typeof TIE_RULES)[number];
export const TIE_RULE_LABELS: Record<TieRule, string> = { share: '并列的都当选', 'earlier-nomination': '并列时先被提名的当选' };

export const HONOUR_STATUSES = ['nominating', 'publicity', 'voting', 'done'] as const;
export type HonourStatus = (typeof HONOUR_STATUSES)[number];
export const HONOUR_STATUS_LABELS: Record<HonourStatus, string> = { nominating: '提名中', publicity: '公示中', voting: '投票中', done: '已评出' };

export interface Candidate {
  id: string;
  votes: number;
  nominatedAt: string;
}

/** The honoured candidates, most votes first; a candidate with no vote is never honoured. */
export function honourWinners(candidates: readonly Candidate[], seats: number, rule: TieRule): string[] {
  const ranked = [...candidates].filter((c) => c.votes > 0).sort((a, b) => b.votes - a.votes || a.nominatedAt.localeCompare(b.nominatedAt) || a.id.localeCompare(b.id));
  if (ranked.length <= seats) return ranked.map((c) => c.id);
  if (rule === 'earlier-nomination') return ranked.slice(0, seats).map((c) => c.id);
  const cutoff = ranked[seats - 1]!.votes;
  return ranked.filter((c) => c.votes >= cutoff).map((c) => c.id);
}
