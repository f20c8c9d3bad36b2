import type { Db } from '@cloudbase/database';
import type { SubscribeConfig } from '../../shared/domain/notifications-records';
import { COLLECTIONS } from '../../cloudfunctions/_lib/collections';

/**
 * Demo subscribe-message configuration. The template ids are placeholders for the local stand-in
 * sender: a real deployment puts its own account's ids in the `config/subscribe` document or the
 * notifications function's SUBSCRIBE_CONFIG variable.
 */
export const DEMO_SUBSCRIBE_CONFIG: SubscribeConfig = {
  templates: [
    {
      templateKey: 'todo',
      templateId: 'local-demo-todo',
      fields: { thing1: 'kindLabel', thing2: 'body', time3: 'createdAt' },
    },
    {
      templateKey: 'result',
      templateId: 'local-demo-result',
      fields: { thing1: 'title', phrase2: { text: '已处理' }, thing3: 'body', time4: 'createdAt' },
    },
    {
      templateKey: 'progress',
      templateId: 'local-demo-progress',
      fields: { thing1: 'title', thing2: 'body', time3: 'createdAt' },
    },
  ],
  longTermGrants: false,
  miniprogramState: 'developer',
};

export async function seedNotifications(db: Db): Promise<void> {
  await db.collection(COLLECTIONS.config.name).add({ _id: 'subscribe', ...DEMO_SUBSCRIBE_CONFIG });
}
