import type { ActionName } from '../../shared/contracts/envelope';
import type { auditContract } from '../../shared/contracts/audit';
import type { In as InOf, Out as OutOf } from '../_lib/handler';

/** The `audit` function's action input (parsed) and output, by action name. */
export type In<K extends ActionName<typeof auditContract>> = InOf<typeof auditContract, K>;
export type Out<K extends ActionName<typeof auditContract>> = OutOf<typeof auditContract, K>;
