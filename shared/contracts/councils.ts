import { z } from 'zod';
import { ACCESS, REFUSALS, defineContract } from './envelope';
import { emptyInput, idSchema, isoTime, requestIdSchema, text } from './common';
import { BODY_KINDS, DECISION_RULES, HONOUR_STATUSES, TIE_RULES, TOPIC_STATUSES, VOTE_CHOICES, VOTE_KINDS } from '../domain/council-rules';

export const bodyKindSchema = z.enum(BODY_KINDS);
export const decisionRuleSchema = z.enum(DECISION_RULES);
export const topicStatusSchema = z.enum(TOPIC_STATUSES);
export const voteChoiceSchema = z.enum(VOTE_CHOICES);
export const voteKindSchema = z.enum(VOTE_KINDS);

const chinaDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应如 2026-12-08');
const hhmmSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应如 09:30');
const bodyKeySchema = z.string().regex(/^[a-z][a-z0-9-]{0,19}$/, '单位代号只含小写字母、数字和短横线');
const agendaCodeSchema = z.string().regex(/^[A-Z]{2}-\d{2}$/, '事项编号格式应如 YS-01');
/** A share between 0 and 1 (quorum, majority). */
const shareSchema = z.number().gt(0, '应大于 0').max(1, '不能大于 1');

export const councilBodyInput = z
  .object({
    key: bodyKeySchema,
    kind: bodyKindSchema,
    name: text(2, 30),
    representativeIds: z.array(idSchema).min(1, '每个成员单位至少有一名代表').max(30, '每个成员单位最多 30 名代表'),
  })
  .strict();

const personView = z.object({ id: idSchema, name: z.string() });

export const bodyView = z.object({
  key: z.string(),
  kind: bodyKindSchema,
  kindLabel: z.string(),
  name: z.string(),
  representatives: z.array(personView),
});

export const turnView = z.object({
  seq: z.number().int(),
  bodyKey: z.string(),
  bodyName: z.string(),
  kind: z.enum(['chaired', 'passed']),
  meetingId: idSchema.nullable(),
  reason: z.string().nullable(),
  at: isoTime,
});

export const meetingSummary = z.object({
  id: idSchema,
  chairKey: z.string(),
  chairName: z.string(),
  date: z.string(),
  time: z.string(),
  place: z.string(),
  status: z.enum(['called', 'held']),
  topicCount: z.number().int(),
});

export const councilView = z.object({
  id: idSchema,
  villageId: idSchema,
  villageName: z.string(),
  name: z.string(),
  secretaryName: z.string(),
  bodies: z.array(bodyView),
  order: z.array(z.string()),
  /** The body whose turn it is to chair; null when every body has passed for the coming meeting. */
  due: z.object({ key: z.string(), name: z.string() }).nullable(),
  /** The coming turns, owed turns first. */
  upcoming: z.array(z.object({ key: z.string(), name: z.string(), owed: z.boolean() })),
  passedNow: z.array(z.object({ key: z.string(), name: z.string() })),
  turns: z.array(turnView),
  meetings: z.array(meetingSummary),
  /** The caller's part: the bodies they represent, whether they manage the council. */
  mine: z.object({ bodyKeys: z.array(z.string()), manages: z.boolean() }),
});

export const agendaItemView = z.object({
  code: z.string(),
  title: z.string(),
  description: z.string(),
  rule: decisionRuleSchema,
  ruleLabel: z.string(),
  scope: z.enum(['county', 'village']),
  /** Outside the council's remit: where a topic goes instead. */
  forwardTo: z.string().nullable(),
  refusal: z.string().nullable(),
  active: z.boolean(),
});

export const settingsView = z.object({
  supportThreshold: z.number().int(),
  repQuorum: z.number(),
  repMajority: z.number(),
  householdQuorum: z.number(),
  householdMajority: z.number(),
  householdVoteDays: z.number().int(),
  honourPublicityDays: z.number().int(),
  honourVoteDays: z.number().int(),
  honourTieRule: z.enum(TIE_RULES),
  honourTieRuleLabel: z.string(),
});

export const settingsInput = z
  .object({
    supportThreshold: z.number().int().min(1, '至少 1 户').max(500, '不能超过 500 户'),
    repQuorum: shareSchema,
    repMajority: z.number().min(0.5, '不能低于半数').max(0.99, '应小于 1'),
    householdQuorum: shareSchema,
    householdMajority: z.number().min(0.5, '不能低于半数').max(0.99, '应小于 1'),
    householdVoteDays: z.number().int().min(1, '至少 1 天').max(30, '不能超过 30 天'),
    honourPublicityDays: z.number().int().min(3, '公示至少 3 天').max(30, '不能超过 30 天'),
    honourVoteDays: z.number().int().min(1, '至少 1 天').max(30, '不能超过 30 天'),
    honourTieRule: z.enum(TIE_RULES),
  })
  .strict();

export const topicSummary = z.object({
  id: idSchema,
  title: z.string(),
  itemTitle: z.string(),
  status: topicStatusSchema,
  statusLabel: z.string(),
  raisedByName: z.string(),
  byBody: z.boolean(),
  supports: z.number().int(),
  threshold: z.number().int(),
  createdAt: isoTime,
});

export const voteView = z.object({
  id: idSchema,
  kind: voteKindSchema,
  subject: z.object({ kind: z.enum(['topic', 'covenant', 'honour']), id: idSchema }),
  topicId: idSchema.nullable(),
  question: z.string(),
  secret: z.boolean(),
  status: z.enum(['open', 'closed']),
  electorateSize: z.number().int(),
  cast: z.number().int(),
  quorum: z.number(),
  majority: z.number(),
  closesAt: isoTime,
  /** The caller may vote here (in the electorate) and whether they (or their household) already did. */
  canVote: z.boolean(),
  voted: z.boolean(),
  /** The caller's own choice (同意 / 不同意 / 弃权, or a candidate's id), for an open ballot only. */
  myChoice: z.string().nullable(),
  /** An honour's vote: the candidates; their votes once closed. */
  candidates: z.array(z.object({ id: idSchema, name: z.string(), reason: z.string(), votes: z.number().int().nullable(), honoured: z.boolean() })),
  /** Exact and final once closed. */
  result: z
    .object({ agree: z.number().int(), disagree: z.number().int(), abstain: z.number().int(), cast: z.number().int(), outcome: z.enum(['adopted', 'rejected', 'no-quorum']), outcomeLabel: z.string(), closedAt: isoTime })
    .nullable(),
  /** Who voted (representatives' votes): names always; their choices only for an open ballot. */
  voters: z.array(z.object({ name: z.string(), choice: z.string().nullable() })),
  mayClose: z.boolean(),
});

export const stepView = z.object({
  id: z.string(),
  title: z.string(),
  dueDate: z.string(),
  progress: z.number().int(),
  note: z.string().nullable(),
  done: z.boolean(),
  overdue: z.boolean(),
});

export const decisionView = z.object({
  id: idSchema,
  topicId: idSchema,
  topicTitle: z.string(),
  rule: decisionRuleSchema,
  ruleLabel: z.string(),
  text: z.string(),
  voteId: idSchema.nullable(),
  responsibleName: z.string().nullable(),
  steps: z.array(stepView),
  status: z.enum(['planning', 'in-progress', 'done']),
  progress: z.number().int(),
  decidedAt: isoTime,
  rating: z.object({ count: z.number().int(), average: z.number().nullable(), mine: z.number().int().nullable(), canRate: z.boolean() }),
  /** The caller may plan it (chair body or council manager) / report progress (responsible body or manager). */
  mayPlan: z.boolean(),
  mayReport: z.boolean(),
});

export const topicView = topicSummary.extend({
  content: z.string(),
  rule: decisionRuleSchema,
  ruleLabel: z.string(),
  refusal: z.string().nullable(),
  forwardTo: z.string().nullable(),
  mergedInto: idSchema.nullable(),
  meeting: meetingSummary.nullable(),
  voteId: idSchema.nullable(),
  decisionId: idSchema.nullable(),
  /** The caller's household: whether it supports it and may still. */
  supported: z.boolean(),
  canSupport: z.boolean(),
  following: z.boolean(),
  mayMerge: z.boolean(),
  /** A cadre over the village who did not write it may release its held text. */
  mayRelease: z.boolean(),
  held: z.array(z.object({ field: z.string(), reason: z.string() })).optional(),
});

export const minuteView = z.object({
  topicId: idSchema,
  options: z.array(z.string()),
  opinions: z.array(z.object({ bodyKey: z.string(), bodyName: z.string(), text: z.string() })),
  summary: z.string().nullable(),
});

export const meetingView = meetingSummary.extend({
  villageId: idSchema,
  topics: z.array(topicSummary.extend({ rule: decisionRuleSchema, ruleLabel: z.string(), voteId: idSchema.nullable(), decisionId: idSchema.nullable() })),
  /** Every body's representatives, with who was present. */
  attendance: z.array(z.object({ bodyKey: z.string(), bodyName: z.string(), members: z.array(personView.extend({ present: z.boolean() })) })),
  attendanceRecorded: z.boolean(),
  minutes: z.array(minuteView),
  /** The caller represents the chair body (or manages the council): may record attendance, minutes, decisions. */
  chairs: z.boolean(),
});

export const covenantView = z.object({
  id: idSchema,
  version: z.number().int(),
  title: z.string(),
  clauses: z.array(z.object({ no: z.number().int(), text: z.string() })),
  note: z.string(),
  status: z.enum(['voting', 'adopted', 'rejected', 'superseded']),
  statusLabel: z.string(),
  voteId: idSchema.nullable(),
  adoptedAt: isoTime.nullable(),
  acks: z.number().int(),
});

export const covenantPage = z.object({
  villageId: idSchema.nullable(),
  villageName: z.string(),
  current: covenantView.nullable(),
  proposal: covenantView.nullable(),
  versions: z.array(covenantView.pick({ id: true, version: true, status: true, statusLabel: true, adoptedAt: true })),
  /** The caller's household acknowledged the current version / may. */
  acknowledged: z.boolean(),
  canAcknowledge: z.boolean(),
  mayPropose: z.boolean(),
});

export const nominationView = z.object({
  id: idSchema,
  nomineeName: z.string(),
  reason: z.string(),
  nominatedByName: z.string(),
  status: z.enum(['standing', 'withdrawn']),
  withdrawnReason: z.string().nullable(),
  openObjections: z.number().int(),
  /** The caller's household objected (during publicity, once). */
  objected: z.boolean(),
  canObject: z.boolean(),
  honoured: z.boolean(),
  votes: z.number().int().nullable(),
  held: z.array(z.object({ field: z.string(), reason: z.string() })).optional(),
});

export const objectionView = z.object({ id: idSchema, nominationId: idSchema, nomineeName: z.string(), reason: z.string(), status: z.enum(['open', 'upheld', 'dismissed']), answer: z.string().nullable() });

export const honourSummary = z.object({
  id: idSchema,
  title: z.string(),
  year: z.number().int(),
  seats: z.number().int(),
  status: z.enum(HONOUR_STATUSES),
  statusLabel: z.string(),
  publicityEndsAt: isoTime.nullable(),
  voteId: idSchema.nullable(),
  winners: z.array(z.string()),
});

export const honourView = honourSummary.extend({
  villageId: idSchema,
  tieRuleLabel: z.string(),
  nominations: z.array(nominationView),
  /** For the council's managers: the objections to decide. */
  objections: z.array(objectionView),
  canNominate: z.boolean(),
  manages: z.boolean(),
});

const villageRef = z.object({ villageId: idSchema.optional() }).strict();
const topicRef = z.object({ topicId: idSchema }).strict();
const meetingRef = z.object({ meetingId: idSchema }).strict();
const voteRef = z.object({ voteId: idSchema }).strict();
const decisionRef = z.object({ decisionId: idSchema }).strict();

export const councilsContract = defineContract('councils', {
  /** 议事协商 figures of a village, town or the county over the last months (the county dashboard reads the same). */
  figures: {
    input: z.object({ unitId: idSchema.optional(), months: z.number().int().min(1, '至少 1 个月').max(24, '最多 24 个月').default(3) }).strict(),
    output: z.object({
      unitName: z.string(),
      months: z.array(z.string()),
      topicsRaised: z.number().int(),
      topicsOnAgenda: z.number().int(),
      topicsDecided: z.number().int(),
      decisions: z.number().int(),
      decisionsDone: z.number().int(),
      decisionsDoneOnTime: z.number().int(),
    }),
    errors: ACCESS,
  },
  /** 我村议事会: the bodies and their representatives, the rotation and who chaired each meeting (public). */
  council: { input: villageRef, output: z.object({ council: councilView.nullable(), villageId: idSchema.nullable(), villageName: z.string() }), errors: ACCESS },
  /** The village's party organisation (its cadres, or the town above) sets up or edits the council. */
  saveCouncil: {
    input: z
      .object({
        villageId: idSchema,
        name: text(2, 30),
        secretaryId: idSchema,
        bodies: z.array(councilBodyInput).min(2, '至少两个成员单位').max(20, '最多 20 个成员单位'),
        order: z.array(bodyKeySchema).min(2).max(20),
      })
      .strict(),
    output: councilView,
    errors: REFUSALS,
  },
  /** The body whose turn it is cannot chair: it passes with its reason (public) and keeps its turn. */
  passTurn: { input: z.object({ villageId: idSchema, bodyKey: bodyKeySchema, reason: text(2, 100) }).strict(), output: councilView, errors: REFUSALS },

  /** 议事事项清单: what the council decides, and what goes elsewhere (public). */
  agenda: { input: villageRef, output: z.object({ items: z.array(agendaItemView), settings: settingsView }), errors: ACCESS },
  /** The county (its standard list) or a village (its own items) adds or edits an item. */
  saveAgendaItem: {
    input: z
      .object({
        unitId: idSchema,
        code: agendaCodeSchema,
        title: text(2, 30),
        description: text(2, 200),
        rule: decisionRuleSchema,
        forwardTo: text(2, 30).nullable(),
        refusal: text(2, 100).nullable(),
        active: z.boolean(),
      })
      .strict()
      .refine((v) => !(v.forwardTo && v.refusal), { message: '转交单位和不予受理的理由只能填一项', path: ['refusal'] }),
    output: agendaItemView,
    errors: REFUSALS,
  },
  /** The county's figures: support threshold, quorum and majority, days a household vote stays open. */
  saveSettings: { input: settingsInput, output: settingsView, errors: REFUSALS },

  /** A resident (their household in the village) or a member body raises a topic under an agenda item. */
  raiseTopic: {
    input: z
      .object({
        villageId: idSchema,
        itemCode: agendaCodeSchema,
        title: text(4, 40),
        content: text(10, 1000),
        /** Raised for a member body the caller represents. */
        bodyKey: bodyKeySchema.optional(),
        requestId: requestIdSchema,
      })
      .strict(),
    output: topicView,
    errors: REFUSALS,
  },
  topics: {
    input: z.object({ villageId: idSchema.optional(), status: topicStatusSchema.optional(), mine: z.boolean().optional() }).strict(),
    output: z.object({ topics: z.array(topicSummary), villageId: idSchema.nullable() }),
    errors: ACCESS,
  },
  topic: { input: topicRef, output: topicView, errors: ACCESS },
  /** One support per household: a second one from the same household is refused. */
  support: { input: topicRef, output: topicView, errors: REFUSALS },
  /** Follow a topic: told at each step. */
  follow: { input: z.object({ topicId: idSchema, on: z.boolean() }).strict(), output: topicView, errors: ACCESS },
  /** A duplicate is merged into another topic; its supports carried over, a household counted once. */
  mergeTopic: { input: z.object({ topicId: idSchema, intoId: idSchema }).strict(), output: topicView, errors: REFUSALS },
  /** A village cadre (not the author) releases a topic's held text. */
  releaseTopic: { input: topicRef, output: topicView, errors: REFUSALS },

  /** The chair body of the turn calls a meeting: date, place, topics; every representative is told. */
  callMeeting: {
    input: z
      .object({
        villageId: idSchema,
        bodyKey: bodyKeySchema,
        date: chinaDateSchema,
        time: hhmmSchema,
        place: text(2, 40),
        topicIds: z.array(idSchema).min(1, '至少选择一个议题').max(10, '一次最多 10 个议题'),
        requestId: requestIdSchema,
      })
      .strict(),
    output: meetingView,
    errors: REFUSALS,
  },
  meeting: { input: meetingRef, output: meetingView, errors: ACCESS },
  recordAttendance: { input: z.object({ meetingId: idSchema, present: z.array(idSchema).max(600) }).strict(), output: meetingView, errors: REFUSALS },
  recordMinutes: {
    input: z
      .object({
        meetingId: idSchema,
        topicId: idSchema,
        options: z.array(text(1, 100)).min(1, '至少记下一个方案').max(10),
        opinions: z.array(z.object({ bodyKey: bodyKeySchema, text: text(1, 300) }).strict()).max(20),
        summary: text(2, 500).nullable(),
      })
      .strict(),
    output: meetingView,
    errors: REFUSALS,
  },
  /**
   * The chair decides a topic by its rule: records the consensus, or opens the representatives' vote
   * (secret if asked), or puts it to the households for N days.
   */
  decide: {
    input: z
      .object({
        meetingId: idSchema,
        topicId: idSchema,
        text: text(4, 500),
        secret: z.boolean().default(false),
        days: z.number().int().min(1).max(30).optional(),
      })
      .strict(),
    output: meetingView,
    errors: REFUSALS,
  },

  vote: { input: voteRef, output: voteView, errors: ACCESS },
  /** One ballot per representative, or per household; refused once the vote is closed. An honour's ballot names a candidate. */
  castVote: {
    input: z
      .object({ voteId: idSchema, choice: voteChoiceSchema.optional(), candidateId: idSchema.optional() })
      .strict()
      .refine((v) => (v.choice === undefined) !== (v.candidateId === undefined), { message: '请选择一项', path: ['choice'] }),
    output: voteView,
    errors: REFUSALS,
  },
  /** The chair closes a representatives' vote; a household vote closes when its days run out. Final. */
  closeVote: { input: voteRef, output: voteView, errors: REFUSALS },

  decisions: { input: villageRef, output: z.object({ decisions: z.array(decisionView) }), errors: ACCESS },
  decision: { input: decisionRef, output: decisionView, errors: ACCESS },
  /** The chair or the council's managers name the responsible body and the steps with deadlines. */
  planDecision: {
    input: z
      .object({
        decisionId: idSchema,
        responsibleKey: bodyKeySchema,
        steps: z.array(z.object({ title: text(2, 60), dueDate: chinaDateSchema }).strict()).min(1, '至少一个步骤').max(20),
      })
      .strict(),
    output: decisionView,
    errors: REFUSALS,
  },
  /** The responsible body reports a step's progress (100 = done). */
  reportStep: {
    input: z.object({ decisionId: idSchema, stepId: z.string().regex(/^s\d{1,2}$/), progress: z.number().int().min(0).max(100), note: text(2, 200).nullable() }).strict(),
    output: decisionView,
    errors: REFUSALS,
  },
  /** A household rates the result once it is done; once. */
  rateDecision: { input: z.object({ decisionId: idSchema, stars: z.number().int().min(1).max(5) }).strict(), output: decisionView, errors: REFUSALS },
  /** The figures for the caller's county (anyone signed in). */
  settings: { input: emptyInput, output: settingsView, errors: ACCESS },

  /** 居民公约: the version in force, a proposal being voted on, the earlier versions (public). */
  covenant: { input: villageRef, output: covenantPage, errors: ACCESS },
  /** The village's party organisation proposes a new version: it is put to a household vote. */
  proposeCovenant: {
    input: z
      .object({
        villageId: idSchema,
        title: text(2, 30),
        clauses: z.array(text(4, 300)).min(1, '至少一条').max(50, '最多 50 条'),
        note: text(2, 200),
        days: z.number().int().min(1).max(30).optional(),
      })
      .strict(),
    output: covenantPage,
    errors: REFUSALS,
  },
  /** A household acknowledges the covenant in force, once per version. */
  acknowledgeCovenant: { input: z.object({ covenantId: idSchema }).strict(), output: covenantPage, errors: REFUSALS },

  /** 评选: the village's rounds (public). */
  honours: { input: villageRef, output: z.object({ honours: z.array(honourSummary), villageId: idSchema.nullable(), mayOpen: z.boolean() }), errors: ACCESS },
  honour: { input: z.object({ honourId: idSchema }).strict(), output: honourView, errors: ACCESS },
  /** The party organisation opens a round: the title, the year, how many are honoured. */
  openHonour: {
    input: z.object({ villageId: idSchema, title: text(2, 20), year: z.number().int().min(2020).max(2100), seats: z.number().int().min(1).max(20), requestId: requestIdSchema }).strict(),
    output: honourView,
    errors: REFUSALS,
  },
  /** People of the village a nominator names by their full name (at most 5, shown by surname). */
  nominees: {
    input: z.object({ honourId: idSchema, name: text(2, 20) }).strict(),
    output: z.object({ people: z.array(z.object({ id: idSchema, name: z.string(), place: z.string() })) }),
    errors: ACCESS,
  },
  /** A resident (for their household) or a member body nominates a person of the village, with the reason. */
  nominate: {
    input: z.object({ honourId: idSchema, nomineeId: idSchema, reason: text(10, 300), bodyKey: bodyKeySchema.optional() }).strict(),
    output: honourView,
    errors: REFUSALS,
  },
  /** Nominations close and the nominees are shown for objections for the county's publicity days. */
  startPublicity: { input: z.object({ honourId: idSchema }).strict(), output: honourView, errors: REFUSALS },
  /** A household objects to a nominee during publicity, once, with the reason (read by the party organisation). */
  object: { input: z.object({ nominationId: idSchema, reason: text(4, 300) }).strict(), output: honourView, errors: REFUSALS },
  /** The party organisation decides an objection: upheld withdraws the nomination. */
  decideObjection: { input: z.object({ objectionId: idSchema, uphold: z.boolean(), answer: text(2, 200) }).strict(), output: honourView, errors: REFUSALS },
  /** After publicity, with every objection decided: the household vote among the standing nominees. */
  openHonourVote: { input: z.object({ honourId: idSchema }).strict(), output: honourView, errors: REFUSALS },
  /** The honours the caller holds (我的). */
  myHonours: { input: emptyInput, output: z.object({ honours: z.array(z.object({ title: z.string(), year: z.number().int(), villageName: z.string(), votes: z.number().int() })) }), errors: ACCESS },
});
