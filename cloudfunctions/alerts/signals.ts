import type { Db } from '@cloudbase/database';
import type { OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import type { SignalRecord, SignalRuleRecord } from '../../shared/domain/signal-records';
import { canHandleSignal, explainSignal, openKeyOf, signalGroups, signalIdOf, SIGNAL_OUTCOME_LABELS } from '../../shared/domain/signal-rules';
import { recordAudit } from '../_lib/audit';
import { usersWithRoleAt } from '../_lib/caller';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { findById, pageByTime, readAll, readByIds } from '../_lib/db';
import { conflict, forbidden, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { enqueue } from '../_lib/outbox';
import { runTransaction } from '../_lib/transaction';
import { SIGNAL_SOURCE_TABLE } from './signal-sources';
import type { In, Out } from './types';

/** The events a signal keeps to explain itself (the newest), however many there were. */
const EVENTS_KEPT = 20;
/** New signals one run raises at most; the next run raises the rest. */
const SIGNALS_PER_RUN = 200;
/**
 * Wall-clock time a run may spend (alerts' timeout is 20 s): at county scale its first run raises
 * hundreds of signals, each a transaction. What is left is the next run's: a signal raised is found by
 * its id and skipped, and a run raises at least one before it stops, so every run gets further.
 */
/** Mutable so a test can shrink the real timer's budget (runTimer('signals')). */
export const SIGNALS_RUN = { budgetMs: 8_000 };
/** openKeys asked for in one query. */
const OPEN_KEYS_PER_READ = 100;

export function signalView(s: SignalRecord, caller: UserRecord): Out<'signal'> {
  return {
    id: s._id,
    villageName: s.villageName,
    ruleTitle: s.ruleTitle,
    source: s.source,
    explanation: s.explanation,
    events: s.events.map((e) => ({ collection: e.collection, id: e.id, at: e.at, label: e.label })),
    eventCount: s.eventCount,
    status: s.status,
    raisedAt: s.raisedAt,
    closedAt: s.closedAt,
    outcome: s.outcome,
    note: s.note,
    closedByName: s.closedByName,
    canClose: s.status === 'open' && canHandleSignal(caller.roles, s.path),
  };
}

function ruleView(r: SignalRuleRecord): Out<'updateSignalRule'> {
  return {
    id: r.id,
    source: r.source,
    title: r.title,
    enabled: r.enabled,
    windowDays: r.windowDays,
    threshold: r.threshold,
    caseTypes: r.caseTypes,
    raised: r.raised,
    closed: r.closed,
    falseAlarms: r.falseAlarms,
    updatedAt: r.updatedAt,
    updatedByName: r.updatedByName,
  };
}

/** Where the caller handles signals: the county, else a town, else a village (their widest handler role). */
function scopeOf(caller: UserRecord): { countyId: string } | { townId: string } | { villageId: string } {
  const by = (role: string) => caller.roles.find((r) => r.role === role)?.unitId;
  const county = by('county-admin');
  if (county) return { countyId: county };
  const town = by('town-cadre');
  if (town) return { townId: town };
  const village = by('village-cadre');
  if (village) return { villageId: village };
  throw forbidden('只有村（社区）、镇（街道）干部和县级管理员处理研判信号');
}

function countyOf(caller: UserRecord): string {
  const grant = caller.roles.find((r) => r.role === 'county-admin' || r.role === 'town-cadre' || r.role === 'village-cadre');
  if (!grant) throw forbidden('只有村（社区）、镇（街道）干部和县级管理员查看研判规则');
  return caller.residence?.path[0] ?? grant.unitId;
}

export async function listSignals(input: In<'signals'>, ctx: MemberContext): Promise<Out<'signals'>> {
  const { db, caller } = ctx;
  const where = { ...scopeOf(caller), status: input.status };
  const page = await pageByTime<SignalRecord, 'raisedAt'>(db, COLLECTIONS.signals.name, 'raisedAt', where, input.cursor, input.limit);
  return { items: page.items.map((s) => signalView(s, caller)), nextCursor: page.nextCursor };
}

async function loadSignal(db: Db, id: string, caller: UserRecord): Promise<SignalRecord> {
  const s = await findById<SignalRecord>(db, COLLECTIONS.signals.name, id);
  if (!s) throw notFound('找不到这条研判信号');
  if (!canHandleSignal(caller.roles, s.path)) throw forbidden('这条研判信号不在您的管辖范围内');
  return s;
}

export async function getSignal(input: In<'signal'>, ctx: MemberContext): Promise<Out<'signal'>> {
  return signalView(await loadSignal(ctx.db, input.signalId, ctx.caller), ctx.caller);
}

export async function closeSignal(input: In<'closeSignal'>, ctx: MemberContext): Promise<Out<'closeSignal'>> {
  const { db, caller } = ctx;
  const s = await loadSignal(db, input.signalId, caller);
  const now = clock.nowIso();
  await runTransaction(db, async (tx) => {
    const cur = await findById<SignalRecord>(tx, COLLECTIONS.signals.name, s._id);
    if (!cur || cur.status !== 'open') throw conflict('这条研判信号已经处理过了');
    await tx.collection(COLLECTIONS.signals.name).doc(s._id).update({ status: 'closed', closedAt: now, outcome: input.outcome, note: input.note, closedByName: caller.name });
    const _ = db.command;
    await tx.collection(COLLECTIONS.signalRules.name).doc(`${cur.countyId}:${cur.ruleId}`).update({ closed: _.inc(1), falseAlarms: _.inc(input.outcome === 'false-alarm' ? 1 : 0) });
    await recordAudit(tx, caller, ctx.requestId, {
      action: 'alerts.closeSignal',
      target: { collection: COLLECTIONS.signals.name, id: s._id },
      before: { status: 'open' },
      after: { status: 'closed', outcome: SIGNAL_OUTCOME_LABELS[input.outcome], note: input.note },
      path: cur.path,
    });
  });
  return signalView((await findById<SignalRecord>(db, COLLECTIONS.signals.name, s._id))!, caller);
}

export async function listSignalRules(_input: In<'signalRules'>, ctx: MemberContext): Promise<Out<'signalRules'>> {
  const rules = await readAll<SignalRuleRecord>(ctx.db, COLLECTIONS.signalRules.name, { countyId: countyOf(ctx.caller) });
  return { items: rules.map(ruleView) };
}

export async function updateSignalRule(input: In<'updateSignalRule'>, ctx: MemberContext): Promise<Out<'updateSignalRule'>> {
  const { db, caller } = ctx;
  const county = caller.roles.find((r) => r.role === 'county-admin')?.unitId;
  if (!county) throw forbidden('只有县级管理员可以修改研判规则');
  const id = `${county}:${input.ruleId}`;
  const now = clock.nowIso();
  await runTransaction(db, async (tx) => {
    const cur = await findById<SignalRuleRecord>(tx, COLLECTIONS.signalRules.name, id);
    if (!cur) throw notFound('找不到这条研判规则');
    const next = { title: input.title, enabled: input.enabled, windowDays: input.windowDays, threshold: input.threshold, caseTypes: input.caseTypes, updatedAt: now, updatedByName: caller.name };
    await tx.collection(COLLECTIONS.signalRules.name).doc(id).update(next);
    await recordAudit(tx, caller, ctx.requestId, {
      action: 'alerts.updateSignalRule',
      target: { collection: COLLECTIONS.signalRules.name, id },
      before: { title: cur.title, enabled: cur.enabled, windowDays: cur.windowDays, threshold: cur.threshold, caseTypes: cur.caseTypes },
      after: { title: next.title, enabled: next.enabled, windowDays: next.windowDays, threshold: next.threshold, caseTypes: next.caseTypes },
      path: [county],
    });
  });
  return ruleView((await findById<SignalRuleRecord>(db, COLLECTIONS.signalRules.name, id))!);
}

/**
 * The 研判 timer: every enabled rule of every county over its source's events. A group that reaches the
 * threshold raises one signal (id from the rule, the group and its newest event: overlapping runs write
 * it once), unless one is open for the same rule and group — then a later event joins that one. The
 * village's cadres are told in the same transaction.
 */
export async function raiseSignals({ db }: { db: Db }): Promise<{ raised: number; joined: number }> {
  const stopAt = Date.now() + SIGNALS_RUN.budgetMs;
  const now = clock.nowIso();
  const _ = db.command;
  const rules = (await readAll<SignalRuleRecord>(db, COLLECTIONS.signalRules.name, { enabled: true })).filter((r) => r.enabled);
  const villagesOf = new Map<string, OrgUnitRecord[]>();
  /** Who is told at each place (role and unit), read once a run. */
  const cadresAt = new Map<string, string[]>();
  let raised = 0;
  let joined = 0;
  // Past the budget a run stops, but only once it has raised one: every run gets further.
  const outOfTime = () => raised > 0 && Date.now() >= stopAt;
  for (const rule of rules) {
    if (raised >= SIGNALS_PER_RUN || outOfTime()) break;
    const source = SIGNAL_SOURCE_TABLE[rule.source];
    if (!source) continue;
    if (!villagesOf.has(rule.countyId)) {
      const units = await readAll<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, { path: rule.countyId, kind: _.in(['village', 'community']) }, ['name', 'kind', 'path', 'retiredAt']);
      villagesOf.set(rule.countyId, units.filter((u) => !u.retiredAt));
    }
    const villages = villagesOf.get(rule.countyId)!;
    const names = new Map(villages.map((v) => [v._id, v.name]));
    const events = await source.events(db, rule, { countyId: rule.countyId, villages, now });
    const groups = signalGroups(rule, events, now, source.windowed);
    if (!groups.length) continue;
    // What is raised already and what is open, for every group of the rule at once: two reads, not two a group.
    const ids = groups.map((g) => signalIdOf(rule.id, g));
    const existing = new Set((await readByIds<SignalRecord>(db, COLLECTIONS.signals.name, ids)).map((r) => r._id));
    const keys = [...new Set(groups.map((g) => openKeyOf(rule.id, g.groupKey)))];
    const openByKey = new Map<string, string>();
    for (let i = 0; i < keys.length; i += OPEN_KEYS_PER_READ) {
      const open = await readAll<Pick<SignalRecord, '_id' | 'openKey'>>(db, COLLECTIONS.signals.name, { openKey: _.in(keys.slice(i, i + OPEN_KEYS_PER_READ)), status: 'open' }, ['openKey']);
      for (const r of open) if (!openByKey.has(r.openKey)) openByKey.set(r.openKey, r._id);
    }
    for (const [i, g] of groups.entries()) {
      if (raised >= SIGNALS_PER_RUN || outOfTime()) break;
      const id = ids[i]!;
      if (existing.has(id)) continue;
      const openKey = openKeyOf(rule.id, g.groupKey);
      const kept = g.events.slice(-EVENTS_KEPT);
      const explanation = explainSignal(rule, g.events.length);
      const openId = openByKey.get(openKey);
      if (openId) {
        await db.collection(COLLECTIONS.signals.name).doc(openId).update({ events: kept, eventCount: g.events.length, explanation });
        joined++;
        continue;
      }
      // A shared facility's signal sits at its town (or the county): its name, and that level's cadres.
      const place = names.has(g.villageId) ? null : await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, g.villageId);
      const handlerRole = place?.kind === 'town' ? 'town-cadre' : place?.kind === 'county' ? 'county-admin' : 'village-cadre';
      const at = `${handlerRole}@${g.villageId}`;
      if (!cadresAt.has(at)) cadresAt.set(at, (await usersWithRoleAt(db, handlerRole, g.villageId)).map((u) => u._id));
      const cadres = cadresAt.get(at)!;
      const record: Omit<SignalRecord, '_id'> = {
        countyId: rule.countyId,
        townId: g.path[1] ?? '',
        villageId: g.villageId,
        villageName: names.get(g.villageId) ?? place?.name ?? '',
        path: g.path,
        ruleId: rule.id,
        ruleTitle: rule.title,
        source: rule.source,
        openKey,
        explanation,
        events: kept,
        eventCount: g.events.length,
        status: 'open',
        raisedAt: now,
        closedAt: null,
        outcome: null,
        note: null,
        closedByName: null,
      };
      const done = await runTransaction(db, async (tx) => {
        if (await findById(tx, COLLECTIONS.signals.name, id)) return false;
        await tx.collection(COLLECTIONS.signals.name).doc(id).set(record);
        await tx.collection(COLLECTIONS.signalRules.name).doc(rule._id).update({ raised: db.command.inc(1) });
        await enqueue(tx, cadres, { kind: 'signal.raised', title: `研判提醒：${rule.title}`, body: `${record.villageName}：${explanation}。请核实处置。`, link: { page: 'signal', id } });
        return true;
      });
      if (done) {
        raised++;
        // A later group of the same rule and place joins this one (as a later run would).
        openByKey.set(openKey, id);
      }
    }
  }
  return { raised, joined };
}
