/**
 * Releasing what content security held on the 警民之家: a home visit's texts, a booking's note, a
 * group session (which residents see only once released) and a home's changed-hours reasons. An
 * officer of the home or a cadre over it may release text written by someone else; audited, and
 * the author is told.
 */
import type { BookingRecord, GroupSessionRecord, HomeVisitRecord, PoliceHomeRecord } from '../../shared/domain/police-records';
import type { Moderated } from '../../shared/domain/moderation';
import { isHomeReviewer, policeFieldLabel } from '../../shared/domain/police-moderation';
import { findById } from '../_lib/db';
import { forbidden, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import type { Message } from '../_lib/outbox';
import { releaseHeld } from '../_lib/release';
import type { In, Out } from './types';
import { COLLECTIONS } from '../_lib/collections';

type Kind = In<'release'>['kind'];

interface Releasable extends Moderated {
  _id: string;
  path: string[];
}

/** What each kind of 警民之家 record is, for a release. */
interface KindSpec<T> {
  collection: string;
  missing: string;
  /** The people the record is about: to them it exists (FORBIDDEN), to anyone else it does not (NOT_FOUND). */
  parties: (r: T) => string[] | 'everyone';
  /** Who read the placeholder in its held text (a group session or a home is public: nobody in particular). */
  readers: (r: T) => string[];
  describe: (r: T) => { name: string; link: Message['link'] };
}

const spec = <T>(s: KindSpec<T>) => s as unknown as KindSpec<Releasable>;

const KINDS: Record<Kind, KindSpec<Releasable>> = {
  visit: spec<HomeVisitRecord>({
    collection: COLLECTIONS.policeHomeVisits.name,
    missing: '这条上门服务申请不存在',
    parties: (v) => [v.requesterId, v.subjectId],
    readers: (v) => [v.requesterId, v.subjectId],
    describe: (v) => ({ name: `${v.subjectName}的上门服务申请`, link: { page: 'police-mine', id: v._id } }),
  }),
  booking: spec<BookingRecord>({
    collection: COLLECTIONS.policeBookings.name,
    missing: '这个预约不存在',
    parties: (b) => [b.userId],
    readers: (b) => [b.userId],
    describe: (b) => ({ name: `「${b.serviceName}」的预约`, link: { page: 'police-mine', id: b._id } }),
  }),
  session: spec<GroupSessionRecord>({
    collection: COLLECTIONS.policeSessions.name,
    missing: '这场活动不存在',
    parties: (g) => [g.createdBy],
    readers: () => [],
    describe: (g) => ({ name: `活动「${g.title}」`, link: { page: 'police-sessions', id: g._id } }),
  }),
  home: spec<PoliceHomeRecord>({
    collection: COLLECTIONS.policeHomes.name,
    missing: '找不到这个警民之家',
    parties: () => 'everyone',
    readers: () => [],
    describe: (h) => ({ name: h.name, link: { page: 'police-home', id: h._id } }),
  }),
};

export async function releaseText(input: In<'release'>, ctx: MemberContext): Promise<Out<'release'>> {
  const { db, caller } = ctx;
  const kind = KINDS[input.kind];
  const { collection, missing } = kind;
  const found = await findById<Releasable>(db, collection, input.id);
  if (!found) throw notFound(missing);
  if (!isHomeReviewer(caller.roles, found.path)) {
    const parties = kind.parties(found);
    if (parties === 'everyone' || parties.includes(caller._id)) throw forbidden('只有本警民之家的民警和辖区干部可以放行复核的内容');
    throw notFound(missing);
  }
  const freed = await releaseHeld<Releasable>(ctx, {
    action: 'police.release',
    collection,
    id: input.id,
    missing,
    refusal: '不能放行自己填写的内容，请由其他民警或辖区干部复核',
    describe: (r) => ({ ...kind.describe(r), readers: kind.readers(r) }),
    label: policeFieldLabel,
  });
  const released = freed.map((h) => h.field);
  return { kind: input.kind, id: input.id, released };
}
