/**
 * The vocabulary of 六类四单 dispute cases and the county-level settings that ship as defaults.
 * The county keeps its own copy as data (collection `caseConfig`, one document per county); the
 * defaults here seed it and are what a new county starts from.
 */
import { unitWordOfName } from './labels-for-people';
export const CASE_LEVELS = ['village', 'town', 'county'] as const;
export type CaseLevel = (typeof CASE_LEVELS)[number];

export const RISK_LEVELS = ['low', 'medium', 'high', 'major'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const URGENCIES = ['normal', 'urgent', 'emergency'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const SATISFACTIONS = ['satisfied', 'basic', 'unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

export const LEVEL_LABELS: Record<CaseLevel, string> = { village: '村级', town: '镇级', county: '县级' };
export const LEVEL_BODY_LABELS: Record<CaseLevel, string> = {
  village: '村（社区）人民调解委员会',
  town: '镇综治中心',
  county: '县矛盾纠纷调处化解中心',
};
/**
 * The body handling a case at its level, named for the case's own village or community when known:
 * 冯坊村 → 村人民调解委员会, 东关社区 → 社区人民调解委员会 (a name that says neither keeps 村（社区）).
 */
export function levelBodyLabel(level: CaseLevel, unitName?: string | null): string {
  if (level !== 'village' || !unitName) return LEVEL_BODY_LABELS[level];
  return `${unitWordOfName(unitName)}人民调解委员会`;
}
export const RISK_LABELS: Record<RiskLevel, string> = { low: '低', medium: '中', high: '高', major: '重大' };
export const URGENCY_LABELS: Record<Urgency, string> = { normal: '一般', urgent: '较急', emergency: '紧急' };
export const SATISFACTION_LABELS: Record<Satisfaction, string> = { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' };

export function levelRank(level: CaseLevel): number {
  return CASE_LEVELS.indexOf(level);
}

export function riskRank(risk: RiskLevel): number {
  return RISK_LEVELS.indexOf(risk);
}

export function urgencyRank(urgency: Urgency): number {
  return URGENCIES.indexOf(urgency);
}

/** The level above, or null at the county: 矛盾不上交 ends there. */
export function nextLevel(level: CaseLevel): CaseLevel | null {
  return CASE_LEVELS[levelRank(level) + 1] ?? null;
}

export function higherLevel(a: CaseLevel, b: CaseLevel): CaseLevel {
  return levelRank(a) >= levelRank(b) ? a : b;
}

export interface CaseTypeDef {
  code: string;
  label: string;
  /** One of the county's six common types (六类); the rest count as 其他. */
  common: boolean;
}

/** The six common types of Qianyang's 六类四单 work, plus 其他. */
export const DEFAULT_CASE_TYPES: CaseTypeDef[] = [
  { code: 'marriage-family', label: '婚姻家庭', common: true },
  { code: 'neighbourhood', label: '邻里关系', common: true },
  { code: 'land-rights', label: '土地权属', common: true },
  { code: 'labour', label: '劳资纠纷', common: true },
  { code: 'damages', label: '损害赔偿', common: true },
  { code: 'contract', label: '合同纠纷', common: true },
  { code: 'other', label: '其他', common: false },
];

export interface CaseConfig {
  types: CaseTypeDef[];
  /** Time limit at each level, in days, counted from the moment the level receives the case. */
  deadlineDays: Record<CaseLevel, number>;
  /** The follow-up visit is due this many days after an agreement. */
  followUpDays: number;
  /** Handlers are warned this many hours before a deadline. */
  warnHours: number;
}

export const DEFAULT_CASE_CONFIG: CaseConfig = {
  types: DEFAULT_CASE_TYPES,
  deadlineDays: { village: 7, town: 15, county: 30 },
  followUpDays: 15,
  warnHours: 24,
};

/** Normalised key of the parties of a dispute in one village: the same people again is a repeat dispute. */
export function partiesKey(villageId: string, names: readonly string[]): string {
  const sorted = [...new Set(names.map((n) => n.replace(/\s+/g, '')))].sort();
  return `${villageId}|${sorted.join('、')}`;
}
