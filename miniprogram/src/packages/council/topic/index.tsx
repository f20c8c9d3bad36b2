import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { HeldNotice } from '../../../components/HeldNotice';
import { PageShell } from '../../../components/PageShell';
import { councilsCall, councilsErrorText, useCouncils } from '../../../hooks/use-councils';
import { formatDay } from '../../../client/format';
import { go, useRouteParams } from '../../../client/navigate';
import { ROUTES } from '../../../routes';
import { meetingWhen } from '../labels';

/** One topic: where it is now, support it for my household (once), follow it, and where it went. */
export default function Topic() {
  const params = useRouteParams(ROUTES.council.topic);
  const { data: t, loading, error, reload, setData } = useCouncils('topic', params.id ? { topicId: params.id } : null, '没有找到这个议题');
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [releasing, setReleasing] = useState(false);
  const [merging, setMerging] = useState(false);
  const [into, setInto] = useState<{ id: string; title: string } | null>(null);
  const { data: others } = useCouncils('topics', merging ? {} : null);
  if (!t) return <PageShell><View className={error ? 'qy-notice' : 'qy-muted'}>{loading ? '正在加载…' : error}</View></PageShell>;

  const support = async () => {
    try {
      setData(await councilsCall('support', { topicId: t.id }));
    } catch (e) {
      void reload();
      throw new Error(councilsErrorText(e));
    }
    setAsking(false);
    void Taro.showToast({ title: '已支持', icon: 'none' });
  };
  const follow = async () => {
    setBusy(true);
    try {
      setData(await councilsCall('follow', { topicId: t.id, on: !t.following }));
    } catch (e) {
      void Taro.showToast({ title: councilsErrorText(e), icon: 'none' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <PageShell>
      <View className='qy-title'>{t.title}</View>
      <View className='qy-muted'>{`${t.itemTitle} · ${t.raisedByName}提出 · ${formatDay(t.createdAt)} · ${t.ruleLabel}`}</View>
      <HeldNotice held={t.held} label={(f) => (f === 'title' ? '议题标题' : '议题内容')} readers='村（社区）干部' onRelease={t.mayRelease ? () => setReleasing(true) : undefined} />
      <View className='qy-card'>
        <View className='qy-label'>{t.statusLabel}</View>
        {t.status === 'gathering' && <View>{`已有 ${t.supports} 户支持，达到 ${t.threshold} 户就列入议事会的议事清单。`}</View>}
        {t.status !== 'gathering' && t.supports > 0 && <View>{`${t.supports} 户支持`}</View>}
        {t.refusal && <View>{t.refusal}</View>}
        {t.meeting && (
          <View role='button' onClick={go(ROUTES.council.meeting.url({ id: t.meeting.id }))}>
            {`议事会议：${meetingWhen(t.meeting)}，${t.meeting.place}，${t.meeting.chairName}主持`}
          </View>
        )}
        {t.mergedInto && <View role='button' onClick={go(ROUTES.council.topic.url({ id: t.mergedInto }))}>已与另一个议题合并，点这里查看</View>}
      </View>
      <View className='qy-card'>
        <Text>{t.content}</Text>
      </View>
      <View className='qy-actions'>
        {t.canSupport && <Button className='qy-btn' onClick={() => setAsking(true)}>我家支持</Button>}
        {t.supported && <View className='qy-card'>您家已经支持了这个议题。</View>}
        {t.voteId && <Button className='qy-btn' onClick={go(ROUTES.council.vote.url({ id: t.voteId }))}>去投票 / 看表决结果</Button>}
        {t.decisionId && <Button className='qy-btn' onClick={go(ROUTES.council.decision.url({ id: t.decisionId }))}>看决定和落实进度</Button>}
        {t.mayMerge && !merging && <Button className='qy-btn qy-btn--plain' onClick={() => setMerging(true)}>这是重复的议题，合并到另一个</Button>}
        <Button className='qy-btn qy-btn--ghost' disabled={busy} onClick={() => void follow()}>{t.following ? '不再关注' : '关注：每一步都通知我'}</Button>
      </View>
      {merging && (
        <View className='qy-card'>
          <View className='qy-label'>合并到哪个议题（支持的户一并计入，同一户只算一次）</View>
          {others?.topics
            .filter((o) => o.id !== t.id && ['gathering', 'agenda', 'scheduled'].includes(o.status))
            .map((o) => (
              <View key={o.id} className='qy-chip' role='button' onClick={() => setInto({ id: o.id, title: o.title })}>{`${o.title}（${o.supports} 户支持）`}</View>
            ))}
          <Button className='qy-btn qy-btn--plain' onClick={() => setMerging(false)}>不合并了</Button>
        </View>
      )}
      <ConfirmDialog
        spec={into ? { title: `合并到「${into.title}」`, message: '合并后这个议题不再单独征集支持，关注的人会收到通知。', confirmText: '确认合并' } : null}
        onConfirm={async () => {
          try {
            const merged = await councilsCall('mergeTopic', { topicId: t.id, intoId: into!.id });
            setInto(null);
            setMerging(false);
            void Taro.redirectTo({ url: ROUTES.council.topic.url({ id: merged.id }) });
          } catch (e) {
            throw new Error(councilsErrorText(e));
          }
        }}
        onClose={() => setInto(null)}
      />
      <ConfirmDialog
        spec={releasing ? { title: '复核放行', message: '确认读过这段内容、没有问题？放行后本村（社区）居民都能看到这个议题。', confirmText: '放行' } : null}
        onConfirm={async () => {
          try {
            setData(await councilsCall('releaseTopic', { topicId: t.id }));
          } catch (e) {
            throw new Error(councilsErrorText(e));
          }
          setReleasing(false);
        }}
        onClose={() => setReleasing(false)}
      />
      <ConfirmDialog
        spec={asking ? { title: '我家支持这个议题', message: '每户只能支持一次，支持后不能撤回。', confirmText: '确认支持' } : null}
        onConfirm={support}
        onClose={() => setAsking(false)}
      />
    </PageShell>
  );
}
