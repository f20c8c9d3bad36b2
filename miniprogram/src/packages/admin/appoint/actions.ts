import type { HolderView, InvitationView, PersonView } from '@shared/contracts/admin';
import { ROLE_LABELS, type AppointableRole } from '@shared/domain/appointment-rules';
import type { ConfirmSpec } from '../../../components/ConfirmDialog';
import { ApiError } from '../../../client/cloud';

/** What the appoint page asks before each verb, and what it says after. */
export type AppointStep =
  | { kind: 'appoint'; person: PersonView; role: AppointableRole }
  | { kind: 'remove'; holder: HolderView }
  | { kind: 'handOver'; holder: HolderView; successor: PersonView; work: string }
  | { kind: 'revoke'; invitation: InvitationView };

export function dialogFor(step: AppointStep, unitName: string): ConfirmSpec {
  switch (step.kind) {
    case 'appoint':
      return {
        title: `任命${ROLE_LABELS[step.role]}`,
        message: `任命${step.person.name}（${step.person.phoneMasked ?? '未留电话'}）为${unitName}${ROLE_LABELS[step.role]}？本人会收到通知。`,
        confirmText: '确定任命',
      };
    case 'remove':
      return {
        title: `免去${step.holder.roleLabel}`,
        message: `免去${step.holder.name}的${unitName}${step.holder.roleLabel}？过去的记录都会保留，本人会收到通知。`,
        confirmText: '确定免去',
      };
    case 'handOver':
      return {
        title: '交接后免去',
        message: `${step.work}\n\n由${step.successor.name}接替${unitName}${step.holder.roleLabel}，接手以上工作，然后免去${step.holder.name}。`,
        confirmText: '交接并免去',
      };
    case 'revoke':
      return {
        title: '作废邀请码',
        message: `作废后，邀请码 ${step.invitation.code} 就不能再用了。`,
        confirmText: '确定作废',
      };
  }
}

export const DONE: Record<AppointStep['kind'], string> = {
  appoint: '已任命，本人会收到通知',
  remove: '已免去',
  handOver: '已交接并免去',
  revoke: '邀请码已作废',
};

/**
 * A removal refused for open work (CONFLICT with the list): the page keeps the list and asks for a
 * successor instead of showing a toast. Any other refusal is not a hand-over.
 */
export function handOverNeeded(e: unknown): string | null {
  return e instanceof ApiError && e.code === 'CONFLICT' && e.message.includes('未交接') ? e.message : null;
}

/** The code as people read it out: two groups of four. */
export function spacedCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1 ');
}
