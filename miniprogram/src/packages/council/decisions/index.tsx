import { View } from '@tarojs/components';
import { PageShell } from '../../../components/PageShell';
import { useCouncils } from '../../../hooks/use-councils';
import { formatDay } from '../../../client/format';
import { go } from '../../../client/navigate';
import { ROUTES } from '../../../routes';
import { percent } from '../labels';
import '../decision/index.scss';

const STATUS = { planning: '待安排落实', 'in-progress': '落实中', done: '已落实' } as const;

/** What the council decided and how far each decision has been carried out (成事在民). */
export default function Decisions() {
  const { data, loading, error } = useCouncils('decisions', {});
  return (
    <PageShell>
      <View className='qy-title'>议事决定和落实</View>
      <View className='qy-muted'>每项决定由一个成员单位负责落实，分步骤、有期限，进度大家都能看到。</View>
      {error && <View className='qy-notice'>{error}</View>}
      {loading && !data && <View className='qy-muted'>正在加载…</View>}
      {data && data.decisions.length === 0 && <View className='qy-muted'>还没有议事决定。</View>}
      {data?.decisions.map((d) => (
        <View key={d.id} className='qy-card' role='button' onClick={go(ROUTES.council.decision.url({ id: d.id }))}>
          <View className='qy-label'>{d.topicTitle}</View>
          <View>{`${STATUS[d.status]}${d.responsibleName ? ` · ${d.responsibleName}负责` : ''} · ${formatDay(d.decidedAt)}决定`}</View>
          <View className='decision__bar'>
            <View className='decision__fill' style={{ width: percent(d.progress) }} />
          </View>
          <View className='qy-muted'>{`完成 ${percent(d.progress)}${d.steps.some((s) => s.overdue) ? '，有步骤超期' : ''}`}</View>
        </View>
      ))}
    </PageShell>
  );
}
