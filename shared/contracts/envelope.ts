import { z } from 'zod';

export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'CONTENT_REJECTED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The local gateway mirrors each error code as an HTTP status; the body is always the envelope. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  CONTENT_REJECTED: 422,
  INTERNAL: 500,
};

export const issueSchema = z.object({ path: z.string(), message: z.string() });
export type Issue = z.infer<typeof issueSchema>;

export const errorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  issues: z.array(issueSchema).optional(),
});
export type ErrorBody = z.infer<typeof errorSchema>;

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export interface ActionSchema<I extends z.ZodTypeAny = z.ZodTypeAny, O extends z.ZodTypeAny = z.ZodTypeAny> {
  input: I;
  output: O;
}

export interface Contract<A extends Record<string, ActionSchema> = Record<string, ActionSchema>> {
  name: string;
  actions: A;
}

/** Declares a cloud function's actions once; the client and the function both read it. */
export function defineContract<A extends Record<string, ActionSchema>>(name: string, actions: A): Contract<A> {
  return { name, actions };
}

export type ActionName<C extends Contract> = keyof C['actions'] & string;
export type ActionInput<C extends Contract, K extends ActionName<C>> = z.input<C['actions'][K]['input']>;
export type ParsedInput<C extends Contract, K extends ActionName<C>> = z.infer<C['actions'][K]['input']>;
export type ActionOutput<C extends Contract, K extends ActionName<C>> = z.infer<C['actions'][K]['output']>;

/** Turns zod issues into the envelope's `issues`, one per field path. */
export function toIssues(error: z.ZodError): Issue[] {
  return error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
}
