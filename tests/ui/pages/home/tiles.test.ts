import { HOME_TILES, homeFor } from '../../../../miniprogram/src/pages/home/tiles';
import { ICON_NAMES } from '../../../../miniprogram/src/components/Icon';
import { allRoutes } from '../../../../miniprogram/src/routes';
import type { Role, TodoCounts } from '../../../../shared/contracts/auth';
import { person } from '../../support/people';

const withRole = (role: Role, unitId = 'v-fengfang') => person({ roles: [{ role, unitId, unitName: '冯坊村' }] });
const ids = (tiles: { id: string }[]) => tiles.map((t) => t.id);
const NONE: TodoCounts = { wishesToReview: null, casesAtMyLevel: null, mattersAtMyStep: null, bookingsToday: null, householdsUnrated: null, residentsToConfirm: null };

describe('the home tiles table', () => {
  it('leads every tile to a page of routes.ts and draws it with one of the product’s icons', () => {
    const paths = new Set(allRoutes().map((r) => `/${r.path}`));
    const tabs = new Set(allRoutes().filter((r) => r.tab).map((r) => `/${r.path}`));
    for (const t of HOME_TILES) {
      const url = t.url(withRole('village-cadre'));
      expect({ id: t.id, known: paths.has(url.split('?')[0]!) }).toEqual({ id: t.id, known: true });
      expect({ id: t.id, tab: tabs.has(url) }).toEqual({ id: t.id, tab: t.tab === true });
      expect(ICON_NAMES).toContain(t.icon);
    }
    expect(new Set(ids([...HOME_TILES])).size).toBe(HOME_TILES.length);
  });

  it('gives a resident the services and none of the cadres’ work', () => {
    const home = homeFor(person(), NONE);
    expect(home.todo).toEqual([]);
    expect(ids(home.grid)).toEqual(expect.arrayContaining(['wish-submit', 'wish-wall', 'cases-mine', 'police-home', 'powers', 'inbox']));
    expect(ids(home.grid)).not.toEqual(expect.arrayContaining(['wish-review']));
    for (const id of ['wish-review', 'cases-handling', 'matters-queue', 'police-workbench', 'points-entry', 'residents', 'supervise', 'dead-letters']) {
      expect(ids(home.grid)).not.toContain(id);
    }
  });

  it('does not offer 心愿审核 to town and county cadres, whom the review list refuses', () => {
    for (const role of ['town-cadre', 'county-admin'] as const) {
      const home = homeFor(withRole(role, 't-chengguan'), { ...NONE, casesAtMyLevel: 2 });
      expect(ids([...home.todo, ...home.grid])).not.toContain('wish-review');
      expect(ids(home.todo)).toEqual(['cases-handling']);
      expect(ids(home.grid)).toContain('police-workbench');
    }
  });

  it('puts a village cadre’s work with counts first, most work first, and leaves empty work in the grid', () => {
    const home = homeFor(withRole('village-cadre'), { ...NONE, wishesToReview: 3, casesAtMyLevel: 0, mattersAtMyStep: 1, householdsUnrated: 12, residentsToConfirm: 0 });
    expect(home.todo.map((t) => [t.id, t.count, t.todoText?.(t.count!)])).toEqual([
      ['points-entry', 12, '12 户还没评完'],
      ['wish-review', 3, '3 条心愿待审核'],
      ['matters-queue', 1, '1 件事项待办理'],
    ]);
    expect(ids(home.grid)).toEqual(expect.arrayContaining(['cases-handling', 'residents']));
  });

  it('shows the supervisor their supervision work on the home page', () => {
    const home = homeFor(withRole('supervisor'), { ...NONE, mattersAtMyStep: 2 });
    expect(ids(home.todo)).toEqual(['matters-queue']);
    expect(ids(home.grid)).toContain('supervise');
  });

  it('shows no counts before auth.todo answers', () => {
    const home = homeFor(withRole('village-cadre'), null);
    expect(home.todo).toEqual([]);
    expect(home.grid.every((t) => t.count === null)).toBe(true);
  });
});
