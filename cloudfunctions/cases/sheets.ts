import { createHash, randomBytes } from 'node:crypto';
import type { In, Out } from './types';
import { canReportAt, checkCaseAction, CHAIN_ROLES, committeeFor, type CaseAction } from '../../shared/domain/case-access';
import {
  LEVEL_LABELS,
  partiesKey,
  RISK_LABELS,
  SATISFACTION_LABELS,
  urgencyRank,
  type CaseConfig,
  type CaseLevel,
} from '../../shared/domain/case-catalogue';
import { chinaMonth } from '../../shared/domain/china-time';
import { clockFor, daysBetween, followUpDueAt, followUpKind } from '../../shared/domain/case-deadlines';
import type { CaseRecord, CaseTimelineEntry, FollowUpSheet } from '../../shared/domain/case-records';
import { checkAssessedLevel, routeCase } from '../../shared/domain/case-routing';
import { afterFailure, nextCaseStatus, type CaseEvent, type CaseTimelineEvent } from '../../shared/domain/case-state';
import { holdsRoleOver } from '../../shared/domain/jurisdiction';
import { maskPhone } from '../../shared/domain/masking';
import type { OrgUnitRecord } from '../../shared/domain/records';
import { clock } from '../_lib/clock';
import { findById, isDuplicateKey } from '../_lib/db';
import { conflict, forbidden, invalid } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import type { Message } from '../_lib/outbox';
import { carrying, effectOf, pushEffects, withPushed } from '../_lib/effects';
import { updatedCount } from '../_lib/seats';
import { actorOf, cadreKeys, facts, handlerKeys, holding, link, loadConfig, loadRules, partyGroupAudience, readAround, readPeople, readSummarised, readVisible, summaryLink, unique } from './store';
import { briefOf, toView, viewOf } from './views';
import { checkText } from '../_lib/content-check';
import type { HeldText } from '../../shared/domain/moderation';
import { CASE_TEXT, maskHeldIn, heldNoticeText } from '../../shared/domain/case-moderation';
import { COLLECTIONS } from '../_lib/collections';
import { ContentionError } from '../_lib/transaction';

/** A retried report with the same requestId lands on the same document id. */
function caseIdFor(userId: string, requestId: string | undefined): string {
  if (!requestId) return `cs${randomBytes(15).toString('hex')}`;
  return `cs${createHash('sha256').update(`${userId}:${requestId}`).digest('hex').slice(0, 30)}`;
}

// ------------------------------------------------------------------------------------------ 排查单

/**
 * Requests: the caller, the grid, what surrounds the report (one aggregate: the village, the county's case
 * config, the earlier cases between the same parties, a retry's own case, the village's handlers and the
 * grid's 网格党小组 with their roles) and the add of the case, carrying its notices and, when a handler
 * files it, its audit entry (`_lib/effects.ts`): the notifications `dispatch` timer writes them out within
 * the minute, as the transaction's outbox rows were delivered before. A retry finds its case in the aggregate.
 */
export async function screenCase(input: In<'screen'>, ctx: MemberContext): Promise<Out<'screen'>> {
  const { db, caller } = ctx;
  const actor = actorOf(caller);
  const id = caseIdFor(caller._id, input.requestId);
  const gridId = input.gridId ?? caller.residence?.gridId ?? null;
  if (!gridId) throw invalid('请选择纠纷发生的网格', [{ path: 'gridId', message: '请选择纠纷发生的网格' }]);
  const grid = await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, gridId);
  if (!grid || grid.kind !== 'grid' || grid.path.length < 4) {
    throw invalid('找不到这个网格', [{ path: 'gridId', message: '找不到这个网格' }]);
  }
  const [countyId, townId, villageId] = grid.path as [string, string, string];
  if (!canReportAt(grid.path, { ...actor, residencePath: caller.residence?.path ?? null })) {
    throw forbidden('只能登记本村（社区）或您负责网格内的纠纷');
  }
  const level: CaseLevel = 'village';
  const key = partiesKey(villageId, input.parties.map((p) => p.name));
  const memberIds = grid.partyGroupMemberIds ?? [];
  const around = await readAround(db, { unitId: villageId, countyId, keys: handlerKeys(level, grid.path), ids: memberIds, partiesKey: key, ...(input.requestId ? { caseId: id } : {}) });
  if (around.existing) return toView(around.existing, actor, clock.nowIso());
  const type = around.config.types.find((t) => t.code === input.type);
  if (!type) throw invalid('没有这种纠纷类型', [{ path: 'type', message: '没有这种纠纷类型' }]);
  const previousCaseIds = around.earlierIds.filter((x) => x !== id);

  const { held } = await checkText(ctx, { [CASE_TEXT.description]: input.description, [CASE_TEXT.place]: input.place });
  const now = clock.nowIso();
  const committeeId = committeeFor(level, grid.path);
  const timer = clockFor(level, now, around.config);
  const reporterIsHandler = holdsRoleOver(caller.roles, CHAIN_ROLES, grid.path);
  const record: CaseRecord = {
    ...(held.length ? { moderation: { held } } : {}),
    _id: id,
    countyId,
    townId,
    villageId,
    gridId,
    path: grid.path,
    unitName: around.unit?.name ?? '',
    gridName: grid.name,
    type: type.code,
    typeLabel: type.label,
    common: type.common,
    description: input.description,
    amountFen: input.amountFen,
    urgency: input.urgency,
    urgencyRank: urgencyRank(input.urgency),
    parties: input.parties.map((p) => ({ name: p.name, phone: p.phone ?? null, phoneMasked: maskPhone(p.phone) })),
    partiesKey: key,
    previousCaseIds,
    repeat: previousCaseIds.length > 0,
    reporterId: caller._id,
    reporterName: caller.name,
    status: 'screened',
    level,
    risk: null,
    committeeId,
    committeeIds: [committeeId],
    ...timer,
    escalations: 0,
    followUpDueAt: null,
    followUpNoticeAt: null,
    screening: { at: now, byId: caller._id, byName: caller.name, onBehalfOf: input.onBehalfOf ?? null, place: input.place ?? null },
    assessment: null,
    sessions: [],
    outcomes: [],
    followUps: [],
    resolvedAt: null,
    resolvedLevel: null,
    daysToResolve: null,
    satisfaction: null,
    month: chinaMonth(now),
    timeline: [
      {
        at: now,
        action: 'screen' satisfies CaseTimelineEvent,
        actorId: caller._id,
        actorName: caller.name,
        level,
        note: input.onBehalfOf ? `代${input.onBehalfOf}登记` : null,
      },
    ],
    requestId: input.requestId ?? null,
    createdAt: now,
    updatedAt: now,
  };
  // Intake alerts the grid's party group, the village's mediation committee and its cadres; a group
  // member who may not open the case gets its summary (no parties' names) and a link that opens.
  const handlers = unique(holding(around.people, handlerKeys(level, grid.path)), [caller._id]);
  const group = partyGroupAudience(facts(record), memberIds, around.people, [caller._id, ...handlers]);
  const effect = effectOf(caller, ctx.requestId, { collection: COLLECTIONS.cases.name, id, path: record.path }, now, {
    messages: [
      {
        to: [...handlers, ...group.full],
        message: {
          kind: 'case.reported',
          title: '网格内登记了新的矛盾纠纷',
          body: `${record.unitName}${grid.name}：${type.label}，${input.parties.map((p) => p.name).join('、')}。请及时研判化解。`,
          link: link(record),
        },
      },
      {
        to: group.summary,
        message: { kind: 'case.reported', title: '网格内登记了新的矛盾纠纷', body: `${record.unitName}${grid.name}：${type.label}，已由${LEVEL_LABELS[level]}受理。`, link: summaryLink(record) },
      },
      ...(held.length ? [{ to: [caller._id], message: { kind: 'content.held' as const, ...heldNoticeText(held), link: link(record) } }] : []),
    ],
    audit: reporterIsHandler ? { action: 'cases.screen', before: null, after: { status: record.status, level, type: type.code, gridId } } : null,
  });
  const written = { ...record, ...carrying([effect]) };
  try {
    await db.collection(COLLECTIONS.cases.name).add(written);
  } catch (err) {
    // Two retries of one report racing: the loser finds the winner's document.
    if (!(input.requestId && isDuplicateKey(err))) throw err;
    return viewOf(db, id, caller);
  }
  return toView(written, actor, clock.nowIso());
}

// ------------------------------------------------------------------------------------------ transitions

interface Plan {
  event: CaseEvent;
  set: Partial<CaseRecord>;
  push: Partial<Record<'sessions' | 'outcomes' | 'followUps', unknown[]>>;
  note: string | null;
  /** Level recorded on the timeline entry (the level after the change). */
  level: CaseLevel;
  messages: { to: string[]; message: Message }[];
  /** Free text the caller wrote on this sheet, by CASE_TEXT field name: checked before anyone else sees it. */
  texts?: Record<string, string | null | undefined>;
  /** The fields whose words `note` quotes, so the timeline masks them while they are held. */
  quotes?: string[];
}

const CONFLICT_TEXT: Record<CaseAction, string> = {
  assess: '这个案件已经研判过了，或还不能研判',
  recordSession: '请先完成研判单，再记录调解',
  conclude: '请先记录至少一次调解，再填写调解结果',
  followUp: '调解达成协议后才能回访',
};

const FORBIDDEN_TEXT: Record<CaseAction, string> = {
  assess: '只有承办层级及以上的干部可以研判',
  recordSession: '只有承办的干部或本调委会的调解员可以记录调解',
  conclude: '只有承办的干部或本调委会的调解员可以填写调解结果',
  followUp: '只有承办人员或网格长可以回访',
};

/** Tries of a sheet whose case someone else changed in between (each reads it again and asks the rule again). */
const SHEET_ATTEMPTS = 4;

/**
 * One sheet as ONE conditional update of the case: the plan is made from the case as read, and the update
 * lands only if nobody changed it since (the same `updatedAt` and timeline length); it writes the change,
 * its timeline entry and, carried on the case (`_lib/effects.ts`), the notices and the audit entry. When
 * someone changed it first, the case is read again and the rule asked again: CONFLICT only when it now
 * refuses (the case moved past this sheet), never for the concurrent write itself.
 */
async function advance(
  caseId: string,
  action: CaseAction,
  ctx: MemberContext,
  plan: (c: CaseRecord, now: string) => Promise<Plan>,
): Promise<Out<'get'>> {
  const { db, caller } = ctx;
  const _ = db.command;
  const actor = actorOf(caller);
  let c = await readVisible(db, caseId, caller);
  for (let attempt = 1; ; attempt++) {
    const verdict = checkCaseAction(action, facts(c), actor);
    if (verdict === 'forbidden') throw forbidden(FORBIDDEN_TEXT[action]);
    if (verdict === 'conflict') throw conflict(CONFLICT_TEXT[action]);
    const now = clock.nowIso();
    const p = await plan(c, now);
    const status = p.set.status ?? nextCaseStatus(c.status, p.event);
    if (!status) throw conflict(CONFLICT_TEXT[action]);
    // A network call in the cloud; field indexes come from the case as read, which the update insists on.
    const { held } = p.texts ? await checkText(ctx, p.texts) : { held: [] as HeldText[] };
    const messages = p.messages.map((m) => ({ ...m, message: { ...m.message, body: maskHeldIn(m.message.body, held, p.texts ?? {}) } }));
    if (held.length) messages.push({ to: [caller._id], message: { kind: 'content.held', ...heldNoticeText(held), link: link(c) } });
    const entry: CaseTimelineEntry = {
      at: now,
      action: p.event,
      actorId: caller._id,
      actorName: caller.name,
      level: p.level,
      note: p.note,
      ...(p.quotes?.length ? { quotes: p.quotes } : {}),
    };
    const effect = effectOf(caller, ctx.requestId, { collection: COLLECTIONS.cases.name, id: caseId, path: p.set.path ?? c.path }, now, {
      messages,
      audit: {
        action: `cases.${action}`,
        before: { status: c.status, level: c.level },
        after: { ...p.set, status, ...(held.length ? { held: held.map((h) => ({ field: h.field, reason: h.reason })) } : {}) },
      },
    });
    const pushes = Object.fromEntries(Object.entries(p.push).map(([k, v]) => [k, _.push(v)]));
    const res = await db
      .collection(COLLECTIONS.cases.name)
      .where({ _id: caseId, updatedAt: c.updatedAt, timeline: _.size(c.timeline.length) })
      .update({ ...p.set, ...(held.length ? { 'moderation.held': _.push(held) } : {}), status, updatedAt: now, ...pushes, timeline: _.push([entry]), ...pushEffects(db, [effect]) });
    if (updatedCount(res) === 1) {
      const pushed = Object.fromEntries(Object.entries(p.push).map(([k, v]) => [k, [...(c[k as keyof typeof p.push] as unknown[]), ...(v ?? [])]]));
      const moderation = held.length ? { moderation: { ...c.moderation, held: [...(c.moderation?.held ?? []), ...held] } } : {};
      return toView(withPushed({ ...c, ...p.set, ...moderation, ...pushed, status, updatedAt: now, timeline: [...c.timeline, entry] }, [effect]), actor, clock.nowIso());
    }
    if (attempt >= SHEET_ATTEMPTS) throw new ContentionError(attempt);
    c = await readVisible(db, caseId, caller);
  }
}

/** The fields that move a case to `level` at `now`: its committee and a fresh deadline. */
function moveTo(c: CaseRecord, level: CaseLevel, now: string, config: CaseConfig): Partial<CaseRecord> {
  const committeeId = committeeFor(level, c.path);
  return {
    level,
    committeeId,
    committeeIds: unique([...c.committeeIds, committeeId]),
    ...clockFor(level, now, config),
  };
}

// ------------------------------------------------------------------------------------------ 研判单

export async function proposeLevel(input: In<'propose'>, ctx: MemberContext): Promise<Out<'propose'>> {
  const c = await readVisible(ctx.db, input.caseId, ctx.caller);
  const rules = await loadRules(ctx.db, c.countyId);
  return routeCase({ type: c.type, risk: input.risk, amountFen: c.amountFen, parties: c.parties.length, repeat: c.repeat }, rules);
}

export function assessCase(input: In<'assess'>, ctx: MemberContext): Promise<Out<'assess'>> {
  const { db, caller } = ctx;
  return advance(input.caseId, 'assess', ctx, async (c, now) => {
    const moves = input.level !== c.level;
    const major = input.risk === 'major';
    // One read for the rules, the deadlines and everyone the assessment tells.
    const around = await readAround(db, {
      unitId: c.countyId,
      countyId: c.countyId,
      rules: true,
      keys: [...(moves ? handlerKeys(input.level, c.path) : []), ...(major ? cadreKeys('town', c.path) : [])],
    });
    const { rules, version: rulesVersion } = around.ruleSet;
    const proposal = routeCase({ type: c.type, risk: input.risk, amountFen: c.amountFen, parties: c.parties.length, repeat: c.repeat }, rules);
    if (checkAssessedLevel(proposal.level, input.level, input.lowerReason) === 'needs-reason') {
      throw invalid(`规则建议${LEVEL_LABELS[proposal.level]}办理，选择更低层级时请写明理由`, [
        { path: 'lowerReason', message: '低于规则建议的层级时，请写明理由' },
      ]);
    }
    const moved = moves ? moveTo(c, input.level, now, around.config) : {};
    const messages: Plan['messages'] = [];
    const newHandlers = moves ? holding(around.people, handlerKeys(input.level, c.path)) : [];
    if (major) {
      // 重大 risk: the town is told at once, whichever level handles the case.
      messages.push({
        to: unique([...holding(around.people, cadreKeys('town', c.path)), ...newHandlers], [caller._id]),
        message: {
          kind: 'case.majorRisk',
          title: '重大风险矛盾纠纷预警',
          body: `${c.unitName}${c.gridName}：${c.typeLabel}，研判为重大风险，由${LEVEL_LABELS[input.level]}办理。请立即关注。`,
          link: link(c),
        },
      });
    } else if (newHandlers.length) {
      messages.push({
        to: unique(newHandlers, [caller._id]),
        message: { kind: 'case.assigned', title: '有矛盾纠纷交由您办理', body: `${c.unitName}：${c.typeLabel}，${proposal.explanation}`, link: link(c) },
      });
    }
    messages.push({
      to: unique([c.reporterId], [caller._id]),
      message: { kind: 'case.accepted', title: '您登记的纠纷已受理', body: `「${c.typeLabel}」已研判，由${LEVEL_LABELS[input.level]}调解。`, link: link(c) },
    });
    const lowered = checkAssessedLevel(proposal.level, input.level, null) === 'needs-reason';
    return {
      event: 'assess',
      set: {
        ...moved,
        risk: input.risk,
        assessment: {
          at: now,
          byId: caller._id,
          byName: caller.name,
          risk: input.risk,
          proposedLevel: proposal.level,
          proposedExplanation: proposal.explanation,
          matchedRuleIds: proposal.matched.map((m) => m.id),
          rulesVersion,
          level: input.level,
          lowerReason: lowered ? input.lowerReason ?? null : null,
          note: input.note ?? null,
        },
      },
      push: {},
      level: input.level,
      note: `风险${RISK_LABELS[input.risk]}，${LEVEL_LABELS[input.level]}办理${lowered ? `（低于规则建议的${LEVEL_LABELS[proposal.level]}，理由：${input.lowerReason}）` : ''}`,
      messages,
      texts: { [CASE_TEXT.assessmentNote]: input.note, [CASE_TEXT.lowerReason]: lowered ? input.lowerReason : undefined },
      quotes: lowered && input.lowerReason ? [CASE_TEXT.lowerReason] : [],
    };
  });
}

// ------------------------------------------------------------------------------------------ 调解单

export function recordSession(input: In<'recordSession'>, ctx: MemberContext): Promise<Out<'recordSession'>> {
  const { caller } = ctx;
  return advance(input.caseId, 'recordSession', ctx, async (c, now) => ({
    event: 'recordSession',
    set: {},
    push: {
      sessions: [
        { at: now, date: input.date, level: c.level, mediatorName: input.mediatorName ?? caller.name, participants: input.participants, summary: input.summary, byId: caller._id },
      ],
    },
    level: c.level,
    note: `${input.date} ${input.mediatorName ?? caller.name}主持：${input.summary}`,
    messages: [],
    texts: { [CASE_TEXT.sessionSummary(c.sessions.length)]: input.summary },
    quotes: [CASE_TEXT.sessionSummary(c.sessions.length)],
  }));
}

export function concludeMediation(input: In<'conclude'>, ctx: MemberContext): Promise<Out<'conclude'>> {
  const { db, caller } = ctx;
  return advance(input.caseId, 'conclude', ctx, async (c, now) => {
    if (input.outcome === 'agreed') {
      const config = await loadConfig(db, c.countyId);
      const due = followUpDueAt(now, config);
      return {
        event: 'agree',
        set: {
          resolvedAt: now,
          resolvedLevel: c.level,
          daysToResolve: daysBetween(c.createdAt, now),
          followUpDueAt: due,
          followUpNoticeAt: due,
          deadlineAt: null,
          warnAt: null,
          escalateAt: null,
        },
        push: {
          outcomes: [{ at: now, level: c.level, outcome: 'agreed', agreement: input.agreement, signedBy: input.signedBy, reason: null, byName: caller.name }],
        },
        level: c.level,
        note: `协议：${input.agreement}（签字：${input.signedBy.join('、')}）。${config.followUpDays}天后回访`,
        texts: { [CASE_TEXT.agreement(c.outcomes.length)]: input.agreement },
        quotes: [CASE_TEXT.agreement(c.outcomes.length)],
        messages: [
          {
            to: unique([c.reporterId], [caller._id]),
            message: { kind: 'case.agreed', title: '纠纷调解成功', body: `「${c.typeLabel}」已达成调解协议，${config.followUpDays}天后将上门回访。`, link: link(c) },
          },
        ],
      };
    }
    const next = afterFailure(c.level);
    const outcome = { at: now, level: c.level, outcome: 'failed', agreement: null, signedBy: [], reason: input.reason, byName: caller.name };
    const failText = { texts: { [CASE_TEXT.failReason(c.outcomes.length)]: input.reason }, quotes: [CASE_TEXT.failReason(c.outcomes.length)] };
    if (next.status === 'unresolved') {
      return {
        event: 'fail',
        set: { status: 'unresolved', deadlineAt: null, warnAt: null, escalateAt: null },
        push: { outcomes: [outcome] },
        level: c.level,
        note: `${input.reason}。已引导当事人通过诉讼、仲裁等法定途径解决`,
        ...failText,
        messages: [
          {
            to: unique([c.reporterId], [caller._id]),
            message: { kind: 'case.unresolved', title: '纠纷调解未成', body: `「${c.typeLabel}」县级调解未成，工作人员将引导通过法定途径解决。`, link: link(c) },
          },
        ],
      };
    }
    // A failure goes one level up with everything recorded so far; both levels and the grid are told:
    // one read on the grid for the deadlines, both levels' handlers and its party group, one for the group's roles.
    const keys = [...handlerKeys(next.level, c.path), ...handlerKeys(c.level, c.path)];
    const around = await readAround(db, { unitId: c.gridId, countyId: c.countyId, keys });
    const moved = moveTo(c, next.level, now, around.config);
    const others = unique([...holding(around.people, keys), c.reporterId], [caller._id]);
    const memberIds = around.unit?.partyGroupMemberIds ?? [];
    const group = partyGroupAudience(facts(c), memberIds, await readPeople(db, unique(memberIds, [caller._id, ...others])), [caller._id, ...others]);
    const to = [...others, ...group.full];
    const escalated = `${c.unitName}：${c.typeLabel}，${LEVEL_LABELS[c.level]}调解未成，已转${LEVEL_LABELS[next.level]}办理`;
    return {
      event: 'fail',
      set: { ...moved, escalations: c.escalations + 1 },
      push: { outcomes: [outcome] },
      level: next.level,
      note: `${LEVEL_LABELS[c.level]}调解未成：${input.reason}。上交${LEVEL_LABELS[next.level]}`,
      ...failText,
      messages: [
        {
          to,
          message: {
            kind: 'case.escalated',
            title: '矛盾纠纷已上交上级',
            body: `${escalated}，调解记录随案移交。`,
            link: link(c),
          },
        },
        { to: group.summary, message: { kind: 'case.escalated', title: '矛盾纠纷已上交上级', body: `${escalated}。`, link: summaryLink(c) } },
      ],
    };
  });
}

// ------------------------------------------------------------------------------------------ 回访单

export function recordFollowUp(input: In<'followUp'>, ctx: MemberContext): Promise<Out<'followUp'>> {
  const { db, caller } = ctx;
  return advance(input.caseId, 'followUp', ctx, async (c, now) => {
    // A relapse is news whenever it comes; an agreement holding is only known once the period is over.
    const kind = input.held ? followUpKind(c.followUpDueAt, now, input.earlyReason) : 'due';
    const earlyReason = kind === 'early' ? input.earlyReason!.trim() : null;
    const sheet: FollowUpSheet = { at: now, byId: caller._id, byName: caller.name, held: input.held, satisfaction: input.satisfaction, note: input.note ?? null, kind, earlyReason };
    const words = `${SATISFACTION_LABELS[input.satisfaction]}${input.note ? `：${input.note}` : ''}${earlyReason ? `（提前结案原因：${earlyReason}）` : ''}`;
    const noteText = { texts: { [CASE_TEXT.followUpNote(c.followUps.length)]: input.note }, quotes: input.note ? [CASE_TEXT.followUpNote(c.followUps.length)] : [] };
    if (kind === 'interim') {
      // The case stays agreed, its due follow-up and reminder unchanged; the satisfaction is the sheet's only.
      return { event: 'followUpContact', set: {}, push: { followUps: [sheet] }, level: c.level, note: words, messages: [], ...noteText };
    }
    if (input.held) {
      return {
        event: kind === 'early' ? 'followUpEarly' : 'followUpHeld',
        set: { satisfaction: input.satisfaction, followUpNoticeAt: null, ...(kind === 'early' ? { closedEarly: true } : {}) },
        push: { followUps: [sheet] },
        level: c.level,
        note: words,
        messages: [],
        ...noteText,
      };
    }
    // A relapse reopens the case at the level that settled it, with a fresh deadline.
    const around = await readAround(db, { unitId: c.countyId, countyId: c.countyId, keys: handlerKeys(c.level, c.path) });
    const moved = moveTo(c, c.level, now, around.config);
    return {
      event: 'relapse',
      set: {
        ...moved,
        status: 'mediating',
        satisfaction: input.satisfaction,
        resolvedAt: null,
        resolvedLevel: null,
        daysToResolve: null,
        followUpDueAt: null,
        followUpNoticeAt: null,
      },
      push: { followUps: [sheet] },
      level: c.level,
      note: words,
      ...noteText,
      messages: [
        {
          to: unique(holding(around.people, handlerKeys(c.level, c.path)), [caller._id]),
          message: { kind: 'case.relapsed', title: '回访发现纠纷反复', body: `${c.unitName}：${c.typeLabel}，协议未能履行，已重新进入调解。`, link: link(c) },
        },
      ],
    };
  });
}

// ------------------------------------------------------------------------------------------ reading

/** The summary the 网格党小组 may read (the alert's link for those who may not open the case). */
export async function getCaseSummary(input: In<'summary'>, ctx: MemberContext): Promise<Out<'summary'>> {
  const { c, canOpen } = await readSummarised(ctx.db, input.caseId, ctx.caller);
  return briefOf(ctx.db, c, canOpen);
}

export async function getCase(input: In<'get'>, ctx: MemberContext): Promise<Out<'get'>> {
  const c = await readVisible(ctx.db, input.caseId, ctx.caller);
  return toView(c, actorOf(ctx.caller), clock.nowIso());
}

/**
 * A current handler releases the text content security held on the case (all of it, or one field),
 * after reading it; each author is told and the release is audited. Nobody releases their own text.
 */
