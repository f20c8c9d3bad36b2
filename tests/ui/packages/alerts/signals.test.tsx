import { fireEvent, render, screen } from '@testing-library/react';
import SignalsPage from '../../../../miniprogram/src/packages/alerts/signals';
import { fakeGateway } from '../../support/gateway';
import { typeInto } from '../../support/type-into';

jest.mock('@tarojs/taro', () => {
  const actual = jest.requireActual('../../support/taro');
  return { __esModule: true, ...actual, default: actual.default, useRouter: () => ({ params: {} }) };
});

const gateway = fakeGateway();
const signal = {
  id: 'sg-1',
  villageName: '冯坊村',
  ruleTitle: '同一家庭反复发生婚姻家庭纠纷',
  source: 'repeat-parties',
  explanation: '同一家庭反复发生婚姻家庭纠纷：近 180 天 2 件（规则：180 天内 ≥ 2 件）',
  events: [{ collection: 'cases', id: 'c1', at: '2026-11-01T01:00:00.000Z', label: '婚姻家庭纠纷 · 11月1日登记' }],
  eventCount: 2,
  status: 'open',
  raisedAt: '2026-12-01T01:00:00.000Z',
  closedAt: null,
  outcome: null,
  note: null,
  closedByName: null,
  canClose: true,
};

describe('the signals inbox', () => {
  it('explains each signal by its rule and events, and closes it as a false alarm with a note', async () => {
    gateway.install((action, data) =>
      action === 'signals' ? { items: [signal], nextCursor: null } : { ...signal, status: 'closed', canClose: false, outcome: data.outcome, note: data.note, closedByName: '陈建军' },
    );
    render(<SignalsPage />);
    expect(await screen.findByText(signal.explanation)).toBeTruthy();
    expect(screen.getByText('· 婚姻家庭纠纷 · 11月1日登记')).toBeTruthy();
    fireEvent.click(screen.getByText('误报，无风险'));
    typeInto(document.querySelector('taro-input-core')!, '同一件事重复登记');
    fireEvent.click(screen.getByText('处置完成'));
    expect(await screen.findByText(/误报，无风险（陈建军）/)).toBeTruthy();
    expect(gateway.sent()[1]!.action).toBe('closeSignal');
    expect(gateway.sent()[1]!.data).toEqual({ signalId: 'sg-1', outcome: 'false-alarm', note: '同一件事重复登记' });
  });
});
