import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { DASHBOARD_RANGES, DASHBOARD_SECTION_IDS, type DashboardSectionId, type DashboardView } from '@shared/contracts/alerts';
import { HOT_SOURCE_LABELS } from '@shared/domain/hot-issues';
import { Button } from '../../../components/Button';
import { Chart } from '../../../components/charts';
import { PageShell } from '../../../components/PageShell';
import { go, useRouteParams } from '../../../client/navigate';
import { monthForPeople } from '@shared/domain/for-people';
import { saveBinaryFile } from '../../../client/save-binary-file';
import { alertsErrorText, dashboardWorkbook, useAlerts } from '../../../hooks/use-alerts';
import { ROUTES } from '../../../routes';
import './index.scss';

type Range = (typeof DASHBOARD_RANGES)[number];

const TREND = {
  up: (d: number) => `比上月多 ${d} 件`,
  down: (d: number) => `比上月少 ${-d} 件`,
  same: () => '与上月持平',
  new: () => '上月没有',
} as const;

const shown = (v: number | null, unit: string) => (v === null ? '—' : `${v.toLocaleString('zh-CN')}${unit}`);
/** Month codes on a chart's axis read as people say them (「3月」); other labels stay. */
const axis = (x: string) => (/^\d{4}-\d{2}$/.test(x) ? monthForPeople(x).replace(/^\d{4}年/, '') : x);

/** One module's figures: its own call, so each stays a cadre's small read however large the county. */
function Section({ unitId, months, id }: { unitId?: string; months: Range; id: DashboardSectionId }) {
  const { data, error } = useAlerts('dashboard', { ...(unitId ? { unitId } : {}), months, section: id });
  if (error) return <View className='qy-card qy-notice'>{error}</View>;
  if (!data?.sections[0]) return <View className='qy-card qy-muted'>正在加载…</View>;
  return <SectionCard s={data.sections[0]} />;
}

function SectionCard({ s }: { s: DashboardView['sections'][number] }) {
  return (
    <View className='qy-card'>
      <View className='qy-section-title'>{s.title}</View>
      <View className='qy-chips'>
        {s.headline.map((h) => (
          <View key={h.label} className='dash__figure'>
            <View className='dash__value'>{shown(h.value, h.unit)}</View>
            <View className='qy-muted'>{h.label}</View>
          </View>
        ))}
      </View>
      {s.chart && s.chart.points.length > 0 && (
        <Chart id={`dash-${s.id}`} kind={s.chart.kind} label={s.chart.label} points={s.chart.points.map((p) => ({ x: axis(p.x), y: p.y }))} />
      )}
    </View>
  );
}

/** 驾驶舱: every module's headline figures for the place, each with its chart; down to towns and villages. */
export default function DashboardPage() {
  const params = useRouteParams(ROUTES.alerts.dashboard);
  const [months, setMonths] = useState<Range>(3);
  // The place, its parent and children come with the first section.
  const { data, error } = useAlerts('dashboard', { ...(params.unitId ? { unitId: params.unitId } : {}), months, section: DASHBOARD_SECTION_IDS[0] });
  const hot = useAlerts('hotIssues', params.unitId ? { unitId: params.unitId } : {});
  const [busy, setBusy] = useState(false);

  const exportIt = async () => {
    setBusy(true);
    try {
      const x = await dashboardWorkbook({ ...(params.unitId ? { unitId: params.unitId } : {}), months });
      void Taro.showToast({ title: await saveBinaryFile(x.filename, x.base64, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'), icon: 'none' });
    } catch (e) {
      void Taro.showToast({ title: alertsErrorText(e), icon: 'none' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageShell>
      <View className='qy-title'>{data ? `${data.unit.name}驾驶舱` : '驾驶舱'}</View>
      <View className='qy-chips'>
        {DASHBOARD_RANGES.map((n) => (
          <View key={n} className={`qy-chip ${n === months ? 'qy-chip--on' : ''}`} role='radio' aria-checked={n === months} onClick={() => setMonths(n)}>
            {n === 1 ? '本月' : `近${n}个月`}
          </View>
        ))}
      </View>
      {error && <View className='qy-notice'>{error}</View>}
      {!data && !error && <View className='qy-muted'>正在加载…</View>}
      {data && (
        <View>
          {data.parent && <Button className='qy-btn qy-btn--plain' onClick={go(ROUTES.alerts.dashboard.url({ unitId: data.parent.id }))}>{`返回${data.parent.name}`}</Button>}
          {data.sections[0] && <SectionCard s={data.sections[0]} />}
          {DASHBOARD_SECTION_IDS.slice(1).map((id) => (
            <Section key={id} id={id} months={months} {...(params.unitId ? { unitId: params.unitId } : {})} />
          ))}
          {hot.data && (
            <View className='qy-card'>
              <View className='qy-section-title'>{`痛点难点（${monthForPeople(hot.data.thisMonth)}，与上月比）`}</View>
              {hot.data.items.length === 0 && <View className='qy-muted'>这两个月还没有群众反映的事项</View>}
              {hot.data.items.map((r) => (
                <View key={`${r.source}-${r.category}`} className='alert-line'>
                  {`${HOT_SOURCE_LABELS[r.source]} · ${r.label}：本月 ${r.thisMonth} 件，${TREND[r.trend](r.thisMonth - r.lastMonth)}${r.topPlaceName ? `；最多在${r.topPlaceName}` : ''}`}
                </View>
              ))}
              {hot.data.places.length > 1 && (
                <Chart id='dash-hot-places' kind='barh' label='各地本月反映的事项（件）' height={Math.max(120, hot.data.places.length * 40)} points={hot.data.places.map((p) => ({ x: p.name, y: p.thisMonth }))} unit=' 件' />
              )}
            </View>
          )}
          {data.children.length > 0 && (
            <View className='qy-card'>
              <View className='qy-section-title'>{data.unit.kind === 'county' ? '看各镇' : '看各村（社区）'}</View>
              <View className='qy-chips'>
                {data.children.map((c) => (
                  <Button key={c.id} className='qy-btn qy-btn--ghost' onClick={go(ROUTES.alerts.dashboard.url({ unitId: c.id }))}>{c.name}</Button>
                ))}
              </View>
            </View>
          )}
          <Button className='qy-btn' disabled={busy} onClick={() => void exportIt()}>{busy ? '正在导出…' : '导出 Excel 表格（月报用）'}</Button>
        </View>
      )}
    </PageShell>
  );
}
