import type { Page } from 'playwright-core';
import { layoutProblems, settle, textProblems, turnOnLargeText } from './layout';
import { PAGE_VISITS } from './pages';
import { goto, phone, see, signInAs, startE2E, tap, tapButton, type E2E } from './support';
import { ROUTES } from '../../miniprogram/src/routes';
import type { Persona } from '../../shared/contracts/common';
import { ok } from '../support/runtime';

/**
 * 风险预警 end to end on the h5 build: a town cadre issues an alert from the page, a resident reads it,
 * the grid leader acknowledges 已通知到户, the issuer sees the grid reached and ends it (解除), and the
 * resident reads the all-clear. The alert pages also pass the large-text checks at 360 px.
 */
jest.setTimeout(300_000);

const NAMES: Record<string, string> = {};
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
  for (const c of ok(await e.t.call('auth', 'personas', {})).items as { persona: Persona; name: string }[]) NAMES[c.persona] = c.name;
});
afterAll(() => e?.close());

async function as(persona: Persona): Promise<Page> {
  const p = await phone(e);
  await signInAs(e, p.page, NAMES[persona]!);
  return p.page;
}

describe('alerts on the h5 build', () => {
  it('goes from issue to all-clear through the pages', async () => {
    const town = await as('town-cadre');
    await goto(e, town, ROUTES.alerts.issue.url());
    await see(town, '预警范围');
    await tap(town, '红色预警（特别严重）');
    await town.locator('input >> visible=true').first().fill('山洪预警演练');
    await town.locator('textarea >> visible=true').first().fill('请住在河边的人家马上到村委会避险。');
    await tap(town, '冯坊村');
    await tapButton(town, '发布预警');
    await see(town, '数小时内可能发生，请这样做：').catch(async (err) => {
      throw new Error(`${String(err)}\n${(await town.locator('.qy-notice >> visible=true').allTextContents()).join(' | ')}`);
    });
    await see(town, '请住在河边的人家马上到村委会避险。');

    const resident = await as('resident');
    await goto(e, resident, ROUTES.alerts.list.url());
    await see(resident, '山洪预警演练');

    const alertId = (ok(await e.t.call('alerts', 'current', {}, await e.t.login('resident'))).items as { id: string; title: string }[]).find((a) => a.title === '山洪预警演练')!.id;
    const leader = await as('grid-leader');
    await goto(e, leader, ROUTES.alerts.ack.url({ id: alertId }));
    await see(leader, '当面通知到的关爱对象（点一下打勾）');
    await tapButton(leader, '提交：已通知到户');
    await see(leader, '已确认通知到户，谢谢！');

    await goto(e, town, ROUTES.alerts.status.url({ id: alertId }));
    await see(town, '网格：已确认 1 / 3 个');
    await goto(e, town, ROUTES.alerts.issue.url({ id: alertId }));
    await see(town, '解除预警');
    await town.locator('input >> visible=true').last().fill('雨停了，演练结束');
    await tapButton(town, '解除预警');
    await see(town, '预警已解除');

    await goto(e, resident, ROUTES.alerts.detail.url({ id: alertId }));
    await see(resident, '雨停了，演练结束');
  });

  it('draws the dashboard charts with F2 on the h5 canvas', async () => {
    const county = await as('county-admin');
    await goto(e, county, ROUTES.alerts.dashboard.url());
    await see(county, '千阳县驾驶舱');
    await county.waitForTimeout(1500);
    const painted = await county.evaluate(() => {
      const host = document.getElementById('dash-cases');
      const canvas = host instanceof HTMLCanvasElement ? host : host?.querySelector('canvas');
      if (!canvas || !canvas.width) return -1;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
      return n;
    });
    expect(painted).toBeGreaterThan(500);
  });

  it('shows every alert page in large text at 360 px without cut, overlapping or unreadable text', async () => {
    const problems: unknown[] = [];
    const pages = new Map<Persona, Page>();
    for (const [path, visit] of Object.entries(PAGE_VISITS).filter(([p]) => p.startsWith('packages/alerts/'))) {
      let page = pages.get(visit.persona);
      if (!page) {
        page = await as(visit.persona);
        await turnOnLargeText(e, page);
        await page.setViewportSize({ width: 360, height: 640 });
        pages.set(visit.persona, page);
      }
      await goto(e, page, visit.url({ caseId: '', pointsMonth: '', lastYear: 0, partyOrgId: '' }));
      if (visit.see) await see(page, visit.see);
      await settle(page);
      const layout = await layoutProblems(page);
      const text = await textProblems(page);
      if (layout.length || text.length) problems.push({ page: path, layout, text });
    }
    expect(problems).toEqual([]);
  });
});
