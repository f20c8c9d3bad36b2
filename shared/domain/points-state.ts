/**
 * A village month of rating: draft (the evaluation group enters scores) → published (公示, households
 * may object) → final (immutable; corrections only as adjustment entries in the ledger).
 * `finalising` is the short claim the one finaliser holds while it writes the ledger.
 */
export const MONTH_STATUSES = ['draft', 'published', 'finalising', 'final'] as const;
export type MonthStatus = (typeof MONTH_STATUSES)[number];

export type MonthEvent = 'enter' | 'publish' | 'object' | 'decide' | 'finalise' | 'adjust';

const ALLOWED: Record<MonthEvent, readonly MonthStatus[]> = {
  enter: ['draft'],
  publish: ['draft'],
  object: ['published'],
  decide: ['published'],
  finalise: ['published'],
  adjust: ['final'],
};

export function monthAllows(status: MonthStatus | null, event: MonthEvent): boolean {
  return ALLOWED[event].includes(status ?? 'draft');
}

export const MONTH_STATUS_LABELS: Record<MonthStatus, string> = {
  draft: '评分中',
  published: '公示中',
  finalising: '定稿中',
  final: '已定稿',
};

export const OBJECTION_STATUSES = ['open', 'upheld', 'rejected'] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];

export const OBJECTION_STATUS_LABELS: Record<ObjectionStatus, string> = {
  open: '待处理',
  upheld: '已采纳',
  rejected: '未采纳',
};
