/**
 * Stored shapes of the notifications feature beyond the outbox row itself (records.ts): the
 * dispatcher's lease on a row, subscribe-message grants and the subscribe-message configuration.
 */
import type { NotificationRecord } from './records';
import type { NotificationKind } from './subscribe';

/** What the person answered in wx.requestSubscribeMessage for one template. */
export const GRANT_RESULTS = ['accept', 'reject', 'ban', 'filter'] as const;
export type GrantResult = (typeof GRANT_RESULTS)[number];

/** `subscriptions`: one document per person and template key, id `${userId}:${templateKey}`. */
export interface SubscriptionRecord {
  _id: string;
  userId: string;
  templateKey: string;
  /** One-time sends left: every accepted tap adds one, every send consumes one. */
  remaining: number;
  /** A long-term grant (government and public-service mini-programs, switched on in configuration). */
  longTerm: boolean;
  lastResult: GrantResult;
  /** Request ids of the last reports applied, so a retried report is not counted twice. */
  recentRequestIds?: string[];
  createdAt: string;
  updatedAt: string;
}

export type DeliveryChannel = 'subscribe' | 'in-app';

/**
 * The outbox row's delivery state as the dispatcher keeps it. While a run holds a row, `claim`
 * carries the run's token and `nextAttemptAt` is pushed past the lease, so no other run sees it due.
 */
export type DeliveryRecord = NotificationRecord['delivery'] & {
  claim?: string | null;
  channel?: DeliveryChannel | null;
  templateKey?: string | null;
  lastAttemptAt?: string | null;
  sentAt?: string | null;
};

export type OutboxRecord = Omit<NotificationRecord, 'delivery'> & { delivery: DeliveryRecord };

/**
 * A WeChat data key (`thing1`, `time3`, …) takes its value from one field of the message, or a fixed
 * text. Keys and template ids belong to the mini-program's account: they live in configuration.
 */
export type TemplateSource = 'title' | 'body' | 'createdAt' | 'kindLabel' | { text: string };

export interface SubscribeTemplateConfig {
  templateKey: string;
  templateId: string;
  fields: Record<string, TemplateSource>;
  /** The mini-program page a tap opens; the inbox when absent. */
  page?: string;
  /** A long-term template (only for government / public-service categories). */
  longTerm?: boolean;
}

/** `config` document `subscribe`, or the SUBSCRIBE_CONFIG environment variable (JSON) which wins. */
export interface SubscribeConfig {
  templates: SubscribeTemplateConfig[];
  /** Long-term grants are honoured only when the mini-program's category allows them. */
  longTermGrants: boolean;
  miniprogramState: 'developer' | 'trial' | 'formal';
}

/**
 * Who a fan-out reaches: every confirmed household member of a village; every registered resident whose
 * home lies under a unit (a town, village or grid: an alert's area); or the holders of any of some roles
 * at units (`role@unit` keys: the grid leaders of an alert's grids).
 */
export type Audience =
  | { kind: 'village-households'; villageId: string }
  | { kind: 'area-residents'; unitId: string }
  | { kind: 'role-holders'; roleKeys: string[] };

/**
 * `fanOuts`: one message to an audience too large for one transaction, written with the change that
 * causes it and expanded into outbox rows by the dispatcher page by page (`cursor`: the last user id done).
 */
export interface FanOutRecord {
  _id: string;
  audience: Audience;
  message: { kind: NotificationKind; title: string; body: string; link: { page: string; id: string } | null };
  createdAt: string;
  status: 'pending' | 'done';
  cursor: string | null;
  expanded: number;
  /**
   * The outbox rows' id prefix (`<rowPrefix>-<recipientId>`) when one message goes out through several
   * fan-outs (an alert's area of several places): a person under two of them is still told once.
   */
  rowPrefix?: string;
}
