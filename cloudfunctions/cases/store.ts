import type { Db } from '@cloudbase/database';
import { DEFAULT_CASE_CONFIG, type CaseConfig, type CaseLevel } from '../../shared/domain/case-catalogue';
import { committeeFor, LEVEL_CADRE_ROLE, type CaseFacts, canReadCaseSummary, canSeeCase, type CaseActor } from '../../shared/domain/case-access';
import type { CaseConfigRecord, CaseRecord, RoutingRuleRecord, RoutingRuleSetRecord } from '../../shared/domain/case-records';
import { DEFAULT_ROUTING_RULES, type RoutingRule, type RoutingRuleSet } from '../../shared/domain/case-routing';
import { gridPartyGroup, HOLDERS_CAP, roleKey, usersWithRoleAt } from '../_lib/caller';
import { findById, readAll, type Tx } from '../_lib/db';
import { COLLECTIONS } from '../_lib/collections';
import { notFound } from '../_lib/errors';
import type { OrgUnitRecord, UserRecord } from '../../shared/domain/records';

/** The county's dispute types, deadlines and follow-up interval; the defaults until the county sets its own. */
export async function loadConfig(db: Db | Tx, countyId: string): Promise<CaseConfig> {
  const stored = await findById<CaseConfigRecord>(db, COLLECTIONS.caseConfig.name, countyId);
  return stored ?? DEFAULT_CASE_CONFIG;
}

export async function loadRules(db: Db, countyId: string): Promise<RoutingRule[]> {
  return (await loadRuleSet(db, countyId)).rules;
}

export type RuleSetInForce = RoutingRuleSet & { record: RoutingRuleSetRecord | null };

/** The county's rules in force: the newest edited version, else the seeded rows (version 0), else the built-in set. */
export async function loadRuleSet(db: Db | Tx, countyId: string): Promise<RuleSetInForce> {
  const latest = await (db as Db).collection(COLLECTIONS.routingRuleSets.name).where({ countyId }).orderBy('version', 'desc').limit(1).get();
  const record = (latest.data as RoutingRuleSetRecord[])[0] ?? null;
  if (record) return ruleSetOf(record, []);
  const res = await (db as Db).collection(COLLECTIONS.routingRules.name).where({ countyId }).orderBy('order', 'asc').limit(RULE_ROWS_CAP).get();
  return ruleSetOf(null, res.data as RoutingRuleRecord[]);
}

/** A county's seeded rule rows, read at most (a county has about ten). */
const RULE_ROWS_CAP = 1000;

function ruleSetOf(record: RoutingRuleSetRecord | null, rows: readonly RoutingRuleRecord[]): RuleSetInForce {
  if (record) return { version: record.version, rules: record.rules, record };
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

/** The role keys (`role@unit`) of whoever handles a case at `level`: the level's cadres and its committee's mediators. */
export function handlerKeys(level: CaseLevel, path: readonly string[]): string[] {
  const unit = committeeFor(level, path);
  return [roleKey(LEVEL_CADRE_ROLE[level], unit), roleKey('mediator', unit)];
}

export function cadreKeys(level: CaseLevel, path: readonly string[]): string[] {
  return [roleKey(LEVEL_CADRE_ROLE[level], committeeFor(level, path))];
}

/** A person as the notices about a case (and the summary's handler names) need them: who they are and what they hold. */
export type Person = Pick<UserRecord, '_id' | 'name' | 'roles' | 'roleKeys' | 'closedAt'>;

/** The people read who hold any of `keys`. */
export function holding(people: readonly Person[], keys: readonly string[]): string[] {
  return people.filter((u) => u.roleKeys.some((k) => keys.includes(k))).map((u) => u._id);
}

export interface Surroundings {
  /** The unit the read started from (the village a case is filed in, its grid, its county). */
  unit: OrgUnitRecord | null;
  config: CaseConfig;
  ruleSet: RuleSetInForce;
  /** Everyone holding one of the role keys asked for, and the people asked for by id. */
  people: Person[];
  /** Cases between the same parties in the village (`partiesKey`), at most 50. */
  earlierIds: string[];
  /** The case asked for by id (a retried report finds its own). */
  existing: CaseRecord | null;
}

export interface AroundAsk {
  unitId: string;
  countyId: string;
  /** Role keys whose holders are told (`handlerKeys`, `cadreKeys`). */
  keys?: readonly string[];
  /** People told by id (a grid's 网格党小组), read with their roles. */
  ids?: readonly string[];
  /** Whether the county's routing rules are needed. */
  rules?: boolean;
  partiesKey?: string;
  caseId?: string;
}

/**
 * What an action on a case needs besides the case, in ONE aggregate on a unit: the county's case config,
 * its routing rules if asked, the holders of the posts to tell and the people named, and for a report its
 * earlier cases between the same parties and its own retry; each a bounded lookup on its own indexed query.
 * Was one read each (the config, the rules, two per level of handlers, the party group's users).
 */
export async function readAround(db: Db, ask: AroundAsk): Promise<Surroundings> {
  const _ = db.command;
  const $ = _.aggregate;
  const byId = (id: string) => $.pipeline().match({ _id: id }).limit(1).done();
  const people = { _id: 1, name: 1, roles: 1, roleKeys: 1, closedAt: 1 };
  let q = db.collection(COLLECTIONS.orgUnits.name).aggregate().match({ _id: ask.unitId }).limit(1).lookup({ from: COLLECTIONS.caseConfig.name, pipeline: byId(ask.countyId), as: 'config' });
  if (ask.rules) {
    q = q
      .lookup({ from: COLLECTIONS.routingRuleSets.name, pipeline: $.pipeline().match({ countyId: ask.countyId }).sort({ version: -1 }).limit(1).done(), as: 'ruleSets' })
      .lookup({ from: COLLECTIONS.routingRules.name, pipeline: $.pipeline().match({ countyId: ask.countyId }).sort({ order: 1 }).limit(RULE_ROWS_CAP).done(), as: 'ruleRows' });
  }
  if (ask.keys?.length) q = q.lookup({ from: COLLECTIONS.users.name, pipeline: $.pipeline().match({ roleKeys: _.in([...ask.keys]) }).sort({ _id: 1 }).project(people).limit(HOLDERS_CAP).done(), as: 'holders' });
  if (ask.ids?.length) q = q.lookup({ from: COLLECTIONS.users.name, pipeline: $.pipeline().match({ _id: _.in([...ask.ids]) }).project(people).limit(ask.ids.length).done(), as: 'named' });
  if (ask.partiesKey) q = q.lookup({ from: COLLECTIONS.cases.name, pipeline: $.pipeline().match({ partiesKey: ask.partiesKey }).project({ _id: 1 }).limit(50).done(), as: 'earlier' });
  if (ask.caseId) q = q.lookup({ from: COLLECTIONS.cases.name, pipeline: byId(ask.caseId), as: 'existing' });
  const res = await q.end();
  type Row = OrgUnitRecord & { config: CaseConfigRecord[]; ruleSets?: RoutingRuleSetRecord[]; ruleRows?: RoutingRuleRecord[]; holders?: Person[]; named?: Person[]; earlier?: { _id: string }[]; existing?: CaseRecord[] };
  const row = (res.data as Row[])[0];
  const { config, ruleSets, ruleRows, holders, named, earlier, existing, ...unit } = row ?? ({ config: [] } as unknown as Row);
  const found = new Map([...(holders ?? []), ...(named ?? [])].map((u) => [u._id, u]));
  return {
    unit: row ? (unit as OrgUnitRecord) : null,
    config: config[0] ?? DEFAULT_CASE_CONFIG,
    ruleSet: ruleSetOf(ruleSets?.[0] ?? null, ruleRows ?? []),
    people: [...found.values()],
    earlierIds: (earlier ?? []).map((c) => c._id),
    existing: existing?.[0] ?? null,
  };
}

/** People by id with their roles (a grid's 网格党小组, to split by what their link may open). */
export async function readPeople(db: Db, ids: readonly string[]): Promise<Person[]> {
  return ids.length ? readAll<Person>(db, COLLECTIONS.users.name, { _id: db.command.in([...ids]) }, ['name', 'roles', 'roleKeys', 'closedAt']) : [];
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
 * `people`: the members as read (with their roles); one not read gets the summary.
 */
export function partyGroupAudience(c: CaseFacts, memberIds: readonly string[], people: readonly Person[], except: readonly string[] = []): { full: string[]; summary: string[] } {
  const ids = unique(memberIds, except);
  const full = people.filter((u) => ids.includes(u._id) && canSeeCase(c, { id: u._id, grants: u.roles })).map((u) => u._id);
  return { full, summary: ids.filter((id) => !full.includes(id)) };
}
