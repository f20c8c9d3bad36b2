import type { WorkOrderRecord } from '../../shared/domain/sanitation-records';
import { COLLECTIONS } from '../_lib/collections';
import { forbidden } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { releaseHeldCarried } from '../_lib/release';
import { loadVisibleOrder } from './orders';
import { orderLink } from './store';
import type { In, Out } from './types';
import { isOrderCadre, orderView } from './views';

const FIELD_LABELS: Record<string, string> = { note: '问题说明', fixNote: '处理说明' };
const fieldLabel = (field: string) => FIELD_LABELS[field] ?? (field.startsWith('reopen-') ? '“还没修好”的说明' : '说明');

/**
 * A cadre over the order releases what content security held: one write to the order that carries the
 * notices and the audit entry (`releaseHeldCarried`). Once nothing is held the order is on the village's
 * public list: a second conditional write, landing only while nothing is held, so a hold written
 * meanwhile keeps it off the list. Requests: the order, the release, the flag, the reporters for the answer.
 */
export async function releaseOrder(input: In<'release'>, ctx: MemberContext): Promise<Out<'release'>> {
  const { db, caller } = ctx;
  const o = await loadVisibleOrder(db, input.orderId, caller);
  if (!isOrderCadre(o, caller)) throw forbidden('只有负责处理的干部和村务监督委员会可以放行复核的内容');
  const released = await releaseHeldCarried<WorkOrderRecord>(
    ctx,
    {
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
    },
    o,
  );
  if ((released.moderation?.held ?? []).length > 0 || released.public) return orderView(db, released, caller);
  const res = await db
    .collection(COLLECTIONS.sanitationOrders.name)
    .where({ _id: o._id, public: false, 'moderation.held': db.command.size(0) })
    .update({ public: true });
  return orderView(db, { ...released, public: (res as { updated?: number }).updated === 1 }, caller);
}
