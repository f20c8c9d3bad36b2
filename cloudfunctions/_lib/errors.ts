import type { ErrorCode, Issue } from '../../shared/contracts/envelope';

/** The one error type: thrown by services, turned into the envelope by the handler factory. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: Issue[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const invalid = (message: string, issues?: Issue[]) => new AppError('INVALID_INPUT', message, issues);
export const forbidden = (message = '您没有权限进行此操作') => new AppError('FORBIDDEN', message);
export const notFound = (message = '内容不存在或已删除') => new AppError('NOT_FOUND', message);
export const conflict = (message: string) => new AppError('CONFLICT', message);
export const unauthenticated = (message = '请先登录') => new AppError('UNAUTHENTICATED', message);
