import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { CaseSummary } from '@shared/contracts/cases';
import { LEVEL_LABELS, URGENCY_LABELS } from '@shared/domain/case-catalogue';
import { CASE_STATUS_LABELS } from '@shared/domain/case-state';
import { formatDate } from '../../../../client/format';
import './index.scss';
import { ROUTES } from '../../../../routes';

export function openCase(id: string): void {
  void Taro.navigateTo({ url: ROUTES.cases.detail.url({ id }) });
}

/** One dispute in a list: type, place, parties, status in words and colour, the time left, and 内容复核中 while text waits for review. */
export function CaseCard({ item }: { item: CaseSummary }) {
  return (
    <View className='qy-card case-card' onClick={() => openCase(item.id)}>
      <View className='case-card__head'>
        <Text className='case-card__title'>{item.typeLabel}</Text>
        <Text className={`case-card__status case-card__status--${item.status}`}>{CASE_STATUS_LABELS[item.status]}</Text>
      </View>
      <View className='qy-muted'>
        {item.unitName} · {item.gridName} · {LEVEL_LABELS[item.level]}办理
        {item.urgency !== 'normal' ? ` · ${URGENCY_LABELS[item.urgency]}` : ''}
      </View>
      <View className='case-card__parties'>当事人：{item.partyNames.join('、')}</View>
      <View className='case-card__brief'>{item.brief}</View>
      {item.underReview && (
        <View className='case-card__review'>
          <Text className='case-card__tag'>内容复核中</Text>
        </View>
      )}
      <View className='case-card__foot'>
        <Text className='qy-muted'>{formatDate(item.createdAt)}</Text>
        {item.deadlineText && (
          <Text className={item.overdue ? 'case-card__due case-card__due--over' : 'case-card__due'}>{item.deadlineText}</Text>
        )}
      </View>
    </View>
  );
}
