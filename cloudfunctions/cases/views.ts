import type { CaseSummary, CaseView } from '../../shared/contracts/cases';
import { allowedCaseActions, isCurrentHandler, type CaseActor } from '../../shared/domain/case-access';
import { deadlineText, isOverdue } from '../../shared/domain/case-deadlines';
import type { CaseRecord } from '../../shared/domain/case-records';
import { isOpen, nextSheet } from '../../shared/domain/case-state';
import { facts } from './support';
import { HELD_PLACEHOLDER, type ModerationState } from '../../shared/domain/moderation';

/** A case as stored, with the description content security may hold. */
export type ModeratedCase = CaseRecord & { moderation?: ModerationState };

/** Held text reaches its author and the current handlers only; everyone else sees the placeholder. */
function heldHidden(c: { moderation?: ModerationState; reporterId?: string }, viewer: { id: string; handler: boolean } | null): boolean {
  const held = c.moderation?.held ?? [];
  if (!held.some((h) => h.field === 'description')) return false;
  if (!viewer) return true;
  return !(viewer.handler || held.every((h) => h.authorId === viewer.id));
}


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
] as const;

/** What a list reads of each case (projection of SUMMARY_FIELDS). */
export type SummaryRecord = Pick<
  CaseRecord,
  '_id' | 'createdAt' | 'type' | 'typeLabel' | 'status' | 'level' | 'urgency' | 'risk' | 'unitName' | 'gridName' | 'description' | 'reporterName' | 'deadlineAt'
> & { parties: { name: string }[]; reporterId?: string; moderation?: ModerationState };

export function toSummary(c: SummaryRecord, nowIso: string, viewer: { id: string; handler: boolean } | null = null): CaseSummary {
  const description = heldHidden(c, viewer) ? HELD_PLACEHOLDER : c.description;
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
  };
}

export function toView(c: ModeratedCase, actor: CaseActor, nowIso: string): CaseView {
  const f = facts(c);
  const handler = isCurrentHandler(f, actor);
  const viewer = { id: actor.id, handler };
  const hidden = heldHidden(c, viewer);
  const held = hidden ? [] : (c.moderation?.held ?? []).map((h) => ({ field: h.field, reason: h.reason }));
  return {
    ...toSummary(c, nowIso, viewer),
    description: hidden ? HELD_PLACEHOLDER : c.description,
    ...(held.length ? { held } : {}),
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
