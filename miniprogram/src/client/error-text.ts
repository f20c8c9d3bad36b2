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

/** A sentence an elderly resident can act on; `overrides` gives a page's own wording per code. */
export function plainError(error: unknown, overrides: Partial<Record<ClientErrorCode, string>> = {}): string {
  if (!(error instanceof ApiError)) return PLAIN.INTERNAL;
  return overrides[error.code] ?? PLAIN[error.code];
}

/**
 * For functions that word CONFLICT / FORBIDDEN / NOT_FOUND for the case at hand (e.g. 「这个时段已约满」):
 * keep the server's words; a field problem shows its first field message; everything else is plain.
 */
export function serverWordedError(e: unknown): string {
  if (e instanceof ApiError && ['CONFLICT', 'FORBIDDEN', 'NOT_FOUND'].includes(e.code)) return e.message;
  if (e instanceof ApiError && e.code === 'INVALID_INPUT' && e.issues[0]) return e.issues[0].message;
  return plainError(e);
}
