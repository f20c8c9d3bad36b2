/**
 * 研判: risk signals from events the product already has, by rules kept as data (the county file and
 * the `signalRules` collection). A rule names a source, a window and a threshold; the events of the
 * window are grouped by the source's key (a village and the same parties, a village and one case type,
 * one wish, one village), and a group that reaches the threshold is a signal that shows its rule and
 * the events behind it. A handler closes it with what was done, or marks it a false alarm.
 */
import { holdsRoleOver, type RoleGrant } from './jurisdiction';

/**
 * Where a rule's events come from. Each source is one entry of the table in
 * cloudfunctions/alerts/signal-sources.ts; a new source is one entry there and one name here.
 */
export const SIGNAL_SOURCES = ['repeat-parties', 'case-cluster', 'wish-unclaimed-care', 'matters-overdue', 'facility-faults'] as const;
export type SignalSource = (typeof SIGNAL_SOURCES)[number];
export const SIGNAL_SOURCE_LABELS: Record<SignalSource, string> = {
  'repeat-parties': '同一当事人反复纠纷',
  'case-cluster': '同村同类纠纷集中',
  'wish-unclaimed-care': '关爱对象的心愿久未认领',
  'matters-overdue': '同村事项多件超时',
  'facility-faults': '同一设施多次报修',
};

export interface SignalRule {
  id: string;
  source: SignalSource;
  title: string;
  enabled: boolean;
  /** Days back from now whose events count. */
  windowDays: number;
  /** Events in one group that make a signal (for a single wish: 1). */
  threshold: number;
  /** Case sources: the case types the rule looks at; facility-faults: the 随手拍 categories that count as a fault (empty: all). */
  caseTypes: string[];
}

/** One event behind a signal, as the signal shows it (never a person's full details). */
export interface SignalEvent {
  collection: string;
  id: string;
  at: string;
  /** The group it falls in: the source decides (`v1|partiesKey`, `v1|land-rights`, a wish id …). */
  groupKey: string;
  /** The village it happened in, with its path from the county down (who handles the signal). */
  villageId: string;
  path: string[];
  /** Words for people: 「婚姻家庭纠纷 · 12月1日登记」. */
  label: string;
}

export interface SignalGroup {
  groupKey: string;
  villageId: string;
  path: string[];
  events: SignalEvent[];
}

/** The groups of a rule's events within its window that reach its threshold, most events first. */
export function signalGroups(rule: Pick<SignalRule, 'windowDays' | 'threshold'>, events: readonly SignalEvent[], now: string, windowed = true): SignalGroup[] {
  const since = new Date(Date.parse(now) - rule.windowDays * 86_400_000).toISOString();
  const groups = new Map<string, SignalGroup>();
  for (const e of events) {
    // A windowed source counts events of the last N days; an ageing source (a wish waiting N days) chose its events already.
    if (windowed && (e.at < since || e.at > now)) continue;
    const g = groups.get(e.groupKey) ?? { groupKey: e.groupKey, villageId: e.villageId, path: e.path, events: [] };
    g.events.push(e);
    groups.set(e.groupKey, g);
  }
  return [...groups.values()]
    .filter((g) => g.events.length >= Math.max(1, rule.threshold))
    .map((g) => ({ ...g, events: [...g.events].sort((a, b) => a.at.localeCompare(b.at)) }))
    .sort((a, b) => b.events.length - a.events.length || a.groupKey.localeCompare(b.groupKey));
}

/** A signal's id: the rule, the group and its newest event, so a group raises again only when a new event joins it. */
export function signalIdOf(ruleId: string, group: Pick<SignalGroup, 'groupKey' | 'events'>): string {
  const newest = group.events[group.events.length - 1]?.id ?? 'none';
  return `sg-${hash(`${ruleId}|${group.groupKey}|${newest}`)}`;
}

/** The open signal of a rule and group is one: `${ruleId}|${groupKey}` (a later event joins it). */
export const openKeyOf = (ruleId: string, groupKey: string) => `${ruleId}|${groupKey}`;

function hash(s: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 16777619) >>> 0;
    h2 = Math.imul(h2 ^ c, 2246822519) >>> 0;
  }
  return `${h1.toString(16).padStart(8, '0')}${h2.toString(16).padStart(8, '0')}`;
}

export const SIGNAL_OUTCOMES = ['visit', 'case', 'alert', 'false-alarm'] as const;
export type SignalOutcome = (typeof SIGNAL_OUTCOMES)[number];
export const SIGNAL_OUTCOME_LABELS: Record<SignalOutcome, string> = {
  visit: '已上门走访',
  case: '已登记纠纷调解',
  alert: '已发布预警',
  'false-alarm': '误报，无风险',
};

/** Who handles a signal of a village: its village cadres, and the town and county cadres over it. */
export const SIGNAL_HANDLER_ROLES = ['village-cadre', 'town-cadre', 'county-admin'] as const;

export function canHandleSignal(grants: readonly RoleGrant[], path: readonly string[]): boolean {
  return holdsRoleOver(grants, SIGNAL_HANDLER_ROLES, path);
}

/** The rule's figures as its owner reads them: how often it was right. */
export function falseAlarmRate(figures: { closed: number; falseAlarms: number }): number | null {
  return figures.closed > 0 ? figures.falseAlarms / figures.closed : null;
}

/** How a signal explains itself: 「同一当事人反复婚姻家庭纠纷：近 90 天 3 件（规则：90 天内 ≥ 2 件）」. */
export function explainSignal(rule: Pick<SignalRule, 'source' | 'windowDays' | 'threshold' | 'title'>, events: number): string {
  if (rule.source === 'wish-unclaimed-care') return `${rule.title}：心愿发布超过 ${rule.windowDays} 天还没有人认领`;
  return `${rule.title}：近 ${rule.windowDays} 天 ${events} 件（规则：${rule.windowDays} 天内 ≥ ${rule.threshold} 件）`;
}
