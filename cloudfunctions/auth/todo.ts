import type { Out } from './types';
import { chinaDate, chinaMonth } from '../../shared/domain/china-time';
import { clock } from '../_lib/clock';
import { count } from '../_lib/db';
import type { MemberContext } from '../_lib/handler';
import { COLLECTIONS } from '../_lib/collections';
import { HANDLING_STATUSES, handlingClauses } from '../cases/lists';
import { SCOPE_FIELD } from '../powers/store';
import { stepRoleGrants } from '../powers/matters';

const unitsOf = (ctx: MemberContext, role: string) => ctx.caller.roles.filter((r) => r.role === role).map((r) => r.unitId);

/**
 * The caller's 待办, each counted with the same conditions as the list the tile opens (the wish
 * review list, the cases handling list, the matters queue, today's bookings, the rating sheet),
 * so a number on the home page is the number of rows the person finds behind it.
 */
export async function todo(_input: unknown, ctx: MemberContext): Promise<Out<'todo'>> {
  const { db, caller } = ctx;
  const _ = db.command;
  const now = clock.now();
  const oneOrIn = (ids: string[]) => (ids.length === 1 ? ids[0] : _.in(ids));
  const orOf = (clauses: object[]) => (clauses.length === 1 ? clauses[0]! : _.or(clauses));

  const villages = unitsOf(ctx, 'village-cadre');
  const police = unitsOf(ctx, 'police');
  const caseClauses = handlingClauses(caller.roles);
  const matterGrants = stepRoleGrants(caller.roles, Object.keys(SCOPE_FIELD));

  const [wishesToReview, casesAtMyLevel, mattersAtMyStep, bookingsToday, households, rated, residentsToConfirm] = await Promise.all([
    villages.length ? count(db, COLLECTIONS.wishes.name, { villageId: oneOrIn(villages), status: 'pending_review' }) : null,
    caseClauses.length ? count(db, COLLECTIONS.cases.name, _.and([orOf(caseClauses), { status: _.in(HANDLING_STATUSES) }])) : null,
    matterGrants.length
      ? count(db, COLLECTIONS.matters.name, orOf(matterGrants.map((g) => ({ status: 'in_progress', currentRole: g.role, [SCOPE_FIELD[g.role]]: g.unitId }))))
      : null,
    police.length ? count(db, COLLECTIONS.policeBookings.name, { unitId: oneOrIn(police), date: chinaDate(now), status: 'booked' }) : null,
    villages.length ? count(db, COLLECTIONS.households.name, { unitId: oneOrIn(villages) }) : null,
    villages.length ? count(db, COLLECTIONS.pointsRatings.name, { villageId: oneOrIn(villages), month: chinaMonth(now), complete: true }) : null,
    villages.length ? count(db, COLLECTIONS.users.name, { 'residence.unitId': oneOrIn(villages), 'residence.householdConfirmed': false }) : null,
  ]);
  return {
    wishesToReview,
    casesAtMyLevel,
    mattersAtMyStep,
    bookingsToday,
    householdsUnrated: households === null || rated === null ? null : Math.max(0, households - rated),
    residentsToConfirm,
  };
}
