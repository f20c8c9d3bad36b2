import type { WorkOrderRecord } from '../../shared/domain/sanitation-records';
import { COLLECTIONS } from '../_lib/collections';
import { findById, type Tx } from '../_lib/db';
import { runTransaction } from '../_lib/transaction';
import { forbidden } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { releaseHeld } from '../_lib/release';
import { loadVisibleOrder } from './orders';
import { loadOrder, orderLink } from './store';
import type { In, Out } from './types';
import { isOrderCadre, orderView } from './views';

const FIELD_LABELS: Record<string, string> = { note: '问题说明', fixNote: '处理说明' };
const fieldLabel = (field: string) => FIELD_LABELS[field] ?? (field.startsWith('reopen-') ? '“还没修好”的说明' : '说明');

/** A cadre over the order releases what content security held; once nothing is held the order is on the village's public list. */
export async function releaseOrder(input: In<'release'>, ctx: MemberContext): Promise<Out<'release'>> {
  const { db, caller } = ctx;
  const o = await loadVisibleOrder(db, input.orderId, caller);
  if (!isOrderCadre(o, caller)) throw forbidden('只有负责处理的干部和村务监督委员会可以放行复核的内容');
  await releaseHeld<WorkOrderRecord>(ctx, {
    action: 'sanitation.release',
    collection: COLLECTIONS.sanitationOrders.name,
    id: o._id,
    missing: '找不到这条随手拍',
    guard: (r) => {
      if (!isOrderCadre(r, caller)) throw forbidden();
    },
    describe: (r) => ({ name: `随手拍「${r.facilityName ?? r.placeText}」`, link: orderLink(r), readers: r.reporterIds }),
    label: fieldLabel,
    touch: true,
  });
  // Public once nothing is held any more: decided in a transaction on the fresh record, so a hold written meanwhile keeps it off the list.
  await runTransaction(db, async (tx: Tx) => {
    const after = await findById<WorkOrderRecord>(tx, COLLECTIONS.sanitationOrders.name, o._id);
    if (after && (after.moderation?.held ?? []).length === 0 && !after.public) await tx.collection(COLLECTIONS.sanitationOrders.name).doc(o._id).update({ public: true });
  });
  return orderView(db, await loadOrder(db, o._id), caller);
}
