import { z } from 'zod';
import { REFUSALS, defineContract } from './envelope';
import { codeSchema, emptyInput, idSchema, orgKindSchema, personaSchema, text } from './common';

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
      /** village or community: decides whether the page says 村 or 社区. */
      unitKind: orgKindSchema.optional(),
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
  unitId: idSchema,
  unitName: z.string(),
  householdId: idSchema.nullable(),
  householdName: z.string().nullable(),
  householdConfirmed: z.boolean(),
  registeredAt: z.string(),
});

export const householdChoice = z.object({
  id: idSchema,
  headName: z.string(),
  address: z.string(),
  gridId: idSchema,
  gridName: z.string(),
});
export type HouseholdChoice = z.infer<typeof householdChoice>;

/** A new household for a resident the register does not have yet: the resident is its head. */
export const newHouseholdInput = z
  .object({
    gridId: idSchema,
    address: z.string().trim().min(2, '请写门牌或住址，至少 2 个字').max(40, '门牌或住址最多 40 个字'),
  })
  .strict();

export const personaCard = z.object({ persona: personaSchema, name: z.string(), unitName: z.string() });

/** Everything the product holds about the caller (用户隐私保护指引: the right to see and copy one's data). */
export const myDataExport = z.object({
  exportedAt: z.string(),
  user: z.object({
    id: idSchema,
    openid: z.string(),
    name: z.string(),
    persona: personaSchema,
    roles: z.array(z.object({ role: roleSchema, unitId: idSchema })),
    residence: z
      .object({ unitId: idSchema, gridId: idSchema.nullable(), householdId: idSchema.nullable(), householdConfirmed: z.boolean() })
      .nullable(),
    resettled: z.boolean(),
    birthYear: z.number().int().nullable(),
    phoneMasked: z.string().nullable(),
    createdAt: z.string(),
  }),
  wishes: z.array(
    z.object({
      id: idSchema,
      relation: z.enum(['wisher', 'claimant']),
      title: z.string(),
      /** The wish text is the wisher's; a claimant's copy leaves it out. */
      content: z.string().nullable(),
      status: z.string(),
      fulfilNote: z.string().nullable(),
      thanks: z.string().nullable(),
      reason: z.string().nullable(),
      createdAt: z.string(),
      updatedAt: z.string(),
    }),
  ),
  notifications: z.array(
    z.object({ id: idSchema, kind: z.string(), title: z.string(), body: z.string(), createdAt: z.string(), readAt: z.string().nullable(), delivery: z.string() }),
  ),
  subscriptions: z.array(
    z.object({ templateKey: z.string(), remaining: z.number().int(), longTerm: z.boolean(), lastResult: z.string(), updatedAt: z.string() }),
  ),
  /** Audit entries about the person (target) and by the person (actor, without other people's data). */
  auditEntries: z.array(
    z.object({
      at: z.string(),
      action: z.string(),
      actorName: z.string(),
      relation: z.enum(['subject', 'actor']),
      target: z.object({ collection: z.string(), id: z.string() }),
    }),
  ),
  /** 警民之家: the person's bookings, no-shows, group-session places, walk-in tickets and home visits. */
  policeHome: z.object({
    bookings: z.array(
      z.object({
        id: idSchema,
        serviceName: z.string(),
        homeId: idSchema,
        startAt: z.string(),
        endAt: z.string(),
        status: z.string(),
        note: z.string().nullable(),
        phoneMasked: z.string().nullable(),
        rescheduledFrom: z.string().nullable(),
        rescheduledTo: z.string().nullable(),
        createdAt: z.string(),
        updatedAt: z.string(),
      }),
    ),
    /** When the person missed a booking without cancelling. */
    noShowAt: z.array(z.string()),
    signups: z.array(
      z.object({
        id: idSchema,
        sessionId: idSchema,
        sessionTitle: z.string().nullable(),
        place: z.string().nullable(),
        startAt: z.string(),
        status: z.string(),
        /** Current place on the waitlist (1-based) while waitlisted. */
        waitlistPlace: z.number().int().nullable(),
        promotedAt: z.string().nullable(),
        createdAt: z.string(),
        updatedAt: z.string(),
      }),
    ),
    tickets: z.array(
      z.object({ homeId: idSchema, date: z.string(), number: z.number().int(), status: z.string(), takenAt: z.string(), calledAt: z.string().nullable() }),
    ),
    /** Visits for the person (subject) or asked for by them (requester: someone else's address and phone left out). */
    homeVisits: z.array(
      z.object({
        id: idSchema,
        relation: z.enum(['subject', 'requester']),
        subjectName: z.string(),
        subjectAddress: z.string().nullable(),
        phoneMasked: z.string().nullable(),
        requesterName: z.string(),
        reason: z.string(),
        preferred: z.array(z.object({ date: z.string(), half: z.string() })),
        status: z.string(),
        scheduled: z.object({ date: z.string(), half: z.string() }).nullable(),
        officerName: z.string().nullable(),
        declineReason: z.string().nullable(),
        outcome: z.string().nullable(),
        createdAt: z.string(),
        updatedAt: z.string(),
      }),
    ),
  }),
  /** Dispute cases the person reported; every party's phone only masked. */
  cases: z.array(
    z.object({
      id: idSchema,
      relation: z.literal('reporter'),
      typeLabel: z.string(),
      unitName: z.string(),
      gridName: z.string(),
      description: z.string(),
      amountFen: z.number().int(),
      status: z.string(),
      level: z.string(),
      parties: z.array(z.object({ name: z.string(), phoneMasked: z.string().nullable() })),
      onBehalfOf: z.string().nullable(),
      place: z.string().nullable(),
      sessions: z.array(z.object({ date: z.string(), mediatorName: z.string(), participants: z.array(z.string()), summary: z.string() })),
      outcomes: z.array(z.object({ at: z.string(), outcome: z.string(), agreement: z.string().nullable(), reason: z.string().nullable() })),
      followUps: z.array(z.object({ at: z.string(), held: z.boolean(), satisfaction: z.string(), note: z.string().nullable() })),
      createdAt: z.string(),
      updatedAt: z.string(),
    }),
  ),
  /** 小微权力: matters the person applied for (with their rating) and complaints they filed. */
  powers: z.object({
    matters: z.array(
      z.object({
        id: idSchema,
        itemTitle: z.string(),
        title: z.string(),
        status: z.string(),
        timeline: z.array(z.object({ at: z.string(), action: z.string(), actorName: z.string(), note: z.string().nullable() })),
        rating: z.object({ stars: z.number().int(), comment: z.string().nullable(), at: z.string() }).nullable(),
        createdAt: z.string(),
        updatedAt: z.string(),
        closedAt: z.string().nullable(),
      }),
    ),
    complaints: z.array(
      z.object({
        id: idSchema,
        matterId: idSchema,
        matterTitle: z.string(),
        text: z.string(),
        status: z.string(),
        reply: z.string().nullable(),
        handledByName: z.string().nullable(),
        handledAt: z.string().nullable(),
        createdAt: z.string(),
      }),
    ),
  }),
  /**
   * 议事协商: topics the person raised, their supports, follows, ballots (a secret ballot's choice is
   * kept by nobody, so it reads null), ratings, covenant acknowledgements, nominations of them, their
   * objections, and the honours they hold.
   */
  councils: z.object({
    topics: z.array(z.object({ id: idSchema, title: z.string(), content: z.string(), status: z.string(), createdAt: z.string() })),
    supports: z.array(z.object({ topicId: idSchema, householdId: idSchema, at: z.string() })),
    follows: z.array(z.object({ topicId: idSchema, at: z.string() })),
    ballots: z.array(z.object({ voteId: idSchema, choice: z.string().nullable(), at: z.string() })),
    ratings: z.array(z.object({ decisionId: idSchema, stars: z.number().int(), at: z.string() })),
    acknowledgements: z.array(z.object({ covenantId: idSchema, at: z.string() })),
    nominations: z.array(z.object({ honourId: idSchema, reason: z.string(), nominatedByName: z.string(), status: z.string(), createdAt: z.string() })),
    objections: z.array(z.object({ nominationId: idSchema, reason: z.string(), status: z.string(), answer: z.string().nullable(), at: z.string() })),
    honours: z.array(z.object({ title: z.string(), year: z.number().int(), villageName: z.string(), votes: z.number().int() })),
  }),
  /** 三污治理: the person's 随手拍 (each with its work order's state), their photos, and their household's toilet and sorting record. */
  sanitation: z.object({
    reports: z.array(
      z.object({ id: idSchema, orderId: idSchema.nullable(), category: z.string(), note: z.string().nullable(), merged: z.boolean(), orderStatus: z.string().nullable(), createdAt: z.string() }),
    ),
    photos: z.array(z.object({ id: idSchema, purpose: z.string(), status: z.string(), width: z.number().int(), height: z.number().int(), createdAt: z.string() })),
    household: z
      .object({
        householdId: idSchema,
        toilet: z.object({ mode: z.string(), work: z.string(), doneOn: z.string(), acceptance: z.string(), satisfaction: z.string().nullable() }).nullable(),
        bins: z.object({ count: z.number().int(), givenOn: z.string() }).nullable(),
        checks: z.array(z.object({ month: z.string(), result: z.string(), points: z.number().int() })),
      })
      .nullable(),
  }),
  /** The points of the person's confirmed household (published months only); null without one. */
  points: z
    .object({
      householdId: idSchema,
      ratings: z.array(
        z.object({
          month: z.string(),
          total: z.number().int(),
          scores: z.array(z.object({ code: z.string(), score: z.number().int(), reason: z.string().nullable() })),
          changes: z.array(z.object({ at: z.string(), code: z.string(), from: z.number().int(), to: z.number().int(), reason: z.string() })),
        }),
      ),
      ledger: z.array(
        z.object({ id: idSchema, kind: z.string(), month: z.string(), delta: z.number().int(), code: z.string().nullable(), reason: z.string().nullable(), approverName: z.string(), at: z.string() }),
      ),
      objections: z.array(
        z.object({
          id: idSchema,
          month: z.string(),
          code: z.string().nullable(),
          reason: z.string(),
          raisedByName: z.string(),
          raisedAt: z.string(),
          status: z.string(),
          decisionReason: z.string().nullable(),
          decidedAt: z.string().nullable(),
        }),
      ),
      dividends: z.array(
        z.object({ year: z.number().int(), villageName: z.string(), points: z.number().int(), months: z.number().int(), tier: z.string(), amountFen: z.number().int(), at: z.string() }),
      ),
    })
    .nullable(),
  /** 党建+志愿者: the volunteer record, sign-ups, the hours ledger, visits made and venue bookings. */
  volunteering: z.object({
    volunteer: z.object({ unitName: z.string(), skills: z.array(z.string()), availability: z.array(z.string()), status: z.string(), certCode: z.string(), joinedAt: z.string() }).nullable(),
    signups: z.array(z.object({ id: idSchema, title: z.string(), startAt: z.string(), status: z.string(), checkInAt: z.string().nullable(), checkOutAt: z.string().nullable(), creditedMinutes: z.number().int().nullable() })),
    hours: z.array(z.object({ id: idSchema, title: z.string(), date: z.string(), minutes: z.number().int(), kind: z.string(), reason: z.string().nullable(), byName: z.string(), at: z.string() })),
    visits: z.array(z.object({ id: idSchema, subjectName: z.string(), visitedOn: z.string(), findings: z.string(), wishId: z.string().nullable(), caseId: z.string().nullable() })),
    venueBookings: z.array(z.object({ id: idSchema, venueName: z.string(), startAt: z.string(), hours: z.number().int(), purpose: z.string(), status: z.string() })),
  }),
  /**
   * 网格关爱 and 风险预警: what the grid's care register holds about the person (entries linked to
   * their account, the grid leader's note included, phones masked), and, as a grid leader, the alerts
   * they acknowledged for their grid.
   */
  care: z.object({
    register: z.array(
      z.object({
        id: idSchema,
        name: z.string(),
        kinds: z.array(z.string()),
        address: z.string(),
        phoneMasked: z.string().nullable(),
        contactName: z.string().nullable(),
        contactPhoneMasked: z.string().nullable(),
        note: z.string(),
        active: z.boolean(),
        createdAt: z.string(),
        updatedAt: z.string(),
      }),
    ),
    alertAcks: z.array(
      z.object({
        alertId: idSchema,
        alertTitle: z.string().nullable(),
        gridId: idSchema,
        at: z.string(),
        householdsReached: z.number().int(),
        careReached: z.number().int(),
        note: z.string(),
      }),
    ),
  }),
});
export type MyDataExport = z.infer<typeof myDataExport>;

/**
 * The export is read in parts, each one call within a resident's request budget (≤ 6 database
 * requests: the caller's record and at most five reads, issue 13), and the page assembles them
 * (`assembleMyData`). The whole copy is the parts together; none is left out.
 */
export const MY_DATA_PARTS = ['account', 'wishes', 'notifications', 'policeBookings', 'policeVisits', 'cases', 'powers', 'points', 'councilTopics', 'councilHonours', 'sanitation', 'volunteering', 'care'] as const;
export type MyDataPartName = (typeof MY_DATA_PARTS)[number];

const policeHomeExport = myDataExport.shape.policeHome;
export const myDataPart = z.discriminatedUnion('part', [
  myDataExport.pick({ exportedAt: true, user: true, subscriptions: true, auditEntries: true }).extend({ part: z.literal('account') }),
  myDataExport.pick({ wishes: true }).extend({ part: z.literal('wishes') }),
  myDataExport.pick({ notifications: true }).extend({ part: z.literal('notifications') }),
  z.object({ part: z.literal('policeBookings'), policeHome: policeHomeExport.pick({ bookings: true, noShowAt: true, signups: true }) }),
  z.object({ part: z.literal('policeVisits'), policeHome: policeHomeExport.pick({ tickets: true, homeVisits: true }) }),
  myDataExport.pick({ cases: true }).extend({ part: z.literal('cases') }),
  myDataExport.pick({ powers: true }).extend({ part: z.literal('powers') }),
  myDataExport.pick({ points: true }).extend({ part: z.literal('points') }),
  z.object({ part: z.literal('councilTopics'), councils: myDataExport.shape.councils.pick({ topics: true, supports: true, follows: true, ballots: true, ratings: true }) }),
  myDataExport.pick({ sanitation: true }).extend({ part: z.literal('sanitation') }),
  myDataExport.pick({ volunteering: true }).extend({ part: z.literal('volunteering') }),
  myDataExport.pick({ care: true }).extend({ part: z.literal('care') }),
  z.object({ part: z.literal('councilHonours'), councils: myDataExport.shape.councils.pick({ acknowledgements: true, nominations: true, objections: true, honours: true }) }),
]);
export type MyDataPart = z.infer<typeof myDataPart>;

/** The whole copy from its parts (one of each, any order); throws when one is missing. */
export function assembleMyData(parts: readonly MyDataPart[]): MyDataExport {
  const by = new Map(parts.map((p) => [p.part, p]));
  const get = <K extends MyDataPartName>(name: K): Extract<MyDataPart, { part: K }> => {
    const p = by.get(name);
    if (!p) throw new Error(`the export part ${name} is missing`);
    return p as Extract<MyDataPart, { part: K }>;
  };
  const account = get('account');
  return {
    exportedAt: account.exportedAt,
    user: account.user,
    wishes: get('wishes').wishes,
    notifications: get('notifications').notifications,
    subscriptions: account.subscriptions,
    auditEntries: account.auditEntries,
    policeHome: { ...get('policeBookings').policeHome, ...get('policeVisits').policeHome },
    cases: get('cases').cases,
    powers: get('powers').powers,
    points: get('points').points,
    councils: { ...get('councilTopics').councils, ...get('councilHonours').councils },
    sanitation: get('sanitation').sanitation,
    volunteering: get('volunteering').volunteering,
    care: get('care').care,
  };
}

/** 待办 counts by kind; the home page's tiles table names which count a tile shows. */
export const todoCounts = z.object({
  /** wishes waiting for this village cadre's review */
  wishesToReview: z.number().int().nullable(),
  /** open dispute cases at the caller's level (village / town / county) or committee */
  casesAtMyLevel: z.number().int().nullable(),
  /** petty-power matters whose current step is the caller's role in their unit */
  mattersAtMyStep: z.number().int().nullable(),
  /** bookings today at the caller's 警民之家 */
  bookingsToday: z.number().int().nullable(),
  /** households of the caller's villages not yet completely rated this month */
  householdsUnrated: z.number().int().nullable(),
  /** newly registered residents waiting for household confirmation */
  residentsToConfirm: z.number().int().nullable(),
});
export type TodoCounts = z.infer<typeof todoCounts>;
export type TodoKind = keyof TodoCounts;

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
  /**
   * The caller's 待办 for the home page, counted on the server inside the caller's jurisdiction:
   * null where the caller holds no role that has such work (the tile is not shown).
   */
  todo: {
    input: emptyInput,
    output: todoCounts,
  },
  register: {
    input: z
      .object({
        name: text(2, 20),
        orgUnitId: idSchema,
        householdId: idSchema.optional(),
        /** An invitation (admin.invite): the role it names is the person's from registration on. */
        invitationCode: codeSchema.optional(),
      })
      .strict(),
    output: z.object({ user: userView }),
    errors: ['CONFLICT', 'NOT_FOUND', 'RATE_LIMITED'],
  },
  orgUnits: {
    input: z.object({ parentId: idSchema.optional() }).strict(),
    output: z.object({ items: z.array(orgUnitView) }),
  },
  /** A village cadre's queue of newly registered residents whose household is not yet confirmed. */
  pendingResidents: {
    input: emptyInput,
    output: z.object({ items: z.array(pendingResidentView) }),
    errors: ['FORBIDDEN'],
  },
  /** The village's households a cadre can place a resident in (by 户主 name, at most 30) and its grids. */
  villageHouseholds: {
    input: z.object({ unitId: idSchema, headName: z.string().trim().max(20).optional() }).strict(),
    output: z.object({ items: z.array(householdChoice), more: z.boolean(), grids: z.array(z.object({ id: idSchema, name: z.string() })) }),
    errors: ['FORBIDDEN', 'NOT_FOUND'],
  },
  confirmResident: {
    input: z
      .object({
        userId: idSchema,
        decision: z.enum(['confirm', 'reject']),
        householdId: idSchema.optional(),
        /** A county just stood up has no household register: the cadre opens the resident's own household. */
        newHousehold: newHouseholdInput.optional(),
      })
      .strict()
      .refine((v) => !(v.householdId && v.newHousehold), { message: '选一户，或新建一户，不能两样都选', path: ['newHousehold'] }),
    output: z.object({ user: pendingResidentView }),
    errors: REFUSALS,
  },
  /** One part of 导出我的数据 (see MY_DATA_PARTS); the page reads every part and assembles them. */
  exportMyData: { input: z.object({ part: z.enum(MY_DATA_PARTS) }).strict(), output: myDataPart },
  /** 注销账号: the person's tap sends the confirm word; identity comes from the platform as always. */
  closeAccount: {
    input: z.object({ confirm: z.literal('注销') }).strict(),
    output: z.object({ closed: z.literal(true) }),
    errors: ['CONFLICT', 'FORBIDDEN'],
  },
});
