import type { ActionName } from '../../shared/contracts/envelope';
import type { pointsContract } from '../../shared/contracts/points';
import type { In as InOf, Out as OutOf } from '../_lib/handler';

/** The `points` function's action input (parsed) and output, by action name. */
export type In<K extends ActionName<typeof pointsContract>> = InOf<typeof pointsContract, K>;
export type Out<K extends ActionName<typeof pointsContract>> = OutOf<typeof pointsContract, K>;
