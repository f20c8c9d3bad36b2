import { createHash } from 'node:crypto';
import type { Db } from '@cloudbase/database';
import type {
  CouncilAgendaItemRecord,
  CouncilCovenantRecord,
  CouncilDecisionRecord,
  CouncilHonourRecord,
  CouncilFollowRecord,
  CouncilMeetingRecord,
  CouncilRecord,
  CouncilSettingsRecord,
  CouncilTopicRecord,
  CouncilVoteRecord,
} from '../../shared/domain/council-records';
import { householdIn } from '../../shared/domain/council-rules';
import { holdsRoleOver } from '../../shared/domain/jurisdiction';
import type { OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import { COLLECTIONS } from '../_lib/collections';
import { findById, isDuplicateKey, readAll, type Tx } from '../_lib/db';
import { forbidden, notFound } from '../_lib/errors';

export const councilIdOf = (villageId: string) => `cn-${villageId}`;
export const turnIdOf = (councilId: string, seq: number) => `${councilId}-${seq}`;
export const agendaIdOf = (unitId: string, code: string) => `${unitId}_${code}`;
export const supportIdOf = (topicId: string, householdId: string) => `${topicId}-${householdId}`;
export const followIdOf = (topicId: string, userId: string) => `${topicId}-${userId}`;
export const voteIdOf = (topicId: string) => `cv-${topicId}`;
export const voterIdOf = (voteId: string, voterKey: string) => `${voteId}-${voterKey}`;
export const decisionIdOf = (topicId: string) => `cd-${topicId}`;
export const ratingIdOf = (decisionId: string, householdId: string) => `${decisionId}-${householdId}`;
export const covenantIdOf = (villageId: string, version: number) => `cc-${villageId}-v${version}`;
export const ackIdOf = (covenantId: string, householdId: string) => `${covenantId}-${householdId}`;
export const nominationIdOf = (honourId: string, nomineeId: string) => `${honourId}-${nomineeId}`;
export const objectionIdOf = (nominationId: string, householdId: string) => `${nominationId}-${householdId}`;
export const honouredIdOf = (honourId: string, userId: string) => `${honourId}-${userId}`;

/** A record made by a request: the same person retrying the same request finds the first one. */
export function requestIdOf(prefix: string, userId: string, requestId: string): string {
  return `${prefix}${createHash('sha1').update(`${userId}:${requestId}`).digest('hex').slice(0, 24)}`;
}

/** Followers told at each step of a topic, at most (a village's topic; beyond this the council page tells). */
export const FOLLOWER_CAP = 500;
/** Topics listed at once for a village, newest first. */
export const TOPIC_LIST_CAP = 50;

/** The system as an actor in the audit log (a vote closing when its days run out). */
export const SYSTEM_ACTOR = { _id: 'system', name: '系统（到期自动结束）' };

export async function loadUnit(db: Db | Tx, unitId: string): Promise<OrgUnitRecord> {
  const unit = await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, unitId);
  if (!unit) throw notFound('找不到这个村（社区）');
  return unit;
}

export async function loadVillage(db: Db | Tx, villageId: string): Promise<OrgUnitRecord> {
  const unit = await loadUnit(db, villageId);
  if (unit.kind !== 'village' && unit.kind !== 'community') throw notFound('请选择一个村（社区）');
  return unit;
}

/** The village a person belongs to: where they live, else where they serve. */
export function homeVillageOf(user: UserRecord | null): string | null {
  if (!user) return null;
  if (user.residence) return user.residence.unitId;
  const grant = user.roles.find((r) => r.role === 'village-cadre' || r.role === 'supervisor' || r.role === 'party-member');
  return grant?.unitId ?? null;
}

export async function findCouncil(db: Db | Tx, villageId: string): Promise<CouncilRecord | null> {
  return findById<CouncilRecord>(db, COLLECTIONS.councils.name, councilIdOf(villageId));
}

export async function loadCouncil(db: Db | Tx, villageId: string): Promise<CouncilRecord> {
  const c = await findCouncil(db, villageId);
  if (!c) throw notFound('本村（社区）还没有成立议事会');
  return c;
}

/** The council's party organisation: the village's cadres, and the town above it. */
export function managesCouncil(user: UserRecord | null, path: readonly string[]): boolean {
  return !!user && holdsRoleOver(user.roles, ['village-cadre', 'town-cadre'], path);
}

export function bodiesOf(user: UserRecord | null, council: CouncilRecord): string[] {
  if (!user) return [];
  return council.bodies.filter((b) => b.representativeIds.includes(user._id)).map((b) => b.key);
}

export function representsBody(user: UserRecord, council: CouncilRecord, key: string): boolean {
  return council.bodies.some((b) => b.key === key && b.representativeIds.includes(user._id));
}

export function bodyName(council: CouncilRecord, key: string | null): string {
  return council.bodies.find((b) => b.key === key)?.name ?? '已退出的成员单位';
}

/** Every representative of the council, once. */
export function allRepresentatives(council: CouncilRecord): string[] {
  return [...new Set(council.bodies.flatMap((b) => b.representativeIds))];
}

export function representativesOf(council: CouncilRecord, key: string | null): string[] {
  return council.bodies.find((b) => b.key === key)?.representativeIds ?? [];
}

/** Only the representatives of the meeting's chair body act as its chair. */
export function requireChair(user: UserRecord, council: CouncilRecord, chairKey: string): void {
  if (!representsBody(user, council, chairKey)) throw forbidden(`只有本次会议的轮值主持单位（${bodyName(council, chairKey)}）的代表可以操作`);
}

export async function loadSettings(db: Db | Tx, countyId: string): Promise<CouncilSettingsRecord> {
  const s = await findById<CouncilSettingsRecord>(db, COLLECTIONS.councilSettings.name, countyId);
  if (!s) throw notFound('县里还没有设置议事规则');
  return s;
}

/** The items of a village's list: the county's standard ones, a village's own item of the same code replacing it. */
export async function agendaItems(db: Db, countyId: string, villageId: string | null): Promise<CouncilAgendaItemRecord[]> {
  const _ = db.command;
  const rows = await readAll<CouncilAgendaItemRecord>(db, COLLECTIONS.councilAgendaItems.name, { unitId: villageId ? _.in([countyId, villageId]) : countyId });
  const byCode = new Map<string, CouncilAgendaItemRecord>();
  for (const r of rows.filter((r) => r.scope === 'county')) byCode.set(r.code, r);
  for (const r of rows.filter((r) => r.scope === 'village')) byCode.set(r.code, r);
  return [...byCode.values()].sort((a, b) => (a.scope === b.scope ? a.order - b.order : a.scope === 'county' ? -1 : 1));
}

export async function effectiveItem(db: Db | Tx, countyId: string, villageId: string, code: string): Promise<CouncilAgendaItemRecord> {
  const own = await findById<CouncilAgendaItemRecord>(db, COLLECTIONS.councilAgendaItems.name, agendaIdOf(villageId, code));
  const item = own ?? (await findById<CouncilAgendaItemRecord>(db, COLLECTIONS.councilAgendaItems.name, agendaIdOf(countyId, code)));
  if (!item || !item.active) throw notFound('议事事项清单中没有这个事项');
  return item;
}

export async function loadTopic(db: Db | Tx, id: string): Promise<CouncilTopicRecord> {
  const t = await findById<CouncilTopicRecord>(db, COLLECTIONS.councilTopics.name, id);
  if (!t) throw notFound('这个议题不存在');
  return t;
}

export async function loadMeeting(db: Db | Tx, id: string): Promise<CouncilMeetingRecord> {
  const m = await findById<CouncilMeetingRecord>(db, COLLECTIONS.councilMeetings.name, id);
  if (!m) throw notFound('这次会议不存在');
  return m;
}

export async function loadVote(db: Db | Tx, id: string): Promise<CouncilVoteRecord> {
  const v = await findById<CouncilVoteRecord>(db, COLLECTIONS.councilVotes.name, id);
  if (!v) throw notFound('这次表决不存在');
  return v;
}

export async function loadCovenant(db: Db | Tx, id: string): Promise<CouncilCovenantRecord> {
  const c = await findById<CouncilCovenantRecord>(db, COLLECTIONS.councilCovenants.name, id);
  if (!c) throw notFound('没有这一版居民公约');
  return c;
}

export async function loadHonour(db: Db | Tx, id: string): Promise<CouncilHonourRecord> {
  const h = await findById<CouncilHonourRecord>(db, COLLECTIONS.councilHonours.name, id);
  if (!h) throw notFound('没有这次评选');
  return h;
}

export async function loadDecision(db: Db | Tx, id: string): Promise<CouncilDecisionRecord> {
  const d = await findById<CouncilDecisionRecord>(db, COLLECTIONS.councilDecisions.name, id);
  if (!d) throw notFound('这项决定不存在');
  return d;
}

/** A topic as a viewer reads it: with their household's support, their follow and its meeting. */
export interface TopicRead {
  topic: CouncilTopicRecord;
  supported: boolean;
  following: boolean;
  meeting: CouncilMeetingRecord | null;
  /** The topic's support rows as they stood at the read (only when asked for). */
  supportRows: number | null;
}

/**
 * A topic with what its view needs about the viewer, in one request: the household's support and the
 * viewer's follow by their ids (known from the topic's id), the meeting through the topic's `meetingId`,
 * and, when asked, the number of its support rows (a support uses it to finish a count an earlier call left).
 */
export async function readTopicFor(db: Db, topicId: string, viewer: UserRecord | null, options: { countSupports?: boolean } = {}): Promise<TopicRead | null> {
  const _ = db.command;
  const $ = _.aggregate;
  const byId = (id: string) => $.pipeline().match({ _id: id }).limit(1).done();
  const householdId = viewer?.residence?.householdConfirmed ? viewer.residence.householdId : null;
  let q = db.collection(COLLECTIONS.councilTopics.name).aggregate().match({ _id: topicId }).limit(1);
  if (viewer) q = q.lookup({ from: COLLECTIONS.councilFollows.name, pipeline: byId(followIdOf(topicId, viewer._id)), as: 'follow' });
  if (householdId) q = q.lookup({ from: COLLECTIONS.councilSupports.name, pipeline: byId(supportIdOf(topicId, householdId)), as: 'support' });
  if (options.countSupports) q = q.lookup({ from: COLLECTIONS.councilSupports.name, pipeline: $.pipeline().match({ topicId }).project({ _id: 1 }).count('n').done(), as: 'supportRows' });
  const res = await q.lookup({ from: COLLECTIONS.councilMeetings.name, localField: 'meetingId', foreignField: '_id', as: 'meeting' }).end();
  type Joined = CouncilTopicRecord & { follow?: unknown[]; support?: { householdId: string }[]; meeting?: CouncilMeetingRecord[]; supportRows?: { n: number }[] };
  const row = (res.data as Joined[])[0];
  if (!row) return null;
  const { follow, support, meeting, supportRows, ...topic } = row;
  return {
    topic,
    // The support counts for this village's household only (householdIn: a confirmed household living here).
    supported: !!support?.length && !!viewer && householdIn(viewer, topic.villageId) === support[0]!.householdId,
    following: !!follow?.length,
    meeting: (meeting ?? []).find((m) => m._id === topic.meetingId) ?? null,
    supportRows: options.countSupports ? (supportRows?.[0]?.n ?? 0) : null,
  };
}

/**
 * What raising a topic reads first, in one request: the village with its council, the topic if this
 * request made it already, and the village's own item of the code.
 */
export async function readForRaise(db: Db, villageId: string, topicId: string, itemCode: string): Promise<{ village: OrgUnitRecord; council: CouncilRecord; existing: CouncilTopicRecord | null; own: CouncilAgendaItemRecord | null }> {
  const $ = db.command.aggregate;
  const byId = (id: string) => $.pipeline().match({ _id: id }).limit(1).done();
  const res = await db
    .collection(COLLECTIONS.orgUnits.name)
    .aggregate()
    .match({ _id: villageId })
    .limit(1)
    .lookup({ from: COLLECTIONS.councils.name, pipeline: byId(councilIdOf(villageId)), as: 'council' })
    .lookup({ from: COLLECTIONS.councilTopics.name, pipeline: byId(topicId), as: 'existing' })
    .lookup({ from: COLLECTIONS.councilAgendaItems.name, pipeline: byId(agendaIdOf(villageId, itemCode)), as: 'own' })
    .end();
  type Joined = OrgUnitRecord & { council?: CouncilRecord[]; existing?: CouncilTopicRecord[]; own?: CouncilAgendaItemRecord[] };
  const row = (res.data as Joined[])[0];
  if (!row) throw notFound('找不到这个村（社区）');
  const { council, existing, own, ...village } = row;
  if (village.kind !== 'village' && village.kind !== 'community') throw notFound('请选择一个村（社区）');
  if (!council?.[0]) throw notFound('本村（社区）还没有成立议事会');
  return { village, council: council[0], existing: existing?.[0] ?? null, own: own?.[0] ?? null };
}

/** The county's settings with its item of the code, in one request; the village's own item replaces the county's. */
export async function itemAndSettings(db: Db, countyId: string, itemCode: string, own: CouncilAgendaItemRecord | null): Promise<{ item: CouncilAgendaItemRecord; settings: CouncilSettingsRecord }> {
  const $ = db.command.aggregate;
  const res = await db
    .collection(COLLECTIONS.councilSettings.name)
    .aggregate()
    .match({ _id: countyId })
    .limit(1)
    .lookup({ from: COLLECTIONS.councilAgendaItems.name, pipeline: $.pipeline().match({ _id: agendaIdOf(countyId, itemCode) }).limit(1).done(), as: 'countyItem' })
    .end();
  const row = (res.data as (CouncilSettingsRecord & { countyItem?: CouncilAgendaItemRecord[] })[])[0];
  const item = own ?? row?.countyItem?.[0];
  if (!item || !item.active) throw notFound('议事事项清单中没有这个事项');
  if (!row) throw notFound('县里还没有设置议事规则');
  const { countyItem: _countyItem, ...settings } = row;
  return { item, settings };
}

/** Who is told at each step of a topic: its followers (the raiser follows from the start), at most FOLLOWER_CAP. */
export async function followersOf(db: Db, topicId: string): Promise<string[]> {
  const res = await db.collection(COLLECTIONS.councilFollows.name).where({ topicId }).orderBy('_id', 'asc').limit(FOLLOWER_CAP).get();
  return (res.data as CouncilFollowRecord[]).map((f) => f.userId);
}

/** A topic's held text shows to its author and the council's managers only; others do not see the topic at all. */
export function seesHeldTopic(user: UserRecord | null, t: CouncilTopicRecord): boolean {
  return !!user && (user._id === t.raisedBy.userId || managesCouncil(user, t.path));
}

export const isHeld = (t: CouncilTopicRecord) => (t.moderation?.held.length ?? 0) > 0;

export const topicLink = (id: string) => ({ page: 'council-topic', id });
export const meetingLink = (id: string) => ({ page: 'council-meeting', id });
export const voteLink = (id: string) => ({ page: 'council-vote', id });
export const decisionLink = (id: string) => ({ page: 'council-decision', id });
export const honourLink = (id: string) => ({ page: 'council-honour', id });

/** An add under a deterministic id; a record that exists already (a retry's, or another call's) is left as it is. */
export async function once(add: () => Promise<unknown>): Promise<void> {
  try {
    await add();
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}
