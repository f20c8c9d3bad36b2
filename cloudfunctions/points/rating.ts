import { createHash } from 'node:crypto';
import type { Db } from '@cloudbase/database';
import type { In, Out } from './types';
import type { HouseholdRecord, OrgUnitRecord } from '../../shared/domain/records';
import type { PointsBoardRecord, PointsLedgerRecord, PointsMonthRecord, PointsRatingRecord, ScoreEntry } from '../../shared/domain/points-records';
import { checkEntryRows, type CheckedRow, type CheckedScore, type EntryIssue } from '../../shared/domain/points-entry';
import { chinaMonth } from '../../shared/domain/china-time';
import { rankByPoints, tierOf } from '../../shared/domain/points-rules';
import { MONTH_STATUS_LABELS, monthAllows } from '../../shared/domain/points-state';
import { monthForPeople } from '../../shared/domain/for-people';
import { recordAudit } from '../_lib/audit';
import { clock, DAY_MS } from '../_lib/clock';
import { addEachOnce, findById, isDuplicateKey, type Tx, count, readAll, readByIds } from '../_lib/db';
import { conflict, invalid, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { enqueueAudience } from '../_lib/outbox';
import { effectOf, pushEffects, withPushed } from '../_lib/effects';
import {
  boardId,
  countyHintOf,
  householdsAmong,
  loadMonth,
  loadSettings,
  loadVillage,
  monthId,
  monthLedgerId,
  ratingId,
  readMonthCounts,
  readVillageMonth,
  requireOverseer,
  requireRater,
  villageHouseholds,
  type Settings,
  type VillageMonth,
} from './store';
import { COLLECTIONS } from '../_lib/collections';
import { ContentionError, runTransaction } from '../_lib/transaction';

/** A finaliser that stopped midway (a crashed invocation) lets another take over after this long. */
const STALE_CLAIM_MS = 5 * 60 * 1000;
/** Ledger documents per batch insert: one round trip each. */
const LEDGER_BATCH = 500;

type MonthCounts = Pick<Out<'month'>, 'householdCount' | 'ratedCount' | 'openObjections'>;

/** `known` skips the counting queries when the caller has just read those numbers itself. */
export async function monthView(db: Db, village: OrgUnitRecord, month: string, m?: PointsMonthRecord | null, known?: MonthCounts): Promise<Out<'month'>> {
  const record = m === undefined ? await loadMonth(db, village._id, month) : m;
  const indicators = record?.indicators ?? (await loadSettings(db, village)).indicators;
  const { householdCount, ratedCount, openObjections } = known ?? (await readMonthCounts(db, village._id, month));
  const status = record?.status ?? 'draft';
  return {
    villageId: village._id,
    villageName: village.name,
    month,
    status,
    statusLabel: MONTH_STATUS_LABELS[status],
    indicators,
    publishedAt: record?.publishedAt ?? null,
    publicityEndsAt: record?.publicityEndsAt ?? null,
    finalisedAt: record?.finalisedAt ?? null,
    householdCount,
    ratedCount,
    openObjections,
  };
}

function refuseFutureMonth(month: string): void {
  if (month > chinaMonth(clock.now())) throw invalid('还没到这个月，不能评分', [{ path: 'month', message: '不能给将来的月份评分' }]);
}

export async function getMonth(input: In<'month'>, ctx: MemberContext): Promise<Out<'month'>> {
  const village = await loadVillage(ctx.db, input.villageId);
  requireOverseer(ctx.caller, village);
  return monthView(ctx.db, village, input.month);
}

export async function getSheet(input: In<'sheet'>, ctx: MemberContext): Promise<Out<'sheet'>> {
  const { db } = ctx;
  const currentMonth = chinaMonth(clock.now());
  const month = input.month ?? currentMonth;
  const village = await loadVillage(db, input.villageId);
  requireOverseer(ctx.caller, village);
  const [households, ratings] = await Promise.all([
    villageHouseholds(db, village._id),
    readAll<PointsRatingRecord>(db, COLLECTIONS.pointsRatings.name, { villageId: village._id, month }, ['householdId', 'scores', 'total', 'complete']),
  ]);
  const byHousehold = new Map(ratings.map((r) => [r.householdId, r]));
  return {
    currentMonth,
    month: await monthView(db, village, month),
    rows: households.map((h) => {
      const r = byHousehold.get(h._id);
      const scores: Record<string, { score: number; reason: string | null }> = {};
      for (const [code, s] of Object.entries(r?.scores ?? {})) if (s) scores[code] = { score: s.score, reason: s.reason };
      return { householdId: h._id, headName: h.headName, gridId: h.gridId, scores, total: r?.total ?? 0, complete: r?.complete ?? false };
    }),
  };
}

function newMonth(village: OrgUnitRecord, month: string, settings: Settings): PointsMonthRecord {
  return {
    _id: monthId(village._id, month),
    villageId: village._id,
    villageName: village.name,
    path: village.path,
    month,
    status: 'draft',
    indicators: settings.indicators,
    tiers: settings.tiers,
    publicityDays: settings.publicityDays,
    publishedAt: null,
    publishedBy: null,
    publicityEndsAt: null,
    finalisingBy: null,
    finalisingAt: null,
    finalisedAt: null,
    finalisedBy: null,
    createdAt: clock.nowIso(),
  };
}

/** What an entry wrote, and the village and month it wrote into (the answer is built from them, with no read again). */
export interface Entered {
  written: number;
  village: OrgUnitRecord;
  month: PointsMonthRecord;
}

/** What an entry already read (an import reads the village, its month and every household to resolve its lines). */
export interface EntryReads {
  read: VillageMonth;
  households?: readonly HouseholdRecord[];
}

/**
 * Validates every row against the month's indicators and the village's households, then stores the
 * scores (`storeScores`): each into its own field (`scores.<indicator>`), never a read-modify-write of the
 * whole rating, so raters of one evaluation group entering different indicators of the same households
 * at once all keep their work. A publish seals the month's ratings first, so an entry landing after it
 * is refused rather than changing what is on show.
 */
export async function enterRows(
  ctx: MemberContext,
  villageId: string,
  month: string,
  rows: { householdId: string; scores: { code: string; score: number; reason?: string | null }[] }[],
  where: { label: (i: number) => string; path: (i: number, field: string) => string },
  preIssues: EntryIssue[] = [],
  reads?: EntryReads,
): Promise<Entered> {
  const { db, caller } = ctx;
  const { village, month: existing, settings } = reads?.read ?? (await readVillageMonth(db, villageId, month, countyHintOf(caller)));
  requireRater(caller, village);
  refuseFutureMonth(month);
  if (existing && !monthAllows(existing.status, 'enter')) throw conflict(`${monthForPeople(month)}的积分${MONTH_STATUS_LABELS[existing.status]}，不能再改分；定稿后的更正请走“积分调整”`);
  const indicators = existing?.indicators ?? settings.indicators;
  const households = new Map((reads?.households ?? (await householdsAmong(db, village._id, rows.map((r) => r.householdId)))).map((h) => [h._id, h]));
  const checked = checkEntryRows(rows, indicators, (id) => households.has(id), where);
  const issues = [...preIssues, ...checked.issues];
  if (issues.length) throw invalid(`有 ${issues.length} 处填写有误，请改正后再提交（本次没有保存任何分数）`, issues);
  const merged = mergeByHousehold(checked.rows);
  const opened = existing ?? (await openMonth(db, village, month, settings));
  const stored = await storeScores(
    db,
    { village, month, indicators, households, by: caller, at: clock.nowIso() },
    merged.map((row) => ({ householdId: row.householdId, cellsOf: (r) => row.scores.filter((s) => differs(r?.scores[s.code], s)) })),
  );
  const before: Record<string, Record<string, number | null>> = {};
  const after: Record<string, Record<string, number>> = {};
  for (const row of merged) {
    before[row.householdId] = Object.fromEntries(row.scores.map((s) => [s.code, stored.first.get(row.householdId)?.scores[s.code]?.score ?? null]));
    after[row.householdId] = Object.fromEntries(row.scores.map((s) => [s.code, s.score]));
  }
  await recordAudit(db, caller, ctx.requestId, { action: 'points.enter', target: { collection: COLLECTIONS.pointsMonths.name, id: opened._id }, before, after, path: opened.path });
  return { written: merged.reduce((s, r) => s + r.scores.length, 0), village, month: opened };
}

/** A month not opened yet, opened with today's settings. Its id is the month's: of two cadres opening it at once one adds it, and both write into it. */
async function openMonth(db: Db, village: OrgUnitRecord, month: string, settings: Settings): Promise<PointsMonthRecord> {
  const m = newMonth(village, month, settings);
  await addEachOnce(db, COLLECTIONS.pointsMonths.name, [m]);
  return m;
}

/** Whether an entered score changes the cell (a page sent again unchanged writes nothing). */
const differs = (had: ScoreEntry | undefined, s: CheckedScore) => !had || had.score !== s.score || had.reason !== s.reason;

function emptyRating(h: HouseholdRecord, village: OrgUnitRecord, month: string, now: string): PointsRatingRecord {
  return {
    _id: ratingId(h._id, month),
    householdId: h._id,
    headName: h.headName,
    villageId: village._id,
    gridId: h.gridId,
    path: h.path,
    month,
    scores: {},
    total: 0,
    complete: false,
    changes: [],
    rev: 0,
    updatedAt: now,
  };
}

/** Where and by whom an entry writes: the month's indicators and the households its rows name. */
interface EntryContext {
  village: OrgUnitRecord;
  month: string;
  indicators: PointsMonthRecord['indicators'];
  households: ReadonlyMap<string, HouseholdRecord>;
  by: { _id: string; name: string };
  at: string;
}

/** What a write wants of one household: the cells still to write, given its rating as it stands (none yet: undefined). */
interface Wanted {
  householdId: string;
  cellsOf: (r: PointsRatingRecord | undefined) => CheckedScore[];
}

/** Households whose changes are the same: one conditional update writes them all. */
interface ChangeGroup {
  ratingIds: string[];
  householdIds: string[];
  /** Each cell with the score it had when read (null: unscored), which the update requires it still has. */
  cells: (CheckedScore & { from: number | null })[];
  /** Whether the cells leave the rating with every indicator scored. */
  completes: boolean;
}

/**
 * New ratings per batch add: a rating at full marks is about 1.5 KB, so a batch stays under 1 MB. A village
 * of up to 500 unrated households is one add; each further 500 one more (as `readAll` reads 1000 a page).
 */
const RATING_BATCH = 500;
/** Rounds of reading again before an entry gives up on households others keep changing under it (contention: INTERNAL, never CONFLICT). */
const ENTRY_ROUNDS = 6;

const entryOf = (s: CheckedScore, e: EntryContext): ScoreEntry => ({ score: s.score, reason: s.reason, byId: e.by._id, byName: e.by.name, at: e.at });

/**
 * Stores what a write wants in a few requests however many households it names, none per household:
 * the households not rated yet get their rating whole, scores, total and all, in one batch add; the rest
 * are grouped by their change (which cells, from which score to which), and each group is ONE
 * conditional update over `_id in [...]` that sets each cell by its field path, moves `total` by the
 * group's difference (`_.inc`: exact, because the update requires every cell to still hold the score the
 * difference was taken from) and sets `complete` when the cells finish the rating. A rating someone
 * changed meanwhile (the update matched fewer than the group, or a batch add met a rating added first)
 * is read again and what it still lacks is written in the next round, so no score is lost and none
 * overwritten by a stale read; a sealed one (a publish in flight) is CONFLICT. A rating left unfinished
 * by its own cells is marked complete at the end if others' cells finished it meanwhile.
 */
async function storeScores(db: Db, e: EntryContext, wanted: readonly Wanted[]): Promise<{ first: Map<string, PointsRatingRecord>; cells: Map<string, number> }> {
  const _ = db.command;
  const ratings = COLLECTIONS.pointsRatings.name;
  const first = await ratingsOf(db, wanted.map((w) => ratingId(w.householdId, e.month)));
  let current = first;
  let pending = [...wanted];
  const cells = new Map<string, number>();
  const unfinished = new Set<string>();
  for (let round = 1; pending.length; round++) {
    if (round > ENTRY_ROUNDS) throw new ContentionError(ENTRY_ROUNDS);
    const retry = new Set<string>();
    const fresh = pending.map((w) => ({ w, scores: current.has(w.householdId) ? [] : w.cellsOf(undefined) })).filter((f) => f.scores.length);
    for (let i = 0; i < fresh.length; i += RATING_BATCH) {
      const batch = fresh.slice(i, i + RATING_BATCH);
      try {
        await db.collection(ratings).add(batch.map(({ w, scores }) => ratingWith(e, w.householdId, scores)));
        for (const { w, scores } of batch) cells.set(w.householdId, scores.length);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        for (const { w } of batch) retry.add(w.householdId);
      }
    }
    for (const g of changeGroups(e, pending.filter((w) => current.has(w.householdId)), current)) {
      const where: Record<string, unknown> = { _id: _.in(g.ratingIds), sealed: _.neq(true) };
      const patch: Record<string, unknown> = { rev: _.inc(1), updatedAt: e.at, total: _.inc(g.cells.reduce((d, c) => d + c.score - (c.from ?? 0), 0)) };
      for (const c of g.cells) {
        if (c.from === null) where[`scores.${c.code}`] = _.exists(false);
        else where[`scores.${c.code}.score`] = c.from;
        patch[`scores.${c.code}`] = _.set(entryOf(c, e));
      }
      if (g.completes) patch.complete = true;
      else g.ratingIds.forEach((id) => unfinished.add(id));
      const res = (await db.collection(ratings).where(where).update(patch)) as { updated?: number };
      if ((res.updated ?? 0) === g.ratingIds.length) g.householdIds.forEach((h) => cells.set(h, g.cells.length));
      else g.householdIds.forEach((h) => retry.add(h));
    }
    if (retry.size === 0) break;
    current = await ratingsOf(db, [...retry].map((h) => ratingId(h, e.month)));
    pending = pending.filter((w) => retry.has(w.householdId));
    // A group that matched fewer than its households still wrote some of them: those carry this write's stamp (by, at).
    for (const w of pending) {
      const r = current.get(w.householdId);
      const mine = r ? Object.values(r.scores).filter((s) => s?.byId === e.by._id && s.at === e.at).length : 0;
      if (mine > 0 && !cells.has(w.householdId)) cells.set(w.householdId, mine);
    }
  }
  if (unfinished.size) {
    const finished = Object.fromEntries(e.indicators.map((i) => [`scores.${i.code}`, _.exists(true)]));
    await db.collection(ratings).where({ _id: _.in([...unfinished]), complete: false, ...finished }).update({ complete: true });
  }
  return { first, cells };
}

/** Ratings by id, by household. */
async function ratingsOf(db: Db, ids: readonly string[]): Promise<Map<string, PointsRatingRecord>> {
  return new Map((await readByIds<PointsRatingRecord>(db, COLLECTIONS.pointsRatings.name, ids)).map((r) => [r.householdId, r]));
}

/** A household's first rating of the month, holding these scores. */
function ratingWith(e: EntryContext, householdId: string, scores: readonly CheckedScore[]): PointsRatingRecord {
  const r = emptyRating(e.households.get(householdId)!, e.village, e.month, e.at);
  for (const s of scores) r.scores[s.code] = entryOf(s, e);
  r.total = scores.reduce((t, s) => t + s.score, 0);
  r.complete = e.indicators.every((i) => r.scores[i.code] !== undefined);
  return r;
}

/** The wanted changes of rated households, grouped by their change; a sealed rating refuses the entry. */
function changeGroups(e: EntryContext, wanted: readonly Wanted[], current: ReadonlyMap<string, PointsRatingRecord>): ChangeGroup[] {
  const groups = new Map<string, ChangeGroup>();
  for (const w of wanted) {
    const r = current.get(w.householdId)!;
    if (r.sealed) throw conflict(`${monthForPeople(e.month)}的积分已公示，不能再改分`);
    const cells = w.cellsOf(r)
      .map((s) => ({ ...s, from: r.scores[s.code]?.score ?? null }))
      .sort((a, b) => (a.code < b.code ? -1 : 1));
    if (!cells.length) continue;
    const completes = e.indicators.every((i) => r.scores[i.code] !== undefined || cells.some((c) => c.code === i.code));
    const key = JSON.stringify([cells, completes]);
    const g = groups.get(key) ?? { ratingIds: [], householdIds: [], cells, completes };
    g.ratingIds.push(r._id);
    g.householdIds.push(w.householdId);
    groups.set(key, g);
  }
  return [...groups.values()];
}

function mergeByHousehold(rows: CheckedRow[]): CheckedRow[] {
  const out = new Map<string, CheckedRow>();
  for (const r of rows) {
    const m = out.get(r.householdId) ?? { householdId: r.householdId, scores: [] };
    m.scores.push(...r.scores);
    out.set(r.householdId, m);
  }
  return [...out.values()];
}

export async function enterScores(input: In<'enter'>, ctx: MemberContext): Promise<Out<'enter'>> {
  const entered = await enterRows(ctx, input.villageId, input.month, input.rows, {
    label: (i) => `第 ${i + 1} 行`,
    path: (i, field) => `rows.${i}.${field}`,
  });
  return { written: entered.written, month: await monthView(ctx.db, entered.village, input.month, entered.month) };
}

/**
 * 其余按满分: every indicator not yet scored, of every household of the village, gets its full marks,
 * as one audited action of its own (`points.fillRemainingFull`, with how many scores of how many
 * households). Written as an entry is (`storeScores`): households not rated yet in one batch add at full
 * marks, the rest grouped by what they lack, one conditional update a group that sets only indicators
 * still unscored when it lands; a rater's score written meanwhile makes it read again and fill only what
 * is still missing, so a bulk fill never overwrites anyone's score.
 */
export async function fillRemainingFull(input: In<'fillRemainingFull'>, ctx: MemberContext): Promise<Out<'fillRemainingFull'>> {
  const { db, caller } = ctx;
  const { village, month: existing, settings } = await readVillageMonth(db, input.villageId, input.month, countyHintOf(caller));
  requireRater(caller, village);
  refuseFutureMonth(input.month);
  if (existing && !monthAllows(existing.status, 'enter')) throw conflict(`${monthForPeople(input.month)}的积分${MONTH_STATUS_LABELS[existing.status]}，不能再改分`);
  const indicators = existing?.indicators ?? settings.indicators;
  const households = await villageHouseholds(db, village._id);
  const opened = existing ?? (await openMonth(db, village, input.month, settings));
  const full = (r: PointsRatingRecord | undefined): CheckedScore[] => indicators.filter((i) => !r?.scores[i.code]).map((i) => ({ code: i.code, score: i.max, reason: null }));
  const { cells } = await storeScores(
    db,
    { village, month: input.month, indicators, households: new Map(households.map((h) => [h._id, h])), by: caller, at: clock.nowIso() },
    households.map((h) => ({ householdId: h._id, cellsOf: full })),
  );
  const filledHouseholds = [...cells.keys()];
  const filled = [...cells.values()].reduce((s, n) => s + n, 0);
  if (filled > 0) {
    await recordAudit(db, caller, ctx.requestId, {
      action: 'points.fillRemainingFull',
      target: { collection: COLLECTIONS.pointsMonths.name, id: opened._id },
      before: { unscored: filled },
      after: { filled, households: filledHouseholds.length, householdIds: filledHouseholds.slice(0, 200), fullMarks: Object.fromEntries(indicators.map((i) => [i.code, i.max])) },
      path: opened.path,
    });
  }
  return { filled, households: filledHouseholds.length, month: await monthView(db, village, input.month, opened) };
}

export async function publishMonth(input: In<'publish'>, ctx: MemberContext): Promise<Out<'publish'>> {
  const { db, caller } = ctx;
  const { village, month: m } = await readVillageMonth(db, input.villageId, input.month, countyHintOf(caller));
  requireRater(caller, village);
  if (!m) throw conflict('这个月还没有录入任何分数');
  if (!monthAllows(m.status, 'publish')) throw conflict(`${monthForPeople(input.month)}的积分${MONTH_STATUS_LABELS[m.status]}`);
  const { householdCount, ratedCount: rated } = await readMonthCounts(db, village._id, input.month);
  if (rated < householdCount) throw conflict(`还有 ${householdCount - rated} 户没有评完十项指标，评完后才能公示`);
  const [y, mo] = input.month.split('-');
  // Sealed before the month flips: a score entry still in flight is refused from here on, so what is
  // published is what stays on show.
  const ratings = db.collection(COLLECTIONS.pointsRatings.name);
  await ratings.where({ villageId: village._id, month: input.month }).update({ sealed: true });
  const monthDocId = m._id;
  let published: PointsMonthRecord = m;
  try {
    await runTransaction(db, async (tx: Tx) => {
      const cur = await findById<PointsMonthRecord>(tx, COLLECTIONS.pointsMonths.name, monthDocId);
      if (!cur || !monthAllows(cur.status, 'publish')) throw conflict(`${monthForPeople(input.month)}的积分已经公示过了`);
      const now = clock.now();
      const patch = {
        status: 'published' as const,
        publishedAt: now.toISOString(),
        publishedBy: caller._id,
        publicityEndsAt: new Date(now.getTime() + cur.publicityDays * DAY_MS).toISOString(),
      };
      await tx.collection(COLLECTIONS.pointsMonths.name).doc(monthDocId).update(patch);
      published = { ...cur, ...patch };
      await recordAudit(tx, caller, ctx.requestId, { action: 'points.publish', target: { collection: COLLECTIONS.pointsMonths.name, id: monthDocId }, before: { status: cur.status }, after: patch, path: cur.path });
      // Every villager is told through one fan-out row, expanded by the dispatcher in bounded pages:
      // this transaction stays a handful of writes however large the village.
      await enqueueAudience(tx, `fo-${monthDocId}-published`, { kind: 'village-households', villageId: village._id }, {
        kind: 'points.published',
        title: `${y}年${Number(mo)}月积分已公示`,
        body: `${village.name}${Number(mo)}月的户积分已公示 ${cur.publicityDays} 天，请查看您家的得分；有不同意见可在公示期内提出异议。`,
        link: { page: 'points', id: input.month },
      });
    });
  } catch (err) {
    const after = await loadMonth(db, village._id, input.month);
    if (!after || monthAllows(after.status, 'enter')) await ratings.where({ villageId: village._id, month: input.month }).update({ sealed: false });
    throw err;
  }
  // The answer from what was written and counted: no objection can be open before publicity begins.
  return monthView(db, village, input.month, published, { householdCount, ratedCount: rated, openObjections: 0 });
}

function sign(fields: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/** The ledger entry that records one household's finalised month. */
export function monthEntry(m: PointsMonthRecord, r: PointsRatingRecord, by: { _id: string; name: string }, at: string): PointsLedgerRecord {
  const detail = m.indicators.map((i) => ({ code: i.code, name: i.name, score: r.scores[i.code]?.score ?? 0, max: i.max, reason: r.scores[i.code]?.reason ?? null }));
  const body = {
    _id: monthLedgerId(r.householdId, m.month),
    kind: 'month' as const,
    householdId: r.householdId,
    villageId: m.villageId,
    path: r.path,
    month: m.month,
    year: Number(m.month.slice(0, 4)),
    delta: detail.reduce((s, d) => s + d.score, 0),
    code: null,
    detail,
    reason: null,
    enteredById: by._id,
    enteredByName: by.name,
    approverId: by._id,
    approverName: by.name,
    at,
  };
  return { ...body, signature: sign(body) };
}

/** Inserts ledger entries in batches; a batch that meets entries a previous attempt wrote falls back to the missing ones. */
async function appendLedger(db: Db, entries: PointsLedgerRecord[]): Promise<void> {
  for (let i = 0; i < entries.length; i += LEDGER_BATCH) {
    const batch = entries.slice(i, i + LEDGER_BATCH);
    try {
      await db.collection(COLLECTIONS.pointsLedger.name).add(batch);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const ids = batch.map((e) => e._id);
      const have = new Set((await readAll<{ _id: string }>(db, COLLECTIONS.pointsLedger.name, { _id: db.command.in(ids) }, [])).map((d) => d._id));
      const missing = batch.filter((e) => !have.has(e._id));
      if (missing.length) await db.collection(COLLECTIONS.pointsLedger.name).add(missing);
    }
  }
}

/**
 * Finalising is claimed with one conditional update (published → finalising), so of two cadres
 * finalising at once exactly one proceeds. The winner reads the month's ratings a thousand at a
 * time, writes the ledger in batches and the frozen ranking as one document, then flips the month
 * to final in a transaction with its audit entry.
 */
export async function finaliseMonth(input: In<'finalise'>, ctx: MemberContext): Promise<Out<'finalise'>> {
  const { db, caller } = ctx;
  const _ = db.command;
  const { village, month: m } = await readVillageMonth(db, input.villageId, input.month, countyHintOf(caller));
  requireRater(caller, village);
  const id = monthId(village._id, input.month);
  if (!m) throw notFound('这个月还没有评分');
  if (m.status === 'final') throw conflict(`${monthForPeople(input.month)}的积分已经定稿了`);
  if (m.status === 'draft') throw conflict('请先公示，公示期满后才能定稿');
  const now = clock.now();
  if (m.publicityEndsAt && now.toISOString() < m.publicityEndsAt) throw conflict(`公示期到 ${m.publicityEndsAt.slice(0, 10)} 才结束，之后才能定稿`);
  const claim = { status: 'finalising', finalisingBy: caller._id, finalisingAt: now.toISOString() };
  let res = await db.collection(COLLECTIONS.pointsMonths.name).where({ _id: id, status: 'published' }).update(claim);
  if ((res as { updated?: number }).updated !== 1) {
    const stale = new Date(now.getTime() - STALE_CLAIM_MS).toISOString();
    res = await db.collection(COLLECTIONS.pointsMonths.name).where({ _id: id, status: 'finalising', finalisingAt: _.lt(stale) }).update(claim);
    if ((res as { updated?: number }).updated !== 1) throw conflict(`${monthForPeople(input.month)}的积分已由其他干部定稿或正在定稿`);
  }
  // Counted after the claim: an objection raised is one add, and one that lands after the claim sees it and
  // is taken back (points.object), so none raised before it is missed here. Open ones give the month back.
  const open = await count(db, COLLECTIONS.pointsObjections.name, { villageId: village._id, month: input.month, status: 'open' });
  if (open > 0) {
    await db.collection(COLLECTIONS.pointsMonths.name).where({ _id: id, status: 'finalising', finalisingBy: caller._id }).update({ status: 'published', finalisingBy: null, finalisingAt: null });
    throw conflict(`还有 ${open} 条异议没有处理，处理完才能定稿`);
  }

  const written = await writeFinalRecords(db, m, caller, now.toISOString());

  // The month flips to final only while this cadre's claim holds, in one write carrying its audit entry.
  const patch = { status: 'final' as const, finalisedAt: clock.nowIso(), finalisedBy: caller._id };
  const effect = effectOf(caller, ctx.requestId, { collection: COLLECTIONS.pointsMonths.name, id, path: m.path }, patch.finalisedAt, {
    messages: [],
    audit: { action: 'points.finalise', before: { status: 'published' }, after: patch },
  });
  const flipped = await db
    .collection(COLLECTIONS.pointsMonths.name)
    .where({ _id: id, status: 'finalising', finalisingBy: caller._id })
    .update({ ...patch, ...pushEffects(db, [effect]) });
  if ((flipped as { updated?: number }).updated !== 1) throw conflict('定稿被其他干部接手了');
  const finalised = withPushed({ ...m, ...claim, ...patch } as PointsMonthRecord, [effect]);
  return monthView(db, village, input.month, finalised, { householdCount: written.householdCount, ratedCount: written.board.rows.length, openObjections: 0 });
}

/** The ledger entries and frozen ranking of a finalised month; idempotent, so a resumed finalise completes them. */
export async function writeFinalRecords(
  db: Db,
  m: PointsMonthRecord,
  by: { _id: string; name: string },
  at: string,
): Promise<{ board: PointsBoardRecord; householdCount: number }> {
  const [ratings, households] = await Promise.all([
    readAll<PointsRatingRecord>(db, COLLECTIONS.pointsRatings.name, { villageId: m.villageId, month: m.month }, ['householdId', 'path', 'scores', 'total']),
    villageHouseholds(db, m.villageId),
  ]);
  const names = new Map<string, HouseholdRecord>(households.map((h) => [h._id, h]));
  await appendLedger(db, ratings.map((r) => monthEntry(m, r, by, at)));
  const board: PointsBoardRecord = {
    _id: boardId(m.villageId, m.month),
    villageId: m.villageId,
    month: m.month,
    rows: rankByPoints(ratings.map((r) => ({ id: r.householdId, points: r.total }))).map(({ item, rank }) => ({
      householdId: item.id,
      headName: names.get(item.id)?.headName ?? '',
      points: item.points,
      rank,
      tier: tierOf(item.points, m.tiers).code,
    })),
    at,
  };
  const { _id: boardKey, ...boardBody } = board;
  await db.collection(COLLECTIONS.pointsBoards.name).doc(boardKey).set(boardBody);
  return { board, householdCount: households.length };
}

