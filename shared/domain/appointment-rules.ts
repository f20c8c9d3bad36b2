/**
 * Who may appoint whom, where; who may change the org tree; what a removal must hand over first.
 * Pure: the `admin` function decides with these and the tests read them as sentences.
 *
 * - A county admin appoints and removes every role anywhere in their county, and changes the whole tree.
 * - A town cadre appoints and removes, inside their own town only, the roles below theirs:
 *   village cadre, grid leader, 警民之家 officer, mediator, supervisor, party member; and adds, renames,
 *   retires and moves villages, communities and grids in the town. Town cadres and county admins are
 *   appointed by a county admin only (nobody raises a peer).
 * - Nobody appoints at a retired unit, and each role sits at the kind of unit it belongs to.
 */
import type { OrgKind } from '../contracts/common';
import { holdsRoleOver, type RoleGrant } from './jurisdiction';

export const APPOINTABLE_ROLES = [
  'village-cadre',
  'town-cadre',
  'grid-leader',
  'police',
  'mediator',
  'supervisor',
  'county-admin',
  'party-member',
] as const;
export type AppointableRole = (typeof APPOINTABLE_ROLES)[number];

export const ROLE_LABELS: Record<AppointableRole, string> = {
  'village-cadre': '村（社区）干部',
  'town-cadre': '镇干部',
  'grid-leader': '网格长',
  police: '警民之家民警',
  mediator: '人民调解员',
  supervisor: '监督员',
  'county-admin': '县管理员',
  'party-member': '报到党员',
};

/** The kinds of unit each role is held at (a mediator sits on a village, town or county committee). */
export const ROLE_UNIT_KINDS: Record<AppointableRole, readonly OrgKind[]> = {
  'village-cadre': ['village', 'community'],
  'town-cadre': ['town'],
  'grid-leader': ['grid'],
  police: ['village', 'community'],
  mediator: ['village', 'community', 'town', 'county'],
  supervisor: ['village', 'community', 'town', 'county'],
  'county-admin': ['county'],
  'party-member': ['village', 'community'],
};

/** What a town cadre may appoint inside the town. */
const TOWN_APPOINTS: readonly AppointableRole[] = ['village-cadre', 'grid-leader', 'police', 'mediator', 'supervisor', 'party-member'];

export interface AdminActor {
  id: string;
  grants: readonly RoleGrant[];
}

export interface UnitFacts {
  id: string;
  kind: OrgKind;
  /** County down to and including the unit. */
  path: readonly string[];
  retired: boolean;
}

export type Verdict = 'ok' | 'forbidden' | 'invalid' | 'conflict';

export function isAdmin(actor: AdminActor): boolean {
  return actor.grants.some((g) => g.role === 'county-admin' || g.role === 'town-cadre');
}

function withinJurisdiction(role: AppointableRole, unit: UnitFacts, actor: AdminActor): boolean {
  if (holdsRoleOver(actor.grants, ['county-admin'], unit.path)) return true;
  // A town cadre's role covers the town itself and everything below it.
  return TOWN_APPOINTS.includes(role) && holdsRoleOver(actor.grants, ['town-cadre'], unit.path);
}

/**
 * May the actor appoint `role` at `unit`? `invalid` when the role does not sit at that kind of unit,
 * and for a party member, who comes by 双报到 (apply, the community confirms), never by appointment.
 */
export function checkAppointment(role: AppointableRole, unit: UnitFacts, actor: AdminActor): Verdict {
  if (role === 'party-member' || !ROLE_UNIT_KINDS[role].includes(unit.kind)) return 'invalid';
  if (!withinJurisdiction(role, unit, actor)) return 'forbidden';
  return unit.retired ? 'conflict' : 'ok';
}

/** Removal follows the same jurisdiction; holders at a retired unit can still be removed. */
export function checkRemoval(role: AppointableRole, unit: UnitFacts, actor: AdminActor): Verdict {
  if (!ROLE_UNIT_KINDS[role].includes(unit.kind)) return 'invalid';
  return withinJurisdiction(role, unit, actor) ? 'ok' : 'forbidden';
}

/** The roles the actor could appoint at this unit (the page offers exactly these). */
export function appointableRolesAt(unit: UnitFacts, actor: AdminActor): AppointableRole[] {
  return APPOINTABLE_ROLES.filter((r) => checkAppointment(r, unit, actor) === 'ok');
}

/** The child kinds a unit may have. */
export const CHILD_KINDS: Partial<Record<OrgKind, readonly OrgKind[]>> = {
  county: ['town'],
  town: ['village', 'community'],
  village: ['grid'],
  community: ['grid'],
};

export type UnitChange = 'add' | 'rename' | 'retire' | 'move';

/**
 * May the actor change the tree at `unit`? For `add`, `unit` is the parent and `kind` the new child's;
 * for `move`, `unit` is the grid and the target village is checked with `add` of a grid there.
 */
export function checkUnitChange(change: UnitChange, unit: UnitFacts, actor: AdminActor, kind?: OrgKind): Verdict {
  const county = holdsRoleOver(actor.grants, ['county-admin'], unit.path);
  const town = holdsRoleOver(actor.grants, ['town-cadre'], unit.path);
  if (change === 'add') {
    if (!kind || !(CHILD_KINDS[unit.kind] ?? []).includes(kind)) return 'invalid';
    if (!county && !(town && kind !== 'town')) return 'forbidden';
    return unit.retired ? 'conflict' : 'ok';
  }
  // The county and the towns are what the county is made of: renamed by its admin, never retired here.
  if (unit.kind === 'county') return change === 'rename' && county ? 'ok' : change === 'rename' ? 'forbidden' : 'invalid';
  if (unit.kind === 'town') {
    if (change !== 'rename') return 'invalid';
    return county ? (unit.retired ? 'conflict' : 'ok') : 'forbidden';
  }
  if (change === 'move' && unit.kind !== 'grid') return 'invalid';
  if (!county && !town) return 'forbidden';
  return unit.retired ? 'conflict' : 'ok';
}

/** Open work a person holds under a role, as the removal lists it. */
export interface OpenWork {
  kind: 'wish' | 'review' | 'case' | 'matter' | 'visitRequest' | 'homeVisit' | 'queue';
  id: string;
  title: string;
}

export const OPEN_WORK_LABELS: Record<OpenWork['kind'], string> = {
  wish: '认领中的心愿',
  review: '待审核的心愿',
  case: '正在办理的矛盾纠纷',
  matter: '等待办理的小微权力事项',
  visitRequest: '待安排的上门申请',
  homeVisit: '已安排的上门走访',
  queue: '警民之家今天的排队',
};

/**
 * Work that waits on a role rather than a person (a case at the village's level, a matter step for
 * the village cadre, today's queue) is only stranded when the person is its last holder there.
 */
export function strandedByRemoval(personWork: readonly OpenWork[], roleWork: readonly OpenWork[], otherHolders: number): OpenWork[] {
  return otherHolders > 0 ? [...personWork] : [...personWork, ...roleWork];
}

/** One line per piece of open work, for the CONFLICT message. */
export function describeOpenWork(work: readonly OpenWork[]): string {
  const lines = work.slice(0, 10).map((w) => `${OPEN_WORK_LABELS[w.kind]}「${w.title}」`);
  const more = work.length > 10 ? `等 ${work.length} 项` : '';
  return `这位同志还有未交接的工作：${lines.join('、')}${more}。请先交接，或选择一位接替的人一并交接。`;
}

/** The last county admin cannot be removed: nobody would be left to appoint one. */
export function checkLastCountyAdmin(role: AppointableRole, otherHolders: number): Verdict {
  return role === 'county-admin' && otherHolders === 0 ? 'conflict' : 'ok';
}

/** Invitations: how long one stays usable, and its code's alphabet (no 0/O, 1/I/L to misread). */
export const INVITATION_DAYS = 7;
export const INVITATION_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const INVITATION_CODE_LENGTH = 8;

export type InvitationStatus = 'open' | 'used' | 'revoked';

export function checkInvitationUse(inv: { status: InvitationStatus; expiresAt: string }, nowIso: string): 'ok' | 'used' | 'revoked' | 'expired' {
  if (inv.status === 'used') return 'used';
  if (inv.status === 'revoked') return 'revoked';
  return inv.expiresAt <= nowIso ? 'expired' : 'ok';
}

/** Wrong codes (bootstrap or invitation) per person per window before RATE_LIMITED. */
export const WRONG_CODE_LIMIT = 5;
export const WRONG_CODE_WINDOW_MS = 15 * 60_000;
