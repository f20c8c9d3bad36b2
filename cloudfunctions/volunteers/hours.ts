/**
 * Hours, for real: check-in and check-out by scanning the rotating code the organiser's phone shows
 * (HMAC-signed, one 30-second window plus the one before; a screenshot from yesterday or a forged
 * code is refused) or by the organiser marking attendance; the organiser confirms the hours, which
 * go into the ledger once per person and time (overlapping activities never count the same minutes
 * twice); a correction is a further audited entry. The certificate reads the ledger itself.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '@cloudbase/database';
import type { UserRecord } from '../../shared/domain/records';
import type { CreditClaim, VolunteerActivityRecord, VolunteerHourRecord, VolunteerRecord, VolunteerSignupRecord } from '../../shared/domain/volunteer-records';
import { CHECK_IN_WINDOW_MS, attendanceFixed, attendedSpan, canRunActivity, scanOpen, tokenWindow, uncreditedMinutes, windowAccepted, hoursText } from '../../shared/domain/volunteer-rules';
import { publicName } from '../../shared/domain/names';
import { AppError, conflict, forbidden, invalid, notFound } from '../_lib/errors';
import { recordAudit } from '../_lib/audit';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { addEachOnce, count, findById, readAll, readByIds, type Tx } from '../_lib/db';
import type { ActionContext, MemberContext } from '../_lib/handler';
import { enqueue } from '../_lib/outbox';
import { effectOf, pushEffects } from '../_lib/effects';
import { updatedCount } from '../_lib/seats';
import { ContentionError, FUNCTION_TIMEOUT_SECONDS, runTransaction } from '../_lib/transaction';
import { inCloudFunction } from '../_lib/wx-cloud';
import { loadActivity } from './activities';
import { totalMinutesOf } from './profile';
import { hourEntryIdOf, idFor, loadCommunity, loadVolunteer, signupIdFor, volunteerIdOf } from './store';
import type { In, Out } from './types';
import { activityView, hourEntryView, rosterEntry } from './views';

let localSecret: string | null = null;

/** The signing key: `VOLUNTEER_QR_SECRET` from the environment; the local runtime draws one per process. */
function secret(): string {
  const fromEnv = process.env.VOLUNTEER_QR_SECRET?.trim();
  if (fromEnv && fromEnv.length >= 16) return fromEnv;
  if (inCloudFunction()) throw new AppError('INTERNAL', '签到码未配置，请联系管理员');
  localSecret ??= randomBytes(32).toString('hex');
  return localSecret;
}

const sign = (body: string) => createHmac('sha256', secret()).update(body).digest('base64url').slice(0, 27);

export function tokenFor(activityId: string, mode: 'in' | 'out', window: number): string {
  const body = `${activityId}.${mode}.${window.toString(36)}`;
  return `${body}.${sign(body)}`;
}

/** The activity, mode and window a code names, once its signature is right; null for anything forged or malformed. */
export function readToken(token: string): { activityId: string; mode: 'in' | 'out'; window: number } | null {
  const parts = token.split('.');
  if (parts.length !== 4) return null;
  const [activityId, mode, w, sig] = parts as [string, string, string, string];
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(activityId) || (mode !== 'in' && mode !== 'out') || !/^[0-9a-z]{1,12}$/.test(w)) return null;
  const expected = Buffer.from(sign(`${activityId}.${mode}.${w}`));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { activityId, mode, window: parseInt(w, 36) };
}

/** The six digits shown under the code, for typing: the same signature, read as a number. */
export function shortCodeFor(activityId: string, mode: 'in' | 'out', window: number): string {
  const mac = createHmac('sha256', secret()).update(`short.${activityId}.${mode}.${window.toString(36)}`).digest();
  return String(mac.readUInt32BE(0) % 1_000_000).padStart(6, '0');
}

/** A typed six-digit code: which mode and window of this activity it is, trying the accepted windows only. */
function readShortCode(code: string, activityId: string, nowMs: number): { activityId: string; mode: 'in' | 'out'; window: number } | null {
  const current = tokenWindow(nowMs);
  for (const window of [current, current - 1]) {
    for (const mode of ['in', 'out'] as const) {
      const expected = Buffer.from(shortCodeFor(activityId, mode, window));
      if (timingSafeEqual(expected, Buffer.from(code.padStart(6, '0').slice(0, 6)))) return { activityId, mode, window };
    }
  }
  return null;
}

function mustRun(caller: UserRecord, a: VolunteerActivityRecord): void {
  if (!canRunActivity(caller.roles, a, caller._id)) throw forbidden('只有活动组织者和本村（社区）干部可以进行这项操作');
}

async function liveCounts(db: Db, activityId: string) {
  const _ = db.command;
  const [checkedIn, checkedOut] = await Promise.all([
    count(db, COLLECTIONS.volunteerSignups.name, { activityId, status: 'confirmed', checkInAt: _.neq(null) }),
    count(db, COLLECTIONS.volunteerSignups.name, { activityId, status: 'confirmed', checkOutAt: _.neq(null) }),
  ]);
  return { checkedIn, checkedOut };
}

export async function checkInCode(input: In<'checkInCode'>, ctx: MemberContext): Promise<Out<'checkInCode'>> {
  const { db, caller } = ctx;
  const a = await loadActivity(db, input.activityId);
  mustRun(caller, a);
  if (a.status !== 'open') throw conflict('这个志愿活动已取消');
  const now = clock.now().getTime();
  if (!scanOpen(a, now)) throw conflict('签到在活动开始前1小时到结束后2小时之间进行');
  if (a.hoursConfirmedAt) throw conflict('这个活动的时长已经确认，不能再签到签退');
  const window = tokenWindow(now);
  return {
    token: tokenFor(a._id, input.mode, window),
    shortCode: shortCodeFor(a._id, input.mode, window),
    expiresAt: new Date((window + 1) * CHECK_IN_WINDOW_MS).toISOString(),
    ...(await liveCounts(db, a._id)),
    confirmed: a.confirmed,
  };
}

export async function scan(input: In<'scan'>, ctx: MemberContext): Promise<Out<'scan'>> {
  const { db, caller } = ctx;
  const now = clock.now();
  const typed = /^\d{6}$/.test(input.token);
  // A typed code is only ever checked against the windows still accepted: an old one simply does not match.
  const read = typed ? readShortCode(input.token, input.activityId!, now.getTime()) : readToken(input.token);
  if (!read && typed) throw conflict('签到码不对或已过期，请输入组织者手机上正在显示的六位数字');
  if (!read) throw invalid('签到码不正确，请扫描组织者手机上的二维码', [{ path: 'token', message: '签到码不正确' }]);
  if (!windowAccepted(read.window, now.getTime())) throw conflict('签到码已过期，请扫描组织者手机上正在显示的二维码');
  const a = await loadActivity(db, read.activityId);
  if (a.status !== 'open' || !scanOpen(a, now.getTime())) throw conflict('现在不是这个活动的签到时间');
  if (a.hoursConfirmedAt) throw conflict('这个活动的时长已经确认，请联系组织者');
  const id = signupIdFor(a._id, caller._id);
  const at = now.toISOString();
  const sg = await runTransaction(db, async (tx: Tx) => {
    const cur = await findById<VolunteerSignupRecord>(tx, COLLECTIONS.volunteerSignups.name, id);
    if (!cur || cur.status !== 'confirmed') throw forbidden('您没有报上这个活动，请联系组织者');
    if (attendanceFixed(cur, now.getTime())) throw conflict('这个活动的时长已经确认，请联系组织者');
    if (read.mode === 'in') {
      if (cur.checkInAt) return cur; // a second scan changes nothing
      await tx.collection(COLLECTIONS.volunteerSignups.name).doc(id).update({ checkInAt: at, attendanceBy: 'scan', updatedAt: at });
      return { ...cur, checkInAt: at };
    }
    if (!cur.checkInAt) throw conflict('请先签到，再签退');
    await tx.collection(COLLECTIONS.volunteerSignups.name).doc(id).update({ checkOutAt: at, updatedAt: at });
    return { ...cur, checkOutAt: at };
  });
  return { activity: activityView(a, sg, caller), mode: read.mode };
}

export async function markAttendance(input: In<'markAttendance'>, ctx: MemberContext): Promise<Out<'markAttendance'>> {
  const { db, caller } = ctx;
  const sg = await findById<VolunteerSignupRecord>(db, COLLECTIONS.volunteerSignups.name, input.signupId);
  if (!sg) throw notFound('没有找到这条报名');
  const a = await loadActivity(db, sg.activityId);
  mustRun(caller, a);
  const inAt = Date.parse(input.checkInAt);
  const outAt = input.checkOutAt ? Date.parse(input.checkOutAt) : null;
  if (Number.isNaN(inAt)) throw invalid('签到时间不正确', [{ path: 'checkInAt', message: '时间格式不正确' }]);
  if (outAt !== null && (Number.isNaN(outAt) || outAt <= inAt)) throw invalid('签退时间应晚于签到时间', [{ path: 'checkOutAt', message: '应晚于签到时间' }]);
  if (!scanOpen(a, inAt) || (outAt !== null && !scanOpen(a, outAt))) throw invalid('签到签退时间应在活动时间前后', [{ path: 'checkInAt', message: '不在活动时间内' }]);
  if (inAt > clock.now().getTime() || (outAt ?? 0) > clock.now().getTime()) throw invalid('不能登记还没到的时间', [{ path: 'checkInAt', message: '时间还没到' }]);
  if (a.hoursConfirmedAt) throw conflict('时长已经确认，如需修改请用更正');
  const checkInAt = new Date(inAt).toISOString();
  const checkOutAt = outAt === null ? null : new Date(outAt).toISOString();
  const at = clock.nowIso();
  const after = await runTransaction(db, async (tx: Tx) => {
    const cur = await findById<VolunteerSignupRecord>(tx, COLLECTIONS.volunteerSignups.name, sg._id);
    if (!cur || cur.status !== 'confirmed') throw conflict('只有报上名的志愿者可以登记签到');
    if (attendanceFixed(cur, clock.now().getTime())) throw conflict('时长已经确认，如需修改请用更正');
    await tx.collection(COLLECTIONS.volunteerSignups.name).doc(sg._id).update({ checkInAt, checkOutAt, attendanceBy: 'organiser', updatedAt: at });
    await recordAudit(tx, caller, ctx.requestId, { action: 'volunteers.markAttendance', target: { collection: COLLECTIONS.volunteerSignups.name, id: sg._id }, before: { checkInAt: cur.checkInAt, checkOutAt: cur.checkOutAt }, after: { checkInAt, checkOutAt }, path: cur.path });
    return { ...cur, checkInAt, checkOutAt, attendanceBy: 'organiser' as const };
  });
  return rosterEntry(after, a);
}

/** A claim lives as long as its call may run: past that the call is dead and the claim ignored. */
const CLAIM_MS = FUNCTION_TIMEOUT_SECONDS.volunteers * 1000;
/** Left of the call's time when waiting for an overlapping confirmation stops (the answer, the envelope). */
const RESERVE_MS = 4_000;
const FIRST_WAIT_MS = 20;
const MAX_WAIT_MS = 800;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One person's credit by this confirmation: the minutes written to their ledger entry (0: none written). */
interface Credit {
  userId: string;
  minutes: number;
}

/**
 * Takes the activity's attendees not yet credited for this confirmation (one same-value update, which a
 * concurrent confirmation of the same activity cannot also win), then reads exactly those: from here on
 * their check-in and check-out stay as read (`attendanceFixed`).
 */
async function takeAttendees(db: Db, a: VolunteerActivityRecord, claim: CreditClaim, at: string): Promise<VolunteerSignupRecord[]> {
  const _ = db.command;
  const signups = db.collection(COLLECTIONS.volunteerSignups.name);
  const res = await signups.where({ activityId: a._id, status: 'confirmed', creditedAt: null, 'crediting.until': _.not(_.gt(at)) }).update({ crediting: { by: claim.id, until: claim.until } });
  if (updatedCount(res) === 0) return [];
  return readAll<VolunteerSignupRecord>(db, COLLECTIONS.volunteerSignups.name, { activityId: a._id, status: 'confirmed', 'crediting.by': claim.id });
}

/**
 * Claims the attendees' volunteer records in one same-value update, each only where no other live claim
 * overlaps this activity's span: two overlapping activities confirmed at once take turns per person, so
 * the second reads the first's ledger entries. Answers whom this call holds, whom it must wait for, and
 * the sign-ups of people without a volunteer record (nothing to credit); a full claim needs no read.
 */
async function claimPeople(db: Db, taken: readonly VolunteerSignupRecord[], claim: CreditClaim, at: string): Promise<{ held: VolunteerSignupRecord[]; waiting: VolunteerSignupRecord[]; absent: VolunteerSignupRecord[] }> {
  const _ = db.command;
  const ids = taken.map((s) => volunteerIdOf(s.userId));
  const overlapping = _.elemMatch({ startAt: _.lt(claim.endAt), endAt: _.gt(claim.startAt), until: _.gt(at) });
  const res = await db.collection(COLLECTIONS.volunteers.name).where(_.and([{ _id: _.in(ids) }, _.nor([{ creditClaims: overlapping }])])).update({ creditClaims: _.push([claim]) });
  if (updatedCount(res) === ids.length) return { held: [...taken], waiting: [], absent: [] };
  const records = await readByIds<VolunteerRecord>(db, COLLECTIONS.volunteers.name, ids);
  const holds = new Map(records.map((v) => [v.userId, (v.creditClaims ?? []).some((c) => c.id === claim.id)]));
  return {
    held: taken.filter((s) => holds.get(s.userId) === true),
    waiting: taken.filter((s) => holds.get(s.userId) === false),
    absent: taken.filter((s) => !holds.has(s.userId)),
  };
}

/**
 * Credits the held attendees: their earlier confirmed spans overlapping this activity (one read of their
 * ledger), the minutes left of each attended span, the entries in one batch add (ids `vh-<signupId>`: an
 * entry a dead run of this confirmation wrote stands, with its minutes), then the sign-ups marked credited
 * (one same-value update) and the claims let go (one). `none`: sign-ups credited with nothing to count.
 */
async function creditHeld(db: Db, a: VolunteerActivityRecord, held: readonly VolunteerSignupRecord[], none: readonly VolunteerSignupRecord[], claim: CreditClaim, at: string, by: UserRecord): Promise<Credit[]> {
  const _ = db.command;
  const earlier = held.length
    ? await readAll<VolunteerHourRecord>(db, COLLECTIONS.volunteerHours.name, { userId: _.in(held.map((s) => s.userId)), kind: 'confirmed', 'span.startAt': _.lt(a.endAt), 'span.endAt': _.gt(a.startAt) })
    : [];
  const entries: VolunteerHourRecord[] = [];
  const credits = held.map((sg): Credit => {
    const own = earlier.find((h) => h.signupId === sg._id);
    if (own) return { userId: sg.userId, minutes: own.minutes };
    const span = attendedSpan(sg.checkInAt, sg.checkOutAt, a);
    const minutes = span ? uncreditedMinutes(span, earlier.filter((h) => h.userId === sg.userId).map((h) => h.span!)) : 0;
    if (span && minutes > 0) {
      entries.push({ _id: hourEntryIdOf(sg._id), userId: sg.userId, signupId: sg._id, activityId: a._id, unitId: a.unitId, path: a.path, title: a.title, date: a.date, month: a.month, minutes, kind: 'confirmed', span, reason: null, byId: by._id, byName: by.name, at });
    }
    return { userId: sg.userId, minutes };
  });
  await addEachOnce(db, COLLECTIONS.volunteerHours.name, entries);
  const done = [...held, ...none].map((s) => s._id);
  if (done.length) await db.collection(COLLECTIONS.volunteerSignups.name).where({ _id: _.in(done), 'crediting.by': claim.id }).update({ creditedAt: at, crediting: null, updatedAt: at });
  if (held.length) await db.collection(COLLECTIONS.volunteers.name).where({ _id: _.in(held.map((s) => volunteerIdOf(s.userId))) }).update({ creditClaims: _.pull({ id: claim.id }) });
  return [...credits, ...none.map((s) => ({ userId: s.userId, minutes: 0 }))];
}

/**
 * Credits every taken attendee, in rounds: those whose record another overlapping confirmation holds are
 * claimed again once it has let go (a jittered wait), until the call's time runs short; then their
 * sign-ups are let go (a later confirmation credits them) and the contention is INTERNAL, never CONFLICT.
 * `credits` holds what was credited even when this throws.
 */
async function creditAll(db: Db, a: VolunteerActivityRecord, taken: readonly VolunteerSignupRecord[], claim: CreditClaim, at: string, by: UserRecord, credits: Credit[]): Promise<void> {
  const deadline = Date.now() + CLAIM_MS - RESERVE_MS;
  let rest = [...taken];
  for (let round = 1; rest.length; round++) {
    const { held, waiting, absent } = await claimPeople(db, rest, claim, clock.nowIso());
    if (held.length || absent.length) credits.push(...(await creditHeld(db, a, held, absent, claim, at, by)));
    rest = waiting;
    if (!rest.length) return;
    const ceiling = Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** Math.min(round, 10));
    const wait = ceiling / 2 + Math.random() * (ceiling / 2);
    if (Date.now() + wait >= deadline) {
      await db.collection(COLLECTIONS.volunteerSignups.name).where({ _id: db.command.in(rest.map((s) => s._id)), 'crediting.by': claim.id }).update({ crediting: null });
      throw new ContentionError(round);
    }
    await sleep(wait);
  }
}

/**
 * Marks the activity confirmed (the first confirmation's time stays) in one conditional update that
 * carries the notice to each person credited and the audit entry (_lib/effects.ts).
 */
async function markConfirmed(db: Db, a: VolunteerActivityRecord, by: UserRecord, requestId: string, credits: readonly Credit[]): Promise<void> {
  const counted = credits.filter((c) => c.minutes > 0);
  const minutes = counted.reduce((s, c) => s + c.minutes, 0);
  const messages = counted.map((c) => ({
    to: [c.userId],
    message: {
      kind: 'volunteer.hoursConfirmed' as const,
      title: '志愿服务时长已确认',
      body: `您参加「${a.title}」的志愿服务时长 ${hoursText(c.minutes)} 已确认，记入您的志愿服务记录。`,
      link: { page: 'volunteer-record', id: volunteerIdOf(c.userId) },
    },
  }));
  let cur = a;
  for (let attempt = 0; ; attempt++) {
    const effect = effectOf(by, requestId, { collection: COLLECTIONS.volunteerActivities.name, id: a._id, path: cur.path }, clock.nowIso(), {
      messages,
      audit: { action: 'volunteers.confirmHours', before: { hoursConfirmedAt: cur.hoursConfirmedAt }, after: { people: counted.length, minutes } },
    });
    const res = await db.collection(COLLECTIONS.volunteerActivities.name).where({ _id: a._id, hoursConfirmedAt: cur.hoursConfirmedAt }).update({ hoursConfirmedAt: cur.hoursConfirmedAt ?? effect.at, ...pushEffects(db, [effect]) });
    if (updatedCount(res) === 1) return;
    if (attempt >= 2) throw new ContentionError(attempt + 1);
    cur = await loadActivity(db, a._id);
  }
}

/**
 * Requests, whatever the number of attendees: the caller, the activity, taking and reading the attendees
 * (2), claiming their records (1), their earlier spans (1), the ledger entries (1 batch add), the sign-ups
 * marked and the claims let go (2), the activity (1, carrying the notices and the audit entry).
 */
export async function confirmHours(input: In<'confirmHours'>, ctx: MemberContext): Promise<Out<'confirmHours'>> {
  const { db, caller } = ctx;
  const a = await loadActivity(db, input.activityId);
  mustRun(caller, a);
  const now = clock.now();
  if (Date.parse(a.endAt) > now.getTime()) throw conflict('活动结束后才能确认时长');
  const claim: CreditClaim = { id: idFor('vk', a._id, ctx.requestId), activityId: a._id, startAt: a.startAt, endAt: a.endAt, until: new Date(now.getTime() + CLAIM_MS).toISOString() };
  const at = now.toISOString();
  const taken = await takeAttendees(db, a, claim, at);
  const credits: Credit[] = [];
  try {
    await creditAll(db, a, taken, claim, at, caller, credits);
  } finally {
    // Those credited are told and the confirmation audited even when waiting for the rest gave up.
    if (credits.length || taken.length === 0) await markConfirmed(db, a, caller, ctx.requestId, credits);
  }
  const counted = credits.filter((c) => c.minutes > 0);
  return { confirmed: counted.length, minutes: counted.reduce((s, c) => s + c.minutes, 0) };
}

export async function correctHours(input: In<'correctHours'>, ctx: MemberContext): Promise<Out<'correctHours'>> {
  const { db, caller } = ctx;
  const sg = await findById<VolunteerSignupRecord>(db, COLLECTIONS.volunteerSignups.name, input.signupId);
  if (!sg) throw notFound('没有找到这条报名');
  const a = await loadActivity(db, sg.activityId);
  mustRun(caller, a);
  if (sg.creditedAt === null) throw conflict('时长还没有确认，请先登记签到签退');
  const id = idFor('vc', sg._id, ctx.requestId);
  const entry = await runTransaction(db, async (tx: Tx) => {
    const done = await findById<VolunteerHourRecord>(tx, COLLECTIONS.volunteerHours.name, id);
    if (done) return done;
    const prior = await tx.collection(COLLECTIONS.volunteerHours.name).where({ signupId: sg._id }).limit(100).get();
    const sum = (prior.data as VolunteerHourRecord[]).reduce((s, h) => s + h.minutes, 0);
    const span = Math.floor((Date.parse(a.endAt) - Date.parse(a.startAt)) / 60_000);
    if (sum + input.minutes < 0) throw invalid(`更正后不能少于 0，现在记的是 ${sum} 分钟`, [{ path: 'minutes', message: '更正后少于 0' }]);
    if (sum + input.minutes > span) throw invalid(`更正后不能超过活动时长 ${span} 分钟`, [{ path: 'minutes', message: '超过活动时长' }]);
    const at = clock.nowIso();
    const record: VolunteerHourRecord = { _id: id, userId: sg.userId, signupId: sg._id, activityId: a._id, unitId: a.unitId, path: a.path, title: a.title, date: a.date, month: a.month, minutes: input.minutes, kind: 'correction', reason: input.reason, byId: caller._id, byName: caller.name, at };
    await tx.collection(COLLECTIONS.volunteerHours.name).add(record);
    await recordAudit(tx, caller, ctx.requestId, { action: 'volunteers.correctHours', target: { collection: COLLECTIONS.volunteerSignups.name, id: sg._id }, before: { minutes: sum }, after: { minutes: sum + input.minutes, reason: input.reason }, path: sg.path });
    await enqueue(tx, [sg.userId], {
      kind: 'volunteer.hoursCorrected',
      title: '志愿服务时长已更正',
      body: `「${a.title}」的志愿服务时长更正为 ${hoursText(sum + input.minutes)}。原因：${input.reason}`,
      link: { page: 'volunteer-record', id: volunteerIdOf(sg.userId) },
    });
    return record;
  });
  return hourEntryView(entry);
}

async function entriesOf(db: Db, userId: string): Promise<VolunteerHourRecord[]> {
  // One person's ledger: bounded by their own activities (readAll pages past the 1000 cap).
  return (await readAll<VolunteerHourRecord>(db, COLLECTIONS.volunteerHours.name, { userId })).sort((a, b) => b.at.localeCompare(a.at) || a._id.localeCompare(b._id));
}

export async function record(_input: In<'record'>, ctx: MemberContext): Promise<Out<'record'>> {
  const { db, caller } = ctx;
  const v = await loadVolunteer(db, caller._id);
  if (!v) throw notFound('您还不是志愿者');
  const [entries, total] = await Promise.all([entriesOf(db, caller._id), totalMinutesOf(db, caller._id)]);
  return { name: v.name, unitName: v.unitName, totalMinutes: total.minutes, activities: total.activities, certCode: v.certCode, entries: entries.map(hourEntryView) };
}

/** Public: anyone with the code reads the ledger itself (not a copy), the volunteer named by surname. */
export async function certificate(input: In<'certificate'>, ctx: ActionContext): Promise<Out<'certificate'>> {
  const { db } = ctx;
  const res = await db.collection(COLLECTIONS.volunteers.name).where({ certCode: input.code }).limit(1).get();
  const v = (res.data as VolunteerRecord[])[0];
  if (!v) throw notFound('没有这个核验码对应的志愿服务记录');
  const [entries, total, user, unit] = await Promise.all([
    entriesOf(db, v.userId),
    totalMinutesOf(db, v.userId),
    findById<UserRecord>(db, COLLECTIONS.users.name, v.userId),
    loadCommunity(db, v.unitId),
  ]);
  return {
    name: publicName(v.name, user?.gender ?? null),
    unitName: unit.name,
    totalMinutes: total.minutes,
    activities: total.activities,
    since: v.joinedAt,
    entries: entries.map(({ _id, title, date, minutes, kind, at }) => ({ id: _id, title, date, minutes, kind, at })),
    checkedAt: clock.nowIso(),
  };
}

