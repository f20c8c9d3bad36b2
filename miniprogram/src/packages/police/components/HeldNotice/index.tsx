import { policeFieldLabel } from '@shared/domain/police-moderation';
import { HeldNotice as Notice, type HeldNoticeProps } from '../../../../components/HeldNotice';

export { RELEASE_DIALOG } from '../../../../components/HeldNotice';

interface Props extends Pick<HeldNoticeProps, 'held' | 'onRelease'> {
  /** A group session is not shown to residents at all while anything in it is held. */
  hiddenFromResidents?: boolean;
}

/** Held text on the 警民之家 (a visit, a booking note, a group session, changed hours). */
export function HeldNotice({ held, onRelease, hiddenFromResidents }: Props) {
  return (
    <Notice
      held={held}
      onRelease={onRelease}
      label={policeFieldLabel}
      readers='本警民之家的民警、辖区干部'
      meanwhile={hiddenFromResidents ? '复核通过前，这场活动不对居民显示，只有本警民之家的民警和辖区干部能看到。' : undefined}
    />
  );
}
