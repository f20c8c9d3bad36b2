import type { ActionName } from '../../shared/contracts/envelope';
import type { alertsContract } from '../../shared/contracts/alerts';
import type { In as InOf, Out as OutOf } from '../_lib/handler';

/** The `alerts` function's action input (parsed) and output, by action name. */
export type In<K extends ActionName<typeof alertsContract>> = InOf<typeof alertsContract, K>;
export type Out<K extends ActionName<typeof alertsContract>> = OutOf<typeof alertsContract, K>;
