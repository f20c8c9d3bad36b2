import type { ActionName } from '../../shared/contracts/envelope';
import type { adminContract } from '../../shared/contracts/admin';
import type { In as InOf, Out as OutOf } from '../_lib/handler';

/** The `admin` function's action input (parsed) and output, by action name. */
export type In<K extends ActionName<typeof adminContract>> = InOf<typeof adminContract, K>;
export type Out<K extends ActionName<typeof adminContract>> = OutOf<typeof adminContract, K>;
