import { ok, startTestRuntime, type TestRuntime } from '../support/runtime';
import type { Persona } from '../../shared/contracts/common';

let t: TestRuntime;
beforeAll(async () => {
  t = await startTestRuntime();
});
afterAll(() => t.close());

/** Every row of a cursor-paged list, as the page behind the tile would show them. */
async function allRows(fn: string, action: string, input: object, token: string): Promise<unknown[]> {
  const rows: unknown[] = [];
  let cursor: string | undefined;
  do {
    const page = ok(await t.call(fn, action, { ...input, limit: 50, ...(cursor ? { cursor } : {}) }, token));
    rows.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return rows;
}

const todoOf = async (persona: Persona) => ok(await t.call('auth', 'todo', {}, await t.login(persona)));

describe('auth.todo', () => {
  it('counts a village cadre’s wishes to review, cases, matters and unrated households as the lists behind the tiles find them', async () => {
    const token = await t.login('village-cadre');
    const todo = ok(await t.call('auth', 'todo', {}, token));
    expect(todo.wishesToReview).toBe((await allRows('wishes', 'list', { scope: 'review' }, token)).length);
    expect(todo.casesAtMyLevel).toBe((await allRows('cases', 'list', { scope: 'handling' }, token)).length);
    expect(todo.mattersAtMyStep).toBe((await allRows('powers', 'matters', { scope: 'queue' }, token)).length);
    const { user } = ok(await t.call('auth', 'me', {}, token));
    const village = user.roles.find((r: { role: string }) => r.role === 'village-cadre').unitId;
    const sheet = ok(await t.call('points', 'sheet', { villageId: village }, token));
    expect(todo.householdsUnrated).toBe(sheet.rows.filter((r: { complete: boolean }) => !r.complete).length);
    expect(todo.residentsToConfirm).toBe(ok(await t.call('auth', 'pendingResidents', {}, token)).items.length);
  });

  it('grows by one when a resident submits a wish, for the cadre of that village only', async () => {
    const before = await todoOf('village-cadre');
    const townBefore = await todoOf('town-cadre');
    const resident = await t.login('resident');
    ok(await t.call('wishes', 'submit', { category: 'daily-life', title: '想请人帮忙修一下水管', content: '厨房水管漏水，想请人帮忙看看。', requestId: 'todo-test-wish-1' }, resident));
    expect((await todoOf('village-cadre')).wishesToReview).toBe(before.wishesToReview + 1);
    expect((await todoOf('town-cadre')).wishesToReview).toBe(townBefore.wishesToReview);
  });

  it('gives null for work the caller’s roles do not have, so the home page shows no such tile', async () => {
    const resident = await todoOf('resident');
    expect(resident).toEqual({ wishesToReview: null, casesAtMyLevel: null, mattersAtMyStep: null, bookingsToday: null, householdsUnrated: null, residentsToConfirm: null });
    const town = await todoOf('town-cadre');
    expect(town.wishesToReview).toBeNull();
    expect(town.casesAtMyLevel).toEqual(expect.any(Number));
    const police = await todoOf('police');
    expect(police.bookingsToday).toEqual(expect.any(Number));
  });
});
