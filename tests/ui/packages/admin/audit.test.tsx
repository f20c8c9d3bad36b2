import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import AuditLog from '../../../../miniprogram/src/packages/admin/audit/index';
import { fakeGateway } from '../../support/gateway';

const gateway = fakeGateway();
const entry = (id: string, over: object = {}) => ({
  id,
  at: '2026-12-01T02:30:00.000Z',
  actorId: 'village-cadre',
  actorName: '陈建军',
  action: 'wishes.review',
  actionLabel: '审核心愿',
  changes: [{ field: '理由', before: null, after: '请打137****1111' }],
  ...over,
});

beforeEach(() => {
  Taro.clearStorageSync();
  gateway.install((_action, data) =>
    data.cursor
      ? { items: [entry('a3', { actorName: '周明', actorId: 'town-cadre', actionLabel: '放行心愿中复核的内容' })], nextCursor: null, units: [{ id: 'v-fengfang', name: '冯坊村' }] }
      : { items: [entry('a1'), entry('a2')], nextCursor: data.actorId ? null : 'next-1', units: [{ id: 'v-fengfang', name: '冯坊村' }] },
  );
});

describe('the audit log page', () => {
  it('shows each entry by its Chinese label, who and when, and the masked before/after, never the action code', async () => {
    const { container } = render(<AuditLog />);
    expect((await screen.findAllByText('陈建军 · 12月1日 周二 10:30')).length).toBe(2);
    expect(Array.from(container.querySelectorAll('.audit__title')).map((el) => el.textContent)).toEqual(['审核心愿', '审核心愿']);
    expect(screen.getAllByText('理由：（无） → 请打137****1111').length).toBe(2);
    expect(screen.getByText(/冯坊村范围内/)).toBeTruthy();
    expect(container.textContent).not.toContain('wishes.review');
  });

  it('loads the next page with the server’s cursor, and narrows to one person by tapping their name', async () => {
    render(<AuditLog />);
    await screen.findAllByText('陈建军 · 12月1日 周二 10:30');
    fireEvent.click(screen.getByText('加载更多'));
    // The entry's title (the kind picker lists the same label among its choices).
    expect(await screen.findByText('放行心愿中复核的内容', { selector: '.audit__title' })).toBeTruthy();
    fireEvent.click(screen.getAllByText('只看陈建军的操作')[0]!);
    await waitFor(() => expect(gateway.sent().length).toBe(3));
    expect(gateway.sent().map((s) => s.data)).toEqual([{ limit: 20 }, { cursor: 'next-1', limit: 20 }, { actorId: 'village-cadre', limit: 20 }]);
    expect(await screen.findByText('只看陈建军')).toBeTruthy();
    expect(screen.getByText('清除筛选')).toBeTruthy();
  });
});
