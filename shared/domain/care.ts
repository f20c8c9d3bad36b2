/**
 * The grid's care register (关爱对象): the vulnerable people a grid looks after in person — visits
 * (上门入户访民情) and alerts that must reach them. Private to the grid and the cadres over it.
 */
import { holdsRoleOver, type RoleGrant } from './jurisdiction';

export const CARE_KINDS = ['living-alone-elderly', 'left-behind-child', 'disabled', 'seriously-ill'] as const;
export type CareKind = (typeof CARE_KINDS)[number];

export const CARE_KIND_LABELS: Record<CareKind, string> = {
  'living-alone-elderly': '独居老人',
  'left-behind-child': '留守儿童',
  disabled: '残疾人',
  'seriously-ill': '重病',
};

/** Who may read a grid's register: its grid leaders and the village, town and county cadres over it. */
const READERS = ['grid-leader', 'village-cadre', 'town-cadre', 'county-admin'] as const;
/** Who keeps it: the grid's leaders and the village's cadres (they know the people). */
const KEEPERS = ['grid-leader', 'village-cadre'] as const;

export function canReadCareRegister(grants: readonly RoleGrant[], gridPath: readonly string[]): boolean {
  return holdsRoleOver(grants, READERS, gridPath);
}

export function canKeepCareRegister(grants: readonly RoleGrant[], gridPath: readonly string[]): boolean {
  return holdsRoleOver(grants, KEEPERS, gridPath);
}

/** "独居老人、重病": the kinds in the table's order, for people. */
export function careKindsLabel(kinds: readonly CareKind[]): string {
  return CARE_KINDS.filter((k) => kinds.includes(k)).map((k) => CARE_KIND_LABELS[k]).join('、');
}
