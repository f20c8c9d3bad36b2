import type { ActionName } from '../../shared/contracts/envelope';
import type { notificationsContract } from '../../shared/contracts/notifications';
import type { In as InOf, Out as OutOf } from '../_lib/handler';

/** The `notifications` function's action input (parsed) and output, by action name. */
export type In<K extends ActionName<typeof notificationsContract>> = InOf<typeof notificationsContract, K>;
export type Out<K extends ActionName<typeof notificationsContract>> = OutOf<typeof notificationsContract, K>;
