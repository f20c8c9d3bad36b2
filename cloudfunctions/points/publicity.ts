import type { Db } from '@cloudbase/database';
import type { In, Out } from './types';
import type { HouseholdRecord, OrgUnitRecord } from '../../shared/domain/records';
import type {
  PointsBoardRecord,
  PointsLedgerRecord,
  PointsMonthRecord,
  PointsObjectionRecord,
  PointsRatingRecord,
} from '../../shared/domain/points-records';
import { chinaMonth, chinaYear } from '../../shared/domain/china-time';
import { DEFAULT_TIERS, rankByPoints, tierOf, type Tier } from '../../shared/domain/points-rules';
import { monthAllows, OBJECTION_STATUS_LABELS } from '../../shared/domain/points-state';
import { monthForPeople } from '../../shared/domain/for-people';
import { usersWithRoleAt } from '../_lib/caller';
import { clock } from '../_lib/clock';
import { count, findById, isDuplicateKey, type Tx, readAll } from '../_lib/db';
import { conflict, forbidden, invalid, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { checkText } from '../_lib/content-check';
import { canSeeHeldText, heldField, HELD_PLACEHOLDER, visibleText } from '../../shared/domain/moderation';
import { ADJUST_FIELD, DECISION_FIELD, hiddenCadreTexts, maskWith, type ModeratedLedger, type ModeratedObjection, type PointsViewer } from '../../shared/domain/points-moderation';
import { mayReleaseCadreText, pointsViewer, pointsActorOf, isApprover, mayReleaseObjection, seesHeldObjection, releasableFields, type PointsActor, isOverseer, livesIn } from '../../shared/domain/points-access';
import {
  boardId,
  cadreTextHeld,
  countyHintOf,
  householdMembers,
  loadMonth,
  loadVillage,
  objectionId,
  ratingId,
  readForObjection,
  readHouseholdMonth,
  readVillageMonth,
  requireOverseer,
  requireRater,
  villageHouseholds,
} from './store';
import { monthView } from './rating';
import { COLLECTIONS } from '../_lib/collections';
import { runTransaction } from '../_lib/transaction';
import { carrying, effectOf, pushEffects, withPushed, type EffectSpec } from '../_lib/effects';

export const tierView = (t: Tier) => ({ code: t.code, name: t.name });
const tierByCode = (tiers: readonly Tier[], code: Tier['code']) => tiers.find((t) => t.code === code) ?? DEFAULT_TIERS[3]!;

/**
 * One ledger entry as this viewer may read it: a held correction reason (and any held decision
 * reason copied into a month's entry) reads as the placeholder to the household.
 */
export function ledgerView(
  e: ModeratedLedger,
  opts: { viewer: PointsViewer; hidden?: ReadonlySet<string>; village?: OrgUnitRecord; actor?: PointsActor },
): Out<'ledger'>['entries'][number] {
  const held = heldField(e.moderation, ADJUST_FIELD);
  const own = held ? canSeeHeldText(held, opts.viewer) : true;
  const mask = maskWith(opts.hidden ?? new Set());
  const text = <T extends string | null>(s: T) => (held && !own && s === e.reason ? HELD_PLACEHOLDER : mask(s));
  const canRelease = Boolean(held && opts.village && opts.actor && mayReleaseCadreText(opts.actor, opts.village, held.authorId));
  return {
    id: e._id,
    kind: e.kind,
    month: e.month,
    delta: e.delta,
    code: e.code,
    indicatorName: e.kind === 'adjustment' ? e.detail[0]?.name ?? null : null,
    detail: e.detail.map((d) => ({ ...d, reason: text(d.reason) })),
    reason: text(e.reason),
    enteredByName: e.enteredByName,
    approverName: e.approverName,
    signature: e.signature,
    at: e.at,
    ...(held && own ? { held: [{ field: held.field, reason: held.reason }] } : {}),
    ...(canRelease ? { canRelease } : {}),
    ...(e.clause ? { clause: { covenantId: e.clause.covenantId, no: e.clause.no, label: `居民公约第 ${e.clause.version} 版第 ${e.clause.no} 条` } } : {}),
  };
}

/**
 * `hideHeld` is true for anyone but the household and the village cadres (for the household's
 * reason); `viewer` reads a held decision reason only as its author or a cadre over the village;
 * `canRelease` when some held field is the caller's to release.
 */
export function objectionView(o: ModeratedObjection, m: PointsMonthRecord | null, hideHeld: boolean, canRelease: boolean, viewer: PointsViewer): Out<'object'> {
  const held = (o.moderation?.held ?? []).filter((h) => (h.field === DECISION_FIELD ? canSeeHeldText(h, viewer) : !hideHeld));
  const reasonHeld = heldField(o.moderation, 'reason') !== null;
  return {
    ...(held.length ? { held: held.map((h) => ({ field: h.field, reason: h.reason })) } : {}),
    id: o._id,
    householdId: o.householdId,
    headName: o.headName,
    month: o.month,
    code: o.code,
    indicatorName: o.code ? m?.indicators.find((i) => i.code === o.code)?.name ?? null : null,
    reason: reasonHeld && hideHeld ? HELD_PLACEHOLDER : o.reason,
    raisedByName: o.raisedByName,
    raisedAt: o.raisedAt,
    status: o.status,
    statusLabel: OBJECTION_STATUS_LABELS[o.status],
    decisionReason: visibleText(o.moderation, DECISION_FIELD, o.decisionReason, viewer),
    decidedByName: o.decidedByName,
    decidedAt: o.decidedAt,
    adjustment: o.adjustment,
    canRelease: canRelease && (o.moderation?.held.length ?? 0) > 0,
  };
}

interface BoardRow {
  householdId: string;
  headName: string;
  points: number;
  rank: number;
  tier: Tier;
}

/** The month's ranking: frozen at finalisation, computed from the ratings while it is in publicity. */
export async function monthBoard(db: Db, m: PointsMonthRecord): Promise<BoardRow[]> {
  if (m.status === 'final') {
    const board = await findById<PointsBoardRecord>(db, COLLECTIONS.pointsBoards.name, boardId(m.villageId, m.month));
    if (board) return board.rows.map((r) => ({ ...r, tier: tierByCode(m.tiers, r.tier) }));
  }
  const [ratings, households] = await Promise.all([
    readAll<PointsRatingRecord>(db, COLLECTIONS.pointsRatings.name, { villageId: m.villageId, month: m.month }, ['householdId', 'total']),
    villageHouseholds(db, m.villageId),
  ]);
  const names = new Map(households.map((h) => [h._id, h.headName]));
  return rankByPoints(ratings.map((r) => ({ id: r.householdId, points: r.total }))).map(({ item, rank }) => ({
    householdId: item.id,
    headName: names.get(item.id) ?? '',
    points: item.points,
    rank,
    tier: tierOf(item.points, m.tiers),
  }));
}

export async function getRanking(input: In<'ranking'>, ctx: MemberContext): Promise<Out<'ranking'>> {
  const { db, caller } = ctx;
  const actor = pointsActorOf(caller);
  const villageId = input.villageId ?? actor.homeUnitId ?? caller.roles.find((r) => r.role === 'village-cadre')?.unitId;
  if (!villageId) {
    // A town or county cadre has no village of their own: the ranking is read village by village.
    const oversees = caller.roles.some((r) => r.role === 'town-cadre' || r.role === 'county-admin' || r.role === 'supervisor');
    throw forbidden(oversees ? '积分排名按村（社区）查看：请从辖区某个村（社区）的积分页进入' : '请先登记您居住的村（社区）');
  }
  const village = await loadVillage(db, villageId);
  const overseer = isOverseer(actor, village);
  if (!overseer && !livesIn(actor, village)) throw forbidden('只能查看本村（社区）的积分排名');
  const m = input.month ? await loadMonth(db, village._id, input.month) : await latestBoardMonth(db, village._id, overseer);
  if (!m || (m.status === 'draft' && !overseer)) throw notFound('这个月的积分还没有公示');
  const mine = actor.householdId;
  const rows = await monthBoard(db, m);
  return {
    month: m.month,
    status: m.status,
    villageId: village._id,
    villageName: village.name,
    rows: rows.map((r) => ({ rank: r.rank, householdId: r.householdId, headName: r.headName, points: r.points, tier: tierView(r.tier), mine: r.householdId === mine })),
  };
}

/** The village's latest month with a board: published or final (a draft too, for its overseers). */
async function latestBoardMonth(db: Db, villageId: string, overseer: boolean): Promise<PointsMonthRecord | null> {
  const _ = db.command;
  const where = overseer ? { villageId } : { villageId, status: _.neq('draft') };
  const res = await db.collection(COLLECTIONS.pointsMonths.name).where(where).orderBy('month', 'desc').limit(1).get();
  return (res.data[0] as PointsMonthRecord | undefined) ?? null;
}

async function householdAndVillage(db: Db, householdId: string): Promise<{ household: HouseholdRecord; village: OrgUnitRecord }> {
  const household = await findById<HouseholdRecord>(db, COLLECTIONS.households.name, householdId);
  if (!household) throw notFound('找不到这个家庭户');
  return { household, village: await loadVillage(db, household.unitId) };
}

function requireOwnOrOverseer(actor: PointsActor, householdId: string, village: OrgUnitRecord): boolean {
  const overseer = isOverseer(actor, village);
  if (!overseer && actor.householdId !== householdId) throw forbidden('只能查看自己家的积分明细，别人家的可以看公示的排名');
  return overseer;
}

const sumDelta = (entries: readonly PointsLedgerRecord[]) => entries.reduce((s, e) => s + e.delta, 0);

/** Ledger order: by month, the month's own entry before its corrections, then by time. */
const ledgerOrder = (a: PointsLedgerRecord, b: PointsLedgerRecord) =>
  a.month.localeCompare(b.month) || Number(a.kind === 'adjustment') - Number(b.kind === 'adjustment') || a.at.localeCompare(b.at) || a._id.localeCompare(b._id);

export async function getDetail(input: In<'detail'>, ctx: MemberContext): Promise<Out<'detail'>> {
  const { db, caller } = ctx;
  const actor = pointsActorOf(caller);
  const household = await findById<HouseholdRecord>(db, COLLECTIONS.households.name, input.householdId);
  if (!household) throw notFound('找不到这个家庭户');
  // The caller, the household, and one aggregate for the rest (3 requests).
  const { village, month: m, rating, objection, ledger, counts } = await readHouseholdMonth(db, household, input.month);
  const overseer = requireOwnOrOverseer(actor, household._id, village);
  if (!m || (m.status === 'draft' && !overseer)) throw notFound('这个月的积分还没有公示');
  const points = m.status === 'final' ? sumDelta(ledger) : rating?.total ?? 0;
  const names = new Map(m.indicators.map((i) => [i.code, i.name]));
  const now = clock.nowIso();
  const viewer = pointsViewer(actor, village);
  const hidden = hiddenCadreTexts(objection ? [objection] : [], ledger, viewer);
  const mask = maskWith(hidden);
  return {
    householdId: household._id,
    headName: household.headName,
    month: await monthView(db, village, input.month, m, counts),
    scores: m.indicators.map((i) => ({
      code: i.code,
      name: i.name,
      description: i.description,
      max: i.max,
      score: rating?.scores[i.code]?.score ?? null,
      reason: mask(rating?.scores[i.code]?.reason ?? null),
    })),
    points,
    tier: tierView(tierOf(points, m.tiers)),
    objection: objection
      ? objectionView(objection, m, !seesHeldObjection(actor, objection, village), releasableFields(objection, actor, village).length > 0, viewer)
      : null,
    changes: (rating?.changes ?? []).map((c) => ({ at: c.at, indicatorName: names.get(c.code) ?? c.code, from: c.from, to: c.to, reason: mask(c.reason), byName: c.byName })),
    ledger: ledger.sort(ledgerOrder).map((e) => ledgerView(e, { viewer, hidden, village, actor })),
    canObject:
      actor.householdId === household._id && m.status === 'published' && m.publicityEndsAt !== null && now < m.publicityEndsAt && !objection,
    canAdjust: m.status === 'final' && isApprover(actor, village),
  };
}

export async function getLedger(input: In<'ledger'>, ctx: MemberContext): Promise<Out<'ledger'>> {
  const { db, caller } = ctx;
  const actor = pointsActorOf(caller);
  const { household, village } = await householdAndVillage(db, input.householdId);
  requireOwnOrOverseer(actor, household._id, village);
  const [entries, objections] = await Promise.all([
    readAll<ModeratedLedger>(db, COLLECTIONS.pointsLedger.name, { householdId: household._id, year: input.year }),
    readAll<ModeratedObjection>(db, COLLECTIONS.pointsObjections.name, { householdId: household._id }),
  ]);
  entries.sort(ledgerOrder);
  const viewer = pointsViewer(actor, village);
  const hidden = hiddenCadreTexts(objections, entries, viewer);
  return { entries: entries.map((e) => ledgerView(e, { viewer, hidden, village, actor })), total: sumDelta(entries) };
}

export async function getMine(input: In<'mine'>, ctx: MemberContext): Promise<Out<'mine'>> {
  const { db, caller } = ctx;
  const actor = pointsActorOf(caller);
  const _ = db.command;
  const hid = actor.householdId;
  if (!hid) throw forbidden('请先登记并确认您的家庭户，才能查看户积分');
  // Five requests in a quiet month, six in publicity: the village's name comes from its month records
  // (loaded only when it has none), one ledger read serves both the trend and the year, and the latest
  // month's rank is the frozen board (final) or one count (in publicity).
  const household = await findById<HouseholdRecord>(db, COLLECTIONS.households.name, hid);
  if (!household) throw notFound('找不到这个家庭户');
  const year = input.year ?? chinaYear(clock.now());
  const monthsRes = await db
    .collection(COLLECTIONS.pointsMonths.name)
    .where({ villageId: household.unitId, status: _.in(['published', 'finalising', 'final']), month: _.lte(`${year}-12`) })
    .orderBy('month', 'desc')
    .limit(12)
    .get();
  const months = (monthsRes.data as PointsMonthRecord[]).reverse();
  const village = months.length ? { _id: household.unitId, name: months[months.length - 1]!.villageName } : await loadVillage(db, household.unitId);
  const open = months.filter((m) => m.status !== 'final').map((m) => m.month);
  const from = months[0] && months[0].month < `${year}-01` ? months[0].month : `${year}-01`;
  const [entries, ratings] = await Promise.all([
    readAll<PointsLedgerRecord>(db, COLLECTIONS.pointsLedger.name, { householdId: hid, month: _.gte(from).and(_.lte(`${year}-12`)) }, ['month', 'year', 'delta']),
    open.length ? readAll<PointsRatingRecord>(db, COLLECTIONS.pointsRatings.name, { householdId: hid, month: _.in(open) }, ['month', 'total']) : Promise.resolve([]),
  ]);
  const ledger = entries;
  const yearEntries = entries.filter((e) => e.year === year);
  const trend = months.map((m) => {
    const points =
      m.status === 'final'
        ? sumDelta(ledger.filter((e) => e.month === m.month))
        : ratings.find((r) => r.month === m.month)?.total ?? 0;
    return { month: m.month, points, tier: tierView(tierOf(points, m.tiers)) };
  });
  const lastMonth = months[months.length - 1];
  const last = trend[trend.length - 1];
  let latest: Out<'mine'>['latest'] = null;
  if (lastMonth && last) {
    let rank: number | null;
    if (lastMonth.status === 'final') {
      rank = (await monthBoard(db, lastMonth)).find((r) => r.householdId === hid)?.rank ?? null;
    } else {
      // In publicity the rank is counted, not read off the whole board: shared ranks (rankByPoints) make it
      // one more than the ratings above this household's; none when the household has no rating.
      const own = ratings.find((r) => r.month === lastMonth.month);
      rank = own ? 1 + (await count(db, COLLECTIONS.pointsRatings.name, { villageId: lastMonth.villageId, month: lastMonth.month, total: _.gt(own.total) })) : null;
    }
    latest = { month: last.month, points: last.points, tier: last.tier, rank, status: lastMonth.status };
  }
  return {
    householdId: hid,
    headName: household.headName,
    villageId: village._id,
    villageName: village.name,
    latest,
    trend,
    year,
    yearPoints: sumDelta(yearEntries),
  };
}

/** Whether a month takes objections now: published and inside its publicity. */
const takesObjections = (m: PointsMonthRecord | null, now: string) => Boolean(m && monthAllows(m.status, 'object') && !(m.publicityEndsAt && now >= m.publicityEndsAt));

/**
 * One write, the objection's add (its id from the household and month), carrying the cadres' notice and
 * the held-text notice (`_lib/effects.ts`): the caller, one aggregate (household, month, cadres), the add
 * and the month read again, 4 requests. Read again because finalising claims the month by its own write:
 * an objection that lands after the claim is taken back and refused, and finalise counts the open
 * objections again after its claim (`finaliseMonth`), so none is left open on a final month.
 */
export async function raiseObjection(input: In<'object'>, ctx: MemberContext): Promise<Out<'object'>> {
  const { db, caller } = ctx;
  const actor = pointsActorOf(caller);
  const hid = actor.householdId;
  const villageId = caller.residence?.unitId;
  if (!hid || !villageId) throw forbidden('只有本户成员可以对本户积分提出异议');
  const { village, household, month: m, cadreIds } = await readForObjection(db, villageId, hid, input.month);
  if (!household || household.unitId !== village._id) throw notFound('找不到这个家庭户');
  if (!m || !monthAllows(m.status, 'object')) throw conflict('只有公示期内才能提出异议');
  if (m.publicityEndsAt && clock.nowIso() >= m.publicityEndsAt) throw conflict('公示期已经结束，不能再提出异议');
  if (input.month > chinaMonth(clock.now())) throw invalid('月份不对', [{ path: 'month', message: '不能对将来的月份提异议' }]);
  const { held } = await checkText(ctx, { reason: input.reason });
  const now = clock.nowIso();
  const record: ModeratedObjection = {
    ...(held.length ? { moderation: { held } } : {}),
    _id: objectionId(hid, input.month),
    householdId: hid,
    headName: household.headName,
    villageId: village._id,
    path: household.path,
    month: input.month,
    code: input.code ?? null,
    reason: input.reason,
    raisedById: caller._id,
    raisedByName: caller.name,
    raisedAt: now,
    status: 'open',
    decisionReason: null,
    decidedById: null,
    decidedByName: null,
    decidedAt: null,
    adjustment: null,
  };
  const link = { page: 'points-objection', id: record._id };
  const messages: EffectSpec['messages'] = [
    {
      // The cadres read a held reason in the app; a message (also sent through WeChat) never quotes it.
      to: cadreIds,
      message: {
        kind: 'points.objection',
        title: held.length ? '有农户对积分提出异议（理由需复核）' : '有农户对积分提出异议',
        body: `${household.headName}户对${monthForPeople(input.month)}的积分有异议：${held.length ? HELD_PLACEHOLDER : input.reason}`,
        link,
      },
    },
  ];
  if (held.length) {
    messages.push({
      to: [caller._id],
      message: { kind: 'content.held', title: '您填写的异议理由需要人工复核', body: `原因：${held.map((h) => h.reason).join('、')}。复核通过前，只有您家和村干部能看到。`, link },
    });
  }
  const effect = effectOf(caller, ctx.requestId, { collection: COLLECTIONS.pointsObjections.name, id: record._id, path: record.path }, now, { messages });
  try {
    await db.collection(COLLECTIONS.pointsObjections.name).add({ ...record, ...carrying([effect]) });
  } catch (err) {
    if (isDuplicateKey(err)) throw conflict('您家这个月已经提过异议了，请等待村里处理');
    throw err;
  }
  const after = await loadMonth(db, village._id, input.month);
  if (!takesObjections(after, now)) {
    // Finalising claimed the month meanwhile: taken back and refused (the dispatch timer, were it to drain
    // it in between, would have told the cadres of an objection no longer there; they find the month final).
    await db.collection(COLLECTIONS.pointsObjections.name).where({ _id: record._id, status: 'open' }).remove();
    throw conflict('公示期已经结束，不能再提出异议');
  }
  return objectionView(record, m, false, mayReleaseObjection(actor, village), pointsViewer(actor, village));
}

export async function listObjections(input: In<'objections'>, ctx: MemberContext): Promise<Out<'objections'>> {
  const { db, caller } = ctx;
  const actor = pointsActorOf(caller);
  const village = await loadVillage(db, input.villageId);
  requireOverseer(caller, village);
  const [m, items] = await Promise.all([
    loadMonth(db, village._id, input.month),
    readAll<PointsObjectionRecord>(db, COLLECTIONS.pointsObjections.name, { villageId: village._id, month: input.month }),
  ]);
  items.sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open') || a.raisedAt.localeCompare(b.raisedAt));
  // Town and county cadres oversee the list but do not decide objections: a held reason is not theirs to read.
  const viewer = pointsViewer(actor, village);
  return {
    items: (items as ModeratedObjection[]).map((o) => objectionView(o, m, !seesHeldObjection(actor, o, village), releasableFields(o, actor, village).length > 0, viewer)),
  };
}

/**
 * Deciding an objection keeps the decision's reason and tells the household, and is audited: both carried
 * on the objection's own write (`_lib/effects.ts`). Rejecting changes the objection alone: one conditional
 * update (`status: 'open'` as read). Upholding also corrects the rating (and records the change on it),
 * so the two change together in one transaction. The month needs no read inside it: finalising counts the
 * open objections after claiming the month, so it either sees this one still open and gives the month
 * back, or sees it decided, rating and all.
 */
export async function decideObjection(input: In<'decide'>, ctx: MemberContext): Promise<Out<'decide'>> {
  const { db, caller } = ctx;
  const actor = pointsActorOf(caller);
  const ob = await findById<PointsObjectionRecord>(db, COLLECTIONS.pointsObjections.name, input.objectionId);
  if (!ob) throw notFound('找不到这条异议');
  const { village, month: m } = await readVillageMonth(db, ob.villageId, ob.month, countyHintOf(caller));
  requireRater(caller, village);
  if (!m || !monthAllows(m.status, 'decide')) throw conflict('这个月的积分已经定稿，异议不能再处理');
  const uphold = input.decision === 'uphold';
  const indicator = uphold ? m.indicators.find((i) => i.code === input.code) : undefined;
  if (uphold && !indicator) throw invalid('请选择要改正的指标', [{ path: 'code', message: '没有这个指标' }]);
  if (indicator && input.score! > indicator.max) {
    throw invalid(`${indicator.name}的满分是 ${indicator.max} 分`, [{ path: 'score', message: `得分 ${input.score} 超过了满分 ${indicator.max}` }]);
  }
  const members = await householdMembers(db, { householdId: ob.householdId });
  // The household reads the decision's reason: checked before writing (a network call in the cloud).
  const { held } = await checkText(ctx, { [DECISION_FIELD]: input.reason });
  const objections = COLLECTIONS.pointsObjections.name;
  const alreadyDecided = () => conflict('这条异议已经处理过了');
  /** The objection's change and what it owes, decided on the objection as read (`adjustment`: the rating's correction). */
  const decision = (o: ModeratedObjection, adjustment: PointsObjectionRecord['adjustment'], now: string) => {
    const patch = {
      status: uphold ? ('upheld' as const) : ('rejected' as const),
      decisionReason: input.reason,
      decidedById: caller._id,
      decidedByName: caller.name,
      decidedAt: now,
      adjustment,
      ...(held.length ? { moderation: { ...(o.moderation ?? {}), held: [...(o.moderation?.held ?? []), ...held] } } : {}),
    };
    const messages: EffectSpec['messages'] = [
      {
        to: members,
        message: {
          kind: 'points.objectionDecided',
          title: uphold ? '您的积分异议已采纳' : '您的积分异议未被采纳',
          body: `${uphold && adjustment ? `${indicator!.name}由 ${adjustment.from} 分改为 ${adjustment.to} 分。` : ''}说明：${held.length ? HELD_PLACEHOLDER : input.reason}`,
          link: { page: 'points', id: o.month },
        },
      },
    ];
    if (held.length) {
      messages.push(cadreTextHeld(caller._id, '异议处理说明', held, { page: 'points-objection', id: o._id }));
    }
    const effect = effectOf(caller, ctx.requestId, { collection: objections, id: o._id, path: o.path }, now, { messages, audit: { action: 'points.decide', before: { status: o.status }, after: patch } });
    return { patch, effect, update: { ...patch, ...pushEffects(db, [effect]) } };
  };
  let decided: ModeratedObjection;
  if (!indicator) {
    if (ob.status !== 'open') throw alreadyDecided();
    const { patch, effect, update } = decision(ob, null, clock.nowIso());
    const res = (await db.collection(objections).where({ _id: ob._id, status: 'open' }).update(update)) as { updated?: number };
    if (res.updated !== 1) throw alreadyDecided();
    decided = withPushed({ ...ob, ...patch }, [effect]);
  } else {
    decided = await runTransaction(db, async (tx: Tx) => {
      const o = await findById<ModeratedObjection>(tx, objections, ob._id);
      if (!o || o.status !== 'open') throw alreadyDecided();
      const rid = ratingId(o.householdId, o.month);
      const rating = await findById<PointsRatingRecord>(tx, COLLECTIONS.pointsRatings.name, rid);
      if (!rating) throw conflict('这户本月没有评分记录');
      const now = clock.nowIso();
      const from = rating.scores[indicator.code]?.score ?? 0;
      const to = input.score!;
      const scores = { ...rating.scores, [indicator.code]: { score: to, reason: to < indicator.max ? input.reason : null, byId: caller._id, byName: caller.name, at: now } };
      await tx
        .collection(COLLECTIONS.pointsRatings.name)
        .doc(rid)
        .update({
          scores,
          total: Object.values(scores).reduce((s, e) => s + (e?.score ?? 0), 0),
          changes: db.command.push([{ at: now, code: indicator.code, from, to, reason: input.reason, byName: caller.name, objectionId: o._id }]),
          updatedAt: now,
        });
      const { patch, effect, update } = decision(o, { code: indicator.code, from, to }, now);
      await tx.collection(objections).doc(o._id).update(update);
      return withPushed({ ...o, ...patch }, [effect]);
    });
  }
  return objectionView(decided, m, false, releasableFields(decided, actor, village).length > 0, pointsViewer(actor, village));
}
