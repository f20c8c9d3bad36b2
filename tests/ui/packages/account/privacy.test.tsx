import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { UserView } from '../../../../shared/contracts/auth';
import PrivacyGuide from '../../../../miniprogram/src/packages/account/privacy/index';
import { getToken, setToken } from '../../../../miniprogram/src/client/cloud';
import { sessionStore, setSessionUser } from '../../../../miniprogram/src/client/session';
import { person } from '../../support/people';
import { ROUTES } from '../../../../miniprogram/src/routes';

// The dialog shows its confirm button while open and shows the error it is given, as the real one does.
jest.mock('../../../../miniprogram/src/components/ConfirmDialog', () => {
  const { useState } = jest.requireActual<typeof import('react')>('react');
  return {
    ConfirmDialog: ({ spec, onConfirm }: { spec: { title: string; message: string; confirmText: string } | null; onConfirm: (t: string) => Promise<void> }) => {
      const [error, setError] = useState<string | null>(null);
      if (!spec) return null;
      return (
        <div>
          <p>{spec.title}</p>
          <p>{spec.message}</p>
          <button onClick={() => void onConfirm('').catch((e: Error) => setError(e.message))}>{spec.confirmText}</button>
          {error && <p>{error}</p>}
        </div>
      );
    },
  };
});

const fetchMock = jest.fn();
const sent = () => fetchMock.mock.calls.map(([url, init]) => ({ url: url as string, ...(JSON.parse((init as RequestInit).body as string) as { action: string; data: unknown }) }));

const personOf = (over: Partial<UserView>) => person({ id: 'u_1', name: '马翠兰', ...over });

function answerWith(body: unknown, status = 200) {
  fetchMock.mockImplementation(() => Promise.resolve({ status, json: () => Promise.resolve(body) }));
}

beforeEach(() => {
  Taro.clearStorageSync();
  fetchMock.mockReset();
  global.fetch = fetchMock as unknown as typeof fetch;
});
afterEach(() => {
  setSessionUser(null);
  jest.restoreAllMocks();
});

describe('privacy page: 注销账号', () => {
  it('says what is deleted, what is kept and why, then closes with two taps and returns to sign-in', async () => {
    setToken('token-of-ma-cuilan-0000000000');
    setSessionUser(personOf({}));
    const relaunch = jest.spyOn(Taro, 'reLaunch');
    answerWith({ ok: true, data: { closed: true } });
    render(<PrivacyGuide />);

    expect(screen.getByText('会删除')).toBeTruthy();
    expect(screen.getByText(/按政务留痕要求保留/)).toBeTruthy();
    fireEvent.click(screen.getByText('注销账号', { selector: 'taro-button-core' }));
    expect(screen.getByText('确认注销账号？')).toBeTruthy();
    fireEvent.click(screen.getByText('确认注销'));

    await waitFor(() => expect(relaunch).toHaveBeenCalledWith({ url: ROUTES.login.url() }));
    expect(sent()).toEqual([{ url: '/api/auth', action: 'closeAccount', data: { confirm: '注销' } }]);
    expect(getToken()).toBeNull();
    expect(sessionStore.get().user).toBeNull();
  });

  it('keeps the person signed in and shows the server\'s words when something must be finished first', async () => {
    setToken('token-of-ma-cuilan-0000000000');
    setSessionUser(personOf({}));
    const relaunch = jest.spyOn(Taro, 'reLaunch');
    answerWith({ ok: false, error: { code: 'CONFLICT', message: '您有1个心愿正在办理，请办结后再注销' } }, 409);
    render(<PrivacyGuide />);

    fireEvent.click(screen.getByText('注销账号', { selector: 'taro-button-core' }));
    fireEvent.click(screen.getByText('确认注销'));

    expect(await screen.findByText('您有1个心愿正在办理，请办结后再注销')).toBeTruthy();
    expect(relaunch).not.toHaveBeenCalled();
    expect(getToken()).toBe('token-of-ma-cuilan-0000000000');
    expect(sessionStore.get().user?.name).toBe('马翠兰');
  });

  it('offers no button to a cadre and says to hand the duties over first', () => {
    setSessionUser(personOf({ name: '陈建军', persona: 'village-cadre', roles: [{ role: 'village-cadre', unitId: 'v-fengfang', unitName: '冯坊村' }] }));
    render(<PrivacyGuide />);
    expect(screen.getByText(/您担任村（社区）干部，请先联系县委社会工作部交接工作/)).toBeTruthy();
    expect(screen.queryByText('注销账号', { selector: 'taro-button-core' })).toBeNull();
  });

  it('shows no 注销 section to someone not signed in', () => {
    render(<PrivacyGuide />);
    expect(screen.queryByText('会删除')).toBeNull();
  });
});
