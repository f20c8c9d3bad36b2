import { COLLECTIONS } from '../../cloudfunctions/_lib/collections';
import type { UserRecord } from '../../shared/domain/records';
import { SqlCounts, j } from '../support/county-checks';
import { dispatchNow } from '../support/dispatch';
import { budgetRound } from '../support/budget';
import { ok, startTestRuntime, type TestRuntime } from '../support/runtime';

/**
 * Registering, 双报到 and subscribe grants within budget (issue 13): registering is one add of the person's
 * record carrying the cadres' notice (with a code: the code claimed and the record added in one
 * transaction, carrying the use's audit entry and notices); applying is one write to the registration,
 * deciding one write (a confirmation: with the member's roles, in one transaction), each carrying its
 * notices and audit entry (`_lib/effects.ts`); the grants are read in one query and each written once.
 * What the notifications `dispatch` timer writes out is checked with plain SQL over the SQLite file.
 */
const V = 'v-fengfang';
/** Where the grids moveGrid moves go. */
const MOVED_TO = 'v-xijie';

let t: TestRuntime;
let sql: SqlCounts;
const tokens: Record<string, string> = {};
let partyOrgId = '';

beforeAll(async () => {
  t = await startTestRuntime();
  sql = new SqlCounts(t.runtime.engine);
  for (const p of ['resident', 'village-cadre', 'county-admin'] as const) tokens[p] = await t.login(p);
  partyOrgId = ok(await t.call('admin', 'registerPartyOrg', { name: '县预算局党支部', secretaryId: 'supervisor' }, tokens['county-admin'])).partyOrg.id;
});
afterAll(() => t.close());

const notices = (kind: string, recipientId: string, aboutId: string) =>
  sql.one('notifications', 'count(*)', `WHERE ${j('kind')} = ? AND ${j('recipientId')} = ? AND ${j('aboutId')} = ?`, kind, recipientId, aboutId);
const userIdOf = (openid: string) => sql.all<{ id: string }>(COLLECTIONS.users.name, '_id AS id', `WHERE ${j('openid')} = ?`, openid)[0]!.id;
const flagged = () =>
  [COLLECTIONS.users.name, COLLECTIONS.partyRegistrations.name].reduce((n, c) => n + sql.one(c, 'count(*)', `WHERE ${j('effectsPending')} = 1 OR json_array_length(coalesce(${j('effects')}, '[]')) > 0`), 0);

describe('registering, 双报到 and grants: requests within budget, the same at two sizes', () => {
  /** Grows what these actions could be tempted to read per item: the village's cadres (told of each new resident and each application), its households and the party organisation's registrations. */
  async function grow(n: number): Promise<void> {
    const db = t.runtime.db;
    const cadre = ((await db.collection('users').doc('village-cadre').get()).data as UserRecord[])[0]!;
    await db.collection('users').add(Array.from({ length: n }, (_, i) => ({ ...cadre, _id: `vc-grow-${n}-${i}`, openid: `wx-vc-grow-${n}-${i}`, demo: false })));
    const household = ((await db.collection('households').where({ unitId: V }).limit(1).get()).data as object[])[0]!;
    await db.collection('households').add(Array.from({ length: 5 * n }, (_, i) => ({ ...household, _id: `h-grow-${n}-${i}`, headName: `户主${i}` })));
    const base = { memberName: '成员', partyOrgId, partyOrgName: '县预算局党支部', unitId: V, unitName: '冯坊村', path: ['qianyang', 't-chengguan', V], status: 'confirmed', appliedAt: '2026-01-01T00:00:00.000Z', decidedAt: null, decidedById: null };
    await db.collection('partyRegistrations').add(Array.from({ length: 5 * n }, (_, i) => ({ ...base, _id: `pr-grow-${n}-${i}`, memberId: `pm-grow-${n}-${i}` })));
  }

  /** Each action once, measured through the gateway: the requests it sent, and any query no index served. */
  async function actions(size: number): Promise<{ counts: Record<string, number>; newcomers: string[]; members: string[]; cadres: number }> {
    const db = t.runtime.db;
    const cadres = sql.one(COLLECTIONS.users.name, 'count(*)', `WHERE EXISTS (SELECT 1 FROM json_each(${j('roleKeys')}) WHERE value = ?)`, `village-cadre@${V}`);
    const invitation = ok(await t.call('admin', 'invite', { role: 'mediator', unitId: V, inviteeName: '王调解' }, tokens['county-admin'])).invitation as { code: string };
    const openids = ['plain', 'household', 'invited'].map((k) => `wx-budget-${k}-${size}`);
    const [plain, withHousehold, invited] = await Promise.all(openids.map((o) => t.loginOpenid(o)));
    // Two residents of the village who are party members, for 双报到 (one confirmed, one declined).
    const members = [`pm-budget-${size}-a`, `pm-budget-${size}-b`];
    const resident = ((await db.collection('users').doc('resident').get()).data as UserRecord[])[0]!;
    await db.collection('users').add(members.map((id) => ({ ...resident, _id: id, openid: `wx-${id}`, name: `党员${id.slice(-1)}`, demo: false, roles: [], roleKeys: [] })));
    const memberTokens = await Promise.all(members.map((id) => t.loginOpenid(`wx-${id}`)));
    // The local sign-in store re-reads a token once after any other sign-in (local/sessions.ts): each
    // token is used once first, so the counts are the actions' own.
    for (const token of [plain, withHousehold, invited, tokens.resident, tokens['village-cadre'], ...memberTokens]) await t.call('auth', 'me', {}, token);
    const counts = await budgetRound(t.runtime.engine, size, async ({ measure }) => {
      await measure('register', 'resident', () => t.call('auth', 'register', { name: '新居民', orgUnitId: V }, plain));
      await measure('register with a household', 'resident', () => t.call('auth', 'register', { name: '新住户', orgUnitId: V, householdId: 'h-fengfang-1-02' }, withHousehold));
      const [plainId, householdId] = [openids[0]!, openids[1]!].map(userIdOf);
      await measure('confirmResident into the household picked', 'cadre', () => t.call('auth', 'confirmResident', { userId: householdId, decision: 'confirm' }, tokens['village-cadre']));
      await measure('confirmResident with a new household', 'cadre', () =>
        t.call('auth', 'confirmResident', { userId: plainId, decision: 'confirm', newHousehold: { gridId: 'g-fengfang-1', address: `${size}号` } }, tokens['village-cadre']),
      );
      await measure('register with an invitation', 'cadre', () => t.call('auth', 'register', { name: '王调解', orgUnitId: V, invitationCode: invitation.code }, invited));
      const a = (await measure('applyPartyRegistration', 'resident', () => t.call('admin', 'applyPartyRegistration', { partyOrgId }, memberTokens[0]))).registration!;
      const b = (await measure('applyPartyRegistration (second)', 'resident', () => t.call('admin', 'applyPartyRegistration', { partyOrgId }, memberTokens[1]))).registration!;
      expect((await measure('decidePartyRegistration confirm', 'cadre', () => t.call('admin', 'decidePartyRegistration', { registrationId: a.id, decision: 'confirm' }, tokens['village-cadre']))).registration!.status).toBe('confirmed');
      expect((await measure('decidePartyRegistration decline', 'cadre', () => t.call('admin', 'decidePartyRegistration', { registrationId: b.id, decision: 'decline' }, tokens['village-cadre']))).registration!.status).toBe('declined');
      expect((await measure('applyPartyRegistration after a decline', 'resident', () => t.call('admin', 'applyPartyRegistration', { partyOrgId }, memberTokens[1]))).registration!.status).toBe('pending');
      // A party member of the village holding `size` claimed wishes is removed, handing them to another.
      const [leaving, successor] = [`pm-leaving-${size}`, `pm-successor-${size}`];
      const partyMember = { roles: [{ role: 'party-member', unitId: V }], roleKeys: [`party-member@${V}`] };
      await db.collection('users').add([leaving, successor].map((id) => ({ ...resident, ...partyMember, _id: id, openid: `wx-${id}`, name: `党员${id}`, demo: false })));
      const wish = ((await db.collection('wishes').where({ villageId: V }).limit(1).get()).data as object[])[0]!;
      await db.collection('wishes').add(Array.from({ length: size }, (_, i) => ({ ...wish, _id: `w-held-${size}-${i}`, status: 'claimed', claimantId: leaving, claimantName: `党员${leaving}`, effects: [], effectsPending: false })));
      await t.call('auth', 'me', {}, tokens['county-admin']);
      const removed = (await measure('removeRole with a hand-over', 'cadre', () =>
        t.call('admin', 'removeRole', { userId: leaving, role: 'party-member', unitId: V, successorId: successor }, tokens['county-admin']),
      )) as unknown as { handedOver: unknown[] };
      expect(removed.handedOver).toHaveLength(size);
      // A grid of the village with 5×size households and size residents moves to another village.
      const gridId = `g-move-${size}`;
      const village = ((await db.collection('orgUnits').doc(V).get()).data as { path: string[] }[])[0]!;
      const gridPath = [...village.path, gridId];
      await db.collection('orgUnits').add({ _id: gridId, kind: 'grid', name: `搬迁网格${size}`, parentId: V, path: gridPath, partyGroupMemberIds: [] });
      const h = ((await db.collection('households').where({ unitId: V }).limit(1).get()).data as object[])[0]!;
      await db.collection('households').add(Array.from({ length: 5 * size }, (_, i) => ({ ...h, _id: `h-move-${size}-${i}`, unitId: V, gridId, path: gridPath })));
      await db.collection('users').add(Array.from({ length: size }, (_, i) => ({ ...resident, _id: `u-move-${size}-${i}`, openid: `wx-u-move-${size}-${i}`, demo: false, residence: { ...resident.residence!, unitId: V, gridId, householdId: `h-move-${size}-${i}`, path: gridPath } })));
      const moved = (await measure('moveGrid', 'cadre', () => t.call('admin', 'moveGrid', { gridId, villageId: MOVED_TO }, tokens['county-admin']))) as unknown as { movedHouseholds: number; movedResidents: number };
      expect(moved).toMatchObject({ movedHouseholds: 5 * size, movedResidents: size });
      await measure('reportGrants (one template)', 'resident', () => t.call('notifications', 'reportGrants', { results: [{ templateKey: 'result', result: 'accept' }] }, tokens.resident));
      const three = ['result', 'progress', 'todo'].map((templateKey) => ({ templateKey, result: 'accept' }));
      await measure('reportGrants (three templates)', 'resident', () => t.call('notifications', 'reportGrants', { results: three, requestId: `grants-${size}-0001` }, tokens.resident));
    });
    return { counts, newcomers: openids.map(userIdOf), members, cadres };
  }

  it('costs each action the same few requests with 10 or 300 cadres and ×5 households and registrations, every query on an index, and owes what it did', async () => {
    await dispatchNow();
    await grow(10);
    const small = await actions(10);
    await grow(300);
    const large = await actions(300);
    expect(large.counts).toEqual(small.counts);
    // The caller (1) is in every count. register: one aggregate (the unit, its grids, the household, its
    // cadres) and the add; with a code: + the code's checks (the two wrong-code counters, the code, its unit)
    // and the transaction (its start, the code, its claim, the add, the commit); apply: the aggregate (the
    // unit, the party organisation, the registration so far, the cadres), the write, the member's service
    // record; confirm: the aggregate (the registration, its community, organisation and member), the
    // transaction (start, the registration, its update, the member, the member's roles, commit), the
    // service record; decline: the conditional update in its place; grants: the configuration, the
    // grants, a write per template; confirmResident: one aggregate (the resident, the village, the
    // households, the grid) and the conditional update (a new household: the transaction — start, the
    // resident, the household, its add, the update, commit); removeRole: the unit, the person, the role's
    // other holders, the successor, the person's claimed wishes, one update moving them all, the
    // transaction (start, the person, their roles with the carried effects, the registration, commit);
    // moveGrid: one aggregate (the grid, the village it goes to, its households and residents counted),
    // the same-name check, the transaction (start, the grid, its update, the audit entry, commit), one
    // update of all its households and one of all its residents.
    expect(small.counts).toEqual({
      'register as resident': 3,
      'register with a household as resident': 3,
      'confirmResident into the household picked as cadre': 3,
      'confirmResident with a new household as cadre': 8,
      'register with an invitation as cadre': 11,
      'applyPartyRegistration as resident': 4,
      'applyPartyRegistration (second) as resident': 4,
      'decidePartyRegistration confirm as cadre': 9,
      'decidePartyRegistration decline as cadre': 4,
      'applyPartyRegistration after a decline as resident': 4,
      'removeRole with a hand-over as cadre': 12,
      'moveGrid as cadre': 10,
      'reportGrants (one template) as resident': 4,
      'reportGrants (three templates) as resident': 6,
    });

    expect(notices('resident.registered', 'village-cadre', large.newcomers[0]!)).toBe(0);
    await dispatchNow();
    expect(flagged()).toBe(0);
    for (const round of [small, large]) {
      // Every cadre the village had then is told of each new resident, once.
      const { cadres } = round;
      for (const id of round.newcomers) {
        expect(sql.one('notifications', 'count(*)', `WHERE ${j('kind')} = 'resident.registered' AND ${j('aboutId')} = ?`, id)).toBe(cadres);
      }
      // Both confirmed, each told once and audited once; the new household opened once, with the resident as its head.
      for (const id of round.newcomers.slice(0, 2)) {
        expect(sql.one(COLLECTIONS.users.name, j('residence.householdConfirmed'), 'WHERE _id = ?', id)).toBe(1);
        expect(sql.one('notifications', 'count(*)', `WHERE ${j('kind')} = 'resident.confirmed' AND ${j('recipientId')} = ?`, id)).toBe(1);
        expect(sql.one('auditLog', 'count(*)', `WHERE ${j('action')} = 'auth.confirmResident.confirm' AND ${j('target.id')} = ?`, id)).toBe(1);
      }
      expect(sql.one('households', j('headName'), 'WHERE _id = ?', `hh-${round.newcomers[0]}`)).toBe('新居民');
      expect(sql.one(COLLECTIONS.users.name, j('residence.householdId'), 'WHERE _id = ?', round.newcomers[1])).toBe('h-fengfang-1-02');
      const invited = round.newcomers[2]!;
      expect(sql.one(COLLECTIONS.users.name, j('roleKeys'), 'WHERE _id = ?', invited)).toBe(JSON.stringify([`mediator@${V}`]));
      expect(sql.one('auditLog', 'count(*)', `WHERE ${j('action')} = 'admin.useInvitation' AND ${j('target.id')} = ?`, invited)).toBe(1);
      expect(sql.one('notifications', 'count(*)', `WHERE ${j('title')} = '您发出的邀请码已被使用' AND ${j('aboutId')} = ?`, invited)).toBe(1);
      const [confirmed, declined] = round.members;
      // Applications: each told to every cadre (the second member applied twice).
      expect(sql.one('notifications', 'count(*)', `WHERE ${j('kind')} = 'party.applied' AND ${j('aboutId')} = ?`, confirmed)).toBe(cadres);
      expect(sql.one('notifications', 'count(*)', `WHERE ${j('kind')} = 'party.applied' AND ${j('aboutId')} = ?`, declined)).toBe(2 * cadres);
      expect(sql.one(COLLECTIONS.users.name, j('roleKeys'), 'WHERE _id = ?', confirmed)).toBe(JSON.stringify([`party-member@${V}`]));
      expect(sql.one('notifications', 'count(*)', `WHERE ${j('kind')} = 'party.confirmed' AND ${j('recipientId')} = ?`, confirmed)).toBe(1);
      expect(notices('party.confirmed', 'supervisor', confirmed!)).toBe(1);
      expect(sql.one('notifications', 'count(*)', `WHERE ${j('kind')} = 'party.declined' AND ${j('recipientId')} = ?`, declined)).toBe(1);
      expect(sql.one('auditLog', 'count(*)', `WHERE ${j('action')} = 'admin.partyRegistration.confirm' AND ${j('target.id')} = ?`, `pr-${confirmed}`)).toBe(1);
      expect(sql.one('auditLog', 'count(*)', `WHERE ${j('action')} = 'admin.partyRegistration.decline' AND ${j('target.id')} = ?`, `pr-${declined}`)).toBe(1);
      expect(sql.one(COLLECTIONS.partyRegistrations.name, j('status'), 'WHERE _id = ?', `pr-${declined}`)).toBe('pending');
    }
    for (const size of [10, 300]) {
      // Every wish moved, once; the person's role gone; the removal audited once and both told once.
      expect(sql.one('wishes', 'count(*)', `WHERE ${j('claimantId')} = ? AND ${j('status')} = 'claimed'`, `pm-successor-${size}`)).toBe(size);
      expect(sql.one('wishes', 'count(*)', `WHERE ${j('claimantId')} = ?`, `pm-leaving-${size}`)).toBe(0);
      expect(sql.one(COLLECTIONS.users.name, j('roleKeys'), 'WHERE _id = ?', `pm-leaving-${size}`)).toBe('[]');
      expect(sql.one('auditLog', 'count(*)', `WHERE ${j('action')} = 'admin.removeRole' AND ${j('target.id')} = ?`, `pm-leaving-${size}`)).toBe(1);
      expect(sql.one('notifications', 'count(*)', `WHERE ${j('kind')} = 'admin.removed' AND ${j('recipientId')} = ?`, `pm-leaving-${size}`)).toBe(1);
      expect(sql.one('notifications', 'count(*)', `WHERE ${j('kind')} = 'admin.handedOver' AND ${j('recipientId')} = ?`, `pm-successor-${size}`)).toBe(1);
    }
    for (const size of [10, 300]) {
      // The grid, its households and its residents are the other village's now.
      const gridId = `g-move-${size}`;
      expect(sql.one('orgUnits', j('parentId'), 'WHERE _id = ?', gridId)).toBe(MOVED_TO);
      const inGrid = `EXISTS (SELECT 1 FROM json_each(${j('path')}) WHERE value = ?)`;
      expect(sql.one('households', 'count(*)', `WHERE ${inGrid} AND ${j('unitId')} = ?`, gridId, MOVED_TO)).toBe(5 * size);
      expect(sql.one('households', 'count(*)', `WHERE ${inGrid} AND ${j('unitId')} <> ?`, gridId, MOVED_TO)).toBe(0);
      expect(sql.one(COLLECTIONS.users.name, 'count(*)', `WHERE ${j('residence.gridId')} = ? AND ${j('residence.unitId')} = ? AND ${j('residence.path[2]')} = ?`, gridId, MOVED_TO, MOVED_TO)).toBe(size);
      expect(sql.one('auditLog', 'count(*)', `WHERE ${j('action')} = 'admin.moveGrid' AND ${j('target.id')} = ?`, gridId)).toBe(1);
    }
    // Each round's taps counted once each: 'result' twice a round, the others once.
    const remaining = (key: string) => sql.one(COLLECTIONS.subscriptions.name, j('remaining'), 'WHERE _id = ?', `resident:${key}`);
    expect([remaining('result'), remaining('progress'), remaining('todo')]).toEqual([4, 2, 2]);
  });
});
