import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { PageShell } from '../../../components/PageShell';
import { monthLabel, usePoints } from '../../../hooks/use-points';
import { TierBadge } from '../components';
import '../points.scss';
import { useRouteParams } from '../../../client/navigate';
import { ROUTES } from '../../../routes';

type Period = 'month' | 'quarter' | 'year';

interface Row {
  rank: number;
  householdId: string;
  headName: string;
  points: number;
  tier: { code: 'A' | 'B' | 'C' | 'D'; name: string };
  mine: boolean;
}

function Rows({ rows }: { rows: Row[] }) {
  return (
    <View className='qy-card'>
      {rows.map((r) => (
        <View key={r.householdId} className={`pt-line ${r.mine ? 'pt-line--mine' : ''}`}>
          <Text className='pt-rank'>{r.rank}</Text>
          <View className='pt-line__main'>
            {r.headName}户{r.mine ? '（我家）' : ''}
          </View>
          <TierBadge tier={r.tier} />
          <Text className='pt-score'>{r.points}</Text>
        </View>
      ))}
    </View>
  );
}

/** The village's public ranking: the month (ties share a rank), its quarter, or the year so far. */
export default function PointsRanking() {
  const params = useRouteParams(ROUTES.points.ranking);
  const [period, setPeriod] = useState<Period>('month');
  // Opened without parameters (a reload, a shared link): the server picks the caller's village and
  // its latest month with a board; the chips then read the month it answered with.
  const monthly = usePoints('ranking', { ...(params.villageId ? { villageId: params.villageId } : {}), ...(params.month ? { month: params.month } : {}) });
  const villageId = params.villageId ?? monthly.data?.villageId ?? '';
  const month = monthly.data?.month ?? params.month ?? '';
  const year = Number(month.slice(0, 4));
  const quarter = Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1;
  const summary = usePoints('summary', villageId && year && period !== 'month' ? { villageId, year, ...(period === 'quarter' ? { quarter } : {}) } : null);

  const chips: [Period, string][] = [
    ['month', monthLabel(month)],
    ['quarter', `第${'一二三四'[quarter - 1] ?? ''}季度`],
    ['year', `${year}年`],
  ];
  // No chips until the month is known: never 「NaN月 第季度 0年」.
  const head = !month ? null : (
    <View className='qy-chips'>
      {chips.map(([p, label]) => (
        <View key={p} className={`qy-chip ${p === period ? 'qy-chip--on' : ''}`} onClick={() => setPeriod(p)}>
          {label}
        </View>
      ))}
    </View>
  );

  if (period === 'month') {
    const data = monthly.data;
    if (monthly.loading && !data) return <PageShell>{head}<View className='qy-muted'>正在加载…</View></PageShell>;
    if (!data) return <PageShell>{head}<View className='qy-notice'>{monthly.error ?? '没有排名'}</View></PageShell>;
    return (
      <PageShell>
        <View className='qy-title'>{data.villageName} {monthLabel(data.month, true)}排名</View>
        {head}
        <View className='qy-muted'>{data.status === 'final' ? '已定稿' : '公示中，有异议可在公示期内提出'}；同分同名次。</View>
        <Rows rows={data.rows} />
      </PageShell>
    );
  }
  const data = summary.data;
  if (summary.loading && !data) return <PageShell>{head}<View className='qy-muted'>正在加载…</View></PageShell>;
  if (!data) return <PageShell>{head}<View className='qy-notice'>{summary.error ?? '没有汇总'}</View></PageShell>;
  return (
    <PageShell>
      <View className='qy-title'>{data.period}积分汇总</View>
      {head}
      <View className='qy-muted'>
        {data.months.length ? `已定稿：${data.months.map((m) => monthLabel(m)).join('、')}` : '这段时间还没有定稿的月份'}；档次按月平均分。
      </View>
      <Rows rows={data.rows} />
    </PageShell>
  );
}
