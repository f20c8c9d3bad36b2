import type { AuditRecord, OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import { findById, type Tx } from './db';
import { clock } from './clock';
import { COLLECTIONS } from './collections';

/**
 * Appends one entry to the audit log inside the caller's transaction: who, what, when, before/after,
 * and where (`path`, so the supervisors of the place read it). Pass the target's `path` (the record's
 * own, a person's `residence.path`, the unit's for a unit-scoped record): it is at hand where the action
 * read or built the target, and the entry then costs its one write. Without it the target is read again
 * here (one or two more requests); tests/unit/cloudfunctions/audit-paths.test.ts refuses a new call site
 * that leaves it out. Where the place is not at hand, say so: `path: await auditPathOf(tx, target)`.
 */
export async function recordAudit(
  tx: Tx,
  actor: Pick<UserRecord, '_id' | 'name'>,
  requestId: string,
  entry: { action: string; target: { collection: string; id: string }; before: unknown; after: unknown; path?: readonly string[]; id?: string; at?: string },
): Promise<void> {
  const path = entry.path ?? (await auditPathOf(tx, entry.target));
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

/** The target's place, read from the database: one request, two for a record with only a `unitId`. */
export async function auditPathOf(tx: Tx, target: { collection: string; id: string }): Promise<string[]> {
  const doc = await findById<Placed>(tx, target.collection, target.id);
  return doc ? placeOf(tx, doc) : [];
}

type Placed = { path?: unknown; residence?: { path?: unknown } | null; unitId?: unknown };

/** The place of a record already read: its own path, a person's residence, or (one read) the path of its unit. */
export async function placeOf(tx: Tx, record: object): Promise<string[]> {
  const doc = record as Placed;
  if (Array.isArray(doc.path)) return doc.path as string[];
  if (Array.isArray(doc.residence?.path)) return doc.residence.path as string[];
  if (typeof doc.unitId === 'string') {
    const unit = await findById<OrgUnitRecord>(tx, COLLECTIONS.orgUnits.name, doc.unitId);
    if (unit) return unit.path;
  }
  return [];
}
