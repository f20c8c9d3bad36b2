import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import type { CaseFiguresView } from '@shared/contracts/cases';
import { LEVEL_LABELS, SATISFACTION_LABELS, CASE_LEVELS, SATISFACTIONS } from '@shared/domain/case-catalogue';
import { Chart } from '../../../components/charts';
import { PageShell } from '../../../components/PageShell';
import { useCaseConfig, useCaseFigures } from '../../../hooks/use-cases';
import './index.scss';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function Figure({ label, value, warn }: { label: string; value: string; warn?: boolean }) {
  return (
    <View className='fig__number'>
      <View className={warn ? 'fig__value fig__value--warn' : 'fig__value'}>{value}</View>
      <View className='qy-muted'>{label}</View>
    </View>
  );
}

/** Cases registered per month, on the one chart of the app (components/charts). */
function MonthChart({ f }: { f: CaseFiguresView }) {
  const points = f.byTypeMonth.map((row, i) => ({ x: `${Number.parseInt(f.months[i]!.slice(5), 10)}月`, y: row.reduce((s, n) => s + n, 0) }));
  const common = f.byTypeMonth.map((row) => row.reduce((s, n, i) => s + (f.types[i]!.common ? n : 0), 0));
  return (
    <View className='qy-card'>
      <Chart id='fig-months' kind='bar' label='每月登记的纠纷' points={points} format={(p, i) => `${p.x}：${p.y} 件（六类 ${common[i]} 件）`} />
    </View>
  );
}

/** Shares as horizontal bars: the count and the share of each, also in words. */
function ShareChart({ id, label, rows, whole }: { id: string; label: string; rows: { label: string; count: number; muted: boolean }[]; whole: number }) {
  const share = (n: number) => (whole ? n / whole : 0);
  return (
    <View className='qy-card'>
      <Chart
        id={id}
        kind='barh'
        label={label}
        height={Math.max(120, rows.length * 44)}
        points={rows.map((r) => ({ x: r.label, y: r.count }))}
        muted={rows.map((r) => r.muted)}
        format={(p) => `${p.x}：${p.y} 件 · ${pct(share(p.y))}`}
      />
    </View>
  );
}

export default function CaseFigures() {
  const { config } = useCaseConfig();
  const [unitId, setUnitId] = useState<string | undefined>(undefined);
  const { figures: f, loading, error, reload } = useCaseFigures(unitId);
  const units = config?.figuresUnits ?? [];

  const typeTotals = f ? f.types.map((t, i) => ({ ...t, count: f.byTypeMonth.reduce((s, row) => s + row[i]!, 0) })) : [];
  const visits = f ? f.satisfaction.satisfied + f.satisfaction.basic + f.satisfaction.unsatisfied : 0;
  return (
    <PageShell>
      <View className='qy-title'>矛盾纠纷统计</View>
      {units.length > 1 && (
        <View className='qy-chips' role='radiogroup' aria-label='选择单位'>
          {units.map((u) => (
            <View key={u.unitId} role='radio' aria-checked={(unitId ?? f?.scopeName) === u.unitId} className={`qy-chip ${unitId === u.unitId ? 'qy-chip--on' : ''}`} onClick={() => setUnitId(u.unitId)}>
              {u.name}
            </View>
          ))}
        </View>
      )}
      {error && (
        <View className='qy-notice'>
          <Text>{error}</Text>
          <Button className='qy-btn qy-btn--plain' onClick={() => void reload()}>
            重新加载
          </Button>
        </View>
      )}
      {loading && !f && <View className='qy-muted'>正在加载…</View>}
      {f && (
        <View>
          <View className='qy-muted'>{f.scopeName} · 近{f.months.length}个月</View>
          <View className='fig__numbers'>
            <Figure label='登记纠纷' value={`${f.total}件`} />
            <Figure label='已化解' value={`${f.resolvedTotal}件`} />
            <Figure label='六类纠纷占比' value={pct(f.commonShare)} />
            <Figure label='小事不出村（村级化解率）' value={pct(f.villageRate)} />
            <Figure label='当前超期' value={`${f.overdueNow}件`} warn={f.overdueNow > 0} />
            <Figure label='平均化解天数' value={f.averageDaysToResolve === null ? '—' : `${f.averageDaysToResolve}天`} />
            <Figure label='正在办理' value={`${f.openNow}件`} />
            <Figure label='回访满意率' value={f.satisfactionRate === null ? '—' : pct(f.satisfactionRate)} />
            <Figure label='未到回访期提前结案（不计入以上）' value={`${f.closedEarly}件`} />
          </View>

          <View className='qy-section-title'>每月登记的纠纷</View>
          <MonthChart f={f} />

          <View className='qy-section-title'>各类纠纷占比</View>
          <ShareChart id='fig-types' label='各类纠纷占比' rows={typeTotals.map((t) => ({ label: t.label, count: t.count, muted: !t.common }))} whole={f.total} />

          <View className='qy-section-title'>在哪一级化解</View>
          <ShareChart id='fig-levels' label='在哪一级化解' rows={CASE_LEVELS.map((l) => ({ label: `${LEVEL_LABELS[l]}化解`, count: f.resolvedAt[l], muted: l !== 'village' }))} whole={f.resolvedTotal} />

          <View className='qy-section-title'>回访满意度</View>
          <ShareChart id='fig-satisfaction' label='回访满意度' rows={SATISFACTIONS.map((s) => ({ label: SATISFACTION_LABELS[s], count: f.satisfaction[s], muted: s !== 'satisfied' }))} whole={visits} />
        </View>
      )}
    </PageShell>
  );
}
