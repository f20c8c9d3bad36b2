import { monthForPeople } from '@shared/domain/for-people';
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import type { CaseFiguresView } from '@shared/contracts/cases';
import { LEVEL_LABELS, SATISFACTION_LABELS, CASE_LEVELS, SATISFACTIONS } from '@shared/domain/case-catalogue';
import { PageShell } from '../../../components/PageShell';
import { useCaseConfig, useCaseFigures } from '../../../hooks/use-cases';
import './index.scss';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** A labelled horizontal bar: plain views with a width in per cent, no chart library. */
function Bar({ label, count, share, muted }: { label: string; count: number; share: number; muted?: boolean }) {
  return (
    <View className='fig__bar-row'>
      <View className='fig__bar-head'>
        <Text>{label}</Text>
        <Text>
          {count} 件 · {pct(share)}
        </Text>
      </View>
      <View className='fig__bar-track'>
        <View className={muted ? 'fig__bar-fill fig__bar-fill--other' : 'fig__bar-fill'} style={{ width: `${Math.max(share * 100, share > 0 ? 1 : 0)}%` }} />
      </View>
    </View>
  );
}

function Figure({ label, value, warn }: { label: string; value: string; warn?: boolean }) {
  return (
    <View className='fig__number'>
      <View className={warn ? 'fig__value fig__value--warn' : 'fig__value'}>{value}</View>
      <View className='qy-muted'>{label}</View>
    </View>
  );
}

function MonthChart({ f }: { f: CaseFiguresView }) {
  const perMonth = f.byTypeMonth.map((row) => ({
    common: row.reduce((s, n, i) => s + (f.types[i]!.common ? n : 0), 0),
    other: row.reduce((s, n, i) => s + (f.types[i]!.common ? 0 : n), 0),
  }));
  const max = Math.max(1, ...perMonth.map((m) => m.common + m.other));
  return (
    <View className='qy-card'>
      <View className='fig__months'>
        {perMonth.map((m, i) => (
          <View key={f.months[i]} className='fig__month' aria-label={`${monthForPeople(f.months[i]!)} 共 ${m.common + m.other} 件`}>
            <View className='fig__month-count'>{m.common + m.other}</View>
            <View className='fig__seg-other' style={{ height: `${(m.other / max) * 85}%` }} />
            <View className='fig__seg-common' style={{ height: `${(m.common / max) * 85}%` }} />
          </View>
        ))}
      </View>
      <View className='fig__month-labels'>
        {f.months.map((m) => (
          <View key={m} className='fig__month-label'>
            {/* The month's number alone: 10月 does not fit a column at 360 px in large text; the axis says 月. */}
            {Number.parseInt(m.slice(5), 10)}
          </View>
        ))}
      </View>
      {f.months.length > 0 && <View className='qy-muted'>{`横向是月份（${monthForPeople(f.months[0]!)}到${monthForPeople(f.months[f.months.length - 1]!)}），竖向是当月登记件数`}</View>}
      <View className='fig__legend'>
        <Text>
          <Text className='fig__swatch fig__seg-common' />六类纠纷
        </Text>
        <Text>
          <Text className='fig__swatch fig__seg-other' />其他
        </Text>
      </View>
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
          <View className='qy-card'>
            {typeTotals.map((t) => (
              <Bar key={t.code} label={t.label} count={t.count} share={f.total ? t.count / f.total : 0} muted={!t.common} />
            ))}
          </View>

          <View className='qy-section-title'>在哪一级化解</View>
          <View className='qy-card'>
            {CASE_LEVELS.map((l) => (
              <Bar key={l} label={`${LEVEL_LABELS[l]}化解`} count={f.resolvedAt[l]} share={f.resolvedTotal ? f.resolvedAt[l] / f.resolvedTotal : 0} muted={l !== 'village'} />
            ))}
          </View>

          <View className='qy-section-title'>回访满意度</View>
          <View className='qy-card'>
            {SATISFACTIONS.map((s) => (
              <Bar key={s} label={SATISFACTION_LABELS[s]} count={f.satisfaction[s]} share={visits ? f.satisfaction[s] / visits : 0} muted={s !== 'satisfied'} />
            ))}
          </View>
        </View>
      )}
    </PageShell>
  );
}
