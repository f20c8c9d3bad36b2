import { View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { useSignedInUser } from '../../../hooks/use-session';
import { monthLabel, usePoints } from '../../../hooks/use-points';
import { TierBadge, TrendChart } from '../components';
import '../points.scss';
import { ROUTES } from '../../../routes';
import { go } from '../../../client/navigate';
import { unitWordOf } from '../../../client/labels';
import { unitWordOfName } from '@shared/domain/labels-for-people';


export default function MyPoints() {
  const { user } = useSignedInUser();
  const { data, loading, error, reload } = usePoints('mine', user ? {} : null);

  if (loading && !data) return <PageShell><View className='qy-muted'>正在加载…</View></PageShell>;
  if (!data) {
    return (
      <PageShell>
        <View className='qy-notice'>{error ?? '还没有您家的积分'}</View>
        <Button className='qy-btn qy-btn--plain' onClick={() => void reload()}>重新加载</Button>
      </PageShell>
    );
  }
  const latest = data.latest;
  return (
    <PageShell>
      <View className='qy-title'>{data.headName}户 · {data.villageName}</View>
      {latest ? (
        <View className='qy-card'>
          <View className='qy-muted'>{monthLabel(latest.month, true)}（{latest.status === 'final' ? '已定稿' : '公示中'}）</View>
          <View className='pt-big'>
            <View className='pt-big__value'>{latest.points}</View>
            <View>分</View>
            <TierBadge tier={latest.tier} />
          </View>
          {latest.rank !== null && <View>{`全${unitWordOfName(data.villageName)}第 ${latest.rank} 名`}</View>}
        </View>
      ) : (
        <View className='qy-notice'>{`${unitWordOf(user)}里还没有公示过积分`}</View>
      )}
      <View className='qy-section-title'>每月积分走势</View>
      <View className='qy-card'>
        <TrendChart trend={data.trend} />
      </View>
      <View className='qy-card'>{data.year}年已定稿积分合计：{data.yearPoints} 分</View>
      <View className='qy-actions'>
        {latest && (
          <Button className='qy-btn' onClick={go(ROUTES.points.detail.url({ householdId: data.householdId, month: latest.month }))}>
            看{monthLabel(latest.month)}每一项得分
          </Button>
        )}
        {latest && (
          <Button className='qy-btn qy-btn--ghost' onClick={go(ROUTES.points.ranking.url({ villageId: data.villageId, month: latest.month }))}>
            {`看${unitWordOf(user)}里排名`}
          </Button>
        )}
        <Button className='qy-btn qy-btn--plain' onClick={go(ROUTES.points.dividends.url({ villageId: data.villageId, year: data.year - 1 }))}>
          {data.year - 1}年积分分红
        </Button>
      </View>
    </PageShell>
  );
}
