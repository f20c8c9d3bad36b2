import { Text, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { usePowers } from '../../../hooks/use-powers';
import { Flowchart } from '../components/Flowchart';
import { averageText, POWER_CATEGORY_LABELS, shortDate } from '../labels';
import './index.scss';
import { ROUTES } from '../../../routes';
import { go, useRouteParams } from '../../../client/navigate';

/** One item: the plain-words guide card first, then the flowchart, what to bring, and the risk card. */
export default function PowerItem() {
  const params = useRouteParams(ROUTES.powers.item);
  const code = params.code ?? '';
  const { data: item, loading, error, reload } = usePowers('item', code ? { code, villageId: params.villageId || undefined } : null);

  if (loading && !item) return <PageShell><View className='qy-muted'>正在加载…</View></PageShell>;
  if (!item) {
    return (
      <PageShell>
        <View className='qy-notice'>{error ?? '没有找到这个事项'}</View>
        <Button className='qy-btn qy-btn--plain' onClick={() => void reload()}>重新加载</Button>
      </PageShell>
    );
  }

  return (
    <PageShell>
      <View className='qy-title'>{item.title}</View>
      <View className='qy-muted'>
        {`${item.unitName} · ${POWER_CATEGORY_LABELS[item.category]} · 第 ${item.version} 版${item.adjusted ? '（本村（社区）细化）' : ''}`}
      </View>
      <View className='item__summary'>{item.summary}</View>

      {item.canStart && (
        <Button className='qy-btn item__apply' onClick={go(ROUTES.powers.apply.url({ code: item.code }))}>
          {item.starter === 'cadre' ? '发起这个事项' : '我要办理'}
        </Button>
      )}

      <View className='qy-section-title'>权力清单明白卡</View>
      <View className='qy-card item__guide'>
        {item.guideCard.map((line, i) => (
          <View key={i} className='item__guide-line'>{`${i + 1}. ${line}`}</View>
        ))}
        {item.localNote && <View className='item__local'>{`本村（社区）办理：${item.localNote}`}</View>}
      </View>

      <View className='qy-section-title'>办理流程图</View>
      <View className='qy-muted item__hint'>{`共 ${item.steps.length} 步，合计 ${item.totalDays} 个工作日内办完（不含周末和法定节假日）`}</View>
      <View className='qy-card'>
        <Flowchart steps={item.steps} />
      </View>

      <View className='qy-section-title'>要带的材料</View>
      <View className='qy-card'>
        {item.materials.length === 0 ? <View>不需要群众提供材料</View> : item.materials.map((m) => <View key={m} className='item__material'>{`□ ${m}`}</View>)}
        <View className='item__fact'>{`收费：${item.fees}`}</View>
        <View className='item__fact'>{`责任主体：${item.body}`}</View>
      </View>

      <View className='qy-section-title'>廉政风险警示提醒卡</View>
      <View className='qy-card item__risk'>
        <View className='item__risk-text'>{item.riskCard}</View>
        {item.risks.map((r, i) => (
          <View key={i} className='item__risk-point'>
            <Text className='item__risk-label'>{`风险点：${r.point}`}</Text>
            <View>{`防控措施：${r.measure}`}</View>
          </View>
        ))}
      </View>

      <View className='qy-section-title'>办理情况</View>
      <View className='qy-card'>
        {`办理中 ${item.counts.inProgress} 件，已办结 ${item.counts.done} 件，${averageText(item.counts.averageDays)}`}
      </View>

      <View className='qy-section-title'>依据</View>
      <View className='qy-card'>
        {item.basis.map((b) => <View key={b}>{b}</View>)}
      </View>

      <View className='qy-section-title'>版本记录</View>
      <View className='qy-card'>
        {item.versions.map((v) => (
          <View key={v.versionId} className='item__version'>
            {`${v.scope === 'county' ? '县级标准' : '本村（社区）细化'} 第 ${v.version} 版 · ${shortDate(v.publishedAt)}${v.changeNote ? `：${v.changeNote}` : ''}`}
          </View>
        ))}
        <View className='qy-muted'>已经开始办理的事项，按开始时的版本办到底。</View>
      </View>
    </PageShell>
  );
}
