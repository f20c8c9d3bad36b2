/**
 * 风险预警 and 快速反应 as pure rules (CAP 1.2 in spirit): what an alert says (kind, severity, urgency,
 * what to do, area, expiry), who may issue one over which places, how an area is normalised so every
 * resident is counted once, whether it is still in force, and when grids that have not acknowledged
 * 已通知到户 escalate to the village and then the town.
 */
import { holdsRoleOver, type RoleGrant } from './jurisdiction';

export const ALERT_KINDS = ['rainstorm', 'geohazard', 'epidemic', 'public-security', 'utility-outage', 'fire', 'cold-wave', 'other'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const ALERT_KIND_LABELS: Record<AlertKind, string> = {
  rainstorm: '暴雨',
  geohazard: '地质灾害',
  epidemic: '疫情',
  'public-security': '治安',
  'utility-outage': '停水停电',
  fire: '森林防火',
  'cold-wave': '寒潮冰冻',
  other: '其他',
};

/** CAP severity, worded as China's four warning colours. */
export const ALERT_SEVERITIES = ['extreme', 'severe', 'moderate', 'minor'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export const ALERT_SEVERITY_LABELS: Record<AlertSeverity, string> = {
  extreme: '红色预警（特别严重）',
  severe: '橙色预警（严重）',
  moderate: '黄色预警（较重）',
  minor: '蓝色预警（一般）',
};

/** CAP urgency: act now, soon (within hours), or later. */
export const ALERT_URGENCIES = ['immediate', 'expected', 'future'] as const;
export type AlertUrgency = (typeof ALERT_URGENCIES)[number];
export const ALERT_URGENCY_LABELS: Record<AlertUrgency, string> = {
  immediate: '请立即行动',
  expected: '数小时内可能发生',
  future: '近期可能发生',
};

/** The roles that issue, update and end alerts, each within the places it holds. */
export const ALERT_ISSUER_ROLES = ['town-cadre', 'county-admin'] as const;

export interface AreaUnit {
  _id: string;
  kind: string;
  path: readonly string[];
}

/** May the person issue an alert over every one of these places? */
export function canIssueOver(grants: readonly RoleGrant[], units: readonly AreaUnit[]): boolean {
  return units.length > 0 && units.every((u) => holdsRoleOver(grants, ALERT_ISSUER_ROLES, u.path));
}

/** Units an alert's area may name: a town, a village or community, or a grid (not the county as such). */
export function isAreaUnit(u: AreaUnit): boolean {
  return u.kind === 'town' || u.kind === 'village' || u.kind === 'community' || u.kind === 'grid';
}

/**
 * The area as disjoint places: a place inside another chosen place is dropped (a town and one of its
 * villages is the town), duplicates once. Every resident then lies under exactly one of them.
 */
export function normaliseArea<U extends AreaUnit>(units: readonly U[]): U[] {
  const ids = new Set(units.map((u) => u._id));
  const seen = new Set<string>();
  const out: U[] = [];
  for (const u of units) {
    if (seen.has(u._id)) continue;
    seen.add(u._id);
    if (u.path.some((p) => p !== u._id && ids.has(p))) continue;
    out.push(u);
  }
  return out;
}

/** Every unit on the paths of the area's places but the county: the units an alert lies inside or covers. */
export function placesOf(units: readonly AreaUnit[]): string[] {
  return [...new Set(units.flatMap((u) => u.path.slice(1)))];
}

/** Does a place (by its path from the county down) lie in the area? */
export function inArea(areaUnitIds: readonly string[], path: readonly string[]): boolean {
  return path.some((p) => areaUnitIds.includes(p));
}

export interface AlertTiming {
  /** Minutes after issue by which every grid leader should have acknowledged 已通知到户. */
  ackWithinMinutes: number;
  /** Minutes after the acknowledgement deadline when grids still not acknowledged go to the town. */
  townAfterMinutes: number;
}

export const ACK_MINUTES = { min: 10, max: 24 * 60 } as const;
export const EXPIRY_HOURS = { min: 1, max: 30 * 24 } as const;

/** The checks on an alert's times that a contract cannot make alone: the expiry must be after the ack deadline. */
export function timingIssue(ackWithinMinutes: number, expiresInHours: number): string | null {
  if (ackWithinMinutes > expiresInHours * 60) return '通知到户的时限不能晚于预警的有效期';
  return null;
}

/** Still in force: not ended and not past its expiry. */
export function isInForce(a: { status: 'active' | 'ended'; expiresAt: string }, now: string): boolean {
  return a.status === 'active' && a.expiresAt > now;
}

export type EscalationLevel = 1 | 2;

export interface EscalationState {
  status: 'active' | 'ended';
  expiresAt: string;
  ackDueAt: string;
  townAfterMinutes: number;
  /** Escalation levels already done: 0 none, 1 the village cadres told, 2 the town told. */
  escalated: 0 | 1 | 2;
}

/** When the next escalation is due, or null when none will come (ended, expired, both done). */
export function nextEscalationAt(a: EscalationState): string | null {
  if (a.status !== 'active' || a.escalated >= 2) return null;
  const at = a.escalated === 0 ? a.ackDueAt : new Date(Date.parse(a.ackDueAt) + a.townAfterMinutes * 60_000).toISOString();
  return at < a.expiresAt ? at : null;
}

/** The escalation level due at `now`, or null: level 1 tells the village cadres, level 2 the town cadres. */
export function escalationDue(a: EscalationState, now: string): EscalationLevel | null {
  const at = nextEscalationAt(a);
  if (!at || at > now || !isInForce(a, now)) return null;
  return (a.escalated + 1) as EscalationLevel;
}

export interface GridAck {
  gridId: string;
  acked: boolean;
}

/** The places to escalate to at a level: villages (level 1) or towns (level 2) with grids not acknowledged. */
export function escalationTargets(
  grids: readonly { _id: string; path: readonly string[] }[],
  acked: ReadonlySet<string>,
  level: EscalationLevel,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const g of grids) {
    if (acked.has(g._id)) continue;
    const place = level === 1 ? g.path[2] : g.path[1];
    if (!place) continue;
    out.set(place, [...(out.get(place) ?? []), g._id]);
  }
  return out;
}

/** The acknowledgement's checks against the grid: households within the grid's, people from its care list. */
export function ackIssues(
  input: { householdsReached: number; careReachedIds: readonly string[] },
  grid: { households: number; careIds: ReadonlySet<string> },
): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  if (input.householdsReached > grid.households) issues.push({ path: 'householdsReached', message: `本网格只有 ${grid.households} 户` });
  if (input.careReachedIds.some((id) => !grid.careIds.has(id))) issues.push({ path: 'careReachedIds', message: '只能勾选本网格的关爱对象' });
  return issues;
}

/** A grid's reach as the issuer reads it. */
export function gridReach(
  acks: readonly { householdsReached: number; careReachedIds: readonly string[] }[],
  careIds: readonly string[],
): { householdsReached: number; careReached: number; careNotReached: string[] } {
  const reached = new Set(acks.flatMap((a) => a.careReachedIds));
  return {
    householdsReached: acks.reduce((s, a) => s + a.householdsReached, 0),
    careReached: careIds.filter((id) => reached.has(id)).length,
    careNotReached: careIds.filter((id) => !reached.has(id)),
  };
}
