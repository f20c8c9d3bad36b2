import Taro from '@tarojs/taro';
import { z } from 'zod';
import {
  declaresError,
  errorSchema,
  toIssues,
  type ActionInput,
  type ActionName,
  type ActionOutput,
  type Contract,
  type ErrorCode,
  type Issue,
} from '@shared/contracts/envelope';
import { STORAGE_KEYS, readString, writeString } from './storage';
import { ROUTES } from '../routes';

/** NETWORK never comes from the server: the call did not get an answer at all. */
export type ClientErrorCode = ErrorCode | 'NETWORK';

export class ApiError extends Error {
  readonly code: ClientErrorCode;
  readonly issues: Issue[];
  /** The action's contract declares this code (`errors`): its message is worded for the case at hand. */
  readonly declared: boolean;

  constructor(code: ClientErrorCode, message: string, issues: Issue[] = [], declared = false) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.issues = issues;
    this.declared = declared;
  }

  /** The first message for a form field, e.g. `fieldError('title')`. */
  fieldError(path: string): string | undefined {
    return this.issues.find((i) => i.path === path)?.message;
  }
}

const envelopeSchema = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: errorSchema }),
]);

type Transport = (fn: string, action: string, data: unknown) => Promise<unknown>;

export function getToken(): string | null {
  return readString(STORAGE_KEYS.token);
}

export function setToken(token: string | null): void {
  writeString(STORAGE_KEYS.token, token);
}

/** A stale or missing session: forget the token and go to sign-in (unless already there). */
function sendToSignIn(): void {
  if (process.env.TARO_ENV !== 'weapp') setToken(null);
  const pages = Taro.getCurrentPages();
  const current = pages[pages.length - 1]?.route ?? '';
  if (current.includes(ROUTES.login.path)) return;
  void Promise.resolve(Taro.reLaunch({ url: ROUTES.login.url() })).catch(() => undefined);
}

const weappTransport: Transport = async (fn, action, data) => {
  const res = await Taro.cloud.callFunction({ name: fn, data: { action, data } });
  return res.result;
};

const h5Transport: Transport = async (fn, action, data) => {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  const base = process.env.TARO_APP_API_BASE ?? '/api';
  const res = await fetch(`${base}/${fn}`, { method: 'POST', headers, body: JSON.stringify({ action, data }) });
  return (await res.json()) as unknown;
};

const transport: Transport = process.env.TARO_ENV === 'weapp' ? weappTransport : h5Transport;

/**
 * Calls one action of a cloud function. The input is checked against the contract first, so a form
 * shows field errors without a round trip; the answer is checked against the contract too.
 * Throws ApiError on any failure.
 */
export async function call<C extends Contract, K extends ActionName<C>>(
  contract: C,
  action: K,
  input: ActionInput<C, K>,
): Promise<ActionOutput<C, K>> {
  const schema = contract.actions[action];
  const parsed = schema.input.safeParse(input);
  if (!parsed.success) throw new ApiError('INVALID_INPUT', '请检查填写的内容', toIssues(parsed.error));

  let raw: unknown;
  try {
    raw = await transport(contract.name, action, parsed.data);
  } catch {
    throw new ApiError('NETWORK', '网络不太好，请稍后再试');
  }

  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) throw new ApiError('INTERNAL', '服务暂时不可用，请稍后再试');
  if (!envelope.data.ok) {
    const { code, message, issues } = envelope.data.error;
    if (code === 'UNAUTHENTICATED') sendToSignIn();
    throw new ApiError(code, message, issues ?? [], declaresError(contract, action, code));
  }
  const output = schema.output.safeParse(envelope.data.data);
  if (!output.success) throw new ApiError('INTERNAL', '服务返回的内容有误，请稍后再试');
  return output.data as ActionOutput<C, K>;
}
