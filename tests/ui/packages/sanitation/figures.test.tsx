import { render, screen } from '@testing-library/react';
import FiguresPage from '../../../../miniprogram/src/packages/sanitation/figures';
import { fakeGateway } from '../../support/gateway';

jest.mock('@tarojs/taro', () => {
  const actual = jest.requireActual('../../support/taro');
  return { __esModule: true, ...actual, default: actual.default, useRouter: () => ({ params: { unitId: 't-chengguan' } }) };
});

const gateway = fakeGateway();
const row = (unitId: string, name: string, over: object = {}) => ({
  unitId, name, households: 100, sanitaryToilets: 96, withBins: 80, villages: 1, sewageTreated: 1, sewageControlled: 0,
  facilitiesInService: 4, ordersOpened: 3, ordersFixedOnTime: 2, ordersReopened: 1, ...over,
});

describe('the sanitation figures page', () => {
  it('draws the shares, the villages and the months on the F2 chart, and says every figure in words', async () => {
    gateway.install(() => ({
      unitName: '城关镇',
      total: row('t-chengguan', '城关镇', { households: 256, sanitaryToilets: 246, withBins: 200, villages: 26, sewageTreated: 14, sewageControlled: 12, facilitiesInService: 40, ordersOpened: 9, ordersFixedOnTime: 7, ordersReopened: 1 }),
      rows: [row('v-fengfang', '冯坊村'), row('v-xijie', '西街社区', { sanitaryToilets: 50, sewageTreated: 0, ordersOpened: 0 })],
      months: [{ month: '2026-11', opened: 4, fixedOnTime: 3, reopened: 1 }, { month: '2026-12', opened: 5, fixedOnTime: 4, reopened: 0 }],
    }));
    const { container } = render(<FiguresPage />);
    expect(await screen.findByText('城关镇三污治理')).toBeTruthy();
    // One chart component for each: shares, places, months — no hand-made bars left.
    expect(container.querySelectorAll('.qy-chart').length).toBe(3);
    expect(container.querySelectorAll('.qy-san-bar').length).toBe(0);
    expect(Array.from(container.querySelectorAll('.qy-chart')).map((c) => c.getAttribute('aria-label'))).toEqual(['三污治理主要比率（%）', '各地卫生厕所普及率（%）', '随手拍每月上报（件）']);
    // Every figure also in words.
    expect(screen.getByText('卫生厕所普及率：96%（246 / 256）')).toBeTruthy();
    expect(screen.getByText('生活污水治理率：54%（14 / 26）')).toBeTruthy();
    expect(screen.getByText('生活污水有效管控率：46%（12 / 26）')).toBeTruthy();
    expect(screen.getByText('分类垃圾桶入户：78%（200 / 256）')).toBeTruthy();
    expect(screen.getByText(/正常运行的设施：40 处/)).toBeTruthy();
    expect(screen.getByText('冯坊村：厕所 96% · 污水治理 1/1 村 · 随手拍 3 件')).toBeTruthy();
    expect(screen.getByText('西街社区：厕所 50% · 污水治理 0/1 村 · 随手拍 0 件')).toBeTruthy();
    expect(screen.getByText('12月：上报 5 件 · 按时修好 4 件 · 退回 0 件')).toBeTruthy();
    expect(screen.getByText('分村情况')).toBeTruthy();
    expect(gateway.sent()).toEqual([expect.objectContaining({ action: 'figures', data: expect.objectContaining({ unitId: 't-chengguan' }) })]);
  });
});
