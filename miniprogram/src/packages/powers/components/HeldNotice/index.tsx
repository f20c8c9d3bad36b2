import { Button, View } from '@tarojs/components';
import { powerFieldLabel } from '@shared/domain/power-moderation';
import type { ConfirmSpec } from '../../../../components/ConfirmDialog';

interface Props {
  held: { field: string; reason: string }[] | undefined;
  /** Who reads held text until it is reviewed, besides its author. */
  readers: string;
  /** Shown to those who may release the text after reading it. */
  onRelease?: () => void;
}

/** Text content security holds: what and why, who sees it meanwhile, and the release button for a reviewer. */
export function HeldNotice({ held, readers, onRelease }: Props) {
  if (!held || held.length === 0) return null;
  return (
    <View className='qy-notice' role='status'>
      <View>{`有内容正在复核：${held.map((h) => `${powerFieldLabel(h.field)}（原因：${h.reason}）`).join('；')}。`}</View>
      <View>{`复核通过前，只有填写的人和${readers}能看到，其他人看到的是“正在复核”。`}</View>
      {onRelease && (
        <Button className='qy-btn' onClick={onRelease}>
          复核放行
        </Button>
      )}
    </View>
  );
}

export const MATTER_READERS = '村（社区）及以上干部、村务监督委员会';
export const SUPERVISOR_READERS = '村务监督委员会';

/** The confirm dialog for 复核放行, the same words on every page. */
export const RELEASE_DIALOG: ConfirmSpec = {
  title: '复核放行',
  message: '这段文字被内容安全检查暂时挡住了。您读过后认为没有问题，放行后相关的人就能看到，填写的人会收到通知。',
  confirmText: '确定放行',
};
