import Taro from '@tarojs/taro';
import { Switch, Text, View } from '@tarojs/components';
import { Button } from '../../components/Button';
import { PageShell } from '../../components/PageShell';
import { useLargeText } from '../../hooks/use-large-text';
import { useSignedInUser } from '../../hooks/use-session';
import { PERSONA_LABELS, ROLE_LABELS, unitWordOf } from '../../client/labels';
import { useCouncils } from '../../hooks/use-councils';
import './index.scss';
import { ROUTES } from '../../routes';
import { go } from '../../client/navigate';

function Row({ label, value }: { label: string; value: string }) {
  return (
    <View className='me__row'>
      <Text className='me__label'>{label}</Text>
      <Text className='me__value'>{value}</Text>
    </View>
  );
}

export default function Me() {
  const { user, signOut } = useSignedInUser();
  const [large, setLarge] = useLargeText();
  // Honours the village gave the person (评选 最美社区人 …), shown on their profile.
  const { data: honours } = useCouncils('myHonours', user ? {} : null);

  const leave = () => {
    signOut();
    void Taro.reLaunch({ url: ROUTES.login.url() });
  };

  return (
    <PageShell>
      {user && (
        <View className='qy-card'>
          <View className='qy-title me__name'>{user.name}</View>
          <Row label='身份' value={PERSONA_LABELS[user.persona] + (user.resettled ? '（易地搬迁安置户）' : '')} />
          {user.residence && (
            <Row
              label='住址'
              value={[user.residence.unitName, user.residence.gridName].filter(Boolean).join(' · ')}
            />
          )}
          {user.residence && !user.residence.householdConfirmed && (
            <Row label='户籍' value={`户信息待${unitWordOf(user)}里确认`} />
          )}
          <Row label='手机' value={user.phoneMasked ?? '未填写'} />
          {user.roles.length > 0 && (
            <View className='me__roles'>
              <Text className='me__label'>职务</Text>
              {user.roles.map((r) => (
                <View key={`${r.role}-${r.unitId}`} className='me__value'>
                  {ROLE_LABELS[r.role]} · {r.unitName}
                </View>
              ))}
            </View>
          )}
        </View>
      )}

      {honours && honours.honours.length > 0 && (
        <View className='qy-card'>
          <View className='qy-section-title me__record-title'>荣誉</View>
          {honours.honours.map((h) => (
            <View key={`${h.year}-${h.title}`} className='me__record'>{`${h.villageName} ${h.year}年度${h.title}（${h.votes} 户投票）`}</View>
          ))}
        </View>
      )}

      {user?.serviceRecord && (
        <View className='qy-card'>
          <View className='qy-section-title me__record-title'>服务记录</View>
          <View className='me__record'>已完成心愿 {user.serviceRecord.completedWishes} 件</View>
        </View>
      )}

      <View className='qy-card me__switch'>
        <View>
          <View className='me__switch-label'>大字模式</View>
          <View className='qy-muted'>字更大、按钮更大，看得更清楚</View>
        </View>
        <Switch checked={large} color='#b3141b' aria-label='大字模式' onChange={(e) => setLarge(e.detail.value)} />
      </View>

      <View className='qy-card'>
        <View className='qy-section-title'>报到与任命</View>
        <Button className='qy-btn qy-btn--plain' onClick={go(ROUTES.account.party.url())}>
          党员双报到
        </Button>
        <Button className='qy-btn qy-btn--plain' onClick={go(ROUTES.account.invitation.url())}>
          输入邀请码
        </Button>
      </View>

      <View className='qy-card'>
        <View className='qy-section-title'>隐私与个人信息</View>
        <Button className='qy-btn qy-btn--plain' onClick={go(ROUTES.account.privacy.url())}>
          隐私保护指引
        </Button>
        <Button className='qy-btn qy-btn--plain' onClick={go(ROUTES.account.export.url())}>
          导出我的数据
        </Button>
      </View>

      {process.env.TARO_APP_LOCAL === 'true' && (
        <Button className='qy-btn qy-btn--plain' onClick={leave}>
          退出登录
        </Button>
      )}
    </PageShell>
  );
}
