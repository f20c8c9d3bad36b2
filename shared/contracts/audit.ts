import { z } from 'zod';
import { ACCESS, defineContract } from './envelope';
import { cursorSchema, idSchema, isoTime, pageLimitSchema } from './common';
import { AUDIT_ACTION_LABELS } from '../domain/audit-log';

const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 年-月-日');
const actionCodes = Object.keys(AUDIT_ACTION_LABELS) as [string, ...string[]];

export const auditEntryView = z.object({
  id: idSchema,
  at: isoTime,
  actorId: idSchema,
  actorName: z.string(),
  /** The action's Chinese name from the one label table; the code stays for filtering only. */
  action: z.string(),
  actionLabel: z.string(),
  /** What changed, one line per top-level field: before and after as text, phone and ID numbers masked. */
  changes: z.array(z.object({ field: z.string(), before: z.string().nullable(), after: z.string().nullable() })),
});
export type AuditEntryView = z.infer<typeof auditEntryView>;

export const auditContract = defineContract('audit', {
  /** 村务监督委员会 / 纪检 and county admins: the audit log of their jurisdiction, newest first, by keyset pages. */
  list: {
    input: z
      .object({
        /** One of the units the reader supervises; all of them when left out. */
        unitId: idSchema.optional(),
        actorId: idSchema.optional(),
        action: z.enum(actionCodes, { errorMap: () => ({ message: '没有这种操作' }) }).optional(),
        from: dateSchema.optional(),
        to: dateSchema.optional(),
        cursor: cursorSchema.optional(),
        limit: pageLimitSchema,
      })
      .strict()
      .refine((v) => !v.from || !v.to || v.from <= v.to, { message: '开始日期不能晚于结束日期', path: ['to'] }),
    output: z.object({
      items: z.array(auditEntryView),
      nextCursor: z.string().nullable(),
      /** The units the reader may choose between. */
      units: z.array(z.object({ id: idSchema, name: z.string() })),
    }),
    errors: ACCESS,
  },
});
