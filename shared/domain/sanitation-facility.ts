/**
 * 三污治理 facilities as pure rules: what kinds there are, the sewage modes, the status a facility may
 * move to, and who keeps a facility's record (a village cadre their village's, town and county cadres
 * everything under their unit).
 */
import { holdsRoleOver, type RoleGrant } from './jurisdiction';

export const FACILITY_KINDS = ['collection-point', 'transfer-station', 'treatment-plant', 'sewage-facility', 'oxidation-pond', 'public-toilet'] as const;
export type FacilityKind = (typeof FACILITY_KINDS)[number];

export const FACILITY_KIND_LABELS: Record<FacilityKind, string> = {
  'collection-point': '垃圾收集点',
  'transfer-station': '垃圾转运站',
  'treatment-plant': '垃圾处理厂',
  'sewage-facility': '污水处理设施',
  'oxidation-pond': '生物氧化塘',
  'public-toilet': '公共厕所',
};

/** The four sewage modes of the county report (城郊村接入城镇管网、移民安置点一体化处理、小型人工湿地、生物氧化塘). */
export const SEWAGE_MODES = ['town-network', 'integrated', 'wetland', 'oxidation-pond'] as const;
export type SewageMode = (typeof SEWAGE_MODES)[number];

export const SEWAGE_MODE_LABELS: Record<SewageMode, string> = {
  'town-network': '接入城镇管网',
  integrated: '一体化处理设备',
  wetland: '小型人工湿地',
  'oxidation-pond': '生物氧化塘',
};

/** Kinds that carry a sewage mode (and count toward sewage coverage). */
export const SEWAGE_KINDS: readonly FacilityKind[] = ['sewage-facility', 'oxidation-pond'];

export const FACILITY_STATUSES = ['in-service', 'faulty', 'under-repair', 'retired'] as const;
export type FacilityStatus = (typeof FACILITY_STATUSES)[number];

export const FACILITY_STATUS_LABELS: Record<FacilityStatus, string> = {
  'in-service': '正常运行',
  faulty: '故障',
  'under-repair': '维修中',
  retired: '已停用',
};

const NEXT: Record<FacilityStatus, readonly FacilityStatus[]> = {
  'in-service': ['faulty', 'under-repair', 'retired'],
  faulty: ['under-repair', 'in-service', 'retired'],
  'under-repair': ['in-service', 'faulty', 'retired'],
  retired: [],
};

/** A status change is allowed only along NEXT: a retired facility stays retired, a status is never "changed" to itself. */
export function canMoveStatus(from: FacilityStatus, to: FacilityStatus): boolean {
  return NEXT[from].includes(to);
}

export function nextStatuses(from: FacilityStatus): readonly FacilityStatus[] {
  return NEXT[from];
}

/** The mode is required for sewage kinds and refused for every other kind; an oxidation pond's mode is its own. */
export function modeProblem(kind: FacilityKind, mode: SewageMode | null | undefined): string | null {
  if (kind === 'oxidation-pond') return mode && mode !== 'oxidation-pond' ? '生物氧化塘的处理方式只能是生物氧化塘' : null;
  if (kind === 'sewage-facility') return mode ? null : '污水处理设施须写明处理方式';
  return mode ? '只有污水处理设施有处理方式' : null;
}

export const KEEPER_ROLES = ['village-cadre', 'town-cadre', 'county-admin'] as const;

/** Who keeps (adds, edits, inspects, changes the status of) a facility at `path`: a cadre over the place. */
export function canKeepFacility(grants: readonly RoleGrant[], path: readonly string[]): boolean {
  return holdsRoleOver(grants, KEEPER_ROLES, path);
}

/** Who reads the ledger of a place: its keepers and its supervisors. Residents read the public list of their own village. */
export function canReadLedger(grants: readonly RoleGrant[], path: readonly string[]): boolean {
  return holdsRoleOver(grants, [...KEEPER_ROLES, 'supervisor'], path);
}

/** A collection point not collected within its interval is due: the time it becomes overdue. */
export function collectionDueAt(lastCollectedAt: string | null, intervalDays: number, since: string): string {
  const from = Date.parse(lastCollectedAt ?? since);
  return new Date(from + intervalDays * 24 * 3600_000).toISOString();
}
