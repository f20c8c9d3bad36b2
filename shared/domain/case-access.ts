/**
 * Who may see and act on a dispute case. Pure: the server decides with it, tests read it as a table,
 * the page only shows the buttons the server lists in `allowed`.
 *
 * - Handlers along the chain (grid leader → village cadre → town cadre → county admin) whose unit is on
 *   the case's path see it; the reporter sees it; nobody else.
 * - Mediators see only cases assigned to their committee (the unit they hold `mediator` at), now or before.
 * - Acting belongs to the level that holds the case and the levels above it: a cadre whose role is at
 *   that level or higher, or a mediator of the committee the case is assigned to now.
 */
import { holdsRoleOver, type RoleGrant } from './jurisdiction';
import { levelRank, type CaseLevel } from './case-catalogue';
import { nextCaseStatus, type CaseEvent, type CaseStatus } from './case-state';

export type CaseAction = 'assess' | 'recordSession' | 'conclude' | 'followUp';

export interface CaseActor {
  id: string;
  grants: readonly RoleGrant[];
}

export interface CaseFacts {
  status: CaseStatus;
  level: CaseLevel;
  /** county → town → village → grid. */
  path: readonly string[];
  reporterId: string;
  /** The committee (unit id) the case is assigned to now. */
  committeeId: string;
  /** Every committee it was ever assigned to. */
  committeeIds: readonly string[];
  sessionCount: number;
}

export const CHAIN_ROLES = ['grid-leader', 'village-cadre', 'town-cadre', 'county-admin'] as const;

/** The cadre role that handles each level. */
export const LEVEL_CADRE_ROLE: Record<CaseLevel, 'village-cadre' | 'town-cadre' | 'county-admin'> = {
  village: 'village-cadre',
  town: 'town-cadre',
  county: 'county-admin',
};

/** The unit whose committee handles a case at `level`: path is county, town, village, grid. */
export function committeeFor(level: CaseLevel, path: readonly string[]): string {
  const index = { county: 0, town: 1, village: 2 }[level];
  const unit = path[index];
  if (!unit) throw new Error(`case path ${path.join('/')} has no ${level}`);
  return unit;
}

function mediatorUnits(actor: CaseActor): string[] {
  return actor.grants.filter((g) => g.role === 'mediator').map((g) => g.unitId);
}

export function canSeeCase(c: CaseFacts, actor: CaseActor): boolean {
  if (actor.id === c.reporterId) return true;
  if (holdsRoleOver(actor.grants, CHAIN_ROLES, c.path)) return true;
  return mediatorUnits(actor).some((u) => c.committeeIds.includes(u));
}

/**
 * The summary of a case (type, place, level, who handles it — none of the parties' words) is read by
 * everyone who may see the case and by the members of its grid's 网格党小组, whom intake alerts.
 */
export function canReadCaseSummary(c: CaseFacts, actor: CaseActor, gridPartyGroupIds: readonly string[]): boolean {
  return canSeeCase(c, actor) || gridPartyGroupIds.includes(actor.id);
}

/** A cadre whose role is at the case's level or above it along the chain. */
export function isCadreHandler(c: Pick<CaseFacts, 'level' | 'path'>, actor: CaseActor): boolean {
  const roles = (Object.keys(LEVEL_CADRE_ROLE) as CaseLevel[])
    .filter((l) => levelRank(l) >= levelRank(c.level))
    .map((l) => LEVEL_CADRE_ROLE[l]);
  return holdsRoleOver(actor.grants, roles, c.path);
}

export function isCommitteeMediator(c: Pick<CaseFacts, 'committeeId'>, actor: CaseActor): boolean {
  return mediatorUnits(actor).includes(c.committeeId);
}

/** People who handle the case now: they may see the parties' full phone numbers. */
export function isCurrentHandler(c: Pick<CaseFacts, 'level' | 'path' | 'committeeId'>, actor: CaseActor): boolean {
  return isCadreHandler(c, actor) || isCommitteeMediator(c, actor);
}

function isEligible(action: CaseAction, c: CaseFacts, actor: CaseActor): boolean {
  switch (action) {
    case 'assess':
      return isCadreHandler(c, actor);
    case 'recordSession':
    case 'conclude':
      return isCurrentHandler(c, actor);
    case 'followUp':
      return isCurrentHandler(c, actor) || holdsRoleOver(actor.grants, ['grid-leader'], c.path);
  }
}

const EVENT_OF: Record<CaseAction, CaseEvent> = {
  assess: 'assess',
  recordSession: 'recordSession',
  conclude: 'agree',
  followUp: 'followUpHeld',
};

/** `forbidden` when the person may never do it, `conflict` when the case is not at that sheet. */
export function checkCaseAction(action: CaseAction, c: CaseFacts, actor: CaseActor): 'ok' | 'forbidden' | 'conflict' {
  if (!isEligible(action, c, actor)) return 'forbidden';
  if (!nextCaseStatus(c.status, EVENT_OF[action])) return 'conflict';
  // An outcome needs at least one recorded session: the agreement or failure comes from one.
  if (action === 'conclude' && c.sessionCount === 0) return 'conflict';
  return 'ok';
}

export function allowedCaseActions(c: CaseFacts, actor: CaseActor): CaseAction[] {
  return (Object.keys(EVENT_OF) as CaseAction[]).filter((a) => checkCaseAction(a, c, actor) === 'ok');
}

/** Who may record a dispute at a place: a resident of it, or a chain handler covering it. */
export function canReportAt(path: readonly string[], actor: CaseActor & { residencePath: readonly string[] | null }): boolean {
  if (holdsRoleOver(actor.grants, CHAIN_ROLES, path)) return true;
  const village = path[2];
  return Boolean(village && actor.residencePath?.includes(village));
}
