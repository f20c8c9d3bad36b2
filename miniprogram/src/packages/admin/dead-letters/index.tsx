import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { useDeadLetters } from '../../../hooks/use-dead-letters';
import { plainError } from '../../../client/error-text';
import { formatDate } from '../../../client/format';
import './index.scss';

/** County admin: service notifications that failed every attempt; the inbox copy was never lost. */
export default function DeadLetters() {
  const { items, total, loading, error, hasMore, loadMore, retry } = useDeadLetters();

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
