import { z } from 'zod';
import { defineContract } from './envelope';
import { cursorSchema, idSchema, isoTime, pageLimitSchema, requestIdSchema, text } from './common';
import { WISH_CATEGORIES, WISH_STATUSES } from '../domain/wish-state';

export const wishCategorySchema = z.enum(WISH_CATEGORIES);
export const wishStatusSchema = z.enum(WISH_STATUSES);

export const wishEventView = z.object({
  at: isoTime,
  action: z.string(),
  actorName: z.string(),
  note: z.string().nullable(),
});

export const wishSummary = z.object({
  id: idSchema,
  title: z.string(),
  category: wishCategorySchema,
  status: wishStatusSchema,
  unitName: z.string(),
  wisherName: z.string(),
  claimantName: z.string().nullable(),
  priority: z.boolean(),
  createdAt: isoTime,
});
export type WishSummary = z.infer<typeof wishSummary>;

export const wishView = wishSummary.extend({
  content: z.string(),
  reason: z.string().nullable(),
  fulfilNote: z.string().nullable(),
  thanks: z.string().nullable(),
  timeline: z.array(wishEventView),
  /** What the caller may do next; the server decides, the page only shows buttons. */
  allowed: z.array(z.enum(['review', 'claim', 'fulfil', 'confirm', 'cancel', 'release'])),
  /** Text held by content security, with the reason: shown only to its author and the cadres. */
  held: z.array(z.object({ field: z.string(), reason: z.string() })).optional(),
  /** The caller may read the wisher's number (wishes.contact): the claimant, the village cadre. */
  canContact: z.boolean().optional(),
});
export type WishView = z.infer<typeof wishView>;

const wishRef = z.object({ wishId: idSchema }).strict();

export const wishesContract = defineContract('wishes', {
  submit: {
    input: z
      .object({
        title: text(2, 40),
        content: text(5, 500),
        category: wishCategorySchema,
        /** 不公开姓名: only for health and family wishes (NAME_HIDEABLE_CATEGORIES). */
        hideName: z.boolean().optional(),
        requestId: requestIdSchema.optional(),
      })
      .strict(),
    output: wishView,
  },
  review: {
    input: z
      .object({
        wishId: idSchema,
        decision: z.enum(['approve', 'reject']),
        reason: text(2, 200).optional(),
      })
      .strict()
      .refine((v) => v.decision === 'approve' || v.reason !== undefined, {
        message: '驳回时请写明原因',
        path: ['reason'],
      }),
    output: wishView,
    errors: ['CONFLICT'],
  },
  list: {
    input: z
      .object({
        scope: z.enum(['village', 'mine', 'claimed', 'review']),
        status: wishStatusSchema.optional(),
        cursor: cursorSchema.optional(),
        limit: pageLimitSchema,
      })
      .strict(),
    output: z.object({ items: z.array(wishSummary), nextCursor: z.string().nullable() }),
  },
  get: { input: wishRef, output: wishView },
  /**
   * How the claimant (or the village cadre) reaches the wisher: the wisher's number, or the grid
   * leader's where the wisher has none. Every call is audited: who saw whose number, when.
   */
  contact: {
    input: wishRef,
    output: z.object({ name: z.string(), phone: z.string(), via: z.enum(['wisher', 'grid-leader']) }),
    errors: ['FORBIDDEN', 'NOT_FOUND'],
  },
  claim: { input: wishRef, output: wishView, errors: ['CONFLICT'] },
  fulfil: {
    input: z.object({ wishId: idSchema, note: text(2, 500) }).strict(),
    output: wishView,
    errors: ['CONFLICT'],
  },
  confirm: {
    input: z.object({ wishId: idSchema, thanks: text(1, 200).optional() }).strict(),
    output: wishView,
    errors: ['CONFLICT'],
  },
  cancel: {
    input: z.object({ wishId: idSchema, reason: text(2, 200) }).strict(),
    output: wishView,
    errors: ['CONFLICT'],
  },
  /** A cadre releases text that content security held, after reading it. */
  release: { input: wishRef, output: wishView, errors: ['CONFLICT'] },
});
