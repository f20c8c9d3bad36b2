import { render, screen } from '@testing-library/react';
import { TrendChart } from '../../../../miniprogram/src/packages/points/components';

const trend = ['2025-12', '2026-01', '2026-11'].map((month, i) => ({ month, points: [98, 100, 60][i]!, tier: { code: 'A', name: '优秀户' } }));

describe('the monthly points chart', () => {
  it('labels each column by its month number alone (no 月 to wrap at 360 px in large text) and says the axes once', () => {
    const { container } = render(<TrendChart trend={trend as never} />);
    expect(Array.from(container.querySelectorAll('.pt-chart__label')).map((e) => e.textContent)).toEqual(['12', '1', '11']);
    expect(screen.getByText('横向是月份（2025年12月到2026年11月），竖向是当月积分')).toBeTruthy();
    expect(container.querySelector('[aria-label="11月 60 分 优秀户"]')).toBeTruthy();
  });

  it('draws each bar as its share of 100 points inside a track of its own', () => {
    const { container } = render(<TrendChart trend={trend as never} />);
    const bars = Array.from(container.querySelectorAll('.pt-chart__track > .pt-chart__bar')) as HTMLElement[];
    expect(bars.map((b) => b.style.height)).toEqual(['98%', '100%', '60%']);
  });
});
