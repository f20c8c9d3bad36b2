/**
 * The micro-wish (微心愿) life cycle. Every transition the server performs is checked here;
 * rejected, cancelled, expired and completed are terminal.
 */
export const WISH_CATEGORIES = ['elder-care', 'child-care', 'daily-life', 'health', 'other'] as const;
/** Health and family wishes may be posted without the wisher's name on public lists (不公开姓名). */
export const NAME_HIDEABLE_CATEGORIES = ['health', 'elder-care', 'child-care'] as const;
export type WishCategory = (typeof WISH_CATEGORIES)[number];

export const WISH_STATUSES = [
  'pending_review',
  'open',
  'claimed',
  'fulfilled',
  'completed',
  'rejected',
  'cancelled',
  'expired',
] as const;
export type WishStatus = (typeof WISH_STATUSES)[number];

export type WishEvent = 'approve' | 'reject' | 'claim' | 'fulfil' | 'confirm' | 'cancel' | 'expire';
/** What a wish's timeline records: its events and the submission that starts it. */
/** `handOver`: the claimant's role ended and an admin gave the claimed wish to another party member. */
export type WishTimelineEvent = WishEvent | 'submit' | 'handOver';

const TRANSITIONS: Record<WishStatus, Partial<Record<WishEvent, WishStatus>>> = {
  pending_review: { approve: 'open', reject: 'rejected', cancel: 'cancelled' },
  open: { claim: 'claimed', cancel: 'cancelled', expire: 'expired' },
  claimed: { fulfil: 'fulfilled' },
  fulfilled: { confirm: 'completed' },
  completed: {},
  rejected: {},
  cancelled: {},
  expired: {},
};

/** The status after `event`, or null when the event is not allowed from `from`. */
export function nextWishStatus(from: WishStatus, event: WishEvent): WishStatus | null {
  return TRANSITIONS[from][event] ?? null;
}

export function isTerminal(status: WishStatus): boolean {
  return Object.keys(TRANSITIONS[status]).length === 0;
}

/** Open wishes expire when nobody claims them within this many days. */
export const WISH_OPEN_DAYS = 30;

export const WISH_CATEGORY_LABELS: Record<WishCategory, string> = {
  'elder-care': '助老帮扶',
  'child-care': '关爱儿童',
  'daily-life': '生活小事',
  health: '看病就医',
  other: '其他',
};

export const WISH_STATUS_LABELS: Record<WishStatus, string> = {
  pending_review: '待审核',
  open: '待认领',
  claimed: '已认领',
  fulfilled: '待确认',
  completed: '已完成',
  rejected: '未通过',
  cancelled: '已撤回',
  expired: '已过期',
};

export const WISH_EVENT_LABELS: Record<WishTimelineEvent, string> = {
  submit: '提交心愿',
  approve: '审核通过',
  reject: '审核驳回',
  claim: '党员认领',
  fulfil: '完成心愿',
  confirm: '确认完成',
  cancel: '撤回心愿',
  expire: '无人认领，已过期',
  handOver: '转交其他党员',
};

/**
 * What a timeline entry's action reads as: the timeline stores event codes and this table words
 * them. Entries stored before codes hold the words themselves, which pass through unchanged.
 */
export function wishEventLabel(action: string): string {
  return Object.prototype.hasOwnProperty.call(WISH_EVENT_LABELS, action) ? WISH_EVENT_LABELS[action as WishTimelineEvent] : action;
}
