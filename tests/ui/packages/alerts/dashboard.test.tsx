import { DASHBOARD_SECTION_IDS } from '../../../../shared/contracts/alerts';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import DashboardPage from '../../../../miniprogram/src/packages/alerts/dashboard';
import { fakeGateway } from '../../support/gateway';
import { saveBinaryFile } from '../../../../miniprogram/src/client/save-binary-file';

jest.mock('@tarojs/taro', () => {
  const actual = jest.requireActual('../../support/taro');
  return { __esModule: true, ...actual, default: actual.default, useRouter: () => ({ params: {} }) };
});

jest.mock('../../../../miniprogram/src/client/save-binary-file', () => ({ saveBinaryFile: jest.fn(async () => '表格已下载') }));

const gateway = fakeGateway();
const full = (months: string[]) => ({
  unit: { id: 'qianyang', name: '千阳县', kind: 'county' },
  parent: null,
  children: [{ id: 't-chengguan', name: '城关镇', kind: 'town' }],
  months,
  sections: [
    { id: 'cases', title: '矛盾纠纷（六类四单）', headline: [{ label: '小事不出村', value: 82.5, unit: '%' }], chart: { kind: 'bar', label: '每月受理纠纷（件）', points: months.map((m, i) => ({ x: m, y: 10 + i })) } },
    { id: 'talks', title: '“三提醒”谈话', headline: [{ label: '提醒干部', value: null, unit: '人' }], chart: null },
  ],
});
/** The server answers the one section asked for (the page reads them one call each). */
const view = (months: string[], section?: string) => {
  const v = full(months);
  const s = v.sections.find((x) => x.id === section);
  return { ...v, sections: s ? [s] : [{ id: section, title: `${section}`, headline: [], chart: null }] };
};

describe('the dashboard page', () => {
  it('shows each section’s figures with its chart, the towns to drill into, and asks again for another range', async () => {
    gateway.install((action, data) => action === 'hotIssues' ? { thisMonth: '2026-12', lastMonth: '2026-11', items: [{ source: 'cases', category: 'land-rights', label: '土地权属纠纷', thisMonth: 5, lastMonth: 2, trend: 'up', topPlaceName: '冯坊村' }], places: [] } : view(data.months === 6 ? ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12'] : ['2026-10', '2026-11', '2026-12'], data.section as string));
    const { container } = render(<DashboardPage />);
    expect(await screen.findByText('千阳县驾驶舱')).toBeTruthy();
    expect(screen.getByText('82.5%')).toBeTruthy();
    expect(await screen.findByText('—')).toBeTruthy();
    expect(screen.getByText('12月：12')).toBeTruthy();
    expect(container.querySelectorAll('.qy-chart').length).toBe(1);
    expect(screen.getByText('城关镇')).toBeTruthy();
    fireEvent.click(screen.getByText('近6个月'));
    expect(await screen.findByText('7月：10')).toBeTruthy();
    expect(screen.getByText('矛盾纠纷 · 土地权属纠纷：本月 5 件，比上月多 3 件；最多在冯坊村')).toBeTruthy();
    // One call a section, each range: the cases section first (it brings the place), then the others.
    const ids = [...DASHBOARD_SECTION_IDS];
    const sent = gateway.sent().filter((s) => s.action === 'dashboard').map((s) => s.data as { months: number; section: string });
    expect(sent.filter((d) => d.months === 3).map((d) => d.section).sort()).toEqual([...ids].sort());
    expect(sent.filter((d) => d.months === 6).map((d) => d.section).sort()).toEqual([...ids].sort());
    expect(sent).toHaveLength(ids.length * 2);
  });

  it('exports every section, each read in its own call, in page order, and saves the workbook the server built', async () => {
    gateway.install((action, data) =>
      action === 'hotIssues' ? { thisMonth: '2026-12', lastMonth: '2026-11', items: [], places: [] } : action === 'exportDashboard' ? { filename: '千阳县驾驶舱.xlsx', base64: 'UEsDBA==' } : view(['2026-10', '2026-11', '2026-12'], data.section as string),
    );
    render(<DashboardPage />);
    expect(await screen.findByText('千阳县驾驶舱')).toBeTruthy();
    const before = gateway.sent().length;
    fireEvent.click(screen.getByText('导出 Excel 表格（月报用）'));
    await waitFor(() => expect(saveBinaryFile).toHaveBeenCalledWith('千阳县驾驶舱.xlsx', 'UEsDBA==', expect.stringContaining('spreadsheetml')));
    const sent = gateway.sent().slice(before);
    expect(sent.filter((s) => s.action === 'dashboard').map((s) => (s.data as { section: string }).section).sort()).toEqual([...DASHBOARD_SECTION_IDS].sort());
    // The export asks for the place and range only: the server builds it from the figures of those reads.
    const exported = sent.findIndex((s) => s.action === 'exportDashboard');
    expect(sent[exported]!.data).toEqual({ months: 3 });
    expect(sent.slice(0, exported).filter((s) => s.action === 'dashboard')).toHaveLength(DASHBOARD_SECTION_IDS.length);
  });
});
