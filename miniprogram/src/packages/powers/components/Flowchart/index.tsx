import { Text, View } from '@tarojs/components';
import type { PowersOutput } from '../../../../hooks/use-powers';
import { shortDate, STEP_ROLE_LABELS, STEP_STATUS_LABELS } from '../../labels';
import './index.scss';

type ItemStep = PowersOutput<'item'>['steps'][number];
type MatterStep = PowersOutput<'matter'>['steps'][number];

interface Props {
  steps: (ItemStep | MatterStep)[];
}

const isMatterStep = (s: ItemStep | MatterStep): s is MatterStep => 'status' in s;

const MARK: Record<MatterStep['status'], string> = { done: '✓', current: '●', pending: '', refused: '✕', cancelled: '–' };

/**
 * The flowchart (流程图) as a vertical list of steps joined by a line: one step per row, big enough
 * to read in large-text mode. With a matter's steps, each says its status in words, the current one
 * is highlighted, and done steps say who acted and when.
 */
export function Flowchart({ steps }: Props) {
  return (
    <View className='flow' role='list'>
      {steps.map((s, i) => {
        const m = isMatterStep(s) ? s : null;
        const status = m?.status ?? 'plain';
        const last = i === steps.length - 1;
        return (
          <View key={`${i}-${s.title}`} className={`flow__step flow__step--${status}`} role='listitem'>
            <View className='flow__rail'>
              <View className='flow__dot'>
                <Text>{m && MARK[m.status] ? MARK[m.status] : String(i + 1)}</Text>
              </View>
              {!last && <View className='flow__line' />}
            </View>
            <View className='flow__body'>
              <View className='flow__head'>
                <Text className='flow__title'>{`第${i + 1}步 ${s.title}`}</Text>
                {m && <Text className={`flow__status flow__status--${m.status}`}>{STEP_STATUS_LABELS[m.status]}</Text>}
                {m?.overdue && <Text className='flow__status flow__status--overdue'>超时</Text>}
              </View>
              <View className='flow__meta'>
                {s.actorLabel === STEP_ROLE_LABELS[s.role] ? s.actorLabel : `${s.actorLabel}（${STEP_ROLE_LABELS[s.role]}）`}
                {s.limitDays > 0 ? ` · ${s.limitDays} 个工作日内` : ''}
                {s.localAdded ? ' · 本村（社区）增加' : ''}
              </View>
              {s.publicity && <View className='flow__public'>{`公开：${s.publicity}`}</View>}
              {m?.status === 'current' && m.dueAt && <View className='flow__due'>{`请在 ${shortDate(m.dueAt)} 前办结`}</View>}
              {m && m.doneAt && m.actorName && (
                <View className='flow__done'>{`${m.actorName} · ${shortDate(m.doneAt)}${m.note ? `：${m.note}` : ''}`}</View>
              )}
            </View>
          </View>
        );
      })}
    </View>
  );
}
