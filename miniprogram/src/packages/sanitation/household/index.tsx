import { useState } from 'react';
import { View } from '@tarojs/components';
import { chinaDate, chinaMonth } from '@shared/domain/china-time';
import { dayForPeople, monthForPeople } from '@shared/domain/for-people';
import {
  ACCEPTANCE,
  ACCEPTANCE_LABELS,
  SATISFACTION,
  SATISFACTION_LABELS,
  SORTING_RESULT_LABELS,
  SORTING_RESULTS,
  TOILET_MODE_LABELS,
  TOILET_MODES,
  TOILET_WORK_LABELS,
  TOILET_WORKS,
  type Acceptance,
  type Satisfaction,
  type ToiletMode,
  type ToiletWork,
} from '@shared/domain/sanitation-household';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { useRouteParams } from '../../../client/navigate';
import { sanitationCall, sanitationErrorText, useSanitation } from '../../../hooks/use-sanitation';
import { ROUTES } from '../../../routes';
import '../components/sanitation.scss';

function Choices<T extends string>({ values, labels, value, onChange }: { values: readonly T[]; labels: Record<T, string>; value: T | null; onChange: (v: T) => void }) {
  return (
    <View className='qy-chips'>
      {values.map((v) => (
        <Button key={v} className={`qy-chip${value === v ? ' qy-chip--on' : ''}`} onClick={() => onChange(v)}>
          {labels[v]}
        </Button>
      ))}
    </View>
  );
}

/** A household's toilet and garbage sorting: the household reads it; the village cadre records here. */
export default function HouseholdPage() {
  const params = useRouteParams(ROUTES.sanitation.household);
  const { data: h, error, setData } = useSanitation('household', params.householdId ? { householdId: params.householdId } : {});
  const [mode, setMode] = useState<ToiletMode | null>(null);
  const [work, setWork] = useState<ToiletWork>('converted');
  const [acceptance, setAcceptance] = useState<Acceptance>('passed');
  const [satisfaction, setSatisfaction] = useState<Satisfaction | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  if (!h) return <PageShell><View className={error ? 'qy-notice' : 'qy-muted'}>{error ?? '正在加载…'}</View></PageShell>;

  const run = async (work: () => Promise<typeof h>, done: string) => {
    setMessage(null);
    try {
      setData(await work());
      setMessage(done);
    } catch (e) {
      setMessage(sanitationErrorText(e));
    }
  };
  const today = chinaDate(new Date());
  return (
    <PageShell>
      <View className='qy-title'>{h.headName}家</View>
      <View className='qy-section-title'>厕所</View>
      <View className='qy-card'>
        {h.toilet ? (
          <View>
            <View className='qy-label'>
              {TOILET_MODE_LABELS[h.toilet.mode]} · {h.sanitaryToilet ? '卫生厕所' : '还不是卫生厕所'}
            </View>
            <View>
              {dayForPeople(h.toilet.doneOn)}
              {TOILET_WORK_LABELS[h.toilet.work]} · {ACCEPTANCE_LABELS[h.toilet.acceptance]}
            </View>
            {h.toilet.satisfaction && <View className='qy-muted'>满意度：{SATISFACTION_LABELS[h.toilet.satisfaction]}</View>}
          </View>
        ) : (
          <View className='qy-muted'>还没有登记厕所。</View>
        )}
      </View>
      <View className='qy-section-title'>垃圾分类</View>
      <View className='qy-card'>
        <View>{h.bins ? `已发分类垃圾桶 ${h.bins.count} 个（${dayForPeople(h.bins.givenOn)}）` : '还没有发分类垃圾桶。'}</View>
        {h.indicator && <View className='qy-muted'>每月检查结果计入积分“{h.indicator.name}”（满分 {h.indicator.max} 分）的参考分。</View>}
        {h.checks.map((c) => (
          <View key={c.month} className='qy-row'>
            {monthForPeople(c.month)}：{SORTING_RESULT_LABELS[c.result]}（{c.points} 分）
          </View>
        ))}
      </View>

      {h.canRecord && (
        <View>
          <View className='qy-section-title'>登记厕所</View>
          <Choices values={TOILET_MODES} labels={TOILET_MODE_LABELS} value={mode} onChange={setMode} />
          <Choices values={TOILET_WORKS} labels={TOILET_WORK_LABELS} value={work} onChange={setWork} />
          <Choices values={ACCEPTANCE} labels={ACCEPTANCE_LABELS} value={acceptance} onChange={setAcceptance} />
          <View className='qy-label'>这户满意吗</View>
          <Choices values={SATISFACTION} labels={SATISFACTION_LABELS} value={satisfaction} onChange={setSatisfaction} />
          <Button
            className='qy-btn'
            disabled={!mode}
            onClick={() => void run(() => sanitationCall('saveToilet', { householdId: h.householdId, mode: mode!, work, doneOn: today, acceptance, satisfaction }), '厕所已登记')}
          >
            保存厕所（今天建改完成）
          </Button>
          <Button className='qy-btn qy-btn--ghost' onClick={() => void run(() => sanitationCall('saveBins', { householdId: h.householdId, count: 2, givenOn: today }), '已登记发放两个分类垃圾桶')}>
            登记：今天发放两个分类垃圾桶
          </Button>
          <View className='qy-section-title'>本月垃圾分类检查</View>
          <View className='qy-actions'>
            {SORTING_RESULTS.map((r) => (
              <Button key={r} className='qy-btn qy-btn--plain' onClick={() => void run(() => sanitationCall('checkSorting', { householdId: h.householdId, month: chinaMonth(new Date()), result: r }), `本月检查：${SORTING_RESULT_LABELS[r]}`)}>
                {SORTING_RESULT_LABELS[r]}
              </Button>
            ))}
          </View>
        </View>
      )}
      {message && <View className='qy-notice'>{message}</View>}
    </PageShell>
  );
}
