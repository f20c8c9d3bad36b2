import type { CouncilAgendaItemRecord, CouncilRecord, CouncilSettingsRecord, CouncilTurnRecord } from '../../shared/domain/council-records';
import { DECISION_RULE_LABELS, TIE_RULE_LABELS } from '../../shared/domain/council-rules';
import { emptyRotation, normaliseRotation, passTurn as passRotation, dueBody } from '../../shared/domain/council-rotation';
import { holdsRoleOver } from '../../shared/domain/jurisdiction';
import type { UserRecord } from '../../shared/domain/records';
import { recordAudit } from '../_lib/audit';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { findById, readByIds, type Tx } from '../_lib/db';
import { conflict, forbidden, invalid } from '../_lib/errors';
import type { ActionContext, MemberContext } from '../_lib/handler';
import { carrying, effectOf } from '../_lib/effects';
import { runTransaction } from '../_lib/transaction';
import {
  agendaIdOf,
  agendaItems,
  bodyName,
  councilIdOf,
  findCouncil,
  homeVillageOf,
  loadCouncil,
  loadSettings,
  loadUnit,
  loadVillage,
  managesCouncil,
  representativesOf,
  turnIdOf,
} from './store';
import type { In, Out } from './types';
import { councilViewOf } from './views';

export async function getCouncil(input: In<'council'>, ctx: ActionContext): Promise<Out<'council'>> {
  const { db, caller } = ctx;
  const villageId = input.villageId ?? homeVillageOf(caller);
  if (!villageId) return { council: null, villageId: null, villageName: '' };
  const village = await loadVillage(db, villageId);
  const c = await findCouncil(db, village._id);
  return { council: c ? await councilViewOf(db, c, caller) : null, villageId: village._id, villageName: village.name };
}

/** The village's party organisation sets up the council or edits it; the rotation keeps its place. */
export async function saveCouncil(input: In<'saveCouncil'>, ctx: MemberContext): Promise<Out<'saveCouncil'>> {
  const { db, caller } = ctx;
  const village = await loadVillage(db, input.villageId);
  if (!managesCouncil(caller, village.path)) throw forbidden('只有本村（社区）党组织和上级镇街可以设置议事会');
  const keys = input.bodies.map((b) => b.key);
  const issues: { path: string; message: string }[] = [];
  keys.forEach((k, i) => {
    if (keys.indexOf(k) !== i) issues.push({ path: `bodies.${i}.key`, message: '成员单位代号重复' });
  });
  if (input.order.length !== keys.length || new Set(input.order).size !== input.order.length || input.order.some((k) => !keys.includes(k))) {
    issues.push({ path: 'order', message: '轮席顺序应包含每个成员单位各一次' });
  }
  if (!input.bodies.some((b) => b.kind === 'party')) issues.push({ path: 'bodies', message: '议事会由党组织牵头，应包含党支部' });
  const people = [...new Set([input.secretaryId, ...input.bodies.flatMap((b) => b.representativeIds)])];
  const users = new Map((await readByIds<UserRecord>(db, COLLECTIONS.users.name, people)).map((u) => [u._id, u]));
  input.bodies.forEach((b, i) =>
    b.representativeIds.forEach((id, j) => {
      if (!users.has(id) || users.get(id)!.closedAt) issues.push({ path: `bodies.${i}.representativeIds.${j}`, message: '找不到这位代表（须是已注册的用户）' });
    }),
  );
  const secretary = users.get(input.secretaryId);
  if (!secretary || !secretary.roles.some((r) => r.role === 'village-cadre' && r.unitId === village._id)) {
    issues.push({ path: 'secretaryId', message: '党组织书记须是本村（社区）干部' });
  }
  if (issues.length) throw invalid('议事会的设置有误，请检查', issues);
  const id = councilIdOf(village._id);
  const now = clock.nowIso();
  const saved = await runTransaction(db, async (tx: Tx) => {
    const existing = await findById<CouncilRecord>(tx, COLLECTIONS.councils.name, id);
    const record: CouncilRecord = {
      _id: id,
      villageId: village._id,
      villageName: village.name,
      path: village.path,
      name: input.name,
      secretaryId: secretary!._id,
      secretaryName: secretary!.name,
      bodies: input.bodies.map((b) => ({ ...b, representativeIds: [...new Set(b.representativeIds)] })),
      order: input.order,
      rotation: existing ? normaliseRotation(input.order, existing.rotation) : emptyRotation(input.order),
      turnSeq: existing?.turnSeq ?? 0,
      updatedAt: now,
      updatedById: caller._id,
    };
    const { _id, ...rest } = record;
    await tx.collection(COLLECTIONS.councils.name).doc(id).set(rest);
    await recordAudit(tx, caller, ctx.requestId, {
      action: 'councils.saveCouncil',
      target: { collection: COLLECTIONS.councils.name, id },
      before: existing ? { bodies: existing.bodies.map((b) => b.name), order: existing.order } : null,
      after: { bodies: record.bodies.map((b) => b.name), order: record.order },
      path: village.path,
    });
    return record;
  });
  // The answer from the record as written, not read again.
  return councilViewOf(db, saved, caller);
}

/**
 * The due body cannot chair: it passes, publicly and with its reason, and keeps its turn next time. The
 * turn's record and the rotation change together (one transaction: the turn's id is the rotation's next
 * number); the notice to the body now due and the secretary, and the audit entry, ride on the turn's add.
 * A chair's duty, counted in the cadre budget (the chair acts as the council's officer).
 * Requests: the caller, the transaction (start, the council, the turn, the rotation, commit), the answer's
 * names, turns and meetings.
 */
export async function passTurn(input: In<'passTurn'>, ctx: MemberContext): Promise<Out<'passTurn'>> {
  const { db, caller } = ctx;
  const saved = await runTransaction(db, async (tx: Tx) => {
    const c = await loadCouncil(tx, input.villageId);
    if (!c.bodies.some((b) => b.key === input.bodyKey && b.representativeIds.includes(caller._id))) throw forbidden('只有该成员单位的代表可以让出轮值');
    const next = passRotation(c.order, c.rotation, input.bodyKey);
    if (next === 'not-due') throw conflict(`现在轮到${bodyName(c, dueBody(c.order, c.rotation))}主持，不是${bodyName(c, input.bodyKey)}`);
    if (next === 'nobody-due') throw conflict('各成员单位都已让出本次轮值，请党组织协调');
    const seq = c.turnSeq + 1;
    const now = clock.nowIso();
    const turn: CouncilTurnRecord = {
      _id: turnIdOf(c._id, seq),
      councilId: c._id,
      villageId: c.villageId,
      path: c.path,
      seq,
      bodyKey: input.bodyKey,
      bodyName: bodyName(c, input.bodyKey),
      kind: 'passed',
      meetingId: null,
      reason: input.reason,
      byId: caller._id,
      byName: caller.name,
      at: now,
    };
    const dueNow = dueBody(c.order, next);
    const effect = effectOf(caller, ctx.requestId, { collection: COLLECTIONS.councils.name, id: c._id, path: c.path }, now, {
      messages: [
        {
          to: [...representativesOf(c, dueNow), c.secretaryId],
          message: {
            kind: 'council.turnPassed',
            title: dueNow ? `轮到${bodyName(c, dueNow)}主持议事` : '各成员单位都让出了本次轮值',
            body: `${turn.bodyName}让出本次轮值（${input.reason}），下次仍先由其主持。`,
            link: { page: 'council', id: c.villageId },
          },
        },
      ],
      audit: { action: 'councils.passTurn', before: { due: input.bodyKey }, after: { due: dueNow, reason: input.reason, owed: next.owed } },
    });
    await tx.collection(COLLECTIONS.councilTurns.name).add({ ...turn, ...carrying([effect]) });
    await tx.collection(COLLECTIONS.councils.name).doc(c._id).update({ rotation: next, turnSeq: seq, updatedAt: now });
    return { ...c, rotation: next, turnSeq: seq, updatedAt: now };
  });
  // The answer from the council as written, not read again.
  return councilViewOf(db, saved, caller);
}

function agendaItemView(r: CouncilAgendaItemRecord): Out<'saveAgendaItem'> {
  return { code: r.code, title: r.title, description: r.description, rule: r.rule, ruleLabel: DECISION_RULE_LABELS[r.rule], scope: r.scope, forwardTo: r.forwardTo, refusal: r.refusal, active: r.active };
}

function settingsViewOf(s: CouncilSettingsRecord): Out<'settings'> {
  const { supportThreshold, repQuorum, repMajority, householdQuorum, householdMajority, householdVoteDays, honourPublicityDays, honourVoteDays, honourTieRule } = s;
  return { supportThreshold, repQuorum, repMajority, householdQuorum, householdMajority, householdVoteDays, honourPublicityDays, honourVoteDays, honourTieRule, honourTieRuleLabel: TIE_RULE_LABELS[honourTieRule] };
}

async function countyOf(ctx: ActionContext, villageId: string | undefined): Promise<{ countyId: string; villageId: string | null }> {
  const id = villageId ?? homeVillageOf(ctx.caller);
  if (id) {
    const unit = await loadUnit(ctx.db, id);
    if (unit.kind === 'village' || unit.kind === 'community') return { countyId: unit.path[0]!, villageId: unit._id };
    return { countyId: unit.path[0]!, villageId: null };
  }
  const grant = ctx.caller?.roles[0];
  if (grant) return { countyId: (await loadUnit(ctx.db, grant.unitId)).path[0]!, villageId: null };
  const county = await ctx.db.collection(COLLECTIONS.orgUnits.name).where({ kind: 'county' }).limit(1).get();
  return { countyId: (county.data as { _id: string }[])[0]?._id ?? '', villageId: null };
}

export async function getAgenda(input: In<'agenda'>, ctx: ActionContext): Promise<Out<'agenda'>> {
  const { countyId, villageId } = await countyOf(ctx, input.villageId);
  const [items, settings] = await Promise.all([agendaItems(ctx.db, countyId, villageId), loadSettings(ctx.db, countyId)]);
  return { items: items.filter((i) => i.active).map(agendaItemView), settings: settingsViewOf(settings) };
}

export async function getSettings(_input: In<'settings'>, ctx: MemberContext): Promise<Out<'settings'>> {
  const { countyId } = await countyOf(ctx, undefined);
  return settingsViewOf(await loadSettings(ctx.db, countyId));
}

/** The county edits its standard list; a village's party organisation adds or changes the village's own items. */
export async function saveAgendaItem(input: In<'saveAgendaItem'>, ctx: MemberContext): Promise<Out<'saveAgendaItem'>> {
  const { db, caller } = ctx;
  const unit = await loadUnit(db, input.unitId);
  const scope = unit.kind === 'county' ? 'county' : unit.kind === 'village' || unit.kind === 'community' ? 'village' : null;
  if (!scope) throw invalid('请选择县或村（社区）', [{ path: 'unitId', message: '议事事项清单属于县或村（社区）' }]);
  const may = scope === 'county' ? holdsRoleOver(caller.roles, ['county-admin'], unit.path) : managesCouncil(caller, unit.path);
  if (!may) throw forbidden(scope === 'county' ? '只有县级管理员可以修改标准清单' : '只有本村（社区）党组织可以修改本村的议事事项');
  const id = agendaIdOf(unit._id, input.code);
  const now = clock.nowIso();
  let saved: CouncilAgendaItemRecord | null = null;
  await runTransaction(db, async (tx: Tx) => {
    const existing = await findById<CouncilAgendaItemRecord>(tx, COLLECTIONS.councilAgendaItems.name, id);
    const record: CouncilAgendaItemRecord = {
      _id: id,
      unitId: unit._id,
      countyId: unit.path[0]!,
      scope,
      code: input.code,
      title: input.title,
      description: input.description,
      rule: input.rule,
      forwardTo: input.forwardTo,
      refusal: input.refusal,
      order: existing?.order ?? Date.now(),
      active: input.active,
      updatedAt: now,
      updatedById: caller._id,
    };
    const { _id, ...rest } = record;
    await tx.collection(COLLECTIONS.councilAgendaItems.name).doc(id).set(rest);
    await recordAudit(tx, caller, ctx.requestId, {
      action: 'councils.saveAgendaItem',
      target: { collection: COLLECTIONS.councilAgendaItems.name, id },
      before: existing ? { title: existing.title, rule: existing.rule, forwardTo: existing.forwardTo, refusal: existing.refusal, active: existing.active } : null,
      after: { title: record.title, rule: record.rule, forwardTo: record.forwardTo, refusal: record.refusal, active: record.active },
      path: unit.path,
    });
    saved = record;
  });
  return agendaItemView(saved!);
}

export async function saveSettings(input: In<'saveSettings'>, ctx: MemberContext): Promise<Out<'saveSettings'>> {
  const { db, caller } = ctx;
  const grant = caller.roles.find((r) => r.role === 'county-admin');
  if (!grant) throw forbidden('只有县级管理员可以修改议事规则');
  const county = await loadUnit(db, grant.unitId);
  if (county.kind !== 'county') throw forbidden('只有县级管理员可以修改议事规则');
  let saved: CouncilSettingsRecord | null = null;
  await runTransaction(db, async (tx: Tx) => {
    const before = await loadSettings(tx, county._id);
    const record: CouncilSettingsRecord = { ...before, ...input, updatedAt: clock.nowIso(), updatedById: caller._id };
    const { _id, ...rest } = record;
    await tx.collection(COLLECTIONS.councilSettings.name).doc(county._id).set(rest);
    await recordAudit(tx, caller, ctx.requestId, {
      action: 'councils.saveSettings',
      target: { collection: COLLECTIONS.councilSettings.name, id: county._id },
      before: settingsViewOf(before),
      after: input,
      path: county.path,
    });
    saved = record;
  });
  return settingsViewOf(saved!);
}
