/**
 * The petty-power catalogue (小微权力清单) as pure rules: what a flowchart (流程图) must look like,
 * and how far a village may adjust the county's standard item. The county publishes; a village
 * adopts every standard item as it is, and may tighten it, never loosen it.
 */
import { MAX_LIMIT_DAYS } from './power-workdays';

export const POWER_KINDS = ['power', 'responsibility'] as const;
export type PowerKind = (typeof POWER_KINDS)[number];

export const POWER_CATEGORIES = [
  'major-decision',
  'collective-assets',
  'projects',
  'finance',
  'livelihood',
  'homestead',
  'certificates',
  'party',
] as const;
export type PowerCategory = (typeof POWER_CATEGORIES)[number];

/** Who acts at a step. `applicant` is the person who opened the matter, only ever the first step. */
export const STEP_ROLES = ['applicant', 'village-cadre', 'grid-leader', 'supervisor', 'town-cadre', 'county-admin'] as const;
export type StepRole = (typeof STEP_ROLES)[number];

/** Roles a village may give to the steps it adds: its own people only. */
export const VILLAGE_STEP_ROLES: readonly StepRole[] = ['village-cadre', 'grid-leader', 'supervisor'];

/** Who opens a matter under the item: a resident applies, a cadre starts a village decision, or nobody (a duty list). */
export const STARTERS = ['resident', 'cadre', 'none'] as const;
export type Starter = (typeof STARTERS)[number];

export interface PowerStep {
  title: string;
  role: StepRole;
  /** Who acts, as people know them: 村党支部, 村民代表会议, 镇民政办. */
  actorLabel: string;
  /** Working days; 0 for the applicant's own step. */
  limitDays: number;
  /** What is made public at this step (公开内容), or null. */
  publicity: string | null;
  /** Added by the village on top of the county's standard. */
  localAdded?: boolean;
}

export interface RiskPoint {
  /** Where power could be misused (风险点). */
  point: string;
  /** The measure or warning against it (防控措施). */
  measure: string;
}

/** Everything the county defines for one item. */
export interface PowerItemDefinition {
  code: string;
  kind: PowerKind;
  category: PowerCategory;
  title: string;
  summary: string;
  basis: string[];
  /** The responsible body (责任主体). */
  body: string;
  materials: string[];
  fees: string;
  starter: Starter;
  steps: PowerStep[];
  risks: RiskPoint[];
  /** 廉政风险警示提醒卡: the warning read by the cadres who act. */
  riskCard: string;
  /** 权力清单明白卡: plain words for residents, one line each. */
  guideCard: string[];
}

export const POWER_CATEGORY_LABELS: Record<PowerCategory, string> = {
  'major-decision': '重大事项决策',
  'collective-assets': '集体资产资源',
  projects: '工程项目',
  finance: '财务管理',
  livelihood: '民生保障',
  homestead: '宅基地',
  certificates: '证明出具',
  party: '党务',
};

export const POWER_KIND_LABELS: Record<PowerKind, string> = {
  power: '权力事项清单',
  responsibility: '主体责任清单',
};

export const STEP_ROLE_LABELS: Record<StepRole, string> = {
  applicant: '申请人',
  'village-cadre': '村两委干部',
  'grid-leader': '网格员',
  supervisor: '村务监督委员会',
  'town-cadre': '镇干部',
  'county-admin': '县级部门',
};

export interface Issue {
  path: string;
  message: string;
}

export function totalLimitDays(steps: readonly Pick<PowerStep, 'limitDays'>[]): number {
  return steps.reduce((sum, s) => sum + s.limitDays, 0);
}

/** The shape rules of a flowchart, beyond the field types the contract checks. */
export function checkFlow(steps: readonly PowerStep[], starter: Starter): Issue[] {
  const issues: Issue[] = [];
  if (steps.length < 2) issues.push({ path: 'steps', message: '流程至少要有两个步骤' });
  steps.forEach((s, i) => {
    if (s.role === 'applicant' && i !== 0) issues.push({ path: `steps.${i}.role`, message: '申请人只能在第一步' });
    if (s.role === 'applicant' && s.limitDays !== 0) issues.push({ path: `steps.${i}.limitDays`, message: '申请人提出申请的步骤不计时限' });
    if (s.role !== 'applicant' && (s.limitDays < 1 || s.limitDays > MAX_LIMIT_DAYS)) {
      issues.push({ path: `steps.${i}.limitDays`, message: `办理时限应为 1 到 ${MAX_LIMIT_DAYS} 个工作日` });
    }
  });
  const first = steps[0];
  if (first && starter === 'resident' && first.role !== 'applicant') {
    issues.push({ path: 'steps.0.role', message: '群众申请的事项，第一步应为申请人提出申请' });
  }
  if (first && starter !== 'resident' && first.role === 'applicant') {
    issues.push({ path: 'steps.0.role', message: '不由群众申请的事项没有申请人步骤' });
  }
  if (steps.length > 0 && steps.every((s) => s.role === 'applicant')) {
    issues.push({ path: 'steps', message: '流程中至少要有一个由干部办理的步骤' });
  }
  return issues;
}

/** What a village may change on a standard item (within limits, checked by applyAdjustment). */
export interface Adjustment {
  /** New limits for the county's steps, by their index; only shorter or equal. */
  stepLimits?: { index: number; limitDays: number }[];
  /** Village steps inserted after the county step `after` (0-based). */
  extraSteps?: { after: number; title: string; role: StepRole; actorLabel: string; limitDays: number; publicity: string | null }[];
  /** Materials the village no longer asks for (减证便民); it may never ask for more. */
  droppedMaterials?: string[];
  /** Extra risk points the village watches; the county's stay. */
  extraRisks?: RiskPoint[];
  /** Where and when to come, a phone number: shown on the guide card. */
  localNote?: string | null;
}

export const MAX_EXTRA_STEPS = 3;

/**
 * The village's item from the county's standard and the village's changes, or the issues that
 * put it outside the limits: every county step stays, in order, with its role; limits only
 * shorter; added steps by village roles and within the county's total time; no new materials
 * or fees; risk points only added.
 */
export function applyAdjustment(standard: PowerItemDefinition, adj: Adjustment): { item: PowerItemDefinition; issues: Issue[] } {
  const issues: Issue[] = [];
  const steps: PowerStep[] = standard.steps.map((s) => ({ ...s }));
  for (const [k, l] of (adj.stepLimits ?? []).entries()) {
    const step = steps[l.index];
    if (!step) {
      issues.push({ path: `stepLimits.${k}.index`, message: '没有这个步骤' });
      continue;
    }
    if (step.role === 'applicant') {
      issues.push({ path: `stepLimits.${k}.index`, message: '申请人的步骤不计时限' });
    } else if (l.limitDays > step.limitDays) {
      issues.push({ path: `stepLimits.${k}.limitDays`, message: `不能长于县级标准的 ${step.limitDays} 个工作日` });
    } else if (l.limitDays < 1) {
      issues.push({ path: `stepLimits.${k}.limitDays`, message: '至少 1 个工作日' });
    } else {
      step.limitDays = l.limitDays;
    }
  }
  const extras = adj.extraSteps ?? [];
  if (extras.length > MAX_EXTRA_STEPS) issues.push({ path: 'extraSteps', message: `最多增加 ${MAX_EXTRA_STEPS} 个村级步骤` });
  // Inserted from the last position backwards so earlier indexes stay valid.
  const ordered = extras.map((e, k) => ({ e, k })).sort((a, b) => b.e.after - a.e.after || b.k - a.k);
  for (const { e, k } of ordered) {
    if (e.after < 0 || e.after >= standard.steps.length) {
      issues.push({ path: `extraSteps.${k}.after`, message: '插入位置不在流程内' });
      continue;
    }
    if (!VILLAGE_STEP_ROLES.includes(e.role)) {
      issues.push({ path: `extraSteps.${k}.role`, message: '村级增加的步骤只能由本村（社区）干部、网格员或村务监督委员会办理' });
      continue;
    }
    if (e.limitDays < 1 || e.limitDays > MAX_LIMIT_DAYS) {
      issues.push({ path: `extraSteps.${k}.limitDays`, message: `办理时限应为 1 到 ${MAX_LIMIT_DAYS} 个工作日` });
      continue;
    }
    const at = countyStepPosition(steps, e.after) + 1;
    steps.splice(at, 0, { title: e.title, role: e.role, actorLabel: e.actorLabel, limitDays: e.limitDays, publicity: e.publicity, localAdded: true });
  }
  if (totalLimitDays(steps) > totalLimitDays(standard.steps)) {
    issues.push({ path: 'extraSteps', message: `全部时限合计不能超过县级标准的 ${totalLimitDays(standard.steps)} 个工作日，请缩短其他步骤` });
  }
  const dropped = adj.droppedMaterials ?? [];
  dropped.forEach((m, k) => {
    if (!standard.materials.includes(m)) issues.push({ path: `droppedMaterials.${k}`, message: '县级标准中没有这项材料' });
  });
  const item: PowerItemDefinition = {
    ...standard,
    steps,
    materials: standard.materials.filter((m) => !dropped.includes(m)),
    risks: [...standard.risks, ...(adj.extraRisks ?? [])],
  };
  return { item, issues };
}

/** Where the county's step `countyIndex` sits in a list that may already hold village steps. */
function countyStepPosition(steps: readonly PowerStep[], countyIndex: number): number {
  let seen = -1;
  for (let i = 0; i < steps.length; i++) {
    if (!steps[i]!.localAdded) seen++;
    if (seen === countyIndex) return i;
  }
  return steps.length - 1;
}

/** Search in the list: title, summary and the category's name, ignoring spaces. */
export function matchesSearch(item: Pick<PowerItemDefinition, 'title' | 'summary' | 'category' | 'code'>, q: string | undefined): boolean {
  const needle = (q ?? '').replace(/\s+/g, '').toLowerCase();
  if (!needle) return true;
  const hay = `${item.title}${item.summary}${POWER_CATEGORY_LABELS[item.category]}${item.code}`.toLowerCase();
  return hay.includes(needle);
}
