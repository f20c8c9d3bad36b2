import { runTransaction } from '../_lib/transaction';
import type { In, Out } from './types';
import type { CaseRecord, RoutingRuleSetRecord } from '../../shared/domain/case-records';
import { rerouted, type RoutedCase, type RoutingRule } from '../../shared/domain/case-routing';
import { chinaMonth, previousMonth } from '../../shared/domain/china-time';
import type { RoutingRuleInput } from '../../shared/contracts/cases';
import type { UserRecord } from '../../shared/domain/records';
import { recordAudit } from '../_lib/audit';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { isDuplicateKey, isTxConflict, type Tx } from '../_lib/db';
import { conflict, forbidden, invalid } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { loadConfig, loadRuleSet } from './store';
import type { Db } from '@cloudbase/database';

/**
 * The county's dispute routing rules as data the county admin edits in the app: read with their
 * history, previewed against last month's cases, saved as a new version (the old kept), audited.
 */

const YUAN = 100;
/** The preview replays at most this many cases: one read, bounded whatever the county's size. */
const PREVIEW_CAP = 1000;

function countyOf(caller: UserRecord): string {
  const countyId = caller.roles.find((r) => r.role === 'county-admin')?.unitId;
  if (!countyId) throw forbidden('只有县社会工作部的管理员可以查看和修改纠纷分级规则');
  return countyId;
}

const toRule = (r: RoutingRuleInput): RoutingRule => {
  const { minAmountYuan, ...when } = r.when;
  return { id: r.id, level: r.level, reason: r.reason, when: { ...when, ...(minAmountYuan !== undefined ? { minAmountFen: minAmountYuan * YUAN } : {}) } };
};

const toInput = (r: RoutingRule): RoutingRuleInput => {
  const { minAmountFen, ...when } = r.when;
  return { id: r.id, level: r.level, reason: r.reason, when: { ...when, ...(minAmountFen !== undefined ? { minAmountYuan: Math.round(minAmountFen / YUAN) } : {}) } };
};

/** A rule may name only the county's own dispute types. */
async function checkTypes(db: Db, countyId: string, rules: readonly RoutingRuleInput[]): Promise<void> {
  const known = new Set((await loadConfig(db, countyId)).types.map((t) => t.code));
  const issues = rules.flatMap((r, i) => (r.when.types ?? []).filter((t) => !known.has(t)).map(() => ({ path: `rules.${i}.when.types`, message: '没有这个纠纷类型' })));
  if (issues.length) throw invalid('规则里有本县没有的纠纷类型', issues);
}

async function setView(db: Db, countyId: string): Promise<Out<'routingRules'>> {
  const [set, config, history] = await Promise.all([
    loadRuleSet(db, countyId),
    loadConfig(db, countyId),
    db.collection(COLLECTIONS.routingRuleSets.name).where({ countyId }).orderBy('version', 'desc').limit(50).get(),
  ]);
  return {
    version: set.version,
    rules: set.rules.map(toInput),
    updatedAt: set.record?.createdAt ?? null,
    updatedByName: set.record?.createdByName ?? null,
    history: (history.data as RoutingRuleSetRecord[]).map((h) => ({ version: h.version, createdAt: h.createdAt, byName: h.createdByName, changeNote: h.changeNote })),
    types: config.types.map((t) => ({ code: t.code, label: t.label })),
  };
}

export async function routingRules(_input: In<'routingRules'>, ctx: MemberContext): Promise<Out<'routingRules'>> {
  return setView(ctx.db, countyOf(ctx.caller));
}

/** Last month's assessed cases of the county, as the rules of their day routed them. */
async function lastMonthCases(db: Db, countyId: string): Promise<{ month: string; cases: (RoutedCase & { typeLabel: string; unitName: string })[]; capped: boolean }> {
  const month = previousMonth(chinaMonth(clock.now()));
  const res = await db
    .collection(COLLECTIONS.cases.name)
    .where({ countyId, month })
    .field({ _id: true, type: true, typeLabel: true, unitName: true, amountFen: true, parties: true, repeat: true, assessment: true })
    .orderBy('_id', 'asc')
    .limit(PREVIEW_CAP + 1)
    .get();
  const rows = res.data as Pick<CaseRecord, '_id' | 'type' | 'typeLabel' | 'unitName' | 'amountFen' | 'parties' | 'repeat' | 'assessment'>[];
  const assessed = rows.slice(0, PREVIEW_CAP).flatMap((c) =>
    c.assessment
      ? [{ id: c._id, typeLabel: c.typeLabel, unitName: c.unitName, proposedLevel: c.assessment.proposedLevel, facts: { type: c.type, risk: c.assessment.risk, amountFen: c.amountFen, parties: c.parties.length, repeat: c.repeat } }]
      : [],
  );
  return { month, cases: assessed, capped: rows.length > PREVIEW_CAP };
}

export async function previewRouting(input: In<'previewRouting'>, ctx: MemberContext): Promise<Out<'previewRouting'>> {
  const { db } = ctx;
  const countyId = countyOf(ctx.caller);
  await checkTypes(db, countyId, input.rules);
  const { month, cases, capped } = await lastMonthCases(db, countyId);
  const changed = rerouted(cases, input.rules.map(toRule));
  const byId = new Map(cases.map((c) => [c.id, c]));
  return {
    month,
    assessed: cases.length,
    changed: changed.length,
    examples: changed.slice(0, 20).map((x) => ({ caseId: x.id, typeLabel: byId.get(x.id)!.typeLabel, unitName: byId.get(x.id)!.unitName, from: x.from, to: x.to })),
    capped,
  };
}

export async function updateRouting(input: In<'updateRouting'>, ctx: MemberContext): Promise<Out<'updateRouting'>> {
  const { db, caller } = ctx;
  const countyId = countyOf(caller);
  await checkTypes(db, countyId, input.rules);
  const current = await loadRuleSet(db, countyId);
  const stale = () => conflict(`规则刚被他人修改（现为第 ${current.version} 版），请刷新后再改`);
  if (current.version !== input.baseVersion) throw stale();
  const version = current.version + 1;
  const record: RoutingRuleSetRecord = {
    _id: `${countyId}@${version}`,
    countyId,
    version,
    rules: input.rules.map(toRule),
    changeNote: input.changeNote,
    createdAt: clock.nowIso(),
    createdById: caller._id,
    createdByName: caller.name,
  };
  try {
    await runTransaction(db, async (tx: Tx) => {
      // The version's id is deterministic: a second save from the same base version is a duplicate.
      await tx.collection(COLLECTIONS.routingRuleSets.name).add(record);
      await recordAudit(tx, caller, ctx.requestId, {
        action: 'cases.updateRouting',
        target: { collection: COLLECTIONS.routingRuleSets.name, id: record._id },
        before: { version: current.version, rules: current.rules },
        after: { version, rules: record.rules, changeNote: record.changeNote },
        path: [countyId],
      });
    });
  } catch (err) {
    if (isDuplicateKey(err) || isTxConflict(err)) throw stale();
    throw err;
  }
  return setView(db, countyId);
}
