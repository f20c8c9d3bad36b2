import { PAGE_VISITS, unvisitedRoutes } from '../e2e/pages';
import { allRoutes } from '../../miniprogram/src/routes';

describe('the e2e page table', () => {
  it('visits every page of routes.ts (and so of app.config.ts), and no page that is not one', () => {
    expect(unvisitedRoutes()).toEqual([]);
    expect(Object.keys(PAGE_VISITS).sort()).toEqual(allRoutes().map((r) => r.path).sort());
  });
});
