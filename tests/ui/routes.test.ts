import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROUTES, allRoutes, appPages } from '../../miniprogram/src/routes';
import { linkRoute } from '../../miniprogram/src/client/links';

const SRC = join(__dirname, '../../miniprogram/src');

function appConfig(): { pages: string[]; subPackages: { root: string; pages: string[] }[]; tabBar: { list: { pagePath: string }[] } } {
  (globalThis as { defineAppConfig?: (c: unknown) => unknown }).defineAppConfig = (c) => c;
  return (require('../../miniprogram/src/app.config') as { default: ReturnType<typeof appConfig> }).default;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('the route table', () => {
  it('lists the same pages, in the same order, as app.config.ts', () => {
    const config = appConfig();
    expect(appPages()).toEqual({ pages: config.pages, subPackages: config.subPackages.map(({ root, pages }) => ({ root, pages })) });
  });

  it('marks exactly the tabBar pages as tabs', () => {
    const tabs = appConfig().tabBar.list.map((t) => t.pagePath);
    expect(allRoutes().filter((r) => r.tab).map((r) => r.path)).toEqual(tabs);
  });

  it('has a page folder for every route', () => {
    for (const r of allRoutes()) expect(statSync(join(SRC, `${r.path}.tsx`)).isFile()).toBe(true);
  });

  it('builds URLs with encoded query parameters and leaves out the ones not given', () => {
    expect(ROUTES.wish.detail.url({ id: 'w 1' })).toBe('/packages/wish/detail/index?id=w%201');
    expect(ROUTES.powers.item.url({ code: 'MS-01' })).toBe('/packages/powers/item/index?code=MS-01');
    expect(ROUTES.points.dividends.url({ villageId: 'v1', year: 2025 })).toBe('/packages/points/dividends/index?villageId=v1&year=2025');
    expect(ROUTES.police.slots.url()).toBe('/packages/police/slots/index');
  });

  it('leads a notification link to its page through the table', () => {
    expect(linkRoute({ page: 'case', id: 'cs1' })).toBe(ROUTES.cases.detail.url({ id: 'cs1' }));
    expect(linkRoute({ page: 'points-objection', id: 'o1' })).toBe(ROUTES.points.entry.url());
    expect(linkRoute({ page: 'unknown', id: 'x' })).toBeNull();
  });

  it('is the only place in the mini-program that spells out a page path', () => {
    const typed = sourceFiles(SRC)
      .filter((f) => !f.endsWith('routes.ts') && !f.endsWith('app.config.ts'))
      .flatMap((f) => readFileSync(f, 'utf8').split('\n').map((line, i) => ({ where: `${relative(SRC, f)}:${i + 1}`, line })))
      .filter(({ line }) => /['"`]\/?(packages|pages)\/[\w-]+\/[\w-]+/.test(line) && !/^\s*import\b/.test(line))
      .map(({ where }) => where);
    expect(typed).toEqual([]);
  });
});
