/**
 * 志愿者: joining a community's volunteers (a confirmed 双报到 member is one at once), the profile
 * (skills, free times), the community confirming, and the volunteer's home page.
 */
import type { Db } from '@cloudbase/database';
import type { OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import type { VolunteerActivityRecord, VolunteerHourRecord, VolunteerRecord, VolunteerSignupRecord } from '../../shared/domain/volunteer-records';
import { canManageCommunity } from '../../shared/domain/volunteer-rules';
import { chinaDate, instantOf } from '../../shared/domain/china-time';
import { recordAudit } from '../_lib/audit';
import { clock } from '../_lib/clock';
import { COLLECTIONS } from '../_lib/collections';
import { findById, isDuplicateKey, readAll, readByIds, type Tx } from '../_lib/db';
import { conflict, forbidden, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import { enqueue } from '../_lib/outbox';
import { carrying, effectOf } from '../_lib/effects';
import { updatedCount } from '../_lib/seats';
import { runTransaction } from '../_lib/transaction';
import { creditedMinutesOf, loadCommunity, loadVolunteer, mustManage, newCertCode, placementOf, volunteerIdOf } from './store';
import type { In, Out } from './types';
import { activityView, volunteerView } from './views';

/** The placement and community a volunteer record is written for (read once by whoever asks first). */
interface Placement {
  placement: NonNullable<Awaited<ReturnType<typeof placementOf>>>;
  unit: OrgUnitRecord;
}

async function placeOf(db: Db, caller: UserRecord): Promise<Placement | null> {
  const placement = await placementOf(db, caller);
  return placement ? { placement, unit: await loadCommunity(db, placement.unitId) } : null;
}

/**
 * Writes the person's volunteer record once (a retry or a race lands on the same id): one add, which
 * carries the notice to the community's cadres when the record waits for them (_lib/effects.ts).
 */
async function writeVolunteer(ctx: Pick<MemberContext, 'db' | 'caller' | 'requestId'>, place: Placement, profile: Pick<VolunteerRecord, 'skills' | 'availability'>): Promise<VolunteerRecord> {
  const { db, caller } = ctx;
  const { placement, unit } = place;
  const now = clock.nowIso();
  const pending = placement.status === 'pending';
  const cadres = pending ? ((await db.collection(COLLECTIONS.users.name).where({ roleKeys: `village-cadre@${unit._id}` }).limit(20).get()).data as UserRecord[]) : [];
  const _id = volunteerIdOf(caller._id);
  const effects = pending
    ? [
        effectOf(caller, ctx.requestId, { collection: COLLECTIONS.volunteers.name, id: _id, path: unit.path }, now, {
          messages: [
            {
              to: cadres.map((u) => u._id),
              message: {
                kind: 'volunteer.joined',
                title: '新的志愿者待确认',
                body: `${caller.name}申请加入${unit.name}志愿者队伍`,
                link: { page: 'volunteer-manage', id: unit._id },
                // Names the applicant: a close rewrites the name (auth erase timer).
                aboutId: caller._id,
              },
            },
          ],
        }),
      ]
    : [];
  for (let attempt = 0; attempt < 3; attempt++) {
    const record: VolunteerRecord = {
      _id,
      userId: caller._id,
      name: caller.name,
      unitId: unit._id,
      unitName: unit.name,
      path: unit.path,
      skills: [...new Set(profile.skills)],
      availability: [...new Set(profile.availability)],
      status: placement.status,
      source: placement.source,
      certCode: newCertCode(),
      joinedAt: now,
      decidedAt: placement.status === 'confirmed' ? now : null,
      decidedBy: null,
      updatedAt: now,
      ...carrying(effects),
    };
    try {
      await db.collection(COLLECTIONS.volunteers.name).add(record);
      return record;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const existing = await loadVolunteer(db, caller._id);
      if (existing) return existing;
      // A certificate code met another person's (unique index): draw again.
    }
  }
  throw conflict('请稍后再试');
}

/** A confirmed 双报到 member is a volunteer of that community without asking; their record is written on first use. */
export async function ensureVolunteer(ctx: Pick<MemberContext, 'db' | 'caller' | 'requestId'>, known?: VolunteerRecord | null): Promise<VolunteerRecord | null> {
  return (await volunteerOrPlace(ctx, known)).volunteer;
}

/** The person's volunteer record (written on first use for a confirmed 双报到 member), else where they would volunteer. */
async function volunteerOrPlace(ctx: Pick<MemberContext, 'db' | 'caller' | 'requestId'>, known?: VolunteerRecord | null): Promise<{ volunteer: VolunteerRecord | null; place: Placement | null; written: boolean }> {
  const existing = known !== undefined ? known : await loadVolunteer(ctx.db, ctx.caller._id);
  if (existing) return { volunteer: existing, place: null, written: false };
  const place = await placeOf(ctx.db, ctx.caller);
  if (place?.placement.source !== 'party') return { volunteer: null, place, written: false };
  return { volunteer: await writeVolunteer(ctx, place, { skills: [], availability: ['weekend'] }), place, written: true };
}

/**
 * Requests: the caller, the 双报到 registration, the community, its cadres (when they must confirm), the
 * add. Someone who joined before meets their own record at the add (a duplicate id) and it is read.
 */
export async function join(input: In<'join'>, ctx: MemberContext): Promise<Out<'join'>> {
  const { db, caller } = ctx;
  const place = await placeOf(db, caller);
  const existing = place ? await writeVolunteer(ctx, place, input) : await loadVolunteer(db, caller._id);
  if (!existing) throw forbidden('请先登记您居住的村（社区），再加入志愿者');
  if (existing.status !== 'declined') return volunteerView(existing);
  // Asking again after a decline: the same record goes back to the community.
  const change = { status: 'pending' as const, skills: input.skills, availability: input.availability, decidedAt: null, decidedBy: null, updatedAt: clock.nowIso() };
  const res = await db.collection(COLLECTIONS.volunteers.name).where({ _id: existing._id, status: 'declined' }).update(change);
  if (updatedCount(res) === 1) return volunteerView({ ...existing, ...change });
  return volunteerView((await loadVolunteer(db, caller._id))!);
}

export async function updateProfile(input: In<'updateProfile'>, ctx: MemberContext): Promise<Out<'updateProfile'>> {
  const { db, caller } = ctx;
  const existing = (await ensureVolunteer(ctx)) ?? null;
  if (!existing) throw notFound('您还不是志愿者，请先加入');
  const change = { skills: [...new Set(input.skills)], availability: [...new Set(input.availability)], updatedAt: clock.nowIso() };
  await db.collection(COLLECTIONS.volunteers.name).doc(existing._id).update(change);
  return volunteerView({ ...existing, ...change });
}

export async function listVolunteers(input: In<'volunteers'>, ctx: MemberContext): Promise<Out<'volunteers'>> {
  const { db, caller } = ctx;
  const unit = await loadCommunity(db, input.unitId);
  mustManage(caller, unit.path);
  // Bounded by the community: a few hundred volunteers at most (readAll pages past the 1000 cap).
  const rows = await readAll<VolunteerRecord>(db, COLLECTIONS.volunteers.name, { unitId: unit._id, status: input.status });
  const users = new Map((await readByIds<UserRecord>(db, COLLECTIONS.users.name, rows.map((r) => r.userId))).map((u) => [u._id, u]));
  // A closed account's record stays only for its certificate (auth/closing.ts): off the community's list.
  return { items: rows.filter((r) => !r.closedAt).sort((a, b) => a.joinedAt.localeCompare(b.joinedAt)).map((r) => volunteerView(r, users.get(r.userId)?.phoneMasked ?? null)) };
}

export async function decideVolunteer(input: In<'decideVolunteer'>, ctx: MemberContext): Promise<Out<'decideVolunteer'>> {
  const { db, caller } = ctx;
  const v = await findById<VolunteerRecord>(db, COLLECTIONS.volunteers.name, input.volunteerId);
  if (!v) throw notFound('找不到这位志愿者');
  mustManage(caller, v.path);
  const status = input.decision === 'confirm' ? 'confirmed' : 'declined';
  const now = clock.nowIso();
  await runTransaction(db, async (tx: Tx) => {
    const cur = await findById<VolunteerRecord>(tx, COLLECTIONS.volunteers.name, v._id);
    if (cur?.status !== 'pending') throw conflict('这份申请已经处理过了');
    await tx.collection(COLLECTIONS.volunteers.name).doc(v._id).update({ status, decidedAt: now, decidedBy: caller._id, updatedAt: now });
    await recordAudit(tx, caller, ctx.requestId, {
      action: input.decision === 'confirm' ? 'volunteers.confirmVolunteer' : 'volunteers.declineVolunteer',
      target: { collection: COLLECTIONS.volunteers.name, id: v._id },
      before: { status: 'pending' },
      after: { status },
      path: cur.path,
    });
    await enqueue(tx, [v.userId], {
      kind: status === 'confirmed' ? 'volunteer.confirmed' : 'volunteer.declined',
      title: status === 'confirmed' ? '您已成为志愿者' : '志愿者申请未通过',
      body: status === 'confirmed' ? `${v.unitName}确认了您的志愿者申请，现在可以报名志愿活动了。` : `${v.unitName}暂未通过您的志愿者申请，请与村（社区）干部联系。`,
      link: { page: 'volunteer-home', id: v._id },
    });
  });
  return volunteerView({ ...v, status, decidedAt: now, decidedBy: caller._id });
}

/** The volunteer's own total: their ledger summed on the server. */
export async function totalMinutesOf(db: Db, userId: string): Promise<{ minutes: number; activities: number }> {
  const $ = db.command.aggregate;
  const res = await db
    .collection(COLLECTIONS.volunteerHours.name)
    .aggregate()
    .match({ userId })
    .group({ _id: '$userId', minutes: $.sum('$minutes'), activities: $.addToSet('$activityId') })
    .end();
  const row = (res.data as { minutes: number; activities: string[] }[])[0];
  return { minutes: row?.minutes ?? 0, activities: row?.activities.length ?? 0 };
}

/**
 * Requests: the caller, the volunteer record, the sign-ups from today on with their activities (one
 * aggregate), the total. Someone who is no volunteer yet has neither (their placement instead); a
 * confirmed 双报到 member's first visit writes the record (one add) and has nothing to show yet.
 */
export async function home(_input: In<'home'>, ctx: MemberContext): Promise<Out<'home'>> {
  const { db, caller } = ctx;
  const { volunteer, place, written } = await volunteerOrPlace(ctx);
  // The volunteer's community is on their record; otherwise where they would volunteer.
  const unit = volunteer ? { _id: volunteer.unitId, name: volunteer.unitName, path: volunteer.path } : (place?.unit ?? null);
  let upcoming: Out<'home'>['upcoming'] = [];
  let minutes = 0;
  // Sign-ups and hours exist only for a volunteer (signUp writes the record first): none for one just written.
  if (volunteer && !written) {
    const from = instantOf(chinaDate(clock.now()), '00:00').toISOString();
    // The person's sign-ups from today on (index userId + startAt), newest first, bounded, each with its activity.
    const res = await db
      .collection(COLLECTIONS.volunteerSignups.name)
      .aggregate()
      .match({ userId: caller._id, startAt: db.command.gte(from), status: db.command.in(['confirmed', 'waitlisted', 'pending']) })
      .sort({ startAt: -1 })
      .limit(20)
      .lookup({ from: COLLECTIONS.volunteerActivities.name, localField: 'activityId', foreignField: '_id', as: 'activity' })
      .end();
    const mine = res.data as (VolunteerSignupRecord & { activity?: VolunteerActivityRecord[] })[];
    const shown = mine.filter((m) => m.activity?.[0]).sort((a, b) => a.startAt.localeCompare(b.startAt));
    // Today's activity may be over and confirmed: its minutes are on the ledger.
    const credited = await creditedMinutesOf(db, shown);
    upcoming = shown.map(({ activity, ...m }) => activityView(activity![0]!, m, caller, credited));
    minutes = (await totalMinutesOf(db, caller._id)).minutes;
  }
  return {
    volunteer: volunteer ? volunteerView(volunteer) : null,
    community: unit ? { id: unit._id, name: unit.name } : null,
    totalMinutes: minutes,
    upcoming,
    canManage: unit ? canManageCommunity(caller.roles, unit.path) : false,
  };
}

export type { VolunteerHourRecord };
