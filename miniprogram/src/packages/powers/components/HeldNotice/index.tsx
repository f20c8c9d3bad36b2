import { powerFieldLabel } from '@shared/domain/power-moderation';
import { HeldNotice as Notice, type HeldNoticeProps } from '../../../../components/HeldNotice';

export { RELEASE_DIALOG } from '../../../../components/HeldNotice';

/** Held text on a 小微权力 matter, complaint or talk, named as the powers pages name it. */
export function HeldNotice(props: Omit<HeldNoticeProps, 'label'>) {
  return <Notice {...props} label={powerFieldLabel} />;
}

export const MATTER_READERS = '村（社区）及以上干部、村务监督委员会';
export const SUPERVISOR_READERS = '村务监督委员会';
