import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '@cloudbase/database';
import type { In, Out } from './types';
import { canReportAt, checkCaseAction, CHAIN_ROLES, committeeFor, type CaseAction } from '../../shared/domain/case-access';
import {
  LEVEL_LABELS,
  partiesKey,
  RISK_LABELS,
  SATISFACTION_LABELS,
  urgencyRank,
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
import { recordAudit } from '../_lib/audit';
import { clock } from '../_lib/clock';
import { findById, isDuplicateKey, type Tx } from '../_lib/db';
import { conflict, forbidden, invalid, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { enqueue, type Message } from '../_lib/outbox';
import { cadresAt, facts, handlersAt, link, loadConfig, loadRules, loadRuleSet, unique, actorOf, NOT_FOUND, partyGroupAudience, readSummarised, readVisible, summaryLink } from './store';
import { briefOf, toView, viewOf } from './views';
import { checkText } from '../_lib/content-check';
import type { HeldText } from '../../shared/domain/moderation';
import { CASE_TEXT, maskHeldIn, heldNoticeText } from '../../shared/domain/case-moderation';
import { COLLECTIONS } from '../_lib/collections';
import { runTransaction } from '../_lib/transaction';

/** A retried report with the same requestId lands on the same document id. */
function caseIdFor(userId: string, requestId: string | undefined): string {
  if (!requestId) return `cs${randomBytes(15).toString('hex')}`;
  return `cs${createHash('sha256').update(`${userId}:${requestId}`).digest('hex').slice(0, 30)}`;
}

// ------------------------------------------------------------------------------------------ 排查单

export async function screenCase(input: In<'screen'>, ctx: MemberContext): Promise<Out<'screen'>> {
  const { db, caller } = ctx;
  const id = caseIdFor(caller._id, input.requestId);
  if (input.requestId) {
    const existing = await findById<CaseRecord>(db, COLLECTIONS.cases.name, id);
    if (existing) return toView(existing, actorOf(caller), clock.nowIso());
  }
  const gridId = input.gridId ?? caller.residence?.gridId ?? null;
  if (!gridId) throw invalid('请选择纠纷发生的网格', [{ path: 'gridId', message: '请选择纠纷发生的网格' }]);
  const grid = await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, gridId);
  if (!grid || grid.kind !== 'grid' || grid.path.length < 4) {
    throw invalid('找不到这个网格', [{ path: 'gridId', message: '找不到这个网格' }]);
  }
  const [countyId, townId, villageId] = grid.path as [string, string, string];
  const config = await loadConfig(db, countyId);
  const type = config.types.find((t) => t.code === input.type);
  if (!type) throw invalid('没有这种纠纷类型', [{ path: 'type', message: '没有这种纠纷类型' }]);
  if (!canReportAt(grid.path, { ...actorOf(caller), residencePath: caller.residence?.path ?? null })) {
    throw forbidden('只能登记本村（社区）或您负责网格内的纠纷');
  }
  const village = await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, villageId);
  const key = partiesKey(villageId, input.parties.map((p) => p.name));
  const earlier = await db.collection(COLLECTIONS.cases.name).where({ partiesKey: key }).field({ _id: true }).limit(50).get();
  const previousCaseIds = (earlier.data as { _id: string }[]).map((d) => d._id).filter((x) => x !== id);

  const { held } = await checkText(ctx, { [CASE_TEXT.description]: input.description, [CASE_TEXT.place]: input.place });
  const now = clock.nowIso();
  const level: CaseLevel = 'village';
  const committeeId = committeeFor(level, grid.path);
  const timer = clockFor(level, now, config);
  const reporterIsHandler = holdsRoleOver(caller.roles, CHAIN_ROLES, grid.path);
  const record: CaseRecord = {
    ...(held.length ? { moderation: { held } } : {}),
    _id: id,
    countyId,
    townId,
    villageId,
    gridId,
    path: grid.path,
    unitName: village?.name ?? '',
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
  const handlers = unique(await handlersAt(db, 'village', grid.path), [caller._id]);
  const group = await partyGroupAudience(db, { ...facts(record), gridId }, [caller._id, ...handlers]);
  const recipients = [...handlers, ...group.full];
  try {
    await runTransaction(db, async (tx: Tx) => {
      await tx.collection(COLLECTIONS.cases.name).add(record);
      await enqueue(tx, recipients, {
        kind: 'case.reported',
        title: '网格内登记了新的矛盾纠纷',
        body: `${record.unitName}${grid.name}：${type.label}，${input.parties.map((p) => p.name).join('、')}。请及时研判化解。`,
        link: link(record),
      });
      await enqueue(tx, group.summary, {
        kind: 'case.reported',
        title: '网格内登记了新的矛盾纠纷',
        body: `${record.unitName}${grid.name}：${type.label}，已由${LEVEL_LABELS[level]}受理。`,
        link: summaryLink(record),
      });
      if (held.length) await enqueue(tx, [caller._id], { kind: 'content.held', ...heldNoticeText(held), link: link(record) });
      if (reporterIsHandler) {
        await recordAudit(tx, caller, ctx.requestId, {
          action: 'cases.screen',
          target: { collection: COLLECTIONS.cases.name, id },
          before: null,
          after: { status: record.status, level, type: type.code, gridId },
          path: record.path,
        });
      }
    });
  } catch (err) {
    // Two retries of one report racing: the loser finds the winner's document.
    if (!(input.requestId && isDuplicateKey(err))) throw err;
  }
  return viewOf(db, id, caller);
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

/**
 * One sheet, atomically: the plan is made from the case as read before, the transaction re-reads it,
 * re-checks the rule and that nobody changed it since, then writes the change, its timeline entry,
 * the notifications and the audit entry together.
 */
async function advance(
  caseId: string,
  action: CaseAction,
  ctx: MemberContext,
  plan: (c: CaseRecord, now: string) => Promise<Plan>,
): Promise<Out<'get'>> {
  const { db, caller } = ctx;
  const actor = actorOf(caller);
  const before = await readVisible(db, caseId, caller);
  const verdict = checkCaseAction(action, facts(before), actor);
  if (verdict === 'forbidden') throw forbidden(FORBIDDEN_TEXT[action]);
  if (verdict === 'conflict') throw conflict(CONFLICT_TEXT[action]);
  const now = clock.nowIso();
  const p = await plan(before, now);
  // A network call in the cloud: made before the transaction. Field indexes come from `before`, which
  // the transaction insists is unchanged.
  const { held } = p.texts ? await checkText(ctx, p.texts) : { held: [] as HeldText[] };
  const messages = p.messages.map((m) => ({ ...m, message: { ...m.message, body: maskHeldIn(m.message.body, held, p.texts ?? {}) } }));
  await runTransaction(db, async (tx: Tx) => {
    const c = await findById<CaseRecord>(tx, COLLECTIONS.cases.name, caseId);
    if (!c) throw notFound(NOT_FOUND);
    const again = checkCaseAction(action, facts(c), actor);
    if (again === 'forbidden') throw forbidden(FORBIDDEN_TEXT[action]);
    if (again === 'conflict' || c.updatedAt !== before.updatedAt) throw conflict('案件刚被他人更新，请刷新后再看');
    const status = p.set.status ?? nextCaseStatus(c.status, p.event);
    if (!status) throw conflict(CONFLICT_TEXT[action]);
    const _ = db.command;
    const entry: CaseTimelineEntry = {
      at: now,
      action: p.event,
      actorId: caller._id,
      actorName: caller.name,
      level: p.level,
      note: p.note,
      ...(p.quotes?.length ? { quotes: p.quotes } : {}),
    };
    const pushes = Object.fromEntries(Object.entries(p.push).map(([k, v]) => [k, _.push(v)]));
    const moderation = held.length ? { moderation: { ...c.moderation, held: [...(c.moderation?.held ?? []), ...held] } } : {};
    await tx
      .collection(COLLECTIONS.cases.name)
      .doc(caseId)
      .update({ ...p.set, ...moderation, status, updatedAt: now, ...pushes, timeline: _.push([entry]) });
    for (const m of messages) await enqueue(tx, m.to, m.message);
    if (held.length) await enqueue(tx, [caller._id], { kind: 'content.held', ...heldNoticeText(held), link: link(c) });
    await recordAudit(tx, caller, ctx.requestId, {
      action: `cases.${action}`,
      target: { collection: COLLECTIONS.cases.name, id: caseId },
      before: { status: c.status, level: c.level },
      after: { ...p.set, status, ...(held.length ? { held: held.map((h) => ({ field: h.field, reason: h.reason })) } : {}) },
      path: p.set.path ?? c.path,
    });
  });
  return viewOf(db, caseId, caller);
}

/** The fields that move a case to `level` at `now`: its committee and a fresh deadline. */
async function moveTo(db: Db, c: CaseRecord, level: CaseLevel, now: string): Promise<Partial<CaseRecord>> {
  const config = await loadConfig(db, c.countyId);
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
    const { rules, version: rulesVersion } = await loadRuleSet(db, c.countyId);
    const proposal = routeCase({ type: c.type, risk: input.risk, amountFen: c.amountFen, parties: c.parties.length, repeat: c.repeat }, rules);
    if (checkAssessedLevel(proposal.level, input.level, input.lowerReason) === 'needs-reason') {
      throw invalid(`规则建议${LEVEL_LABELS[proposal.level]}办理，选择更低层级时请写明理由`, [
        { path: 'lowerReason', message: '低于规则建议的层级时，请写明理由' },
      ]);
    }
    const moved = input.level !== c.level ? await moveTo(db, c, input.level, now) : {};
    const messages: Plan['messages'] = [];
    const newHandlers = input.level !== c.level ? await handlersAt(db, input.level, c.path) : [];
    if (input.risk === 'major') {
      // 重大 risk: the town is told at once, whichever level handles the case.
      messages.push({
        to: unique([...(await cadresAt(db, 'town', c.path)), ...newHandlers], [caller._id]),
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
    // A failure goes one level up with everything recorded so far; both levels and the grid are told.
    const moved = await moveTo(db, c, next.level, now);
    const others = unique([...(await handlersAt(db, next.level, c.path)), ...(await handlersAt(db, c.level, c.path)), c.reporterId], [caller._id]);
    const group = await partyGroupAudience(db, { ...facts(c), gridId: c.gridId }, [caller._id, ...others]);
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
    const moved = await moveTo(db, c, c.level, now);
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
          to: unique(await handlersAt(db, c.level, c.path), [caller._id]),
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
