import type { Db } from '@cloudbase/database';
import { LEVEL_LABELS, nextLevel } from '../../shared/domain/case-catalogue';
import type { CaseRecord, CaseTimelineEntry } from '../../shared/domain/case-records';
import { OPEN_STATUSES, type CaseStatus, type CaseTimelineEvent } from '../../shared/domain/case-state';
import { committeeFor } from '../../shared/domain/case-access';
import { clock } from '../_lib/clock';
import { findById, type Tx } from '../_lib/db';
import { enqueue, type Message } from '../_lib/outbox';
import { gridPartyGroup } from '../_lib/caller';
import { handlersAt, link, loadConfig, unique } from './store';
import { COLLECTIONS } from '../_lib/collections';
import { clockFor } from '../../shared/domain/case-deadlines';
import { ContentionError, runTransaction } from '../_lib/transaction';

/** Cases handled per query; a run keeps querying until a query brings no case it has not tried. */
const BATCH = 200;
const MAX_BATCHES = 500;
/**
 * Wall-clock time a run spends before it leaves the rest to the next run (every 10 minutes; the function's
 * timeout is 60 s): due cases stay due, so a backlog is worked off over several runs, none near the timeout.
 */
const RUN_BUDGET_MS = 20_000;
const SYSTEM = { actorId: 'system', actorName: '系统' };

export interface TimerReport {
  escalated: number;
  warned: number;
  followUpsDue: number;
  /** Due cases another overlapping run had already handled. */
  skipped: number;
}

type DueField = 'escalateAt' | 'warnAt' | 'followUpNoticeAt';

/**
 * Ids of cases whose `field` is due, through the (status, field) index: the cost follows the number
 * of due cases, not the number of open ones.
 */
async function dueIds(db: Db, statuses: readonly CaseStatus[], field: DueField, now: string): Promise<string[]> {
  const _ = db.command;
  const res = await db
    .collection(COLLECTIONS.cases.name)
    .where({ status: statuses.length === 1 ? statuses[0] : _.in([...statuses]), [field]: _.lte(now) })
    .field({ _id: true })
    .limit(BATCH)
    .get();
  return (res.data as { _id: string }[]).map((d) => d._id);
}

/**
 * Applies `act` to each due case in its own transaction. The transaction re-reads the case and
 * re-checks that it is still due, so when two runs overlap the second finds nothing to do
 * (or loses the optimistic race and skips): each deadline is acted on exactly once.
 */
async function sweep(
  db: Db,
  statuses: readonly CaseStatus[],
  field: DueField,
  now: string,
  act: (c: CaseRecord) => Promise<((tx: Tx, c: CaseRecord) => Promise<void>) | null>,
  stopAt: number,
): Promise<{ done: number; skipped: number }> {
  let done = 0;
  let skipped = 0;
  const tried = new Set<string>();
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const ids = (await dueIds(db, statuses, field, now)).filter((id) => !tried.has(id));
    if (ids.length === 0) break;
    for (const id of ids) {
      if (Date.now() >= stopAt) return { done, skipped };
      tried.add(id);
      const before = await findById<CaseRecord>(db, COLLECTIONS.cases.name, id);
      if (!before || !isDue(before, statuses, field, now)) {
        skipped++;
        continue;
      }
      const write = await act(before);
      if (!write) continue;
      try {
        const applied = await runTransaction(db, async (tx: Tx) => {
          const c = await findById<CaseRecord>(tx, COLLECTIONS.cases.name, id);
          // Someone (another run, or a handler) changed it since: the plan made from `before` is stale.
          if (!c || c.updatedAt !== before.updatedAt || !isDue(c, statuses, field, now)) return false;
          await write(tx, c);
          return true;
        });
        if (applied) done++;
        else skipped++;
      } catch (err) {
        if (!(err instanceof ContentionError)) throw err;
        skipped++;
      }
    }
  }
  return { done, skipped };
}

function isDue(c: CaseRecord, statuses: readonly CaseStatus[], field: DueField, now: string): boolean {
  const at = c[field];
  return statuses.includes(c.status) && at !== null && at <= now;
}

function entry(c: CaseRecord, now: string, action: CaseTimelineEvent, note: string, level = c.level): CaseTimelineEntry {
  return { at: now, action, ...SYSTEM, level, note };
}

/** Overdue: one level up with a fresh deadline, telling the new handlers, the old ones and the grid party group. */
async function escalation(db: Db, c: CaseRecord, now: string): Promise<(tx: Tx, c: CaseRecord) => Promise<void>> {
  const config = await loadConfig(db, c.countyId);
  const _ = db.command;
  const up = nextLevel(c.level);
  const limit = config.deadlineDays[c.level];
  if (!up) {
    // Nothing above the county: the case stays there, flagged once for the county's handlers.
    const to = await handlersAt(db, c.level, c.path);
    const message: Message = {
      kind: 'case.overdue',
      title: '县级矛盾纠纷已超期',
      body: `${c.unitName}：${c.typeLabel}，已超过${limit}天期限未办结，请督办。`,
      link: link(c),
    };
    return async (tx) => {
      await tx
        .collection(COLLECTIONS.cases.name)
        .doc(c._id)
        .update({ escalateAt: null, updatedAt: now, timeline: _.push([entry(c, now, 'countyOverdue', `超过${limit}天期限`)]) });
      await enqueue(tx, to, message);
    };
  }
  const committeeId = committeeFor(up, c.path);
  const to = unique([...(await handlersAt(db, up, c.path)), ...(await handlersAt(db, c.level, c.path)), ...(await gridPartyGroup(db, c.gridId))]);
  const message: Message = {
    kind: 'case.escalated',
    title: '矛盾纠纷超期，已自动上交',
    body: `${c.unitName}${c.gridName}：${c.typeLabel}，${LEVEL_LABELS[c.level]}超过${limit}天未办结，已转${LEVEL_LABELS[up]}办理。`,
    link: link(c),
  };
  return async (tx) => {
    await tx
      .collection(COLLECTIONS.cases.name)
      .doc(c._id)
      .update({
        level: up,
        committeeId,
        committeeIds: unique([...c.committeeIds, committeeId]),
        ...clockFor(up, now, config),
        escalations: c.escalations + 1,
        updatedAt: now,
        timeline: _.push([entry(c, now, 'escalate', `${LEVEL_LABELS[c.level]}超过${limit}天期限，转${LEVEL_LABELS[up]}办理`, up)]),
      });
    await enqueue(tx, to, message);
  };
}

async function warning(db: Db, c: CaseRecord, now: string): Promise<(tx: Tx, c: CaseRecord) => Promise<void>> {
  const to = await handlersAt(db, c.level, c.path);
  const _ = db.command;
  const message: Message = {
    kind: 'case.deadlineSoon',
    title: '矛盾纠纷即将到期',
    body: `${c.unitName}：${c.typeLabel}，办理期限将到，逾期将自动上交上级。`,
    link: link(c),
  };
  return async (tx) => {
    await tx
      .collection(COLLECTIONS.cases.name)
      .doc(c._id)
      .update({ warnAt: null, updatedAt: now, timeline: _.push([entry(c, now, 'warn', '距办理期限不足一天')]) });
    await enqueue(tx, to, message);
  };
}

async function followUpNotice(db: Db, c: CaseRecord, now: string): Promise<(tx: Tx, c: CaseRecord) => Promise<void>> {
  const to = unique([...(await handlersAt(db, c.level, c.path)), ...(await gridPartyGroup(db, c.gridId))]);
  const message: Message = {
    kind: 'case.followUpDue',
    title: '调解协议到了回访的时间',
    body: `${c.unitName}：${c.typeLabel}，请上门回访协议履行情况和当事人满意度。`,
    link: link(c),
  };
  return async (tx) => {
    await tx.collection(COLLECTIONS.cases.name).doc(c._id).update({ followUpNoticeAt: null, updatedAt: now });
    await enqueue(tx, to, message);
  };
}

/** The deadline timer: escalate overdue cases, then warn a day ahead, then announce due follow-ups. */
export async function runDeadlines({ db }: { db: Db }): Promise<TimerReport> {
  const now = clock.nowIso();
  const stopAt = Date.now() + RUN_BUDGET_MS;
  const escalated = await sweep(db, OPEN_STATUSES, 'escalateAt', now, (c) => escalation(db, c, now), stopAt);
  const warned = await sweep(db, OPEN_STATUSES, 'warnAt', now, (c) => warning(db, c, now), stopAt);
  const followUps = await sweep(db, ['agreed'], 'followUpNoticeAt', now, (c) => followUpNotice(db, c, now), stopAt);
  return {
    escalated: escalated.done,
    warned: warned.done,
    followUpsDue: followUps.done,
    skipped: escalated.skipped + warned.skipped + followUps.skipped,
  };
}
