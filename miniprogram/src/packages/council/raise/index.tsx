import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { councilsCall, councilsErrorText, useCouncils } from '../../../hooks/use-councils';
import { ApiError } from '../../../client/cloud';
import { newRequestId } from '../../../client/request-id';
import { ROUTES } from '../../../routes';

/** Raise a topic under an item of the agenda list; an item outside the list says where it goes instead. */
export default function RaiseTopic() {
  const { data: agenda, error: agendaError } = useCouncils('agenda', {});
  const { data: home } = useCouncils('council', {});
  const [code, setCode] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [content, setContent] = useState('');
  const [bodyKey, setBodyKey] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [requestId] = useState(newRequestId);
  if (!agenda || !home) return <PageShell><View className={agendaError ? 'qy-notice' : 'qy-muted'}>{agendaError ?? '正在加载…'}</View></PageShell>;
  const council = home.council;
  if (!council || !home.villageId) return <PageShell><View className='qy-notice'>本村（社区）还没有成立议事会。</View></PageShell>;
  const myBodies = council.bodies.filter((b) => council.mine.bodyKeys.includes(b.key));
  const item = agenda.items.find((i) => i.code === code) ?? null;

  const submit = async () => {
    if (!code) {
      setError('请先选一个议事事项');
      return;
    }
    setBusy(true);
    setError(null);
    setFields({});
    try {
      const t = await councilsCall('raiseTopic', { villageId: home.villageId!, itemCode: code, title: title.trim(), content: content.trim(), requestId, ...(bodyKey ? { bodyKey } : {}) });
      void Taro.redirectTo({ url: ROUTES.council.topic.url({ id: t.id }) });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'INVALID_INPUT') setFields({ title: e.fieldError('title') ?? '', content: e.fieldError('content') ?? '' });
      setError(councilsErrorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <PageShell>
      <View className='qy-title'>提出议题</View>
      <View className='qy-muted'>{`居民提出的议题，有 ${agenda.settings.supportThreshold} 户支持就列入议事清单；成员单位提出的直接列入。`}</View>
      <View className='qy-field'>
        <Text className='qy-label'>属于哪一类事（议事事项清单）</Text>
        {agenda.items.map((i) => (
          <View key={i.code} className={`qy-card ${code === i.code ? 'qy-chip--on' : ''}`} role='radio' aria-checked={code === i.code} onClick={() => setCode(i.code)}>
            <View className='qy-label'>{`${code === i.code ? '◉' : '○'} ${i.title}`}</View>
            <View className='qy-muted'>{i.description}</View>
            {i.forwardTo && <View className='qy-muted'>{`不由议事会决定，会转交${i.forwardTo}`}</View>}
            {i.refusal && <View className='qy-muted'>{i.refusal}</View>}
            {!i.forwardTo && !i.refusal && <View className='qy-muted'>{`决定方式：${i.ruleLabel}`}</View>}
          </View>
        ))}
      </View>
      {item && (item.forwardTo || item.refusal) && <View className='qy-notice'>{item.forwardTo ? `这类事提交后会转交${item.forwardTo}办理，您会收到通知。` : item.refusal}</View>}
      {myBodies.length > 0 && (
        <View className='qy-field'>
          <Text className='qy-label'>以谁的名义提出</Text>
          <View className='qy-chips'>
            <View className={`qy-chip ${bodyKey === null ? 'qy-chip--on' : ''}`} role='button' onClick={() => setBodyKey(null)}>我家（需要各户支持）</View>
            {myBodies.map((b) => (
              <View key={b.key} className={`qy-chip ${bodyKey === b.key ? 'qy-chip--on' : ''}`} role='button' onClick={() => setBodyKey(b.key)}>{b.name}</View>
            ))}
          </View>
        </View>
      )}
      <View className='qy-field'>
        <Text className='qy-label'>议题（一句话说清楚）</Text>
        <Input className='qy-input' value={title} maxlength={40} placeholder='如：第三网格排水沟清淤加盖' onInput={(e) => setTitle(e.detail.value)} />
        {fields.title && <View className='qy-error'>{fields.title}</View>}
      </View>
      <View className='qy-field'>
        <Text className='qy-label'>具体情况和建议</Text>
        <Textarea className='qy-textarea' value={content} maxlength={1000} placeholder='什么问题、影响到谁、您建议怎么办（至少 10 个字）' onInput={(e) => setContent(e.detail.value)} />
        {fields.content && <View className='qy-error'>{fields.content}</View>}
      </View>
      {error && <View className='qy-notice'>{error}</View>}
      <Button className='qy-btn' disabled={busy} onClick={() => void submit()}>{busy ? '正在提交…' : '提交议题'}</Button>
    </PageShell>
  );
}
