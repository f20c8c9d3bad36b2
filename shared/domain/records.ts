import type { Gender } from './names';
/**
 * The shapes stored in the database collections. Views sent to the client are declared in
 * shared/contracts and built from these by each function; nothing here reaches a page directly.
 */
import type { OrgKind, Persona } from '../contracts/common';
import type { Role } from '../contracts/auth';
import type { Moderated } from './moderation';
import type { WishCategory, WishStatus } from './wish-state';
import type { NotificationKind } from './subscribe';

export interface OrgUnitRecord {
  _id: string;
  kind: OrgKind;
  name: string;
  parentId: string | null;
  /** Unit ids from the county down to and including this unit. */
  path: string[];
  resettlement?: boolean;
  /** Grid only: the name of its 网格党小组 (the county file gives it). */
  partyGroupName?: string;
  /** Grid only: the 网格党小组 members who are alerted for the grid. */
  partyGroupMemberIds?: string[];
  /** Set when the unit was retired (撤并): it keeps its records and history, and leaves the pickers. */
  retiredAt?: string | null;
}

export interface UserRecord {
  _id: string;
  openid: string;
  name: string;
  persona: Persona;
  roles: { role: Role; unitId: string }[];
  /** `${role}@${unitId}` for each role, so "the cadres of village V" is one equality query. */
  roleKeys: string[];
  residence: {
    unitId: string;
    gridId: string | null;
    householdId: string | null;
    householdConfirmed: boolean;
    /** Path of the residence's unit (grid when known), for jurisdiction checks. */
    path: string[];
  } | null;
  resettled: boolean;
  birthYear: number | null;
  gender?: Gender | null;
  /** Shown masked everywhere but to the people who must call (wishes.contact, audited). */
  phoneMasked: string | null;
  /** The full number, read only by wishes.contact for the claimant and the village cadre. */
  phone?: string | null;
  /** Seeded demo users can be signed in as by persona in the local runtime. */
  demo?: boolean;
  createdAt: string;
  /**
   * Set when the person closed the account (注销): the record keeps its id, which other records
   * point at, but no personal data; `openid` is replaced at once by a `closed-…` tombstone that is no
   * WeChat identity, so the person may register afresh. The rest is erased by the account's
   * `AccountErasureRecord` (cloudfunctions/auth/timers.ts).
   */
  closedAt?: string;
}

/**
 * 注销账号's staged part: one per closed account (`ae-<userId>`), written by the close before it empties
 * the record, and worked off by the auth `erase` timer, step by step and page by page (cloudfunctions/auth/timers.ts).
 */
export interface AccountErasureRecord {
  _id: string;
  userId: string;
  /**
   * What the person was called and where they lived, kept only while the erasure runs: notices in
   * other people's inboxes that name them are found and rewritten with it. Emptied when done.
   */
  name: string | null;
  gender: 'female' | 'male' | null;
  unitId: string | null;
  /** Where the person lived (unit ids), for the audit entries of what the erasure withdraws; emptied when done. */
  path: string[];
  /** When the account was registered: no notice about the person is older. */
  registeredAt: string;
  createdAt: string;
  /** The close's request, for the close's audit entry the timer writes; null (or absent): the close audited itself. */
  requestId?: string | null;
  status: 'pending' | 'done';
  /** The step under way (an index into ERASURE_STEPS) and where in it the next page starts. */
  step: number;
  cursor: string | null;
  /** The run holding the job and until when (a run that dies loses it when the lease runs out). */
  claim: string | null;
  leaseUntil: string;
  pages: number;
  doneAt: string | null;
}

export interface HouseholdRecord {
  _id: string;
  unitId: string;
  gridId: string;
  path: string[];
  headName: string;
  address: string;
  resettled: boolean;
}

export interface WishTimelineEntry {
  at: string;
  /** A `WishTimelineEvent` code, worded by `wishEventLabel`; entries stored before codes hold the words. */
  action: string;
  actorId: string;
  actorName: string;
  note: string | null;
}

/** A wish as stored. Held text: title, content, reason, fulfilment note, thanks. */
export interface WishRecord extends Moderated, CarriesEffects {
  _id: string;
  title: string;
  content: string;
  category: WishCategory;
  status: WishStatus;
  wisherId: string;
  wisherName: string;
  /** For the public form of the name (曾女士); absent on older records. */
  wisherGender?: Gender | null;
  /** 不公开姓名, chosen at submit for a health or family wish. */
  hideName?: boolean;
  villageId: string;
  unitName: string;
  gridId: string | null;
  path: string[];
  priority: boolean;
  claimantId: string | null;
  claimantName: string | null;
  reason: string | null;
  fulfilNote: string | null;
  thanks: string | null;
  timeline: WishTimelineEntry[];
  requestId: string | null;
  createdAt: string;
  updatedAt: string;
  /** Set when the wisher closed their account: off the village wall, read only by the handling cadres and supervisors. */
  wisherClosed?: boolean;
}

export interface NotificationRecord {
  _id: string;
  recipientId: string;
  kind: string;
  title: string;
  body: string;
  link: { page: string; id: string } | null;
  /**
   * The person the notice is about when it names someone other than its recipient (a resident asking
   * to join, a cadre handing over): closing that person's account rewrites the name. null when it
   * names nobody else; absent on rows written before the field existed.
   */
  aboutId?: string | null;
  createdAt: string;
  readAt: string | null;
  /** Outbox state: the dispatcher delivers pending rows as subscribe messages where granted. */
  delivery: { status: 'pending' | 'sent' | 'in-app' | 'dead'; attempts: number; nextAttemptAt: string; error: string | null };
}

export interface AuditRecord {
  _id?: string;
  actorId: string;
  actorName: string;
  action: string;
  target: { collection: string; id: string };
  before: unknown;
  after: unknown;
  at: string;
  requestId: string;
  /** Where it was done (the target's path from the county down): who supervises the place reads it. */
  path?: string[];
}

/**
 * Carried effects: what a change still owes others — its notices and its audit entry — written onto the
 * changed record by the same single write that makes the change (a transactional outbox inside the
 * record, `cloudfunctions/_lib/effects.ts`). The notifications `dispatch` timer turns each into outbox
 * rows and an audit entry with ids derived from `id`, then pulls it off the record.
 */
export interface PendingEffect {
  /** Unique per change; the outbox rows' ids (`noticeId`) and the audit entry's (`<id>-audit`) derive from it. */
  id: string;
  /** When the change was made: the notices' `createdAt` and the audit entry's `at`. */
  at: string;
  requestId: string;
  messages: { to: string[]; message: { kind: NotificationKind; title: string; body: string; link: { page: string; id: string } | null; aboutId?: string | null } }[];
  audit: Omit<AuditRecord, '_id' | 'at' | 'requestId'> | null;
}

/** The fields of a record in a collection declared `effects: true` (`_lib/collections.ts`). */
export interface CarriesEffects {
  effects?: PendingEffect[];
  /** True while `effects` may be non-empty: the drain's index is (effectsPending, effectsSince). */
  effectsPending?: boolean;
  /** The oldest pending change's time, so the drain works oldest first; removed with the flag. */
  effectsSince?: string;
}
