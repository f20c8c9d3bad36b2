import { Button, View } from '@tarojs/components';
import { policeFieldLabel } from '@shared/domain/police-moderation';
import type { ConfirmSpec } from '../../../../components/ConfirmDialog';

interface Props {
  held: { field: string; reason: string }[] | undefined;
  /** Shown to an officer or cadre over the home who did not write the text. */
  onRelease?: () => void;
  /** A group session is not shown to residents at all while anything in it is held. */
  hiddenFromResidents?: boolean;
}

/** Text content security holds on the 警民之家: what and why, who sees it meanwhile, and 复核放行 for a reviewer. */
export function HeldNotice({ held, onRelease, hiddenFromResidents }: Props) {
  if (!held || held.length === 0) return null;
  return (
    <View className='qy-notice' role='status'>
      <View>{`有内容正在复核：${held.map((h) => `${policeFieldLabel(h.field)}（原因：${h.reason}）`).join('；')}。`}</View>
      <View>
        {hiddenFromResidents
          ? '复核通过前，这场活动不对居民显示，只有本警民之家的民警和辖区干部能看到。'
          : '复核通过前，只有填写的人和本警民之家的民警、辖区干部能看到，其他人看到的是“正在复核”。'}
      </View>
      {onRelease && (
        <Button className='qy-btn' onClick={onRelease}>
          复核放行
        </Button>
      )}
    </View>
  );
}

/** The confirm dialog for 复核放行, the same words as on the other pages. */
export const RELEASE_DIALOG: ConfirmSpec = {
  title: '复核放行',
  message: '这段文字被内容安全检查暂时挡住了。您读过后认为没有问题，放行后相关的人就能看到，填写的人会收到通知。',
  confirmText: '确定放行',
};
