import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { PageShell } from '../../../components/PageShell';
import { useMyData } from '../../../hooks/use-my-data';
import { WISH_STATUS_LABELS } from '@shared/domain/wish-state';
import { TEMPLATE_TITLES, type TemplateKey } from '@shared/domain/subscribe';
import { formatDate } from '../../../client/format';
import { PERSONA_LABELS, ROLE_LABELS } from '../../../client/labels';
import './index.scss';
import { auditActionLabel } from '@shared/domain/labels-for-people';

function Row({ label, value }: { label: string; value: string }) {
  return (
    <View className='export__row'>
      <View className='export__label'>{label}</View>
      <View className='export__value'>{value}</View>
    </View>
  );
}

/** 导出我的数据: everything the product holds about the person, readable, and copyable as a whole. */
export default function ExportMyData() {
  const { data, loading, error, reload, copy } = useMyData();

  const copyAll = async () => {
    try {
      await copy();
      void Taro.showToast({ title: '已复制，可粘贴保存', icon: 'none' });
    } catch {
      void Taro.showToast({ title: '没有复制成功，请再试一次', icon: 'none' });
    }
  };

  if (loading) return <PageShell><View className='qy-muted'>正在整理您的数据…</View></PageShell>;
  if (error || !data) {
    return (
      <PageShell>
        <View className='qy-notice'>{error ?? '没有取到数据'}</View>
        <Button className='qy-btn' onClick={() => void reload()}>再试一次</Button>
      </PageShell>
    );
  }

  const u = data.user;
  return (
    <PageShell>
      <View className='qy-title'>我的数据</View>
      <View className='qy-muted export__lead'>这是本小程序保存的关于您的全部信息，整理于 {formatDate(data.exportedAt)}。</View>

      <View className='qy-card'>
        <View className='qy-section-title'>账号与居住信息</View>
        <Row label='姓名' value={u.name} />
        <Row label='身份' value={PERSONA_LABELS[u.persona]} />
        <Row label='出生年份' value={u.birthYear ? `${u.birthYear} 年` : '未登记'} />
        <Row label='手机' value={u.phoneMasked ?? '未登记'} />
        <Row label='易地搬迁安置户' value={u.resettled ? '是' : '否'} />
        <Row label='户籍确认' value={u.residence ? (u.residence.householdConfirmed ? '已确认' : '待确认') : '未登记'} />
        {u.roles.map((r) => (
          <Row key={`${r.role}-${r.unitId}`} label='职务' value={ROLE_LABELS[r.role]} />
        ))}
        <Row label='注册时间' value={formatDate(u.createdAt)} />
      </View>

      <View className='qy-card'>
        <View className='qy-section-title'>心愿（{data.wishes.length} 条）</View>
        {data.wishes.length === 0 && <View className='qy-muted'>没有</View>}
        {data.wishes.map((w) => (
          <View key={w.id} className='export__item'>
            <View className='export__value'>{w.title}</View>
            <View className='qy-muted'>
              {w.relation === 'wisher' ? '我提交的' : '我认领的'} · {WISH_STATUS_LABELS[w.status as keyof typeof WISH_STATUS_LABELS] ?? w.status} · {formatDate(w.createdAt)}
            </View>
          </View>
        ))}
      </View>

      <View className='qy-card'>
        <View className='qy-section-title'>消息（{data.notifications.length} 条）</View>
        {data.notifications.slice(0, 20).map((n) => (
          <View key={n.id} className='export__item'>
            <View className='export__value'>{n.title}</View>
            <View className='qy-muted'>{formatDate(n.createdAt)}</View>
          </View>
        ))}
        {data.notifications.length > 20 && <View className='qy-muted'>其余 {data.notifications.length - 20} 条在复制的数据里</View>}
      </View>

      <View className='qy-card'>
        <View className='qy-section-title'>服务通知授权</View>
        {data.subscriptions.length === 0 && <View className='qy-muted'>您还没有允许过服务通知</View>}
        {data.subscriptions.map((s) => (
          <Row key={s.templateKey} label={TEMPLATE_TITLES[s.templateKey as TemplateKey] ?? s.templateKey} value={s.longTerm ? '长期接收' : `还可接收 ${s.remaining} 次`} />
        ))}
      </View>

      <View className='qy-card'>
        <View className='qy-section-title'>与我有关的操作记录（{data.auditEntries.length} 条）</View>
        {data.auditEntries.slice(0, 20).map((a, i) => (
          <View key={`${a.at}-${i}`} className='export__item'>
            <View className='export__value'>{a.relation === 'subject' ? `${a.actorName}为我办理` : '我办理的'}：{auditActionLabel(a.action)}</View>
            <View className='qy-muted'>{formatDate(a.at)}</View>
          </View>
        ))}
      </View>

      <View className='qy-card'>
        <View className='qy-section-title'>各项办事记录</View>
        <Row label='警民之家预约' value={`${data.policeHome.bookings.length} 条`} />
        <Row label='集中服务报名' value={`${data.policeHome.signups.length} 条`} />
        <Row label='取号记录' value={`${data.policeHome.tickets.length} 条`} />
        <Row label='上门服务' value={`${data.policeHome.homeVisits.length} 条`} />
        <Row label='我登记的矛盾纠纷' value={`${data.cases.length} 件`} />
        <Row label='小微权力办事' value={`${data.powers.matters.length} 件`} />
        <Row label='我的投诉' value={`${data.powers.complaints.length} 条`} />
        {data.points ? (
          <>
            <Row label='我家的积分评分' value={`${data.points.ratings.length} 个月`} />
            <Row label='积分台账' value={`${data.points.ledger.length} 条`} />
            <Row label='积分异议' value={`${data.points.objections.length} 条`} />
            <Row label='我家的分红' value={`${data.points.dividends.length} 年`} />
          </>
        ) : (
          <Row label='我家的积分' value='户籍确认后显示' />
        )}
        <Row label='议事协商的议题' value={`${data.councils.topics.length} 个`} />
        <Row label='随手拍' value={`${data.sanitation.reports.length} 次`} />
        <Row label='志愿服务时长记录' value={`${data.volunteering.hours.length} 条`} />
        <Row label='网格关爱名单里关于我的登记' value={`${data.care.register.length} 条`} />
        <Row label='我确认的预警通知到户' value={`${data.care.alertAcks.length} 次`} />
        <View className='qy-muted'>详细内容在复制的数据里</View>
      </View>

      <Button className='qy-btn' onClick={() => void copyAll()}>
        复制全部数据
      </Button>
    </PageShell>
  );
}
