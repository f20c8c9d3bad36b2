/** Stored shapes of the 管理 collections: invitations, unit party organisations and 双报到 registrations. */
import type { AppointableRole, InvitationStatus } from './appointment-rules';
import type { CareKind } from './care';

/** `invitations`: id `inv-<code>`, so a code finds its invitation by id and can be used once (conditional update). */
export interface InvitationRecord {
  _id: string;
  code: string;
  role: AppointableRole;
  unitId: string;
  unitName: string;
  /** The unit's path: who may list and revoke it. */
  path: string[];
  inviteeName: string | null;
  status: InvitationStatus;
  expiresAt: string;
  createdById: string;
  createdByName: string;
  createdAt: string;
  usedById: string | null;
  usedByName: string | null;
  usedAt: string | null;
}

/** `partyOrgs`: one of the county's unit party organisations (机关/企事业单位党组织). */
export interface PartyOrgRecord {
  _id: string;
  countyId: string;
  name: string;
  secretaryId: string;
  secretaryName: string;
  createdAt: string;
}

export type PartyRegistrationStatus = 'pending' | 'confirmed' | 'declined' | 'ended';

/** `partyRegistrations`: id `pr-<memberId>`, one 双报到 per member at a time. */
export interface PartyRegistrationRecord {
  _id: string;
  memberId: string;
  memberName: string;
  partyOrgId: string;
  partyOrgName: string;
  unitId: string;
  unitName: string;
  path: string[];
  status: PartyRegistrationStatus;
  appliedAt: string;
  decidedAt: string | null;
  decidedById: string | null;
}

/** `codeAttempts`: wrong codes per person (and in all) per window, id `<purpose>:<who>:<window>`. */
export interface CodeAttemptRecord {
  _id: string;
  count: number;
  windowStart: string;
}

/** `config/bootstrap`: written once, by the transaction that makes the first county admin. */
export interface BootstrapRecord {
  _id: 'bootstrap';
  countyId: string;
  userId: string;
  at: string;
}

/**
 * `careRecipients`: one person on a grid's care register (关爱对象). Not everyone on it has an account
 * (`userId` null): an elderly neighbour living alone is registered by the grid leader who visits her.
 */
export interface CareRecipientRecord {
  _id: string;
  countyId: string;
  townId: string;
  villageId: string;
  gridId: string;
  /** The grid's path, county → grid: who may read the entry. */
  path: string[];
  householdId: string | null;
  userId: string | null;
  name: string;
  kinds: CareKind[];
  /** Where to find them, in words a visitor understands. */
  address: string;
  phone: string | null;
  /** A relative or guardian to call. */
  contactName: string | null;
  contactPhone: string | null;
  note: string;
  active: boolean;
  createdAt: string;
  updatedAt: string;
  createdById: string;
}
