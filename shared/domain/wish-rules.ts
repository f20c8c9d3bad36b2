/**
 * Who may do what to a micro-wish. Pure, so the server decides with it and tests read it as a
 * table; the page only shows the buttons the server lists in `allowed`.
 */
import { isElderly } from './age';
import { holdsRoleOver, type RoleGrant } from './jurisdiction';
import { nextWishStatus, type WishEvent, type WishStatus } from './wish-state';

export type WishAction = 'review' | 'claim' | 'fulfil' | 'confirm' | 'cancel';

export interface WishActor {
  id: string;
  grants: readonly RoleGrant[];
  /** Units the person belongs to: their residence and where they registered as a party member. */
  homeUnitIds: readonly string[];
}

export interface WishFacts {
  status: WishStatus;
  wisherId: string;
  claimantId: string | null;
  villageId: string;
  path: readonly string[];
  /** The wisher is 60 or older: a cadre or grid leader may confirm on their behalf. */
  wisherElderly: boolean;
  /** The wisher closed their account (注销): the kept record is for the handling cadres and supervisors only. */
  wisherClosed?: boolean;
}

/** Wishes of resettled households (易地搬迁安置户) and of people 60 or older go first on the wall. */
export function wishPriority(wisher: { resettled: boolean; age: number | null }): boolean {
  return wisher.resettled || isElderly(wisher.age);
}

/** Statuses anyone of the village may see; the rest only the wisher and handlers. */
/** The wish's free texts as people call them (held-text notices and messages). */
export const WISH_TEXT_LABELS: Readonly<Record<string, string>> = { title: '标题', content: '内容', fulfilNote: '完成情况', thanks: '感谢的话', reason: '原因' };

export function wishTextLabel(field: string): string {
  return WISH_TEXT_LABELS[field] ?? '填写的内容';
}

export const PUBLIC_WISH_STATUSES: readonly WishStatus[] = ['open', 'claimed', 'fulfilled', 'completed'];

const CADRE_ROLES = ['village-cadre', 'town-cadre', 'county-admin'] as const;

const EVENT_OF: Record<WishAction, Exclude<WishEvent, 'approve' | 'reject' | 'expire'> | 'approve'> = {
  review: 'approve',
  claim: 'claim',
  fulfil: 'fulfil',
  confirm: 'confirm',
  cancel: 'cancel',
};

/** Is this person the right one for the action, whatever the wish's current status? */
export function isEligible(action: WishAction, wish: WishFacts, actor: WishActor): boolean {
  switch (action) {
    case 'review':
      return holdsRoleOver(actor.grants, ['village-cadre'], wish.path);
    case 'claim':
      return actor.id !== wish.wisherId && holdsRoleOver(actor.grants, ['party-member'], wish.path);
    case 'fulfil':
      return wish.claimantId === actor.id;
    case 'confirm':
      return (
        actor.id === wish.wisherId ||
        (wish.wisherElderly && holdsRoleOver(actor.grants, ['village-cadre', 'grid-leader'], wish.path))
      );
    case 'cancel':
      return actor.id === wish.wisherId;
  }
}

/** `forbidden` when the person may never do it, `conflict` when the wish is not in a state for it. */
export function checkWishAction(action: WishAction, wish: WishFacts, actor: WishActor): 'ok' | 'forbidden' | 'conflict' {
  if (!isEligible(action, wish, actor)) return 'forbidden';
  return nextWishStatus(wish.status, EVENT_OF[action]) ? 'ok' : 'conflict';
}

export function allowedWishActions(wish: WishFacts, actor: WishActor): WishAction[] {
  return (Object.keys(EVENT_OF) as WishAction[]).filter((a) => checkWishAction(a, wish, actor) === 'ok');
}

/** Cadres over the wish's place: they read held text and may release it (content security). */
export function isCadreOver(wish: Pick<WishFacts, 'path'>, actor: WishActor): boolean {
  return holdsRoleOver(actor.grants, CADRE_ROLES, wish.path);
}

/**
 * Who may read the wisher's telephone number: the party member who claimed the wish (while it is
 * claimed or fulfilled and awaiting confirmation) and the village cadres of the wish's village.
 * Everyone else sees it masked or not at all; each reading is audited (wishes.contact).
 */
export function canSeeWisherContact(wish: Pick<WishFacts, 'status' | 'claimantId' | 'path'>, actor: WishActor): boolean {
  if (holdsRoleOver(actor.grants, ['village-cadre'], wish.path)) return true;
  return actor.id === wish.claimantId && (wish.status === 'claimed' || wish.status === 'fulfilled');
}
/** Who still reads the wish of a closed account, as the privacy guide promises: the handling cadres and the supervisors. */
export const CLOSED_WISH_READERS = [...CADRE_ROLES, 'supervisor'] as const;

export function canSeeWish(wish: WishFacts, actor: WishActor): boolean {
  if (wish.wisherClosed) return holdsRoleOver(actor.grants, CLOSED_WISH_READERS, wish.path);
  if (actor.id === wish.wisherId || actor.id === wish.claimantId) return true;
  if (holdsRoleOver(actor.grants, [...CADRE_ROLES, 'grid-leader'], wish.path)) return true;
  return PUBLIC_WISH_STATUSES.includes(wish.status) && actor.homeUnitIds.some((u) => wish.path.includes(u));
}
