import type { ActionName } from '../../shared/contracts/envelope';
import type { powersContract } from '../../shared/contracts/powers';
import type { In as InOf, Out as OutOf } from '../_lib/handler';

/** The `powers` function's action input (parsed) and output, by action name. */
export type In<K extends ActionName<typeof powersContract>> = InOf<typeof powersContract, K>;
export type Out<K extends ActionName<typeof powersContract>> = OutOf<typeof powersContract, K>;
