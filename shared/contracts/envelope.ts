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
  /**
   * The error codes this action answers on purpose, with a message written for the case at hand
   * (「这个时段已经约满了」): a page words exactly these, by its own table or with the server's words.
   * INVALID_INPUT needs no entry: every action can answer it (the contract's own check).
   */
  errors?: readonly ErrorCode[];
}

export interface Contract<A extends Record<string, ActionSchema> = Record<string, ActionSchema>> {
  name: string;
  actions: A;
}

/** What a function answers when it refuses, worded for the case: `errors: REFUSALS` on an action that writes. */
export const REFUSALS = ['CONFLICT', 'FORBIDDEN', 'NOT_FOUND'] as const satisfies readonly ErrorCode[];
/** What a read answers for someone who may not see it or for what is not there. */
export const ACCESS = ['FORBIDDEN', 'NOT_FOUND'] as const satisfies readonly ErrorCode[];

/** Declares a cloud function's actions once; the client and the function both read it. */
export function defineContract<const A extends Record<string, ActionSchema>>(name: string, actions: A): Contract<A> {
  return { name, actions };
}

export type ActionName<C extends Contract> = keyof C['actions'] & string;
export type ActionInput<C extends Contract, K extends ActionName<C>> = z.input<C['actions'][K]['input']>;
export type ParsedInput<C extends Contract, K extends ActionName<C>> = z.infer<C['actions'][K]['input']>;
export type ActionOutput<C extends Contract, K extends ActionName<C>> = z.infer<C['actions'][K]['output']>;

/** The codes an action declares in `errors`, plus INVALID_INPUT, which every action can answer. */
export type ActionErrorCode<C extends Contract, K extends ActionName<C>> =
  | 'INVALID_INPUT'
  | (C['actions'][K] extends { errors: readonly (infer E extends ErrorCode)[] } ? E : never);

/** The codes every one of the actions `K` declares: what one wording table for all of them may word. */
export type CommonErrorCode<C extends Contract, K extends ActionName<C>> = Exclude<ErrorCode, { [P in K]: Exclude<ErrorCode, ActionErrorCode<C, P>> }[K]>;

/** Whether the contract declares `code` for the action (see ActionSchema.errors). */
export function declaresError(contract: Contract, action: string, code: string): boolean {
  return code === 'INVALID_INPUT' || (contract.actions[action]?.errors ?? []).some((c) => c === code);
}

/** Turns zod issues into the envelope's `issues`, one per field path. */
export function toIssues(error: z.ZodError): Issue[] {
  return error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
}
