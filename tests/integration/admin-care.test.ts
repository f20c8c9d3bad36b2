import { COLLECTIONS } from '../../cloudfunctions/_lib/collections';
import { findById } from '../../cloudfunctions/_lib/db';
import type { CareRecipientRecord } from '../../shared/domain/admin-records';
import { ok, snapshotCounts, startTestRuntime, type CallResult, type TestRuntime } from '../support/runtime';

let t: TestRuntime;
const tokens: Record<string, string> = {};
const CARE = COLLECTIONS.careRecipients.name;
const WATCHED = [CARE, COLLECTIONS.auditLog.name];

beforeAll(async () => {
  t = await startTestRuntime();
  for (const p of ['resident', 'party-member', 'grid-leader', 'village-cadre', 'town-cadre', 'county-admin', 'supervisor', 'police'] as const) {
    tokens[p] = await t.login(p);
  }
});
afterAll(() => t.close());

function refused(res: CallResult, code: string) {
  expect(res.body.ok).toBe(false);
  if (!res.body.ok) expect(res.body.error.code).toBe(code);
}

async function refusesAndWritesNothing(call: () => Promise<CallResult>, code: string) {
  const before = await snapshotCounts(t, WATCHED);
  refused(await call(), code);
  expect(await snapshotCounts(t, WATCHED)).toEqual(before);
}

/** The seeded register of a grid, counted straight from the collection. */
const seededActive = (gridId: string) => t.count(CARE, { gridId, active: true });

describe('the grid care register (关爱对象): private to the grid and the cadres over it', () => {
  it('shows the grid leader their grid’s register with numbers masked, and the cadres over it the same', async () => {
    const mine = ok(await t.call('admin', 'careList', { gridId: 'g-fengfang-1' }, tokens['grid-leader']));
    expect(mine.items).toHaveLength(await seededActive('g-fengfang-1'));
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.canEdit).toBe(true);
    for (const item of mine.items as { phoneMasked: string | null; contactPhoneMasked: string | null; kindsLabel: string }[]) {
      for (const p of [item.phoneMasked, item.contactPhoneMasked]) if (p) expect(p).toMatch(/^\d{3}\*{4}\d{4}$/);
      expect(item.kindsLabel).toMatch(/独居老人|留守儿童|残疾人|重病/);
    }
    for (const cadre of ['village-cadre', 'town-cadre', 'county-admin']) {
      const seen = ok(await t.call('admin', 'careList', { gridId: 'g-fengfang-1' }, tokens[cadre]));
      expect(seen.items.map((i: { id: string }) => i.id).sort()).toEqual(mine.items.map((i: { id: string }) => i.id).sort());
    }
    // Town and county read it, but only the grid and the village keep it.
    expect(ok(await t.call('admin', 'careList', { gridId: 'g-fengfang-1' }, tokens['town-cadre'])).canEdit).toBe(false);
  });

  it('refuses residents, party members, supervisors, police and another grid’s leader', async () => {
    for (const who of ['resident', 'party-member', 'supervisor', 'police']) {
      refused(await t.call('admin', 'careList', { gridId: 'g-fengfang-1' }, tokens[who]), 'FORBIDDEN');
    }
    refused(await t.call('admin', 'careList', { gridId: 'g-fengfang-2' }, tokens['grid-leader']), 'FORBIDDEN');
    const someone = (await t.runtime.db.collection(CARE).where({ gridId: 'g-fengfang-2' }).limit(1).get()).data[0] as CareRecipientRecord;
    // Another grid's entry does not even exist for them.
    refused(await t.call('admin', 'careContact', { id: someone._id }, tokens['grid-leader']), 'NOT_FOUND');
    refused(await t.call('admin', 'careContact', { id: someone._id }, tokens.resident), 'NOT_FOUND');
  });

  it('lets the grid leader add, change and remove an entry, each audited with numbers masked in the log', async () => {
    const before = await seededActive('g-fengfang-1');
    const added = ok(await t.call('admin', 'careAdd', {
      gridId: 'g-fengfang-1', name: '王秀兰', kinds: ['disabled', 'living-alone-elderly'], address: '冯坊1组3号', householdId: 'h-fengfang-1-03',
      phone: '138 0917 0005', contactName: '王建设', contactPhone: '13909170006', note: '右腿残疾，出门要人扶',
    }, tokens['grid-leader']));
    expect(added.item).toMatchObject({ name: '王秀兰', kindsLabel: '独居老人、残疾人', phoneMasked: '138****0005', contactPhoneMasked: '139****0006', canEdit: true });
    expect(await seededActive('g-fengfang-1')).toBe(before + 1);
    const log = (await t.runtime.db.collection(COLLECTIONS.auditLog.name).where({ action: 'admin.care.add', 'target.id': added.item.id }).get()).data as { after: { phone: string } }[];
    expect(log).toHaveLength(1);
    expect(log[0]!.after.phone).toBe('138****0005');

    const changed = ok(await t.call('admin', 'careUpdate', { id: added.item.id, name: '王秀兰', kinds: ['disabled'], address: '冯坊1组3号（东头）' }, tokens['village-cadre']));
    expect(changed.item).toMatchObject({ kindsLabel: '残疾人', address: '冯坊1组3号（东头）', phoneMasked: null });

    const [a, b] = await Promise.all([
      t.call('admin', 'careRemove', { id: added.item.id, reason: '搬到县城女儿家住了' }, tokens['grid-leader']),
      t.call('admin', 'careRemove', { id: added.item.id, reason: '搬到县城女儿家住了' }, tokens['village-cadre']),
    ]);
    expect([ok(a).removed, ok(b).removed].filter(Boolean).length).toBe(1);
    expect((await findById<CareRecipientRecord>(t.runtime.db, CARE, added.item.id))!.active).toBe(false);
    expect(await t.count(COLLECTIONS.auditLog.name, { action: 'admin.care.remove', 'target.id': added.item.id })).toBe(1);
    expect(await seededActive('g-fengfang-1')).toBe(before);
  });

  it('gives the full numbers to dial only to readers, and records who looked', async () => {
    const someone = (await t.runtime.db.collection(CARE).where({ gridId: 'g-fengfang-1', active: true }).limit(1).get()).data[0] as CareRecipientRecord;
    const got = ok(await t.call('admin', 'careContact', { id: someone._id }, tokens['grid-leader']));
    expect(got.contactPhone).toBe(someone.contactPhone);
    expect(await t.count(COLLECTIONS.auditLog.name, { action: 'admin.care.contact', 'target.id': someone._id, actorId: 'grid-leader' })).toBe(1);
  });

  it('refuses bad input and keepers from elsewhere, writing nothing', async () => {
    await refusesAndWritesNothing(() => t.call('admin', 'careAdd', { gridId: 'g-fengfang-1', name: '王', kinds: [], address: '' }, tokens['grid-leader']), 'INVALID_INPUT');
    await refusesAndWritesNothing(() => t.call('admin', 'careAdd', { gridId: 'g-fengfang-1', name: '王秀兰', kinds: ['disabled'], address: '冯坊1组3号', phone: '12345' }, tokens['grid-leader']), 'INVALID_INPUT');
    await refusesAndWritesNothing(() => t.call('admin', 'careAdd', { gridId: 'g-fengfang-1', name: '王秀兰', kinds: ['disabled'], address: '冯坊1组3号', householdId: 'h-fengfang-2-01' }, tokens['grid-leader']), 'INVALID_INPUT');
    await refusesAndWritesNothing(() => t.call('admin', 'careAdd', { gridId: 'g-fengfang-2', name: '王秀兰', kinds: ['disabled'], address: '冯坊2组3号' }, tokens['grid-leader']), 'FORBIDDEN');
    await refusesAndWritesNothing(() => t.call('admin', 'careAdd', { gridId: 'g-fengfang-1', name: '王秀兰', kinds: ['disabled'], address: '冯坊1组3号' }, tokens['town-cadre']), 'FORBIDDEN');
    const bad = await t.call('admin', 'careAdd', { gridId: 'g-fengfang-1', name: '王秀兰', kinds: [], address: '冯坊1组3号' }, tokens['grid-leader']);
    expect(JSON.stringify(bad.body)).toContain('请至少选一项关爱类别');
  });
});

describe('the grids whose register a person keeps', () => {
  it('gives the grid leader their grid and the village cadre every grid of the village, with the counts of the register', async () => {
    const leader = ok(await t.call('admin', 'careGrids', {}, tokens['grid-leader']));
    expect(leader.items.map((g: { gridId: string }) => g.gridId)).toEqual(['g-fengfang-1']);
    expect(leader.items[0].count).toBe(await seededActive('g-fengfang-1'));
    const cadre = ok(await t.call('admin', 'careGrids', {}, tokens['village-cadre']));
    const grids = await t.count(COLLECTIONS.orgUnits.name, { parentId: 'v-fengfang', kind: 'grid' });
    expect(cadre.items).toHaveLength(grids);
    for (const g of cadre.items as { gridId: string; count: number }[]) expect(g.count).toBe(await seededActive(g.gridId));
    expect(ok(await t.call('admin', 'careGrids', {}, tokens.resident)).items).toEqual([]);
  });
});
