import { useState } from 'react';
import { View } from '@tarojs/components';
import { Button } from '../../../components/Button';
import { ACCOUNT_CLOSING, handoverRefusal } from '@shared/domain/account-close';
import { PERSONAL_DATA, THIRD_PARTIES, type PersonalDataItem } from '@shared/domain/privacy';
import { ConfirmDialog, type ConfirmSpec } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { useCloseAccount } from '../../../hooks/use-close-account';
import { useSession } from '../../../hooks/use-session';
import './index.scss';
import { ROUTES } from '../../../routes';
import { go } from '../../../client/navigate';

function Item({ item }: { item: PersonalDataItem }) {
  return (
    <View className='privacy__item'>
      <View className='privacy__name'>{item.item}</View>
      <View className='privacy__line'>用途：{item.purpose}</View>
      <View className='privacy__line qy-muted'>谁能看到：{item.visibleTo}</View>
    </View>
  );
}

const CLOSE_DIALOG: ConfirmSpec = {
  title: '确认注销账号？',
  message: `${ACCOUNT_CLOSING.after}还没有人认领的心愿会撤回，还没到时间的预约会取消。`,
  confirmText: '确认注销',
};

function Lines({ title, lines }: { title: string; lines: readonly string[] }) {
  return (
    <View className='privacy__item'>
      <View className='privacy__name'>{title}</View>
      {lines.map((l) => (
        <View key={l} className='privacy__line'>
          · {l}
        </View>
      ))}
    </View>
  );
}

/** 注销账号: what goes, what stays and why, then one tap and a confirm; no typing. */
function CloseAccount() {
  const { user } = useSession();
  const closeAccount = useCloseAccount();
  const [dialog, setDialog] = useState<ConfirmSpec | null>(null);
  if (!user) return null;
  const refusal = handoverRefusal(user.roles);
  return (
    <View className='qy-card'>
      <View className='qy-section-title'>注销账号</View>
      <Lines title='会删除' lines={ACCOUNT_CLOSING.deleted} />
      <Lines title='先替您结束' lines={ACCOUNT_CLOSING.closedFirst} />
      <Lines title='会保留，为什么' lines={ACCOUNT_CLOSING.kept} />
      <View className='privacy__line qy-muted'>{ACCOUNT_CLOSING.waitFor}</View>
      <View className='privacy__line'>{ACCOUNT_CLOSING.timing}</View>
      <View className='privacy__line'>{ACCOUNT_CLOSING.after}</View>
      {refusal ? (
        <View className='privacy__line privacy__notice'>{refusal}</View>
      ) : (
        <Button className='qy-btn qy-btn--ghost privacy__close' onClick={() => setDialog(CLOSE_DIALOG)}>
          注销账号
        </Button>
      )}
      <ConfirmDialog spec={dialog} onConfirm={() => closeAccount()} onClose={() => setDialog(null)} />
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
        <View className='privacy__line'>可以随时在本页最下面注销账号。</View>
        <View className='privacy__line'>
          被内容安全检查拦下的文字，干部复核前只有您和干部能看到，您会收到说明原因的消息。
        </View>
      </View>

      <Button className='qy-btn' onClick={go(ROUTES.account.export.url())}>
        导出我的数据
      </Button>

      <CloseAccount />
    </PageShell>
  );
}
