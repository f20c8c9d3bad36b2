/**
 * 随手拍 reports and their work orders as pure rules. A report (one person's photo and words) always
 * belongs to a work order; repeated reports of one facility while its order is open join that order,
 * so the handler fixes it once and every reporter hears each step. Routing is data (a county's
 * `sanitationRoutingRules`): the first rule that matches names the level that handles it.
 */
import type { FacilityKind } from './sanitation-facility';
import { holdsRoleOver, type RoleGrant } from './jurisdiction';

export const REPORT_CATEGORIES = ['overflow', 'broken', 'sewage-leak', 'dumping', 'toilet', 'other'] as const;
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];

export const REPORT_CATEGORY_LABELS: Record<ReportCategory, string> = {
  overflow: '垃圾满溢',
  broken: '设施损坏',
  'sewage-leak': '污水外溢',
  dumping: '乱倒乱扔',
  toilet: '厕所问题',
  other: '其他',
};

export const HANDLING_LEVELS = ['village', 'town', 'county'] as const;
export type HandlingLevel = (typeof HANDLING_LEVELS)[number];

export const HANDLING_LEVEL_LABELS: Record<HandlingLevel, string> = { village: '村（社区）', town: '镇', county: '县' };

/** The role that handles an order at each level. */
export const HANDLER_ROLE: Record<HandlingLevel, 'village-cadre' | 'town-cadre' | 'county-admin'> = {
  village: 'village-cadre',
  town: 'town-cadre',
  county: 'county-admin',
};

export interface SanitationRoutingRule {
  id: string;
  when: { categories?: ReportCategory[]; facilityKinds?: FacilityKind[] };
  level: HandlingLevel;
  /** Hours the handler has to fix it. */
  deadlineHours: number;
  reason: string;
}

export interface RoutingInput {
  category: ReportCategory;
  facilityKind: FacilityKind | null;
}

export interface SanitationRoute {
  level: HandlingLevel;
  deadlineHours: number;
  ruleId: string | null;
  reason: string;
}

/** When no rule matches: the village, within three days. */
export const DEFAULT_ROUTE: SanitationRoute = { level: 'village', deadlineHours: 72, ruleId: null, reason: '由村（社区）负责处理' };

export function ruleMatches(rule: SanitationRoutingRule, input: RoutingInput): boolean {
  if (rule.when.categories && !rule.when.categories.includes(input.category)) return false;
  if (rule.when.facilityKinds && (!input.facilityKind || !rule.when.facilityKinds.includes(input.facilityKind))) return false;
  return true;
}

/** The first rule, in the county's order, whose conditions all hold. */
export function routeReport(input: RoutingInput, rules: readonly SanitationRoutingRule[]): SanitationRoute {
  const rule = rules.find((r) => ruleMatches(r, input));
  return rule ? { level: rule.level, deadlineHours: rule.deadlineHours, ruleId: rule.id, reason: rule.reason } : DEFAULT_ROUTE;
}

export const ORDER_STATUSES = ['open', 'accepted', 'fixed', 'closed'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  open: '待接单',
  accepted: '处理中',
  fixed: '已修好，待确认',
  closed: '已办结',
};

/** The progress steps a reporter sees, in order. */
export const ORDER_STEPS = ['submitted', 'accepted', 'fixed', 'closed'] as const;
export const ORDER_STEP_LABELS: Record<(typeof ORDER_STEPS)[number], string> = {
  submitted: '已上报',
  accepted: '已接单',
  fixed: '已修好',
  closed: '已确认',
};

export function stepIndexOf(status: OrderStatus): number {
  return { open: 0, accepted: 1, fixed: 2, closed: 3 }[status];
}

export type OrderAction = 'accept' | 'fix' | 'confirm' | 'reopen';

export interface OrderFacts {
  status: OrderStatus;
  level: HandlingLevel;
  /** The unit the order is handled at (village, town or county id). */
  handlerUnitId: string;
  handlerId: string | null;
  reporterIds: readonly string[];
  path: readonly string[];
}

export interface OrderActor {
  id: string;
  grants: readonly RoleGrant[];
}

/** A holder of the order's handling role at its handling unit (or above it: a county admin may step in at any level). */
export function isHandler(o: Pick<OrderFacts, 'level' | 'handlerUnitId' | 'path'>, actor: OrderActor): boolean {
  const role = HANDLER_ROLE[o.level];
  if (actor.grants.some((g) => g.role === role && g.unitId === o.handlerUnitId)) return true;
  return holdsRoleOver(actor.grants, ['county-admin'], o.path);
}

/** The verdict on one action: allowed, not this person's, or not in this state. */
export function checkOrderAction(o: OrderFacts, action: OrderAction, actor: OrderActor): 'ok' | 'forbidden' | 'state' {
  switch (action) {
    case 'accept':
      if (!isHandler(o, actor)) return 'forbidden';
      return o.status === 'open' ? 'ok' : 'state';
    case 'fix':
      if (!isHandler(o, actor)) return 'forbidden';
      return o.status === 'accepted' ? 'ok' : 'state';
    case 'confirm':
    case 'reopen':
      if (!o.reporterIds.includes(actor.id)) return 'forbidden';
      return o.status === 'fixed' ? 'ok' : 'state';
  }
}

export function allowedOrderActions(o: OrderFacts, actor: OrderActor): OrderAction[] {
  return (['accept', 'fix', 'confirm', 'reopen'] as const).filter((a) => checkOrderAction(o, a, actor) === 'ok');
}

/** Fixed on time: the fix came no later than the deadline in force (a reopen sets a new one). */
export function fixedOnTime(fixedAt: string, deadlineAt: string): boolean {
  return Date.parse(fixedAt) <= Date.parse(deadlineAt);
}

export function deadlineFrom(at: string, hours: number): string {
  return new Date(Date.parse(at) + hours * 3600_000).toISOString();
}

/** Orders still waiting for the handler: the overdue timer looks at these. */
export const UNFINISHED: readonly OrderStatus[] = ['open', 'accepted'];

/**
 * Who reads an order: its reporters and handlers, cadres and supervisors over its place, and — once its
 * text and photos passed the checks — the residents of its village (the village's public list).
 */
export function canSeeOrder(o: Pick<OrderFacts, 'reporterIds' | 'path' | 'level' | 'handlerUnitId'>, actor: OrderActor & { villageId: string | null }, villageId: string, isPublic: boolean): boolean {
  if (o.reporterIds.includes(actor.id)) return true;
  if (isHandler(o, actor)) return true;
  if (holdsRoleOver(actor.grants, ['village-cadre', 'town-cadre', 'county-admin', 'supervisor', 'grid-leader'], o.path)) return true;
  return isPublic && actor.villageId === villageId;
}
