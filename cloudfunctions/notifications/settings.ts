import type { Db } from '@cloudbase/database';
import type { SubscribeConfig } from '../../shared/domain/notifications-records';
import { subscribeConfigSchema } from '../../shared/contracts/notifications';
import { findById } from '../_lib/db';
import { readsOutside } from '../_lib/outside';
import { COLLECTIONS } from '../_lib/collections';

export const SUBSCRIBE_CONFIG_ID = 'subscribe';

const EMPTY: SubscribeConfig = { templates: [], longTermGrants: false, miniprogramState: 'formal' };

/**
 * Template ids and WeChat field keys belong to the mini-program's account, so they come from
 * configuration: the SUBSCRIBE_CONFIG environment variable (JSON) of the function when set, else the
 * `config/subscribe` document. Without either every message stays in the inbox only.
 */
export async function loadSubscribeConfig(db: Db): Promise<SubscribeConfig> {
  readsOutside('environment');
  const fromEnv = process.env.SUBSCRIBE_CONFIG;
  let raw: unknown = null;
  if (fromEnv) {
    try {
      raw = JSON.parse(fromEnv);
    } catch {
      throw new Error('SUBSCRIBE_CONFIG is not valid JSON');
    }
  } else {
    raw = await findById<Record<string, unknown>>(db, COLLECTIONS.config.name, SUBSCRIBE_CONFIG_ID);
  }
  if (!raw) return EMPTY;
  const parsed = subscribeConfigSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`subscribe configuration is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return parsed.data;
}
