import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import type { PowerCategory, PowerKind } from '@shared/domain/power-catalogue';
import { PageShell } from '../../../components/PageShell';
import { usePowers } from '../../../hooks/use-powers';
import { useSignedInUser } from '../../../hooks/use-session';
import { hasRole } from '../../../client/session';
import { averageText, POWER_CATEGORIES, POWER_CATEGORY_LABELS } from '../labels';
import './index.scss';
import { ROUTES } from '../../../routes';
import { go } from '../../../client/navigate';

/** The published list: search, kind and category by tap, each item with its anonymous counts. */
export default function PowerList() {
  const { user } = useSignedInUser();
  const [kind, setKind] = useState<PowerKind>('power');
  const [category, setCategory] = useState<PowerCategory | undefined>(undefined);
  const [q, setQ] = useState('');
  const { data, loading, error, reload } = usePowers('catalogue', { kind, category, q: q.trim() || undefined });
  const handles = user && (['village-cadre', 'grid-leader', 'town-cadre', 'county-admin', 'supervisor'] as const).some((r) => hasRole(user, r));

  return (
    <PageShell>
      <View className='qy-title'>{data ? `${data.unitName}小微权力清单` : '小微权力清单'}</View>
      <View className='qy-muted powers__lead'>看图办事不跑冤枉路：每件事怎么办、找谁办、几天办完，都在这里。</View>

      <View className='powers__shortcuts'>
        {user && <Button className='qy-btn qy-btn--ghost' onClick={go(ROUTES.powers.mine.url())}>我办的事</Button>}
        {handles && <Button className='qy-btn qy-btn--ghost' onClick={go(ROUTES.powers.queue.url())}>待我办理</Button>}
        {user && hasRole(user, 'supervisor') && <Button className='qy-btn qy-btn--ghost' onClick={go(ROUTES.powers.supervise.url())}>监督：投诉和提醒谈话</Button>}
        {user && (hasRole(user, 'village-cadre') || hasRole(user, 'county-admin') || hasRole(user, 'town-cadre')) && (
          <Button className='qy-btn qy-btn--ghost' onClick={go(ROUTES.powers.talks.url())}>三提醒谈话</Button>
        )}
      </View>

      <View className='qy-chips' role='tablist'>
        {(['power', 'responsibility'] as const).map((k) => (
          <View key={k} className={`qy-chip ${kind === k ? 'qy-chip--on' : ''}`} role='tab' aria-selected={kind === k} onClick={() => setKind(k)}>
            {k === 'power' ? '权力事项清单' : '主体责任清单'}
          </View>
        ))}
      </View>

      <View className='qy-field'>
        <Input className='qy-input' value={q} placeholder='搜一搜，如：低保、证明、宅基地' confirmType='search' onInput={(e) => setQ(e.detail.value)} />
      </View>

      <View className='qy-chips'>
        <View className={`qy-chip ${category === undefined ? 'qy-chip--on' : ''}`} onClick={() => setCategory(undefined)}>全部</View>
        {POWER_CATEGORIES.map((c) => (
          <View key={c} className={`qy-chip ${category === c ? 'qy-chip--on' : ''}`} onClick={() => setCategory(c)}>
            {POWER_CATEGORY_LABELS[c]}
          </View>
        ))}
      </View>

      {error && (
        <View className='qy-notice'>
          {error}
          <Button className='qy-btn qy-btn--plain' onClick={() => void reload()}>重新加载</Button>
        </View>
      )}
      {loading && !data && <View className='qy-muted'>正在加载…</View>}
      {data && data.items.length === 0 && <View className='qy-notice'>没有找到相关事项，换个词试试</View>}
      {data?.items.map((item) => (
        <View key={item.code} className='qy-card powers__item' role='button' onClick={go(ROUTES.powers.item.url({ code: item.code, villageId: data.unitId }))}>
          <View className='powers__item-head'>
            <Text className='powers__item-title'>{item.title}</Text>
            {item.adjusted && <Text className='powers__tag'>本村（社区）细化</Text>}
          </View>
          <View className='qy-muted'>
            {`${POWER_CATEGORY_LABELS[item.category]} · ${item.stepCount} 步 · 共 ${item.totalDays} 个工作日内 · ${item.fees}`}
          </View>
          <View className='powers__counts'>
            {`办理中 ${item.counts.inProgress} 件 · 已办结 ${item.counts.done} 件 · ${averageText(item.counts.averageDays)}`}
          </View>
        </View>
      ))}
    </PageShell>
  );
}
