import { clock } from '../../cloudfunctions/_lib/clock';
import type { UserRecord } from '../../shared/domain/records';
import { ok, snapshotCounts, startTestRuntime, type TestRuntime } from '../support/runtime';

// Monday 7 December 2026, 10:00 in Qianyang.
const MONDAY_1000 = '2026-12-07T02:00:00.000Z';
const GRID = 'g-fengfang-1';

let t: TestRuntime;
const tok: Record<string, string> = {};
let seq = 0;
const rid = () => `req-ov-${++seq}`;

async function user(id: string): Promise<UserRecord> {
  return ((await t.runtime.db.collection('users').doc(id).get()).data as UserRecord[])[0]!;
}

/** A copy of a seeded neighbour of 冯坊村, moved to `gridId` with the given age and resettlement. */
async function addNeighbour(id: string, gridId: string, age: number, resettled: boolean): Promise<void> {
  const base = await user('r-fengfang-3');
  const path = [...base.residence!.path.slice(0, -1), gridId];
  await t.runtime.db.collection('users').add({
    ...base,
    _id: id,
    openid: `openid-${id}`,
    name: `邻居${id.slice(-2)}`,
    phoneMasked: '138****5566',
    birthYear: 2026 - age,
    resettled,
    residence: { ...base.residence!, gridId, householdId: null, path },
    demo: false,
  });
}

beforeAll(async () => {
  clock.freeze(MONDAY_1000);
  t = await startTestRuntime();
  for (const p of ['resident', 'grid-leader', 'village-cadre', 'town-cadre', 'county-admin', 'police'] as const) tok[p] = await t.login(p);
  await addNeighbour('ov-elder-g2', 'g-fengfang-2', 75, false);
  await addNeighbour('ov-young-rs', GRID, 41, true);
  await addNeighbour('ov-young-g1', GRID, 35, false);
});
afterAll(async () => {
  await t.close();
  clock.reset();
});

describe('police.neighbours: whom a grid leader may ask a home visit for', () => {
  it('lists only the residents of the grid leader’s grid who are 60 or older or resettled, with names and masked phones only', async () => {
    const { items } = ok(await t.call('police', 'neighbours', {}, tok['grid-leader']));
    const ids = items.map((n: { userId: string }) => n.userId);
    expect(ids).toContain('resident');
    expect(ids).toContain('ov-young-rs');
    expect(ids).not.toContain('ov-young-g1'); // 35 and not resettled
    expect(ids).not.toContain('ov-elder-g2'); // another grid
    expect(ids).not.toContain('grid-leader'); // asks as themselves
    expect(items.find((n: { userId: string }) => n.userId === 'resident')).toEqual({ userId: 'resident', name: '张桂芳', phoneMasked: '138****2461', reasons: ['60岁以上老人'] });
    expect(items.find((n: { userId: string }) => n.userId === 'ov-young-rs').reasons).toEqual(['易地搬迁安置户']);
    for (const n of items as { userId: string; phoneMasked: string | null; reasons: string[] }[]) {
      expect(Object.keys(n).sort()).toEqual(['name', 'phoneMasked', 'reasons', 'userId']);
      if (n.phoneMasked) expect(n.phoneMasked).toContain('****');
      expect(n.reasons.length).toBeGreaterThan(0);
      expect((await user(n.userId)).residence?.gridId).toBe(GRID);
    }
  });

  it('is refused to residents, officers and cadres who are not grid leaders', async () => {
    for (const who of ['resident', 'police', 'village-cadre', 'town-cadre'] as const) {
      expect((await t.call('police', 'neighbours', {}, tok[who])).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });

  it('lets the grid leader ask for a listed resettled neighbour under 60, but not for a neighbour of another grid', async () => {
    const visit = ok(
      await t.call('police', 'requestVisit', { forUserId: 'ov-young-rs', reason: '搬迁后不会用燃气灶，想请民警上门看看', preferred: [{ date: '2026-12-09', half: 'am' }], requestId: rid() }, tok['grid-leader']),
    );
    expect(visit).toMatchObject({ subjectName: '邻居rs', requesterName: '刘文华', priorityReasons: ['易地搬迁安置户'] });
    const before = await snapshotCounts(t, ['policeHomeVisits', 'notifications']);
    const res = await t.call('police', 'requestVisit', { forUserId: 'ov-elder-g2', reason: '想请民警上门看看', preferred: [{ date: '2026-12-09', half: 'pm' }], requestId: rid() }, tok['grid-leader']);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await snapshotCounts(t, ['policeHomeVisits', 'notifications'])).toEqual(before);
  });
});

describe('police.homes: cadres without a home of their own pick one in their jurisdiction', () => {
  it('gives a town cadre every home of the town, grouped by town, and the town as a counting scope', async () => {
    const out = ok(await t.call('police', 'homes', {}, tok['town-cadre']));
    expect(out.items.length).toBeGreaterThan(1);
    expect(out.items.map((h: { id: string }) => h.id)).toContain('ph-v-fengfang');
    expect(out.items.every((h: { townId: string; townName: string }) => h.townId === 't-chengguan' && h.townName === '城关镇')).toBe(true);
    expect(out.items.length).toBe(await t.count('policeHomes', { path: 't-chengguan' }));
    expect(out.scopes).toEqual([{ unitId: 't-chengguan', unitName: '城关镇' }]);
  });

  it('gives the county admin every home of the county, or one town’s when asked', async () => {
    const all = ok(await t.call('police', 'homes', {}, tok['county-admin']));
    expect(all.items.length).toBe(await t.count('policeHomes', {}));
    expect(new Set(all.items.map((h: { townId: string }) => h.townId)).size).toBe(7);
    expect(all.scopes).toHaveLength(1);
    const town = ok(await t.call('police', 'homes', { unitId: 't-chengguan' }, tok['county-admin']));
    expect(town.items.length).toBe(await t.count('policeHomes', { path: 't-chengguan' }));
  });

  it('gives an officer only their own home and no town scope; refuses residents and units outside the caller’s jurisdiction', async () => {
    const own = ok(await t.call('police', 'homes', {}, tok.police));
    expect(own.items.map((h: { id: string }) => h.id)).toEqual(['ph-v-fengfang']);
    expect(own.scopes).toEqual([]);
    expect((await t.call('police', 'homes', {}, tok.resident)).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const county = ok(await t.call('police', 'homes', {}, tok['county-admin']));
    const elsewhere = county.items.find((h: { townId: string }) => h.townId !== 't-chengguan')!;
    expect((await t.call('police', 'homes', { unitId: elsewhere.townId }, tok['town-cadre'])).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await t.call('police', 'homes', { unitId: 'no-such-unit' }, tok['town-cadre'])).body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('opens the workbench and the month of a chosen home, and the month of the whole town or county', async () => {
    const picked = ok(await t.call('police', 'homes', {}, tok['town-cadre'])).items.find((h: { id: string }) => h.id !== 'ph-v-fengfang')!;
    expect((await t.call('police', 'workbench', {}, tok['town-cadre'])).body).toMatchObject({ ok: false });
    const bench = ok(await t.call('police', 'workbench', { homeId: picked.id }, tok['town-cadre']));
    expect(bench).toMatchObject({ homeId: picked.id, homeName: picked.name });
    expect(ok(await t.call('police', 'monthlyCounts', { homeId: picked.id, month: '2026-12' }, tok['town-cadre'])).unitId).toBe(picked.id.replace(/^ph-/, ''));
    expect(ok(await t.call('police', 'monthlyCounts', { unitId: 't-chengguan', month: '2026-12' }, tok['town-cadre'])).unitName).toBe('城关镇');
    const county = ok(await t.call('police', 'homes', {}, tok['county-admin']));
    expect(ok(await t.call('police', 'monthlyCounts', { unitId: county.scopes[0].unitId, month: '2026-12' }, tok['county-admin'])).total).toBeGreaterThan(0);
    const elsewhere = county.items.find((h: { townId: string }) => h.townId !== 't-chengguan')!;
    expect((await t.call('police', 'workbench', { homeId: elsewhere.id }, tok['town-cadre'])).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(ok(await t.call('police', 'workbench', { homeId: elsewhere.id }, tok['county-admin'])).homeId).toBe(elsewhere.id);
  });
});
