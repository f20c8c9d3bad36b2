import type { ActionName } from '../../shared/contracts/envelope';
import type { casesContract } from '../../shared/contracts/cases';
import type { In as InOf, Out as OutOf } from '../_lib/handler';

/** The `cases` function's action input (parsed) and output, by action name. */
export type In<K extends ActionName<typeof casesContract>> = InOf<typeof casesContract, K>;
export type Out<K extends ActionName<typeof casesContract>> = OutOf<typeof casesContract, K>;
