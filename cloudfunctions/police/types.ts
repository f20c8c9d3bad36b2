import type { ActionName } from '../../shared/contracts/envelope';
import type { policeContract } from '../../shared/contracts/police';
import type { In as InOf, Out as OutOf } from '../_lib/handler';

/** The `police` function's action input (parsed) and output, by action name. */
export type In<K extends ActionName<typeof policeContract>> = InOf<typeof policeContract, K>;
export type Out<K extends ActionName<typeof policeContract>> = OutOf<typeof policeContract, K>;
