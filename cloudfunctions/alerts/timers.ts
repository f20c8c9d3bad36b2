import type { Db } from '@cloudbase/database';
import type { AlertEscalationRecord, AlertRecord } from '../../shared/domain/alert-records';
import { ALERT_KIND_LABELS, escalationDue, escalationTargets, isInForce, nextEscalationAt, type EscalationLevel } from '../../shared/domain/alert-rules';
import { usersWithRoleAt } from '../_lib/caller';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { findById } from '../_lib/db';
import { enqueue } from '../_lib/outbox';
import { runTransaction } from '../_lib/transaction';
import { areaGrids, escalationId, gridRows, unitNames } from './store';

/** Alerts a run looks at, at most (due ones, oldest due first); the next run takes the rest. */
const ALERTS_PER_RUN = 20;

/**
 * Grids not acknowledged by the deadline go to their village's cadres (level 1), and those still not
 * acknowledged `townAfterMinutes` later to the town's cadres (level 2). Each escalation to one village
 * or town is a row with a deterministic id written in the same transaction as its messages, so two
 * overlapping runs tell each cadre once; the alert's level moves on only from the value the run read.
 */
export async function escalateAlerts({ db }: { db: Db }): Promise<{ escalations: number }> {
  const _ = db.command;
  const now = clock.nowIso();
  const due = await db
    .collection(COLLECTIONS.alerts.name)
    .where({ status: 'active', escalateAt: _.lte(now) })
    .orderBy('escalateAt', 'asc')
    .limit(ALERTS_PER_RUN)
    .get();
  let escalations = 0;
  for (const a of due.data as AlertRecord[]) {
    const level = escalationDue(a, now);
    if (level) escalations += await escalate(db, a, level);
    const escalated = (level ?? a.escalated) as AlertRecord['escalated'];
    // An alert past its expiry escalates no more: it leaves the timer's due list.
    const nextAt = isInForce(a, now) ? nextEscalationAt({ ...a, escalated }) : null;
    await db.collection(COLLECTIONS.alerts.name).where({ _id: a._id, escalated: a.escalated, escalateAt: a.escalateAt }).update({ escalated, escalateAt: nextAt });
  }
  return { escalations };
}

async function escalate(db: Db, a: AlertRecord, level: EscalationLevel): Promise<number> {
  const grids = await areaGrids(db, a.areaUnitIds);
  const acked = new Set((await gridRows(db, a._id)).map((r) => r.gridId));
  const targets = escalationTargets(grids, acked, level);
  if (!targets.size) return 0;
  const gridNames = new Map(grids.map((g) => [g._id, g.name]));
  const names = await unitNames(db, [...targets.keys(), ...grids.map((g) => g.parentId!)]);
  const role = level === 1 ? 'village-cadre' : 'town-cadre';
  let n = 0;
  for (const [unitId, gridIds] of targets) {
    const id = escalationId(a._id, level, unitId);
    if (await findById(db, COLLECTIONS.alertEscalations.name, id)) continue;
    const recipients = (await usersWithRoleAt(db, role, unitId)).map((u) => u._id);
    const places =
      level === 1
        ? gridIds.map((g) => gridNames.get(g) ?? '').join('、')
        : [...new Set(gridIds.map((g) => names.get(grids.find((x) => x._id === g)?.parentId ?? '') ?? ''))].join('、');
    const done = await runTransaction(db, async (tx) => {
      if (await findById(tx, COLLECTIONS.alertEscalations.name, id)) return false;
      const row: Omit<AlertEscalationRecord, '_id'> = { alertId: a._id, level, unitId, gridIds, recipients: recipients.length, at: clock.nowIso() };
      await tx.collection(COLLECTIONS.alertEscalations.name).doc(id).set(row);
      await enqueue(tx, recipients, {
        kind: 'alert.notAcknowledged',
        title: `${ALERT_KIND_LABELS[a.kind]}预警：${gridIds.length} 个网格还没确认通知到户`,
        body: level === 1 ? `${names.get(unitId) ?? ''}${places}还没确认“已通知到户”，请督促网格长或安排人员入户。` : `${names.get(unitId) ?? ''}的${places}还有网格没确认通知到户，请督办。`,
        link: { page: 'alert-status', id: a._id },
      });
      return true;
    });
    if (done) n++;
  }
  return n;
}
