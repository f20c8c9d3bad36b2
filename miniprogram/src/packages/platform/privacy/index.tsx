import Taro from '@tarojs/taro';
import { Button, View } from '@tarojs/components';
import { PERSONAL_DATA, THIRD_PARTIES, type PersonalDataItem } from '@shared/domain/privacy';
import { PageShell } from '../../../components/PageShell';
import { EXPORT_PAGE } from '../../../services/privacy';
import './index.scss';

function Item({ item }: { item: PersonalDataItem }) {
  return (
    <View className='privacy__item'>
      <View className='privacy__name'>{item.item}</View>
      <View className='privacy__line'>用途：{item.purpose}</View>
      <View className='privacy__line qy-muted'>谁能看到：{item.visibleTo}</View>
    </View>
  );
}

/** 用户隐私保护指引 as a page: the same table the guide declares (shared/domain/privacy.ts). */
export default function PrivacyGuide() {
  return (
    <PageShell>
      <View className='qy-title'>用户隐私保护指引</View>
      <View className='qy-muted privacy__lead'>我们只收集办事需要的信息。下面逐项说明收集什么、做什么用、谁能看到。</View>

      {PERSONAL_DATA.map((group) => (
        <View key={group.title} className='qy-card'>
          <View className='qy-section-title'>{group.title}</View>
          {group.items.map((i) => (
            <Item key={i.item} item={i} />
          ))}
        </View>
      ))}

      <View className='qy-card'>
        <View className='qy-section-title'>交给谁处理</View>
        {THIRD_PARTIES.map((i) => (
          <Item key={i.item} item={{ ...i, visibleTo: i.visibleTo }} />
        ))}
      </View>

      <View className='qy-card'>
        <View className='qy-section-title'>您的权利</View>
        <View className='privacy__line'>随时查看和导出我们保存的关于您的全部信息。</View>
        <View className='privacy__line'>姓名、住址、户籍有误，请联系本村（社区）干部更正。</View>
        <View className='privacy__line'>服务通知可以在微信“设置—消息通知”里关闭，关闭后消息仍保存在“消息”里。</View>
        <View className='privacy__line'>
          被内容安全检查拦下的文字，干部复核前只有您和干部能看到，您会收到说明原因的消息。
        </View>
      </View>

      <Button className='qy-btn' onClick={() => void Taro.navigateTo({ url: EXPORT_PAGE })}>
        导出我的数据
      </Button>
    </PageShell>
  );
}
