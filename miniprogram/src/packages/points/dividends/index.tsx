import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { plainError } from '../../../client/error-text';
import { fenToYuan, moneyForPeople } from '@shared/domain/money';
import { pointsCall, usePoints } from '../../../hooks/use-points';
import { TierBadge } from '../components';
import '../points.scss';
import { useRouteParams } from '../../../client/navigate';
import { ROUTES } from '../../../routes';

export default function Dividends() {
  const params = useRouteParams(ROUTES.points.dividends);
  const year = Number(params.year);
  const input = params.villageId && year ? { villageId: params.villageId, year } : null;
  const { data, loading, error } = usePoints('dividends', input);
  if (loading && !data) return <PageShell><View className='qy-muted'>正在加载…</View></PageShell>;
  if (!data) return <PageShell><View className='qy-notice'>{error ?? '还没有分红'}</View></PageShell>;

  const exportCsv = async () => {
    try {
      const file = await pointsCall('exportDividends', { villageId: data.villageId, year: data.year });
      await Taro.setClipboardData({ data: file.csv });
      void Taro.showToast({ title: '分红表已复制，可粘贴到表格', icon: 'none' });
    } catch (e) {
      void Taro.showToast({ title: plainError(e), icon: 'none' });
    }
  };
  const whole = data.rows.length > 1;
  return (
    <PageShell>
      <View className='qy-title'>{data.villageName} {data.year}年积分分红</View>
      <View className='qy-card'>
        <View>集体收入 {moneyForPeople(data.incomeFen)}，按“4321”分配：</View>
        <View className='pt-line'><View className='pt-line__main'>发展产业 40%</View><Text className='pt-score'>{moneyForPeople(data.split.industry)}</Text></View>
        <View className='pt-line'><View className='pt-line__main'>公益事业 30%</View><Text className='pt-score'>{moneyForPeople(data.split.welfare)}</Text></View>
        <View className='pt-line'><View className='pt-line__main'>积分分红 20%</View><Text className='pt-score'>{moneyForPeople(data.split.dividends)}</Text></View>
        <View className='pt-line'><View className='pt-line__main'>风险防范 10%</View><Text className='pt-score'>{moneyForPeople(data.split.risk)}</Text></View>
        <View className='qy-muted'>分红办法：{data.rule === 'points' ? '按全年积分比例' : '按积分和档次系数'}</View>
      </View>
      {data.rows.map((r) => (
        <View key={r.householdId} className='qy-card'>
          <View className='pt-line'>
            <View className='pt-line__main'>
              {r.headName}户 · 全年 {r.points} 分
            </View>
            <TierBadge tier={r.tier} />
          </View>
          <View className='pt-big'>
            <View className='pt-big__value'>{fenToYuan(r.amountFen)}</View>
            <View>元</View>
          </View>
          {!whole && <View className='qy-muted'>{r.why}</View>}
        </View>
      ))}
      {data.rows.length === 0 && <View className='qy-notice'>您家不在这份分红表里</View>}
      {whole && (
        <View className='qy-actions'>
          <Button className='qy-btn' onClick={() => void exportCsv()}>导出分红表（CSV）</Button>
        </View>
      )}
    </PageShell>
  );
}
