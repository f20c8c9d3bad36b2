import { nameForPublic } from '../../shared/domain/names';
import { NAME_HIDEABLE_CATEGORIES } from '../../shared/domain/wish-state';
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '@cloudbase/database';
import type { In, Out } from './types';
import { ageOf, isElderly } from '../../shared/domain/age';
import type { OrgUnitRecord, UserRecord, WishRecord } from '../../shared/domain/records';
import { HELD_PLACEHOLDER, releasableHeld, visibleText, type HeldText } from '../../shared/domain/moderation';
import { nextWishStatus, wishEventLabel, type WishEvent } from '../../shared/domain/wish-state';
import {
  allowedWishActions,
  canSeeWish,
  canSeeWisherContact,
  checkWishAction,
  isCadreOver,
  PUBLIC_WISH_STATUSES,
  wishPriority,
  wishTextLabel,
  type WishAction,
  type WishFacts,
} from '../../shared/domain/wish-rules';
import { textForReader } from '../../shared/domain/masking';
import { releaseHeldCarried } from '../_lib/release';
import { toActor, usersWithRoleAt, gridPartyGroup } from '../_lib/caller';
import { clock } from '../_lib/clock';
import { checkText } from '../_lib/content-check';
import { findById, isDuplicateKey, pageByCreatedAt, type Tx, count } from '../_lib/db';
import { carrying, effectOf, pushEffects, withPushed, type EffectSpec } from '../_lib/effects';
import { conflict, forbidden, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import type { Message } from '../_lib/outbox';
import { COLLECTIONS } from '../_lib/collections';
import { ContentionError } from '../_lib/transaction';


/** Whose eyes a wish's text is for: held text only reaches its author and the cadres over the wish. */
function viewerOf(w: WishRecord, caller: UserRecord) {
  return { id: caller._id, isCadre: isCadreOver(w, toActor(caller)) };
}

/** The wisher's full name for those handling the wish (wisher, claimant, village cadres); 曾女士 for everyone else. */
function wisherNameFor(w: Pick<WishRecord, 'wisherId' | 'wisherName' | 'wisherGender' | 'hideName' | 'claimantId' | 'path'>, caller: UserRecord): string {
  const handles = caller._id === w.wisherId || caller._id === w.claimantId || isCadreOver(w as WishRecord, toActor(caller));
  return handles ? w.wisherName : nameForPublic(w.wisherName, w.wisherGender, w.hideName === true);
}

function heldFor(w: WishRecord, caller: UserRecord): { field: string; reason: string }[] | undefined {
  const viewer = viewerOf(w, caller);
  const mine = (w.moderation?.held ?? []).filter((h) => viewer.isCadre || h.authorId === viewer.id);
  return mine.length ? mine.map((h) => ({ field: h.field, reason: h.reason })) : undefined;
}

function heldNotice(w: Pick<WishRecord, '_id'>, held: HeldText[], what: string): { to: string[]; message: Message } {
  return {
    to: [held[0]!.authorId],
    message: {
      kind: 'content.held',
      title: `您填写的${what}需要人工复核`,
      body: `原因：${held.map((h) => h.reason).join('、')}。复核通过前，只有您和村（社区）干部能看到。`,
      link: { page: 'wish', id: w._id },
    },
  };
}

function facts(w: WishRecord, wisher: { elderly: boolean }): WishFacts {
  return {
    status: w.status,
    wisherId: w.wisherId,
    claimantId: w.claimantId,
    villageId: w.villageId,
    path: w.path,
    wisherElderly: wisher.elderly,
    wisherClosed: w.wisherClosed === true,
  };
}

async function wisherIsElderly(db: Db | Tx, w: WishRecord): Promise<boolean> {
  const wisher = await findById<UserRecord>(db, COLLECTIONS.users.name, w.wisherId);
  return isElderly(wisher ? ageOf(wisher, clock.now()) : null);
}

/** Who wrote each free text of a wish: the wisher, the claimant, or the one who rejected or withdrew it. */
function authorsOf(w: WishRecord): Record<'title' | 'content' | 'thanks' | 'fulfilNote' | 'reason', string[]> {
  const decided = [...w.timeline].reverse().find((e) => e.action === 'reject' || e.action === 'cancel');
  return {
    title: [w.wisherId],
    content: [w.wisherId],
    thanks: [w.wisherId],
    fulfilNote: w.claimantId ? [w.claimantId] : [],
    reason: decided ? [decided.actorId] : [],
  };
}

async function toView(db: Db | Tx, w: WishRecord, caller: UserRecord): Promise<Out<'get'>> {
  const elderly = w.status === 'fulfilled' ? await wisherIsElderly(db, w) : false;
  const viewer = viewerOf(w, caller);
  const authors = authorsOf(w);
  // Held text first (placeholder for others), then numbers typed into what remains (masked for all but its author).
  const show = <T extends string | null>(field: keyof typeof authors, value: T) =>
    textForReader(visibleText(w.moderation, field, value, viewer), authors[field], { id: caller._id });
  const allowed: Out<'get'>['allowed'] = allowedWishActions(facts(w, { elderly }), toActor(caller));
  if (viewer.isCadre && releasableHeld(w.moderation?.held ?? [], caller._id).length) allowed.push('release');
  const held = heldFor(w, caller);
  return {
    id: w._id,
    title: show('title', w.title),
    content: show('content', w.content),
    category: w.category,
    status: w.status,
    unitName: w.unitName,
    wisherName: wisherNameFor(w, caller),
    claimantName: w.claimantName,
    priority: w.priority,
    createdAt: w.createdAt,
    reason: show('reason', w.reason),
    fulfilNote: show('fulfilNote', w.fulfilNote),
    thanks: show('thanks', w.thanks),
    timeline: w.timeline.map((e) => ({ at: e.at, action: wishEventLabel(e.action), actorName: e.actorName, note: textForReader(e.note, e.actorId, { id: caller._id }) })),
    allowed,
    ...(held ? { held } : {}),
    canContact: canSeeWisherContact(w, toActor(caller)),
  };
}

const SUMMARY_FIELDS = ['title', 'category', 'status', 'unitName', 'wisherId', 'wisherName', 'wisherGender', 'hideName', 'claimantId', 'claimantName', 'priority', 'path', 'moderation'] as const;

function summary(w: WishRecord, caller: UserRecord): Out<'list'>['items'][number] {
  return {
    id: w._id,
    title: textForReader(visibleText(w.moderation, 'title', w.title, viewerOf(w, caller)), w.wisherId, { id: caller._id }),
    category: w.category,
    status: w.status,
    unitName: w.unitName,
    wisherName: wisherNameFor(w, caller),
    claimantName: w.claimantName,
    priority: w.priority,
    createdAt: w.createdAt,
  };
}

/** A retried submit with the same requestId lands on the same document id; without one, a fresh id (the notices link to it). */
function wishIdFor(userId: string, requestId: string | undefined): string {
  const seed = requestId ? createHash('sha256').update(`${userId}:${requestId}`).digest('hex') : randomBytes(16).toString('hex');
  return `w${seed.slice(0, 31)}`;
}

/** The effect of a change to wish `w` at `at`: its notices and, when `audited`, its audit entry. */
function wishEffect(ctx: MemberContext, w: Pick<WishRecord, '_id' | 'path'>, at: string, spec: EffectSpec) {
  return effectOf(ctx.caller, ctx.requestId, { collection: COLLECTIONS.wishes.name, id: w._id, path: w.path }, at, spec);
}

/**
 * One write: the add of the wish, carrying the notices to the village's cadres (and the held-text notice).
 * Requests: the caller, the retry check (with a requestId), the village, its cadres, the add.
 */
export async function submitWish(input: In<'submit'>, ctx: MemberContext): Promise<Out<'submit'>> {
  const { db, caller } = ctx;
  const residence = caller.residence;
  if (!residence) throw forbidden('请先登记您居住的村（社区）再许心愿');
  const id = wishIdFor(caller._id, input.requestId);
  if (input.requestId) {
    const existing = await findById<WishRecord>(db, COLLECTIONS.wishes.name, id);
    if (existing) return toView(db, existing, caller);
  }
  const unit = await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, residence.unitId);
  if (!unit) throw notFound('找不到您所在的村（社区）');
  const cadres = await usersWithRoleAt(db, 'village-cadre', unit._id);
  // Checked before anything is stored, so no one else ever sees flagged text.
  const { held } = await checkText(ctx, { title: input.title, content: input.content });
  const now = clock.nowIso();
  const messages: EffectSpec['messages'] = [
    {
      to: cadres.map((c) => c._id),
      message: {
        kind: 'wish.submitted',
        title: held.length ? '新的微心愿待审核（内容需复核）' : '新的微心愿待审核',
        body: `${caller.name}：${held.some((h) => h.field === 'title') ? HELD_PLACEHOLDER : input.title}`,
        link: { page: 'wish', id },
        aboutId: caller._id,
      },
    },
  ];
  if (held.length) messages.push(heldNotice({ _id: id }, held, '心愿'));
  const wish: WishRecord = {
    _id: id,
    title: input.title,
    content: input.content,
    category: input.category,
    status: 'pending_review',
    wisherId: caller._id,
    wisherName: caller.name,
    wisherGender: caller.gender ?? null,
    hideName: input.hideName === true && (NAME_HIDEABLE_CATEGORIES as readonly string[]).includes(input.category),
    villageId: unit._id,
    unitName: unit.name,
    gridId: residence.gridId,
    path: residence.path,
    priority: wishPriority({ resettled: caller.resettled, age: ageOf(caller, clock.now()) }),
    claimantId: null,
    claimantName: null,
    reason: null,
    fulfilNote: null,
    thanks: null,
    timeline: [{ at: now, action: 'submit', actorId: caller._id, actorName: caller.name, note: null }],
    requestId: input.requestId ?? null,
    createdAt: now,
    updatedAt: now,
    ...(held.length ? { moderation: { held } } : {}),
  };
  const stored = { ...wish, ...carrying([wishEffect(ctx, wish, now, { messages })]) };
  try {
    await db.collection(COLLECTIONS.wishes.name).add(stored);
  } catch (err) {
    // Two retries of one submission racing: the loser answers with the winner's document.
    if (!(input.requestId && isDuplicateKey(err))) throw err;
    const winner = await findById<WishRecord>(db, COLLECTIONS.wishes.name, id);
    if (!winner) throw err;
    return toView(db, winner, caller);
  }
  return toView(db, stored, caller);
}

export async function wishContact(input: In<'contact'>, ctx: MemberContext): Promise<Out<'contact'>> {
  const { db, caller } = ctx;
  const w = await findById<WishRecord>(db, COLLECTIONS.wishes.name, input.wishId);
  if (!w) throw notFound('这个心愿不存在');
  if (!canSeeWisherContact(w, toActor(caller))) throw forbidden('认领心愿后才能看到心愿人的电话');
  const wisher = await findById<UserRecord>(db, COLLECTIONS.users.name, w.wisherId);
  let contact: Out<'contact'> | null = wisher?.phone ? { name: wisher.name, phone: wisher.phone, via: 'wisher' } : null;
  if (!contact && w.gridId) {
    const leader = (await usersWithRoleAt(db, 'grid-leader', w.gridId)).find((u) => u.phone);
    if (leader?.phone) contact = { name: `网格长${leader.name}`, phone: leader.phone, via: 'grid-leader' };
  }
  if (!contact) throw notFound('心愿人和网格长都没有留电话，请联系村（社区）干部');
  // Who looked up whose phone is audited: the entry rides on the wish (one write), drained like a notice.
  const effect = wishEffect(ctx, w, clock.nowIso(), {
    messages: [],
    audit: { action: 'wishes.contact', before: null, after: { via: contact.via, of: contact.via === 'wisher' ? w.wisherId : 'grid-leader' } },
  });
  await db.collection(COLLECTIONS.wishes.name).doc(w._id).update(pushEffects(db, [effect]));
  return contact;
}

export async function getWish(input: In<'get'>, ctx: MemberContext): Promise<Out<'get'>> {
  const w = await findById<WishRecord>(ctx.db, COLLECTIONS.wishes.name, input.wishId);
  if (!w) throw notFound('这个心愿不存在');
  if (!canSeeWish(facts(w, { elderly: false }), toActor(ctx.caller))) throw notFound('这个心愿不存在');
  return toView(ctx.db, w, ctx.caller);
}

export async function listWishes(input: In<'list'>, ctx: MemberContext): Promise<Out<'list'>> {
  const { db, caller } = ctx;
  const _ = db.command;
  const actor = toActor(caller);
  let where: Record<string, unknown>;
  switch (input.scope) {
    case 'mine':
      where = { wisherId: caller._id };
      break;
    case 'claimed':
      where = { claimantId: caller._id, wisherClosed: _.neq(true) };
      break;
    case 'review': {
      const villages = caller.roles.filter((r) => r.role === 'village-cadre').map((r) => r.unitId);
      if (villages.length === 0) throw forbidden('只有村（社区）干部可以审核心愿');
      where = { villageId: _.in(villages), status: 'pending_review' };
      break;
    }
    case 'village': {
      const cadreUnits = caller.roles.filter((r) => r.role === 'village-cadre').map((r) => r.unitId);
      const units = [...new Set([...actor.homeUnitIds, ...cadreUnits])];
      if (units.length === 0) return { items: [], nextCursor: null };
      const statuses = input.status ? [input.status] : [...PUBLIC_WISH_STATUSES];
      if (!statuses.every((s) => PUBLIC_WISH_STATUSES.includes(s))) return { items: [], nextCursor: null };
      // A closed account's wishes leave the wall (the privacy guide's promise); `neq` also matches wishes without the field.
      where = { villageId: _.in(units), status: statuses.length === 1 ? statuses[0] : _.in(statuses), wisherClosed: _.neq(true) };
      break;
    }
  }
  if (input.status && input.scope !== 'village' && input.scope !== 'review') where.status = input.status;
  const page = await pageByCreatedAt<WishRecord>(db, COLLECTIONS.wishes.name, where, input.cursor, input.limit, SUMMARY_FIELDS);
  return { items: page.items.map((w) => summary(w, caller)), nextCursor: page.nextCursor };
}

interface Transition {
  action: WishAction;
  event: WishEvent;
  /** Fields set besides status, updatedAt and the timeline entry. */
  patch: (w: WishRecord) => Partial<WishRecord>;
  note: string | null;
  /** Whom to tell: carried by the transition's write, delivered after the drain. */
  messages: (w: WishRecord) => Promise<{ to: string[]; message: Message }[]>;
  audited: boolean;
  /** Free text this step publishes, checked by content security before it is stored. */
  texts?: Record<string, string | null | undefined>;
  /** A rule beyond the state machine, checked on the record the write is conditioned on. */
  guard?: (w: WishRecord) => void;
}

const CONFLICT_TEXT: Record<WishAction, string> = {
  review: '这个心愿已经审核过了',
  claim: '这个心愿已被其他党员认领或已不能认领',
  fulfil: '这个心愿当前不能标记完成',
  confirm: '这个心愿当前不能确认',
  cancel: '心愿已被认领或已结束，不能撤回',
};

const FORBIDDEN_TEXT: Record<WishAction, string> = {
  review: '只有本村（社区）干部可以审核这个心愿',
  claim: '只有在本村（社区）报到的党员可以认领，且不能认领自己的心愿',
  fulfil: '只有认领人可以标记完成',
  confirm: '只有许愿人（或为老人代办的干部、网格长）可以确认',
  cancel: '只有许愿人可以撤回',
};

/** Times a transition re-reads after losing its write to a change the rules still allow (a contact look-up never counts: it leaves these fields alone). */
const TRANSITION_ATTEMPTS = 5;

/**
 * The fields a transition's verdict rests on, as it read them: its write lands only while they are
 * unchanged (a compare-and-set). Every transition moves `status`; a hand-over moves `claimantId`; closing
 * the wisher's account sets `wisherClosed`.
 */
function unchanged(db: Db, w: WishRecord): Record<string, unknown> {
  return { _id: w._id, status: w.status, claimantId: w.claimantId, wisherClosed: w.wisherClosed === true ? true : db.command.neq(true) };
}

/**
 * One transition, one write: read the wish, check the rule, then a conditional update (unchanged since
 * the read) that sets the new state, appends its timeline entry and carries its effects — the notices and
 * (for cadres) the audit entry, written out by the notifications `dispatch` timer (`_lib/effects.ts`).
 * When someone else changed the wish first the update matches nothing: the wish is read again and the
 * rule asked again, so the loser of two claims gets CONFLICT from the rule, and a change the rule still
 * allows is simply written on the fresh record. The answer is the record as this write left it.
 * Requests: the caller, the wish, the update (+ the wisher's age to confirm or answer a fulfilled wish,
 * + the grid party group to announce an approved wish).
 */
async function transition(wishId: string, t: Transition, ctx: MemberContext): Promise<Out<'get'>> {
  const { db, caller } = ctx;
  const actor = toActor(caller);
  let w = await findById<WishRecord>(db, COLLECTIONS.wishes.name, wishId);
  if (!w || !canSeeWish(facts(w, { elderly: false }), actor)) throw notFound('这个心愿不存在');
  const elderly = t.action === 'confirm' ? await wisherIsElderly(db, w) : false;
  const { held } = t.texts ? await checkText(ctx, t.texts) : { held: [] as HeldText[] };
  const heldFields = new Set(held.map((h) => h.field));
  for (let attempt = 1; ; attempt++) {
    const verdict = checkWishAction(t.action, facts(w, { elderly }), actor);
    if (verdict === 'forbidden') throw forbidden(FORBIDDEN_TEXT[t.action]);
    if (verdict === 'conflict') throw conflict(CONFLICT_TEXT[t.action]);
    const status = nextWishStatus(w.status, t.event);
    if (!status) throw conflict(CONFLICT_TEXT[t.action]);
    t.guard?.(w);
    const messages = (await t.messages(w)).map((m) =>
      heldFields.size ? { ...m, message: { ...m.message, body: maskHeld(m.message.body, t.texts ?? {}, heldFields) } } : m,
    );
    if (held.length) messages.push(heldNotice(w, held, '内容'));
    const now = clock.nowIso();
    const moderation = held.length ? { moderation: { ...w.moderation, held: [...(w.moderation?.held ?? []), ...held] } } : {};
    const patch = { ...t.patch(w), ...moderation, status, updatedAt: now };
    // Held text stays in its own field, where the view masks it; the timeline shows nothing of it.
    const note = held.some((h) => t.note !== null && t.texts?.[h.field] === t.note) ? null : t.note;
    const entry = { at: now, action: t.event, actorId: caller._id, actorName: caller.name, note };
    const effect = wishEffect(ctx, w, now, {
      messages,
      audit: t.audited ? { action: `wishes.${t.action}`, before: { status: w.status }, after: patch } : null,
    });
    const res = await db
      .collection(COLLECTIONS.wishes.name)
      .where(unchanged(db, w))
      .update({ ...patch, timeline: db.command.push([entry]), ...pushEffects(db, [effect]) });
    if ((res as { updated?: number }).updated === 1) {
      return toView(db, withPushed({ ...w, ...patch, timeline: [...w.timeline, entry] }, [effect]), caller);
    }
    if (attempt >= TRANSITION_ATTEMPTS) throw new ContentionError(attempt);
    w = await findById<WishRecord>(db, COLLECTIONS.wishes.name, wishId);
    if (!w) throw notFound('这个心愿不存在');
  }
}

const link = (w: WishRecord) => ({ page: 'wish', id: w._id });

/** A message that quotes held text quotes the placeholder instead. */
function maskHeld(body: string, texts: Record<string, string | null | undefined>, fields: Set<string>): string {
  let out = body;
  for (const f of fields) {
    const text = texts[f];
    if (text) out = out.split(text).join(HELD_PLACEHOLDER);
  }
  return out;
}

export function reviewWish(input: In<'review'>, ctx: MemberContext): Promise<Out<'review'>> {
  const approve = input.decision === 'approve';
  return transition(
    input.wishId,
    {
      action: 'review',
      event: approve ? 'approve' : 'reject',
      patch: () => ({ reason: approve ? null : input.reason ?? null }),
      note: input.reason ?? null,
      audited: true,
      // A rejection's reason is read by the wisher (and the grid leader), so it is checked like theirs.
      texts: approve ? undefined : { reason: input.reason },
      guard: (w) => {
        if (approve && w.moderation?.held.length) throw conflict('心愿内容正在复核，请先放行再审核通过');
      },
      messages: async (w) => {
        const toWisher = {
          to: [w.wisherId],
          message: approve
            ? { kind: 'wish.approved' as const, title: '您的心愿已通过审核', body: `「${w.title}」已发布到心愿墙，等待党员认领。`, link: link(w) }
            : { kind: 'wish.rejected' as const, title: '您的心愿未通过审核', body: `「${w.title}」未通过：${input.reason ?? ''}`, link: link(w) },
        };
        if (!approve) return [toWisher];
        const group = (await gridPartyGroup(ctx.db, w.gridId)).filter((id) => id !== w.wisherId);
        return [
          toWisher,
          {
            to: group,
            message: { kind: 'wish.open', title: '网格里有新的微心愿', body: `${nameForPublic(w.wisherName, w.wisherGender, w.hideName === true)}：${w.title}。欢迎党员认领。`, link: link(w), aboutId: w.wisherId },
          },
        ];
      },
    },
    ctx,
  );
}

export function claimWish(input: In<'claim'>, ctx: MemberContext): Promise<Out<'claim'>> {
  const { caller } = ctx;
  return transition(
    input.wishId,
    {
      action: 'claim',
      event: 'claim',
      patch: () => ({ claimantId: caller._id, claimantName: caller.name }),
      note: null,
      audited: false,
      messages: async (w) => [
        {
          to: [w.wisherId],
          message: { kind: 'wish.claimed', title: '您的心愿有人认领了', body: `党员${caller.name}认领了「${w.title}」，会尽快与您联系。`, link: link(w), aboutId: caller._id },
        },
      ],
    },
    ctx,
  );
}

export function fulfilWish(input: In<'fulfil'>, ctx: MemberContext): Promise<Out<'fulfil'>> {
  return transition(
    input.wishId,
    {
      action: 'fulfil',
      event: 'fulfil',
      patch: () => ({ fulfilNote: input.note }),
      note: input.note,
      audited: false,
      texts: { fulfilNote: input.note },
      messages: async (w) => [
        {
          to: [w.wisherId],
          message: { kind: 'wish.fulfilled', title: '心愿已完成，请您确认', body: `${ctx.caller.name}：${input.note}`, link: link(w), aboutId: ctx.caller._id },
        },
      ],
    },
    ctx,
  );
}

export function confirmWish(input: In<'confirm'>, ctx: MemberContext): Promise<Out<'confirm'>> {
  const onBehalf = (w: WishRecord) => w.wisherId !== ctx.caller._id;
  return transition(
    input.wishId,
    {
      action: 'confirm',
      event: 'confirm',
      patch: () => ({ thanks: input.thanks ?? null }),
      note: input.thanks ?? null,
      audited: true,
      texts: { thanks: input.thanks },
      messages: async (w) => [
        {
          to: w.claimantId ? [w.claimantId] : [],
          message: {
            kind: 'wish.completed',
            title: '心愿已确认完成',
            body: `${w.wisherName}${onBehalf(w) ? `（由${ctx.caller.name}代为确认）` : ''}确认了「${w.title}」${input.thanks ? `：${input.thanks}` : '，感谢您的服务！'}`,
            link: link(w),
            aboutId: w.wisherId,
          },
        },
      ],
    },
    ctx,
  );
}

export function cancelWish(input: In<'cancel'>, ctx: MemberContext): Promise<Out<'cancel'>> {
  return transition(
    input.wishId,
    {
      action: 'cancel',
      event: 'cancel',
      patch: () => ({ reason: input.reason }),
      note: input.reason,
      audited: false,
      // Read by the cadres and the grid leader: the grid leader gets the placeholder while held.
      texts: { reason: input.reason },
      messages: async () => [],
    },
    ctx,
  );
}

export async function completedWishCount(db: Db, userId: string): Promise<number> {
  return count(db, COLLECTIONS.wishes.name, { claimantId: userId, status: 'completed' });
}

/**
 * A cadre over the wish releases the text content security held; its authors are told. One write, as a
 * transition: the moderation set while the wish holds what was read, carrying the notices and the audit entry.
 */
export async function releaseWish(input: In<'release'>, ctx: MemberContext): Promise<Out<'release'>> {
  const { db, caller } = ctx;
  const actor = toActor(caller);
  const current = await findById<WishRecord>(db, COLLECTIONS.wishes.name, input.wishId);
  if (!current || !canSeeWish(facts(current, { elderly: false }), actor)) throw notFound('这个心愿不存在');
  if (!isCadreOver(current, actor)) throw forbidden('只有村（社区）及以上干部可以放行复核的内容');
  const released = await releaseHeldCarried<WishRecord>(
    ctx,
    {
      action: 'wishes.release',
      collection: COLLECTIONS.wishes.name,
      id: input.wishId,
      missing: '这个心愿不存在',
      refusal: '不能放行自己填写的内容，请由其他干部复核',
      // The wisher and the claimant read the placeholder in what others wrote; the wall itself is public.
      describe: (w) => ({ name: `心愿「${w.title}」`, link: link(w), readers: [w.wisherId, ...(w.claimantId ? [w.claimantId] : [])] }),
      label: wishTextLabel,
      touch: true,
      unchanged: (w) => unchanged(db, w),
    },
    current,
  );
  return toView(db, released, caller);
}
