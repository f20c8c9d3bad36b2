import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { ConfirmDialog, type ConfirmSpec } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { useSignedInUser } from '../../../hooks/use-session';
import { serverWordedError } from '../../../client/error-text';
import { monthLabel } from '../../../hooks/use-points';
import { usePointsEntry } from '../../../hooks/use-points-entry';
import type { Ask } from './ask';
import { CsvImport } from './CsvImport';
import { Dividends } from './Dividends';
import { Objections } from './Objections';
import { RatingSheet, RatingStatus } from './Rating';
import '../points.scss';

type Pending = ConfirmSpec & { run: (text: string) => Promise<void> };

/** 积分评议: a village cadre rates the month, answers objections, imports scores and splits the dividends. */
export default function PointsEntry() {
  const { user } = useSignedInUser();
  const villageId = user?.roles.find((r) => r.role === 'village-cadre')?.unitId ?? null;
  const entry = usePointsEntry(villageId);
  const [open, setOpen] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);

  const ask: Ask = (spec, run, done, after) =>
    setPending({
      ...spec,
      run: async (text) => {
        try {
          await run(text);
        } catch (e) {
          throw new Error(serverWordedError(e));
        }
        setPending(null);
        void Taro.showToast({ title: done, icon: 'none' });
        after?.();
      },
    });

  const { data } = entry;
  if (!villageId) return <PageShell><View className='qy-notice'>只有村（社区）干部可以评分</View></PageShell>;
  if (entry.loading && !data) return <PageShell><View className='qy-muted'>正在加载…</View></PageShell>;
  if (!data) return <PageShell><View className='qy-notice'>{entry.error ?? '加载失败'}</View></PageShell>;

  return (
    <PageShell>
      <View className='qy-title'>{data.month.villageName}积分评议</View>
      <View className='qy-chips'>
        {entry.months.map((x) => (
          <View key={x} className={`qy-chip ${x === entry.month ? 'qy-chip--on' : ''}`} onClick={() => entry.chooseMonth(x)}>
            {monthLabel(x, true)}
          </View>
        ))}
      </View>
      <RatingStatus entry={entry} ask={ask} />
      <Objections entry={entry} ask={ask} />
      <RatingSheet entry={entry} ask={ask} open={open} onToggle={(id) => setOpen(open === id ? null : id)} />
      {data.month.status === 'draft' && <CsvImport entry={entry} />}
      <Dividends entry={entry} ask={ask} villageId={villageId} />
      <ConfirmDialog spec={pending} onConfirm={(text) => (pending ? pending.run(text) : Promise.resolve())} onClose={() => setPending(null)} />
    </PageShell>
  );
}
