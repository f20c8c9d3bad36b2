import { render, screen } from '@testing-library/react';
import CaseSummary from '../../../../miniprogram/src/packages/cases/summary';
import { linkRoute } from '../../../../miniprogram/src/client/links';
import { fakeGateway } from '../../support/gateway';

jest.mock('@tarojs/taro', () => {
  const actual = jest.requireActual('../../support/taro');
  return { __esModule: true, ...actual, default: actual.default, useRouter: () => ({ params: { id: 'c1' } }) };
});

const gateway = fakeGateway();
const brief = {
  id: 'c1',
  typeLabel: '邻里关系',
  unitName: '冯坊村',
  gridName: '第一网格',
  level: 'village',
  status: 'screened',
  handlerUnitName: '冯坊村',
  handlerNames: ['陈建军', '李淑华'],
  createdAt: '2026-12-01T02:30:00.000Z',
  canOpen: false,
};

describe('the case summary page a party group member’s alert opens', () => {
  it('is where the alert’s case-summary link leads', () => {
    expect(linkRoute({ page: 'case-summary', id: 'c1' })).toBe('/packages/cases/summary/index?id=c1');
  });

  it('shows type, place, status, level and who handles it, and offers no way into the full case', async () => {
    gateway.install(() => brief);
    render(<CaseSummary />);
    expect(await screen.findByText('邻里关系纠纷')).toBeTruthy();
    expect(screen.getByText('地点：冯坊村 · 第一网格')).toBeTruthy();
    expect(screen.getByText('办理：村人民调解委员会（冯坊村）')).toBeTruthy();
    expect(screen.getByText('承办人员：陈建军、李淑华')).toBeTruthy();
    expect(screen.queryByText('查看纠纷详情')).toBeNull();
    expect(gateway.sent()).toEqual([{ action: 'summary', data: { caseId: 'c1' } }]);
  });
});
