import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '@cloudbase/database';
import { clock, DAY_MS } from '../cloudfunctions/_lib/clock';
import { COLLECTIONS, type DevSessionRecord } from '../cloudfunctions/_lib/collections';
import { findById } from '../cloudfunctions/_lib/db';

export const SESSIONS = COLLECTIONS.devSessions.name;
const TTL_MS = 30 * DAY_MS;

type SessionRecord = DevSessionRecord;

/**
 * Local sign-in sessions: the gateway turns a bearer token into the openid WeChat would have
 * given the function. Only a hash of the token is stored; lookups are cached in memory.
 */
export class SessionStore {
  private readonly cache = new Map<string, { record: SessionRecord; version: number }>();

  /**
   * `version`: the write version of the sessions collection (the engine's), so a session deleted in the
   * database (an account closed) stops working at once; without it the cache trusts what it read.
   */
  constructor(
    private readonly db: Db,
    private readonly version: () => number = () => 0,
  ) {}

  private static key(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }

  async issue(openid: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const now = clock.now();
    const record: SessionRecord = {
      _id: SessionStore.key(token),
      openid,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + TTL_MS).toISOString(),
    };
    await this.db.collection(SESSIONS).add(record);
    this.cache.set(record._id, { record, version: this.version() });
    return token;
  }

  /** The openid behind a token, or null for an unknown, forged or expired token. */
  async resolve(token: string): Promise<string | null> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
    const key = SessionStore.key(token);
    const version = this.version();
    const cached = this.cache.get(key);
    const record = cached && cached.version === version ? cached.record : await findById<SessionRecord>(this.db, SESSIONS, key);
    if (!record) {
      this.cache.delete(key);
      return null;
    }
    if (record.expiresAt <= clock.nowIso()) return null;
    this.cache.set(key, { record, version });
    return record.openid;
  }
}
