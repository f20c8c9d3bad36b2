import { notificationsContract } from '../../shared/contracts/notifications';
import { defineFunction } from '../_lib/handler';
import { dispatchDue } from './timers';
import { deadLetters, listInbox, markRead, retryDeadLetters, setSenderFailRate } from './inbox';
import { myGrants, reportGrants, subscribeTemplates } from './grants';

export const notifications = defineFunction(
  notificationsContract,
  {
    list: { run: listInbox },
    markRead: { run: markRead },
    subscribeTemplates: { run: subscribeTemplates },
    reportGrants: { run: reportGrants },
    myGrants: { run: myGrants },
    deadLetters: { run: deadLetters },
    retryDeadLetters: { run: retryDeadLetters },
    setSenderFailRate: { run: setSenderFailRate },
  },
  {
    dispatch: { cron: '0 */1 * * * * *', localEveryMs: 10_000, run: ({ db, requestId }) => dispatchDue(db, requestId) },
  },
);

export const main = notifications.main;
