import { randomBytes } from 'node:crypto';
import type { Db } from '@cloudbase/database';
import { chinaDate } from '../../shared/domain/china-time';
import { holdsRoleOver } from '../../shared/domain/jurisdiction';
import type { MatterRecord, ReminderTalkRecord, TalkLedgerRecord } from '../../shared/domain/power-records';
import { addTallies, checkTalkDate, EMPTY_TALLY, type TalkStage, type TalkTally } from '../../shared/domain/power-talks';
import type { OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import { recordAudit } from '../_lib/audit';
import { usersWithRoleAt } from '../_lib/caller';
import { clock } from '../_lib/clock';
import { findById, pageByCreatedAt, type Tx } from '../_lib/db';
import { AppError, forbidden, invalid, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { enqueue } from '../_lib/outbox';
import { checkText } from '../_lib/content-check';
import { heldFor, quotedFor, shownText, TALK_TEXT_FIELDS } from '../../shared/domain/power-moderation';
import { releasableHeld } from '../../shared/domain/moderation';
import { isVillageUnit, loadUnit, SUPERVISORS, tellAuthorHeld } from './store';
import { supervisedViewer } from './views';
import type { In, Out } from './types';
import { COLLECTIONS } from '../_lib/collections';
import { runTransaction } from '../_lib/transaction';

/** A talk as the caller may read it: held text only for its author and the supervisors over it. */
export function talkView(t: ReminderTalkRecord, caller: UserRecord): Out<'recordTalk'> {
  const viewer = supervisedViewer(t, caller);
  const held = heldFor(t.moderation, viewer);
  return {
    id: t._id,
    cadreName: t.cadreName,
    unitName: t.unitName,
    stage: t.stage,
    date: t.date,
    topic: shownText(t.moderation, TALK_TEXT_FIELDS.topic, t.topic, viewer),
    followUp: shownText(t.moderation, TALK_TEXT_FIELDS.followUp, t.followUp, viewer),
    matterId: t.matterId,
    recordedByName: t.recordedByName,
    createdAt: t.createdAt,
    ...(held ? { held } : {}),
    canRelease: viewer.isCadre && releasableHeld(t.moderation?.held ?? [], viewer.id).length > 0,
  };
}

const supervisorGrants = (caller: UserRecord) => caller.roles.filter((r) => r.role === 'supervisor');

/** A supervisor records a 三提醒 talk with a cadre of a village they supervise; the cadre is told. */
export async function recordTalk(input: In<'recordTalk'>, ctx: MemberContext): Promise<Out<'recordTalk'>> {
  const { db, caller } = ctx;
  if (supervisorGrants(caller).length === 0) throw forbidden('只有村务监督委员会（纪检）可以记录提醒谈话');
  const cadre = await findById<UserRecord>(db, COLLECTIONS.users.name, input.cadreId);
  if (!cadre) throw notFound('找不到这位干部');
  let village: OrgUnitRecord | null = null;
  for (const g of cadre.roles.filter((r) => r.role === 'village-cadre')) {
    const unit = await loadUnit(db, g.unitId);
    if (isVillageUnit(unit) && holdsRoleOver(caller.roles, ['supervisor'], unit.path)) {
      village = unit;
      break;
    }
  }
  if (!village) throw forbidden('只能为您监督的村（社区）的两委干部记录提醒谈话');
  const dateIssue = checkTalkDate(input.date, chinaDate(clock.now()));
  if (dateIssue) throw invalid(dateIssue, [{ path: 'date', message: dateIssue }]);
  if (input.matterId) {
    const m = await findById<MatterRecord>(db, COLLECTIONS.matters.name, input.matterId);
    if (!m || m.villageId !== village._id) throw invalid('关联的事项不在这个村', [{ path: 'matterId', message: '关联的事项不在这个村' }]);
  }
  // The cadre reads the talk: checked before anything is stored.
  const { held } = await checkText(ctx, { [TALK_TEXT_FIELDS.topic]: input.topic, [TALK_TEXT_FIELDS.followUp]: input.followUp });
  const now = clock.nowIso();
  const talk: ReminderTalkRecord = {
    _id: `rt${randomBytes(12).toString('hex')}`,
    villageId: village._id,
    unitName: village.name,
    townId: village.path[1] ?? village._id,
    countyId: village.path[0]!,
    path: village.path,
    cadreId: cadre._id,
    cadreName: cadre.name,
    stage: input.stage,
    date: input.date,
    topic: input.topic,
    followUp: input.followUp,
    matterId: input.matterId ?? null,
    recordedById: caller._id,
    recordedByName: caller.name,
    createdAt: now,
    ...(held.length ? { moderation: { held } } : {}),
  };
  const say = (field: string, value: string) => quotedFor(talk.moderation, field, value, [cadre._id]);
  await runTransaction(db, async (tx: Tx) => {
    await tx.collection(COLLECTIONS.reminderTalks.name).add(talk);
    await enqueue(tx, [cadre._id], {
      kind: 'power.talk',
      title: '村务监督委员会记录了一次提醒谈话',
      body: `${input.date} ${caller.name}与您谈话：${say(TALK_TEXT_FIELDS.topic, input.topic)}。请按要求落实：${say(TALK_TEXT_FIELDS.followUp, input.followUp)}`,
      link: { page: 'power-talks', id: talk._id },
      aboutId: caller._id,
    });
    await tellAuthorHeld(tx, held, SUPERVISORS, { page: 'power-talks', id: talk._id });
    await recordAudit(tx, caller, ctx.requestId, { action: 'powers.recordTalk', target: { collection: COLLECTIONS.reminderTalks.name, id: talk._id }, before: null, after: { cadreId: cadre._id, stage: input.stage, date: input.date }, path: talk.path });
  });
  return talkView(talk, caller);
}

export async function listTalks(input: In<'talks'>, ctx: MemberContext): Promise<Out<'talks'>> {
  const { db, caller } = ctx;
  const _ = db.command;
  if (input.scope === 'mine') {
    const page = await pageByCreatedAt<ReminderTalkRecord>(db, COLLECTIONS.reminderTalks.name, { cadreId: caller._id }, input.cursor, input.limit);
    return { items: page.items.map((t) => talkView(t, caller)), cadres: [], nextCursor: page.nextCursor };
  }
  const units = supervisorGrants(caller).map((g) => g.unitId);
  if (units.length === 0) throw forbidden('只有村务监督委员会（纪检）可以查看本村的提醒谈话；县、镇只看统计数');
  const where = _.or([{ villageId: _.in(units) }, { townId: _.in(units) }, { countyId: _.in(units) }]);
  const page = await pageByCreatedAt<ReminderTalkRecord>(db, COLLECTIONS.reminderTalks.name, where, input.cursor, input.limit);
  const cadres: Out<'talks'>['cadres'] = [];
  for (const unitId of units) {
    const unit = await loadUnit(db, unitId);
    if (!isVillageUnit(unit)) continue;
    for (const u of await usersWithRoleAt(db, 'village-cadre', unitId)) cadres.push({ id: u._id, name: u.name, unitName: unit.name });
  }
  return { items: page.items.map((t) => talkView(t, caller)), cadres, nextCursor: page.nextCursor };
}

/** Towns in one county, at most (a county's talks are summed per town on the server). */
const TOWN_CAP = 100;

/**
 * The talks of a county or a town summed per town on the server: per (town, stage) a count and per town the
 * distinct cadres, so no talk comes back and the cost is two requests however many talks there are.
 */
async function talkTallies(db: Db, where: object): Promise<{ byTown: Map<string, TalkTally>; cadres: number }> {
  const $ = db.command.aggregate;
  const talks = () => db.collection(COLLECTIONS.reminderTalks.name).aggregate().match(where);
  const [stages, cadres] = await Promise.all([
    talks().group({ _id: { townId: '$townId', stage: '$stage' }, n: $.sum(1) }).limit(TOWN_CAP * 3).end(),
    talks().group({ _id: '$townId', cadreIds: $.addToSet('$cadreId') }).limit(TOWN_CAP).end(),
  ]);
  const byTown = new Map<string, TalkTally>();
  const tallyOf = (townId: string) => byTown.get(townId) ?? byTown.set(townId, { ...EMPTY_TALLY }).get(townId)!;
  for (const g of stages.data as { _id: { townId: string; stage: TalkStage }; n: number }[]) tallyOf(g._id.townId)[g._id.stage] += g.n;
  const all = new Set<string>();
  for (const g of cadres.data as { _id: string; cadreIds: string[] }[]) {
    tallyOf(g._id).cadres = g.cadreIds.length;
    for (const id of g.cadreIds) all.add(id);
  }
  return { byTown, cadres: all.size };
}

/** Counts for the county (with the paper ledger from before the app) or for one town. */
export async function talkCounts(_input: In<'talkCounts'>, ctx: MemberContext): Promise<Out<'talkCounts'>> {
  const { db, caller } = ctx;
  const grant = caller.roles.find((r) => r.role === 'county-admin') ?? caller.roles.find((r) => r.role === 'town-cadre');
  if (!grant) throw forbidden('只有县、镇两级可以查看提醒谈话统计');
  const unit = await loadUnit(db, grant.unitId);
  const isCounty = unit.kind === 'county';
  const [tallies, towns] = await Promise.all([
    talkTallies(db, isCounty ? { countyId: unit._id } : { townId: unit._id }),
    isCounty
      ? db.collection(COLLECTIONS.orgUnits.name).where({ parentId: unit._id, kind: 'town' }).limit(TOWN_CAP).get().then((r) => r.data as OrgUnitRecord[])
      : Promise.resolve([unit]),
  ]);
  const byTown = towns.map((t) => ({ townId: t._id, name: t.name, ...(tallies.byTown.get(t._id) ?? EMPTY_TALLY) }));
  const recorded = [...tallies.byTown.values()].reduce(addTallies, EMPTY_TALLY);
  recorded.cadres = tallies.cadres;
  const ledgerRow = isCounty ? await findById<TalkLedgerRecord>(db, COLLECTIONS.powerTallies.name, `talks:${unit._id}`) : null;
  const ledger: TalkTally | null = ledgerRow ? { cadres: ledgerRow.cadres, before: ledgerRow.before, during: ledgerRow.during, after: ledgerRow.after } : null;
  if (!isCounty && !towns.length) throw new AppError('INTERNAL', 'town missing');
  return {
    unitName: unit.name,
    total: addTallies(ledger ?? EMPTY_TALLY, recorded),
    recorded,
    ledger: ledgerRow && ledger ? { ...ledger, source: ledgerRow.source, asOf: ledgerRow.asOf } : null,
    byTown,
  };
}
