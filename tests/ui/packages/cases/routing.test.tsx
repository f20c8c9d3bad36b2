import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import RoutingRules from '../../../../miniprogram/src/packages/cases/routing';
import { fakeGateway } from '../../support/gateway';
import { typeInto } from '../../support/type-into';

const gateway = fakeGateway();
const set = {
  version: 2,
  rules: [
    { id: 'medium-amount', level: 'town', reason: '争议金额在5万元以上', when: { minAmountYuan: 50_000 } },
    { id: 'repeat', level: 'town', reason: '同一当事人之间再次发生纠纷', when: { repeat: true } },
  ],
  updatedAt: '2026-11-20T02:00:00.000Z',
  updatedByName: '吴敏',
  history: [{ version: 2, createdAt: '2026-11-20T02:00:00.000Z', byName: '吴敏', changeNote: '调整金额门槛' }],
  types: [{ code: 'neighbourhood', label: '邻里关系' }],
};

beforeEach(() => {
  Taro.clearStorageSync();
  gateway.install((action, data) => {
    if (action === 'previewRouting') return { month: '2026-11', assessed: 12, changed: 3, examples: [{ caseId: 'c1', typeLabel: '邻里关系', unitName: '冯坊村', from: 'town', to: 'county' }], capped: false };
    if (action === 'updateRouting') return { ...set, version: 3, rules: data.rules };
    return set;
  });
});

describe('the routing rules page', () => {
  it('shows each rule in words, previews an edit on last month’s cases, and saves it from the version it edited', async () => {
    render(<RoutingRules />);
    expect(await screen.findByText('争议金额5万元以上')).toBeTruthy();
    fireEvent.click(screen.getAllByText('县级')[0]!);
    fireEvent.click(screen.getByText('用上个月的纠纷试一试'));
    expect(await screen.findByText(/有 3 件会改由其他层级办理/)).toBeTruthy();
    expect(screen.getByText('冯坊村 邻里关系：镇级 → 县级')).toBeTruthy();
    const preview = gateway.sent().find((s) => s.action === 'previewRouting')!;
    expect((preview.data.rules as { level: string }[])[0]!.level).toBe('county');
    expect(document.body.textContent).not.toContain('medium-amount');

    typeInto(document.querySelector('taro-input-core')!, '金额大的上提到县');
    fireEvent.click(screen.getByText('保存为新版本'));
    await waitFor(() => expect(gateway.sent().some((s) => s.action === 'updateRouting')).toBe(true));
    expect(gateway.sent().find((s) => s.action === 'updateRouting')!.data).toMatchObject({ baseVersion: 2, changeNote: '金额大的上提到县' });
  });
});
