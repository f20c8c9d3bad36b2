import { z } from 'zod';
import { defineContract } from './envelope';
import { cursorSchema, idSchema, isoTime, pageLimitSchema } from './common';

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
});
