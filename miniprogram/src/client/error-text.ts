import type { ActionName, CommonErrorCode, Contract } from '@shared/contracts/envelope';
import { ApiError, type ClientErrorCode } from './cloud';

const PLAIN: Record<ClientErrorCode, string> = {
  INVALID_INPUT: '填写的内容有问题，请看看红字提示',
  UNAUTHENTICATED: '请先登录',
  FORBIDDEN: '您没有权限做这件事',
  NOT_FOUND: '没有找到这条内容，可能已被删除',
  CONFLICT: '情况刚刚有变化，请刷新后再看',
  RATE_LIMITED: '操作太频繁了，请稍等一会儿再试',
  CONTENT_REJECTED: '内容里有不合适的字词，请修改后再提交',
  INTERNAL: '系统出了点问题，请稍后再试',
  NETWORK: '网络不太好，请稍后再试',
};

/** A sentence an elderly resident can act on, by error code. */
export function plainError(error: unknown): string {
  if (!(error instanceof ApiError)) return PLAIN.INTERNAL;
  return PLAIN[error.code];
}

/**
 * A page's own words for the codes its action(s) declare in the contract (`errors`). TypeScript
 * refuses a code that one of the actions does not declare, so a table never words a refusal the
 * server cannot give. Codes without words here are plain.
 */
export type Wording<C extends Contract, K extends ActionName<C>> = Partial<Record<CommonErrorCode<C, K>, string>>;

export function wordedError<C extends Contract, K extends ActionName<C>>(_contract: C, _action: K | readonly K[], words: Wording<C, K>): (e: unknown) => string {
  const table: Partial<Record<string, string>> = words;
  return (e) => (e instanceof ApiError ? (table[e.code] ?? PLAIN[e.code]) : PLAIN.INTERNAL);
}

/**
 * For functions whose refusals are worded for the case at hand (「这个时段已约满」): keep the
 * server's words for a code the action's contract declares; a field problem shows its first field
 * message; everything else is plain.
 */
export function serverWordedError(e: unknown): string {
  if (e instanceof ApiError && e.code === 'INVALID_INPUT' && e.issues[0]) return e.issues[0].message;
  if (e instanceof ApiError && e.declared && e.code !== 'INVALID_INPUT') return e.message;
  return plainError(e);
}
