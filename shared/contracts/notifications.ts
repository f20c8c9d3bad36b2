import { z } from 'zod';
import { defineContract } from './envelope';
import { cursorSchema, emptyInput, idSchema, isoTime, pageLimitSchema, requestIdSchema } from './common';
import { GRANT_RESULTS } from '../domain/notifications-records';
import { MAX_TEMPLATES_PER_REQUEST, SUBSCRIBE_MOMENT_NAMES, TEMPLATE_KEYS, type SubscribeMoment } from '../domain/subscribe';

const sourceSchema = z.union([z.enum(['title', 'body', 'createdAt', 'kindLabel']), z.object({ text: z.string() }).strict()]);

/** `config/subscribe` (or SUBSCRIBE_CONFIG): template ids and WeChat field keys of the mini-program's account. */
export const subscribeConfigSchema = z.object({
  templates: z
    .array(
      z.object({
        templateKey: z.string().min(1),
        templateId: z.string().min(1),
        fields: z.record(z.string().regex(/^[a-z_]+\d+$/), sourceSchema),
        page: z.string().optional(),
        longTerm: z.boolean().optional(),
      }),
    )
    .default([]),
  longTermGrants: z.boolean().default(false),
  miniprogramState: z.enum(['developer', 'trial', 'formal']).default('formal'),
});

export const notificationView = z.object({
  id: idSchema,
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  /** Where a tap leads in the app, e.g. { page: 'wish', id }. */
  link: z.object({ page: z.string(), id: idSchema }).nullable(),
  createdAt: isoTime,
  read: z.boolean(),
});
export type NotificationView = z.infer<typeof notificationView>;

export const templateKeySchema = z.enum(TEMPLATE_KEYS);
export const grantResultSchema = z.enum(GRANT_RESULTS);
export const subscribeMomentSchema = z.enum(SUBSCRIBE_MOMENT_NAMES as [SubscribeMoment, ...SubscribeMoment[]]);

export const grantView = z.object({
  templateKey: templateKeySchema,
  title: z.string(),
  /** One-time sends the person has granted and not yet used. */
  remaining: z.number().int(),
  longTerm: z.boolean(),
  lastResult: grantResultSchema,
  updatedAt: isoTime,
});
export type GrantView = z.infer<typeof grantView>;

export const deadLetterView = z.object({
  id: idSchema,
  kind: z.string(),
  title: z.string(),
  recipientId: idSchema,
  recipientName: z.string(),
  attempts: z.number().int(),
  error: z.string().nullable(),
  createdAt: isoTime,
  lastAttemptAt: isoTime.nullable(),
});
export type DeadLetterView = z.infer<typeof deadLetterView>;

export const notificationsContract = defineContract('notifications', {
  list: {
    input: z
      .object({
        unreadOnly: z.boolean().optional(),
        cursor: cursorSchema.optional(),
        limit: pageLimitSchema,
      })
      .strict(),
    output: z.object({
      items: z.array(notificationView),
      nextCursor: z.string().nullable(),
      unread: z.number().int(),
    }),
  },
  markRead: {
    input: z
      .union([
        z.object({ ids: z.array(idSchema).min(1).max(100) }).strict(),
        z.object({ all: z.literal(true) }).strict(),
      ]),
    output: z.object({ updated: z.number().int() }),
  },
  /** The configured template ids to ask for at one tap (at most the platform's per-call limit). */
  subscribeTemplates: {
    input: z.object({ moment: subscribeMomentSchema }).strict(),
    output: z.object({
      templates: z.array(z.object({ templateKey: templateKeySchema, templateId: z.string() })).max(MAX_TEMPLATES_PER_REQUEST),
    }),
  },
  /** What the person answered in wx.requestSubscribeMessage, one entry per template asked for. */
  reportGrants: {
    input: z
      .object({
        results: z
          .array(z.object({ templateKey: templateKeySchema, result: grantResultSchema }).strict())
          .min(1)
          .max(MAX_TEMPLATES_PER_REQUEST),
        requestId: requestIdSchema.optional(),
      })
      .strict()
      .refine((v) => new Set(v.results.map((r) => r.templateKey)).size === v.results.length, {
        message: '同一个模板只能报告一次',
        path: ['results'],
      }),
    output: z.object({ grants: z.array(grantView) }),
  },
  myGrants: {
    input: emptyInput,
    output: z.object({ items: z.array(grantView), longTermEnabled: z.boolean() }),
  },
  /** County admin: messages that failed every attempt, with the last error. */
  deadLetters: {
    input: z.object({ cursor: cursorSchema.optional(), limit: pageLimitSchema }).strict(),
    output: z.object({
      items: z.array(deadLetterView),
      nextCursor: z.string().nullable(),
      total: z.number().int(),
      /** Local runtime only: the share of sends its stand-in sender fails (0 … 1); null in the cloud. */
      localFailRate: z.number().min(0).max(1).nullable(),
    }),
  },
  /**
   * County admin, local runtime only: make the stand-in sender fail this share of sends, so retries,
   * back-off and dead letters can be watched from outside. There is no such sender in the cloud: refused.
   */
  setSenderFailRate: {
    input: z
      .object({ rate: z.number({ invalid_type_error: '请选择失败比例' }).min(0, '失败比例在 0 到 1 之间').max(1, '失败比例在 0 到 1 之间') })
      .strict(),
    output: z.object({ rate: z.number() }),
    errors: ['FORBIDDEN'],
  },
  /** County admin: put dead letters back in the queue; they are sent on the next dispatcher run. */
  retryDeadLetters: {
    input: z.object({ ids: z.array(idSchema).min(1).max(50) }).strict(),
    output: z.object({ requeued: z.number().int() }),
  },
});
