import type { In, Out } from './types';
import type { CaseConfigRecord } from '../../shared/domain/case-records';
import { recordAudit } from '../_lib/audit';
import { clock } from '../_lib/clock';
import { findById, type Tx } from '../_lib/db';
import { forbidden } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { loadConfig } from './store';
import { COLLECTIONS } from '../_lib/collections';
import { runTransaction } from '../_lib/transaction';

/**
 * The county admin changes the county's case settings. New limits apply to cases from the moment
 * a level receives them; deadlines already running keep the limit they started with.
 */
export async function updateCaseConfig(input: In<'updateConfig'>, ctx: MemberContext): Promise<Out<'updateConfig'>> {
  const { db, caller } = ctx;
  const countyId = caller.roles.find((r) => r.role === 'county-admin')?.unitId;
  if (!countyId) throw forbidden('只有县社会工作部的管理员可以修改纠纷类型和办理期限');
  const current = await loadConfig(db, countyId);
  const next: CaseConfigRecord = {
    _id: countyId,
    types: input.types ?? current.types,
    deadlineDays: input.deadlineDays ?? current.deadlineDays,
    followUpDays: input.followUpDays ?? current.followUpDays,
    warnHours: current.warnHours,
    updatedAt: clock.nowIso(),
  };
  await runTransaction(db, async (tx: Tx) => {
    const before = await findById<CaseConfigRecord>(tx, COLLECTIONS.caseConfig.name, countyId);
    const { _id, ...body } = next;
    await tx.collection(COLLECTIONS.caseConfig.name).doc(_id).set(body);
    await recordAudit(tx, caller, ctx.requestId, {
      action: 'cases.updateConfig',
      target: { collection: COLLECTIONS.caseConfig.name, id: countyId },
      path: [countyId],
      before: before ? { types: before.types, deadlineDays: before.deadlineDays, followUpDays: before.followUpDays } : null,
      after: { types: next.types, deadlineDays: next.deadlineDays, followUpDays: next.followUpDays },
    });
  });
  return { types: next.types, deadlineDays: next.deadlineDays, followUpDays: next.followUpDays };
}
