import type { In, Out } from './types';
import type { OrgUnitRecord } from '../../shared/domain/records';
import type { PointsSettingsRecord } from '../../shared/domain/points-records';
import { checkIndicators, DEFAULT_TIERS } from '../../shared/domain/points-rules';
import { recordAudit } from '../_lib/audit';
import { clock } from '../_lib/clock';
import { findById, type Tx } from '../_lib/db';
import { forbidden, invalid, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { isOverseer, pointsActorOf, mayConfigure, livesIn } from '../../shared/domain/points-access';
import { loadSettings, loadVillage } from './store';
import { COLLECTIONS } from '../_lib/collections';
import { runTransaction } from '../_lib/transaction';

export async function getSettings(input: In<'settings'>, ctx: MemberContext): Promise<Out<'settings'>> {
  const { db, caller } = ctx;
  const actor = pointsActorOf(caller);
  const villageId = input.villageId ?? caller.residence?.unitId;
  if (!villageId) throw invalid('请选择村（社区）', [{ path: 'villageId', message: '请选择村（社区）' }]);
  const village = await loadVillage(db, villageId);
  if (!isOverseer(actor, village) && !livesIn(actor, village)) throw forbidden('只能查看本村（社区）的积分指标');
  return loadSettings(db, village);
}

/** The county admin sets the county default; a village's cadres adjust their own (ten indicators, summing to 100). */
export async function configure(input: In<'configure'>, ctx: MemberContext): Promise<Out<'configure'>> {
  const { db, caller } = ctx;
  const unit = await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, input.unitId);
  if (!unit) throw notFound('找不到这个单位');
  if (!mayConfigure(pointsActorOf(caller), unit)) throw forbidden(unit.kind === 'county' ? '只有县里可以设置默认指标' : '只有本村（社区）干部可以调整本村指标');
  const problem = checkIndicators(input.indicators);
  if (problem) throw invalid(problem, [{ path: 'indicators', message: problem }]);
  const base = unit.kind === 'county' ? null : await loadSettings(db, await loadVillage(db, unit._id));
  const prev = await findById<PointsSettingsRecord>(db, COLLECTIONS.pointsSettings.name, unit._id);
  const next: Omit<PointsSettingsRecord, '_id'> = {
    unitId: unit._id,
    indicators: input.indicators,
    tiers: input.tiers ?? prev?.tiers ?? base?.tiers ?? DEFAULT_TIERS.map((t) => ({ ...t })),
    dividendRule: input.dividendRule ?? prev?.dividendRule ?? base?.dividendRule ?? 'points',
    publicityDays: input.publicityDays ?? prev?.publicityDays ?? base?.publicityDays ?? 7,
    updatedAt: clock.nowIso(),
    updatedBy: caller._id,
  };
  await runTransaction(db, async (tx: Tx) => {
    await tx.collection(COLLECTIONS.pointsSettings.name).doc(unit._id).set(next);
    await recordAudit(tx, caller, ctx.requestId, { action: 'points.configure', target: { collection: COLLECTIONS.pointsSettings.name, id: unit._id }, before: prev ?? null, after: next, path: unit.path });
  });
  return { unitId: unit._id, isDefault: unit.kind === 'county', indicators: next.indicators, tiers: next.tiers, dividendRule: next.dividendRule, publicityDays: next.publicityDays };
}
