import type { In, Out } from './types';
import type { GrantView } from '../../shared/contracts/notifications';
import type { SubscriptionRecord } from '../../shared/domain/notifications-records';
import {
  applyGrantResult,
  MAX_TEMPLATES_PER_REQUEST,
  SUBSCRIBE_MOMENTS,
  TEMPLATE_KEYS,
  TEMPLATE_TITLES,
  type TemplateKey,
} from '../../shared/domain/subscribe';
import { clock } from '../_lib/clock';
import type { Db } from '@cloudbase/database';
import { findById, isDuplicateKey, readByIds } from '../_lib/db';
import { invalid } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { grantIdOf } from './store';
import { loadSubscribeConfig } from './settings';
import { COLLECTIONS } from '../_lib/collections';
import { ContentionError } from '../_lib/transaction';

const RECENT_REQUEST_IDS = 20;

function grantToView(g: SubscriptionRecord): GrantView {
  return {
    templateKey: g.templateKey as TemplateKey,
    title: TEMPLATE_TITLES[g.templateKey as TemplateKey] ?? g.templateKey,
    remaining: g.remaining,
    longTerm: g.longTerm,
    lastResult: g.lastResult,
    updatedAt: g.updatedAt,
  };
}

export async function subscribeTemplates(input: In<'subscribeTemplates'>, ctx: MemberContext): Promise<Out<'subscribeTemplates'>> {
  const config = await loadSubscribeConfig(ctx.db);
  const keys: readonly TemplateKey[] = SUBSCRIBE_MOMENTS[input.moment];
  const templates = keys.flatMap((key) => {
    const t = config.templates.find((c) => c.templateKey === key);
    return t ? [{ templateKey: key, templateId: t.templateId }] : [];
  });
  return { templates: templates.slice(0, MAX_TEMPLATES_PER_REQUEST) };
}

/** Times one grant is read again after losing its write to another change (a second tap, a send consuming it). */
const GRANT_ATTEMPTS = 5;

/**
 * The person's taps on the subscribe dialog, counted on their grants: the grants read in one query, then
 * each changed by one conditional write — an update while it holds what was read (a second tap or a
 * send meanwhile: read again and counted again, so both count), or the add of a first grant (added
 * meanwhile: read again). A retried report (its request id seen) changes nothing. Requests: the grants,
 * one write per template reported (at most MAX_TEMPLATES_PER_REQUEST).
 */
export async function reportGrants(input: In<'reportGrants'>, ctx: MemberContext): Promise<Out<'reportGrants'>> {
  const { db, caller } = ctx;
  const config = await loadSubscribeConfig(db);
  const issues = input.results.flatMap((r, i) =>
    config.templates.some((t) => t.templateKey === r.templateKey)
      ? []
      : [{ path: `results.${i}.templateKey`, message: '这个消息模板没有配置' }],
  );
  if (issues.length) throw invalid('有消息模板没有配置', issues);
  const ids = input.results.map((r) => grantIdOf(caller._id, r.templateKey));
  const found = new Map((await readByIds<SubscriptionRecord>(db, COLLECTIONS.subscriptions.name, ids)).map((g) => [g._id, g]));
  const grants: SubscriptionRecord[] = [];
  for (const r of input.results) {
    const template = config.templates.find((t) => t.templateKey === r.templateKey)!;
    const id = grantIdOf(caller._id, r.templateKey);
    let current = found.get(id) ?? null;
    for (let attempt = 1; ; attempt++) {
      if (current && input.requestId && current.recentRequestIds?.includes(input.requestId)) {
        grants.push(current);
        break;
      }
      const next = applyGrantResult(current, r.result, { longTerm: Boolean(template.longTerm) }, config.longTermGrants);
      const now = clock.nowIso();
      const record: SubscriptionRecord = {
        _id: id,
        userId: caller._id,
        templateKey: r.templateKey,
        ...next,
        recentRequestIds: [...(current?.recentRequestIds ?? []), ...(input.requestId ? [input.requestId] : [])].slice(-RECENT_REQUEST_IDS),
        createdAt: current?.createdAt ?? now,
        updatedAt: now,
      };
      if (await writeGrant(db, current, record)) {
        grants.push(record);
        break;
      }
      if (attempt >= GRANT_ATTEMPTS) throw new ContentionError(attempt);
      current = await findById<SubscriptionRecord>(db, COLLECTIONS.subscriptions.name, id);
    }
  }
  return { grants: grants.map(grantToView) };
}

/** One grant written if nobody changed it since `current` was read (or, for a first grant, nobody added it): whether it was. */
async function writeGrant(db: Db, current: SubscriptionRecord | null, record: SubscriptionRecord): Promise<boolean> {
  const { _id, ...fields } = record;
  if (!current) {
    try {
      await db.collection(COLLECTIONS.subscriptions.name).add(record);
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }
  const res = await db
    .collection(COLLECTIONS.subscriptions.name)
    .where({ _id, remaining: current.remaining, longTerm: current.longTerm, updatedAt: current.updatedAt })
    .update(fields);
  return (res as { updated?: number }).updated === 1;
}

export async function myGrants(_input: In<'myGrants'>, ctx: MemberContext): Promise<Out<'myGrants'>> {
  const config = await loadSubscribeConfig(ctx.db);
  const res = await ctx.db.collection(COLLECTIONS.subscriptions.name).where({ userId: ctx.caller._id }).limit(100).get();
  const items = (res.data as SubscriptionRecord[])
    .filter((g) => (TEMPLATE_KEYS as readonly string[]).includes(g.templateKey))
    .sort((a, b) => TEMPLATE_KEYS.indexOf(a.templateKey as TemplateKey) - TEMPLATE_KEYS.indexOf(b.templateKey as TemplateKey));
  return { items: items.map(grantToView), longTermEnabled: config.longTermGrants };
}
