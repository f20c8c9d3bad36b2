/**
 * 三提醒 reminder talks: 事前普遍提醒, 事中专项提醒, 事后纠错提醒. Supervisors record them; the cadre
 * talked to reads their own; above the village only the counts travel.
 */
export const TALK_STAGES = ['before', 'during', 'after'] as const;
export type TalkStage = (typeof TALK_STAGES)[number];

export const TALK_STAGE_LABELS: Record<TalkStage, string> = {
  before: '事前普遍提醒',
  during: '事中专项提醒',
  after: '事后纠错提醒',
};

export interface TalkTally {
  cadres: number;
  before: number;
  during: number;
  after: number;
}

export const EMPTY_TALLY: TalkTally = { cadres: 0, before: 0, during: 0, after: 0 };

export function addTallies(a: TalkTally, b: TalkTally): TalkTally {
  return { cadres: a.cadres + b.cadres, before: a.before + b.before, during: a.during + b.during, after: a.after + b.after };
}

/**
 * The tally of talk records: each stage counted, each cadre once however many talks they had.
 */
export function tallyTalks(talks: readonly { cadreId: string; stage: TalkStage }[]): TalkTally {
  const cadres = new Set<string>();
  const out = { ...EMPTY_TALLY };
  for (const t of talks) {
    cadres.add(t.cadreId);
    out[t.stage]++;
  }
  out.cadres = cadres.size;
  return out;
}

/** A talk date is a China date no later than today and not older than a year. */
export function checkTalkDate(date: string, today: string): string | null {
  if (date > today) return '谈话日期不能晚于今天';
  const yearAgo = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
  if (date < yearAgo) return '只能补录一年以内的谈话';
  return null;
}
