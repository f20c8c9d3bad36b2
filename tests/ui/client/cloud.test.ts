import Taro from '@tarojs/taro';
import { wishesContract } from '@shared/contracts/wishes';
import { authContract } from '@shared/contracts/auth';
import { ApiError, call, getToken, setToken } from '../../../miniprogram/src/client/cloud';
import { setCurrentPages } from '../support/taro';
import { ROUTES } from '../../../miniprogram/src/routes';

const fetchMock = jest.fn();

function answer(status: number, body: unknown) {
  fetchMock.mockResolvedValueOnce({ status, json: () => Promise.resolve(body) });
}

const wish = {
  id: 'w1',
  title: '修院门',
  category: 'daily-life',
  status: 'open',
  unitName: '东风村',
  wisherName: '王大妈',
  claimantName: null,
  priority: false,
  createdAt: '2025-03-05T06:08:00.000Z',
  content: '院门坏了，关不上',
  reason: null,
  fulfilNote: null,
  thanks: null,
  timeline: [],
  allowed: ['claim'],
};

beforeEach(() => {
  fetchMock.mockReset();
  global.fetch = fetchMock as unknown as typeof fetch;
  setToken(null);
  setCurrentPages([{ route: 'pages/home/index' }]);
});

describe('call', () => {
  it('posts { action, data } to /api/<function> with the stored token as a bearer header', async () => {
    setToken('tok-123');
    answer(200, { ok: true, data: wish });

    const result = await call(wishesContract, 'get', { wishId: 'w1' });

    expect(result.title).toBe('修院门');
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/wishes');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer tok-123');
    expect(JSON.parse(init.body as string)).toEqual({ action: 'get', data: { wishId: 'w1' } });
  });

  it('validates the input against the contract before sending anything', async () => {
    const attempt = call(wishesContract, 'submit', { title: '修', content: '院门坏了，关不上', category: 'daily-life' });

    await expect(attempt).rejects.toBeInstanceOf(ApiError);
    await attempt.catch((e: ApiError) => {
      expect(e.code).toBe('INVALID_INPUT');
      expect(e.issues).toEqual([{ path: 'title', message: '至少 2 个字' }]);
      expect(e.fieldError('title')).toBe('至少 2 个字');
    });
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('maps an error envelope to an ApiError with its code, message and issues', async () => {
    answer(409, { ok: false, error: { code: 'CONFLICT', message: 'already claimed' } });

    await expect(call(wishesContract, 'claim', { wishId: 'w1' })).rejects.toMatchObject({
      name: 'ApiError',
      code: 'CONFLICT',
      message: 'already claimed',
      issues: [],
    });
  });

  it('forgets the token and sends the person to sign-in when the server answers UNAUTHENTICATED', async () => {
    setToken('stale');
    const reLaunch = jest.spyOn(Taro, 'reLaunch');
    answer(401, { ok: false, error: { code: 'UNAUTHENTICATED', message: 'sign in' } });

    await expect(call(authContract, 'me', {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });

    expect(getToken()).toBeNull();
    expect(reLaunch).toHaveBeenCalledWith({ url: ROUTES.login.url() });
    reLaunch.mockRestore();
  });

  it('reports NETWORK when no answer arrives', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));

    await expect(call(authContract, 'me', {})).rejects.toMatchObject({ code: 'NETWORK' });
  });

  it('rejects an answer that does not match the contract instead of passing it on', async () => {
    answer(200, { ok: true, data: { ...wish, status: 'teleported' } });

    await expect(call(wishesContract, 'get', { wishId: 'w1' })).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});
