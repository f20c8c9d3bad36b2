import { View } from '@tarojs/components';
import { monthForPeople } from '@shared/domain/for-people';
import { Chart } from '../../../components/charts';
import { PageShell } from '../../../components/PageShell';
import { useRouteParams } from '../../../client/navigate';
import { useSanitation, type SanitationOutput } from '../../../hooks/use-sanitation';
import { ROUTES } from '../../../routes';
import '../components/sanitation.scss';

type Figures = SanitationOutput<'figures'>;
type Row = Figures['total'];

const rate = (n: number, of: number) => (of > 0 ? Math.round((100 * n) / of) : 0);
const percent = (n: number, of: number) => (of > 0 ? `${rate(n, of)}%` : '—');
/** 「2026年12月」 on an axis reads 「12月」 (the range is a few months). */
const monthLabel = (m: string) => monthForPeople(m).replace(/^\d{4}年/, '');

/** The four shares of the unit on the one chart of the app, each also in words (count of the whole). */
function Totals({ r }: { r: Row }) {
  const shares = [
    { x: '卫生厕所普及率', n: r.sanitaryToilets, of: r.households },
    { x: '分类垃圾桶入户', n: r.withBins, of: r.households },
    { x: '生活污水治理率', n: r.sewageTreated, of: r.villages },
    { x: '生活污水有效管控率', n: r.sewageControlled, of: r.villages },
  ];
  return (
    <View className='qy-card'>
      <Chart
        id='san-shares'
        kind='barh'
        label='三污治理主要比率（%）'
        height={180}
        points={shares.map((s) => ({ x: s.x, y: rate(s.n, s.of) }))}
        format={(p, i) => `${p.x}：${percent(shares[i]!.n, shares[i]!.of)}（${shares[i]!.n} / ${shares[i]!.of}）`}
      />
      <View className='qy-row'>正常运行的设施：{r.facilitiesInService} 处</View>
      <View className='qy-row'>
        随手拍：{r.ordersOpened} 件，按时修好 {r.ordersFixedOnTime} 件，被退回重修 {r.ordersReopened} 件
      </View>
    </View>
  );
}

/** The unit's towns or villages: the sanitary-toilet rate as bars, every row's figures in words. */
function ByPlace({ rows }: { rows: Row[] }) {
  return (
    <View className='qy-card'>
      <Chart
        id='san-places'
        kind='barh'
        label='各地卫生厕所普及率（%）'
        height={Math.max(120, rows.length * 44)}
        points={rows.map((r) => ({ x: r.name, y: rate(r.sanitaryToilets, r.households) }))}
        format={(p, i) => {
          const r = rows[i]!;
          return `${r.name}：厕所 ${percent(r.sanitaryToilets, r.households)} · 污水治理 ${r.sewageTreated}/${r.villages} 村 · 随手拍 ${r.ordersOpened} 件`;
        }}
      />
    </View>
  );
}

/** 随手拍 month by month: reports opened as bars, and each month's opened / fixed on time / reopened in words. */
function ByMonth({ months }: { months: Figures['months'] }) {
  return (
    <View className='qy-card'>
      <Chart
        id='san-months'
        kind='bar'
        label='随手拍每月上报（件）'
        points={months.map((m) => ({ x: monthLabel(m.month), y: m.opened }))}
        format={(p, i) => `${p.x}：上报 ${months[i]!.opened} 件 · 按时修好 ${months[i]!.fixedOnTime} 件 · 退回 ${months[i]!.reopened} 件`}
      />
    </View>
  );
}

/** The figures of the caller's unit: its shares, its towns or villages, and the reports month by month, on F2 charts with every figure in words. */
export default function FiguresPage() {
  const params = useRouteParams(ROUTES.sanitation.figures);
  const { data, loading, error } = useSanitation('figures', params.unitId ? { unitId: params.unitId } : {});
  return (
    <PageShell>
      <View className='qy-title'>{data ? `${data.unitName}三污治理` : '三污治理统计'}</View>
      <View className='qy-muted'>按台账实时统计：卫生厕所须验收合格；污水治理指有正常运行的处理设施的村，有效管控指其余村本月检查管控到位。</View>
      {error && <View className='qy-notice'>{error}</View>}
      {loading && !data && <View className='qy-muted'>正在加载…</View>}
      {data && <Totals r={data.total} />}
      {data && data.rows.length > 1 && (
        <View>
          <View className='qy-section-title'>分{data.rows[0] && data.rows[0].villages === 1 ? '村' : '镇'}情况</View>
          <ByPlace rows={data.rows} />
        </View>
      )}
      {data && data.months.length > 0 && (
        <View>
          <View className='qy-section-title'>随手拍每月情况</View>
          <ByMonth months={data.months} />
        </View>
      )}
    </PageShell>
  );
}
