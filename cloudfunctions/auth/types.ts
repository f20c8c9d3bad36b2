import type { ActionName } from '../../shared/contracts/envelope';
import type { authContract } from '../../shared/contracts/auth';
import type { In as InOf, Out as OutOf } from '../_lib/handler';

/** The `auth` function's action input (parsed) and output, by action name. */
export type In<K extends ActionName<typeof authContract>> = InOf<typeof authContract, K>;
export type Out<K extends ActionName<typeof authContract>> = OutOf<typeof authContract, K>;
