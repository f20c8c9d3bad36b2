import { holdsRoleOver } from '../../shared/domain/jurisdiction';
import type { SanitationRulesRecord } from '../../shared/domain/sanitation-records';
import { recordAudit } from '../_lib/audit';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { findById, type Tx } from '../_lib/db';
import { forbidden } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { runTransaction } from '../_lib/transaction';
import { rulesOf } from './store';
import type { In, Out } from './types';

/** The county a cadre works in (the first unit of any grant's path is the county: unit ids are county-wide). */
async function countyOf(ctx: MemberContext): Promise<string> {
  const grant = ctx.caller.roles.find((r) => ['village-cadre', 'town-cadre', 'county-admin', 'supervisor'].includes(r.role));
  if (!grant) throw forbidden('只有干部可以查看随手拍的分派规则');
  const unit = await findById<{ path: string[] }>(ctx.db, COLLECTIONS.orgUnits.name, grant.unitId);
  return unit?.path[0] ?? grant.unitId;
}

export async function readRules(_input: In<'rules'>, ctx: MemberContext): Promise<Out<'rules'>> {
  const r = await rulesOf(ctx.db, await countyOf(ctx));
  return { rules: r.rules, updatedAt: r.updatedAt };
}

/** A county admin replaces the rules in force; the old ones are in the audit entry. */
export async function updateRules(input: In<'updateRules'>, ctx: MemberContext): Promise<Out<'updateRules'>> {
  const { db, caller } = ctx;
  const countyId = await countyOf(ctx);
  if (!holdsRoleOver(caller.roles, ['county-admin'], [countyId])) throw forbidden('只有县级管理员可以修改分派规则');
  const now = clock.nowIso();
  await runTransaction(db, async (tx: Tx) => {
    const before = await findById<SanitationRulesRecord>(tx, COLLECTIONS.sanitationRules.name, countyId);
    const body = { countyId, rules: input.rules, updatedAt: now };
    if (before) await tx.collection(COLLECTIONS.sanitationRules.name).doc(countyId).set(body);
    else await tx.collection(COLLECTIONS.sanitationRules.name).add({ _id: countyId, ...body });
    await recordAudit(tx, caller, ctx.requestId, {
      action: 'sanitation.updateRules',
      target: { collection: COLLECTIONS.sanitationRules.name, id: countyId },
      before: before?.rules ?? [],
      after: input.rules,
      path: [countyId],
    });
  });
  return { rules: input.rules, updatedAt: now };
}
