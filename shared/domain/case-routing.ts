/**
 * Tiered routing 小事不出村、大事不出镇、矛盾不上交: which level should handle a dispute. The rules are
 * data (collection `routingRules`, seeded from DEFAULT_ROUTING_RULES) and the engine is pure: every
 * rule whose conditions all hold votes for its level, the highest vote wins, and no vote means the
 * village. The proposal says why in words so the assessor can judge it.
 */
import { CASE_LEVELS, LEVEL_LABELS, levelRank, riskRank, type CaseLevel, type RiskLevel } from './case-catalogue';

export interface RoutingConditions {
  /** Type codes; absent means any type. */
  types?: string[];
  /** The risk is at least this. */
  minRisk?: RiskLevel;
  /** The amount in dispute is at least this many fen. */
  minAmountFen?: number;
  /** At least this many parties. */
  minParties?: number;
  /** A repeat dispute between the same parties. */
  repeat?: boolean;
}

export interface RoutingRule {
  id: string;
  when: RoutingConditions;
  level: CaseLevel;
  /** Shown to the assessor when the rule matches. */
  reason: string;
}

export interface RoutingFacts {
  type: string;
  risk: RiskLevel;
  amountFen: number;
  parties: number;
  repeat: boolean;
}

export interface RoutingProposal {
  level: CaseLevel;
  /** Rules that matched, the deciding ones (highest level) first. */
  matched: { id: string; level: CaseLevel; reason: string }[];
  explanation: string;
}

const YUAN = 100;

export const DEFAULT_ROUTING_RULES: RoutingRule[] = [
  { id: 'major-risk', when: { minRisk: 'major' }, level: 'county', reason: '风险等级为重大，可能引发群体性事件或极端行为，由县矛调中心牵头化解' },
  { id: 'high-risk', when: { minRisk: 'high' }, level: 'town', reason: '风险等级为高，需镇综治中心统筹调处' },
  { id: 'large-amount', when: { minAmountFen: 500_000 * YUAN }, level: 'county', reason: '争议金额在50万元以上，由县级调处' },
  { id: 'medium-amount', when: { minAmountFen: 50_000 * YUAN }, level: 'town', reason: '争议金额在5万元以上，超出村级调解的常规范围' },
  { id: 'group-dispute', when: { minParties: 10 }, level: 'county', reason: '涉及10方以上当事人，属群体性纠纷' },
  { id: 'many-parties', when: { minParties: 5 }, level: 'town', reason: '涉及5方以上当事人，需镇级协调' },
  { id: 'land-rights', when: { types: ['land-rights'], minRisk: 'medium' }, level: 'town', reason: '土地权属纠纷且风险为中以上，需镇国土、农经部门参与确权' },
  { id: 'labour-wages', when: { types: ['labour'], minAmountFen: 20_000 * YUAN }, level: 'town', reason: '劳资纠纷涉及2万元以上，需镇劳动保障所参与' },
  { id: 'repeat', when: { repeat: true }, level: 'town', reason: '同一当事人之间再次发生纠纷，村级调解未能根治' },
  { id: 'repeat-high-risk', when: { repeat: true, minRisk: 'high' }, level: 'county', reason: '同一当事人反复纠纷且风险高，由县级挂牌督办' },
];

export function ruleMatches(rule: RoutingRule, facts: RoutingFacts): boolean {
  const w = rule.when;
  if (w.types && !w.types.includes(facts.type)) return false;
  if (w.minRisk && riskRank(facts.risk) < riskRank(w.minRisk)) return false;
  if (w.minAmountFen !== undefined && facts.amountFen < w.minAmountFen) return false;
  if (w.minParties !== undefined && facts.parties < w.minParties) return false;
  if (w.repeat !== undefined && facts.repeat !== w.repeat) return false;
  return true;
}

/** The level the rules call for, with the reasons in words. */
export function routeCase(facts: RoutingFacts, rules: readonly RoutingRule[]): RoutingProposal {
  const matched = rules
    .filter((r) => ruleMatches(r, facts))
    .map((r) => ({ id: r.id, level: r.level, reason: r.reason }))
    .sort((a, b) => levelRank(b.level) - levelRank(a.level));
  if (matched.length === 0) {
    return { level: 'village', matched, explanation: '不属于要上提的情形，按“小事不出村”由村（社区）调解' };
  }
  const level = matched[0]!.level;
  const deciding = matched.filter((m) => m.level === level).map((m) => m.reason);
  const others = matched.filter((m) => m.level !== level).map((m) => m.reason);
  const tail = others.length ? `；另：${others.join('；')}` : '';
  return { level, matched, explanation: `建议${LEVEL_LABELS[level]}办理：${deciding.join('；')}${tail}` };
}

/**
 * The assessor may raise the level freely; going below the rules' level needs a reason, which is kept.
 */
export function checkAssessedLevel(proposed: CaseLevel, chosen: CaseLevel, reason: string | null | undefined): 'ok' | 'needs-reason' {
  if (levelRank(chosen) >= levelRank(proposed)) return 'ok';
  return reason && reason.trim().length > 0 ? 'ok' : 'needs-reason';
}

export function isCaseLevel(x: string): x is CaseLevel {
  return (CASE_LEVELS as readonly string[]).includes(x);
}

/** A county's routing rules at one version; version 0 is the seed (or built-in) set nobody has edited yet. */
export interface RoutingRuleSet {
  version: number;
  rules: RoutingRule[];
}

/** One past case as the preview replays it: its facts and the level its rules proposed then. */
export interface RoutedCase {
  id: string;
  facts: RoutingFacts;
  proposedLevel: CaseLevel;
}

/**
 * The cases the rules `rules` would have sent to another level than the one proposed for them:
 * the preview of an edit ("applied to last month's cases, these N would have gone to another level").
 */
export function rerouted(cases: readonly RoutedCase[], rules: readonly RoutingRule[]): { id: string; from: CaseLevel; to: CaseLevel }[] {
  return cases.flatMap((c) => {
    const to = routeCase(c.facts, rules).level;
    return to === c.proposedLevel ? [] : [{ id: c.id, from: c.proposedLevel, to }];
  });
}

/** A rule's conditions in words, for the page that shows and edits them: 风险为高及以上、争议金额5万元以上. */
export function describeConditions(when: RoutingConditions, typeLabel: (code: string) => string, riskLabel: (r: RiskLevel) => string): string {
  const parts: string[] = [];
  if (when.types?.length) parts.push(`类型为${when.types.map(typeLabel).join('或')}`);
  if (when.minRisk) parts.push(`风险为${riskLabel(when.minRisk)}及以上`);
  if (when.minAmountFen !== undefined) parts.push(`争议金额${when.minAmountFen / YUAN / 10_000}万元以上`);
  if (when.minParties !== undefined) parts.push(`当事人${when.minParties}方以上`);
  if (when.repeat !== undefined) parts.push(when.repeat ? '同一当事人再次发生' : '首次发生');
  return parts.join('、');
}
