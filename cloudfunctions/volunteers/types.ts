import type { ActionName } from '../../shared/contracts/envelope';
import type { volunteersContract } from '../../shared/contracts/volunteers';
import type { In as InOf, Out as OutOf } from '../_lib/handler';

/** The `volunteers` function's action input (parsed) and output, by action name. */
export type In<K extends ActionName<typeof volunteersContract>> = InOf<typeof volunteersContract, K>;
export type Out<K extends ActionName<typeof volunteersContract>> = OutOf<typeof volunteersContract, K>;
