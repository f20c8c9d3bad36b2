import type { In, Out } from './types';
import { recordAudit } from '../_lib/audit';
import { clock } from '../_lib/clock';
import { findById, type Tx } from '../_lib/db';
import { conflict, forbidden, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { enqueue } from '../_lib/outbox';
import { releaseFields } from '../../shared/domain/moderation';
import { ADJUST_FIELD, DECISION_FIELD, type ModeratedLedger, type ModeratedObjection } from '../../shared/domain/points-moderation';
import { mayReleaseCadreText, pointsViewer, pointsActorOf, isApprover, mayReleaseObjection, releasableFields, isOverseer } from '../../shared/domain/points-access';
import { householdMembers, loadMonth, loadVillage } from './store';
import { COLLECTIONS } from '../_lib/collections';
import { objectionView, ledgerView } from './publicity';
import { runTransaction } from '../_lib/transaction';

/**
 * The release actions: a cadre lets through what content security held in what was written for a
 * household (the rules are in shared/domain/points-access and points-moderation).
 */
/** A village cadre over the household releases a held objection reason; audited, and the household is told. */
export async function releaseObjection(input: In<'releaseObjection'>, ctx: MemberContext): Promise<Out<'releaseObjection'>> {
  const { db, caller } = ctx;
  const actor = pointsActorOf(caller);
  const ob = await findById<ModeratedObjection>(db, COLLECTIONS.pointsObjections.name, input.objectionId);
  if (!ob) throw notFound('找不到这条异议');
  const village = await loadVillage(db, ob.villageId);
  // The household's reason is the village cadres' to release; a cadre's decision reason, another village or town cadre's.
  if (!mayReleaseObjection(actor, village) && !isApprover(actor, village)) {
    throw forbidden(`只有${village.name}的村干部可以放行复核的异议理由`);
  }
  const members = await householdMembers(db, { householdId: ob.householdId });
  let released: ModeratedObjection = ob;
  await runTransaction(db, async (tx: Tx) => {
    const o = await findById<ModeratedObjection>(tx, COLLECTIONS.pointsObjections.name, ob._id);
    if (!o) throw notFound('找不到这条异议');
    const held = o.moderation?.held ?? [];
    if (held.length === 0) throw conflict('这条异议的理由不需要复核，可能已经放行了');
    const mine = releasableFields(o, actor, village);
    if (mine.length === 0) throw forbidden('这里需要复核的内容要由其他村干部或镇干部放行，不能放行自己写的');
    const fields = mine.map((h) => h.field);
    const now = clock.nowIso();
    const moderation = releaseFields(o.moderation!, fields, { id: caller._id, name: caller.name }, now);
    await tx.collection(COLLECTIONS.pointsObjections.name).doc(o._id).update({ moderation });
    const reason = mine.filter((h) => h.field !== DECISION_FIELD);
    if (reason.length) {
      await enqueue(tx, [...new Set([...members, ...reason.map((h) => h.authorId)])], {
        kind: 'content.released',
        title: '您家的异议理由已通过复核',
        body: `${caller.name}复核了您家对 ${o.month} 积分提出的异议理由，村评议小组会按异议处理。`,
        link: { page: 'points-objection', id: o._id },
        aboutId: caller._id,
      });
    }
    const decision = mine.find((h) => h.field === DECISION_FIELD);
    if (decision) {
      await enqueue(tx, [decision.authorId], {
        kind: 'content.released',
        title: '您写的异议处理说明已通过复核',
        body: `${caller.name}复核了您对${o.headName}户 ${o.month} 积分异议写的处理说明，这户人家现在能看到了。`,
        link: { page: 'points-objection', id: o._id },
        aboutId: caller._id,
      });
    }
    await recordAudit(tx, caller, ctx.requestId, {
      action: 'points.releaseObjection',
      target: { collection: COLLECTIONS.pointsObjections.name, id: o._id },
      before: { held: mine },
      after: { released: fields },
      path: o.path,
    });
    released = { ...o, moderation };
  });
  return objectionView(released, await loadMonth(db, village._id, ob.month), false, releasableFields(released, actor, village).length > 0, pointsViewer(actor, village));
}

/** A village or town cadre over the village (not its author) releases a held correction reason; audited, the author told. */
export async function releaseAdjustment(input: In<'releaseAdjustment'>, ctx: MemberContext): Promise<Out<'releaseAdjustment'>> {
  const { db, caller } = ctx;
  const actor = pointsActorOf(caller);
  const entry = await findById<ModeratedLedger>(db, COLLECTIONS.pointsLedger.name, input.entryId);
  if (!entry) throw notFound('找不到这条积分调整');
  const village = await loadVillage(db, entry.villageId);
  if (!isOverseer(actor, village)) {
    if (actor.householdId === entry.householdId) throw forbidden('只有村干部或镇干部可以放行复核的内容');
    throw notFound('找不到这条积分调整');
  }
  if (!isApprover(actor, village)) throw forbidden('只有村干部或镇干部可以放行复核的内容');
  let stored: ModeratedLedger = entry;
  await runTransaction(db, async (tx: Tx) => {
    const e = await findById<ModeratedLedger>(tx, COLLECTIONS.pointsLedger.name, entry._id);
    if (!e) throw notFound('找不到这条积分调整');
    const held = (e.moderation?.held ?? []).filter((h) => h.field === ADJUST_FIELD);
    if (held.length === 0) throw conflict('这条调整的说明不需要复核，可能已经放行了');
    if (!held.every((h) => mayReleaseCadreText(actor, village, h.authorId))) throw forbidden('不能放行自己写的调整说明，请由其他村干部或镇干部复核');
    const now = clock.nowIso();
    const moderation = releaseFields(e.moderation!, [ADJUST_FIELD], { id: caller._id, name: caller.name }, now);
    // Beside the signed body: the entry itself (and its signature) stays as it was.
    await tx.collection(COLLECTIONS.pointsLedger.name).doc(e._id).update({ moderation });
    for (const author of new Set(held.map((h) => h.authorId))) {
      await enqueue(tx, [author], {
        kind: 'content.released',
        title: '您写的积分调整说明已通过复核',
        body: `${caller.name}复核了您对 ${e.month} 积分调整写的说明，这户人家现在能看到了。`,
        link: { page: 'points', id: e.month },
        aboutId: caller._id,
      });
    }
    await recordAudit(tx, caller, ctx.requestId, {
      action: 'points.releaseAdjustment',
      target: { collection: COLLECTIONS.pointsLedger.name, id: e._id },
      before: { held },
      after: { released: [ADJUST_FIELD] },
      path: e.path,
    });
    stored = { ...e, moderation };
  });
  return ledgerView(stored, { viewer: pointsViewer(actor, village), village, actor });
}
