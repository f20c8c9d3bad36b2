import type { AlertRecord } from '../../shared/domain/alert-records';
import { ALERT_ISSUER_ROLES } from '../../shared/domain/alert-rules';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { pageByTime } from '../_lib/db';
import { forbidden } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { inForce, loadAlert, relationTo, rolePaths } from './store';
import { alertSummary, alertView } from './views';
import type { In, Out } from './types';

/** Alerts in force anywhere one person lives or serves, at most (a county has a handful at once). */
const CURRENT_CAP = 50;

/** One alert, for anyone it concerns: residents of its area, its grid leaders, the cadres over it. */
export async function getAlert(input: In<'alert'>, ctx: MemberContext): Promise<Out<'alert'>> {
  const { db, caller } = ctx;
  const a = await loadAlert(db, input.alertId);
  const rel = relationTo(caller, a, a.areaPaths, await rolePaths(db, caller));
  if (!rel.resident && !rel.gridIds.length && !rel.status && !rel.manage) throw forbidden('这条预警不是发给您所在地方的');
  return alertView(a, rel, clock.nowIso());
}

/**
 * The alerts in force that concern the caller: those covering their home or a place they serve
 * (area ∋ a unit of its path), those inside a village or town they serve (placeIds ∋ it), and for a
 * county admin the county's. Each query is bounded and indexed; an expired alert is left out.
 */
export async function currentAlerts(_input: In<'current'>, ctx: MemberContext): Promise<Out<'current'>> {
  const { db, caller } = ctx;
  const _ = db.command;
  const roles = await rolePaths(db, caller);
  const covering = new Set<string>(caller.residence?.path ?? []);
  const inside = new Set<string>();
  let county: string | null = null;
  for (const r of caller.roles) {
    const path = roles.get(r.unitId) ?? [];
    if (r.role === 'county-admin') county = r.unitId;
    else if (r.role === 'town-cadre' || r.role === 'village-cadre') {
      inside.add(r.unitId);
      for (const p of path) covering.add(p);
    } else if (r.role === 'grid-leader') for (const p of path) covering.add(p);
  }
  const col = () => db.collection(COLLECTIONS.alerts.name);
  const queries: Promise<{ data: unknown[] }>[] = [];
  if (covering.size) queries.push(col().where({ areaUnitIds: _.in([...covering]), status: 'active' }).limit(CURRENT_CAP).get() as Promise<{ data: unknown[] }>);
  if (inside.size) queries.push(col().where({ placeIds: _.in([...inside]), status: 'active' }).limit(CURRENT_CAP).get() as Promise<{ data: unknown[] }>);
  if (county) queries.push(col().where({ countyId: county, status: 'active' }).orderBy('issuedAt', 'desc').limit(CURRENT_CAP).get() as Promise<{ data: unknown[] }>);
  const found = new Map<string, AlertRecord>();
  for (const res of await Promise.all(queries)) for (const a of res.data as AlertRecord[]) found.set(a._id, a);
  const now = clock.nowIso();
  const items = [...found.values()]
    .filter((a) => inForce(a, now))
    .sort((a, b) => b.issuedAt.localeCompare(a.issuedAt))
    .map((a) => alertSummary(a, relationTo(caller, a, a.areaPaths, roles), now));
  return { items };
}

/** Every alert in the caller's jurisdiction, newest first: a town's (inside it or covering it), or the county's. */
export async function issuedAlerts(input: In<'issued'>, ctx: MemberContext): Promise<Out<'issued'>> {
  const { db, caller } = ctx;
  const grant = caller.roles.find((r) => r.role === 'county-admin') ?? caller.roles.find((r) => (ALERT_ISSUER_ROLES as readonly string[]).includes(r.role));
  if (!grant) throw forbidden('只有镇（街道）干部和县级管理员可以查看预警记录');
  const where = grant.role === 'county-admin' ? { countyId: grant.unitId } : { placeIds: grant.unitId };
  const page = await pageByTime<AlertRecord, 'issuedAt'>(db, COLLECTIONS.alerts.name, 'issuedAt', where, input.cursor, input.limit);
  const roles = await rolePaths(db, caller);
  const now = clock.nowIso();
  return { items: page.items.map((a) => alertSummary(a, relationTo(caller, a, a.areaPaths, roles), now)), nextCursor: page.nextCursor };
}
