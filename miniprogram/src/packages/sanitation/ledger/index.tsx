import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, View } from '@tarojs/components';
import { FACILITY_KIND_LABELS, FACILITY_KINDS, SEWAGE_MODE_LABELS, SEWAGE_MODES, type FacilityKind, type SewageMode } from '@shared/domain/sanitation-facility';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { chinaMonth } from '@shared/domain/china-time';
import { ApiError } from '../../../client/cloud';
import { go } from '../../../client/navigate';
import { useSignedInUser } from '../../../hooks/use-session';
import { sanitationCall, sanitationErrorText } from '../../../hooks/use-sanitation';
import { ROUTES } from '../../../routes';
import '../components/sanitation.scss';

/** The village cadre's ledger entry: a new facility (kind, mode, place, capacity, who is responsible). */
export default function LedgerPage() {
  const { user } = useSignedInUser();
  const villageId = user?.roles.find((r) => r.role === 'village-cadre')?.unitId ?? null;
  const [kind, setKind] = useState<FacilityKind>('collection-point');
  const [mode, setMode] = useState<SewageMode>('wetland');
  const [name, setName] = useState('');
  const [place, setPlace] = useState('');
  const [unitName, setUnitName] = useState('');
  const [personName, setPersonName] = useState('');
  const [every, setEvery] = useState('3');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<Record<string, string>>({});

  const [sewageDone, setSewageDone] = useState<string | null>(null);
  if (!user) return <PageShell><View className='qy-muted'>正在加载…</View></PageShell>;
  if (!villageId) return <PageShell><View className='qy-notice'>只有村（社区）干部登记本村（社区）的台账。镇、县干部请在设施页面查看和巡查。</View></PageShell>;

  const save = async () => {
    setBusy(true);
    setError(null);
    setIssues({});
    try {
      const f = await sanitationCall('saveFacility', {
        villageId,
        code: `${villageId.replace(/^[a-z]-/, '')}-${kind.slice(0, 2).toUpperCase()}-${Date.now().toString(36)}`,
        facility: {
          kind,
          mode: kind === 'sewage-facility' ? mode : kind === 'oxidation-pond' ? 'oxidation-pond' : null,
          name: name.trim(),
          place: { description: place.trim() },
          collectEveryDays: kind === 'collection-point' ? Number(every) || null : null,
          responsible: { unitName: unitName.trim(), personName: personName.trim() || null },
        },
      });
      void Taro.redirectTo({ url: ROUTES.sanitation.facility.url({ id: f.id }) });
    } catch (e) {
      if (e instanceof ApiError) setIssues(Object.fromEntries(e.issues.map((i) => [i.path.replace(/^facility\./, ''), i.message])));
      setError(sanitationErrorText(e));
    } finally {
      setBusy(false);
    }
  };

  const sewage = async (controlled: boolean) => {
    setSewageDone(null);
    try {
      await sanitationCall('checkSewage', { villageId, month: chinaMonth(new Date()), controlled });
      setSewageDone(controlled ? '已记录：本月污水管控到位' : '已记录：本月污水没有管控到位');
    } catch (e) {
      setSewageDone(sanitationErrorText(e));
    }
  };

  const field = (label: string, key: string, value: string, set: (v: string) => void, placeholder: string) => (
    <View className='qy-field'>
      <View className='qy-label'>{label}</View>
      <Input className='qy-input' value={value} placeholder={placeholder} onInput={(e) => set(e.detail.value)} />
      {issues[key] && <View className='qy-error'>{issues[key]}</View>}
    </View>
  );

  return (
    <PageShell>
      <View className='qy-title'>登记设施</View>
      <View className='qy-section-title'>是什么设施</View>
      <View className='qy-chips'>
        {FACILITY_KINDS.map((k) => (
          <Button key={k} className={`qy-chip${kind === k ? ' qy-chip--on' : ''}`} onClick={() => setKind(k)}>
            {FACILITY_KIND_LABELS[k]}
          </Button>
        ))}
      </View>
      {kind === 'sewage-facility' && (
        <View className='qy-chips'>
          {SEWAGE_MODES.filter((m) => m !== 'oxidation-pond').map((m) => (
            <Button key={m} className={`qy-chip${mode === m ? ' qy-chip--on' : ''}`} onClick={() => setMode(m)}>
              {SEWAGE_MODE_LABELS[m]}
            </Button>
          ))}
        </View>
      )}
      {field('名称', 'name', name, setName, '如：冯坊村四组垃圾收集点')}
      {field('在哪里（村民能看懂的说法）', 'place.description', place, setPlace, '如：四组路口大槐树下')}
      {kind === 'collection-point' && field('至少几天清运一次', 'collectEveryDays', every, setEvery, '3')}
      {field('负责单位', 'responsible.unitName', unitName, setUnitName, '如：冯坊村村委会')}
      {field('负责人（可以不填）', 'responsible.personName', personName, setPersonName, '如：陈建军')}
      {error && <View className='qy-notice'>{error}</View>}
      <Button className='qy-btn' disabled={busy} onClick={() => void save()}>
        {busy ? '正在保存…' : '保存'}
      </Button>

      <View className='qy-section-title'>本月生活污水管控</View>
      <View className='qy-muted'>没有污水处理设施的村，每月检查一次：沟渠收集、无黑臭水体、无污水横流即为管控到位。</View>
      <View className='qy-actions'>
        <Button className='qy-btn qy-btn--ghost' disabled={busy} onClick={() => void sewage(true)}>管控到位</Button>
        <Button className='qy-btn qy-btn--plain' disabled={busy} onClick={() => void sewage(false)}>没有管控到位</Button>
      </View>
      {sewageDone && <View className='qy-notice'>{sewageDone}</View>}
      <Button className='qy-btn qy-btn--plain' onClick={go(ROUTES.sanitation.households.url())}>户厕和垃圾分类台账</Button>
    </PageShell>
  );
}
