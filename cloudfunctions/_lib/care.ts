import type { Db } from '@cloudbase/database';
import type { CareRecipientRecord } from '../../shared/domain/admin-records';
import { COLLECTIONS } from './collections';
import { findById, readAll, type Tx } from './db';

/** A grid has at most a few dozen people on its register; one `in` query covers this many grids. */
const GRIDS_PER_QUERY = 100;

/**
 * The people on the care register of these grids (active entries only), keyset-paged past the
 * 1,000-document cap and bounded by the grids asked for — callers pass the grids of their jurisdiction.
 */
export async function careRecipientsOfGrids(db: Db, gridIds: readonly string[]): Promise<CareRecipientRecord[]> {
  const out: CareRecipientRecord[] = [];
  const unique = [...new Set(gridIds)];
  for (let i = 0; i < unique.length; i += GRIDS_PER_QUERY) {
    const part = unique.slice(i, i + GRIDS_PER_QUERY);
    const where = part.length === 1 ? { gridId: part[0], active: true } : { gridId: db.command.in(part), active: true };
    out.push(...(await readAll<CareRecipientRecord>(db, COLLECTIONS.careRecipients.name, where)));
  }
  return out;
}

export async function careRecipientById(db: Db | Tx, id: string): Promise<CareRecipientRecord | null> {
  return findById<CareRecipientRecord>(db, COLLECTIONS.careRecipients.name, id);
}
