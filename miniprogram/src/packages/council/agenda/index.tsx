import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { DECISION_RULE_LABELS, DECISION_RULES, type DecisionRule } from '@shared/domain/council-rules';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { councilsCall, councilsErrorText, useCouncils, type CouncilsOutput } from '../../../hooks/use-councils';
import { useSignedInUser } from '../../../hooks/use-session';

type Item = CouncilsOutput<'agenda'>['items'][number];
type Where = 'council' | 'forward' | 'refuse';

/** One item of the list, edited by its owner: the county's standard item, or a village's own. */
function ItemForm({ unitId, item, onSaved }: { unitId: string; item: Item | null; onSaved: () => void }) {
  const [code, setCode] = useState(item?.code ?? '');
  const [title, setTitle] = useState(item?.title ?? '');
  const [description, setDescription] = useState(item?.description ?? '');
  const [rule, setRule] = useState<DecisionRule>(item?.rule ?? 'consensus');
  const [where, setWhere] = useState<Where>(item?.forwardTo ? 'forward' : item?.refusal ? 'refuse' : 'council');
  const [other, setOther] = useState(item?.forwardTo ?? item?.refusal ?? '');
  const [error, setError] = useState<string | null>(null);
  const save = async (active: boolean) => {
    setError(null);
    try {
      await councilsCall('saveAgendaItem', {
        unitId,
        code: code.trim().toUpperCase(),
        title: title.trim(),
        description: description.trim(),
        rule,
        forwardTo: where === 'forward' ? other.trim() : null,
        refusal: where === 'refuse' ? other.trim() : null,
        active,
      });
      void Taro.showToast({ title: active ? '已保存' : '已停用', icon: 'none' });
      onSaved();
    } catch (e) {
      setError(councilsErrorText(e));
    }
  };
  return (
    <View className='qy-card'>
      <Text className='qy-label'>编号（两个字母和两位数字，如 YS-08）</Text>
      <Input className='qy-input' value={code} maxlength={5} disabled={!!item} onInput={(e) => setCode(e.detail.value)} />
      <Text className='qy-label'>事项</Text>
      <Input className='qy-input' value={title} maxlength={30} onInput={(e) => setTitle(e.detail.value)} />
      <Text className='qy-label'>说明</Text>
      <Textarea className='qy-textarea' value={description} maxlength={200} onInput={(e) => setDescription(e.detail.value)} />
      <Text className='qy-label'>由谁办</Text>
      <View className='qy-chips'>
        {(['council', 'forward', 'refuse'] as const).map((w) => (
          <View key={w} className={`qy-chip ${where === w ? 'qy-chip--on' : ''}`} role='radio' aria-checked={where === w} onClick={() => setWhere(w)}>
            {w === 'council' ? '议事会决定' : w === 'forward' ? '转交其他单位' : '不予受理'}
          </View>
        ))}
      </View>
      {where === 'council' ? (
        <View className='qy-chips'>
          {DECISION_RULES.map((r) => (
            <View key={r} className={`qy-chip ${rule === r ? 'qy-chip--on' : ''}`} role='radio' aria-checked={rule === r} onClick={() => setRule(r)}>{DECISION_RULE_LABELS[r]}</View>
          ))}
        </View>
      ) : (
        <Input className='qy-input' value={other} maxlength={where === 'forward' ? 30 : 100} placeholder={where === 'forward' ? '转交给哪个单位' : '不予受理的理由'} onInput={(e) => setOther(e.detail.value)} />
      )}
      {error && <View className='qy-notice'>{error}</View>}
      <Button className='qy-btn' onClick={() => void save(true)}>保存</Button>
      {item && <Button className='qy-btn qy-btn--plain' onClick={() => void save(false)}>停用这一项</Button>}
    </View>
  );
}

/** 议事事项清单, kept as data: the county edits its standard items, a village's party organisation its own. */
export default function Agenda() {
  const { user } = useSignedInUser();
  const { data, error, reload } = useCouncils('agenda', {});
  const { data: home } = useCouncils('council', {});
  const [editing, setEditing] = useState<Item | 'new' | null>(null);
  if (!data) return <PageShell><View className={error ? 'qy-notice' : 'qy-muted'}>{error ?? '正在加载…'}</View></PageShell>;
  const county = user?.roles.find((r) => r.role === 'county-admin')?.unitId ?? null;
  const village = home?.council?.mine.manages ? home.villageId : null;
  const ownerOf = (i: Item) => (i.scope === 'county' ? county : village);
  const s = data.settings;
  return (
    <PageShell>
      <View className='qy-title'>议事事项清单</View>
      <View className='qy-muted'>{`居民的议题有 ${s.supportThreshold} 户支持列入议事；代表表决到会 ${Math.round(s.repQuorum * 100)}% 有效、同意过 ${Math.round(s.repMajority * 100)}% 通过；户代表投票 ${s.householdVoteDays} 天。评选公示 ${s.honourPublicityDays} 天，${s.honourTieRuleLabel}。`}</View>
      {data.items.map((i) => (
        <View key={i.code} className='qy-card'>
          <View className='qy-label'>{i.title}</View>
          <View className='qy-muted'>{i.description}</View>
          <View>{i.forwardTo ? `转交${i.forwardTo}` : i.refusal ? `不予受理：${i.refusal}` : `议事会决定：${i.ruleLabel}`}</View>
          <View className='qy-muted'>{i.scope === 'county' ? '全县标准事项' : '本村（社区）事项'}</View>
          {ownerOf(i) && editing !== i && <Button className='qy-btn qy-btn--plain' onClick={() => setEditing(i)}>修改</Button>}
          {editing === i && <ItemForm unitId={ownerOf(i)!} item={i} onSaved={() => { setEditing(null); void reload(); }} />}
        </View>
      ))}
      {(village || county) && editing !== 'new' && <Button className='qy-btn qy-btn--ghost' onClick={() => setEditing('new')}>{village ? '增加本村（社区）的议事事项' : '增加全县标准事项'}</Button>}
      {editing === 'new' && <ItemForm unitId={(village ?? county)!} item={null} onSaved={() => { setEditing(null); void reload(); }} />}
    </PageShell>
  );
}
