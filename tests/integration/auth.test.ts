import { dispatchNow } from '../support/dispatch';
import { ok, snapshotCounts, startTestRuntime, type TestRuntime } from '../support/runtime';
import { PERSONAS } from '../../shared/contracts/common';

let t: TestRuntime;
beforeAll(async () => {
  t = await startTestRuntime();
});
afterAll(() => t.close());

describe('auth', () => {
  it('signs in as each of the ten seeded personas, who are neighbours', async () => {
    const units = new Map<string, string[]>();
    for (const persona of PERSONAS) {
      const token = await t.login(persona);
      const { user } = ok(await t.call('auth', 'me', {}, token));
      expect(user.persona).toBe(persona);
      units.set(persona, [...user.roles.map((r: { unitName: string }) => r.unitName), user.residence?.unitName ?? '']);
    }
    for (const p of ['resident', 'party-member', 'village-cadre', 'supervisor', 'mediator', 'police'] as const) {
      expect(units.get(p)).toContain('冯坊村');
    }
    expect(units.get('grid-leader')).toContain('第一网格');
    expect(units.get('town-cadre')).toContain('城关镇');
    expect(units.get('resettled')).toContain('凤鸣安置社区');
  });

  it('lists the personas for the sign-in picker', async () => {
    const { items } = ok(await t.call('auth', 'personas', {}));
    expect(items.map((p: { persona: string }) => p.persona).sort()).toEqual([...PERSONAS].sort());
  });

  it('shows a phone number only masked', async () => {
    const { user } = ok(await t.call('auth', 'me', {}, await t.login('resident')));
    expect(user.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/);
  });

  it('lets a new WeChat user register as a resident, and the village cadre confirm the household', async () => {
    const token = await t.loginOpenid('new-wechat-user-1');
    expect(ok(await t.call('auth', 'me', {}, token)).user).toBeNull();
    // Not registered yet: member actions are refused.
    expect((await t.call('wishes', 'list', { scope: 'mine' }, token)).status).toBe(403);
    const { user } = ok(await t.call('auth', 'register', { name: '新居民', orgUnitId: 'v-fengfang', householdId: 'h-fengfang-2-05' }, token));
    expect(user.persona).toBe('resident');
    expect(user.residence).toMatchObject({ unitName: '冯坊村', householdConfirmed: false });

    const cadre = await t.login('village-cadre');
    const pending = ok(await t.call('auth', 'pendingResidents', {}, cadre)).items;
    expect(pending.map((p: { userId: string }) => p.userId)).toContain(user.id);
    const done = ok(await t.call('auth', 'confirmResident', { userId: user.id, decision: 'confirm' }, cadre));
    expect(done.user.householdConfirmed).toBe(true);
    // The audit entry rides on the resident's record until the notifications timer writes it out.
    await dispatchNow();
    expect(await t.count('auditLog', { action: 'auth.confirmResident.confirm', 'target.id': user.id })).toBe(1);
    const again = await t.call('auth', 'register', { name: '新居民', orgUnitId: 'v-fengfang' }, token);
    expect(again.status).toBe(409);
  });

  it('refuses registration to a town and a cadre of another village confirming, writing nothing', async () => {
    const token = await t.loginOpenid('new-wechat-user-2');
    const before = await snapshotCounts(t);
    const res = await t.call('auth', 'register', { name: '错选的人', orgUnitId: 't-chengguan' }, token);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'orgUnitId' }] } });
    expect(await snapshotCounts(t)).toEqual(before);

    const { user } = ok(await t.call('auth', 'register', { name: '南寨新人', orgUnitId: 'v-nanzhai' }, token));
    const wrongCadre = await t.login('village-cadre');
    const refused = await t.call('auth', 'confirmResident', { userId: user.id, decision: 'confirm', householdId: 'h-nanzhai-1-01' }, wrongCadre);
    expect(refused.status).toBe(403);
  });

  it('lets the village cadre place a new resident in a household found by 户主 name, or open a new one with the resident as head', async () => {
    const cadre = await t.login('village-cadre');
    const all = ok(await t.call('auth', 'villageHouseholds', { unitId: 'v-fengfang' }, cadre));
    // Independent count of the village's households in the database (bounded to the page size).
    const stored = await t.count('households', { unitId: 'v-fengfang' });
    expect(all.items.length).toBe(Math.min(stored, 30));
    expect(all.more).toBe(stored > 30);
    expect(all.grids.map((g: { name: string }) => g.name)).toEqual(expect.arrayContaining(['第一网格', '第二网格']));
    const head = all.items[0]!.headName as string;
    const found = ok(await t.call('auth', 'villageHouseholds', { unitId: 'v-fengfang', headName: head.slice(0, 1) }, cadre)).items;
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((h: { headName: string }) => h.headName.startsWith(head.slice(0, 1)))).toBe(true);
    expect((await t.call('auth', 'villageHouseholds', { unitId: 'v-nanzhai' }, cadre)).status).toBe(403);

    const token = await t.loginOpenid('new-wechat-user-3');
    const { user } = ok(await t.call('auth', 'register', { name: '刘新户', orgUnitId: 'v-fengfang' }, token));
    const grid = all.grids[0]!.id as string;
    const before = await t.count('households');
    // A grid of another village, and both a household and a new one, are refused and write nothing.
    const snapshot = await snapshotCounts(t, ['households', 'users', 'auditLog']);
    const wrongGrid = await t.call('auth', 'confirmResident', { userId: user.id, decision: 'confirm', newHousehold: { gridId: 'g-nanzhai-1', address: '冯坊村三组 8 号' } }, cadre);
    expect(wrongGrid.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'newHousehold.gridId' }] } });
    const both = await t.call('auth', 'confirmResident', { userId: user.id, decision: 'confirm', householdId: all.items[0]!.id, newHousehold: { gridId: grid, address: '冯坊村三组 8 号' } }, cadre);
    expect(both.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await snapshotCounts(t, ['households', 'users', 'auditLog'])).toEqual(snapshot);

    const done = ok(await t.call('auth', 'confirmResident', { userId: user.id, decision: 'confirm', newHousehold: { gridId: grid, address: '冯坊村三组 8 号' } }, cadre));
    expect(done.user).toMatchObject({ householdConfirmed: true, householdName: '刘新户户（冯坊村三组 8 号）' });
    expect(await t.count('households')).toBe(before + 1);
    expect(await t.count('households', { headName: '刘新户', gridId: grid, unitId: 'v-fengfang' })).toBe(1);
    const me = ok(await t.call('auth', 'me', {}, token)).user;
    expect(me.residence).toMatchObject({ householdConfirmed: true });
  });

  it('lists towns, then the villages and communities of a town, for the register picker', async () => {
    const token = await t.loginOpenid('picker-user');
    const towns = ok(await t.call('auth', 'orgUnits', {}, token)).items;
    expect(towns.map((u: { name: string }) => u.name)).toEqual(
      expect.arrayContaining(['城关镇', '崔家头镇', '南寨镇', '张家塬镇', '水沟镇', '草碧镇', '高崖镇']),
    );
    expect(towns).toHaveLength(7);
    const villages = ok(await t.call('auth', 'orgUnits', { parentId: 't-chengguan' }, token)).items;
    expect(villages.filter((u: { resettlement: boolean }) => u.resettlement)).toHaveLength(6);
    expect(villages.filter((u: { kind: string; resettlement: boolean }) => u.kind === 'community' && !u.resettlement)).toHaveLength(3);
  });
});
