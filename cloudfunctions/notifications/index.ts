import { notificationsContract } from '../../shared/contracts/notifications';
import { defineFunction } from '../_lib/handler';
import { listInbox, markRead } from './service';

export const notifications = defineFunction(notificationsContract, {
  list: { run: listInbox },
  markRead: { run: markRead },
});

export const main = notifications.main;
