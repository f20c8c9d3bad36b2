import { createHash } from 'node:crypto';
import type { Db } from '@cloudbase/database';
import type { AlertGridRecord, AlertRecord } from '../../shared/domain/alert-records';
import { ALERT_ISSUER_ROLES, inArea, isInForce } from '../../shared/domain/alert-rules';
import { holdsRoleOver } from '../../shared/domain/jurisdiction';
import type { OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import { findById, readAll, readByIds, type Tx } from '../_lib/db';
import { notFound } from '../_lib/errors';
import { COLLECTIONS } from '../_lib/collections';

/** A retried issue with the same requestId lands on the same alert. */
export function alertIdFor(userId: string, requestId: string): string {
  return `al${createHash('sha256').update(`${userId}:${requestId}`).digest('hex').slice(0, 30)}`;
}

export const gridRowId = (alertId: string, gridId: string) => `${alertId}-${gridId}`;
export const escalationId = (alertId: string, level: number, unitId: string) => `${alertId}-L${level}-${unitId}`;
/** Outbox row prefix for one version's message to residents (one per version, over every place of the area). */
export const residentsPrefix = (alertId: string, version: number, what: 'v' | 'end') => `${alertId}-${what}${version}`;

export async function loadAlert(db: Db | Tx, alertId: string): Promise<AlertRecord> {
  const a = await findById<AlertRecord>(db, COLLECTIONS.alerts.name, alertId);
  if (!a) throw notFound('找不到这条预警');
  return a;
}

/** A county holds 7 towns, 80 villages and 600 grids: a county's grids are fewer than this many (a group's cap). */
export const AREA_GRID_CAP = 2000;

/**
 * The grids of an alert's area (retired grids left out), each read once: one query over every place of
 * the area (a unit's path holds the unit itself, so a grid chosen as a place is found as well), paged by
 * id past 1000 — an area lies inside one county (600 grids: one request).
 */
export async function areaGrids(db: Db, areaUnitIds: readonly string[]): Promise<OrgUnitRecord[]> {
  const grids = await readAll<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, { path: db.command.in([...new Set(areaUnitIds)]), kind: 'grid' }, ['name', 'kind', 'parentId', 'path', 'retiredAt']);
  return grids.filter((g) => !g.retiredAt).sort((a, b) => a.path.join('/').localeCompare(b.path.join('/')));
}

/** Names of units by id (villages, towns of the area's grids). */
export async function unitNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const units = await readByIds<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, [...new Set(ids)]);
  return new Map(units.map((u) => [u._id, u.name]));
}

/** Households per grid in some villages, counted on the server (one group per grid). */
export async function householdsPerGrid(db: Db, villageIds: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const ids = [...new Set(villageIds)];
  const $ = db.command.aggregate;
  for (let i = 0; i < ids.length; i += 100) {
    const res = await db
      .collection(COLLECTIONS.households.name)
      .aggregate()
      .match({ unitId: db.command.in(ids.slice(i, i + 100)) })
      .group({ _id: '$gridId', n: $.sum(1) })
      .limit(AREA_GRID_CAP)
      .end();
    for (const g of res.data as { _id: string; n: number }[]) out.set(g._id, g.n);
  }
  return out;
}

/** The acknowledgement rows of an alert (one per grid that acknowledged; at most the area's grids). */
export async function gridRows(db: Db, alertId: string): Promise<AlertGridRecord[]> {
  return readAll<AlertGridRecord>(db, COLLECTIONS.alertGrids.name, { alertId });
}

/** The paths of the units where the person holds a role (a few per person), for relating them to an area. */
export async function rolePaths(db: Db, user: UserRecord): Promise<Map<string, string[]>> {
  return pathsOf(await roleUnits(db, user));
}

/** The units the person holds roles at (one read), for their paths and, for a grid leader, their grids. */
export async function roleUnits(db: Db, user: UserRecord): Promise<OrgUnitRecord[]> {
  return readByIds<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, [...new Set(user.roles.map((r) => r.unitId))]);
}

export const pathsOf = (units: readonly OrgUnitRecord[]): Map<string, string[]> => new Map(units.map((u) => [u._id, u.path]));

export interface Relation {
  /** Lives in the area. */
  resident: boolean;
  /** Leads a grid of the area: acknowledges 已通知到户. */
  gridIds: string[];
  /** Reads the live status: an issuer role over some of the area, or a village cadre of a village it touches. */
  status: boolean;
  /** Updates and ends it: an issuer role over every place of it. */
  manage: boolean;
}

/** How the person stands to an alert, from the paths of its area's places and of the person's own role units. */
export function relationTo(user: UserRecord, alert: Pick<AlertRecord, 'areaUnitIds'>, areaPaths: readonly (readonly string[])[], roles: ReadonlyMap<string, readonly string[]>): Relation {
  const area = alert.areaUnitIds;
  const resident = Boolean(user.residence && inArea(area, user.residence.path));
  const gridIds = user.roles.filter((r) => r.role === 'grid-leader' && inArea(area, roles.get(r.unitId) ?? [r.unitId])).map((r) => r.unitId);
  const issuerOverSome = areaPaths.some((p) => holdsRoleOver(user.roles, ALERT_ISSUER_ROLES, p));
  const villageCadre = user.roles.some((r) => {
    if (r.role !== 'village-cadre') return false;
    const path = roles.get(r.unitId) ?? [r.unitId];
    return inArea(area, path) || areaPaths.some((p) => p.includes(r.unitId));
  });
  const manage = areaPaths.length > 0 && areaPaths.every((p) => holdsRoleOver(user.roles, ALERT_ISSUER_ROLES, p));
  return { resident, gridIds, status: issuerOverSome || villageCadre, manage };
}

export function inForce(a: AlertRecord, now: string): boolean {
  return isInForce(a, now);
}
