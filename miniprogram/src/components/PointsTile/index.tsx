import { Tile } from '../Tile';
import { monthLabel, usePoints } from '../../hooks/use-points';
import { ROUTES } from '../../routes';
import { go } from '../../client/navigate';

/** The home-page tile of a resident's household points: the latest month's points and tier at a glance. */
export function PointsTile() {
  const { data } = usePoints('mine', {});
  const latest = data?.latest;
  const hint = latest ? `${monthLabel(latest.month)} ${latest.points} 分 · ${latest.tier.name}${latest.rank ? ` · 全村第 ${latest.rank} 名` : ''}` : '看档次、每月得分和村里排名';
  return <Tile label='我家积分' hint={hint} onTap={go(ROUTES.points.mine.url())} />;
}
