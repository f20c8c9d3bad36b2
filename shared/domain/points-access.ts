/**
 * Who may rate, read, correct and release in a village's points (积分制). Pure: the points function
 * decides with it and turns a refusal into FORBIDDEN; the unit test reads it as sentences.
 *
 * - Rating (the 评议小组) is the village's own business: only a village cadre of that very village.
 * - Overseers read every household's points: the village's cadres and the town and county above it.
 * - Approvers sign a correction after finalisation: village and town cadres over the village.
 * - A resident reads their village's public board and their own confirmed household's details.
 * - Held text is released by a cadre who did not write it: a household's objection reason by the
 *   village cadres who decide it; a cadre's decision or correction reason by another approver.
 */
import { holdsRoleOver, type RoleGrant } from './jurisdiction';
import { DECISION_FIELD, type ModeratedObjection, type PointsViewer } from './points-moderation';
import { releasableHeld, type HeldText } from './moderation';
import type { OrgUnitRecord, UserRecord } from './records';

export interface PointsActor {
  id: string;
  grants: readonly RoleGrant[];
  /** The village or community the person lives in, or null. */
  homeUnitId: string | null;
  /** Their own household once the village has confirmed it, else null. */
  householdId: string | null;
}

/** The village a rule is about: its id and its path from the county down. */
export type PointsVillage = Pick<OrgUnitRecord, '_id' | 'path'>;

/** Who runs the evaluation (评议小组): the village's cadres. */
export const RATER_ROLES = ['village-cadre'] as const;
/** Who may read every household's points in a village: its cadres and those above them. */
export const OVERSEER_ROLES = ['village-cadre', 'town-cadre', 'county-admin'] as const;
/** Who may approve a correction after finalisation. */
export const APPROVER_ROLES = ['village-cadre', 'town-cadre'] as const;
/** Who decides a household's objection, and so releases its held reason. */
export const OBJECTION_DECIDER_ROLES = ['village-cadre'] as const;

export function pointsActorOf(user: Pick<UserRecord, '_id' | 'roles' | 'residence'>): PointsActor {
  const r = user.residence;
  return {
    id: user._id,
    grants: user.roles,
    homeUnitId: r?.unitId ?? null,
    householdId: r && r.householdConfirmed && r.householdId ? r.householdId : null,
  };
}

/** Rating is the village's own business: only a role held at the village itself, not above it. */
export function isRater(actor: PointsActor, village: PointsVillage): boolean {
  return actor.grants.some((g) => (RATER_ROLES as readonly string[]).includes(g.role) && g.unitId === village._id);
}

export function isOverseer(actor: PointsActor, village: PointsVillage): boolean {
  return holdsRoleOver(actor.grants, OVERSEER_ROLES, village.path);
}

export function isApprover(actor: PointsActor, village: PointsVillage): boolean {
  return holdsRoleOver(actor.grants, APPROVER_ROLES, village.path);
}

export function livesIn(actor: PointsActor, village: PointsVillage): boolean {
  return actor.homeUnitId === village._id;
}

/** The person's own confirmed household is `householdId`. */
export function ownsHousehold(actor: PointsActor, householdId: string): boolean {
  return actor.householdId === householdId;
}

/** Held cadre text is read by its author and the overseers of the village. */
export function pointsViewer(actor: PointsActor, village: PointsVillage): PointsViewer {
  return { id: actor.id, isCadre: isOverseer(actor, village) };
}

/** A village or town cadre over the village who did not write it may release a cadre's held text. */
export function mayReleaseCadreText(actor: PointsActor, village: PointsVillage, authorId: string): boolean {
  return releasableHeld([{ authorId }], actor.id).length > 0 && isApprover(actor, village);
}

/** The village cadres decide objections, so they alone (over the household) may release a held reason. */
export function mayReleaseObjection(actor: PointsActor, village: PointsVillage): boolean {
  return holdsRoleOver(actor.grants, OBJECTION_DECIDER_ROLES, village.path);
}

/** A held objection reason reaches only the household and the village cadres (who decide it and may release it). */
export function seesHeldObjection(actor: PointsActor, o: Pick<ModeratedObjection, 'householdId'>, village: PointsVillage): boolean {
  return ownsHousehold(actor, o.householdId) || mayReleaseObjection(actor, village);
}

/** The held fields of an objection this actor may release: the household's reason, or a cadre's decision reason. */
export function releasableFields(o: ModeratedObjection, actor: PointsActor, village: PointsVillage): HeldText[] {
  return releasableHeld(o.moderation?.held ?? [], actor.id).filter((h) =>
    h.field === DECISION_FIELD ? mayReleaseCadreText(actor, village, h.authorId) : mayReleaseObjection(actor, village),
  );
}

/** The county admin sets the county's default indicators; a village's own cadres adjust the village's. */
export function mayConfigure(actor: PointsActor, unit: Pick<OrgUnitRecord, '_id' | 'kind' | 'path'>): boolean {
  if (unit.kind === 'county') return holdsRoleOver(actor.grants, ['county-admin'], unit.path);
  return (unit.kind === 'village' || unit.kind === 'community') && isRater(actor, unit);
}
