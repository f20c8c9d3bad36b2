import type { ActionName } from '../../shared/contracts/envelope';
import type { wishesContract } from '../../shared/contracts/wishes';
import type { In as InOf, Out as OutOf } from '../_lib/handler';

/** The `wishes` function's action input (parsed) and output, by action name. */
export type In<K extends ActionName<typeof wishesContract>> = InOf<typeof wishesContract, K>;
export type Out<K extends ActionName<typeof wishesContract>> = OutOf<typeof wishesContract, K>;
