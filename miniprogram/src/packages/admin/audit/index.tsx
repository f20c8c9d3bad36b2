import { Picker, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { AUDIT_ACTION_LABELS } from '@shared/domain/audit-log';
import { PageShell } from '../../../components/PageShell';
import { CursorListView } from '../../../components/CursorListView';
import { useAuditLog } from '../../../hooks/use-audit-log';
import { formatDate, formatDay } from '../../../client/format';
import './index.scss';

const ACTIONS = Object.entries(AUDIT_ACTION_LABELS).sort((a, b) => a[1].localeCompare(b[1], 'zh'));
const ACTION_NAMES = ['全部操作', ...ACTIONS.map(([, label]) => label)];

/** 村务监督委员会 / 纪检 and county admins: every cadre action in their jurisdiction, who, what, when, before and after. */
export default function AuditLog() {
  const { list, units, filter, onlyPerson, onlyAction, between, clear } = useAuditLog();
  const actionIndex = filter.action ? ACTIONS.findIndex(([code]) => code === filter.action) + 1 : 0;
  const filtered = Boolean(filter.actorId || filter.action || filter.from || filter.to);

  return (
    <PageShell>
      <View className='qy-title'>操作记录</View>
      <View className='qy-muted audit__lead'>
        {units.length ? `${units.map((u) => u.name).join('、')}范围内` : ''}干部的每一次操作都记在这里，只能查看，不能修改。电话和身份证号已隐去中间几位。
      </View>
      <View className='audit__filters'>
        <Picker mode='selector' range={ACTION_NAMES} value={actionIndex} onChange={(e) => onlyAction(ACTIONS[Number(e.detail.value) - 1]?.[0])}>
          <View className='qy-chip'>{ACTION_NAMES[actionIndex]}</View>
        </Picker>
        <Picker mode='date' value={filter.from ?? ''} onChange={(e) => between({ from: String(e.detail.value) })}>
          <View className='qy-chip'>{filter.from ? `${formatDay(filter.from)}起` : '开始日期'}</View>
        </Picker>
        <Picker mode='date' value={filter.to ?? ''} onChange={(e) => between({ to: String(e.detail.value) })}>
          <View className='qy-chip'>{filter.to ? `到${formatDay(filter.to)}` : '结束日期'}</View>
        </Picker>
        {filter.actorName && <View className='qy-chip qy-chip--on'>只看{filter.actorName}</View>}
        {filtered && (
          <Button className='qy-btn qy-btn--plain' onClick={clear}>
            清除筛选
          </Button>
        )}
      </View>
      <CursorListView
        list={list}
        empty={<View className='qy-card qy-muted'>没有符合条件的操作记录</View>}
        renderItem={(e) => (
          <View key={e.id} className='qy-card'>
            <View className='audit__title'>{e.actionLabel}</View>
            <View className='audit__line'>
              {e.actorName} · {formatDate(e.at)}
            </View>
            {e.changes.map((c, i) => (
              <View key={i} className='audit__line qy-muted'>
                {c.field}：{c.before ?? '（无）'} → {c.after ?? '（无）'}
              </View>
            ))}
            {filter.actorId !== e.actorId && (
              <Button className='qy-btn qy-btn--plain' onClick={() => onlyPerson(e.actorId, e.actorName)}>
                只看{e.actorName}的操作
              </Button>
            )}
          </View>
        )}
      />
    </PageShell>
  );
}
