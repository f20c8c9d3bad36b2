import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { useDeadLetters } from '../../../hooks/use-dead-letters';
import { plainError } from '../../../client/error-text';
import { formatDate } from '../../../client/format';
import './index.scss';

const FAIL_RATES = [
  { rate: 0, label: '正常发送' },
  { rate: 0.1, label: '一成失败' },
  { rate: 0.3, label: '三成失败' },
  { rate: 0.5, label: '一半失败' },
  { rate: 1, label: '全部失败' },
];

/** County admin: service notifications that failed every attempt; the inbox copy was never lost. */
export default function DeadLetters() {
  const { items, total, loading, error, hasMore, loadMore, retry, localFailRate, setFailRate } = useDeadLetters();

  const simulate = async (rate: number) => {
    try {
      await setFailRate(rate);
      void Taro.showToast({ title: rate === 0 ? '已恢复正常发送' : `已设为 ${Math.round(rate * 100)}% 发送失败`, icon: 'none' });
    } catch (e) {
      void Taro.showToast({ title: plainError(e), icon: 'none' });
    }
  };

  const resend = async (ids: string[]) => {
    try {
      const n = await retry(ids);
      void Taro.showToast({ title: `已重新排队 ${n} 条`, icon: 'none' });
    } catch (e) {
      void Taro.showToast({ title: plainError(e), icon: 'none' });
    }
  };

  return (
    <PageShell>
      <View className='qy-title'>发送失败的通知</View>
      <View className='qy-muted dead__lead'>
        这些微信服务通知多次发送都没有成功（共 {total} 条）。站内“消息”里都已保存，重新发送后会在一分钟内再试。
      </View>
      {localFailRate !== null && (
        <View className='qy-card'>
          <View className='dead__title'>本地演示：模拟微信发送失败</View>
          <View className='dead__line qy-muted'>只在本机运行时出现。选一个比例后，服务通知会按这个比例发送失败，可以看到重试和这里的失败记录。</View>
          <View className='qy-chips' role='radiogroup' aria-label='模拟发送失败的比例'>
            {FAIL_RATES.map((r) => (
              <View key={r.rate} role='radio' aria-checked={localFailRate === r.rate} className={`qy-chip ${localFailRate === r.rate ? 'qy-chip--on' : ''}`} onClick={() => void simulate(r.rate)}>
                {r.label}
              </View>
            ))}
          </View>
        </View>
      )}
      {error && <View className='qy-notice'>{error}</View>}
      {!loading && !error && items.length === 0 && <View className='qy-card qy-muted'>没有发送失败的通知</View>}
      {items.length > 1 && (
        <Button className='qy-btn qy-btn--ghost' onClick={() => void resend(items.slice(0, 50).map((d) => d.id))}>
          全部重新发送
        </Button>
      )}
      {items.map((d) => (
        <View key={d.id} className='qy-card'>
          <View className='dead__title'>{d.title}</View>
          <View className='dead__line'>收件人：{d.recipientName || d.recipientId}</View>
          <View className='dead__line qy-muted'>
            已试 {d.attempts} 次 · 最后一次 {d.lastAttemptAt ? formatDate(d.lastAttemptAt) : '—'}
          </View>
          {d.error && <View className='dead__line qy-muted'>原因：{d.error}</View>}
          <Button className='qy-btn' onClick={() => void resend([d.id])}>
            重新发送
          </Button>
        </View>
      ))}
      {hasMore && (
        <Button className='qy-btn qy-btn--plain' loading={loading} onClick={() => void loadMore()}>
          加载更多
        </Button>
      )}
    </PageShell>
  );
}
