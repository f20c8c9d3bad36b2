import type { AuditRecord, UserRecord } from '../../shared/domain/records';
import type { Tx } from './db';
import { clock } from './clock';
import { COLLECTIONS } from './collections';

/** Appends one entry to the audit log inside the caller's transaction: who, what, when, before/after. */
export async function recordAudit(
  tx: Tx,
  actor: Pick<UserRecord, '_id' | 'name'>,
  requestId: string,
  entry: { action: string; target: { collection: string; id: string }; before: unknown; after: unknown },
): Promise<void> {
  const record: AuditRecord = {
    actorId: actor._id,
    actorName: actor.name,
    action: entry.action,
    target: entry.target,
    before: entry.before ?? null,
    after: entry.after ?? null,
    at: clock.nowIso(),
    requestId,
  };
  await tx.collection(COLLECTIONS.auditLog.name).add(record);
}
