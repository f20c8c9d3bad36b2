import { View } from '@tarojs/components';
import { monthForPeople } from '@shared/domain/for-people';
import { PageShell } from '../../../components/PageShell';
import { useRouteParams } from '../../../client/navigate';
import { useSanitation, type SanitationOutput } from '../../../hooks/use-sanitation';
import { ROUTES } from '../../../routes';
import '../components/sanitation.scss';

type Row = SanitationOutput<'figures'>['total'];

const percent = (n: number, of: number) => (of > 0 ? `${Math.round((100 * n) / of)}%` : '—');

/** A share as a bar (the lead swaps these for the shared chart component at merge). */
function Bar({ label, n, of }: { label: string; n: number; of: number }) {
  const width = of > 0 ? Math.max(2, Math.round((100 * n) / of)) : 0;
  return (
    <View className='qy-field'>
      <View className='qy-row'>
        {label}：{percent(n, of)}（{n} / {of}）
      </View>
      <View className='qy-san-bar' style={{ width: `${width}%` }} />
    </View>
  );
}

function Totals({ r }: { r: Row }) {
  return (
    <View className='qy-card'>
      <Bar label='卫生厕所普及率' n={r.sanitaryToilets} of={r.households} />
      <Bar label='分类垃圾桶入户' n={r.withBins} of={r.households} />
      <Bar label='生活污水治理率' n={r.sewageTreated} of={r.villages} />
      <Bar label='生活污水有效管控率' n={r.sewageControlled} of={r.villages} />
      <View className='qy-row'>正常运行的设施：{r.facilitiesInService} 处</View>
      <View className='qy-row'>
        随手拍：{r.ordersOpened} 件，按时修好 {r.ordersFixedOnTime} 件，被退回重修 {r.ordersReopened} 件
      </View>
    </View>
  );
}

/** The figures of the caller's unit: totals as bars, a table by town or village, and the reports month by month. */
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
          <View className='qy-card qy-san-table'>
            {data.rows.map((r) => (
              <View key={r.unitId} className='qy-san-table__row'>
                <View className='qy-label'>{r.name}</View>
                <View>
                  厕所 {percent(r.sanitaryToilets, r.households)} · 污水治理 {r.sewageTreated}/{r.villages} 村 · 随手拍 {r.ordersOpened} 件
                </View>
              </View>
            ))}
          </View>
        </View>
      )}
      {data && (
        <View>
          <View className='qy-section-title'>随手拍每月情况</View>
          <View className='qy-card qy-san-table'>
            {data.months.map((m) => (
              <View key={m.month} className='qy-san-table__row'>
                <View className='qy-label'>{monthForPeople(m.month)}</View>
                <View>
                  上报 {m.opened} · 按时修好 {m.fixedOnTime} · 退回 {m.reopened}
                </View>
              </View>
            ))}
          </View>
        </View>
      )}
    </PageShell>
  );
}
