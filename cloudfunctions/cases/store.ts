import type { Db } from '@cloudbase/database';
import { DEFAULT_CASE_CONFIG, type CaseConfig, type CaseLevel } from '../../shared/domain/case-catalogue';
import { committeeFor, LEVEL_CADRE_ROLE, type CaseFacts, canSeeCase, type CaseActor } from '../../shared/domain/case-access';
import type { CaseConfigRecord, CaseRecord, RoutingRuleRecord } from '../../shared/domain/case-records';
import { DEFAULT_ROUTING_RULES, type RoutingRule } from '../../shared/domain/case-routing';
import { usersWithRoleAt } from '../_lib/caller';
import { findById, type Tx } from '../_lib/db';
import { COLLECTIONS } from '../_lib/collections';
import { notFound } from '../_lib/errors';
import type { UserRecord } from '../../shared/domain/records';

/** The county's dispute types, deadlines and follow-up interval; the defaults until the county sets its own. */
export async function loadConfig(db: Db | Tx, countyId: string): Promise<CaseConfig> {
  const stored = await findById<CaseConfigRecord>(db, COLLECTIONS.caseConfig.name, countyId);
  return stored ?? DEFAULT_CASE_CONFIG;
}

export async function loadRules(db: Db, countyId: string): Promise<RoutingRule[]> {
  const res = await db.collection(COLLECTIONS.routingRules.name).where({ countyId }).orderBy('order', 'asc').limit(1000).get();
  const rows = res.data as RoutingRuleRecord[];
  return rows.length ? rows.map((r) => ({ id: r.id, when: r.when, level: r.level, reason: r.reason })) : DEFAULT_ROUTING_RULES;
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
