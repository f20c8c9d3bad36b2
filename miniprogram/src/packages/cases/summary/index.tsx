import { View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { levelBodyLabel } from '@shared/domain/case-catalogue';
import { CASE_STATUS_LABELS } from '@shared/domain/case-state';
import { PageShell } from '../../../components/PageShell';
import { useCaseSummary } from '../../../hooks/use-cases';
import { formatDate } from '../../../client/format';
import { go, useRouteParams } from '../../../client/navigate';
import { ROUTES } from '../../../routes';
import './index.scss';

/**
 * The page a 网格党小组 member's dispute alert opens: what kind of dispute, where, at which level and
 * who handles it. The parties' names and words stay with the handlers.
 */
export default function CaseSummary() {
  const params = useRouteParams(ROUTES.cases.summary);
  const { brief, loading, error, reload } = useCaseSummary(params.id);

  if (loading && !brief) return <PageShell><View className='qy-muted'>正在加载…</View></PageShell>;
  if (!brief) {
    return (
      <PageShell>
        <View className='qy-notice'>{error ?? '没有找到这个纠纷'}</View>
        <Button className='qy-btn qy-btn--plain' onClick={() => void reload()}>
          重新加载
        </Button>
      </PageShell>
    );
  }
  return (
    <PageShell>
      <View className='qy-title'>{brief.typeLabel}纠纷</View>
      <View className='qy-card'>
        <View className='summary__line'>地点：{brief.unitName} · {brief.gridName}</View>
        <View className='summary__line'>状态：{CASE_STATUS_LABELS[brief.status]}</View>
        <View className='summary__line'>办理：{levelBodyLabel(brief.level, brief.handlerUnitName)}（{brief.handlerUnitName}）</View>
        {brief.handlerNames.length > 0 && <View className='summary__line'>承办人员：{brief.handlerNames.join('、')}</View>}
        <View className='summary__line qy-muted'>登记时间：{formatDate(brief.createdAt)}</View>
      </View>
      <View className='qy-muted summary__line'>当事人的姓名和纠纷详情只有承办人员可以查看。网格里如需协助，承办人员会联系您。</View>
      {brief.canOpen && (
        <Button className='qy-btn' onClick={go(ROUTES.cases.detail.url({ id: brief.id }))}>
          查看纠纷详情
        </Button>
      )}
    </PageShell>
  );
}
