import { z } from 'zod';
import { defineContract } from './envelope';
import { emptyInput, idSchema, orgKindSchema, personaSchema, text } from './common';

export const ROLE_CODES = [
  'party-member',
  'grid-leader',
  'village-cadre',
  'town-cadre',
  'county-admin',
  'police',
  'mediator',
  'supervisor',
] as const;
export const roleSchema = z.enum(ROLE_CODES);
export type Role = z.infer<typeof roleSchema>;

export const roleGrantView = z.object({
  role: roleSchema,
  unitId: idSchema,
  unitName: z.string(),
});

export const userView = z.object({
  id: idSchema,
  name: z.string(),
  persona: personaSchema,
  roles: z.array(roleGrantView),
  /** Where the person lives: a village or community, their grid and household. */
  residence: z
    .object({
      unitId: idSchema,
      unitName: z.string(),
      gridId: idSchema.nullable(),
      gridName: z.string().nullable(),
      householdId: idSchema.nullable(),
      householdConfirmed: z.boolean(),
    })
    .nullable(),
  resettled: z.boolean(),
  phoneMasked: z.string().nullable(),
  /** A party member's service record: wishes they fulfilled that the wisher confirmed. */
  serviceRecord: z.object({ completedWishes: z.number().int() }).nullable(),
});
export type UserView = z.infer<typeof userView>;

export const orgUnitView = z.object({
  id: idSchema,
  name: z.string(),
  kind: orgKindSchema,
  parentId: idSchema.nullable(),
  resettlement: z.boolean(),
});
export type OrgUnitView = z.infer<typeof orgUnitView>;

export const pendingResidentView = z.object({
  userId: idSchema,
  name: z.string(),
  unitName: z.string(),
  householdId: idSchema.nullable(),
  householdName: z.string().nullable(),
  householdConfirmed: z.boolean(),
  registeredAt: z.string(),
});

export const personaCard = z.object({ persona: personaSchema, name: z.string(), unitName: z.string() });

export const authContract = defineContract('auth', {
  /** Local runtime only: sign in as a seeded persona or as any WeChat openid. */
  devLogin: {
    input: z.union([
      z.object({ persona: personaSchema }).strict(),
      z.object({ openid: z.string().min(3).max(64).regex(/^[A-Za-z0-9_-]+$/) }).strict(),
    ]),
    output: z.object({ token: z.string(), user: userView.nullable() }),
  },
  /** Local runtime only: the seeded personas, for the sign-in picker. */
  personas: {
    input: emptyInput,
    output: z.object({ items: z.array(personaCard) }),
  },
  me: {
    input: emptyInput,
    output: z.object({ user: userView.nullable() }),
  },
  register: {
    input: z
      .object({
        name: text(2, 20),
        orgUnitId: idSchema,
        householdId: idSchema.optional(),
      })
      .strict(),
    output: z.object({ user: userView }),
  },
  orgUnits: {
    input: z.object({ parentId: idSchema.optional() }).strict(),
    output: z.object({ items: z.array(orgUnitView) }),
  },
  /** A village cadre's queue of newly registered residents whose household is not yet confirmed. */
  pendingResidents: {
    input: emptyInput,
    output: z.object({ items: z.array(pendingResidentView) }),
  },
  confirmResident: {
    input: z
      .object({ userId: idSchema, decision: z.enum(['confirm', 'reject']), householdId: idSchema.optional() })
      .strict(),
    output: z.object({ user: pendingResidentView }),
  },
});
