import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { powersCall, powersErrorText, usePowers } from '../../../hooks/use-powers';
import { ApiError } from '../../../client/cloud';
import { newRequestId } from '../../../client/request-id';
import './index.scss';
import { useSubscribeAt } from '../../../hooks/use-subscribe';
import { ROUTES } from '../../../routes';
import { useRouteParams } from '../../../client/navigate';

/** Apply in one tap: the materials as a checklist to tick, a note only if the person wants one. */
export default function ApplyPage() {
  const params = useRouteParams(ROUTES.powers.apply);
  const code = params.code ?? '';
  const { data: item, error: loadError } = usePowers('item', code ? { code } : null);
  const [ticked, setTicked] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  // One id per filled-in form: a retry on a weak network lands on the same matter.
  const [requestId] = useState(newRequestId);
  const askSubscribe = useSubscribeAt('matter.apply');

  if (!item) return <PageShell><View className={loadError ? 'qy-notice' : 'qy-muted'}>{loadError ?? '正在加载…'}</View></PageShell>;
  const byCadre = item.starter === 'cadre';

  const submit = async () => {
    askSubscribe();
    setBusy(true);
    setError(null);
    setFieldError(null);
    try {
      const m = await powersCall('apply', {
        code,
        requestId,
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(byCadre ? { title: title.trim() } : {}),
      });
      void Taro.redirectTo({ url: ROUTES.powers.matter.url({ id: m.id }) });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'INVALID_INPUT') setFieldError(e.fieldError('title') ?? e.fieldError('note') ?? null);
      setError(powersErrorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageShell>
      <View className='qy-title'>{item.title}</View>
      <View className='qy-muted apply__lead'>{`共 ${item.steps.length} 步，${item.totalDays} 个工作日内办完。提交后可以随时看到办到了哪一步。`}</View>

      {byCadre && (
        <View className='qy-field'>
          <Text className='qy-label'>事项名称</Text>
          <Input className='qy-input' value={title} maxlength={40} placeholder='如：三组生产路硬化项目' onInput={(e) => setTitle(e.detail.value)} />
        </View>
      )}

      {item.materials.length > 0 && (
        <View className='qy-field'>
          <Text className='qy-label'>请准备好这些材料（点一下打勾）</Text>
          {item.materials.map((m) => {
            const on = ticked.includes(m);
            return (
              <View key={m} className={`apply__material ${on ? 'apply__material--on' : ''}`} role='checkbox' aria-checked={on} onClick={() => setTicked(on ? ticked.filter((x) => x !== m) : [...ticked, m])}>
                {`${on ? '☑' : '☐'} ${m}`}
              </View>
            );
          })}
        </View>
      )}

      <View className='qy-field'>
        <Text className='qy-label'>想说的话（可以不填）</Text>
        <Textarea className='qy-textarea' value={note} maxlength={200} placeholder='比如家里的情况、方便联系的时间' onInput={(e) => setNote(e.detail.value)} />
      </View>

      {fieldError && <View className='qy-error'>{fieldError}</View>}
      {error && <View className='qy-notice'>{error}</View>}
      <Button className='qy-btn' disabled={busy} onClick={() => void submit()}>
        {busy ? '正在提交…' : byCadre ? '发起' : '提交申请'}
      </Button>
    </PageShell>
  );
}
