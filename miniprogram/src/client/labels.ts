import { unitWord } from '@shared/domain/labels-for-people';
import type { Role } from '@shared/contracts/auth';
import type { Persona } from '@shared/contracts/common';

export const PERSONA_LABELS: Record<Persona, string> = {
  resident: '居民',
  resettled: '安置户',
  'party-member': '党员',
  'grid-leader': '网格长',
  'village-cadre': '村干部',
  'town-cadre': '镇干部',
  'county-admin': '县管理员',
  police: '社区民警',
  mediator: '调解员',
  supervisor: '监督员',
};

export const ROLE_LABELS: Record<Role, string> = {
  'party-member': '党员',
  'grid-leader': '网格长',
  'village-cadre': '村（社区）干部',
  'town-cadre': '镇干部',
  'county-admin': '县管理员',
  police: '社区民警',
  mediator: '人民调解员',
  supervisor: '村务监督员',
};

/** 村 or 社区 for where this person lives (村（社区） when not known): never 村里 for a community. */
export function unitWordOf(user: { residence: { unitKind?: 'county' | 'town' | 'village' | 'community' | 'grid' } | null } | null | undefined): string {
  return unitWord(user?.residence?.unitKind);
}
