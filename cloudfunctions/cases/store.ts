import type { Db } from '@cloudbase/database';
import { DEFAULT_CASE_CONFIG, type CaseConfig, type CaseLevel } from '../../shared/domain/case-catalogue';
import { committeeFor, LEVEL_CADRE_ROLE, type CaseFacts, canReadCaseSummary, canSeeCase, type CaseActor } from '../../shared/domain/case-access';
import type { CaseConfigRecord, CaseRecord, RoutingRuleRecord, RoutingRuleSetRecord } from '../../shared/domain/case-records';
import { DEFAULT_ROUTING_RULES, type RoutingRule, type RoutingRuleSet } from '../../shared/domain/case-routing';
import { gridPartyGroup, usersWithRoleAt } from '../_lib/caller';
import { findById, readByIds, type Tx } from '../_lib/db';
import { COLLECTIONS } from '../_lib/collections';
import { notFound } from '../_lib/errors';
import type { UserRecord } from '../../shared/domain/records';

/** The county's dispute types, deadlines and follow-up interval; the defaults until the county sets its own. */
export async function loadConfig(db: Db | Tx, countyId: string): Promise<CaseConfig> {
  const stored = await findById<CaseConfigRecord>(db, COLLECTIONS.caseConfig.name, countyId);
  return stored ?? DEFAULT_CASE_CONFIG;
}

export async function loadRules(db: Db, countyId: string): Promise<RoutingRule[]> {
  return (await loadRuleSet(db, countyId)).rules;
}

/** The county's rules in force: the newest edited version, else the seeded rows (version 0), else the built-in set. */
export async function loadRuleSet(db: Db | Tx, countyId: string): Promise<RoutingRuleSet & { record: RoutingRuleSetRecord | null }> {
  const latest = await (db as Db).collection(COLLECTIONS.routingRuleSets.name).where({ countyId }).orderBy('version', 'desc').limit(1).get();
  const record = (latest.data as RoutingRuleSetRecord[])[0] ?? null;
  if (record) return { version: record.version, rules: record.rules, record };
  const res = await (db as Db).collection(COLLECTIONS.routingRules.name).where({ countyId }).orderBy('order', 'asc').limit(1000).get();
  const rows = res.data as RoutingRuleRecord[];
  return { version: 0, rules: rows.length ? rows.map((r) => ({ id: r.id, when: r.when, level: r.level, reason: r.reason })) : DEFAULT_ROUTING_RULES, record: null };
}

export function facts(c: CaseRecord): CaseFacts {
  return {
    status: c.status,
    level: c.level,
    path: c.path,
    reporterId: c.reporterId,
    committeeId: c.committeeId,
    committeeIds: c.committeeIds,
    sessionCount: c.sessions.length,
  };
}

/** The cadres and the mediation committee that handle a case at `level`. */
export async function handlersAt(db: Db, level: CaseLevel, path: readonly string[]): Promise<string[]> {
  const unit = committeeFor(level, path);
  const [cadres, mediators] = await Promise.all([
    usersWithRoleAt(db, LEVEL_CADRE_ROLE[level], unit),
    usersWithRoleAt(db, 'mediator', unit),
  ]);
  return [...cadres, ...mediators].map((u) => u._id);
}

export async function cadresAt(db: Db, level: CaseLevel, path: readonly string[]): Promise<string[]> {
  return (await usersWithRoleAt(db, LEVEL_CADRE_ROLE[level], committeeFor(level, path))).map((u) => u._id);
}

export function unique(ids: readonly string[], except: readonly string[] = []): string[] {
  return [...new Set(ids)].filter((id) => !except.includes(id));
}

export const link = (c: Pick<CaseRecord, '_id'>) => ({ page: 'case', id: c._id });

export const NOT_FOUND = '这个纠纷案件不存在或您无权查看';

export function actorOf(user: UserRecord): CaseActor {
  return { id: user._id, grants: user.roles };
}

/** The case, if the caller may see it; NOT_FOUND alike for a missing case and one out of sight. */
export async function readVisible(db: Db, caseId: string, caller: UserRecord): Promise<CaseRecord> {
  const c = await findById<CaseRecord>(db, COLLECTIONS.cases.name, caseId);
  if (!c || !canSeeCase(facts(c), actorOf(caller))) throw notFound(NOT_FOUND);
  return c;
}

export const summaryLink = (c: Pick<CaseRecord, '_id'>) => ({ page: 'case-summary', id: c._id });

/** The case for its summary, if the caller may read that much (a 网格党小组 member of its grid too). */
export async function readSummarised(db: Db, caseId: string, caller: UserRecord): Promise<{ c: CaseRecord; canOpen: boolean }> {
  const c = await findById<CaseRecord>(db, COLLECTIONS.cases.name, caseId);
  if (!c) throw notFound(NOT_FOUND);
  const actor = actorOf(caller);
  if (!canReadCaseSummary(facts(c), actor, await gridPartyGroup(db, c.gridId))) throw notFound(NOT_FOUND);
  return { c, canOpen: canSeeCase(facts(c), actor) };
}

/**
 * The grid's 网格党小组 members an alert about this case goes to, split by what their link may open:
 * the case itself for those who may see it, its summary for the rest (never a link that answers 404).
 */
export async function partyGroupAudience(db: Db, c: Pick<CaseRecord, 'gridId'> & CaseFacts, except: readonly string[] = []): Promise<{ full: string[]; summary: string[] }> {
  const ids = unique(await gridPartyGroup(db, c.gridId), except);
  const users = await readByIds<UserRecord>(db, COLLECTIONS.users.name, ids);
  const full = users.filter((u) => canSeeCase(c, actorOf(u))).map((u) => u._id);
  return { full, summary: ids.filter((id) => !full.includes(id)) };
}
