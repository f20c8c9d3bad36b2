import { formatDay } from '../../client/format';

/** 60% → 「完成六成」 is too clever for a progress bar; people read the percent. */
export const percent = (n: number) => `${n}%`;

/** 2026-12-15 19:30 → 12月15日 周二 19:30. */
export const meetingWhen = (m: { date: string; time: string }) => `${formatDay(m.date)} ${m.time}`;

export const MEETING_STATUS_LABELS = { called: '待召开', held: '已召开' } as const;
