import { createHash } from 'node:crypto';
import type { Db } from '@cloudbase/database';
import type { ActionOutput, ParsedInput } from '../../shared/contracts/envelope';
import type { policeContract } from '../../shared/contracts/police';
import type {
  BookingRecord,
  GroupSessionRecord,
  HomeVisitRecord,
  PoliceHomeRecord,
  PoliceServiceRecord,
  SignupRecord,
} from '../../shared/domain/police-records';
import type { UserRecord } from '../../shared/domain/records';
import { canCancel, canOverseeHome, isOfficerOf, PRIORITY_REASON_LABELS, waitlistPosition, type PriorityReason } from '../../shared/domain/police-rules';
import type { HeldText, ModerationState } from '../../shared/domain/moderation';
import { heldFor, isHomeReviewer, policeFieldLabel, shownText } from '../../shared/domain/police-moderation';
import { clock } from '../_lib/clock';
import { findById, type Tx } from '../_lib/db';
import { forbidden, notFound } from '../_lib/errors';
import { enqueue, type Message } from '../_lib/outbox';

type C = typeof policeContract;
export type In<K extends keyof C['actions'] & string> = ParsedInput<C, K>;
export type Out<K extends keyof C['actions'] & string> = ActionOutput<C, K>;

export const HOMES = 'policeHomes';
export const SERVICES = 'policeServices';
export const SLOTS = 'policeSlots';
export const BOOKINGS = 'policeBookings';
export const BOOKERS = 'policeBookers';
export const SESSIONS = 'policeSessions';
export const SIGNUPS = 'policeSignups';
export const QUEUES = 'policeQueues';
export const VISITS = 'policeHomeVisits';

export const homeIdOf = (unitId: string) => `ph-${unitId}`;

/** A deterministic id from its parts: retries and duplicates land on the same document. */
export function idFor(prefix: string, ...parts: string[]): string {
  return `${prefix}${createHash('sha256').update(parts.join(':')).digest('hex').slice(0, 30)}`;
}

/** `updated` of a where().update() answer. */
export function updatedCount(res: unknown): number {
  return (res as { updated?: number }).updated ?? 0;
}

/** The home an action is about: the one named, else the caller's own (their post as officer, else where they live). */
export async function resolveHome(db: Db | Tx, caller: UserRecord, homeId?: string): Promise<PoliceHomeRecord> {
  const unitId =
    caller.roles.find((r) => r.role === 'police')?.unitId ??
    caller.residence?.unitId ??
    caller.roles.find((r) => r.role === 'village-cadre')?.unitId;
  const id = homeId ?? (unitId ? homeIdOf(unitId) : null);
  if (!id) throw forbidden('请先登记您居住的村（社区）');
  const home = await findById<PoliceHomeRecord>(db, HOMES, id);
  if (!home) throw notFound('找不到这个警民之家');
  return home;
}

export async function loadService(db: Db | Tx, serviceId: string): Promise<PoliceServiceRecord> {
  const service = await findById<PoliceServiceRecord>(db, SERVICES, serviceId);
  if (!service || !service.active) throw notFound('这项服务不存在或已停办');
  return service;
}

/** Residents use the home of the village or community they live in. */
export function mustLiveUnder(caller: UserRecord, unitId: string): void {
  if (!caller.residence?.path.includes(unitId)) throw forbidden('只有本村（社区）居民可以使用这里的服务');
}

/** Officer-only actions: FORBIDDEN for residents and for officers of other villages alike. */
export function mustBeOfficer(caller: UserRecord, path: readonly string[]): void {
  if (!caller.roles.some((r) => r.role === 'police')) throw forbidden('只有社区民警可以进行这项操作');
  if (!isOfficerOf(caller.roles, path)) throw forbidden('这不是您所驻的警民之家');
}

export function mustOversee(caller: UserRecord, path: readonly string[]): void {
  if (!canOverseeHome(caller.roles, path)) throw forbidden('只有本警民之家的民警和辖区干部可以查看');
}

export function officerIds(home: PoliceHomeRecord): string[] {
  return home.officers.map((o) => o.userId);
}

/** Who reads a record's held text: its author, and the officers and cadres over the home. */
export function moderationViewer(path: readonly string[], caller: UserRecord): { id: string; isCadre: boolean } {
  return { id: caller._id, isCadre: isHomeReviewer(caller.roles, path) };
}

/** `held` (what this viewer may know is held) and `canRelease` (held text by someone else, and the viewer reviews it). */
export function moderationFields(state: ModerationState | null | undefined, path: readonly string[], caller: UserRecord): { held?: { field: string; reason: string }[]; canRelease?: boolean } {
  const viewer = moderationViewer(path, caller);
  const held = heldFor(state, viewer);
  const canRelease = viewer.isCadre && (state?.held ?? []).some((h) => h.authorId !== caller._id);
  return { ...(held ? { held } : {}), ...(canRelease ? { canRelease } : {}) };
}

/** Tells the author, in the same transaction, that what they wrote waits for a review. */
export async function tellHeld(tx: Tx, held: HeldText[], what: string, link: Message['link']): Promise<void> {
  if (!held.length) return;
  const labels = [...new Set(held.map((h) => policeFieldLabel(h.field)))].join('、');
  await enqueue(tx, [held[0]!.authorId], {
    kind: 'content.held',
    title: `您填写的${labels}需要人工复核`,
    body: `${what}。原因：${[...new Set(held.map((h) => h.reason))].join('、')}。复核通过前，只有您和本警民之家的民警、辖区干部能看到。`,
    link,
  });
}

export function bookingView(b: BookingRecord, viewer: UserRecord): Out<'book'> {
  const handler = isOfficerOf(viewer.roles, b.path);
  const mv = moderationViewer(b.path, viewer);
  return {
    id: b._id,
    slotId: b.slotId,
    serviceId: b.serviceId,
    serviceName: b.serviceName,
    homeId: b.homeId,
    startAt: b.startAt,
    endAt: b.endAt,
    status: b.status,
    userName: b.userName,
    phoneMasked: handler ? b.phoneMasked : null,
    note: shownText(b.moderation, 'note', b.note, mv),
    rescheduledFrom: b.rescheduledFrom,
    rescheduledTo: b.rescheduledTo,
    canCancel: b.status === 'booked' && b.userId === viewer._id && canCancel(b, clock.now()),
    ...moderationFields(b.moderation, b.path, viewer),
  };
}

export function signupView(sg: SignupRecord, session: Pick<GroupSessionRecord, 'title' | 'capacity' | 'confirmed' | 'waitlist' | 'moderation'>, viewer?: { id: string; isCadre: boolean }): Out<'signUp'> {
  return {
    id: sg._id,
    sessionId: sg.sessionId,
    title: shownText(session.moderation, 'title', session.title, viewer ?? { id: sg.userId, isCadre: false }),
    startAt: sg.startAt,
    status: sg.status,
    position: sg.status === 'waitlisted' || sg.status === 'pending' ? waitlistPosition(session, sg._id) : null,
    userName: sg.userName,
  };
}

export function sessionView(s: GroupSessionRecord, mine: SignupRecord | null, caller: UserRecord): Out<'createSession'> {
  const viewer = moderationViewer(s.path, caller);
  return {
    id: s._id,
    title: shownText(s.moderation, 'title', s.title, viewer),
    description: shownText(s.moderation, 'description', s.description, viewer),
    place: shownText(s.moderation, 'place', s.place, viewer),
    startAt: s.startAt,
    endAt: s.endAt,
    duties: s.duties,
    capacity: s.capacity,
    confirmed: s.confirmed,
    waiting: s.waitlist.length,
    mine: mine ? signupView(mine, s, viewer) : null,
    ...moderationFields(s.moderation, s.path, caller),
  };
}

export function visitView(v: HomeVisitRecord, viewer: UserRecord): Out<'requestVisit'> {
  const handler = isOfficerOf(viewer.roles, v.path);
  const mv = moderationViewer(v.path, viewer);
  return {
    id: v._id,
    subjectName: v.subjectName,
    requesterName: v.requesterName,
    subjectAddress: handler ? v.subjectAddress : null,
    phoneMasked: handler ? v.phoneMasked : null,
    reason: shownText(v.moderation, 'reason', v.reason, mv),
    duties: v.duties,
    preferred: v.preferred,
    priority: v.priority,
    priorityReasons: v.priorityReasons.map((r) => PRIORITY_REASON_LABELS[r as PriorityReason] ?? r),
    status: v.status,
    scheduled: v.scheduled,
    officerName: v.officerName,
    declineReason: shownText(v.moderation, 'declineReason', v.declineReason, mv),
    outcome: shownText(v.moderation, 'outcome', v.outcome, mv),
    createdAt: v.createdAt,
    ...moderationFields(v.moderation, v.path, viewer),
  };
}

/** Every document matching `where`, in pages of 1000 (the SDK's cap), for counts that need the fields. */
export async function fetchAll<T>(db: Db, collection: string, where: object, fields: readonly string[]): Promise<T[]> {
  const out: T[] = [];
  const projection = Object.fromEntries(['_id', ...fields].map((f) => [f, true]));
  for (let skip = 0; ; skip += 1000) {
    const res = await db.collection(collection).where(where).field(projection).orderBy('_id', 'asc').skip(skip).limit(1000).get();
    const rows = res.data as T[];
    out.push(...rows);
    if (rows.length < 1000) return out;
  }
}
