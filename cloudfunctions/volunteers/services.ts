/**
 * 服务清单: each community's standing volunteer services. The county file gives every community its
 * first list (provisioned); the community's cadres add, change and retire services from then on.
 */
import type { VolunteerServiceRecord } from '../../shared/domain/volunteer-records';
import { canManageCommunity } from '../../shared/domain/volunteer-rules';
import { withHeld } from '../../shared/domain/power-moderation';
import { recordAudit } from '../_lib/audit';
import { checkText } from '../_lib/content-check';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { isDuplicateKey, type Tx } from '../_lib/db';
import { conflict } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { runTransaction } from '../_lib/transaction';
import { heldHidden, idFor, loadCommunity, loadService, mustBelongOrOversee, mustManage, resolveCommunity } from './store';
import type { In, Out } from './types';
import { serviceView } from './views';

/** A community lists a few dozen services at most. */
const SERVICE_CAP = 100;
/** Services a community adds come after the county's own, in the order they were added. */
const ADDED_ORDER = 1000;

export async function listServices(input: In<'services'>, ctx: MemberContext): Promise<Out<'services'>> {
  const { db, caller } = ctx;
  const unit = await resolveCommunity(db, caller, input.unitId);
  await mustBelongOrOversee(db, caller, unit);
  const manage = canManageCommunity(caller.roles, unit.path);
  const res = await db
    .collection(COLLECTIONS.volunteerServices.name)
    .where({ unitId: unit._id, active: manage ? db.command.in([true, false]) : true })
    .limit(SERVICE_CAP)
    .get();
  const items = (res.data as VolunteerServiceRecord[]).filter((s) => !heldHidden(s, caller)).sort((a, b) => Number(b.active) - Number(a.active) || a.order - b.order || a.createdAt.localeCompare(b.createdAt) || a._id.localeCompare(b._id));
  return { unit: { id: unit._id, name: unit.name }, items: items.map((s) => serviceView(s, caller)), canManage: manage };
}

export async function addService(input: In<'addService'>, ctx: MemberContext): Promise<Out<'addService'>> {
  const { db, caller } = ctx;
  const unit = await loadCommunity(db, input.unitId);
  mustManage(caller, unit.path);
  const { held } = await checkText(ctx, { name: input.name, description: input.description });
  const now = clock.nowIso();
  const record: VolunteerServiceRecord = {
    _id: idFor('vs', unit._id, input.name),
    unitId: unit._id,
    path: unit.path,
    name: input.name,
    description: input.description,
    skills: [...new Set(input.skills)],
    active: true,
    order: ADDED_ORDER,
    createdAt: now,
    updatedAt: now,
    updatedBy: caller._id,
    ...(held.length ? { moderation: { held } } : {}),
  };
  try {
    await runTransaction(db, async (tx: Tx) => {
      await tx.collection(COLLECTIONS.volunteerServices.name).add(record);
      await recordAudit(tx, caller, ctx.requestId, { action: 'volunteers.addService', target: { collection: COLLECTIONS.volunteerServices.name, id: record._id }, before: null, after: { name: record.name, skills: record.skills }, path: record.path });
    });
  } catch (err) {
    if (isDuplicateKey(err)) throw conflict('服务清单里已经有同名的服务了');
    throw err;
  }
  return serviceView(record, caller);
}

export async function editService(input: In<'editService'>, ctx: MemberContext): Promise<Out<'editService'>> {
  const { db, caller } = ctx;
  const s = await loadService(db, input.serviceId);
  mustManage(caller, s.path);
  const texts = { name: input.name, description: input.description };
  const { held } = await checkText(ctx, texts);
  const change = {
    name: input.name ?? s.name,
    description: input.description ?? s.description,
    skills: input.skills ? [...new Set(input.skills)] : s.skills,
    updatedAt: clock.nowIso(),
    updatedBy: caller._id,
  };
  let after: VolunteerServiceRecord = s;
  await runTransaction(db, async (tx: Tx) => {
    const cur = await loadService(tx, s._id);
    const rewritten = Object.entries(texts).filter(([, v]) => v !== undefined).map(([k]) => k);
    const kept = (cur.moderation?.held ?? []).filter((h) => !rewritten.includes(h.field));
    const moderation = cur.moderation || held.length ? { moderation: withHeld({ ...(cur.moderation ?? {}), held: kept }, held) } : {};
    await tx.collection(COLLECTIONS.volunteerServices.name).doc(cur._id).update({ ...change, ...moderation });
    await recordAudit(tx, caller, ctx.requestId, { action: 'volunteers.editService', target: { collection: COLLECTIONS.volunteerServices.name, id: cur._id }, before: { name: cur.name, description: cur.description, skills: cur.skills }, after: { name: change.name, description: change.description, skills: change.skills }, path: cur.path });
    after = { ...cur, ...change, ...moderation };
  });
  return serviceView(after, caller);
}

export async function retireService(input: In<'retireService'>, ctx: MemberContext): Promise<Out<'retireService'>> {
  const { db, caller } = ctx;
  const s = await loadService(db, input.serviceId);
  mustManage(caller, s.path);
  if (!s.active) throw conflict('这项服务已经停用了');
  const now = clock.nowIso();
  await runTransaction(db, async (tx: Tx) => {
    const cur = await loadService(tx, s._id);
    if (!cur.active) throw conflict('这项服务已经停用了');
    await tx.collection(COLLECTIONS.volunteerServices.name).doc(cur._id).update({ active: false, updatedAt: now, updatedBy: caller._id });
    await recordAudit(tx, caller, ctx.requestId, { action: 'volunteers.retireService', target: { collection: COLLECTIONS.volunteerServices.name, id: cur._id }, before: { active: true }, after: { active: false }, path: cur.path });
  });
  return serviceView({ ...s, active: false, updatedAt: now }, caller);
}
