/** Stored shapes of the 管理 collections: invitations, unit party organisations and 双报到 registrations. */
import type { AppointableRole, InvitationStatus } from './appointment-rules';

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
