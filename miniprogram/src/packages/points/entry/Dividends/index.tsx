import { useState } from 'react';
import { Input, View } from '@tarojs/components';
import { Button } from '../../../../components/Button';
import { moneyForPeople, parseYuanToFen } from '@shared/domain/money';
import { go } from '../../../../client/navigate';
import type { PointsEntry } from '../../../../hooks/use-points-entry';
import { ROUTES } from '../../../../routes';
import type { Ask } from '../ask';

/** Last year's collective income, split by “4321”; 20% goes to the households by points. */
export function Dividends({ entry, ask, villageId }: { entry: PointsEntry; ask: Ask; villageId: string }) {
  const [income, setIncome] = useState('');
  const year = entry.dividendYear;
  if (year === null) return null;
  const incomeFen = parseYuanToFen(income);
  const table = ROUTES.points.dividends.url({ villageId, year });
  return (
    <>
      <View className='qy-section-title'>年度分红</View>
      <View className='qy-card'>
        <View className='qy-muted'>填写{year}年村集体收入，按“4321”分配，20% 按积分分给各户。</View>
        <Input className='qy-input' type='digit' value={income} placeholder='集体收入（元）' onInput={(e) => setIncome(e.detail.value)} />
        <View className='qy-actions'>
          <Button
            className='qy-btn qy-btn--ghost'
            disabled={!incomeFen}
            onClick={() =>
              incomeFen &&
              ask({ title: '计算分红', message: `${year}年集体收入 ${moneyForPeople(incomeFen)}，分红计算后不能再改。`, confirmText: '计算' }, () => entry.distribute(income), '分红已计算', go(table))
            }
          >
            计算并公布分红
          </Button>
          <Button className='qy-btn qy-btn--plain' onClick={go(table)}>
            查看分红表
          </Button>
        </View>
      </View>
    </>
  );
}
