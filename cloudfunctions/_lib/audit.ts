import type { AuditRecord, OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import { findById, type Tx } from './db';
import { clock } from './clock';
import { COLLECTIONS } from './collections';

/**
 * Appends one entry to the audit log inside the caller's transaction: who, what, when, before/after,
 * and where (`path`, so the supervisors of the place read it). Without a `path` the entry takes the
 * target's own path, read in the same transaction (most targets carry one; the rest pass it).
 */
export async function recordAudit(
  tx: Tx,
  actor: Pick<UserRecord, '_id' | 'name'>,
  requestId: string,
  entry: { action: string; target: { collection: string; id: string }; before: unknown; after: unknown; path?: readonly string[]; id?: string; at?: string },
): Promise<void> {
  const path = entry.path ?? (await targetPath(tx, entry.target));
  const record: AuditRecord = {
    actorId: actor._id,
    actorName: actor.name,
    action: entry.action,
    target: entry.target,
    before: entry.before ?? null,
    after: entry.after ?? null,
    at: entry.at ?? clock.nowIso(),
    requestId,
    path: [...path],
  };
  // An `id` makes the entry one of its kind (written again, it fails as a duplicate); `at` when it happened, if earlier.
  await tx.collection(COLLECTIONS.auditLog.name).add(entry.id ? { _id: entry.id, ...record } : record);
}

/** The target's place: its own path, a person's residence, or the path of the unit it belongs to. */
async function targetPath(tx: Tx, target: { collection: string; id: string }): Promise<string[]> {
  const doc = await findById<{ path?: unknown; residence?: { path?: unknown } | null; unitId?: unknown }>(tx, target.collection, target.id);
  if (Array.isArray(doc?.path)) return doc.path as string[];
  if (Array.isArray(doc?.residence?.path)) return doc.residence.path as string[];
  if (typeof doc?.unitId === 'string') {
    const unit = await findById<OrgUnitRecord>(tx, COLLECTIONS.orgUnits.name, doc.unitId);
    if (unit) return unit.path;
  }
  return [];
}
