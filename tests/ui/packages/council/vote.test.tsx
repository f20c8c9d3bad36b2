import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Vote from '../../../../miniprogram/src/packages/council/vote';

jest.mock('@tarojs/taro', () => {
  const actual = jest.requireActual('../../support/taro');
  return { __esModule: true, ...actual, default: actual.default, useRouter: () => ({ params: { id: 'cv-1' } }) };
});
jest.mock('../../../../miniprogram/src/components/ConfirmDialog', () => ({
  ConfirmDialog: ({ spec, onConfirm }: { spec: { title: string; confirmText: string } | null; onConfirm: (t: string) => Promise<void> }) =>
    spec ? (
      <div>
        <p>{spec.title}</p>
        <button onClick={() => void onConfirm('').catch(() => undefined)}>{spec.confirmText}</button>
      </div>
    ) : null,
}));

const fetchMock = jest.fn();
const sent = () => fetchMock.mock.calls.map(([, init]) => JSON.parse((init as RequestInit).body as string) as { action: string; data: Record<string, unknown> });

const open = {
  id: 'cv-1', kind: 'households', subject: { kind: 'topic', id: 'ct-1' }, topicId: 'ct-1', candidates: [], question: '是否同意在村口安装路灯', secret: false, status: 'open', electorateSize: 24, cast: 3,
  quorum: 0.5, majority: 0.5, closesAt: '2026-12-15T02:00:00.000Z', canVote: true, voted: false, myChoice: null, result: null, voters: [], mayClose: false,
};

beforeEach(() => {
  fetchMock.mockReset();
  fetchMock.mockImplementation((_url: string, init: RequestInit) => {
    const { action } = JSON.parse(init.body as string) as { action: string };
    const data = action === 'vote' ? open : action === 'castVote' ? { ...open, canVote: false, voted: true, myChoice: 'agree', cast: 4 } : null;
    return Promise.resolve({ status: 200, json: () => Promise.resolve(data ? { ok: true, data } : { ok: false, error: { code: 'UNAUTHENTICATED', message: '请先登录' } }) });
  });
  global.fetch = fetchMock as unknown as typeof fetch;
});

describe('the residents\' vote page', () => {
  it('shows one large button per choice; a tap asks to confirm, and only the confirmation casts the vote', async () => {
    render(<Vote />);
    expect(await screen.findByText('是否同意在村口安装路灯')).toBeTruthy();
    expect(screen.getByText('同意')).toBeTruthy();
    expect(screen.getByText('不同意')).toBeTruthy();
    expect(screen.getByText('弃权')).toBeTruthy();
    fireEvent.click(screen.getByText('同意'));
    expect(await screen.findByText('您选择了：同意')).toBeTruthy();
    expect(sent().some((b) => b.action === 'castVote')).toBe(false);
    fireEvent.click(screen.getByText('确认投同意'));
    await waitFor(() => expect(sent().find((b) => b.action === 'castVote')?.data).toEqual({ voteId: 'cv-1', choice: 'agree' }));
    expect(await screen.findByText('您家已投票：同意')).toBeTruthy();
    expect(screen.queryByText('不同意')).toBeNull();
  });
});
