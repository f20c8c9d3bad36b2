import { wishesContract, type WishView } from '@shared/contracts/wishes';
import type { ConfirmSpec } from '../../../components/ConfirmDialog';
import { wordedError } from '../../../client/error-text';
import type { WishAction } from '../../../hooks/use-wish';

/** What a button on the detail page does; `review` splits into approve and reject. */
export type WishStep = 'release' | 'approve' | 'reject' | 'claim' | 'fulfil' | 'confirm' | 'cancel';

interface StepSpec {
  action: WishAction;
  button: string;
  primary: boolean;
  dialog: ConfirmSpec;
  done: string;
  conflict: string;
}

export const STEPS: Record<WishStep, StepSpec> = {
  release: {
    action: 'release',
    button: '复核放行',
    primary: true,
    dialog: {
      title: '复核放行',
      message: '这段文字被内容安全检查暂时挡住了。您读过后认为没有问题，放行后大家就能看到。',
      confirmText: '确定放行',
    },
    done: '已放行',
    conflict: '这段内容已经放行过了',
  },
  approve: {
    action: 'review',
    button: '审核通过',
    primary: true,
    dialog: { title: '审核通过', message: '通过后，这个心愿会出现在心愿墙上，等待党员认领。', confirmText: '确定通过' },
    done: '已审核通过',
    conflict: '这个心愿已经被其他干部审核过了',
  },
  reject: {
    action: 'review',
    button: '驳回',
    primary: false,
    dialog: {
      title: '驳回心愿',
      message: '请写明驳回原因，提交人会收到通知。',
      confirmText: '确定驳回',
      input: { label: '驳回原因', placeholder: '例如：不属于微心愿范围，请联系村委会', required: true, maxLength: 200 },
    },
    done: '已驳回',
    conflict: '这个心愿已经被其他干部审核过了',
  },
  claim: {
    action: 'claim',
    button: '认领',
    primary: true,
    dialog: { title: '认领心愿', message: '认领后请尽快联系心愿人，帮他实现心愿。', confirmText: '确定认领' },
    done: '认领成功',
    conflict: '这个心愿刚被其他党员认领了',
  },
  fulfil: {
    action: 'fulfil',
    button: '完成',
    primary: true,
    dialog: {
      title: '完成心愿',
      message: '请简单说说是怎么帮忙的，心愿人确认后计入您的服务记录。',
      confirmText: '提交完成情况',
      input: { label: '完成情况', placeholder: '例如：已上门把院门修好', required: true, maxLength: 500 },
    },
    done: '已提交，等心愿人确认',
    conflict: '这个心愿的状态刚刚变了，请看最新情况',
  },
  confirm: {
    action: 'confirm',
    button: '确认完成',
    primary: true,
    dialog: {
      title: '确认心愿已完成',
      message: '确认后心愿就完成了。想对帮忙的党员说句话吗？（可以不写）',
      confirmText: '确定已完成',
      input: { label: '感谢的话', placeholder: '例如：谢谢您，帮了大忙', required: false, maxLength: 200 },
    },
    done: '心愿已完成',
    conflict: '这个心愿已经确认过了',
  },
  cancel: {
    action: 'cancel',
    button: '撤回',
    primary: false,
    dialog: {
      title: '撤回心愿',
      message: '撤回后这个心愿就不再办理了。',
      confirmText: '确定撤回',
      input: { label: '撤回原因', placeholder: '例如：问题已经解决了', required: true, maxLength: 200 },
    },
    done: '已撤回',
    conflict: '这个心愿已经有人认领，不能撤回了',
  },
};

/** The buttons to show, in order, for what the server allows. */
export function stepsFor(allowed: WishView['allowed']): WishStep[] {
  const order: WishStep[] = ['release', 'approve', 'reject', 'claim', 'fulfil', 'confirm', 'cancel'];
  return order.filter((s) => allowed.includes(STEPS[s].action));
}

/** The step's words for a refusal: its CONFLICT wording, which every wish action declares in the contract. */
export function stepErrorText(step: WishStep): (e: unknown) => string {
  return wordedError(wishesContract, STEPS[step].action, { CONFLICT: STEPS[step].conflict });
}
