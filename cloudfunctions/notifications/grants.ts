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
import { findById, type Tx } from '../_lib/db';
import { invalid } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { grantIdOf } from './store';
import { loadSubscribeConfig } from './settings';
import { COLLECTIONS } from '../_lib/collections';
import { runTransaction } from '../_lib/transaction';

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

export async function reportGrants(input: In<'reportGrants'>, ctx: MemberContext): Promise<Out<'reportGrants'>> {
  const { db, caller } = ctx;
  const config = await loadSubscribeConfig(db);
  const issues = input.results.flatMap((r, i) =>
    config.templates.some((t) => t.templateKey === r.templateKey)
      ? []
      : [{ path: `results.${i}.templateKey`, message: '这个消息模板没有配置' }],
  );
  if (issues.length) throw invalid('有消息模板没有配置', issues);
  const grants: SubscriptionRecord[] = [];
  for (const r of input.results) {
    const template = config.templates.find((t) => t.templateKey === r.templateKey)!;
    const id = grantIdOf(caller._id, r.templateKey);
    // One document per person and template, changed in a transaction: two taps at once both count.
    const saved = await runTransaction(db, async (tx: Tx) => {
      const current = await findById<SubscriptionRecord>(tx, COLLECTIONS.subscriptions.name, id);
      if (current && input.requestId && current.recentRequestIds?.includes(input.requestId)) return current;
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
      const { _id, ...fields } = record;
      await tx.collection(COLLECTIONS.subscriptions.name).doc(_id).set(fields);
      return record;
    });
    grants.push(saved);
  }
  return { grants: grants.map(grantToView) };
}

export async function myGrants(_input: In<'myGrants'>, ctx: MemberContext): Promise<Out<'myGrants'>> {
  const config = await loadSubscribeConfig(ctx.db);
  const res = await ctx.db.collection(COLLECTIONS.subscriptions.name).where({ userId: ctx.caller._id }).limit(100).get();
  const items = (res.data as SubscriptionRecord[])
    .filter((g) => (TEMPLATE_KEYS as readonly string[]).includes(g.templateKey))
    .sort((a, b) => TEMPLATE_KEYS.indexOf(a.templateKey as TemplateKey) - TEMPLATE_KEYS.indexOf(b.templateKey as TemplateKey));
  return { items: items.map(grantToView), longTermEnabled: config.longTermGrants };
}
