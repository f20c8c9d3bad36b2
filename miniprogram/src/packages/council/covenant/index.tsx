import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { councilsCall, councilsErrorText, useCouncils, type CouncilsOutput } from '../../../hooks/use-councils';
import { formatDay } from '../../../client/format';
import { go } from '../../../client/navigate';
import { ROUTES } from '../../../routes';

type Page = CouncilsOutput<'covenant'>;

/** The party organisation drafts a new version; it goes to a household vote. */
function Propose({ page, onSaved }: { page: Page; onSaved: (p: Page) => void }) {
  const [title, setTitle] = useState(page.current?.title ?? `${page.villageName}居民公约`);
  const [clauses, setClauses] = useState((page.current?.clauses ?? []).map((c) => c.text).join('\n'));
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setError(null);
    try {
      onSaved(await councilsCall('proposeCovenant', { villageId: page.villageId!, title: title.trim(), clauses: clauses.split('\n').map((s) => s.trim()).filter(Boolean), note: note.trim() }));
      void Taro.showToast({ title: '已交户代表投票', icon: 'none' });
    } catch (e) {
      setError(councilsErrorText(e));
    }
  };
  return (
    <View className='qy-card'>
      <View className='qy-label'>提出新版本（交全体户代表投票）</View>
      <Input className='qy-input' value={title} maxlength={30} onInput={(e) => setTitle(e.detail.value)} />
      <Text className='qy-label'>条款（每行一条）</Text>
      <Textarea className='qy-textarea' value={clauses} maxlength={5000} onInput={(e) => setClauses(e.detail.value)} />
      <Text className='qy-label'>改了什么</Text>
      <Input className='qy-input' value={note} maxlength={200} placeholder='如：增加文明养犬一条' onInput={(e) => setNote(e.detail.value)} />
      {error && <View className='qy-notice'>{error}</View>}
      <Button className='qy-btn' onClick={() => void submit()}>交户代表投票</Button>
    </View>
  );
}

/** 居民公约: the version in force clause by clause, the household's acknowledgement, a new version under vote. */
export default function Covenant() {
  const { data, loading, error, reload, setData } = useCouncils('covenant', {});
  const [asking, setAsking] = useState(false);
  const [drafting, setDrafting] = useState(false);
  if (!data) return <PageShell><View className={error ? 'qy-notice' : 'qy-muted'}>{loading ? '正在加载…' : error}</View></PageShell>;
  const c = data.current;
  const ack = async () => {
    try {
      setData(await councilsCall('acknowledgeCovenant', { covenantId: c!.id }));
    } catch (e) {
      void reload();
      throw new Error(councilsErrorText(e));
    }
    setAsking(false);
  };
  return (
    <PageShell>
      <View className='qy-title'>{c ? c.title : '居民公约'}</View>
      {c ? (
        <View>
          <View className='qy-muted'>{`第 ${c.version} 版，${c.adoptedAt ? `${formatDay(c.adoptedAt)}经户代表投票通过` : ''}，${c.acks} 户已确认`}</View>
          {c.clauses.map((k) => (
            <View key={k.no} className='qy-card'>
              <Text className='qy-label'>{`第 ${k.no} 条 `}</Text>
              <Text>{k.text}</Text>
            </View>
          ))}
          {data.acknowledged && <View className='qy-card'>您家已经确认了这一版居民公约。</View>}
          {data.canAcknowledge && <Button className='qy-btn' onClick={() => setAsking(true)}>我家已阅读，遵守公约</Button>}
        </View>
      ) : (
        <View className='qy-muted'>本村（社区）还没有通过居民公约。</View>
      )}
      {data.proposal && (
        <View className='qy-card'>
          <View className='qy-label'>{`新版本（第 ${data.proposal.version} 版）：${data.proposal.statusLabel}`}</View>
          <View>{data.proposal.note}</View>
          {data.proposal.clauses.map((k) => <View key={k.no} className='qy-muted'>{`第 ${k.no} 条 ${k.text}`}</View>)}
          {data.proposal.voteId && <Button className='qy-btn' onClick={go(ROUTES.council.vote.url({ id: data.proposal.voteId }))}>去投票</Button>}
        </View>
      )}
      {data.mayPropose && !drafting && <Button className='qy-btn qy-btn--ghost' onClick={() => setDrafting(true)}>提出新版本</Button>}
      {data.mayPropose && drafting && <Propose page={data} onSaved={(p) => { setData(p); setDrafting(false); }} />}
      {data.versions.length > 1 && (
        <View>
          <View className='qy-section-title'>历次版本</View>
          {data.versions.map((v) => <View key={v.id} className='qy-muted'>{`第 ${v.version} 版：${v.statusLabel}${v.adoptedAt ? `（${formatDay(v.adoptedAt)}通过）` : ''}`}</View>)}
        </View>
      )}
      <ConfirmDialog spec={asking ? { title: '确认居民公约', message: '确认您家已经阅读这一版居民公约，愿意遵守。每户确认一次。', confirmText: '确认' } : null} onConfirm={ack} onClose={() => setAsking(false)} />
    </PageShell>
  );
}
