import { z } from 'zod';
import { ACCESS, REFUSALS, defineContract } from './envelope';
import { codeSchema, emptyInput, idSchema, orgKindSchema, phoneSchema, text } from './common';
import { CARE_KINDS } from '../domain/care';
import { APPOINTABLE_ROLES } from '../domain/appointment-rules';

export const appointableRoleSchema = z.enum(APPOINTABLE_ROLES);

const unitChange = z.enum(['add', 'rename', 'retire', 'move']);

export const adminUnitView = z.object({
  id: idSchema,
  name: z.string(),
  kind: orgKindSchema,
  parentId: idSchema.nullable(),
  retired: z.boolean(),
  /** What the caller may do to this unit (add means: add a child under it). */
  allowed: z.array(unitChange),
});
export type AdminUnitView = z.infer<typeof adminUnitView>;

export const holderView = z.object({
  userId: idSchema,
  name: z.string(),
  phoneMasked: z.string().nullable(),
  role: appointableRoleSchema,
  roleLabel: z.string(),
});
export type HolderView = z.infer<typeof holderView>;

export const personView = z.object({
  userId: idSchema,
  name: z.string(),
  phoneMasked: z.string().nullable(),
  unitName: z.string(),
});
export type PersonView = z.infer<typeof personView>;

export const invitationView = z.object({
  id: idSchema,
  code: z.string(),
  role: appointableRoleSchema,
  roleLabel: z.string(),
  unitId: idSchema,
  unitName: z.string(),
  inviteeName: z.string().nullable(),
  status: z.enum(['open', 'used', 'revoked', 'expired']),
  statusLabel: z.string(),
  /** 「12月9日 18:00 前有效」: worded in China time. */
  expiresLabel: z.string(),
  usedByName: z.string().nullable(),
});
export type InvitationView = z.infer<typeof invitationView>;

/** One person on a grid's care register, as the grid and its cadres read it (numbers masked). */
export const careRecipientView = z.object({
  id: idSchema,
  gridId: idSchema,
  gridName: z.string(),
  householdId: idSchema.nullable(),
  name: z.string(),
  kinds: z.array(z.enum(CARE_KINDS)),
  kindsLabel: z.string(),
  address: z.string(),
  phoneMasked: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhoneMasked: z.string().nullable(),
  note: z.string(),
  /** The caller may change the entry (the grid's leaders, the village's cadres). */
  canEdit: z.boolean(),
});
export type CareRecipientView = z.infer<typeof careRecipientView>;

const careFields = {
  name: text(2, 20),
  kinds: z.array(z.enum(CARE_KINDS)).min(1, '请至少选一项关爱类别').max(CARE_KINDS.length),
  address: text(2, 60),
  householdId: idSchema.nullable().optional(),
  phone: phoneSchema.nullable().optional(),
  contactName: text(2, 20).nullable().optional(),
  contactPhone: phoneSchema.nullable().optional(),
  note: text(0, 200).optional(),
};

export const partyOrgView = z.object({
  id: idSchema,
  name: z.string(),
  secretaryName: z.string(),
  memberCount: z.number().int(),
  /** The caller is its secretary: they may open where its members registered. */
  mine: z.boolean(),
});
export type PartyOrgView = z.infer<typeof partyOrgView>;

export const partyRegistrationView = z.object({
  id: idSchema,
  memberId: idSchema,
  memberName: z.string(),
  phoneMasked: z.string().nullable(),
  partyOrgId: idSchema,
  partyOrgName: z.string(),
  unitId: idSchema,
  unitName: z.string(),
  status: z.enum(['pending', 'confirmed', 'declined', 'ended']),
  statusLabel: z.string(),
  /** Wishes the member fulfilled that the wisher confirmed (the service record). */
  completedWishes: z.number().int(),
  /** Wishes the member holds now. */
  claimedWishes: z.number().int(),
});
export type PartyRegistrationView = z.infer<typeof partyRegistrationView>;

const openWorkView = z.object({ kind: z.string(), id: z.string(), title: z.string(), label: z.string() });

export const adminContract = defineContract('admin', {
  /** The very first county admin: the deploy-time code, once. */
  bootstrap: {
    input: z.object({ code: codeSchema, name: text(2, 20).optional() }).strict(),
    output: z.object({ countyId: idSchema, countyName: z.string(), userId: idSchema }),
    errors: ['CONFLICT', 'FORBIDDEN', 'RATE_LIMITED'],
  },
  /** Where the caller administers: the entry of the 管理 area. */
  overview: {
    input: emptyInput,
    output: z.object({
      units: z.array(z.object({ id: idSchema, name: z.string(), kind: orgKindSchema, roleLabel: z.string() })),
      pendingPartyRegistrations: z.number().int(),
    }),
    errors: ['FORBIDDEN'],
  },
  /** One unit and its children (retired ones included, marked). */
  units: {
    input: z.object({ unitId: idSchema }).strict(),
    output: z.object({ unit: adminUnitView, path: z.array(z.object({ id: idSchema, name: z.string() })), children: z.array(adminUnitView) }),
    errors: ACCESS,
  },
  addUnit: {
    input: z.object({ parentId: idSchema, kind: orgKindSchema, name: text(2, 30), resettlement: z.boolean().optional() }).strict(),
    output: z.object({ unit: adminUnitView }),
    errors: REFUSALS,
  },
  renameUnit: {
    input: z.object({ unitId: idSchema, name: text(2, 30) }).strict(),
    output: z.object({ unit: adminUnitView }),
    errors: REFUSALS,
  },
  retireUnit: {
    input: z.object({ unitId: idSchema }).strict(),
    output: z.object({ unit: adminUnitView }),
    errors: REFUSALS,
  },
  moveGrid: {
    input: z.object({ gridId: idSchema, villageId: idSchema }).strict(),
    output: z.object({ unit: adminUnitView, movedHouseholds: z.number().int(), movedResidents: z.number().int() }),
    errors: REFUSALS,
  },
  /** Who holds which role at a unit, and which roles the caller may appoint there. */
  holders: {
    input: z.object({ unitId: idSchema }).strict(),
    output: z.object({
      unit: z.object({ id: idSchema, name: z.string(), retired: z.boolean() }),
      items: z.array(holderView),
      appointableRoles: z.array(z.object({ role: appointableRoleSchema, label: z.string() })),
    }),
    errors: ACCESS,
  },
  /** Registered people of a unit by name (phone masked). */
  findPeople: {
    input: z.object({ unitId: idSchema, name: text(1, 20) }).strict(),
    output: z.object({ items: z.array(personView) }),
    errors: ACCESS,
  },
  appoint: {
    input: z.object({ userId: idSchema, role: appointableRoleSchema, unitId: idSchema }).strict(),
    output: z.object({ holder: holderView }),
    errors: REFUSALS,
  },
  /** Ends a role; open work goes to `successorId` in the same action, or the answer lists it (CONFLICT). */
  removeRole: {
    input: z.object({ userId: idSchema, role: appointableRoleSchema, unitId: idSchema, successorId: idSchema.optional() }).strict(),
    output: z.object({ handedOver: z.array(openWorkView), successorName: z.string().nullable() }),
    errors: REFUSALS,
  },
  invite: {
    input: z.object({ role: appointableRoleSchema, unitId: idSchema, inviteeName: text(2, 20).optional() }).strict(),
    output: z.object({ invitation: invitationView }),
    errors: REFUSALS,
  },
  invitations: {
    input: z.object({ unitId: idSchema }).strict(),
    output: z.object({ items: z.array(invitationView) }),
    errors: ACCESS,
  },
  revokeInvitation: {
    input: z.object({ invitationId: idSchema }).strict(),
    output: z.object({ invitation: invitationView }),
    errors: REFUSALS,
  },
  /** A registered person enters an invitation code: the role is theirs. */
  redeemInvitation: {
    input: z.object({ code: codeSchema }).strict(),
    output: z.object({ role: appointableRoleSchema, roleLabel: z.string(), unitName: z.string() }),
    errors: ['CONFLICT', 'NOT_FOUND', 'RATE_LIMITED'],
  },
  /** 双报到: the county registers a unit party organisation with its secretary. */
  registerPartyOrg: {
    input: z.object({ name: text(2, 40), secretaryId: idSchema }).strict(),
    output: z.object({ partyOrg: partyOrgView }),
    errors: REFUSALS,
  },
  partyOrgs: {
    input: emptyInput,
    output: z.object({ items: z.array(partyOrgView) }),
  },
  /** A party member applies to register at the community where they live. */
  applyPartyRegistration: {
    input: z.object({ partyOrgId: idSchema, unitId: idSchema.optional() }).strict(),
    output: z.object({ registration: partyRegistrationView }),
    errors: REFUSALS,
  },
  myPartyRegistration: {
    input: emptyInput,
    output: z.object({ registration: partyRegistrationView.nullable() }),
  },
  /** The community's cadre: applications waiting and members registered. */
  partyRegistrations: {
    input: z.object({ unitId: idSchema, status: z.enum(['pending', 'confirmed']) }).strict(),
    output: z.object({ items: z.array(partyRegistrationView) }),
    errors: ACCESS,
  },
  decidePartyRegistration: {
    input: z.object({ registrationId: idSchema, decision: z.enum(['confirm', 'decline']) }).strict(),
    output: z.object({ registration: partyRegistrationView }),
    errors: REFUSALS,
  },
  /** The unit's secretary: where its members registered and their service records. */
  partyOrgMembers: {
    input: z.object({ partyOrgId: idSchema }).strict(),
    output: z.object({ partyOrg: partyOrgView, items: z.array(partyRegistrationView) }),
    errors: ACCESS,
  },
  /** The grids whose care register the caller keeps (a grid leader's, a village cadre's village), with how many are on each. */
  careGrids: {
    input: emptyInput,
    output: z.object({ items: z.array(z.object({ gridId: idSchema, gridName: z.string(), villageName: z.string(), count: z.number().int() })) }),
  },
  /** The grid's care register (关爱对象): its grid leaders and the cadres over it. */
  careList: {
    input: z.object({ gridId: idSchema }).strict(),
    output: z.object({ gridName: z.string(), canEdit: z.boolean(), items: z.array(careRecipientView) }),
    errors: ACCESS,
  },
  careAdd: {
    input: z.object({ gridId: idSchema, ...careFields }).strict(),
    output: z.object({ item: careRecipientView }),
    errors: REFUSALS,
  },
  careUpdate: {
    input: z.object({ id: idSchema, ...careFields }).strict(),
    output: z.object({ item: careRecipientView }),
    errors: REFUSALS,
  },
  /** Off the register (moved away, passed away, no longer in need): the entry is kept, inactive. */
  careRemove: {
    input: z.object({ id: idSchema, reason: text(2, 100) }).strict(),
    output: z.object({ removed: z.boolean() }),
    errors: REFUSALS,
  },
  /** The numbers in full, to dial: audited (who saw whose number, when). */
  careContact: {
    input: z.object({ id: idSchema }).strict(),
    output: z.object({ name: z.string(), phone: z.string().nullable(), contactName: z.string().nullable(), contactPhone: z.string().nullable() }),
    errors: ACCESS,
  },
});
