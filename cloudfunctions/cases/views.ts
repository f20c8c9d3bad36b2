import type { CaseSummary, CaseView } from '../../shared/contracts/cases';
import { allowedCaseActions, committeeFor, isCurrentHandler, type CaseActor } from '../../shared/domain/case-access';
import { deadlineText, followUpKind, isOverdue } from '../../shared/domain/case-deadlines';
import { CASE_TEXT, caseText, heldShownTo, maskQuotedNote, releasableBy, type CaseTextViewer } from '../../shared/domain/case-moderation';
import type { CaseRecord } from '../../shared/domain/case-records';
import { caseEventLabel, isOpen, nextSheet } from '../../shared/domain/case-state';
import type { Moderated } from '../../shared/domain/moderation';
import { textForReader } from '../../shared/domain/masking';
import { actorOf, facts, handlerKeys, NOT_FOUND, readAround } from './store';
import { findById } from '../_lib/db';
import { notFound } from '../_lib/errors';
import { clock } from '../_lib/clock';
import type { Out } from './types';
import { COLLECTIONS } from '../_lib/collections';
import type { UserRecord } from '../../shared/domain/records';
import type { Db } from '@cloudbase/database';

export const SUMMARY_FIELDS = [
  'type',
  'typeLabel',
  'status',
  'level',
  'urgency',
  'urgencyRank',
  'risk',
  'unitName',
  'gridName',
  'parties.name',
  'description',
  'reporterName',
  'deadlineAt',
  'reporterId',
  'moderation',
  // Whether the reader handles the case now decides if held text reaches them.
  'path',
  'committeeId',
] as const;

/** What a list reads of each case (projection of SUMMARY_FIELDS). */
export type SummaryRecord = Pick<
  CaseRecord,
  '_id' | 'createdAt' | 'type' | 'typeLabel' | 'status' | 'level' | 'urgency' | 'risk' | 'unitName' | 'gridName' | 'description' | 'reporterName' | 'deadlineAt'
> & Moderated & { parties: { name: string }[]; reporterId?: string; path: string[]; committeeId: string };

/** The reader of a list row: a current handler over that case reads its held text, as its author does. */
export function rowViewer(c: Pick<CaseRecord, 'level' | 'path' | 'committeeId'>, actor: CaseActor): CaseTextViewer {
  return { id: actor.id, handler: isCurrentHandler(c, actor) };
}

export function toSummary(c: SummaryRecord, nowIso: string, viewer: CaseTextViewer): CaseSummary {
  // The handlers reach the parties by the numbers written in; any other reader, but the reporter, reads them masked.
  const description = textForReader(caseText(c.moderation, CASE_TEXT.description, c.description, viewer), c.reporterId ?? [], { id: viewer.id, handler: viewer.handler });
  const open = isOpen(c.status);
  const deadline = open ? c.deadlineAt : null;
  return {
    id: c._id,
    type: c.type,
    typeLabel: c.typeLabel,
    status: c.status,
    level: c.level,
    urgency: c.urgency,
    risk: c.risk,
    unitName: c.unitName,
    gridName: c.gridName,
    partyNames: c.parties.map((p) => p.name),
    brief: description.length > 40 ? `${description.slice(0, 40)}…` : description,
    reporterName: c.reporterName,
    deadlineAt: deadline,
    deadlineText: deadline ? deadlineText(deadline, nowIso) : null,
    overdue: isOverdue(deadline, nowIso),
    createdAt: c.createdAt,
    ...(c.moderation?.held.length ? { underReview: true as const } : {}),
  };
}

export function toView(c: CaseRecord, actor: CaseActor, nowIso: string): CaseView {
  const f = facts(c);
  const handler = isCurrentHandler(f, actor);
  const viewer: CaseTextViewer = { id: actor.id, handler };
  const m = c.moderation;
  const reader = { id: actor.id, handler };
  const show = <T extends string | null>(field: string, value: T, authorId: string | null = null) =>
    textForReader(caseText(m, field, value, viewer), authorId ? [authorId] : [], reader);
  const held = heldShownTo(m, viewer);
  const allowed: CaseView['allowed'] = allowedCaseActions(f, actor);
  if (releasableBy(m, viewer).length) allowed.push('release');
  return {
    ...toSummary(c, nowIso, viewer),
    description: show(CASE_TEXT.description, c.description, c.reporterId),
    ...(held.length ? { held } : {}),
    amountFen: c.amountFen,
    parties: c.parties.map((p) => ({ name: p.name, phoneMasked: p.phoneMasked, phone: handler ? p.phone : null })),
    repeat: c.repeat,
    escalations: c.escalations,
    nextSheet: nextSheet(c.status),
    screening: {
      at: c.screening.at,
      byName: c.screening.byName,
      onBehalfOf: c.screening.onBehalfOf,
      place: show(CASE_TEXT.place, c.screening.place, c.screening.byId),
    },
    assessment: c.assessment
      ? {
          at: c.assessment.at,
          byName: c.assessment.byName,
          risk: c.assessment.risk,
          proposedLevel: c.assessment.proposedLevel,
          proposedExplanation: c.assessment.proposedExplanation,
          level: c.assessment.level,
          lowerReason: show(CASE_TEXT.lowerReason, c.assessment.lowerReason, c.assessment.byId),
          note: show(CASE_TEXT.assessmentNote, c.assessment.note, c.assessment.byId),
        }
      : null,
    sessions: c.sessions.map((s, i) => ({
      date: s.date,
      level: s.level,
      mediatorName: s.mediatorName,
      participants: s.participants,
      summary: show(CASE_TEXT.sessionSummary(i), s.summary, s.byId),
    })),
    outcomes: c.outcomes.map((o, i) => ({
      at: o.at,
      level: o.level,
      outcome: o.outcome,
      agreement: show(CASE_TEXT.agreement(i), o.agreement),
      signedBy: o.signedBy,
      reason: show(CASE_TEXT.failReason(i), o.reason),
      byName: o.byName,
    })),
    followUpDueAt: c.followUpDueAt,
    followUpDue: c.status === 'agreed' && followUpKind(c.followUpDueAt, clock.nowIso()) === 'due',
    followUps: c.followUps.map((u, i) => ({
      at: u.at,
      byName: u.byName,
      held: u.held,
      satisfaction: u.satisfaction,
      note: show(CASE_TEXT.followUpNote(i), u.note, u.byId),
      kind: u.kind ?? 'due',
      earlyReason: u.earlyReason ?? null,
    })),
    timeline: c.timeline.map((e) => ({
      at: e.at,
      action: caseEventLabel(e.action),
      actorName: e.actorName,
      level: e.level,
      note: textForReader(maskQuotedNote(e.note, e.quotes, m, c, viewer), e.actorId, reader),
    })),
    allowed,
  };
}

/** The case as the caller sees it now (after a write: read back, then shaped). */
export async function viewOf(db: Db, caseId: string, caller: UserRecord): Promise<Out<'get'>> {
  const c = await findById<CaseRecord>(db, COLLECTIONS.cases.name, caseId);
  if (!c) throw notFound(NOT_FOUND);
  return toView(c, actorOf(caller), clock.nowIso());
}

/** The 网格党小组's view of a case: where, what kind, which level and who handles it; nothing the parties said. */
export async function briefOf(db: Db, c: CaseRecord, canOpen: boolean): Promise<Out<'summary'>> {
  // One read: the handling unit with its cadres and mediators (was the unit, two role queries and the names).
  const { unit, people } = await readAround(db, { unitId: committeeFor(c.level, c.path), countyId: c.countyId, keys: handlerKeys(c.level, c.path) });
  return {
    id: c._id,
    typeLabel: c.typeLabel,
    unitName: c.unitName,
    gridName: c.gridName,
    level: c.level,
    status: c.status,
    handlerUnitName: unit?.name ?? c.unitName,
    handlerNames: [...new Set(people.filter((u) => !u.closedAt).map((u) => u.name))],
    createdAt: c.createdAt,
    canOpen,
  };
}
