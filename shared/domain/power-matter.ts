/**
 * A matter (办事) moves strictly along the flowchart it started under: one step at a time, each
 * step done by a person holding the step's role over the matter's place, never skipped. Pure:
 * the function decides with these and tests read them as tables.
 */
import { holdsRoleOver, type RoleGrant } from './jurisdiction';
import type { PowerStep, StepRole } from './power-catalogue';
import { dueAfterWorkingDays, workingDaysBetween } from './power-workdays';
import type { HolidayCalendar } from './power-holidays';

export const MATTER_STATUSES = ['in_progress', 'done', 'refused', 'withdrawn'] as const;
export type MatterStatus = (typeof MATTER_STATUSES)[number];

export const STEP_STATUSES = ['done', 'current', 'pending', 'refused', 'cancelled'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export const MATTER_STATUS_LABELS: Record<MatterStatus, string> = {
  in_progress: '办理中',
  done: '已办结',
  refused: '未通过',
  withdrawn: '已撤回',
};

export const STEP_STATUS_LABELS: Record<StepStatus, string> = {
  done: '已完成',
  current: '正在办理',
  pending: '未开始',
  refused: '未通过',
  cancelled: '未办理',
};

/** What a matter's timeline entry stores in `action`: the event's code (worded by `matterEventLabel`). */
export const MATTER_EVENTS = ['apply', 'start', 'complete', 'refuse', 'withdraw', 'overdue', 'rate', 'complain'] as const;
export type MatterEvent = (typeof MATTER_EVENTS)[number];

/**
 * A timeline entry's words for people. A step's event names the step (「完成：村级审查」), the rating
 * its stars; entries stored before codes hold their words and pass through.
 */
export function matterEventLabel(
  e: { action: string; stepIndex: number | null },
  m: { steps: readonly { title: string }[]; rating: { stars: number } | null },
): string {
  const step = e.stepIndex !== null ? m.steps[e.stepIndex]?.title ?? '' : '';
  switch (e.action as MatterEvent) {
    case 'apply': return '提出申请';
    case 'start': return '发起事项';
    case 'complete': return `完成：${step}`;
    case 'refuse': return `不予通过：${step}`;
    case 'withdraw': return '撤回申请';
    case 'overdue': return `超过办理时限：${step}`;
    case 'rate': return m.rating ? `评价：${m.rating.stars} 星` : '评价';
    case 'complain': return '向村务监督委员会反映问题';
    default: return e.action;
  }
}

export interface MatterStep extends PowerStep {
  status: StepStatus;
  startedAt: string | null;
  dueAt: string | null;
  doneAt: string | null;
  actorId: string | null;
  actorName: string | null;
  note: string | null;
  /** Where content security keeps the note if it holds it (see power-moderation). */
  noteField?: string;
  /** Set once the step ran past its time limit (the timer flags it and tells the supervisor). */
  overdue: boolean;
}

export interface MatterActor {
  id: string;
  grants: readonly RoleGrant[];
}

export interface MatterFacts {
  status: MatterStatus;
  applicantId: string;
  current: number | null;
  steps: readonly Pick<MatterStep, 'role'>[];
  path: readonly string[];
}

/** Roles that see every matter over their place: the handlers and the supervisors. */
export const MATTER_WATCH_ROLES = ['village-cadre', 'town-cadre', 'county-admin', 'supervisor'] as const;

/** Does this person hold the step's role over the matter? The applicant step is the applicant's. */
export function holdsStepRole(role: StepRole, m: Pick<MatterFacts, 'applicantId' | 'path'>, actor: MatterActor): boolean {
  if (role === 'applicant') return actor.id === m.applicantId;
  return holdsRoleOver(actor.grants, [role], m.path);
}

export function canSeeMatter(m: MatterFacts, actor: MatterActor): boolean {
  if (actor.id === m.applicantId) return true;
  if (holdsRoleOver(actor.grants, MATTER_WATCH_ROLES, m.path)) return true;
  // Anyone named by one of the steps (a grid leader of the applicant's grid) sees it too.
  return m.steps.some((s) => s.role !== 'applicant' && holdsRoleOver(actor.grants, [s.role], m.path));
}

export type StepVerdict = 'ok' | 'forbidden' | 'skip' | 'closed';

/**
 * May `actor` complete (or refuse) step `stepIndex` now? `closed` when the matter is over, `skip`
 * when the step is not the current one (ahead of it or already done), `forbidden` when the person
 * does not hold the step's role over the matter's place.
 */
export function checkStepAction(m: MatterFacts, stepIndex: number, actor: MatterActor): StepVerdict {
  if (m.status !== 'in_progress' || m.current === null) return 'closed';
  const step = m.steps[stepIndex];
  if (!step || stepIndex !== m.current) return 'skip';
  return holdsStepRole(step.role, m, actor) ? 'ok' : 'forbidden';
}

/** The steps of a new matter: applicant steps done at once by the applicant, the next one running. */
export function startSteps(
  flow: readonly PowerStep[],
  start: { at: string; applicantId: string; applicantName: string; note: string | null; noteField?: string },
  calendar?: HolidayCalendar,
): { steps: MatterStep[]; current: number } {
  const steps: MatterStep[] = flow.map((s) => ({
    ...s,
    status: 'pending',
    startedAt: null,
    dueAt: null,
    doneAt: null,
    actorId: null,
    actorName: null,
    note: null,
    overdue: false,
  }));
  let i = 0;
  while (i < steps.length && steps[i]!.role === 'applicant') {
    Object.assign(steps[i]!, {
      status: 'done',
      startedAt: start.at,
      doneAt: start.at,
      actorId: start.applicantId,
      actorName: start.applicantName,
      note: start.note,
      ...(start.note !== null && start.noteField ? { noteField: start.noteField } : {}),
    });
    i++;
  }
  const current = Math.min(i, steps.length - 1);
  begin(steps[current]!, start.at, calendar);
  return { steps, current };
}

function begin(step: MatterStep, at: string, calendar?: HolidayCalendar): void {
  step.status = 'current';
  step.startedAt = at;
  step.dueAt = dueAfterWorkingDays(at, step.limitDays, calendar);
}

/** Who did a step, with their note and the field content security keeps that note under. */
export interface StepActor {
  id: string;
  name: string;
  at: string;
  note: string | null;
  noteField?: string;
}

const noteFieldOf = (by: StepActor) => (by.note !== null && by.noteField ? { noteField: by.noteField } : {});

export interface StepOutcome {
  steps: MatterStep[];
  current: number | null;
  status: MatterStatus;
}

/** Completes the current step; the next one starts now, or the matter is done after the last. */
export function completeStep(
  steps: readonly MatterStep[],
  current: number,
  by: StepActor,
  calendar?: HolidayCalendar,
): StepOutcome {
  const next = steps.map((s) => ({ ...s }));
  const step = next[current]!;
  // A step finished late stays marked late in the history, flagged by the timer or not.
  const late = step.overdue || (step.dueAt !== null && by.at > step.dueAt);
  Object.assign(step, { status: 'done', doneAt: by.at, actorId: by.id, actorName: by.name, note: by.note, overdue: late, ...noteFieldOf(by) });
  if (current + 1 >= next.length) return { steps: next, current: null, status: 'done' };
  begin(next[current + 1]!, by.at, calendar);
  return { steps: next, current: current + 1, status: 'in_progress' };
}

/** Ends the matter at the current step: refused by the handler, or withdrawn by the applicant. */
export function closeAt(
  steps: readonly MatterStep[],
  current: number,
  how: 'refused' | 'withdrawn',
  by: StepActor,
): StepOutcome {
  const next = steps.map((s, i) => {
    if (i < current) return { ...s };
    if (i === current && how === 'refused') return { ...s, status: 'refused' as const, doneAt: by.at, actorId: by.id, actorName: by.name, note: by.note, ...noteFieldOf(by) };
    return { ...s, status: 'cancelled' as const };
  });
  return { steps: next, current: null, status: how };
}

/** Working days from the application to the end, for the public average. */
export function matterWorkingDays(createdAt: string, endedAt: string, calendar?: HolidayCalendar): number {
  return workingDaysBetween(createdAt, endedAt, calendar);
}

/** Anonymous counts per item for the public view. */
export interface ItemCounts {
  inProgress: number;
  done: number;
  /** Average working days of the matters done, one decimal; null before the first. */
  averageDays: number | null;
}

export function averageDays(totalDays: number, done: number): number | null {
  return done > 0 ? Math.round((totalDays / done) * 10) / 10 : null;
}
