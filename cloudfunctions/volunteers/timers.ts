import type { Db } from '@cloudbase/database';
import type { PartyOrgRecord } from '../../shared/domain/admin-records';
import { chinaMonth, quarterOf } from '../../shared/domain/china-time';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { isDuplicateKey, readAll, type Tx } from '../_lib/db';
import { enqueue } from '../_lib/outbox';
import { runTransaction } from '../_lib/transaction';

/** The quarter just ended, as of now (China time). */
export function previousQuarter(now: Date): { year: number; quarter: number } {
  const month = chinaMonth(now);
  const q = quarterOf(month) - 1;
  const year = Number(month.slice(0, 4));
  return q > 0 ? { year, quarter: q } : { year: year - 1, quarter: 4 };
}

/**
 * 考评在社区: when a quarter has ended, each unit party organisation's secretary is told that the
 * quarter's report of its 双报到 members can be read. Once per organisation and quarter: a marker
 * document written in the same transaction as the message, so overlapping runs send it once.
 */
export async function quarterReport(db: Db): Promise<{ told: number }> {
  const { year, quarter } = previousQuarter(clock.now());
  // Every unit party organisation: a county registers a few hundred (readAll pages past the cap).
  const orgs = await readAll<PartyOrgRecord>(db, COLLECTIONS.partyOrgs.name, {});
  let told = 0;
  for (const org of orgs) {
    try {
      await runTransaction(db, async (tx: Tx) => {
        await tx.collection(COLLECTIONS.config.name).add({ _id: `volunteers-report-${org._id}-${year}Q${quarter}`, at: clock.nowIso() });
        await enqueue(tx, [org.secretaryId], {
          kind: 'party.quarterReport',
          title: `${year}年第${quarter}季度党员社区考评`,
          body: `${org.name}在社区报到党员的第${quarter}季度服务记录（微心愿、志愿服务时长、活动和走访）可以查看了。`,
          link: { page: 'party-report', id: org._id },
        });
      });
      told++;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  return { told };
}
