import { View } from '@tarojs/components';
import type { CaseView } from '@shared/contracts/cases';
import { caseTextLabel } from '@shared/domain/case-moderation';
import type { ConfirmSpec } from '../../../components/ConfirmDialog';

/** Under each held part, for its author and the handlers (the only people the server lists it for). */
export function HeldNotice({ kase, field }: { kase: CaseView; field: string }) {
  const h = kase.held?.find((x) => x.field === field);
  if (!h) return null;
  return (
    <View className='qy-notice case__held'>
      {caseTextLabel(field)}正在复核（原因：{h.reason}）。复核通过前，只有您和承办人员能看到。
    </View>
  );
}

export const RELEASE_DIALOG: ConfirmSpec = {
  title: '复核放行',
  message: '这些文字被内容安全检查暂时挡住了。您读过后认为没有问题，放行后当事人和相关人员就能看到。您自己填写的内容需由其他承办人员放行。',
  confirmText: '确定放行',
};
