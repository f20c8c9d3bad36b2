import { pointsContract } from '@shared/contracts/points';
import { policeContract } from '@shared/contracts/police';
import { wishesContract } from '@shared/contracts/wishes';
import { ApiError, call } from '../../../miniprogram/src/client/cloud';
import { plainError, serverWordedError, wordedError } from '../../../miniprogram/src/client/error-text';

const fetchMock = jest.fn();
const refuse = (code: string, message: string) =>
  fetchMock.mockResolvedValueOnce({ status: 409, json: () => Promise.resolve({ ok: false, error: { code, message } }) });

beforeEach(() => {
  fetchMock.mockReset();
  global.fetch = fetchMock as unknown as typeof fetch;
});

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const e = await promise.then(() => null, (err: unknown) => err);
  if (!(e instanceof ApiError)) throw new Error('expected an ApiError');
  return e;
}

describe('wordedError', () => {
  it('words a code the action declares with the page’s table, and every other code plainly', () => {
    const text = wordedError(wishesContract, 'claim', { CONFLICT: '这个心愿刚被其他党员认领了' });
    expect(text(new ApiError('CONFLICT', 'wish w1 is claimed'))).toBe('这个心愿刚被其他党员认领了');
    expect(text(new ApiError('NETWORK', 'x'))).toBe(plainError(new ApiError('NETWORK', 'x')));
  });

  it('accepts one table for several actions only for the codes all of them declare', () => {
    const text = wordedError(pointsContract, ['detail', 'ranking'], { NOT_FOUND: '这个月的积分还没有公示' });
    expect(text(new ApiError('NOT_FOUND', 'no month'))).toBe('这个月的积分还没有公示');
  });

  it('refuses, when type-checked, words for a code the action does not declare', () => {
    // @ts-expect-error wishes.claim declares CONFLICT only
    const text = wordedError(wishesContract, 'claim', { FORBIDDEN: '只有党员可以认领' });
    expect(typeof text).toBe('function');
  });
});

describe('serverWordedError', () => {
  it('keeps the server’s words for a code the action declares', async () => {
    refuse('CONFLICT', '这个时段已经约满了，请选择其他时段');
    const e = await refusal(call(policeContract, 'book', { slotId: 's1', requestId: 'r-000000000001' }));
    expect(e.declared).toBe(true);
    expect(serverWordedError(e)).toBe('这个时段已经约满了，请选择其他时段');
  });

  it('words plainly a code the action does not declare', async () => {
    refuse('CONFLICT', 'write conflict on doc x');
    const e = await refusal(call(policeContract, 'queue', {}));
    expect(e.declared).toBe(false);
    expect(serverWordedError(e)).toBe(plainError(e));
  });
});
