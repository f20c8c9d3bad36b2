/**
 * Jurisdiction: county ⊃ town ⊃ village/community ⊃ grid ⊃ household. Every org unit and every
 * record that belongs to a place carries the path of unit ids from the county down; a role held
 * at unit U covers exactly the records whose path contains U.
 */
export interface RoleGrant {
  role: string;
  unitId: string;
}

export function covers(grant: RoleGrant, path: readonly string[]): boolean {
  return path.includes(grant.unitId);
}

/** True when any of `roles` (by code) held by the person covers `path`. */
export function holdsRoleOver(grants: readonly RoleGrant[], roles: readonly string[], path: readonly string[]): boolean {
  return grants.some((g) => roles.includes(g.role) && covers(g, path));
}

export function unitsWithRole(grants: readonly RoleGrant[], role: string): string[] {
  return grants.filter((g) => g.role === role).map((g) => g.unitId);
}
