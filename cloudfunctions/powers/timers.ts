import type { MatterEvent } from '../../shared/domain/power-matter';
import type { Db } from '@cloudbase/database';
import type { MatterRecord } from '../../shared/domain/power-records';
import { clock } from '../_lib/clock';
import { findById, type Tx } from '../_lib/db';
import { enqueue } from '../_lib/outbox';
import { bumpStats, holdersOf, link, NO_TALLY, supervisorsOf, tallyOf } from './store';
import { titleFor } from './views';
import type { StepRole } from '../../shared/domain/power-catalogue';
import { COLLECTIONS } from '../_lib/collections';
import { ContentionError, runTransaction } from '../_lib/transaction';

const BATCH = 200;
const MAX_BATCHES = 100;

export interface OverdueReport {
  flagged: number;
  /** Due matters another overlapping run (or a handler) had already moved. */
  skipped: number;
}

/**
 * Flags every current step past its time limit, once: the step is marked, the timeline says so,
 * and the village supervisors and the step's handlers are told. Safe when two runs overlap: the
 * transaction re-reads the matter and only flags it while it is still due and unflagged.
 */
export async function flagOverdue({ db }: { db: Db }): Promise<OverdueReport> {
  const _ = db.command;
  const now = clock.nowIso();
  let flagged = 0;
  let skipped = 0;
  const tried = new Set<string>();
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const res = await db.collection(COLLECTIONS.matters.name).where({ status: 'in_progress', flagDueAt: _.lt(now) }).field({ _id: true }).limit(BATCH).get();
    const ids = (res.data as { _id: string }[]).map((d) => d._id).filter((id) => !tried.has(id));
    if (ids.length === 0) break;
    for (const id of ids) {
      tried.add(id);
      const before = await findById<MatterRecord>(db, COLLECTIONS.matters.name, id);
      if (!before || before.current === null || !before.flagDueAt || before.flagDueAt >= now) {
        skipped++;
        continue;
      }
      const step = before.steps[before.current]!;
      const to = [...(await supervisorsOf(db, before.villageId)), ...(await holdersOf(db, step.role as StepRole, before))];
      try {
        const applied = await runTransaction(db, async (tx: Tx) => {
          const m = await findById<MatterRecord>(tx, COLLECTIONS.matters.name, id);
          if (!m || m.status !== 'in_progress' || m.current !== before.current || m.flagDueAt !== before.flagDueAt) return false;
          const steps = m.steps.map((s, i) => (i === m.current ? { ...s, overdue: true } : s));
          await tx
            .collection(COLLECTIONS.matters.name)
            .doc(id)
            .update({
              steps,
              flagDueAt: null,
              updatedAt: now,
              timeline: _.push([{ at: now, action: 'overdue' satisfies MatterEvent, actorId: 'system', actorName: '系统', stepIndex: m.current, note: `时限 ${step.limitDays} 个工作日` }]),
            });
          await enqueue(tx, to, {
            kind: 'matter.overdue',
            title: '小微权力事项超时未办',
            body: `${m.unitName}「${titleFor(m, to)}」（${m.applicantName}）的「${step.title}」已超过 ${step.limitDays} 个工作日的时限，由${step.actorLabel}办理。`,
            link: link(m),
            aboutId: m.applicantId,
          });
          return true;
        });
        if (applied) flagged++;
        else skipped++;
      } catch (err) {
        if (!(err instanceof ContentionError)) throw err;
        skipped++;
      }
    }
  }
  return { flagged, skipped };
}

export interface TallyReport {
  tallied: number;
  /** Matters whose transaction kept conflicting with a change to them: the next run takes them. */
  left: number;
}

const TALLY_PAGE = 100;
/** The powers function's timeout is 20 s: a run stops well inside it and the next resumes. */
const TALLY_BUDGET_MS = 8_000;

/**
 * Moves each changed matter's difference into its village's anonymous counts (`powerStats`), exactly once:
 * one transaction reads the matter, adds what it now counts for less what `counted` says it did, and sets
 * `counted` with the flag cleared. A change written meanwhile conflicts with the transaction (retried on
 * the fresh matter) or sets the flag again for the next run.
 */
export async function tallyMatters({ db }: { db: Db }): Promise<TallyReport> {
  const started = Date.now();
  let tallied = 0;
  let left = 0;
  const tried = new Set<string>();
  while (Date.now() - started < TALLY_BUDGET_MS) {
    const res = await db.collection(COLLECTIONS.matters.name).where({ tallyPending: true }).field({ _id: true }).limit(TALLY_PAGE).get();
    const ids = (res.data as { _id: string }[]).map((d) => d._id).filter((id) => !tried.has(id));
    if (ids.length === 0) break;
    for (const id of ids) {
      tried.add(id);
      try {
        await runTransaction(db, async (tx: Tx) => {
          const m = await findById<MatterRecord>(tx, COLLECTIONS.matters.name, id);
          if (!m?.tallyPending) return;
          const want = tallyOf(m);
          const had = m.counted ?? NO_TALLY;
          const delta = Object.fromEntries(Object.entries(want).map(([k, v]) => [k, v - had[k as keyof typeof had]]).filter(([, v]) => v !== 0));
          if (Object.keys(delta).length) await bumpStats(tx, db, m, delta);
          await tx.collection(COLLECTIONS.matters.name).doc(id).update({ counted: want, tallyPending: false });
        });
        tallied++;
      } catch (err) {
        if (!(err instanceof ContentionError)) throw err;
        left++;
      }
    }
  }
  return { tallied, left };
}
