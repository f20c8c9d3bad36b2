import { useState } from 'react';
import { View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { useCaseConfig, type CaseScope } from '../../../hooks/use-cases';
import { CaseList } from '../components/CaseList';
import { ROUTES } from '../../../routes';
import { go } from '../../../client/navigate';

const TABS: { scope: CaseScope; label: string; hint: string }[] = [
  { scope: 'handling', label: '我的待办', hint: '按紧急程度和期限排列，最急的在最上面' },
  { scope: 'committee', label: '调委会', hint: '分派给本调解委员会的案件' },
  { scope: 'area', label: '辖区全部', hint: '辖区内登记的全部纠纷，最新的在最上面' },
];


/** The handler's desk: work by urgency and deadline, the committee's cases, the whole area. */
export default function HandlingCases() {
  const { config } = useCaseConfig();
  const tabs = TABS.filter((t) => (t.scope === 'committee' ? config?.mediator : t.scope === 'handling' ? config?.handler : config?.overseer));
  const [scope, setScope] = useState<CaseScope | null>(null);
  const current = scope ?? tabs[0]?.scope ?? null;
  return (
    <PageShell>
      <View className='qy-title'>矛盾纠纷待办</View>
      {tabs.length > 1 && (
        <View className='qy-chips' role='radiogroup' aria-label='选择列表'>
          {tabs.map((t) => (
            <View key={t.scope} role='radio' aria-checked={current === t.scope} className={`qy-chip ${current === t.scope ? 'qy-chip--on' : ''}`} onClick={() => setScope(t.scope)}>
              {t.label}
            </View>
          ))}
        </View>
      )}
      <View className='qy-actions'>
        <Button className='qy-btn' onClick={go(ROUTES.cases.report.url())}>
          登记纠纷（排查单）
        </Button>
        {config && config.figuresUnits.length > 0 && (
          <Button className='qy-btn qy-btn--ghost' onClick={go(ROUTES.cases.figures.url())}>
            统计图表
          </Button>
        )}
        <Button className='qy-btn qy-btn--plain' onClick={go(ROUTES.cases.mine.url())}>
          我登记的纠纷
        </Button>
      </View>
      {current && <View className='qy-section-title'>{TABS.find((t) => t.scope === current)?.label}</View>}
      {current && <View className='qy-muted'>{TABS.find((t) => t.scope === current)?.hint}</View>}
      {current && <CaseList key={current} scope={current} emptyText='眼下没有需要办理的纠纷' />}
    </PageShell>
  );
}
