/** Who reads and who releases what cadres write for a household (rules in shared/domain/points-moderation). */
import type { OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import { holdsRoleOver } from '../../shared/domain/jurisdiction';
import type { PointsViewer } from '../../shared/domain/points-moderation';
import { APPROVER_ROLES, isOverseer } from './store';

export {
  ADJUST_FIELD,
  DECISION_FIELD,
  hiddenCadreTexts,
  maskWith,
  type ModeratedLedger,
  type ModeratedObjection,
  type PointsViewer,
} from '../../shared/domain/points-moderation';

export function pointsViewer(caller: UserRecord, village: OrgUnitRecord): PointsViewer {
  return { id: caller._id, isCadre: isOverseer(caller, village) };
}

/** A village or town cadre over the village who did not write it may release a cadre's held text. */
export function mayReleaseCadreText(caller: UserRecord, village: OrgUnitRecord, authorId: string): boolean {
  return caller._id !== authorId && holdsRoleOver(caller.roles, APPROVER_ROLES, village.path);
}
