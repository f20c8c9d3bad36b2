import { useState } from 'react';
import { Input, Picker, Switch, Text, Textarea, View } from '@tarojs/components';
import { casesContract } from '@shared/contracts/cases';
import { CARE_KIND_LABELS } from '@shared/domain/care';
import { chinaDate } from '@shared/domain/china-time';
import { dayForPeople } from '@shared/domain/for-people';
import { WISH_CATEGORIES, WISH_CATEGORY_LABELS } from '@shared/domain/wish-state';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { go, useRouteParams } from '../../../client/navigate';
import { useAction } from '../../../hooks/use-action';
import { ROUTES } from '../../../routes';
import { useVolunteers, volunteersCall, volunteersErrorText } from '../../../hooks/use-volunteers';
import './index.scss';

const newRequestId = () => `visit-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/** 上门入户访民情: who on the grid's register is due a visit, the visit log, and turning a need into a wish or a case. */
export default function Visits() {
  const { gridId } = useRouteParams(ROUTES.volunteers.visits);
  const log = useVolunteers('visits', gridId ? { gridId } : {});
  const readsRegister = log.data?.readsRegister ?? false;
  const due = useVolunteers('visitsDue', readsRegister ? (gridId ? { gridId } : {}) : null);
  const types = useAction(casesContract, 'config', {});
  const [who, setWho] = useState<{ careRecipientId: string | null; name: string }>({ careRecipientId: null, name: '' });
  const [findings, setFindings] = useState('');
  const [follow, setFollow] = useState(false);
  const [category, setCategory] = useState(0);
  const [type, setType] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const [requestId, setRequestId] = useState(newRequestId);

  const run = async (work: () => Promise<unknown>, done: string) => {
    setMessage(null);
    try {
      await work();
      setMessage(done);
      await Promise.all([log.reload(), readsRegister ? due.reload() : Promise.resolve()]);
    } catch (e) {
      setMessage(volunteersErrorText(e));
    }
  };

  const grid = log.data?.grid;
  const typeList = types.data?.types ?? [];
  return (
    <PageShell>
      <View className='qy-title'>入户走访{grid ? ` · ${grid.name}` : ''}</View>
      {log.error && <View className='qy-notice'>{log.error}</View>}
      {message && <View className='qy-notice'>{message}</View>}
      {due.data && (
        <>
          <View className='qy-section-title'>超过 {due.data.dueDays} 天没有走访的关爱对象（共 {due.data.registered} 人）</View>
          {due.data.items.length === 0 && <View className='qy-muted'>名单上的人最近都走访过了。</View>}
          {due.data.items.map((p) => (
            <View key={p.careRecipientId} className='qy-card' onClick={() => setWho({ careRecipientId: p.careRecipientId, name: p.name })}>
              <Text className='qy-label'>{p.name}</Text>
              <View>{p.kinds.map((k) => CARE_KIND_LABELS[k]).join('、')} · {p.address}</View>
              <View className='qy-muted'>{p.lastVisitedOn ? `上次走访 ${dayForPeople(p.lastVisitedOn)}，已 ${p.daysSince} 天` : '还没有走访过'}</View>
              {who.careRecipientId === p.careRecipientId && <View className='qy-notice'>已选中，在下面登记这次走访</View>}
            </View>
          ))}
        </>
      )}
      {grid && log.data?.canLog && (
        <View className='qy-card'>
          <Text className='qy-label'>登记一次走访（今天）</Text>
          <View className='qy-field'>
            <Text className='qy-label'>走访对象</Text>
            <Input className='qy-input' value={who.name} maxlength={20} placeholder='户主或本人姓名' onInput={(e) => setWho({ careRecipientId: null, name: e.detail.value })} />
          </View>
          <View className='qy-field'>
            <Text className='qy-label'>了解到的情况</Text>
            <Textarea className='qy-textarea' value={findings} maxlength={500} onInput={(e) => setFindings(e.detail.value)} />
          </View>
          <View className='qy-row'>
            <Text>有需要跟进的事</Text>
            <Switch checked={follow} onChange={(e) => setFollow(e.detail.value)} />
          </View>
          <Button className='qy-btn' disabled={!who.name.trim() || findings.trim().length < 2} onClick={() => void run(async () => {
            await volunteersCall('logVisit', { gridId: grid.id, careRecipientId: who.careRecipientId, subjectName: who.name, visitedOn: chinaDate(new Date()), findings, needsFollowUp: follow, requestId });
            setFindings('');
            setWho({ careRecipientId: null, name: '' });
            setRequestId(newRequestId());
          }, '走访已登记')}>登记走访</Button>
        </View>
      )}
      {log.data && log.data.items.length > 0 && <View className='qy-section-title'>走访记录</View>}
      {log.data?.items.map((v) => (
        <View key={v.id} className='qy-card'>
          <Text className='qy-label'>{v.subjectName}</Text>
          <View className='qy-muted'>{dayForPeople(v.visitedOn)} · {v.visitorName}</View>
          <View>{v.findings}</View>
          {v.wishId && <Button className='qy-btn qy-btn--plain' onClick={go(ROUTES.wish.detail.url({ id: v.wishId }))}>已转为微心愿，查看</Button>}
          {v.caseId && <Button className='qy-btn qy-btn--plain' onClick={go(ROUTES.cases.detail.url({ id: v.caseId }))}>已转为矛盾纠纷，查看</Button>}
          {v.needsFollowUp && (v.mine || log.data?.canLog) && !v.wishId && (
            <View className='qy-row'>
              <Picker mode='selector' range={WISH_CATEGORIES.map((c) => WISH_CATEGORY_LABELS[c])} value={category} onChange={(e) => setCategory(Number(e.detail.value))}>
                <View className='qy-chip'>{WISH_CATEGORY_LABELS[WISH_CATEGORIES[category]!]}</View>
              </Picker>
              <Button className='qy-btn qy-btn--plain' onClick={() => void run(() => volunteersCall('visitToWish', { visitId: v.id, title: `${v.subjectName}家的需求`.slice(0, 40), category: WISH_CATEGORIES[category]! }), '已转为微心愿，等村（社区）审核')}>转为微心愿</Button>
            </View>
          )}
          {v.needsFollowUp && (v.mine || log.data?.canLog) && !v.caseId && typeList.length > 0 && (
            <View className='qy-row'>
              <Picker mode='selector' range={typeList.map((t) => t.label)} value={type} onChange={(e) => setType(Number(e.detail.value))}>
                <View className='qy-chip'>{typeList[type]?.label}</View>
              </Picker>
              <Button className='qy-btn qy-btn--plain' onClick={() => void run(() => volunteersCall('visitToCase', { visitId: v.id, type: typeList[type]!.code }), '已登记为矛盾纠纷')}>转为矛盾纠纷</Button>
            </View>
          )}
        </View>
      ))}
    </PageShell>
  );
}
