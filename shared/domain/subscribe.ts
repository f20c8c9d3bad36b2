/**
 * Subscribe messages (订阅消息) as pure rules: which template a notification kind uses, which
 * templates a tap asks for, how grants change with each answer, how a message fills a template,
 * and how failed sends are retried. Template ids and WeChat field keys are configuration, not here.
 */
import { maskNumbersInText } from './masking';
import { chinaClock, chinaParts } from './china-time';
import type { GrantResult, SubscribeTemplateConfig, SubscriptionRecord, TemplateSource } from './notifications-records';

/** wx.requestSubscribeMessage accepts at most this many template ids in one call. */
export const MAX_TEMPLATES_PER_REQUEST = 3;

export const TEMPLATE_KEYS = ['todo', 'result', 'progress'] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

export const TEMPLATE_TITLES: Record<TemplateKey, string> = {
  todo: '待办事项提醒',
  result: '审核结果通知',
  progress: '办理进度通知',
};

/**
 * Every kind of notification the product writes, with the subscribe template it is delivered with and
 * its name for people. The outbox only takes kinds listed here (`NotificationKind`), so a new kind
 * cannot be forgotten: `todo` is work waiting for the recipient, `result` the answer to something they
 * asked for, `progress` a step in something they are following.
 */
export const NOTIFICATION_KINDS = {
  // Micro-wishes and registration
  'wish.submitted': { template: 'todo', label: '微心愿待审核' },
  'wish.open': { template: 'todo', label: '新的微心愿' },
  'resident.registered': { template: 'todo', label: '居民注册待确认' },
  'wish.approved': { template: 'result', label: '心愿审核通过' },
  'wish.rejected': { template: 'result', label: '心愿未通过审核' },
  'resident.confirmed': { template: 'result', label: '户籍信息已确认' },
  'resident.rejected': { template: 'result', label: '户籍信息未确认' },
  'wish.claimed': { template: 'progress', label: '心愿已被认领' },
  'wish.fulfilled': { template: 'progress', label: '心愿已完成' },
  'wish.completed': { template: 'progress', label: '心愿已确认完成' },
  // 管理: appointments, hand-overs and 双报到
  'admin.appointed': { template: 'result', label: '职务任命' },
  'admin.removed': { template: 'result', label: '职务免去' },
  'admin.handedOver': { template: 'todo', label: '工作交接' },
  'party.applied': { template: 'todo', label: '党员报到待确认' },
  'party.confirmed': { template: 'result', label: '党员报到已确认' },
  'party.declined': { template: 'result', label: '党员报到未通过' },
  // Content security
  'content.held': { template: 'result', label: '内容待复核' },
  'content.released': { template: 'result', label: '内容已通过复核' },
  'content.visible': { template: 'result', label: '内容已可查看' },
  // 六类四单: alerts to handlers, answers to the reporter
  'case.reported': { template: 'todo', label: '新的矛盾纠纷' },
  'case.majorRisk': { template: 'todo', label: '重大风险纠纷预警' },
  'case.assigned': { template: 'todo', label: '纠纷交办' },
  'case.escalated': { template: 'todo', label: '纠纷上交' },
  'case.deadlineSoon': { template: 'todo', label: '纠纷即将到期' },
  'case.overdue': { template: 'todo', label: '纠纷超期' },
  'case.followUpDue': { template: 'todo', label: '纠纷待回访' },
  'case.relapsed': { template: 'todo', label: '纠纷反复' },
  'case.accepted': { template: 'result', label: '纠纷已受理' },
  'case.agreed': { template: 'result', label: '纠纷调解成功' },
  'case.unresolved': { template: 'result', label: '纠纷调解未成' },
  // 警民之家: work for officers, answers and reminders for residents
  'police.booked': { template: 'todo', label: '新的预约' },
  'police.cancelled': { template: 'todo', label: '预约取消' },
  'police.rescheduled': { template: 'todo', label: '预约改期' },
  'police.signupCancelled': { template: 'todo', label: '活动报名取消' },
  'police.visitRequested': { template: 'todo', label: '上门服务申请' },
  'police.visitWithdrawn': { template: 'todo', label: '上门服务申请撤回' },
  'police.confirmed': { template: 'result', label: '可以重新预约' },
  'police.promoted': { template: 'result', label: '候补成功' },
  'police.visitDeclined': { template: 'result', label: '上门服务未能安排' },
  'police.visitScheduled': { template: 'progress', label: '上门服务已安排' },
  'police.reminder': { template: 'progress', label: '明天的预约' },
  'police.sessionChanged': { template: 'progress', label: '活动有变动' },
  'police.sessionCancelled': { template: 'result', label: '活动已取消' },
  // 小微权力
  'matter.step': { template: 'todo', label: '小微权力事项待办' },
  'matter.withdrawn': { template: 'todo', label: '事项已撤回' },
  'matter.overdue': { template: 'todo', label: '事项超时' },
  'matter.complaint': { template: 'todo', label: '小微权力投诉' },
  'power.talk': { template: 'todo', label: '提醒谈话' },
  'power.revised': { template: 'todo', label: '权力清单更新' },
  'matter.done': { template: 'result', label: '事项已办结' },
  'matter.refused': { template: 'result', label: '事项未通过' },
  'matter.complaint-handled': { template: 'result', label: '投诉已答复' },
  'matter.advanced': { template: 'progress', label: '事项有进展' },
  // 议事协商
  'council.turnPassed': { template: 'todo', label: '议事会轮值' },
  'council.meetingCalled': { template: 'todo', label: '议事会议通知' },
  'council.voteOpened': { template: 'todo', label: '议事表决' },
  'council.stepAssigned': { template: 'todo', label: '议事决定待落实' },
  'council.stepOverdue': { template: 'todo', label: '议事决定落实超期' },
  'council.topicForwarded': { template: 'result', label: '议题已转交' },
  'council.topicRefused': { template: 'result', label: '议题不在议事范围' },
  'council.decisionDone': { template: 'result', label: '议事决定已落实' },
  'council.topicProgress': { template: 'progress', label: '议题有进展' },
  'council.progress': { template: 'progress', label: '议事决定落实进展' },
  'council.covenantAdopted': { template: 'result', label: '居民公约通过' },
  'council.honourOpened': { template: 'todo', label: '评选开始提名' },
  'council.objection': { template: 'todo', label: '评选公示异议' },
  'council.objectionDecided': { template: 'result', label: '评选异议答复' },
  'council.honoured': { template: 'result', label: '获得荣誉' },
  // 积分制
  'points.objection': { template: 'todo', label: '积分异议' },
  'points.objectionDecided': { template: 'result', label: '积分异议答复' },
  'points.published': { template: 'progress', label: '积分公示' },
  // 风险预警: the alert to every resident of its area, the grid leaders' task, escalations
  'alert.issued': { template: 'todo', label: '预警信息' },
  'alert.updated': { template: 'todo', label: '预警更新' },
  'alert.ended': { template: 'result', label: '预警解除' },
  'alert.notifyHouseholds': { template: 'todo', label: '预警待通知到户' },
  'alert.notAcknowledged': { template: 'todo', label: '网格未通知到户' },
  'signal.raised': { template: 'todo', label: '研判提醒' },
  // 三污治理: work for handlers and cadres, every step for the reporters
  'sanitation.reported': { template: 'todo', label: '新的随手拍' },
  'sanitation.reopened': { template: 'todo', label: '随手拍被退回' },
  'sanitation.overdue': { template: 'todo', label: '随手拍超期' },
  'sanitation.facilityFaulty': { template: 'todo', label: '设施故障' },
  'sanitation.collectionDue': { template: 'todo', label: '垃圾点超时未清运' },
  'sanitation.fixed': { template: 'result', label: '随手拍已处理' },
  'sanitation.progress': { template: 'progress', label: '随手拍进展' },
  // 党建+志愿者
  'volunteer.joined': { template: 'todo', label: '志愿者待确认' },
  'volunteer.signupCancelled': { template: 'todo', label: '志愿活动报名取消' },
  'volunteer.confirmed': { template: 'result', label: '志愿者申请通过' },
  'volunteer.declined': { template: 'result', label: '志愿者申请未通过' },
  'volunteer.promoted': { template: 'result', label: '志愿活动候补成功' },
  'volunteer.hoursConfirmed': { template: 'result', label: '志愿时长已确认' },
  'volunteer.hoursCorrected': { template: 'result', label: '志愿时长已更正' },
  'venue.requested': { template: 'todo', label: '场地预约待审批' },
  'venue.cancelled': { template: 'todo', label: '场地预约取消' },
  'venue.decided': { template: 'result', label: '场地预约审批结果' },
  'party.quarterReport': { template: 'progress', label: '党员社区考评' },
} as const satisfies Record<string, { template: TemplateKey; label: string }>;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;
export const NOTIFICATION_KIND_NAMES = Object.keys(NOTIFICATION_KINDS) as NotificationKind[];

/** Notification kind → template key. */
export const KIND_TEMPLATES: Readonly<Record<string, TemplateKey>> = Object.fromEntries(
  NOTIFICATION_KIND_NAMES.map((k) => [k, NOTIFICATION_KINDS[k].template]),
);

export const KIND_LABELS: Readonly<Record<string, string>> = Object.fromEntries(NOTIFICATION_KIND_NAMES.map((k) => [k, NOTIFICATION_KINDS[k].label]));

export function templateKeyFor(kind: string): TemplateKey | null {
  return KIND_TEMPLATES[kind] ?? null;
}

/**
 * The taps that ask for permission (只能在用户点击时申请), and the templates each asks for: the
 * messages the person will be waiting for after that tap.
 */
export const SUBSCRIBE_MOMENTS = {
  /** A resident submits a wish: the review result, then claim and fulfilment. */
  'wish.submit': ['result', 'progress'],
  /** A cadre reviews: the next wishes waiting for review. */
  'wish.review': ['todo'],
  /** A party member claims: progress of the wish and new wishes in the grid. */
  'wish.claim': ['progress', 'todo'],
  /** A resident books a police service: the answer, then the reminder the day before. */
  'booking.create': ['result', 'progress'],
  /** An officer takes on a home visit: the next bookings and requests. */
  'police.handle': ['todo'],
  /** A resident reports a dispute: accepted, then agreed or not. */
  'case.report': ['result'],
  /** A handler accepts (assesses) a dispute case: the next alerts, deadlines and follow-ups. */
  'case.accept': ['todo'],
  /** A resident applies for a 小微权力 matter: each step and the result. */
  'matter.apply': ['progress', 'result'],
  /** A resident sends a 随手拍: each step of its work order. */
  'sanitation.report': ['progress', 'result'],
  /** A handler takes a 随手拍: new ones and reopened ones. */
  'sanitation.handle': ['todo'],
  /** A handler does a step of a matter: the next matters waiting. */
  'matter.handle': ['todo'],
  /** A household objects to its points: the village's answer. */
  'points.object': ['result'],
  /** A cadre publishes the month's points: objections that come in. */
  'points.publish': ['todo'],
  /** A resident reads an alert and asks to be told of the next ones (预警、更新和解除). */
  'alert.follow': ['todo', 'result'],
  /** A grid leader acknowledges an alert: the next alerts to pass on to the households. */
  'alert.acknowledge': ['todo'],
} as const satisfies Record<string, readonly TemplateKey[]>;
export type SubscribeMoment = keyof typeof SUBSCRIBE_MOMENTS;
export const SUBSCRIBE_MOMENT_NAMES = Object.keys(SUBSCRIBE_MOMENTS) as SubscribeMoment[];

export interface GrantState {
  remaining: number;
  longTerm: boolean;
  lastResult: GrantResult;
}

/**
 * One answer from the permission dialog. `accept` adds one send (one-time) or keeps a long-term
 * grant; `reject` withdraws a long-term grant but leaves one-time sends already granted; `ban` and
 * `filter` mean the platform blocked the template, so nothing can be sent with it.
 */
export function applyGrantResult(
  current: GrantState | null,
  result: GrantResult,
  template: { longTerm: boolean },
  longTermAllowed: boolean,
): GrantState {
  const base: GrantState = current ?? { remaining: 0, longTerm: false, lastResult: result };
  const longTermTemplate = template.longTerm && longTermAllowed;
  switch (result) {
    case 'accept':
      return longTermTemplate
        ? { remaining: base.remaining, longTerm: true, lastResult: result }
        : { remaining: base.remaining + 1, longTerm: base.longTerm, lastResult: result };
    case 'reject':
      return { remaining: base.remaining, longTerm: false, lastResult: result };
    case 'ban':
    case 'filter':
      return { remaining: 0, longTerm: false, lastResult: result };
  }
}

/** A long-term grant only counts while configuration allows long-term grants. */
export function hasLongTermGrant(grant: Pick<SubscriptionRecord, 'longTerm'> | null, longTermAllowed: boolean): boolean {
  return Boolean(grant?.longTerm) && longTermAllowed;
}

export interface MessageFields {
  kind: string;
  title: string;
  body: string;
  createdAt: string;
}

/** Beijing time, as WeChat shows `time` and `date` fields: 2026年11月27日 18:30. */
export function beijingTime(iso: string): string {
  const { year, month, day } = chinaParts(iso);
  return `${year}年${month}月${day}日 ${chinaClock(iso)}`;
}

/** WeChat's length limits per data-key type (thing 20, phrase 5, name 10, character_string 32). */
const LIMITS: Record<string, number> = { thing: 20, phrase: 5, name: 10, character_string: 32, number: 32, letter: 32, symbol: 5 };

function clip(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

function sourceValue(source: TemplateSource, m: MessageFields): string {
  if (typeof source === 'object') return source.text;
  switch (source) {
    // A message is read by others than who wrote the words it quotes: numbers in them go out masked.
    case 'title':
      return maskNumbersInText(m.title);
    case 'body':
      return maskNumbersInText(m.body);
    case 'createdAt':
      return m.createdAt;
    case 'kindLabel':
      return KIND_LABELS[m.kind] ?? m.title;
  }
}

/** Fills a configured template from a message, keeping every value inside its type's limits. */
export function renderTemplateData(
  fields: SubscribeTemplateConfig['fields'],
  message: MessageFields,
): Record<string, { value: string }> {
  const out: Record<string, { value: string }> = {};
  for (const [key, source] of Object.entries(fields)) {
    const type = key.replace(/\d+$/, '');
    let value = sourceValue(source, message);
    if (type === 'time' || type === 'date') value = source === 'createdAt' ? beijingTime(value) : value;
    const max = LIMITS[type];
    out[key] = { value: max ? clip(value, max) : value };
  }
  return out;
}

/** A row that failed this many sends is kept as a dead letter for the county admin. */
export const MAX_SEND_ATTEMPTS = 5;
const BACKOFF_BASE_MS = 60_000;
const BACKOFF_CAP_MS = 60 * 60_000;

/** Exponential backoff: 1, 2, 4, 8 … minutes after the n-th failed attempt, at most an hour. */
export function retryDelayMs(failedAttempts: number): number {
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failedAttempts - 1));
}

export type SendFailure = 'refused' | 'permanent' | 'transient';

/**
 * subscribeMessage.send error codes: 43101 the person has no permission left (or withdrew it), so
 * the message stays in the inbox only; a wrong openid, template id, field or page will not succeed
 * on a retry; anything else (system busy, network) is retried.
 */
export function classifySendError(errcode: number | null): SendFailure {
  if (errcode === 43101) return 'refused';
  if (errcode !== null && [40003, 40037, 47003, 41030].includes(errcode)) return 'permanent';
  return 'transient';
}
