/**
 * The four sheets (四单) of a dispute case, in their only order: 排查 screening → 研判 assessment →
 * 调解 mediation → 回访 followUp. The status says which sheet is next; every transition the server
 * performs is checked here. `resolved` and `unresolved` are terminal.
 */
import { nextLevel, type CaseLevel } from './case-catalogue';

export const CASE_STATUSES = ['screened', 'mediating', 'agreed', 'resolved', 'unresolved'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Statuses with a handling deadline: the timer watches exactly these. */
export const OPEN_STATUSES: readonly CaseStatus[] = ['screened', 'mediating'];
/** The dispute is settled (an agreement was reached); `agreed` still awaits its follow-up visit. */
export const SETTLED_STATUSES: readonly CaseStatus[] = ['agreed', 'resolved'];

export const SHEETS = ['screening', 'assessment', 'mediation', 'followUp'] as const;
export type Sheet = (typeof SHEETS)[number];

export const SHEET_LABELS: Record<Sheet, string> = {
  screening: '排查单',
  assessment: '研判单',
  mediation: '调解单',
  followUp: '回访单',
};

export type CaseEvent = 'assess' | 'recordSession' | 'agree' | 'fail' | 'followUpHeld' | 'followUpContact' | 'followUpEarly' | 'relapse' | 'escalate' | 'warn';

const TRANSITIONS: Record<CaseStatus, Partial<Record<CaseEvent, CaseStatus>>> = {
  screened: { assess: 'mediating', escalate: 'screened', warn: 'screened' },
  mediating: { recordSession: 'mediating', agree: 'agreed', fail: 'mediating', escalate: 'mediating', warn: 'mediating' },
  agreed: { followUpHeld: 'resolved', followUpContact: 'agreed', followUpEarly: 'resolved', relapse: 'mediating' },
  resolved: {},
  unresolved: {},
};

/** The status after `event`, or null when the event is out of order. */
export function nextCaseStatus(from: CaseStatus, event: CaseEvent): CaseStatus | null {
  return TRANSITIONS[from][event] ?? null;
}

/** The sheet the case waits for, or null when it is finished. */
export function nextSheet(status: CaseStatus): Sheet | null {
  switch (status) {
    case 'screened':
      return 'assessment';
    case 'mediating':
      return 'mediation';
    case 'agreed':
      return 'followUp';
    default:
      return null;
  }
}

export function isOpen(status: CaseStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/**
 * Failed mediation goes one level up with its history; at the county there is no level above,
 * so the case ends as unresolved and the parties are guided to litigation or arbitration.
 */
export function afterFailure(level: CaseLevel): { status: CaseStatus; level: CaseLevel } {
  const up = nextLevel(level);
  return up ? { status: 'mediating', level: up } : { status: 'unresolved', level };
}

export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  screened: '待研判',
  mediating: '调解中',
  agreed: '待回访',
  resolved: '已化解',
  unresolved: '调解未成',
};

/** What a case's timeline entry stores in `action`: the event's code (worded by `caseEventLabel`). */
export type CaseTimelineEvent = CaseEvent | 'screen' | 'countyOverdue';

export const CASE_EVENT_LABELS: Record<CaseTimelineEvent, string> = {
  screen: '登记排查单',
  assess: '完成研判',
  recordSession: '记录调解',
  agree: '调解成功',
  fail: '调解未成，上交上级',
  followUpHeld: '回访：协议履行良好',
  followUpContact: '回访期未到：过程联系，协议仍在履行',
  followUpEarly: '回访期未到，提前结案',
  relapse: '回访：纠纷反复，重新调解',
  escalate: '超期未结，自动上交上级',
  warn: '临近期限提醒',
  countyOverdue: '超期未结，县级督办',
};

/** A timeline entry's words for people; entries stored before codes hold the words and pass through. */
export function caseEventLabel(action: string): string {
  return Object.prototype.hasOwnProperty.call(CASE_EVENT_LABELS, action) ? CASE_EVENT_LABELS[action as CaseTimelineEvent] : action;
}

/** How a 回访 sheet is named to people, by its kind (see followUpKind). */
export const FOLLOW_UP_KIND_LABELS: Record<'due' | 'interim' | 'early', string> = {
  due: '到期回访',
  interim: '过程联系',
  early: '提前结案',
};
