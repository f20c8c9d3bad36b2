import { explainSignal, falseAlarmRate, signalGroups, signalIdOf, type SignalEvent } from '../../../../shared/domain/signal-rules';

const NOW = '2026-12-07T00:00:00.000Z';
const ev = (id: string, groupKey: string, daysAgo: number): SignalEvent => ({
  collection: 'cases',
  id,
  at: new Date(Date.parse(NOW) - daysAgo * 86_400_000).toISOString(),
  groupKey,
  villageId: groupKey.split('|')[0]!,
  path: ['c', 't', groupKey.split('|')[0]!],
  label: id,
});

describe('研判 grouping', () => {
  it('counts only the window’s events and keeps groups that reach the threshold, oldest event first', () => {
    const groups = signalGroups({ windowDays: 30, threshold: 2 }, [ev('a2', 'v1|x', 3), ev('a1', 'v1|x', 20), ev('old', 'v1|x', 40), ev('b1', 'v2|x', 1)], NOW);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.events.map((e) => e.id)).toEqual(['a1', 'a2']);
  });

  it('takes an ageing source’s events as chosen (a wish waiting a week is old by definition)', () => {
    expect(signalGroups({ windowDays: 7, threshold: 1 }, [ev('w1', 'w1', 9)], NOW, false)).toHaveLength(1);
    expect(signalGroups({ windowDays: 7, threshold: 1 }, [ev('w1', 'w1', 9)], NOW, true)).toHaveLength(0);
  });

  it('names a signal by rule, group and newest event: the same group raises again only with a new event', () => {
    const g = { groupKey: 'v1|x', events: [ev('a1', 'v1|x', 2)] };
    expect(signalIdOf('r', g)).toBe(signalIdOf('r', { ...g }));
    expect(signalIdOf('r', { groupKey: 'v1|x', events: [...g.events, ev('a2', 'v1|x', 1)] })).not.toBe(signalIdOf('r', g));
    expect(signalIdOf('r', g)).toMatch(/^sg-[0-9a-f]{16}$/);
  });

  it('explains itself in the rule’s words and shows how often the rule was wrong', () => {
    expect(explainSignal({ source: 'case-cluster', windowDays: 30, threshold: 3, title: '同村同类纠纷集中' }, 4)).toBe('同村同类纠纷集中：近 30 天 4 件（规则：30 天内 ≥ 3 件）');
    expect(falseAlarmRate({ closed: 4, falseAlarms: 1 })).toBe(0.25);
    expect(falseAlarmRate({ closed: 0, falseAlarms: 0 })).toBeNull();
  });
});

import { hotByPlace, rankHotIssues, trendOf } from '../../../../shared/domain/hot-issues';

describe('痛点难点 ranking', () => {
  const c = (source: 'wishes' | 'cases', category: string, placeId: string, thisMonth: number, lastMonth: number) => ({ source, category, label: category, placeId, thisMonth, lastMonth });

  it('sums each category over places, ranks by this month, and names the trend and the place raising it most', () => {
    const rows = rankHotIssues([c('cases', 'land', 'v1', 2, 1), c('cases', 'land', 'v2', 3, 0), c('wishes', 'elder', 'v1', 1, 4), c('wishes', 'none', 'v1', 0, 0)]);
    expect(rows.map((r) => [r.category, r.thisMonth, r.lastMonth, r.trend, r.topPlaceId])).toEqual([
      ['land', 5, 1, 'up', 'v2'],
      ['elder', 1, 4, 'down', 'v1'],
    ]);
  });

  it('words a category new this month, and totals places', () => {
    expect(trendOf(3, 0)).toBe('new');
    expect(trendOf(0, 0)).toBe('same');
    expect(hotByPlace([c('cases', 'a', 'v1', 1, 2), c('wishes', 'b', 'v1', 2, 0), c('cases', 'a', 'v2', 5, 5)])).toEqual([
      { placeId: 'v2', thisMonth: 5, lastMonth: 5 },
      { placeId: 'v1', thisMonth: 3, lastMonth: 2 },
    ]);
  });
});
