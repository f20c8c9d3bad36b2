import type { ActionName } from '../../shared/contracts/envelope';
import type { sanitationContract } from '../../shared/contracts/sanitation';
import type { In as InOf, Out as OutOf } from '../_lib/handler';

/** The `sanitation` function's action input (parsed) and output, by action name. */
export type In<K extends ActionName<typeof sanitationContract>> = InOf<typeof sanitationContract, K>;
export type Out<K extends ActionName<typeof sanitationContract>> = OutOf<typeof sanitationContract, K>;
