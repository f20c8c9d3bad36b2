import type { CouncilHonourRecord, CouncilNominationRecord, CouncilObjectionRecord, CouncilVoteRecord, CouncilHonouredRecord, CouncilRecord, CouncilSettingsRecord } from '../../shared/domain/council-records';
import { HONOUR_STATUS_LABELS, householdIn, TIE_RULE_LABELS } from '../../shared/domain/council-rules';
import { HELD_PLACEHOLDER } from '../../shared/domain/moderation';
import { publicName } from '../../shared/domain/names';
import type { OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import { recordAudit } from '../_lib/audit';
import { clock, DAY_MS } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { checkText } from '../_lib/content-check';
import { count, findById, isDuplicateKey, readAll, readByIds, type Tx } from '../_lib/db';
import { conflict, forbidden, invalid, notFound } from '../_lib/errors';
import { carrying, effectOf } from '../_lib/effects';
import type { ActionContext, MemberContext } from '../_lib/handler';
import { enqueue, enqueueAudience } from '../_lib/outbox';
import { runTransaction } from '../_lib/transaction';
import {
  bodyName,
  findCouncil,
  homeVillageOf,
  honourLink,
  loadCouncil,
  loadHonour,
  loadSettings,
  loadVillage,
  managesCouncil,
  nominationIdOf,
  objectionIdOf,
  representsBody,
  requestIdOf,
  voteIdOf,
  voteLink,
} from './store';
import type { In, Out } from './types';

/** Rounds listed at once for a village, newest first. */
const HONOUR_LIST_CAP = 30;
/** Nominations in one round, at most (each household may nominate; a village names a few dozen). */
const NOMINATION_CAP = 200;

const isHeld = (r: { moderation?: { held: unknown[] } }) => (r.moderation?.held.length ?? 0) > 0;

function summaryOf(h: CouncilHonourRecord): Out<'honours'>['honours'][number] {
  return { id: h._id, title: h.title, year: h.year, seats: h.seats, status: h.status, statusLabel: HONOUR_STATUS_LABELS[h.status], publicityEndsAt: h.publicityEndsAt, voteId: h.voteId, winners: h.winners };
}

/** Open objections a manager reads at once on an honour's page (a village's round has a few). */
const OBJECTION_CAP = 1000;

/**
 * An honour with what its page shows, in one request: its nominations, the open objections (for a
 * manager), its vote, the council and the viewer's household's objections.
 */
async function honourOut(ctx: ActionContext, honourId: string): Promise<Out<'honour'>> {
  const { db, caller } = ctx;
  const $ = db.command.aggregate;
  const householdId = caller?.residence?.householdConfirmed ? caller.residence.householdId : null;
  const cadre = !!caller && caller.roles.some((r) => r.role === 'village-cadre' || r.role === 'town-cadre');
  let q = db
    .collection(COLLECTIONS.councilHonours.name)
    .aggregate()
    .match({ _id: honourId })
    .limit(1)
    .lookup({ from: COLLECTIONS.councilNominations.name, pipeline: $.pipeline().match({ honourId }).limit(NOMINATION_CAP).done(), as: 'noms' })
    .lookup({ from: COLLECTIONS.councilVotes.name, localField: 'voteId', foreignField: '_id', as: 'vote' })
    .lookup({ from: COLLECTIONS.councils.name, localField: 'villageId', foreignField: 'villageId', as: 'council' });
  if (cadre) q = q.lookup({ from: COLLECTIONS.councilObjections.name, pipeline: $.pipeline().match({ honourId, status: 'open' }).limit(OBJECTION_CAP).done(), as: 'objections' });
  if (householdId) q = q.lookup({ from: COLLECTIONS.councilObjections.name, pipeline: $.pipeline().match({ honourId, householdId }).limit(NOMINATION_CAP).done(), as: 'mine' });
  type Joined = CouncilHonourRecord & { noms?: CouncilNominationRecord[]; vote?: CouncilVoteRecord[]; council?: CouncilRecord[]; objections?: CouncilObjectionRecord[]; mine?: CouncilObjectionRecord[] };
  const row = ((await q.end()).data as Joined[])[0];
  if (!row) throw notFound('没有这次评选');
  const { noms, vote, council, objections, mine, ...h } = row;
  return honourViewOf(ctx, h, {
    noms: noms ?? [],
    vote: (vote ?? []).find((v) => v._id === h.voteId) ?? null,
    council: (council ?? [])[0] ?? null,
    objections: managesCouncil(caller, h.path) ? (objections ?? []) : [],
    mine: householdId && caller && householdIn(caller, h.villageId) === householdId ? (mine ?? []) : [],
  });
}

function honourViewOf(
  ctx: ActionContext,
  h: CouncilHonourRecord,
  read: { noms: CouncilNominationRecord[]; vote: CouncilVoteRecord | null; council: CouncilRecord | null; objections: CouncilObjectionRecord[]; mine: CouncilObjectionRecord[] },
): Out<'honour'> {
  const { caller } = ctx;
  const manages = managesCouncil(caller, h.path);
  const household = caller ? householdIn(caller, h.villageId) : null;
  const { noms, objections, vote, council, mine } = read;
  const objected = new Set(mine.map((o) => o.nominationId));
  const byId = new Map(noms.map((n) => [n._id, n]));
  const hasBody = !!caller && !!council && council.bodies.some((b) => b.representativeIds.includes(caller._id));
  return {
    ...summaryOf(h),
    winners: h.winners.map((id) => {
      const n = byId.get(id);
      return n ? publicName(n.nomineeName, n.nomineeGender) : '';
    }),
    villageId: h.villageId,
    tieRuleLabel: TIE_RULE_LABELS[h.tieRule],
    nominations: noms
      .filter((n) => !isHeld(n) || manages || n.nominatedBy.userId === caller?._id)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map((n) => ({
        id: n._id,
        nomineeName: publicName(n.nomineeName, n.nomineeGender),
        reason: isHeld(n) && !manages && n.nominatedBy.userId !== caller?._id ? HELD_PLACEHOLDER : n.reason,
        nominatedByName: n.nominatedBy.kind === 'body' ? (n.nominatedBy.bodyName ?? '成员单位') : publicName(n.nominatedBy.name, null),
        status: n.status,
        withdrawnReason: n.withdrawnReason,
        openObjections: n.openObjections,
        objected: objected.has(n._id),
        canObject: h.status === 'publicity' && !!household && n.status === 'standing' && !objected.has(n._id) && n.nomineeId !== caller?._id,
        honoured: h.winners.includes(n._id),
        votes: vote?.candidateCounts?.[n._id] ?? null,
        ...(isHeld(n) && (manages || n.nominatedBy.userId === caller?._id) ? { held: n.moderation!.held.map((x) => ({ field: x.field, reason: x.reason })) } : {}),
      })),
    objections: objections.map((o) => ({ id: o._id, nominationId: o.nominationId, nomineeName: byId.get(o.nominationId)?.nomineeName ?? '', reason: o.reason, status: o.status, answer: o.answer })),
    canNominate: h.status === 'nominating' && (!!household || hasBody),
    manages,
  };
}

export async function listHonours(input: In<'honours'>, ctx: ActionContext): Promise<Out<'honours'>> {
  const { db, caller } = ctx;
  const villageId = input.villageId ?? homeVillageOf(caller);
  if (!villageId) return { honours: [], villageId: null, mayOpen: false };
  const village = await loadVillage(db, villageId);
  const res = await db.collection(COLLECTIONS.councilHonours.name).where({ villageId: village._id }).orderBy('createdAt', 'desc').limit(HONOUR_LIST_CAP).get();
  const rows = res.data as CouncilHonourRecord[];
  const decided = rows.filter((r) => r.winners.length).map((r) => r._id);
  const noms = decided.length ? await readAll<CouncilNominationRecord>(db, COLLECTIONS.councilNominations.name, { honourId: db.command.in(decided) }) : [];
  const names = new Map(noms.map((n) => [n._id, publicName(n.nomineeName, n.nomineeGender)]));
  return {
    honours: rows.map((h) => ({ ...summaryOf(h), winners: h.winners.map((id) => names.get(id) ?? '') })),
    villageId: village._id,
    mayOpen: managesCouncil(caller, village.path) && !!(await findCouncil(db, village._id)),
  };
}

export async function getHonour(input: In<'honour'>, ctx: ActionContext): Promise<Out<'honour'>> {
  return honourOut(ctx, input.honourId);
}

export async function openHonour(input: In<'openHonour'>, ctx: MemberContext): Promise<Out<'openHonour'>> {
  const { db, caller } = ctx;
  const village = await loadVillage(db, input.villageId);
  if (!managesCouncil(caller, village.path)) throw forbidden('只有本村（社区）党组织可以发起评选');
  const council = await loadCouncil(db, village._id);
  const settings = await loadSettings(db, village.path[0]!);
  const id = requestIdOf('ch', caller._id, input.requestId);
  const now = clock.nowIso();
  const h: CouncilHonourRecord = {
    _id: id,
    councilId: council._id,
    villageId: village._id,
    villageName: village.name,
    path: village.path,
    title: input.title,
    year: input.year,
    seats: input.seats,
    status: 'nominating',
    publicityEndsAt: null,
    voteId: null,
    tieRule: settings.honourTieRule,
    winners: [],
    createdById: caller._id,
    requestId: input.requestId,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await runTransaction(db, async (tx: Tx) => {
      if (await findById(tx, COLLECTIONS.councilHonours.name, id)) return;
      await tx.collection(COLLECTIONS.councilHonours.name).add(h);
      await enqueueAudience(tx, `fo-open-${id}`, { kind: 'village-households', villageId: village._id }, {
        kind: 'council.honourOpened',
        title: `${input.year}年度${input.title}评选开始提名`,
        body: `每户、每个成员单位都可以提名本村的人，写清推荐理由。评选 ${input.seats} 名。`,
        link: honourLink(id),
      });
      await recordAudit(tx, caller, ctx.requestId, { action: 'councils.openHonour', target: { collection: COLLECTIONS.councilHonours.name, id }, before: null, after: { title: h.title, year: h.year, seats: h.seats, tieRule: h.tieRule }, path: h.path });
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  return honourOut(ctx, id);
}

/** People of the village by their full name, at most 5, shown by surname and where they live. */
export async function findNominees(input: In<'nominees'>, ctx: MemberContext): Promise<Out<'nominees'>> {
  const { db } = ctx;
  const h = await loadHonour(db, input.honourId);
  const res = await db.collection(COLLECTIONS.users.name).where({ 'residence.unitId': h.villageId, name: input.name }).limit(5).get();
  const people = (res.data as UserRecord[]).filter((u) => !u.closedAt);
  const grids = await readByIds<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, [...new Set(people.map((p) => p.residence?.gridId).filter((g): g is string => !!g))]);
  const gridName = new Map(grids.map((g) => [g._id, g.name]));
  return { people: people.map((p) => ({ id: p._id, name: publicName(p.name, p.gender), place: gridName.get(p.residence?.gridId ?? '') ?? h.villageName })) };
}

/** A household or a member body nominates a person of the village, with the reason (checked text). */
/**
 * A household (or a member body) nominates someone of the village: one write, the add of the nomination
 * under its id (the honour and the nominee: a second is refused by the database), carrying the held-text
 * notice and the audit entry. A nomination that passed its check while nominations were open stands.
 * Requests: the caller, the honour with its council and its nominations' count (one aggregate), the
 * nominee, the add, the honour's page.
 */
export async function nominate(input: In<'nominate'>, ctx: MemberContext): Promise<Out<'nominate'>> {
  const { db, caller } = ctx;
  const $ = db.command.aggregate;
  const res = await db
    .collection(COLLECTIONS.councilHonours.name)
    .aggregate()
    .match({ _id: input.honourId })
    .limit(1)
    .lookup({ from: COLLECTIONS.councils.name, localField: 'villageId', foreignField: 'villageId', as: 'council' })
    .lookup({ from: COLLECTIONS.councilNominations.name, pipeline: $.pipeline().match({ honourId: input.honourId }).project({ _id: 1 }).limit(NOMINATION_CAP).count('n').done(), as: 'nominated' })
    .end();
  type Joined = CouncilHonourRecord & { council?: CouncilRecord[]; nominated?: { n: number }[] };
  const row = (res.data as Joined[])[0];
  if (!row) throw notFound('没有这次评选');
  const { council: councils, nominated, ...h } = row;
  const council = councils?.[0];
  if (!council) throw notFound('本村（社区）还没有成立议事会');
  const byBody = input.bodyKey !== undefined;
  if (byBody ? !representsBody(caller, council, input.bodyKey!) : !householdIn(caller, h.villageId)) {
    throw forbidden(byBody ? '只有该成员单位的代表可以以单位名义提名' : '只有本村（社区）已确认的住户可以提名');
  }
  const nominee = await findById<UserRecord>(db, COLLECTIONS.users.name, input.nomineeId);
  if (!nominee || nominee.closedAt || nominee.residence?.unitId !== h.villageId) throw invalid('只能提名本村（社区）的人', [{ path: 'nomineeId', message: '不是本村（社区）的居民' }]);
  if (h.status !== 'nominating') throw conflict('提名已经结束');
  if ((nominated?.[0]?.n ?? 0) >= NOMINATION_CAP) throw conflict(`这次评选的提名已满 ${NOMINATION_CAP} 人`);
  const { held } = await checkText(ctx, { reason: input.reason });
  const id = nominationIdOf(h._id, nominee._id);
  const now = clock.nowIso();
  const nomination: CouncilNominationRecord = {
    _id: id,
    honourId: h._id,
    villageId: h.villageId,
    path: h.path,
    nomineeId: nominee._id,
    nomineeName: nominee.name,
    nomineeGender: nominee.gender ?? null,
    reason: input.reason,
    nominatedBy: { kind: byBody ? 'body' : 'resident', userId: caller._id, name: caller.name, bodyKey: byBody ? input.bodyKey! : null, bodyName: byBody ? bodyName(council, input.bodyKey!) : null },
    status: 'standing',
    openObjections: 0,
    withdrawnReason: null,
    createdAt: now,
    ...(held.length ? { moderation: { held } } : {}),
  };
  const effect = effectOf(caller, ctx.requestId, { collection: COLLECTIONS.councilNominations.name, id, path: h.path }, now, {
    messages: held.length
      ? [{ to: [caller._id], message: { kind: 'content.held', title: '您写的推荐理由需要人工复核', body: `原因：${held.map((x) => x.reason).join('、')}。复核通过前，只有您和村（社区）干部能看到。`, link: honourLink(h._id) } }]
      : [],
    audit: { action: 'councils.nominate', before: null, after: { nominee: nominee._id, byBody: nomination.nominatedBy.bodyName } },
  });
  try {
    await db.collection(COLLECTIONS.councilNominations.name).add({ ...nomination, ...carrying([effect]) });
  } catch (err) {
    if (isDuplicateKey(err)) throw conflict('这位已经被提名了，可以在公示期间看到');
    throw err;
  }
  return honourOut(ctx, h._id);
}

export async function startPublicity(input: In<'startPublicity'>, ctx: MemberContext): Promise<Out<'startPublicity'>> {
  const { db, caller } = ctx;
  const h0 = await loadHonour(db, input.honourId);
  if (!managesCouncil(caller, h0.path)) throw forbidden('只有本村（社区）党组织可以结束提名、开始公示');
  const settings = await loadSettings(db, h0.path[0]!);
  const standing = await count(db, COLLECTIONS.councilNominations.name, { honourId: h0._id, status: 'standing' });
  if (standing === 0) throw conflict('还没有人被提名');
  await runTransaction(db, async (tx: Tx) => {
    const h = await loadHonour(tx, h0._id);
    if (h.status !== 'nominating') throw conflict('已经开始公示了');
    const ends = new Date(clock.now().getTime() + settings.honourPublicityDays * DAY_MS).toISOString();
    await tx.collection(COLLECTIONS.councilHonours.name).doc(h._id).update({ status: 'publicity', publicityEndsAt: ends, updatedAt: clock.nowIso() });
    await enqueueAudience(tx, `fo-pub-${h._id}`, { kind: 'village-households', villageId: h.villageId }, {
      kind: 'council.honourOpened',
      title: `${h.title}候选人公示`,
      body: `公示 ${settings.honourPublicityDays} 天，对候选人有意见的可以提出异议。`,
      link: honourLink(h._id),
    });
    await recordAudit(tx, caller, ctx.requestId, { action: 'councils.startPublicity', target: { collection: COLLECTIONS.councilHonours.name, id: h._id }, before: { status: h.status }, after: { status: 'publicity', publicityEndsAt: ends, nominees: standing }, path: h.path });
  });
  return honourOut(ctx, h0._id);
}

/**
 * A household objects to a nominee during publicity: once, the reason read by the party organisation.
 * Without a transaction: the objection is added under its id (the nomination and the household: a second
 * is refused by the database), carrying the secretary's notice; then the nomination's `openObjections`
 * goes up by one. Opening the vote checks the open objections themselves, so a call stopped between the
 * two never lets a vote open over an unanswered objection.
 * Requests: the caller, the nomination with its honour, its council and the household's objection (one
 * aggregate), the add, the increment, the honour's page.
 */
export async function objectTo(input: In<'object'>, ctx: MemberContext): Promise<Out<'object'>> {
  const { db, caller } = ctx;
  const $ = db.command.aggregate;
  const mine = caller.residence?.householdId ? objectionIdOf(input.nominationId, caller.residence.householdId) : null;
  let q = db
    .collection(COLLECTIONS.councilNominations.name)
    .aggregate()
    .match({ _id: input.nominationId })
    .limit(1)
    .lookup({ from: COLLECTIONS.councilHonours.name, localField: 'honourId', foreignField: '_id', as: 'honour' })
    .lookup({ from: COLLECTIONS.councils.name, localField: 'villageId', foreignField: 'villageId', as: 'council' });
  if (mine) q = q.lookup({ from: COLLECTIONS.councilObjections.name, pipeline: $.pipeline().match({ _id: mine }).limit(1).done(), as: 'objection' });
  type Joined = CouncilNominationRecord & { honour?: CouncilHonourRecord[]; council?: CouncilRecord[]; objection?: unknown[] };
  const row = ((await q.end()).data as Joined[])[0];
  if (!row) throw notFound('没有这个候选人');
  const { honour, council: councils, objection, ...n } = row;
  const h = honour?.[0];
  const council = councils?.[0];
  if (!h || !council) throw notFound('没有这次评选');
  const household = householdIn(caller, n.villageId);
  if (!household) throw forbidden('只有本村（社区）已确认的住户可以提出异议');
  if (n.nomineeId === caller._id) throw forbidden('不能对自己提出异议');
  if (objection?.length) throw conflict('您家已经对这位候选人提出过异议了');
  if (h.status !== 'publicity' || (h.publicityEndsAt && clock.nowIso() >= h.publicityEndsAt)) throw conflict('不在公示期，不能提出异议');
  if (n.status !== 'standing') throw conflict('这位候选人已经退出评选');
  const { held } = await checkText(ctx, { reason: input.reason });
  const id = objectionIdOf(n._id, household);
  const now = clock.nowIso();
  const row2: CouncilObjectionRecord = { _id: id, nominationId: n._id, honourId: h._id, villageId: h.villageId, path: h.path, householdId: household, userId: caller._id, reason: input.reason, status: 'open', answer: null, decidedById: null, at: now, ...(held.length ? { moderation: { held } } : {}) };
  const effect = effectOf(caller, ctx.requestId, { collection: COLLECTIONS.councilObjections.name, id, path: h.path }, now, {
    messages: [{ to: [council.secretaryId], message: { kind: 'council.objection', title: `${h.title}公示收到异议`, body: `对候选人${publicName(n.nomineeName, n.nomineeGender)}的异议，请核实后答复。`, link: honourLink(h._id), aboutId: n.nomineeId } }],
  });
  try {
    await db.collection(COLLECTIONS.councilObjections.name).add({ ...row2, ...carrying([effect]) });
  } catch (err) {
    if (isDuplicateKey(err)) throw conflict('您家已经对这位候选人提出过异议了');
    throw err;
  }
  await db.collection(COLLECTIONS.councilNominations.name).doc(n._id).update({ openObjections: db.command.inc(1) });
  return honourOut(ctx, h._id);
}

export async function decideObjection(input: In<'decideObjection'>, ctx: MemberContext): Promise<Out<'decideObjection'>> {
  const { db, caller } = ctx;
  const o0 = await findById<CouncilObjectionRecord>(db, COLLECTIONS.councilObjections.name, input.objectionId);
  if (!o0) throw notFound('没有这条异议');
  if (!managesCouncil(caller, o0.path)) throw forbidden('只有本村（社区）党组织可以答复异议');
  await runTransaction(db, async (tx: Tx) => {
    const o = (await findById<CouncilObjectionRecord>(tx, COLLECTIONS.councilObjections.name, o0._id))!;
    if (o.status !== 'open') throw conflict('这条异议已经答复过了');
    const n = (await findById<CouncilNominationRecord>(tx, COLLECTIONS.councilNominations.name, o.nominationId))!;
    await tx.collection(COLLECTIONS.councilObjections.name).doc(o._id).update({ status: input.uphold ? 'upheld' : 'dismissed', answer: input.answer, decidedById: caller._id });
    await tx.collection(COLLECTIONS.councilNominations.name).doc(n._id).update(input.uphold ? { openObjections: db.command.inc(-1), status: 'withdrawn', withdrawnReason: input.answer } : { openObjections: db.command.inc(-1) });
    await enqueue(tx, [o.userId], { kind: 'council.objectionDecided', title: input.uphold ? '您的异议成立，候选人已退出评选' : '您的异议经核实不成立', body: input.answer, link: honourLink(o.honourId) });
    await recordAudit(tx, caller, ctx.requestId, { action: 'councils.decideObjection', target: { collection: COLLECTIONS.councilObjections.name, id: o._id }, before: { status: 'open' }, after: { uphold: input.uphold, answer: input.answer, nomination: n._id }, path: o.path });
  });
  return honourOut(ctx, o0.honourId);
}

/** After publicity, with every objection answered: each household votes for one of the standing nominees. */
export async function openHonourVote(input: In<'openHonourVote'>, ctx: MemberContext): Promise<Out<'openHonourVote'>> {
  const { db, caller } = ctx;
  // The honour with its nominations and its county's settings, in one request.
  const read = await db
    .collection(COLLECTIONS.councilHonours.name)
    .aggregate()
    .match({ _id: input.honourId })
    .limit(1)
    .lookup({ from: COLLECTIONS.councilNominations.name, pipeline: db.command.aggregate.pipeline().match({ honourId: input.honourId }).limit(NOMINATION_CAP).done(), as: 'noms' })
    .lookup({ from: COLLECTIONS.councilSettings.name, localField: 'path', foreignField: '_id', as: 'settings' })
    .lookup({ from: COLLECTIONS.councilObjections.name, pipeline: db.command.aggregate.pipeline().match({ honourId: input.honourId, status: 'open' }).project({ nominationId: 1 }).limit(OBJECTION_CAP).done(), as: 'open' })
    .end();
  const row = (read.data as (CouncilHonourRecord & { noms?: CouncilNominationRecord[]; settings?: CouncilSettingsRecord[]; open?: { nominationId: string }[] })[])[0];
  if (!row) throw notFound('没有这次评选');
  const { noms: nominations, settings: countySettings, open: openObjections, ...h0 } = row;
  if (!managesCouncil(caller, h0.path)) throw forbidden('只有本村（社区）党组织可以开始评选投票');
  if (h0.status !== 'publicity') throw conflict('公示之后才能开始投票');
  if (h0.publicityEndsAt && clock.nowIso() < h0.publicityEndsAt) throw conflict('公示期还没结束');
  const noms = nominations ?? [];
  // The objections themselves, not the counter: an objection whose call stopped before its increment still counts.
  const objected = new Set((openObjections ?? []).map((o) => o.nominationId));
  if (noms.some((n) => n.status === 'standing' && (n.openObjections > 0 || objected.has(n._id)))) throw conflict('还有异议没有答复，请先答复');
  const candidates = noms.filter((n) => n.status === 'standing' && !isHeld(n)).sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map((n) => n._id);
  if (candidates.length === 0) throw conflict('没有候选人');
  const settings = (countySettings ?? []).find((x) => x._id === h0.path[0]);
  if (!settings) throw notFound('县里还没有设置议事规则');
  const households = await count(db, COLLECTIONS.households.name, { unitId: h0.villageId });
  await runTransaction(db, async (tx: Tx) => {
    const h = await loadHonour(tx, h0._id);
    if (h.status !== 'publicity') throw conflict('已经开始投票了');
    const now = clock.nowIso();
    const voteId = voteIdOf(h._id);
    const vote: CouncilVoteRecord = {
      _id: voteId,
      kind: 'households',
      councilId: h.councilId,
      villageId: h.villageId,
      path: h.path,
      subject: { kind: 'honour', id: h._id },
      topicId: null,
      meetingId: null,
      question: `${h.year}年度${h.title}（评 ${h.seats} 名，每户投一位）`,
      secret: true,
      electorateIds: [],
      electorateSize: households,
      quorum: settings.householdQuorum,
      majority: settings.householdMajority,
      opensAt: now,
      closesAt: new Date(clock.now().getTime() + settings.honourVoteDays * DAY_MS).toISOString(),
      status: 'open',
      cast: 0,
      result: null,
      openedById: caller._id,
      createdAt: now,
      candidates,
    };
    await tx.collection(COLLECTIONS.councilVotes.name).add(vote);
    await tx.collection(COLLECTIONS.councilHonours.name).doc(h._id).update({ status: 'voting', voteId, updatedAt: now });
    await enqueueAudience(tx, `fo-${voteId}`, { kind: 'village-households', villageId: h.villageId }, { kind: 'council.voteOpened', title: `${h.title}投票（每户一票）`, body: `${candidates.length} 位候选人，${settings.honourVoteDays} 天内投票，不记名。`, link: voteLink(voteId) });
    await recordAudit(tx, caller, ctx.requestId, { action: 'councils.openVote', target: { collection: COLLECTIONS.councilVotes.name, id: voteId }, before: null, after: { kind: 'households', honour: h._id, candidates, electorateSize: households, closesAt: vote.closesAt }, path: h.path });
  });
  return honourOut(ctx, h0._id);
}

export async function myHonours(_input: In<'myHonours'>, ctx: MemberContext): Promise<Out<'myHonours'>> {
  const res = await ctx.db.collection(COLLECTIONS.councilHonoured.name).where({ userId: ctx.caller._id }).orderBy('at', 'desc').limit(50).get();
  return { honours: (res.data as CouncilHonouredRecord[]).map((r) => ({ title: r.title, year: r.year, villageName: r.villageName, votes: r.votes })) };
}
