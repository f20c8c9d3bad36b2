import type { ActionName } from '../../shared/contracts/envelope';
import type { councilsContract } from '../../shared/contracts/councils';
import type { In as InOf, Out as OutOf } from '../_lib/handler';

/** The `councils` function's action input (parsed) and output, by action name. */
export type In<K extends ActionName<typeof councilsContract>> = InOf<typeof councilsContract, K>;
export type Out<K extends ActionName<typeof councilsContract>> = OutOf<typeof councilsContract, K>;
