/**
 * Releasing what content security held on the 警民之家: a home visit's texts, a booking's note, a
 * group session (which residents see only once released) and a home's changed-hours reasons. An
 * officer of the home or a cadre over it may release text written by someone else; audited, and
 * the author is told.
 */
import type { BookingRecord, GroupSessionRecord, HomeVisitRecord, PoliceHomeRecord } from '../../shared/domain/police-records';
import type { ModerationState } from '../../shared/domain/moderation';
import { isHomeReviewer, policeFieldLabel } from '../../shared/domain/police-moderation';
import type { UserRecord } from '../../shared/domain/records';
import { findById } from '../_lib/db';
import { forbidden, notFound } from '../_lib/errors';
import type { MemberContext } from '../_lib/handler';
import type { Message } from '../_lib/outbox';
import { releaseHeld } from '../_lib/release';
import { BOOKINGS, HOMES, SESSIONS, VISITS, type In, type Out } from './common';

type Kind = In<'release'>['kind'];

interface Releasable {
  _id: string;
  path: string[];
  moderation?: ModerationState;
}

const COLLECTIONS: Record<Kind, string> = { visit: VISITS, booking: BOOKINGS, session: SESSIONS, home: HOMES };
const MISSING: Record<Kind, string> = { visit: '这条上门服务申请不存在', booking: '这个预约不存在', session: '这场活动不存在', home: '找不到这个警民之家' };

/** The people a record belongs to: to them it exists (FORBIDDEN); to anyone else it does not (NOT_FOUND). */
function isParty(kind: Kind, r: Releasable, caller: UserRecord): boolean {
  if (kind === 'home') return true; // a home is public
  if (kind === 'visit') return [(r as unknown as HomeVisitRecord).requesterId, (r as unknown as HomeVisitRecord).subjectId].includes(caller._id);
  if (kind === 'booking') return (r as unknown as BookingRecord).userId === caller._id;
  return (r as unknown as GroupSessionRecord).createdBy === caller._id;
}

/** Who read the placeholder in a record's held text: the people it is about (a group session or a home is public). */
function readersOf(kind: Kind, r: Releasable): string[] {
  if (kind === 'visit') return [(r as unknown as HomeVisitRecord).requesterId, (r as unknown as HomeVisitRecord).subjectId];
  if (kind === 'booking') return [(r as unknown as BookingRecord).userId];
  return [];
}

function describe(kind: Kind, r: Releasable): { name: string; link: Message['link'] } {
  if (kind === 'visit') return { name: `${(r as unknown as HomeVisitRecord).subjectName}的上门服务申请`, link: { page: 'police-mine', id: r._id } };
  if (kind === 'booking') return { name: `「${(r as unknown as BookingRecord).serviceName}」的预约`, link: { page: 'police-mine', id: r._id } };
  if (kind === 'session') return { name: `活动「${(r as unknown as GroupSessionRecord).title}」`, link: { page: 'police-sessions', id: r._id } };
  return { name: (r as unknown as PoliceHomeRecord).name, link: { page: 'police-home', id: r._id } };
}

export async function releaseText(input: In<'release'>, ctx: MemberContext): Promise<Out<'release'>> {
  const { db, caller } = ctx;
  const collection = COLLECTIONS[input.kind];
  const found = await findById<Releasable>(db, collection, input.id);
  if (!found) throw notFound(MISSING[input.kind]);
  if (!isHomeReviewer(caller.roles, found.path)) {
    if (isParty(input.kind, found, caller)) throw forbidden('只有本警民之家的民警和辖区干部可以放行复核的内容');
    throw notFound(MISSING[input.kind]);
  }
  const freed = await releaseHeld<Releasable>(ctx, {
    action: 'services.release',
    collection,
    id: input.id,
    missing: MISSING[input.kind],
    // Nobody releases what they wrote themselves: another officer or a cadre looks at it.
    pick: (held) => held.filter((h) => h.authorId !== caller._id),
    refusal: '不能放行自己填写的内容，请由其他民警或辖区干部复核',
    describe: (r) => ({ ...describe(input.kind, r), readers: readersOf(input.kind, r) }),
    label: policeFieldLabel,
  });
  const released = freed.map((h) => h.field);
  return { kind: input.kind, id: input.id, released };
}
