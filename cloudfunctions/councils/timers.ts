import type { Db } from '@cloudbase/database';
import { alertOverdue } from './decisions';
import { closeDueVotes } from './votes';

/** Closes votes whose days ran out and alerts steps past their deadline; safe when two runs overlap. */
export async function tick({ db, requestId }: { db: Db; requestId: string }): Promise<{ closed: number; alerted: number }> {
  const closed = await closeDueVotes(db, requestId);
  const alerted = await alertOverdue(db);
  return { closed, alerted };
}
