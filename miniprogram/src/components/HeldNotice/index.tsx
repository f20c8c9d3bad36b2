import { View } from '@tarojs/components';
import { Button } from '../Button';
import type { ConfirmSpec } from '../ConfirmDialog';

export interface HeldNoticeProps {
  held: { field: string; reason: string }[] | undefined;
  /** A held field's name for people (申请说明, 拒绝理由 …). */
  label: (field: string) => string;
  /** Who reads held text until it is reviewed, besides its author. */
  readers: string;
  /** The second sentence, when the usual "only … can see it" is not what happens. */
  meanwhile?: string;
  /** Shown to those who may release the text after reading it. */
  onRelease?: () => void;
}

/** Text content security holds: what and why, who sees it meanwhile, and 复核放行 for a reviewer. */
export function HeldNotice({ held, label, readers, meanwhile, onRelease }: HeldNoticeProps) {
  if (!held || held.length === 0) return null;
  return (
    <View className='qy-notice' role='status'>
      <View>{`有内容正在复核：${held.map((h) => `${label(h.field)}（原因：${h.reason}）`).join('；')}。`}</View>
      <View>{meanwhile ?? `复核通过前，只有填写的人和${readers}能看到，其他人看到的是“正在复核”。`}</View>
      {onRelease && (
        <Button className='qy-btn' onClick={onRelease}>
          复核放行
        </Button>
      )}
    </View>
  );
}

/** The confirm dialog for 复核放行, the same words on every page. */
export const RELEASE_DIALOG: ConfirmSpec = {
  title: '复核放行',
  message: '这段文字被内容安全检查暂时挡住了。您读过后认为没有问题，放行后相关的人就能看到，填写的人会收到通知。',
  confirmText: '确定放行',
};
