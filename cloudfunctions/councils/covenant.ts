import type { Db } from '@cloudbase/database';
import type { CouncilCovenantAckRecord, CouncilCovenantRecord, CouncilRecord, CouncilSettingsRecord, CouncilVoteRecord } from '../../shared/domain/council-records';
import { householdIn } from '../../shared/domain/council-rules';
import type { OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import { recordAudit } from '../_lib/audit';
import { clock, DAY_MS } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { checkText } from '../_lib/content-check';
import { count, findById, isDuplicateKey, type Tx } from '../_lib/db';
import { conflict, forbidden, invalid, notFound } from '../_lib/errors';
import type { ActionContext, MemberContext } from '../_lib/handler';
import { enqueueAudience } from '../_lib/outbox';
import { runTransaction } from '../_lib/transaction';
import { ackIdOf, councilIdOf, covenantIdOf, homeVillageOf, loadVillage, managesCouncil, voteIdOf, voteLink } from './store';
import type { In, Out } from './types';

/** Versions listed at once (a village adopts a new one every year or two). */
const VERSION_CAP = 30;

export const COVENANT_STATUS_LABELS: Record<CouncilCovenantRecord['status'], string> = { voting: '户代表投票中', adopted: '现行', rejected: '未通过', superseded: '已被新版本取代' };

function covenantViewOf(c: CouncilCovenantRecord) {
  return { id: c._id, version: c.version, title: c.title, clauses: c.clauses, note: c.note, status: c.status, statusLabel: COVENANT_STATUS_LABELS[c.status], voteId: c.voteId, adoptedAt: c.adoptedAt, acks: c.acks };
}

async function covenantPageOf(ctx: ActionContext, villageId: string | null, known?: { village: OrgUnitRecord; rows: CouncilCovenantRecord[]; acknowledged: boolean }): Promise<Out<'covenant'>> {
  const { db, caller } = ctx;
  if (!villageId) return { villageId: null, villageName: '', current: null, proposal: null, versions: [], acknowledged: false, canAcknowledge: false, mayPropose: false };
  const village = known?.village ?? (await loadVillage(db, villageId));
  const rows = known?.rows ?? ((await db.collection(COLLECTIONS.councilCovenants.name).where({ villageId: village._id }).orderBy('version', 'desc').limit(VERSION_CAP).get()).data as CouncilCovenantRecord[]);
  const current = rows.find((r) => r.status === 'adopted') ?? null;
  const proposal = rows.find((r) => r.status === 'voting') ?? null;
  const household = caller ? householdIn(caller, village._id) : null;
  const ack = known ? known.acknowledged : current && household ? !!(await findById(db, COLLECTIONS.councilCovenantAcks.name, ackIdOf(current._id, household))) : false;
  return {
    villageId: village._id,
    villageName: village.name,
    current: current ? covenantViewOf(current) : null,
    proposal: proposal ? covenantViewOf(proposal) : null,
    versions: rows.map((r) => ({ id: r._id, version: r.version, status: r.status, statusLabel: COVENANT_STATUS_LABELS[r.status], adoptedAt: r.adoptedAt })),
    acknowledged: ack,
    canAcknowledge: !!current && !!household && !ack,
    mayPropose: managesCouncil(caller, village.path) && !proposal,
  };
}

export async function getCovenant(input: In<'covenant'>, ctx: ActionContext): Promise<Out<'covenant'>> {
  return covenantPageOf(ctx, input.villageId ?? homeVillageOf(ctx.caller));
}

/**
 * The party organisation proposes a new version: it is stored beside the one in force and put to a
 * household vote for N days; adopted, it replaces the one in force (votes.ts settles it). One proposal
 * at a time: the version number is in the id, so two proposals at once cannot both be stored. The version
 * and its vote are stored together (one transaction, with the fan-out to the households and the audit entry).
 * Requests: the caller, the village with its council, settings, versions and households (one aggregate),
 * the transaction (start, the version, the vote, the fan-out, the audit entry, commit), the caller's
 * household's acknowledgement of the version in force, for the answer.
 */
export async function proposeCovenant(input: In<'proposeCovenant'>, ctx: MemberContext): Promise<Out<'proposeCovenant'>> {
  const { db, caller } = ctx;
  const { village, council, settings, rows, households } = await readForPropose(db, input.villageId);
  if (!managesCouncil(caller, village.path)) throw forbidden('只有本村（社区）党组织可以提出居民公约的新版本');
  if (!council) throw notFound('本村（社区）还没有成立议事会');
  if (!settings) throw notFound('县里还没有设置议事规则');
  const { held } = await checkText(ctx, Object.fromEntries(input.clauses.map((c, i) => [`clause${i + 1}`, c])));
  if (held.length) throw invalid('有的条款没有通过内容安全检查，请修改', held.map((h) => ({ path: `clauses.${Number(h.field.slice(6)) - 1}`, message: h.reason })));
  const latest = rows[0];
  if (latest?.status === 'voting') throw conflict(`第 ${latest.version} 版正在投票，投票结束后才能再提出新版本`);
  const version = (latest?.version ?? 0) + 1;
  const id = covenantIdOf(village._id, version);
  const days = input.days ?? settings.householdVoteDays;
  const now = clock.nowIso();
  const voteId = voteIdOf(id);
  const covenant: CouncilCovenantRecord = {
    _id: id,
    councilId: council._id,
    villageId: village._id,
    path: village.path,
    version,
    title: input.title,
    clauses: input.clauses.map((text, i) => ({ no: i + 1, text })),
    note: input.note,
    status: 'voting',
    voteId,
    proposedById: caller._id,
    proposedByName: caller.name,
    createdAt: now,
    adoptedAt: null,
    acks: 0,
  };
  const vote: CouncilVoteRecord = {
    _id: voteId,
    kind: 'households',
    councilId: council._id,
    villageId: village._id,
    path: village.path,
    subject: { kind: 'covenant', id },
    topicId: null,
    meetingId: null,
    question: `是否同意${input.title}（第 ${version} 版）`,
    secret: false,
    electorateIds: [],
    electorateSize: households,
    quorum: settings.householdQuorum,
    majority: settings.householdMajority,
    opensAt: now,
    closesAt: new Date(clock.now().getTime() + days * DAY_MS).toISOString(),
    status: 'open',
    cast: 0,
    result: null,
    openedById: caller._id,
    createdAt: now,
  };
  try {
    // The version's id is the lock: a second proposal of the same number fails at its add.
    await runTransaction(db, async (tx: Tx) => {
      await tx.collection(COLLECTIONS.councilCovenants.name).add(covenant);
      await tx.collection(COLLECTIONS.councilVotes.name).add(vote);
      await enqueueAudience(tx, `fo-${voteId}`, { kind: 'village-households', villageId: village._id }, {
        kind: 'council.voteOpened',
        title: `请为居民公约第 ${version} 版投票（每户一票）`,
        body: `${input.note.slice(0, 60)}。${days} 天内投票。`,
        link: voteLink(voteId),
      });
      await recordAudit(tx, caller, ctx.requestId, {
        action: 'councils.proposeCovenant',
        target: { collection: COLLECTIONS.councilCovenants.name, id },
        before: latest ? { version: latest.version, status: latest.status } : null,
        after: { version, clauses: covenant.clauses.length, note: input.note, voteId, closesAt: vote.closesAt },
        path: village.path,
      });
    });
  } catch (err) {
    if (isDuplicateKey(err)) throw conflict('刚刚已经有人提出了新版本，请刷新后查看');
    throw err;
  }
  const current = rows.find((r) => r.status === 'adopted') ?? null;
  const household = householdIn(caller, village._id);
  const acknowledged = current && household ? !!(await findById(db, COLLECTIONS.councilCovenantAcks.name, ackIdOf(current._id, household))) : false;
  return covenantPageOf(ctx, village._id, { village, rows: [covenant, ...rows].slice(0, VERSION_CAP), acknowledged });
}

/**
 * What proposing a version reads, in one request: the village with its council, the county's settings
 * (the one unit of its path that has them), its latest versions (newest first) and its households' number.
 */
async function readForPropose(db: Db, villageId: string): Promise<{ village: OrgUnitRecord; council: CouncilRecord | null; settings: CouncilSettingsRecord | null; rows: CouncilCovenantRecord[]; households: number }> {
  const $ = db.command.aggregate;
  const res = await db
    .collection(COLLECTIONS.orgUnits.name)
    .aggregate()
    .match({ _id: villageId })
    .limit(1)
    .lookup({ from: COLLECTIONS.councils.name, pipeline: $.pipeline().match({ _id: councilIdOf(villageId) }).limit(1).done(), as: 'council' })
    .lookup({ from: COLLECTIONS.councilSettings.name, localField: 'path', foreignField: '_id', as: 'settings' })
    .lookup({ from: COLLECTIONS.councilCovenants.name, pipeline: $.pipeline().match({ villageId }).sort({ version: -1 }).limit(VERSION_CAP).done(), as: 'versions' })
    .lookup({ from: COLLECTIONS.households.name, pipeline: $.pipeline().match({ unitId: villageId }).project({ _id: 1 }).count('n').done(), as: 'households' })
    .end();
  type Joined = OrgUnitRecord & { council?: CouncilRecord[]; settings?: CouncilSettingsRecord[]; versions?: CouncilCovenantRecord[]; households?: { n: number }[] };
  const row = (res.data as Joined[])[0];
  if (!row) throw notFound('找不到这个村（社区）');
  const { council, settings, versions, households, ...village } = row;
  if (village.kind !== 'village' && village.kind !== 'community') throw notFound('请选择一个村（社区）');
  return { village, council: council?.[0] ?? null, settings: settings?.find((s) => s._id === village.path[0]) ?? null, rows: versions ?? [], households: households?.[0]?.n ?? 0 };
}

/**
 * A household acknowledges the version in force once, without a transaction: the acknowledgement's row
 * is added under its id (the version and the household), so a second is refused by the database; then the
 * rows are counted and `acks` written where it is lower (a call stopped between the two is finished by
 * the household trying again, or by the next one).
 * Requests: the caller, the version with its village, the household's row and the rows' count (one
 * aggregate), the add, the count, the write, the village's versions for the answer.
 */
export async function acknowledgeCovenant(input: In<'acknowledgeCovenant'>, ctx: MemberContext): Promise<Out<'acknowledgeCovenant'>> {
  const { db, caller } = ctx;
  const _ = db.command;
  const $ = _.aggregate;
  const mine = caller.residence?.householdId ? ackIdOf(input.covenantId, caller.residence.householdId) : null;
  let q = db
    .collection(COLLECTIONS.councilCovenants.name)
    .aggregate()
    .match({ _id: input.covenantId })
    .limit(1)
    .lookup({ from: COLLECTIONS.orgUnits.name, localField: 'villageId', foreignField: '_id', as: 'village' })
    .lookup({ from: COLLECTIONS.councilCovenantAcks.name, pipeline: $.pipeline().match({ covenantId: input.covenantId }).project({ _id: 1 }).count('n').done(), as: 'ackRows' });
  if (mine) q = q.lookup({ from: COLLECTIONS.councilCovenantAcks.name, pipeline: $.pipeline().match({ _id: mine }).limit(1).done(), as: 'ack' });
  type Joined = CouncilCovenantRecord & { village?: OrgUnitRecord[]; ackRows?: { n: number }[]; ack?: unknown[] };
  const row = ((await q.end()).data as Joined[])[0];
  if (!row) throw notFound('没有这一版居民公约');
  const { village: villages, ackRows, ack, ...c } = row;
  const village = villages?.[0];
  if (!village) throw notFound('找不到这个村（社区）');
  const household = householdIn(caller as UserRecord, c.villageId);
  if (!household) throw forbidden('只有本村（社区）已确认的住户可以确认居民公约，每户一次');
  const writeCount = async (n: number) => {
    if (n > c.acks) await db.collection(COLLECTIONS.councilCovenants.name).where({ _id: c._id, acks: _.lt(n) }).update({ acks: n });
  };
  const already = async () => {
    // An earlier call of this household may have stopped before its count: finish it, then say so.
    await writeCount(ackRows?.[0]?.n ?? 0);
    return conflict('您家已经确认过这一版居民公约了');
  };
  if (ack?.length) throw await already();
  if (c.status !== 'adopted') throw conflict('这一版不是现行的居民公约');
  const ackRow: CouncilCovenantAckRecord = { _id: ackIdOf(c._id, household), covenantId: c._id, householdId: household, userId: caller._id, at: clock.nowIso() };
  try {
    await db.collection(COLLECTIONS.councilCovenantAcks.name).add(ackRow);
  } catch (err) {
    if (isDuplicateKey(err)) throw await already();
    throw err;
  }
  const n = await count(db, COLLECTIONS.councilCovenantAcks.name, { covenantId: c._id });
  await writeCount(n);
  const rows = (await db.collection(COLLECTIONS.councilCovenants.name).where({ villageId: village._id }).orderBy('version', 'desc').limit(VERSION_CAP).get()).data as CouncilCovenantRecord[];
  // The versions were read after the write: this version shows at least this household's count.
  return covenantPageOf(ctx, village._id, { village, rows: rows.map((r) => (r._id === c._id ? { ...r, acks: Math.max(r.acks, n) } : r)), acknowledged: true });
}
