import type { CaseSummary, CaseView } from '../../shared/contracts/cases';
import { allowedCaseActions, isCurrentHandler, type CaseActor } from '../../shared/domain/case-access';
import { deadlineText, isOverdue } from '../../shared/domain/case-deadlines';
import type { CaseRecord } from '../../shared/domain/case-records';
import { isOpen, nextSheet } from '../../shared/domain/case-state';
import { facts } from './support';

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
] as const;

/** What a list reads of each case (projection of SUMMARY_FIELDS). */
export type SummaryRecord = Pick<
  CaseRecord,
  '_id' | 'createdAt' | 'type' | 'typeLabel' | 'status' | 'level' | 'urgency' | 'risk' | 'unitName' | 'gridName' | 'description' | 'reporterName' | 'deadlineAt'
> & { parties: { name: string }[] };

export function toSummary(c: SummaryRecord, nowIso: string): CaseSummary {
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
    brief: c.description.length > 40 ? `${c.description.slice(0, 40)}…` : c.description,
    reporterName: c.reporterName,
    deadlineAt: deadline,
    deadlineText: deadline ? deadlineText(deadline, nowIso) : null,
    overdue: isOverdue(deadline, nowIso),
    createdAt: c.createdAt,
  };
}

export function toView(c: CaseRecord, actor: CaseActor, nowIso: string): CaseView {
  const f = facts(c);
  const handler = isCurrentHandler(f, actor);
  return {
    ...toSummary(c, nowIso),
    description: c.description,
    amountFen: c.amountFen,
    parties: c.parties.map((p) => ({ name: p.name, phoneMasked: p.phoneMasked, phone: handler ? p.phone : null })),
    repeat: c.repeat,
    escalations: c.escalations,
    nextSheet: nextSheet(c.status),
    screening: { at: c.screening.at, byName: c.screening.byName, onBehalfOf: c.screening.onBehalfOf, place: c.screening.place },
    assessment: c.assessment
      ? {
          at: c.assessment.at,
          byName: c.assessment.byName,
          risk: c.assessment.risk,
          proposedLevel: c.assessment.proposedLevel,
          proposedExplanation: c.assessment.proposedExplanation,
          level: c.assessment.level,
          lowerReason: c.assessment.lowerReason,
          note: c.assessment.note,
        }
      : null,
    sessions: c.sessions.map((s) => ({ date: s.date, level: s.level, mediatorName: s.mediatorName, participants: s.participants, summary: s.summary })),
    outcomes: c.outcomes.map((o) => ({
      at: o.at,
      level: o.level,
      outcome: o.outcome,
      agreement: o.agreement,
      signedBy: o.signedBy,
      reason: o.reason,
      byName: o.byName,
    })),
    followUpDueAt: c.followUpDueAt,
    followUps: c.followUps.map((u) => ({ at: u.at, byName: u.byName, held: u.held, satisfaction: u.satisfaction, note: u.note })),
    timeline: c.timeline.map((e) => ({ at: e.at, action: e.action, actorName: e.actorName, level: e.level, note: e.note })),
    allowed: allowedCaseActions(f, actor),
  };
}
